package packet

import (
	"bytes"
	"errors"
	"testing"
)

// fuzzDecode checks that decoding never panics, that a failure is a
// finding or Findings error, and that what decodes survives encoding and
// decoding again unchanged.
func fuzzDecode(t *testing.T, data []byte, f Format) {
	lim := Limits{MaxBytes: 1 << 20, MaxDepth: 32, MaxRecords: 100, MaxStringLen: 4096, MaxElements: 10000}
	p, fs, err := Decode(bytes.NewReader(data), f, lim)
	if err != nil {
		var fatal Findings
		if !errors.As(err, &fatal) && !errors.Is(err, ErrMissingHeader) && !errors.Is(err, ErrHeaderNotFirst) {
			t.Fatalf("error %v (%T) is neither findings nor a known sentinel", err, err)
		}
		if p != nil || fs != nil {
			t.Fatalf("a fatal error %v with a packet or findings", err)
		}
		return
	}
	if p == nil {
		t.Fatal("no packet and no error")
	}
	if len(fs) > 0 {
		return // values were dropped, and reported: no round trip to check
	}
	for _, to := range []Format{FormatJSON, FormatXML} {
		p.Header.RecordCount = p.Records.Len()
		if p.Records.Len() > 0 && !p.Header.Kind.Valid() {
			return // records of no kind the header names cannot be encoded
		}
		var buf bytes.Buffer
		if err := p.Encode(&buf, to); err != nil {
			if p.Header.Kind.Valid() || p.Records.Len() == 0 {
				// Mixed kinds (a HOSO header with BienDong records) are refused.
				return
			}
			t.Fatalf("encode %v: %v", to, err)
		}
		q, _, err := Decode(bytes.NewReader(buf.Bytes()), to, lim)
		if err != nil {
			t.Fatalf("decoding our own %v failed: %v\n%s", to, err, buf.Bytes())
		}
		var a, b bytes.Buffer
		if err := p.Encode(&a, FormatJSON); err != nil {
			t.Fatal(err)
		}
		q.Header.RecordCount = q.Records.Len()
		if err := q.Encode(&b, FormatJSON); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("round trip through %v changed the packet:\n%s\n%s", to, a.Bytes(), b.Bytes())
		}
	}
}

func FuzzDecodeJSON(f *testing.F) {
	addSeeds(f, "json")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, FormatJSON) })
}

func FuzzDecodeXML(f *testing.F) {
	addSeeds(f, "xml")
	f.Fuzz(func(t *testing.T, data []byte) { fuzzDecode(t, data, FormatXML) })
}

func addSeeds(f *testing.F, ext string) {
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte(`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"/>`))
}
