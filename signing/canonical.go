package signing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/gowebpki/jcs"
)

// memberSignature is the JSON member that carries the signature.
const memberSignature = "ChuKySo"

// Canonical returns the bytes a packet's signature covers. For a JSON
// packet: the packet without its ChuKySo member, canonicalised by RFC 8785
// (JCS); it fails on input that is not one JSON object, or that has a
// duplicate key. For an XML packet (input starting with '<'): the document
// without the ds:Signature children of its root, canonicalised by Exclusive
// XML Canonicalization without comments; it fails on input that is not one
// GoiTin element or holds what a packet may not (a DOCTYPE, a processing
// instruction).
func Canonical(pkt []byte) ([]byte, error) {
	if isXML(pkt) {
		return canonicalPacketXML(pkt)
	}
	c, _, err := split(pkt)
	return c, err
}

// split returns the canonical bytes of the packet without ChuKySo, and the
// raw ChuKySo value (nil when absent).
func split(data []byte) (canon []byte, sig json.RawMessage, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("signing: not JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, errors.New("signing: a JSON packet must be an object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("signing: not JSON: %w", err)
		}
		key, ok := tok.(string)
		if !ok {
			return nil, nil, errors.New("signing: not JSON: object key is not a string")
		}
		if seen[key] {
			return nil, nil, fmt.Errorf("signing: duplicate member %q", key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("signing: not JSON: %w", err)
		}
		if key == memberSignature {
			sig = raw
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(raw)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("signing: not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("signing: not JSON: data after the packet")
	}
	b.WriteByte('}')
	canon, err = jcs.Transform(b.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("signing: cannot canonicalise: %w", err)
	}
	return canon, sig, nil
}

// isXML reports whether data starts, after white space, with '<'.
func isXML(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '<'
}
