package cms

import (
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"testing"

	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// appendInside returns der with extra appended to the contents of the
// value at path (indexes of compound children from the outermost value),
// the lengths around it made anew.
func appendInside(t *testing.T, der []byte, extra []byte, path ...int) []byte {
	t.Helper()
	var v asn1.RawValue
	if rest, err := asn1.Unmarshal(der, &v); err != nil || len(rest) != 0 {
		t.Fatalf("not one DER value: %v", err)
	}
	if len(path) == 0 {
		v.Bytes = append(append([]byte(nil), v.Bytes...), extra...)
	} else {
		var kids [][]byte
		for rest := v.Bytes; len(rest) > 0; {
			var c asn1.RawValue
			var err error
			if rest, err = asn1.Unmarshal(rest, &c); err != nil {
				t.Fatal(err)
			}
			kids = append(kids, c.FullBytes)
		}
		kids[path[0]] = appendInside(t, kids[path[0]], extra, path[1:]...)
		v.Bytes = nil
		for _, k := range kids {
			v.Bytes = append(v.Bytes, k...)
		}
	}
	v.FullBytes = nil
	out, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// indefinite writes the outermost value of der with an indefinite length,
// as BER allows and pkcs7 reads.
func indefinite(t *testing.T, der []byte) []byte {
	t.Helper()
	var v asn1.RawValue
	if _, err := asn1.Unmarshal(der, &v); err != nil {
		t.Fatal(err)
	}
	out := append([]byte{der[0], 0x80}, v.Bytes...)
	return append(out, 0, 0)
}

// A SignedData is one value, as its signer made it: bytes after it, or
// after a value inside its envelope, are refused, not read past.
func TestTrailingBytes(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Agency(h29, signingtest.ECDSAP256), content)
	junk := []byte{0x04, 0x02, 'h', 'i'} // itself a well-formed value
	for name, c := range map[string]struct {
		der []byte
		ok  bool
	}{
		"as signed":                            {der, true},
		"BER, indefinite length":               {indefinite(t, der), true},
		"a zero byte after":                    {append(append([]byte(nil), der...), 0), false},
		"a value after":                        {append(append([]byte(nil), der...), junk...), false},
		"itself twice":                         {append(append([]byte(nil), der...), der...), false},
		"BER, a value after":                   {append(indefinite(t, der), junk...), false},
		"a value in the ContentInfo":           {appendInside(t, der, junk), false},
		"a value after the SignedData, in [0]": {appendInside(t, der, junk, 1), false},
		"cut short":                            {der[:len(der)-1], false},
	} {
		_, err := Verify(c.der, content, opts(p))
		if c.ok && err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !c.ok && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
}

// A time-stamp token is held to the same: one ContentInfo, nothing after
// the SignedData inside it.
func TestTimeStampTokenTrailingBytes(t *testing.T) {
	p := signingtest.New(t)
	tsa := p.TSA()
	stamp := func(extra []byte) func([]byte) ([]byte, error) {
		return func(sig []byte) ([]byte, error) {
			d := sha256.Sum256(sig)
			tok, err := tsa.TimeStamp(context.Background(), crypto.SHA256, d[:])
			if err != nil || extra == nil {
				return tok, err
			}
			return appendInside(t, tok, extra, 1), nil
		}
	}
	id := p.Agency(h29, signingtest.ECDSAP256)
	for name, extra := range map[string][]byte{"as made": nil, "a value after the SignedData": {0x05, 0x00}} {
		der, err := Sign(content, id.Key, id.CertChain(), SignOptions{TimeStamp: stamp(extra)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = Verify(der, content, opts(p))
		if extra == nil && err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if extra != nil && !(errors.Is(err, ErrMalformed) && errors.Is(err, ErrTimeStamp)) {
			t.Errorf("%s: %v, want ErrMalformed and ErrTimeStamp", name, err)
		}
	}
}
