package packet

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEncodeRawRefuses checks what EncodeRaw takes for one record of the
// packet's kind, in JSON and in XML, and that it writes nothing else.
func TestEncodeRawRefuses(t *testing.T) {
	for _, c := range []struct {
		f    Format
		raw  string
		want string // in the English message; "" when written
	}{
		{FormatJSON, ` {"HoVaTen":"A"} `, ""},
		{FormatJSON, `[1]`, "not a JSON object"},
		{FormatJSON, `{"a":1`, "not well-formed JSON"},
		{FormatJSON, `{"a":1} {"b":2}`, "more than one JSON value"},
		{FormatJSON, `{"a":1},{"b":2}`, "more than one JSON value"},
		{FormatJSON, ``, "not a JSON object"},
		{FormatXML, "\n<HoSo><HoVaTen>A</HoVaTen></HoSo>\n", ""},
		{FormatXML, `<BienDong></BienDong>`, "not a <HoSo> element"},
		{FormatXML, `<p:HoSo xmlns:p="urn:x"></p:HoSo>`, "not a <HoSo> element"},
		{FormatXML, `<HoSo xmlns="urn:other"></HoSo>`, "not a <HoSo> element"},
		{FormatXML, `<HoSo></HoSo><HoSo></HoSo>`, "more than one XML element"},
		{FormatXML, `<HoSo></HoSo>x`, "text outside"},
		{FormatXML, `<HoSo><a></b></HoSo>`, "not well-formed XML"},
		{FormatXML, `<HoSo><a></HoSo>`, "not well-formed XML"},
		{FormatXML, `<HoSo>`, "not one whole XML element"},
		{FormatXML, `<!-- x --><HoSo/>`, "something other than one element"},
		{FormatXML, ``, "not one whole XML element"},
	} {
		var out bytes.Buffer
		enc := NewEncoder(&out, c.f, Header{Kind: KindProfiles, RecordCount: 1})
		err := enc.EncodeRaw([]byte(c.raw))
		var fs Findings
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v %q: %v", c.f, c.raw, err)
		case c.want != "" && (!errors.Is(err, ErrRawRecord) || !errors.As(err, &fs) || !strings.Contains(fs[0].MessageEN, c.want) ||
			fs[0].Pointer != "/DuLieu/0" || fs[0].Rule != RuleFormatSyntax):
			t.Errorf("%v %q: %v; want a R-FMT-001 finding at /DuLieu/0 saying %q", c.f, c.raw, err, c.want)
		case c.want != "" && out.Len() > 0:
			t.Errorf("%v %q refused, but %q written", c.f, c.raw, out.String())
		}
	}
}

// TestEncodeRawSame checks that records written by EncodeRaw from what
// Encode wrote make the packet Encode makes, in JSON and in XML.
func TestEncodeRawSame(t *testing.T) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/valid/BIENDONG.json"} {
		p, _, err := Decode(mustOpen(t, name), FormatJSON, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []Format{FormatJSON, FormatXML} {
			var want, got bytes.Buffer
			if err := p.Encode(&want, f); err != nil {
				t.Fatal(err)
			}
			enc := NewEncoder(&got, f, p.Header)
			for r := range p.Records.all() {
				var one bytes.Buffer
				e := NewEncoder(&one, f, p.Header)
				if err := e.Encode(r); err != nil {
					t.Fatal(err)
				}
				e.w.Flush()
				raw := one.Bytes()
				// The record alone: what follows the opening of DuLieu.
				if f == FormatJSON {
					raw = raw[bytes.Index(raw, []byte(`"DuLieu":[`))+len(`"DuLieu":[`):]
				} else {
					raw = raw[bytes.Index(raw, []byte("<DuLieu>"))+len("<DuLieu>"):]
				}
				if err := enc.EncodeRaw(raw); err != nil {
					t.Fatalf("%s %v: %v", name, f, err)
				}
			}
			if err := enc.Close(p.Signature); err != nil {
				t.Fatal(err)
			}
			wp, wfs, werr := Decode(&want, f, Limits{})
			gp, gfs, gerr := Decode(&got, f, Limits{})
			if werr != nil || gerr != nil {
				t.Fatalf("%s %v: %v, %v", name, f, werr, gerr)
			}
			if diff := cmp.Diff(wp, gp, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" || len(wfs) != len(gfs) {
				t.Fatalf("%s %v: packets differ (-Encode +EncodeRaw):\n%s\nfindings %v, %v", name, f, diff, wfs, gfs)
			}
		}
	}
}
