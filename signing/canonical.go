package signing

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/jcs"
)

// memberSignature is the JSON member that carries the signature.
const memberSignature = "ChuKySo"

// Canonical returns the bytes a packet's signature covers. For a JSON
// packet: the packet without its ChuKySo member, canonicalised by RFC 8785
// (JCS); it fails on input that is not one JSON object, or that has a
// duplicate key at any depth, invalid UTF-8, a lone surrogate or a number
// out of the range of IEEE 754 doubles. For an XML packet (input starting
// with '<'): the document without the ds:Signature children of its root,
// canonicalised by Exclusive XML Canonicalization without comments; it
// fails on input that is not one GoiTin element or holds what a packet may
// not (a DOCTYPE, a processing instruction). The format is told by
// packet.DetectFormat: a byte-order mark is refused.
func Canonical(pkt []byte) ([]byte, error) {
	f, err := formatOf(pkt)
	if err != nil {
		return nil, err
	}
	if f == packet.FormatXML {
		return canonicalPacketXML(pkt)
	}
	c, _, err := split(pkt)
	return c, err
}

// split returns the canonical bytes of the packet without ChuKySo, and the
// raw ChuKySo value (nil when absent).
func split(data []byte) (canon []byte, sig json.RawMessage, err error) {
	r, err := jcs.TransformObject(data, memberSignature)
	if err != nil {
		return nil, nil, canonicalError(err)
	}
	return r.Canonical, r.Dropped, nil
}

// canonicalError words an error of the canonicaliser.
func canonicalError(err error) error {
	if errors.Is(err, jcs.ErrNotObject) {
		return errors.New("signing: a JSON packet must be an object")
	}
	return fmt.Errorf("signing: %w", err)
}

// formatOf tells a packet's format by the SDK's one rule,
// packet.DetectFormat.
func formatOf(pkt []byte) (packet.Format, error) {
	f, err := packet.DetectFormat(pkt)
	if err != nil {
		return f, fmt.Errorf("signing: %w", err)
	}
	return f, nil
}
