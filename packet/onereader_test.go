package packet

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func specXML(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// findingOf returns the one finding of a Findings error.
func findingOf(t *testing.T, err error) Finding {
	t.Helper()
	var fs Findings
	if !errors.As(err, &fs) || len(fs) != 1 {
		t.Fatalf("error %v (%T) is not one finding", err, err)
	}
	return fs[0]
}

const (
	secondHeader = "<ThongTinGoiTin><MaGoiTin>0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e</MaGoiTin><LoaiGoiTin>HOSO</LoaiGoiTin>" +
		"<PhienBan>1.0</PhienBan><MaDonViGui>000.00.00.H49</MaDonViGui><MaDonViNhan>000.00.00.G09</MaDonViNhan>" +
		"<ThoiGianTao>2026-11-26T10:00:00+07:00</ThoiGianTao><SoLuongBanGhi>3</SoLuongBanGhi></ThongTinGoiTin>"
	dsSig = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo></ds:SignedInfo></ds:Signature>`
)

// An XML packet is read one way: a member twice, an element of another
// namespace and a reserved namespace rebound are refused, by the decoder,
// the validator and ReadHeader alike, so that no reader can take a packet
// for another.
func TestXMLReadOneWay(t *testing.T) {
	v := newTestValidator(t)
	cases := []struct {
		name    string
		old     string
		new     string
		rule    string
		pointer string
	}{
		{"second header after DuLieu", "</DuLieu>", "</DuLieu>" + secondHeader, RuleFormatDuplicateKey, "/ThongTinGoiTin"},
		{"second header before DuLieu", "<DuLieu>", secondHeader + "<DuLieu>", RuleFormatDuplicateKey, "/ThongTinGoiTin"},
		{"second DuLieu", "</DuLieu>", "</DuLieu><DuLieu></DuLieu>", RuleFormatDuplicateKey, "/DuLieu"},
		{"second signature", "</GoiTin>", dsSig + dsSig + "</GoiTin>", RuleFormatDuplicateKey, "/Signature"},
		{"second unknown member", "</GoiTin>", "<Them>1</Them><Them>2</Them></GoiTin>", RuleFormatDuplicateKey, "/Them"},
		{"HoVaTen twice", "<HoVaTen>Nguyễn Văn An</HoVaTen>", "<HoVaTen>Nguyễn Văn An</HoVaTen><HoVaTen>Trần Văn Khác</HoVaTen>",
			RuleFormatDuplicateKey, "/DuLieu/0/HoVaTen"},
		{"a member twice in an unknown member", "<HoVaTen>", "<Luong><A>1</A><A>2</A></Luong><HoVaTen>",
			RuleFormatDuplicateKey, "/DuLieu/0/Luong/A"},
		{"foreign leaf", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<HoVaTen xmlns="urn:evil">Trần Văn Khác</HoVaTen>`,
			RuleSchema, "/DuLieu/0/HoVaTen"},
		{"foreign leaf before the real one", "<HoVaTen>", `<HoVaTen xmlns="urn:evil">Trần Văn Khác</HoVaTen><HoVaTen>`,
			RuleSchema, "/DuLieu/0/HoVaTen"},
		{"foreign prefixed leaf", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<e:HoVaTen xmlns:e="urn:evil">Trần Văn Khác</e:HoVaTen>`,
			RuleSchema, "/DuLieu/0/HoVaTen"},
		{"leaf in no namespace", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<HoVaTen xmlns="">Trần Văn Khác</HoVaTen>`,
			RuleSchema, "/DuLieu/0/HoVaTen"},
		{"foreign header", "<ThongTinGoiTin>", `<ThongTinGoiTin xmlns="urn:evil">`, RuleSchema, "/ThongTinGoiTin"},
		{"foreign record", "<HoSo>", `<HoSo xmlns="urn:evil">`, RuleSchema, "/DuLieu/0"},
		{"foreign member in an object", "<QuocGia>VN</QuocGia>", `<QuocGia xmlns="urn:evil">VN</QuocGia>`,
			RuleSchema, "/DuLieu/0/NoiSinh/QuocGia"},
		{"foreign child of an unknown member", "<HoVaTen>", `<Luong><A xmlns="urn:evil">1</A></Luong><HoVaTen>`,
			RuleSchema, "/DuLieu/0/Luong/A"},
		{"ds element outside the signature", "</DuLieu>", `<ds:Reference xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></DuLieu>`,
			RuleSchema, "/DuLieu/3"},
		{"xml prefix rebound", `<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2">`, `<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2" xmlns:xml="urn:evil">`,
			RuleFormatSyntax, ""},
		{"xmlns prefix declared", "<HoSo>", `<HoSo xmlns:xmlns="urn:evil">`, RuleFormatSyntax, "/DuLieu/0"},
		{"prefix bound to the XML namespace", "<HoSo>", `<HoSo xmlns:x="http://www.w3.org/XML/1998/namespace">`, RuleFormatSyntax, "/DuLieu/0"},
		{"prefix bound to the xmlns namespace", "<HoSo>", `<HoSo xmlns:x="http://www.w3.org/2000/xmlns/">`, RuleFormatSyntax, "/DuLieu/0"},
		{"default namespace the XML namespace", "<DuLieu>", `<DuLieu xmlns="http://www.w3.org/XML/1998/namespace">`, RuleFormatSyntax, ""},
		{"prefix undeclared", "<HoSo>", `<HoSo xmlns:p="">`, RuleFormatSyntax, "/DuLieu/0"},
		{"element with the prefix xmlns", "<HoVaTen>Nguyễn Văn An</HoVaTen>", `<xmlns:HoVaTen>x</xmlns:HoVaTen>`, RuleFormatSyntax, "/DuLieu/0"},
	}
	base := specXML(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("%q not in the packet", c.old)
			}
			doc := strings.Replace(base, c.old, c.new, 1)

			p, _, err := Decode(strings.NewReader(doc), FormatXML, Limits{})
			if p != nil {
				t.Errorf("Decode returned a packet")
			}
			if f := findingOf(t, err); f.Rule != c.rule || f.Pointer != c.pointer {
				t.Errorf("Decode: %s at %q, want %s at %q: %s", f.Rule, f.Pointer, c.rule, c.pointer, f.MessageEN)
			}
			_, _, err = ReadHeader(strings.NewReader(doc), FormatAuto, Limits{})
			if f := findingOf(t, err); f.Rule != c.rule || f.Pointer != c.pointer {
				t.Errorf("ReadHeader: %s at %q, want %s at %q", f.Rule, f.Pointer, c.rule, c.pointer)
			}
			rep := validateString(t, v, doc)
			if rep.Valid() {
				t.Fatalf("valid: %v", rep.Findings)
			}
			found := false
			for _, f := range rep.Findings {
				found = found || f.Rule == c.rule && f.Pointer == c.pointer
				if strings.Contains(f.MessageVI, "urn:") || strings.Contains(f.MessageVI, "http") {
					t.Errorf("a URN in the Vietnamese message %q", f.MessageVI)
				}
			}
			if !found {
				t.Errorf("Validate: no %s at %q in %v", c.rule, c.pointer, rules(rep.Findings))
			}
		})
	}
}

// What Namespaces in XML allows still reads: the xml prefix bound to its
// own namespace, the packet's namespace under a prefix.
func TestXMLNamespacesAllowed(t *testing.T) {
	base := specXML(t)
	want, _, err := Decode(strings.NewReader(base), FormatXML, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]string{
		"xml prefix declared": strings.Replace(base, "<DuLieu>", `<DuLieu xmlns:xml="http://www.w3.org/XML/1998/namespace">`, 1),
		"prefixed leaf": strings.Replace(base, "<HoVaTen>Nguyễn Văn An</HoVaTen>",
			`<p:HoVaTen xmlns:p="urn:vn:gov:bnv:cbccvc:goitin:2">Nguyễn Văn An</p:HoVaTen>`, 1),
	} {
		got, _, err := Decode(strings.NewReader(doc), FormatXML, Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got.Records.Profiles[0].FullName != want.Records.Profiles[0].FullName {
			t.Errorf("%s: HoVaTen %q, want %q", name, got.Records.Profiles[0].FullName, want.Records.Profiles[0].FullName)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Format
		rule string
	}{
		{`{"a":1}`, FormatJSON, ""},
		{" \r\n\t{", FormatJSON, ""},
		{"<GoiTin/>", FormatXML, ""},
		{"\n<?xml", FormatXML, ""},
		{"", FormatAuto, RuleFormatSyntax},
		{"  \n", FormatAuto, RuleFormatSyntax},
		{"\ufeff{}", FormatAuto, RuleFormatSyntax},
		{"\ufeff<GoiTin/>", FormatAuto, RuleFormatSyntax},
		{" \ufeff<GoiTin/>", FormatAuto, RuleFormatSyntax},
		{"[1]", FormatAuto, RuleFormatSyntax},
		{"\x00<", FormatAuto, RuleFormatSyntax},
	} {
		f, err := DetectFormat([]byte(c.in))
		if f != c.want {
			t.Errorf("DetectFormat(%q) = %v, want %v", c.in, f, c.want)
		}
		if c.rule == "" {
			if err != nil {
				t.Errorf("DetectFormat(%q): %v", c.in, err)
			}
			continue
		}
		if got := findingOf(t, err); got.Rule != c.rule {
			t.Errorf("DetectFormat(%q): %s, want %s", c.in, got.Rule, c.rule)
		}
		// The decoder sniffs by the same rule.
		if _, _, err := Decode(strings.NewReader(c.in), FormatAuto, Limits{}); findingOf(t, err).Rule != c.rule {
			t.Errorf("Decode(%q): %v, want %s", c.in, err, c.rule)
		}
	}
}

func TestReadHeader(t *testing.T) {
	js, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := Decode(bytes.NewReader(js), FormatJSON, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	// The records first, as in a canonical (signed) JSON packet.
	tree := treeOf(t, js)
	recordsFirst := treeJSON(t, tree, true)
	for name, c := range map[string]struct {
		doc  []byte
		f    Format
		rule string // a fatal error's
		find string // a finding's beside the header
		err  error
	}{
		"JSON":                   {doc: js, f: FormatJSON},
		"JSON, detected":         {doc: js, f: FormatAuto},
		"JSON, records first":    {doc: recordsFirst, f: FormatAuto},
		"XML":                    {doc: []byte(specXML(t)), f: FormatAuto},
		"JSON, second header":    {doc: bytes.Replace(recordsFirst, []byte(`"ThongTinGoiTin":`), []byte(`"ThongTinGoiTin":{},"ThongTinGoiTin":`), 1), rule: RuleFormatDuplicateKey},
		"JSON, cut after header": {doc: js[:bytes.Index(js, []byte(`"DuLieu"`))+12], rule: RuleFormatSyntax},
		"XML, cut after header":  {doc: []byte(specXML(t)[:strings.Index(specXML(t), "</HoSo>")]), rule: RuleFormatSyntax},
		"BOM":                    {doc: append([]byte("\ufeff"), js...), rule: RuleFormatSyntax},
		"no header":              {doc: []byte(`{"DuLieu":[]}`), err: ErrMissingHeader},
		"bad sender":             {doc: bytes.Replace(js, []byte(`"000.00.00.H29"`), []byte(`"000.00.00.H2X"`), 1), find: RuleAgencyCode},
	} {
		h, fs, err := ReadHeader(bytes.NewReader(c.doc), c.f, Limits{})
		switch {
		case c.find != "":
			if err != nil || len(fs) != 1 || fs[0].Rule != c.find || fs[0].Pointer != "/ThongTinGoiTin/MaDonViGui" || !h.Sender.IsZero() || h.ID != want.Header.ID {
				t.Errorf("%s: %+v, %v, %v; want the header with a zero sender and one %s finding", name, h, fs, err, c.find)
			}
			continue
		case err == nil && fs != nil:
			t.Errorf("%s: findings %v", name, fs)
		case c.err != nil:
			if !errors.Is(err, c.err) {
				t.Errorf("%s: %v, want %v", name, err, c.err)
			}
		case c.rule != "":
			var fs Findings
			if !errors.As(err, &fs) || fs[0].Rule != c.rule {
				t.Errorf("%s: %v, want %s", name, err, c.rule)
			}
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case h != want.Header:
			t.Errorf("%s: %+v, want %+v", name, h, want.Header)
		}
	}
}

// A finding echoes a short prefix of a hostile namespace name, not all of it.
func TestForeignNamespaceClipped(t *testing.T) {
	ns := strings.Repeat("ư", 20_000) // under the string limit
	doc := strings.Replace(specXML(t), "<HoVaTen>", `<HoVaTen xmlns="`+ns+`">`, 1)
	_, _, err := Decode(strings.NewReader(doc), FormatXML, Limits{})
	f := findingOf(t, err)
	if f.Rule != RuleSchema || len(f.MessageEN) > 300 || len(f.MessageVI) > 300 || !utf8.ValidString(f.MessageEN) {
		t.Errorf("%s: %d bytes: %.100s", f.Rule, len(f.MessageEN), f.MessageEN)
	}
}

// TestDecoderHeaderFindings: Decoder.Header returns a header whose value
// does not parse without an error; Findings holds its finding until Records
// starts afresh, so that the finding is returned once.
func TestDecoderHeaderFindings(t *testing.T) {
	js, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := bytes.Replace(js, []byte(`"000.00.00.H29"`), []byte(`"000.00.00.H2X"`), 1)
	d := NewDecoder(bytes.NewReader(doc), FormatJSON, Limits{})
	h, err := d.Header()
	if err != nil || !h.Sender.IsZero() || h.Kind != KindProfiles {
		t.Fatalf("Header: %+v, %v", h, err)
	}
	fs := d.Findings()
	if len(fs) != 1 || fs[0].Rule != RuleAgencyCode || fs[0].Pointer != "/ThongTinGoiTin/MaDonViGui" {
		t.Fatalf("Findings after Header: %v", fs)
	}
	if again, err := d.Header(); err != nil || again != h || len(d.Findings()) != 1 {
		t.Errorf("Header again: %+v, %v, %v", again, err, d.Findings())
	}
	n := 0
	for _, err := range d.Records() {
		if err != nil {
			t.Fatal(err)
		}
		if fs := d.Findings(); fs != nil {
			t.Errorf("record %d: %v", n, fs)
		}
		n++
	}
	if n != 3 || d.Findings() != nil {
		t.Errorf("%d records, then %v", n, d.Findings())
	}
}
