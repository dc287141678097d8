package signing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	gowebpki "github.com/gowebpki/jcs"
)

// legacySplit is split as it was before signing had its own canonicaliser:
// the top level read by encoding/json, the rest canonicalised by
// gowebpki/jcs. It is the reference the canonical bytes must not move from.
func legacySplit(data []byte) (canon []byte, sig json.RawMessage, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, errors.New("not an object")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, nil, errors.New("key is not a string")
		}
		if seen[key] {
			return nil, nil, fmt.Errorf("duplicate member %q", key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
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
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("data after the packet")
	}
	b.WriteByte('}')
	canon, err = gowebpki.Transform(b.Bytes())
	return canon, sig, err
}

// checkSplit checks split against legacySplit: what split accepts the
// legacy code accepted, with the same canonical bytes and signature. split
// refuses more: invalid UTF-8 in a top-level key, and a ChuKySo value that
// is not I-JSON.
func checkSplit(t *testing.T, in []byte) {
	t.Helper()
	canon, sig, err := split(in)
	lcanon, lsig, lerr := legacySplit(in)
	if err != nil {
		return
	}
	if lerr != nil {
		t.Fatalf("split accepts %q, which the reference refuses: %v", in, lerr)
	}
	if !bytes.Equal(canon, lcanon) || !bytes.Equal(sig, lsig) {
		t.Fatalf("split(%q) = %q, %q; reference %q, %q", in, canon, sig, lcanon, lsig)
	}
}

func TestSplit(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { } `, `{"ChuKySo":null}`, `{"b":1,"a":[1.50,{"d":0,"c":"\u00e9"}],"ChuKySo":{"DinhDang":"CMS"}}`,
		`{"ChuKySo":1,"a":2}`, `{"a":{"ChuKySo":1}}`, `{"ChuKy\u0053o":1,"a":2}`,
	} {
		checkSplit(t, []byte(in))
		if _, _, err := split([]byte(in)); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
	for in, want := range map[string]string{
		`[]`:                        "must be an object",
		`{"a":1,"a":2}`:             "duplicate key",
		`{"a":{"b":1,"b":2}}`:       "duplicate key",
		`{"ChuKySo":1,"ChuKySo":2}`: "duplicate key",
		`{"a":1e400}`:               "number out of range",
		"{\"a\":\"\xff\"}":          "invalid UTF-8",
		`{"a":"\udc00"}`:            "lone surrogate",
		`{"a":1} {}`:                "not JSON",
	} {
		_, _, err := split([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
}

// FuzzSplit compares split with the code it replaced.
func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"b":1,"a":[1.50,{"d":0,"c":"\u00e9"}],"ChuKySo":{"DinhDang":"CMS","GiaTri":"MIIB"}}`))
	f.Add([]byte(`{"MaDonViGui":"000.00.00.H29","DuLieu":[{"HoVaTen":"Nguyễn Văn A"}],"ChuKySo":null}`))
	f.Fuzz(func(t *testing.T, in []byte) { checkSplit(t, in) })
}
