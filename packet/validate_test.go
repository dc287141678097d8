package packet

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// specNow is the clock of the spec's example packets.
func specNow() time.Time {
	return time.Date(2026, 11, 26, 12, 0, 0, 0, vietnam)
}

func newTestValidator(t testing.TB, opts ...ValidatorOption) *Validator {
	t.Helper()
	v, err := NewValidator(append([]ValidatorOption{WithClock(specNow)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func validateString(t *testing.T, v *Validator, doc string) *Report {
	t.Helper()
	rep, err := v.Validate(context.Background(), strings.NewReader(doc))
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return rep
}

func rules(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.Pointer)
	}
	return out
}

func TestSpecExamplesValidate(t *testing.T) {
	v := newTestValidator(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "spec", "*"))
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rep := validateString(t, v, string(b))
			if !rep.Valid() {
				t.Errorf("findings: %v", rep.Findings)
			}
			for _, f := range rep.Findings {
				if f.Rule != "R-DATE-006" {
					t.Errorf("unexpected warning %v", f)
				}
			}
			if rep.Header == nil || rep.Records != rep.Header.RecordCount {
				t.Errorf("report header %v, %d records", rep.Header, rep.Records)
			}
		})
	}
}

// Malformed input of every kind gives findings of the format layer, never
// a panic, a hang or an error.
func TestValidateBadInput(t *testing.T) {
	v := newTestValidator(t, WithLimits(Limits{MaxStringLen: 1000, MaxDepth: 20, MaxRecords: 3}))
	hoso, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	hosoXML, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		doc  string
		rule string
	}{
		{"empty", "", "R-FMT-001"},
		{"white space", " \n\t ", "R-FMT-001"},
		{"truncated JSON", string(hoso[:len(hoso)/2]), "R-FMT-001"},
		{"truncated XML", string(hosoXML[:len(hosoXML)/2]), "R-FMT-001"},
		{"BOM", "\xef\xbb\xbf" + string(hoso), "R-FMT-001"},
		{"invalid UTF-8", strings.Replace(string(hoso), "Nguyễn", "Nguy\xff", 1), "R-FMT-001"},
		{"invalid UTF-8 in XML", strings.Replace(string(hosoXML), "Nguyễn", "Nguy\xff", 1), "R-FMT-001"},
		{"not JSON nor XML", "HOSO 1.0", "R-FMT-001"},
		{"JSON then XML", string(hoso) + string(hosoXML), "R-FMT-001"},
		{"XML then JSON", string(hosoXML) + string(hoso), "R-FMT-001"},
		{"array at top", "[1,2]", "R-FMT-001"},
		{"duplicate key", strings.Replace(string(hoso), `"HoVaTen": "Nguyễn Văn An",`, `"HoVaTen": "Nguyễn Văn An", "HoVaTen": "X",`, 1), "R-FMT-002"},
		{"duplicate top-level key", strings.Replace(string(hoso), `"DuLieu": [`, `"ChuKySo": {}, "ChuKySo": {}, "DuLieu": [`, 1), "R-FMT-002"},
		{"DOCTYPE", strings.Replace(string(hosoXML), "<GoiTin", "<!DOCTYPE GoiTin [<!ENTITY x \"y\">]>\n<GoiTin", 1), "R-FMT-003"},
		{"processing instruction", strings.Replace(string(hosoXML), "<GoiTin", "<?xml-stylesheet href=\"a\"?>\n<GoiTin", 1), "R-FMT-003"},
		{"undeclared entity", strings.Replace(string(hosoXML), "Nguyễn Văn An", "&lol;", 1), "R-FMT-001"},
		{"deep nesting", `{"ThongTinGoiTin":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + "}", "R-FMT-004"},
		{"deep XML", `<GoiTin xmlns="` + Namespace + `">` + strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + "</GoiTin>", "R-FMT-004"},
		{"huge string", strings.Replace(string(hoso), "Nguyễn Văn An", strings.Repeat("A", 5000), 1), "R-FMT-004"},
		{"too many records", strings.Replace(string(hoso), `"DuLieu": [`, `"DuLieu": [{},`, 1), "R-FMT-004"},
		{"wrong root", `<Packet xmlns="` + Namespace + `"/>`, "R-SCH-001"},
		{"attribute", strings.Replace(string(hosoXML), "<HoVaTen>", `<HoVaTen lang="vi">`, 1), "R-SCH-001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan *Report)
			go func() { done <- validateString(t, v, tt.doc) }()
			var rep *Report
			select {
			case rep = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("validation hangs")
			}
			if rep.Valid() {
				t.Fatalf("valid; findings %v", rep.Findings)
			}
			last := rep.Findings[len(rep.Findings)-1]
			if last.Rule != tt.rule {
				t.Errorf("last finding %v, want rule %s (all: %v)", last, tt.rule, rules(rep.Findings))
			}
			if last.MessageVI == "" || last.MessageEN == "" {
				t.Errorf("finding %+v lacks a message", last)
			}
		})
	}
}

// A finding on an XML packet has the pointer it has on the same packet in
// JSON.
func TestXMLFindingsHaveJSONPointers(t *testing.T) {
	v := newTestValidator(t)
	p := decodeFile(t, filepath.Join("testdata", "spec", "hoso.json"))
	p.Records.Profiles[1].Gender = "1"                            // R-ID-003
	p.Records.Profiles[2].Rank.Coefficient = 450                  // R-LUONG-002
	p.Records.Profiles[0].WorkHistory[1].Unit = ""                // R-SCH-001 (minLength) or nothing
	p.Records.Profiles[0].Training[0].To, _ = NewDate(2002, 1, 1) // R-DATE-003
	var j, x bytes.Buffer
	if err := p.Encode(&j, FormatJSON); err != nil {
		t.Fatal(err)
	}
	if err := p.Encode(&x, FormatXML); err != nil {
		t.Fatal(err)
	}
	rj := validateString(t, v, j.String())
	rx := validateString(t, v, x.String())
	if len(rj.Findings) < 3 {
		t.Fatalf("JSON findings %v, want at least 3", rules(rj.Findings))
	}
	if got, want := strings.Join(rules(rx.Findings), " "), strings.Join(rules(rj.Findings), " "); got != want {
		t.Errorf("XML findings\n  %s\nJSON findings\n  %s", got, want)
	}
}

func TestValidateRecordsBeforeHeader(t *testing.T) {
	v := newTestValidator(t)
	doc := `{"DuLieu":[{"MaBienDong":"a3b1c2d4-e5f6-4a7b-9c8d-0e1f2a3b4c5d","SoDinhDanh":"079085001234","LoaiBienDong":"CAP_NHAT","NgayHieuLuc":"2026-09-01","ThayDoi":[{"TruongDuLieu":"/SoDienThoai","GiaTriCu":"+84901234567","GiaTriMoi":"+84907654321"}]}],
	"ThongTinGoiTin":{"MaGoiTin":"0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e","LoaiGoiTin":"HOSO","PhienBan":"2.0","MaDonViGui":"000.00.00.H29","MaDonViNhan":"000.00.00.G09","ThoiGianTao":"2026-11-26T10:00:00+07:00","SoLuongBanGhi":1}}`
	rep := validateString(t, v, doc)
	got := rules(rep.Findings)
	if len(got) != 1 || got[0] != "R-HDR-001@/DuLieu/0" {
		t.Errorf("findings %v, want one R-HDR-001 for the BienDong record in a HOSO packet", got)
	}
}

func TestValidateCancel(t *testing.T) {
	v := newTestValidator(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hoso, _ := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if _, err := v.Validate(ctx, bytes.NewReader(hoso)); err != context.Canceled {
		t.Errorf("error %v, want context.Canceled", err)
	}
}

// A reader that fails is an error of Validate, not a finding, in both
// formats; the findings before it are kept.
func TestValidateReaderFailure(t *testing.T) {
	v := newTestValidator(t)
	boom := errors.New("boom")
	for _, name := range []string{"hoso.json", "hoso.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "spec", name))
		if err != nil {
			t.Fatal(err)
		}
		r := io.MultiReader(bytes.NewReader(b[:len(b)*2/3]), iotest.ErrReader(boom))
		rep, err := v.Validate(context.Background(), r)
		if !errors.Is(err, boom) {
			t.Errorf("%s: error %v, want the reader's", name, err)
		}
		if rep == nil || rep.Records == 0 {
			t.Errorf("%s: report %+v lost the records read before the failure", name, rep)
		}
	}
}

func TestValidatePacketReportsTheCount(t *testing.T) {
	v := newTestValidator(t)
	p := decodeFile(t, filepath.Join("testdata", "spec", "biendong.json"))
	p.Header.RecordCount = 2
	rep, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if got := rules(rep.Findings); len(got) != 1 || got[0] != "R-HDR-003@/ThongTinGoiTin/SoLuongBanGhi" {
		t.Errorf("findings %v, want R-HDR-003", got)
	}
	var b bytes.Buffer
	if err := p.Encode(&b, FormatJSON); !errors.Is(err, ErrRecordCount) || b.Len() == 0 {
		t.Errorf("Encode error %v after %d bytes, want ErrRecordCount after the whole packet", err, b.Len())
	}
}

// An enveloped ds:Signature carries its algorithms in attributes, which
// the packet's own elements may not have: a signed XML packet validates,
// and an attribute outside the signature is still a finding.
func TestValidateSignedXML(t *testing.T) {
	v := newTestValidator(t)
	b, err := os.ReadFile(filepath.Join("testdata", "valid", "HOSO.xml"))
	if err != nil {
		t.Fatal(err)
	}
	const sig = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>` +
		`<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>` +
		`<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>` +
		`<ds:Reference URI=""><ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo>` +
		`<ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>`
	signed := strings.Replace(string(b), "</GoiTin>", sig+"</GoiTin>", 1)
	if rep := validateString(t, v, signed); len(rep.Findings) != 0 {
		t.Errorf("signed packet: findings %v", rep.Findings)
	}
	attr := strings.Replace(signed, "<ThongTinGoiTin>", `<ThongTinGoiTin Algorithm="x">`, 1)
	rep := validateString(t, v, attr)
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != RuleSchema || rep.Findings[0].Pointer != "/ThongTinGoiTin" {
		t.Errorf("attribute outside the signature: findings %v, want one R-SCH-001 at /ThongTinGoiTin", rep.Findings)
	}
}

// In XML an empty array and an absent one are the same value, which
// encoders omit (docs/guide/en/03-mapping.md#the-xml-form): a PHANHOI without records, as the
// encoder writes it, has no DuLieu element and is valid; in JSON DuLieu is
// required. A HOSO without records breaks R-HDR-003 in both.
func TestValidateNoRecords(t *testing.T) {
	v := newTestValidator(t)
	for _, tc := range []struct {
		file  string
		empty func(p *Packet)
		want  []string
	}{
		{"phanhoi.json", func(p *Packet) { p.Records.Results = nil }, nil},
		{"hoso.json", func(p *Packet) { p.Records.Profiles = nil }, []string{"R-HDR-003@/DuLieu"}},
	} {
		p := decodeFile(t, filepath.Join("testdata", "spec", tc.file))
		tc.empty(p)
		p.Header.RecordCount = 0
		for _, f := range []Format{FormatJSON, FormatXML} {
			var b bytes.Buffer
			if err := p.Encode(&b, f); err != nil {
				t.Fatal(err)
			}
			if f == FormatXML && strings.Contains(b.String(), "DuLieu") {
				t.Fatalf("%s in XML with no records has a DuLieu element:\n%s", tc.file, b.String())
			}
			if got := rules(validateString(t, v, b.String()).Findings); !slices.Equal(got, tc.want) {
				t.Errorf("%s without records, %s: findings %v, want %v", tc.file, f, got, tc.want)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join("testdata", "spec", "phanhoi.json"))
	if err != nil {
		t.Fatal(err)
	}
	noDuLieu := strings.Replace(string(b), `"DuLieu"`, `"X"`, 1)
	if got := rules(validateString(t, v, noDuLieu).Findings); !slices.Contains(got, "R-SCH-001@/DuLieu") {
		t.Errorf("JSON PHANHOI without DuLieu: findings %v, want R-SCH-001 at /DuLieu", got)
	}
}
