package packet_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
)

// losslessCases change one value of the spec's example HOSO packet, in
// JSON and XML alike (an XML edit of "" means the case is JSON only: XML
// has no such text, or cannot hold the character at all). Each value does
// not bind into the model, and must be reported once, at its pointer, by
// Decode, the Decoder and a Validator.
var losslessCases = []struct {
	name           string
	jsonOld, jsonN string
	xmlOld, xmlN   string
	rule, pointer  string
}{
	{"a birth date that does not exist", `"NgaySinh": "1985-03-12"`, `"NgaySinh": "1985-02-31"`,
		`<NgaySinh>1985-03-12</NgaySinh>`, `<NgaySinh>1985-02-31</NgaySinh>`, packet.RuleValue, "/DuLieu/0/NgaySinh"},
	{"a recruitment date that does not exist", `"NgayTuyenDung": "2008-09-01"`, `"NgayTuyenDung": "2009-02-29"`,
		`<NgayTuyenDung>2008-09-01</NgayTuyenDung>`, `<NgayTuyenDung>2009-02-29</NgayTuyenDung>`, packet.RuleValue, "/DuLieu/0/TuyenDung/NgayTuyenDung"},
	{"year 0000", `"NgaySinh": "1985-03-12"`, `"NgaySinh": "0000"`,
		`<NgaySinh>1985-03-12</NgaySinh>`, `<NgaySinh>0000</NgaySinh>`, packet.RuleValue, "/DuLieu/0/NgaySinh"},
	{"a time that does not exist", `"NgayCapNhat": "2026-11-20T09:30:00+07:00"`, `"NgayCapNhat": "2026-02-30T09:30:00+07:00"`,
		`<NgayCapNhat>2026-11-20T09:30:00+07:00</NgayCapNhat>`, `<NgayCapNhat>2026-02-30T09:30:00+07:00</NgayCapNhat>`, packet.RuleValue, "/DuLieu/0/NgayCapNhat"},
	{"a time with trailing zeros", `"NgayCapNhat": "2026-11-20T09:30:00+07:00"`, `"NgayCapNhat": "2026-11-20T09:30:00.500+07:00"`,
		`<NgayCapNhat>2026-11-20T09:30:00+07:00</NgayCapNhat>`, `<NgayCapNhat>2026-11-20T09:30:00.500+07:00</NgayCapNhat>`, packet.RuleValue, "/DuLieu/0/NgayCapNhat"},
	{"a time in +00:00", `"ThoiGianTao": "2026-11-26T10:00:00+07:00"`, `"ThoiGianTao": "2026-11-26T03:00:00+00:00"`,
		`<ThoiGianTao>2026-11-26T10:00:00+07:00</ThoiGianTao>`, `<ThoiGianTao>2026-11-26T03:00:00+00:00</ThoiGianTao>`, packet.RuleValue, "/ThongTinGoiTin/ThoiGianTao"},
	{"a zero NgayCapNhat", `"NgayCapNhat": "2026-11-20T09:30:00+07:00"`, `"NgayCapNhat": "0001-01-01T00:00:00Z"`,
		`<NgayCapNhat>2026-11-20T09:30:00+07:00</NgayCapNhat>`, `<NgayCapNhat>0001-01-01T00:00:00Z</NgayCapNhat>`, packet.RuleValue, "/DuLieu/0/NgayCapNhat"},
	{"a coefficient of 1e400", `"HeSoLuong": 3.99`, `"HeSoLuong": 1e400`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>1e400</HeSoLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a coefficient of 16 digits", `"HeSoLuong": 3.99`, `"HeSoLuong": 1234567890123456`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>1234567890123456</HeSoLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a salary step of 1e19", `"BacLuong": 6`, `"BacLuong": 1e19`,
		`<BacLuong>6</BacLuong>`, `<BacLuong>1e19</BacLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/BacLuong"},
	{"a salary step beyond 2^53", `"BacLuong": 6`, `"BacLuong": 9007199254740993`,
		`<BacLuong>6</BacLuong>`, `<BacLuong>9007199254740993</BacLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/BacLuong"},
	{"a coefficient of 0", `"HeSoLuong": 3.99`, `"HeSoLuong": 0`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>0</HeSoLuong>`, packet.RuleSchema, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a negative coefficient", `"HeSoLuong": 3.99`, `"HeSoLuong": -3.99`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>-3.99</HeSoLuong>`, packet.RuleSchema, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a coefficient of 0.00", `"HeSoLuong": 3.99`, `"HeSoLuong": 0.00`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>0.00</HeSoLuong>`, packet.RuleSchema, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a coefficient with zeros to 20 decimals and a 1", `"HeSoLuong": 3.99`, `"HeSoLuong": 2.00000000000000000001`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>2.00000000000000000001</HeSoLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/HeSoLuong"},
	{"a coefficient of 3 decimals", `"HeSoLuong": 3.99`, `"HeSoLuong": 3.999`,
		`<HeSoLuong>3.99</HeSoLuong>`, `<HeSoLuong>3.999</HeSoLuong>`, packet.RuleValue, "/DuLieu/0/Ngach/HeSoLuong"},
	{"an empty array", `"NgoaiNgu": [`, `"NgoaiNgu": [], "X": [`,
		"", "", packet.RuleSchema, "/DuLieu/0/TrinhDo/NgoaiNgu"},
	{"a NUL in a unit's name", `"CoQuanTuyenDung": "Sở Nội vụ TP. Hồ Chí Minh"`, `"CoQuanTuyenDung": "Sở Nội vụ\u0000TP. Hồ Chí Minh"`,
		"", "", packet.RuleValue, "/DuLieu/0/TuyenDung/CoQuanTuyenDung"},
	{"U+0001 in an address", `"ChiTiet": "Phường Sài Gòn"`, `"ChiTiet": "Phường\u0001Sài Gòn"`,
		"", "", packet.RuleValue, "/DuLieu/0/NoiSinh/ChiTiet"},
	{"U+FFFF in an address", `"ChiTiet": "Phường Sài Gòn"`, `"ChiTiet": "Phường` + "\uffff" + `Sài Gòn"`,
		"", "", packet.RuleValue, "/DuLieu/0/NoiSinh/ChiTiet"},
}

func losslessValidator(t *testing.T) *packet.Validator {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestValuesThatDoNotBindAreFindings(t *testing.T) {
	v := losslessValidator(t)
	docs := map[string][]byte{}
	for _, f := range []string{"json", "xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso."+f))
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = b
	}
	for _, c := range losslessCases {
		for f, edit := range map[string][2]string{"json": {c.jsonOld, c.jsonN}, "xml": {c.xmlOld, c.xmlN}} {
			if edit[0] == "" {
				continue
			}
			t.Run(c.name+"."+f, func(t *testing.T) {
				if !bytes.Contains(docs[f], []byte(edit[0])) {
					t.Fatalf("no %s in the example", edit[0])
				}
				doc := bytes.Replace(docs[f], []byte(edit[0]), []byte(edit[1]), 1)
				if c.name == "an empty array" {
					doc = emptyLanguages(t, docs[f])
				}
				checkReported(t, v, doc, c.rule, c.pointer)
			})
		}
	}
}

// emptyLanguages empties the first NgoaiNgu array of a JSON packet.
func emptyLanguages(t *testing.T, doc []byte) []byte {
	t.Helper()
	i := bytes.Index(doc, []byte(`"NgoaiNgu": [`))
	if i < 0 {
		t.Fatal("no NgoaiNgu")
	}
	j := bytes.IndexByte(doc[i:], ']')
	return append(append(append([]byte{}, doc[:i]...), `"NgoaiNgu": [`...), doc[i+j:]...)
}

// checkReported checks that every path reports doc's bad value once, with
// rule at pointer (Decode and the Decoder have no schema: a shape is
// reported there by R-SCH-001 as well).
func checkReported(t *testing.T, v *packet.Validator, doc []byte, rule, pointer string) {
	t.Helper()
	rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if n := countAt(rep.Findings, rule, pointer); n != 1 || len(atPointer(rep.Findings, pointer)) != 1 {
		t.Errorf("Validator: %d findings %s at %s, want 1 and no other there: %v", n, rule, pointer, rep.Findings)
	}
	for _, f := range atPointer(rep.Findings, pointer) {
		for _, bad := range []string{"{", "^", "schema", "type", "got ", "want ", "RFC", "YYYY"} {
			if strings.Contains(f.MessageVI, bad) {
				t.Errorf("the Vietnamese message holds %q: %s", bad, f.MessageVI)
			}
		}
		if !strings.HasSuffix(f.MessageVI, ".") || !strings.Contains(f.MessageVI, "Đề nghị") {
			t.Errorf("the Vietnamese message says nothing to do: %s", f.MessageVI)
		}
	}
	_, fs, err := packet.Decode(bytes.NewReader(doc), packet.FormatAuto, packet.Limits{})
	if err != nil || len(atPointer(fs, pointer)) != 1 {
		t.Errorf("Decode: %v, %v, want one finding at %s", err, fs, pointer)
	}
	d := packet.NewDecoder(bytes.NewReader(doc), packet.FormatAuto, packet.Limits{})
	if _, err := d.Header(); err != nil {
		t.Fatal(err)
	}
	all := d.Findings()
	for _, err := range d.Records() {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, d.Findings()...)
	}
	all = append(all, d.Findings()...)
	if len(atPointer(all, pointer)) != 1 {
		t.Errorf("Decoder: %v, want one finding at %s", all, pointer)
	}
}

func countAt(fs []packet.Finding, rule, pointer string) int {
	n := 0
	for _, f := range atPointer(fs, pointer) {
		if f.Rule == rule && f.Severity == packet.SeverityError {
			n++
		}
	}
	return n
}

func atPointer(fs []packet.Finding, pointer string) []packet.Finding {
	var out []packet.Finding
	for _, f := range fs {
		if f.Pointer == pointer {
			out = append(out, f)
		}
	}
	return out
}

// A GiaTri* value of another type than the field TruongDuLieu names is
// reported where the XML form would read it back as another value.
func TestChangeValuesXMLCannotCarry(t *testing.T) {
	v := losslessValidator(t)
	doc, err := os.ReadFile(filepath.Join("testdata", "spec", "biendong.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ old, new, rule, pointer string }{
		{`"GiaTriCu": 6,`, `"GiaTriCu": "6",`, packet.RuleValue, "/DuLieu/0/ThayDoi/0/GiaTriCu"},
		{`"GiaTriCu": 6,`, `"GiaTriCu": true,`, packet.RuleValue, "/DuLieu/0/ThayDoi/0/GiaTriCu"},
		{`"GiaTriCu": 6,`, `"GiaTriCu": null,`, packet.RuleValue, "/DuLieu/0/ThayDoi/0/GiaTriCu"},
		{`"GiaTriCu": 6,`, `"GiaTriCu": 12345678901234567890,`, packet.RuleValue, "/DuLieu/0/ThayDoi/0/GiaTriCu"},
	} {
		t.Run(c.new, func(t *testing.T) {
			if !bytes.Contains(doc, []byte(c.old)) {
				t.Fatalf("no %s", c.old)
			}
			checkReported(t, v, bytes.Replace(doc, []byte(c.old), []byte(c.new), 1), c.rule, c.pointer)
		})
	}
}

// Numbers are read by value, whatever their spelling: 434e-2 is the
// coefficient 4.34, checked against the salary table like any other.
func TestNumbersAreReadByValue(t *testing.T) {
	v := losslessValidator(t)
	doc, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ spelled, rule string }{
		{"399e-2", ""}, {"3.990", ""}, {"0.399E1", ""}, {"475e-2", packet.RuleSalaryCoeff}, {"4.75", packet.RuleSalaryCoeff},
	} {
		t.Run(c.spelled, func(t *testing.T) {
			doc := bytes.Replace(doc, []byte(`"HeSoLuong": 3.99`), []byte(`"HeSoLuong": `+c.spelled), 1)
			rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			got := atPointer(rep.Findings, "/DuLieu/0/Ngach/HeSoLuong")
			if c.rule == "" && len(got) != 0 || c.rule != "" && (len(got) != 1 || got[0].Rule != c.rule) {
				t.Errorf("findings %v, want %q", got, c.rule)
			}
			p, _, err := packet.Decode(bytes.NewReader(doc), packet.FormatJSON, packet.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := packet.ParseDecimal2(strings.ReplaceAll(strings.ReplaceAll(c.spelled, "399e-2", "3.99"), "475e-2", "4.75"))
			if c.spelled == "0.399E1" {
				want = 399
			}
			if got := p.Records.Profiles[0].Rank.Coefficient; got != want {
				t.Errorf("HeSoLuong %s decodes to %v, want %v", c.spelled, got, want)
			}
		})
	}
}

// The XML encoder refuses a character XML 1.0 cannot carry, naming its
// pointer, instead of writing U+FFFD in its place.
func TestEncodeXMLRefusesWhatXMLCannotCarry(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("testdata", "spec", "hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := packet.Decode(bytes.NewReader(doc), packet.FormatJSON, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		set     func(*packet.Packet)
		pointer string
	}{
		{func(p *packet.Packet) { p.Records.Profiles[1].FullName = "Trần\x00Thị Bình" }, "/DuLieu/1/HoVaTen"},
		{func(p *packet.Packet) { p.Records.Profiles[0].Birthplace.Detail = "Phường\x1bSài Gòn" }, "/DuLieu/0/NoiSinh/ChiTiet"},
		{func(p *packet.Packet) { p.Records.Profiles[0].WorkHistory[1].Unit = "\x7f\x08" }, "/DuLieu/0/QuaTrinhCongTac/1/DonVi"},
		{func(p *packet.Packet) { p.Header.Software = "x\ufffey" }, "/ThongTinGoiTin/PhanMemGui"},
	} {
		q := *p
		q.Records.Profiles = append([]packet.Profile(nil), p.Records.Profiles...)
		q.Records.Profiles[0].WorkHistory = append([]packet.WorkPeriod(nil), p.Records.Profiles[0].WorkHistory...)
		c.set(&q)
		var b bytes.Buffer
		err := q.Encode(&b, packet.FormatXML)
		var f packet.Finding
		if !errors.As(err, &f) || f.Pointer != c.pointer || f.Rule != packet.RuleValue {
			t.Errorf("Encode: %v, want a finding %s at %s", err, packet.RuleValue, c.pointer)
		}
		if bytes.Contains(b.Bytes(), []byte("\ufffd")) {
			t.Errorf("%s: U+FFFD written", c.pointer)
		}
	}
}
