package conformance

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
)

var (
	update         = flag.Bool("update", false, "rewrite the kit: vectors, manifest.json and pki/ (a new PKI, new signatures)")
	updateUnsigned = flag.Bool("update-unsigned", false, "rewrite manifest.json and the unsigned vectors, keeping the PKI and the signed vectors")
)

// The kit's identity. Raise Version when a vector or an expected outcome
// changes: minor for new vectors, major when an expected outcome changes.
const (
	kitName    = "cbccvc-conformance"
	kitVersion = "2.1.0"
	seed       = 356 // of every generated packet, after Decision 356/QĐ-BNV
)

// farFuture is a time that stays in the future for the kit's lifetime.
const farFuture = "2999-01-01"

// kitFile is one file of the kit. Signed files are made only with -update:
// their signatures are random, so the check compares only what is not.
type kitFile struct {
	name   string
	data   []byte
	signed bool
}

// genKit is what the generator makes.
type genKit struct {
	manifest Manifest
	files    []kitFile
}

func (g *genKit) add(v Vector, data []byte, signed bool) {
	g.manifest.Vectors = append(g.manifest.Vectors, v)
	if data != nil {
		g.files = append(g.files, kitFile{v.File, data, signed})
	}
}

func encode(t *testing.T, p *packet.Packet, format string) []byte {
	t.Helper()
	f := packet.FormatJSON
	if format == "xml" {
		f = packet.FormatXML
	}
	var b bytes.Buffer
	if err := p.Encode(&b, f); err != nil && !errors.Is(err, packet.ErrRecordCount) {
		t.Fatal(err)
	}
	return b.Bytes()
}

var bothFormats = []string{"json", "xml"}

// edit changes the first value of a member in a packet's text, the same in
// JSON and XML: in the header, or in DuLieu (the first record that has it).
type edit struct {
	key    string
	header bool
	del    bool
	str    bool                    // the new value is a string
	fn     func(old string) string // the new value from the old, both as text
}

func set(key, v string) edit                        { return edit{key: key, str: true, fn: func(string) string { return v }} }
func num(key, v string) edit                        { return edit{key: key, fn: func(string) string { return v }} }
func hdr(e edit) edit                               { e.header = true; return e }
func remove(key string) edit                        { return edit{key: key, del: true} }
func change(key string, f func(string) string) edit { return edit{key: key, str: true, fn: f} }

func (e edit) apply(doc []byte, format string) ([]byte, error) {
	if format == "json" {
		return e.json(doc)
	}
	return e.xml(doc)
}

func (e edit) json(doc []byte) ([]byte, error) {
	start := 0
	if !e.header {
		start = bytes.Index(doc, []byte(`"DuLieu":[`))
	}
	name := []byte(`"` + e.key + `":`)
	i := bytes.Index(doc[start:], name)
	if start < 0 || i < 0 {
		return nil, fmt.Errorf("no member %s", e.key)
	}
	i += start
	vs := i + len(name)
	dec := json.NewDecoder(bytes.NewReader(doc[vs:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	ve := vs + int(dec.InputOffset())
	if e.del {
		switch {
		case doc[ve] == ',':
			ve++
		case doc[i-1] == ',':
			i--
		}
		return slices.Concat(doc[:i], doc[ve:]), nil
	}
	old := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &old); err != nil {
			return nil, err
		}
	}
	nv := e.fn(old)
	if e.str {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(nv); err != nil {
			return nil, err
		}
		nv = strings.TrimSpace(b.String())
	}
	return slices.Concat(doc[:vs], []byte(nv), doc[ve:]), nil
}

func (e edit) xml(doc []byte) ([]byte, error) {
	start := 0
	if !e.header {
		start = bytes.Index(doc, []byte("<DuLieu>"))
	}
	open, end := []byte("<"+e.key+">"), []byte("</"+e.key+">")
	i := bytes.Index(doc[start:], open)
	if start < 0 || i < 0 {
		return nil, fmt.Errorf("no element %s", e.key)
	}
	i += start
	j := bytes.Index(doc[i:], end)
	if j < 0 {
		return nil, fmt.Errorf("element %s not closed", e.key)
	}
	j += i
	if e.del {
		ls := bytes.LastIndexByte(doc[:i], '\n') + 1
		le := j + len(end)
		if le < len(doc) && doc[le] == '\n' {
			le++
		}
		return slices.Concat(doc[:ls], doc[le:]), nil
	}
	var b bytes.Buffer
	if err := xml.EscapeText(&b, []byte(e.fn(string(doc[i+len(open):j])))); err != nil {
		return nil, err
	}
	return slices.Concat(doc[:i+len(open)], b.Bytes(), doc[j:]), nil
}

// validateCase is one validate vector, in the formats it applies to.
type validateCase struct {
	id      string
	desc    string
	rules   []string // the expected findings' rule codes
	kind    packet.Kind
	n       int                  // records; default 2
	defect  packettest.Defect    // made in record 0
	model   func(*packet.Packet) // a change to the model before encoding
	edits   []edit
	text    func(format string, doc []byte) []byte // a change to the encoded text
	formats []string                               // default both
	version string                                 // PhienBan; default packet.Version
}

func validateCases() []validateCase {
	var cs []validateCase
	for _, k := range packet.Kinds() {
		cs = append(cs, validateCase{id: "valid-" + string(k), kind: k, n: 3,
			desc: fmt.Sprintf("a valid %s packet of three records", k)})
	}
	def := func(d packettest.Defect, desc string) validateCase {
		return validateCase{id: d.Rule(), defect: d, rules: []string{d.Rule()}, desc: desc}
	}
	r := func(id, desc string, c validateCase) validateCase {
		c.id, c.desc = id, desc
		if c.rules == nil {
			c.rules = []string{strings.Join(strings.SplitN(id, "-", 4)[:3], "-")}
		}
		return c
	}
	insertRecord := func(jsonText, xmlText string) func(string, []byte) []byte {
		return func(format string, doc []byte) []byte {
			if format == "json" {
				return bytes.Replace(doc, []byte("\"DuLieu\":[\n{"), []byte("\"DuLieu\":[\n{"+jsonText), 1)
			}
			return bytes.Replace(doc, []byte("<HoSo>"), []byte("<HoSo>"+xmlText), 1)
		}
	}
	cs = append(cs,
		r("R-FMT-001", "the packet is cut off in the middle: not one well-formed JSON value or XML document", validateCase{
			text: func(_ string, doc []byte) []byte { return doc[:len(doc)/2] }}),
		r("R-FMT-001-not-utf8", "a byte 0xFF in PhanMemGui: not UTF-8", validateCase{
			text: func(_ string, doc []byte) []byte {
				return bytes.Replace(doc, []byte("cbccvc-go packettest"), []byte("cbccvc-go \xff packettest"), 1)
			}}),
		r("R-FMT-002", "HoVaTen twice in one record, with different values (a duplicate key or element; parsers disagree on which wins)", validateCase{
			text: func(format string, doc []byte) []byte {
				if format == "json" {
					return bytes.Replace(doc, []byte(`"HoVaTen":`), []byte(`"HoVaTen":"Trần Văn Khác","HoVaTen":`), 1)
				}
				return bytes.Replace(doc, []byte(`<HoVaTen>`), []byte(`<HoVaTen>Trần Văn Khác</HoVaTen><HoVaTen>`), 1)
			}}),
		r("R-FMT-002-second-header", "ThongTinGoiTin twice, the second naming another sender: a reader taking the first and one taking the last would see two senders", validateCase{
			text: secondHeader}),
		r("R-FMT-001-bom", "a byte-order mark before the packet: packets are UTF-8 without one", validateCase{
			text: func(_ string, doc []byte) []byte { return append([]byte("\ufeff"), doc...) }}),
		r("R-FMT-001-xml-prefix-rebound", "the reserved prefix xml bound to another namespace (Namespaces in XML 1.0 §3)", validateCase{
			formats: []string{"xml"},
			text: func(_ string, doc []byte) []byte {
				return bytes.Replace(doc, []byte(`<GoiTin xmlns="`+packet.Namespace+`">`), []byte(`<GoiTin xmlns="`+packet.Namespace+`" xmlns:xml="urn:example:other">`), 1)
			}}),
		r("R-FMT-003", "a DOCTYPE after the XML declaration", validateCase{
			formats: []string{"xml"},
			text: func(_ string, doc []byte) []byte {
				return bytes.Replace(doc, []byte("?>\n"), []byte("?>\n<!DOCTYPE GoiTin>\n"), 1)
			}}),
		r("R-FMT-003-entity", "a DOCTYPE declaring an entity, used in a value", validateCase{
			formats: []string{"xml"},
			text: func(_ string, doc []byte) []byte {
				doc = bytes.Replace(doc, []byte("?>\n"), []byte("?>\n<!DOCTYPE GoiTin [<!ENTITY pm \"cbccvc-go packettest\">]>\n"), 1)
				return bytes.Replace(doc, []byte(">cbccvc-go packettest<"), []byte(">&pm;<"), 1)
			}}),
		r("R-FMT-003-processing-instruction", "a processing instruction before DuLieu", validateCase{
			formats: []string{"xml"},
			text: func(_ string, doc []byte) []byte {
				return bytes.Replace(doc, []byte("<DuLieu>"), []byte("<?cbccvc x?><DuLieu>"), 1)
			}}),
		r("R-FMT-004", "a value nested 40 deep in the first record, over the default depth limit of 32", validateCase{
			text: func(format string, doc []byte) []byte {
				if format == "json" {
					return insertRecord(`"Sau":`+strings.Repeat("[", 40)+strings.Repeat("]", 40)+",", "")(format, doc)
				}
				return insertRecord("", strings.Repeat("<Sau>", 40)+strings.Repeat("</Sau>", 40))(format, doc)
			}}),
		r("R-SCH-001-type", "BacLuong written as a string (JSON only: in XML a number and a string of digits are the same text)", validateCase{
			formats: []string{"json"}, edits: []edit{change("BacLuong", func(s string) string { return s })}}),
		r("R-SCH-001-required", "a profile without HoVaTen", validateCase{edits: []edit{remove("HoVaTen")}}),
		r("R-SCH-001-zero-coefficient", "HeSoLuong 0: a coefficient of 0 is none, not a value", validateCase{edits: []edit{num("HeSoLuong", "0")}}),
		r("R-SCH-001-line-feed", "NgaySinh followed by a line feed, which the date's pattern refuses in every validator (Python's $ also matches before a final line feed: the schemas' oneLine guard refuses it there)", validateCase{
			edits: []edit{change("NgaySinh", func(s string) string { return s + "\n" })}}),
		r("R-SCH-001-number-space", "BacLuong with white space around it (XML only: in JSON it is no part of the number); the XSD's numbers are strings of a pattern, since xs:nonNegativeInteger would collapse the white space", validateCase{
			formats: []string{"xml"}, edits: []edit{change("BacLuong", func(s string) string { return " " + s + "\n" })}}),
		r("R-SCH-002", "NgaySinh on 31 February: a date that does not exist, which decoding must not turn into an empty date", validateCase{
			edits: []edit{change("NgaySinh", func(s string) string { return s[:4] + "-02-31" })}}),
		r("R-SCH-002-recruitment-date", "TuyenDung/NgayTuyenDung on 29 February of a common year", validateCase{
			edits: []edit{set("NgayTuyenDung", "2011-02-29")}}),
		r("R-SCH-002-time-spelling", "NgayCapNhat with a fraction of trailing zeros (.500), a spelling the model would not write back", validateCase{
			edits: []edit{change("NgayCapNhat", func(s string) string { return s[:19] + ".500" + s[19:] })}}),
		r("R-SCH-002-decimals", "HeSoLuong 3.999, more decimals than a coefficient has: the model's check, not the schemas', since multipleOf 0.01 means another thing in the binary floating point most validators compute in", validateCase{
			edits: []edit{num("HeSoLuong", "3.999")}}),
		r("R-SCH-002-number-range", "HeSoLuong 1e400, beyond what any coefficient (and an IEEE 754 double) holds", validateCase{
			edits: []edit{num("HeSoLuong", "1e400")}}),
		r("R-SCH-002-integer-range", "BacLuong 9007199254740993 (2^53+1), an integer RFC 8785 would sign as another", validateCase{
			edits: []edit{num("BacLuong", "9007199254740993")}}),
		r("R-SCH-002-control-character", "a U+0001 in the birthplace's address (NoiSinh/ChiTiet), a character XML 1.0 cannot carry (JSON only: XML cannot hold it at all)", validateCase{
			formats: []string{"json"}, edits: []edit{change("ChiTiet", func(s string) string { return "\x01" + s })}}),
		r("R-LUONG-002-exponent", "HeSoLuong written 475e-2: read by value, 4.75, not the coefficient of the step", validateCase{
			edits: []edit{num("HeSoLuong", "475e-2")}}),
		r("valid-number-spelling", "HeSoLuong written 434e-2 and SoLuongBanGhi 2.0: numbers are read by value, whatever their spelling", validateCase{
			rules: []string{}, edits: []edit{num("HeSoLuong", "434e-2"), hdr(num("SoLuongBanGhi", "2.0"))}}),
		r("R-SCH-001-unknown-member", "a profile with a member the format does not have (Luong)", validateCase{
			text: insertRecord(`"Luong":5,`, "<Luong>5</Luong>")}),
		r("R-SCH-001-foreign-namespace", "HoVaTen in another namespace than the packet's, read by a careless reader as the member", validateCase{
			formats: []string{"xml"},
			text: func(_ string, doc []byte) []byte {
				return bytes.Replace(doc, []byte(`<HoVaTen>`), []byte(`<HoVaTen xmlns="urn:example:other">`), 1)
			}}),
		r("R-SCH-001-shared-without-id", "a format 1.0 CHIASE_HOSO profile without MaDinhDanhCBCCVC, which 1.0 requires there", validateCase{
			version: "1.0", rules: []string{"R-HDR-006", "R-SCH-001"},
			kind: packet.KindSharedProfiles, edits: []edit{remove("MaDinhDanhCBCCVC")}}),
		r("R-SCH-001-profile-id-in-2", "a format 2.0 profile with MaDinhDanhCBCCVC, the national profile ID of format 1.0 only (Decree 27/2026/NĐ-CP: the personal ID is the profile's identifier)", validateCase{
			text: insertRecord(`"MaDinhDanhCBCCVC":"H2920001234507",`, "<MaDinhDanhCBCCVC>H2920001234507</MaDinhDanhCBCCVC>")}),
		r("R-HDR-001", "LoaiGoiTin HOSO_MOI, not a packet kind", validateCase{edits: []edit{hdr(set("LoaiGoiTin", "HOSO_MOI"))}}),
		r("R-HDR-001-record-kind", "BienDong records in a packet whose LoaiGoiTin is DOIKHOP", validateCase{
			kind: packet.KindChanges, edits: []edit{hdr(set("LoaiGoiTin", "DOIKHOP"))}}),
		r("R-HDR-002", "PhienBan 3.0, a major version this format does not know", validateCase{edits: []edit{hdr(set("PhienBan", "3.0"))}}),
		r("R-HDR-002-namespace", "PhienBan 1.0 in the XML namespace of format 2.0", validateCase{
			formats: []string{"xml"}, edits: []edit{hdr(set("PhienBan", "1.0"))}}),
		r("R-HDR-006", "a valid packet of format 1.0, superseded on 1 July 2026 by format 2.0 (a warning: the packet is valid)", validateCase{
			version: "1.0", kind: packet.KindSharedProfiles}),
		r("R-HDR-003", "SoLuongBanGhi 3 for two records", validateCase{edits: []edit{hdr(num("SoLuongBanGhi", "3"))}}),
		r("R-HDR-004", "ThoiGianTao in the year 2999", validateCase{edits: []edit{hdr(set("ThoiGianTao", farFuture+"T00:00:00+07:00"))}}),
		r("R-HDR-005", "a PHANHOI without MaGoiTinThamChieu", validateCase{
			kind: packet.KindResponse, edits: []edit{hdr(remove("MaGoiTinThamChieu"))}}),
		r("R-ID-001", "MaDonViSuDung 000.05.00.H29: a level-2 unit without its level-3 parent", validateCase{
			edits: []edit{set("MaDonViSuDung", "000.05.00.H29")}}),
		r("R-ID-002", "a personal ID of 11 digits", validateCase{
			edits: []edit{change("SoDinhDanh", func(s string) string { return s[:11] })}}),
		r("R-ID-002-old-id-card", "an old 9-digit identity-card number as SoDinhDanh", validateCase{
			edits: []edit{set("SoDinhDanh", "012345678")}}),
		def(packettest.DefectGenderDigit, "GioiTinh disagrees with the personal ID's century/gender digit"),
		def(packettest.DefectBirthYear, "NgaySinh a year off the personal ID's year digits"),
		r("R-ID-005", "a national profile ID with a wrong check digit, in format 1.0", validateCase{
			version: "1.0", rules: []string{"R-HDR-006", "R-ID-005"}, kind: packet.KindSharedProfiles, edits: []edit{change("MaDinhDanhCBCCVC", func(s string) string {
				return s[:len(s)-1] + string('0'+(s[len(s)-1]-'0'+1)%10)
			})}}),
		r("R-ID-006", "a social-insurance number with a letter", validateCase{
			edits: []edit{change("SoBHXH", func(s string) string { return s[:5] + "A" + s[6:] })}}),
		r("R-ID-007", "a personal ID with birthplace code 003, no province: it may be the code of a country where the birth was registered abroad (a warning, as no country list is embedded)", validateCase{
			edits: []edit{change("SoDinhDanh", func(s string) string { return "003" + s[3:] })}}),
		def(packettest.DefectOwner, "MaDonViQuanLy a unit of another province than the sender's"),
		def(packettest.DefectDuplicate, "the same profile twice in one HOSO packet"),
		r("R-DUP-001-change", "the same MaBienDong twice in one BIENDONG packet", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) { p.Records.Changes[1].ID = p.Records.Changes[0].ID }}),
		r("R-BD-001", "a change event whose TruongDuLieu points to /Ngach/Luong, not a field of HoSo", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) {
				p.Records.Changes[0].Fields = []packet.FieldChange{{Field: "/Ngach/Luong", OldValue: json.RawMessage(`1`), NewValue: json.RawMessage(`2`)}}
			}}),
		r("R-BD-002", "a change event whose GiaTriMoi for MaDonViSuDung is a malformed agency code", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) {
				p.Records.Changes[0].Fields = []packet.FieldChange{{Field: "/MaDonViSuDung", NewValue: json.RawMessage(`"000.05.00.H29"`)}}
			}}),
		r("R-BD-004", "a change decided on 2026-02-13, the last working day before Tết, reported on 2026-11-26, after its deadline of 2026-02-25 (a warning: the packet is valid)", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) {
				c := &p.Records.Changes[0]
				d, _ := packet.ParseDate("2026-02-13")
				if c.Decision != nil {
					c.Decision.Date = d
				} else {
					c.Effective = d
				}
			}}),
		r("R-BD-005", "a change event of kind DANH_GIA_XEP_LOAI (a yearly grade, format 2.0) that also changes Ngach/BacLuong, which a grade does not change", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) {
				c := kindOf2(&p.Records.Changes[0], "DANH_GIA_XEP_LOAI")
				c.Fields = []packet.FieldChange{
					{Field: "/DanhGiaXepLoai/0", NewValue: json.RawMessage(fmt.Sprintf(`{"Nam":%d,"Muc":"HTTNV"}`, c.Effective.Year()))},
					{Field: "/Ngach/BacLuong", OldValue: json.RawMessage(`2`), NewValue: json.RawMessage(`3`)},
				}
			}}),
		r("R-BD-006", "a change event of kind PHU_CAP (an allowance, format 2.0) whose new allowance starts ten days before the change's NgayHieuLuc", validateCase{
			kind: packet.KindChanges, model: func(p *packet.Packet) {
				c := kindOf2(&p.Records.Changes[0], "PHU_CAP")
				from := packet.DateOf(c.Effective.In(time.UTC).AddDate(0, 0, -10))
				c.Fields = []packet.FieldChange{{Field: "/PhuCap/0", NewValue: json.RawMessage(`{"Loai":"TRACH_NHIEM","HeSo":0.2,"TuNgay":"` + from.String() + `"}`)}}
			}}),
		r("R-DATE-001", "Ngach/NgayHuong in the year 2999", validateCase{edits: []edit{set("NgayHuong", farFuture)}}),
		def(packettest.DefectUnder18, "recruited the day before the 18th birthday"),
		def(packettest.DefectPeriodOrder, "a work period that ends the day before it starts"),
		def(packettest.DefectOverlap, "two work periods that overlap (a warning: the packet is valid)"),
		def(packettest.DefectPartyDates, "NgayChinhThuc before NgayVaoDang"),
		def(packettest.DefectPartialBirthDate, "a birth date of only a year (a warning: the packet is valid)"),
		def(packettest.DefectUnknownCode, "DanToc 99, not in code list DanToc"),
		r("R-CODE-001-commune", "ThuongTru/MaDonViHanhChinh 26734, a ward code of Ho Chi Minh City before 1 July 2025, not in code list Xa (the communes since 1 July 2025)", validateCase{
			model: func(p *packet.Packet) {
				p.Records.Profiles[0].PermanentAddress = &packet.Address{UnitCode: "26734", Detail: "12 Hai Bà Trưng, Phường Tân Định", Country: "VN"}
			}}),
		r("R-CODE-002", "MaNgach 01.099, of valid shape but not in code list Ngach (a warning: the packet is valid)", validateCase{
			edits: []edit{set("MaNgach", "01.099")}}),
		def(packettest.DefectSalaryStep, "BacLuong one past the last step of the rank's salary group"),
		def(packettest.DefectSalaryCoefficient, "HeSoLuong the coefficient of another step"),
		def(packettest.DefectSpaces, "a double space in HoVaTen (a warning: the packet is valid)"),
		def(packettest.DefectNameDigits, "a digit in HoVaTen"),
		def(packettest.DefectServiceDate, "the first allowance (PhuCap) starts the day before recruitment (NgayTuyenDung)"),
		def(packettest.DefectHeight, "SucKhoe/ChieuCao 2, a height written in metres"),
		def(packettest.DefectAllowanceBoth, "an allowance (PhuCap) with both a coefficient (HeSo) and a percentage (PhanTram)"),
		def(packettest.DefectSecondments, "two secondments (DieuChuyen of Loai BIET_PHAI) under way at once"),
		def(packettest.DefectGradeTwice, "a year graded twice in DanhGiaXepLoai"),
		def(packettest.DefectElection, "a civil servant holding a position by election (BoNhiem/HinhThuc BAU_CU), which only cadres do"),
		r("R-DATE-003-secondment", "a secondment (DieuChuyen) whose DenNgay is before its TuNgay", validateCase{
			model: func(p *packet.Packet) {
				q := &p.Records.Profiles[0]
				from := q.Recruitment.Date.AddYears(1)
				to, _ := packet.NewDate(from.Year()-1, 12, 31) // before from
				q.Transfers = []packet.Transfer{{Kind: "BIET_PHAI", From: from, To: to, Unit: "Ủy ban nhân dân xã",
					Decision: packet.Decision{Number: "1/QĐ-BP", Date: from, Issuer: q.Recruitment.Agency}}}
			}}),
		r("R-DATE-005-health", "SucKhoe/NgayKham, the day of a health examination, before the birth date", validateCase{
			model: func(p *packet.Packet) {
				q := &p.Records.Profiles[0]
				q.Health = &packet.Health{Condition: "TOT", HeightCM: 165, WeightKG: 60, BloodType: "O+", Examined: q.BirthDate.Earliest().AddYears(-1)}
			}}),
	)
	return cs
}

// kindOf2 makes c a change of kind, a kind of format 2.0 made by a
// decision: signed the day it takes effect, when c had none.
func kindOf2(c *packet.Change, kind string) *packet.Change {
	c.Kind = kind
	if c.Decision == nil {
		c.Decision = &packet.Decision{Number: "1234/QĐ-SNV", Date: c.Effective, Issuer: "Sở Nội vụ TP. Hồ Chí Minh"}
	}
	return c
}

// secondHeader adds a copy of the header naming another sender
// (000.00.00.H49) after the records.
func secondHeader(format string, doc []byte) []byte {
	if format == "json" {
		h := regexp.MustCompile(`"ThongTinGoiTin":\{[^}]*\}`).Find(doc)
		h = regexp.MustCompile(`"MaDonViGui":"[^"]*"`).ReplaceAll(h, []byte(`"MaDonViGui":"000.00.00.H49"`))
		end := bytes.LastIndexByte(doc, '}')
		return slices.Concat(doc[:end], []byte(","), h, doc[end:])
	}
	h := regexp.MustCompile(`(?s)<ThongTinGoiTin>.*</ThongTinGoiTin>`).Find(doc)
	h = regexp.MustCompile(`<MaDonViGui>[^<]*</MaDonViGui>`).ReplaceAll(h, []byte(`<MaDonViGui>000.00.00.H49</MaDonViGui>`))
	end := bytes.LastIndex(doc, []byte("</GoiTin>"))
	return slices.Concat(doc[:end], h, doc[end:])
}

func (c validateCase) build(t *testing.T) map[string][]byte {
	t.Helper()
	kind, n := c.kind, c.n
	if kind == "" {
		kind = packet.KindProfiles
	}
	if n == 0 {
		n = 2
	}
	opt := packettest.Options{Seed: seed, Version: c.version}
	if c.defect != 0 {
		opt.Defects = []packettest.Defect{c.defect}
	}
	p := packettest.New(opt).Packet(kind, n)
	if c.model != nil {
		c.model(p)
	}
	formats := c.formats
	if formats == nil {
		formats = bothFormats
	}
	out := map[string][]byte{}
	for _, f := range formats {
		doc := encode(t, p, f)
		for _, e := range c.edits {
			var err error
			if doc, err = e.apply(doc, f); err != nil {
				t.Fatalf("%s.%s: %v", c.id, f, err)
			}
		}
		if c.text != nil {
			next := c.text(f, doc)
			if bytes.Equal(next, doc) {
				t.Fatalf("%s.%s: the text change changed nothing", c.id, f)
			}
			doc = next
		}
		out[f] = doc
	}
	return out
}

// validOf says whether findings of these rules leave a packet valid: only
// when all are warnings.
func validOf(t *testing.T, rules []string) *bool {
	t.Helper()
	valid := true
	for _, code := range rules {
		r, ok := packet.LookupRule(code)
		if !ok {
			t.Fatalf("rule %s is not in the catalogue", code)
		}
		if r.Severity == packet.SeverityError {
			valid = false
		}
	}
	return &valid
}

func sortedRules(rules []string) []string {
	out := append([]string{}, rules...)
	slices.Sort(out)
	return slices.Compact(out)
}

func (g *genKit) validateVectors(t *testing.T) {
	for _, c := range validateCases() {
		docs := c.build(t)
		for _, f := range bothFormats {
			doc, ok := docs[f]
			if !ok {
				continue
			}
			g.add(Vector{
				ID: c.id + "." + f, Kind: KindValidate, Format: f, File: "validate/" + c.id + "." + f, Description: c.desc,
				Expected: Expected{Valid: validOf(t, c.rules), Rules: sortedRules(c.rules)},
			}, doc, false)
		}
	}
}

// applyCase is a change to the first change event, made so that applying
// it to its profile breaks one rule.
type applyCase struct {
	id, desc string
	rules    []string
	change   func(p packet.Profile, c *packet.Change)
}

func applyCases() []applyCase {
	return []applyCase{
		{"valid", "change events that apply to their profiles", nil, func(packet.Profile, *packet.Change) {}},
		{packet.RuleChangeField, "ThayDoi points to /Ngach/Luong, not a field of HoSo", []string{packet.RuleChangeField},
			func(_ packet.Profile, c *packet.Change) {
				c.Fields = []packet.FieldChange{{Field: "/Ngach/Luong", OldValue: json.RawMessage(`1`), NewValue: json.RawMessage(`2`)}}
			}},
		{packet.RuleChangeValue, "GiaTriMoi of MaDonViSuDung is a malformed agency code", []string{packet.RuleChangeValue},
			func(p packet.Profile, c *packet.Change) {
				old, _ := json.Marshal(p.WorkingUnit)
				c.Fields = []packet.FieldChange{{Field: "/MaDonViSuDung", OldValue: old, NewValue: json.RawMessage(`"000.05.00.H29"`)}}
			}},
		{packet.RuleChangeConflict, "GiaTriCu of Ngach/BacLuong is not the profile's current step (a conflict)", []string{packet.RuleChangeConflict},
			func(p packet.Profile, c *packet.Change) {
				c.Fields = []packet.FieldChange{{Field: "/Ngach/BacLuong",
					OldValue: json.RawMessage(fmt.Sprint(p.Rank.Step + 1)), NewValue: json.RawMessage(fmt.Sprint(p.Rank.Step + 2))}}
			}},
		{packet.RuleChangeKindMember, "a KET_THUC_BIET_PHAI (the end of a secondment, format 2.0) that ends a transfer (DieuChuyen) the profile does not have", []string{packet.RuleChangeKindMember},
			func(p packet.Profile, c *packet.Change) {
				kindOf2(c, "KET_THUC_BIET_PHAI")
				end, _ := json.Marshal(packet.DateOf(c.Effective.In(time.UTC).AddDate(0, 0, -1)))
				c.Fields = []packet.FieldChange{{Field: fmt.Sprintf("/DieuChuyen/%d/DenNgay", len(p.Transfers)), NewValue: end}}
			}},
	}
}

func (g *genKit) applyVectors(t *testing.T) {
	gen := packettest.New(packettest.Options{Seed: seed})
	profiles := gen.Packet(packet.KindProfiles, 3)
	for _, f := range bothFormats {
		g.files = append(g.files, kitFile{name: "apply/profiles." + f, data: encode(t, profiles, f)})
	}
	header := gen.Header(packet.KindChanges, len(profiles.Records.Profiles))
	var changes []packet.Change
	for _, p := range profiles.Records.Profiles {
		changes = append(changes, gen.Change(p))
	}
	for _, c := range applyCases() {
		p := &packet.Packet{Header: header, Records: packet.Records{Changes: slices.Clone(changes)}}
		c.change(profiles.Records.Profiles[0], &p.Records.Changes[0])
		for _, f := range bothFormats {
			g.add(Vector{
				ID: "apply-" + c.id + "." + f, Kind: KindApply, Format: f,
				File: "apply/" + c.id + "." + f, Profiles: "apply/profiles." + f, Description: c.desc,
				Expected: Expected{Valid: validOf(t, c.rules), Rules: sortedRules(c.rules)},
			}, encode(t, p, f), false)
		}
	}
}

// verifyCase is one signed vector.
type verifyCase struct {
	id, desc string
	formats  []string
	class    string // "" when it verifies
	// make returns the vector's bytes; nil when not signing.
	make func(format string) ([]byte, error)
}

// signers are the kit's signing identities.
type signers struct {
	h29RSA, h29EC, g09, g12                              *kitSigner
	expired, wrongKeyUsage, sha1, rsa1024, untrustedRoot *kitSigner
}

func newSigners(p *kitPKI) (*signers, error) {
	const h29, g09, g12 = "000.00.00.H29", "000.00.00.G09", "000.00.00.G12"
	var s signers
	for _, l := range []struct {
		dst  **kitSigner
		code string
		ec   bool
		d    leafDefect
	}{
		{&s.h29RSA, h29, false, leafGood}, {&s.h29EC, h29, true, leafGood}, {&s.g09, g09, false, leafGood}, {&s.g12, g12, true, leafGood},
		{&s.expired, h29, false, leafExpired}, {&s.wrongKeyUsage, h29, false, leafWrongKeyUsage},
		{&s.sha1, h29, false, leafSHA1Signed}, {&s.rsa1024, h29, false, leafRSA1024}, {&s.untrustedRoot, h29, false, leafOtherRoot},
	} {
		var err error
		if *l.dst, err = p.leaf(l.code, l.ec, l.d); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

func (k *kitSigner) sign(doc []byte, opts ...signing.SignerOption) ([]byte, error) {
	s, err := signing.NewSigner(k.key, k.chain, opts...)
	if err != nil {
		return nil, err
	}
	return s.Sign(context.Background(), doc)
}

// sigPart splits a signed XML packet: before the signature, the
// signature, after it.
func sigPart(signed []byte) (before, sig, after string, err error) {
	s := string(signed)
	i := strings.Index(s, "<ds:Signature ")
	j := strings.Index(s, "</ds:Signature>") + len("</ds:Signature>")
	if i < 0 || j < i {
		return "", "", "", errors.New("no ds:Signature")
	}
	return s[:i], s[i:j], s[j:], nil
}

// wrappingCases are the ways a signed XML packet is changed so that what
// was signed may not be what is read (docs/guide/en/05-signing.md#what-is-signed), each given the
// signed packet in three parts.
func wrappingCases() []struct {
	name string
	make func(before, sig, after string, repl func(s, old, new string) string) string
} {
	const (
		root  = `<GoiTin xmlns="` + packet.Namespace + `">`
		tEnv  = `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>`
		tExc  = `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform>`
		c14n  = `<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>`
		exc   = "http://www.w3.org/2001/10/xml-exc-c14n#"
		incl  = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
		xpath = `<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>`
		ref0  = `<ds:Reference URI="">`
		refE  = `</ds:Reference>`
	)
	type wc = struct {
		name string
		make func(before, sig, after string, repl func(s, old, new string) string) string
	}
	return []wc{
		{"two signatures", func(b, s, a string, _ func(string, string, string) string) string { return b + s + s + a }},
		{"second signature in DuLieu", func(b, s, a string, r func(string, string, string) string) string {
			return r(b, "</DuLieu>", s+"</DuLieu>") + s + a
		}},
		{"signature first child", func(b, s, a string, r func(string, string, string) string) string { return r(b, root, root+s) + a }},
		{"signature not last", func(b, s, a string, _ func(string, string, string) string) string {
			return b + s + "<DuLieu></DuLieu>" + a
		}},
		{"text after signature", func(b, s, a string, _ func(string, string, string) string) string { return b + s + "x" + a }},
		{"signature inside header", func(b, s, a string, r func(string, string, string) string) string {
			return r(b, "</ThongTinGoiTin>", s+"</ThongTinGoiTin>") + a
		}},
		{"signature outside root", func(b, s, a string, _ func(string, string, string) string) string {
			return b + a[:strings.LastIndex(a, ">")+1] + s
		}},
		{"second GoiTin inside", func(b, s, a string, r func(string, string, string) string) string {
			return r(b, "</DuLieu>", root+"<ThongTinGoiTin></ThongTinGoiTin></GoiTin></DuLieu>") + s + a
		}},
		{"second GoiTin wrapping", func(b, s, a string, r func(string, string, string) string) string {
			return r(b, root, root+root) + s + a + "</GoiTin>"
		}},
		{"second GoiTin beside root", func(b, s, a string, _ func(string, string, string) string) string {
			return b + s + a + root + "</GoiTin>"
		}},
		{"reference to an ID", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, `URI=""`, `URI="#goitin"`) + a
		}},
		{"reference without URI", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, ref0, `<ds:Reference>`) + a
		}},
		{"reference with Id", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, ref0, `<ds:Reference URI="" Id="r">`) + a
		}},
		{"two references", func(b, s, a string, r func(string, string, string) string) string {
			ref := s[strings.Index(s, ref0) : strings.Index(s, refE)+len(refE)]
			return b + r(s, refE, refE+ref) + a
		}},
		{"extra transform", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, tExc, tExc+tExc) + a
		}},
		{"xpath transform", func(b, s, a string, r func(string, string, string) string) string { return b + r(s, tEnv, xpath) + a }},
		{"only exc-c14n transform", func(b, s, a string, r func(string, string, string) string) string { return b + r(s, tEnv, "") + a }},
		{"transforms swapped", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, tEnv+tExc, tExc+tEnv) + a
		}},
		{"no transforms", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, "<ds:Transforms>"+tEnv+tExc+"</ds:Transforms>", "") + a
		}},
		{"inclusive c14n", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, c14n, strings.Replace(c14n, exc, incl, 1)) + a
		}},
		{"inclusive c14n transform", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, tExc, strings.Replace(tExc, exc, incl, 1)) + a
		}},
		{"exc-c14n with comments", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, tExc, strings.Replace(tExc, "xml-exc-c14n#", "xml-exc-c14n#WithComments", 1)) + a
		}},
		{"InclusiveNamespaces", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, tExc, strings.Replace(tExc, "</ds:Transform>", `<ec:InclusiveNamespaces xmlns:ec="`+exc+`" PrefixList="ds"></ec:InclusiveNamespaces></ds:Transform>`, 1)) + a
		}},
		{"ds:Object", func(b, s, a string, r func(string, string, string) string) string {
			return b + r(s, "</ds:KeyInfo>", "</ds:KeyInfo><ds:Object>"+root+"</GoiTin></ds:Object>") + a
		}},
		{"ds element outside signature", func(b, s, a string, r func(string, string, string) string) string {
			return r(b, "</DuLieu>", `<ds:Reference xmlns:ds="http://www.w3.org/2000/09/xmldsig#" URI=""></ds:Reference></DuLieu>`) + s + a
		}},
		{"DOCTYPE", func(b, s, a string, _ func(string, string, string) string) string {
			return strings.Replace(b, "?>", "?>\n<!DOCTYPE GoiTin>", 1) + s + a
		}},
		{"DOCTYPE with entity", func(b, s, a string, _ func(string, string, string) string) string {
			return strings.Replace(b, "?>", "?>\n<!DOCTYPE GoiTin [<!ENTITY x \"H29\">]>", 1) + s + a
		}},
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func verifyCases(t *testing.T, s *signers) []verifyCase {
	t.Helper()
	packets := map[packet.Kind]*packet.Packet{}
	for _, k := range packet.Kinds() {
		packets[k] = packettest.New(packettest.Options{Seed: seed}).Packet(k, 1)
	}
	hoso := packets[packet.KindProfiles]
	signed := func(k *kitSigner, p *packet.Packet, opts ...signing.SignerOption) func(string) ([]byte, error) {
		return func(f string) ([]byte, error) { return k.sign(encode(t, p, f), opts...) }
	}
	then := func(mk func(string) ([]byte, error), change func(f string, doc []byte) ([]byte, error)) func(string) ([]byte, error) {
		return func(f string) ([]byte, error) {
			doc, err := mk(f)
			if err != nil {
				return nil, err
			}
			return change(f, doc)
		}
	}
	otherSigned := map[string][]byte{}
	cs := []verifyCase{
		{id: "good-HOSO", desc: "a HOSO packet signed by its sender, RSA 2048 (JSON) or ECDSA P-256 (XML)", make: func(f string) ([]byte, error) {
			if f == "json" {
				return s.h29RSA.sign(encode(t, hoso, f))
			}
			return s.h29EC.sign(encode(t, hoso, f))
		}},
		{id: "good-BIENDONG", desc: "a BIENDONG packet signed by its sender, ECDSA P-256 (JSON) or RSA 2048 (XML)", make: func(f string) ([]byte, error) {
			if f == "json" {
				return s.h29EC.sign(encode(t, packets[packet.KindChanges], f))
			}
			return s.h29RSA.sign(encode(t, packets[packet.KindChanges], f))
		}},
	}
	for _, k := range []packet.Kind{packet.KindMatches, packet.KindSharedProfiles, packet.KindResponse} {
		cs = append(cs, verifyCase{id: "good-" + string(k), desc: "a " + string(k) + " packet signed by the national database (000.00.00.G09)",
			make: signed(s.g09, packets[k])})
	}
	cs = append(cs,
		verifyCase{id: "R-SIG-001-unsigned", class: "unsigned", desc: "a valid HOSO packet without a signature",
			make: func(f string) ([]byte, error) { return encode(t, hoso, f), nil }},
		verifyCase{id: "R-SIG-002-content-changed", class: "digest-mismatch", desc: "HoVaTen changed after signing",
			make: then(signed(s.h29RSA, hoso), func(f string, doc []byte) ([]byte, error) {
				return change("HoVaTen", func(string) string { return "Trần Văn Khác" }).apply(doc, f)
			})},
		verifyCase{id: "R-SIG-002-malformed", class: "malformed", desc: "a signature value that is not base64",
			make: then(signed(s.h29RSA, hoso), func(f string, doc []byte) ([]byte, error) {
				if f == "json" {
					return regexp.MustCompile(`"GiaTri":"[^"]*"`).ReplaceAll(doc, []byte(`"GiaTri":"!!"`)), nil
				}
				return regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`).ReplaceAll(doc, []byte(`<ds:SignatureValue>!!</ds:SignatureValue>`)), nil
			})},
		verifyCase{id: "R-SIG-002-bad-signature", class: "bad-signature", desc: "a signature value that does not verify with the signer's key",
			make: then(signed(s.h29RSA, hoso), func(f string, doc []byte) ([]byte, error) {
				if f == "json" {
					return flipLastSignatureByte(doc)
				}
				other, ok := otherSigned[f]
				if !ok {
					var err error
					if other, err = s.h29RSA.sign(encode(t, packets[packet.KindSharedProfiles], f), signing.WithMatcher(nil)); err != nil {
						return nil, err
					}
					otherSigned[f] = other
				}
				sv := regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`)
				return sv.ReplaceAll(doc, sv.Find(other)), nil
			})},
		verifyCase{id: "R-SIG-003-expired", class: "expired", desc: "signed with a certificate that expired before the kit was made",
			make: signed(s.expired, hoso)},
		verifyCase{id: "R-SIG-003-untrusted-root", class: "untrusted", desc: "signed with a certificate under a root the kit does not trust (pki/untrusted-root.pem)",
			make: signed(s.untrustedRoot, hoso)},
		verifyCase{id: "R-SIG-003-wrong-key-usage", class: "untrusted", desc: "signed with a certificate for key encipherment only",
			make: signed(s.wrongKeyUsage, hoso)},
		verifyCase{id: "R-SIG-003-weak-rsa1024", class: "weak-algorithm", desc: "signed with a 1024-bit RSA key",
			// An older system's key: the default signer refuses it.
			make: signed(s.rsa1024, hoso, signing.WithAlgorithm(signing.RSASHA256))},
		// XML only: the CMS library the SDK signs with refuses such a chain.
		verifyCase{id: "R-SIG-003-weak-sha1-certificate", class: "weak-algorithm", formats: []string{"xml"},
			desc: "signed with a certificate its CA signed with ECDSA-with-SHA1", make: signed(s.sha1, hoso)},
		verifyCase{id: "R-SIG-004-wrong-signer", class: "signer-not-sender", desc: "a good signature of 000.00.00.G12 on a packet sent by 000.00.00.H29",
			make: signed(s.g12, hoso, signing.WithMatcher(nil))},
	)
	for _, w := range wrappingCases() {
		cs = append(cs, verifyCase{id: "R-SIG-005-" + slug(w.name), class: "wrapping", formats: []string{"xml"},
			desc: "XML signature wrapping: " + w.name,
			make: then(signed(s.h29RSA, hoso), func(_ string, doc []byte) ([]byte, error) {
				b, sig, a, err := sigPart(doc)
				if err != nil {
					return nil, err
				}
				var missing error
				repl := func(s, old, new string) string {
					if !strings.Contains(s, old) {
						missing = fmt.Errorf("%q not in the signed packet", old)
					}
					return strings.Replace(s, old, new, 1)
				}
				out := w.make(b, sig, a, repl)
				return []byte(out), missing
			})})
	}
	return cs
}

// flipLastSignatureByte changes the last byte of a JSON packet's CMS
// SignedData, the last byte of the signature value.
func flipLastSignatureByte(doc []byte) ([]byte, error) {
	re := regexp.MustCompile(`"GiaTri":"([^"]*)"`)
	m := re.FindSubmatch(doc)
	if m == nil {
		return nil, errors.New("no GiaTri")
	}
	der, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		return nil, err
	}
	der[len(der)-1] ^= 0x01
	return re.ReplaceAll(doc, []byte(`"GiaTri":"`+base64.StdEncoding.EncodeToString(der)+`"`)), nil
}

func (g *genKit) verifyVectors(t *testing.T, s *signers) {
	t.Helper()
	for _, c := range verifyCases(t, s) {
		formats := c.formats
		if formats == nil {
			formats = bothFormats
		}
		for _, f := range formats {
			verified := c.class == ""
			v := Vector{ID: c.id + "." + f, Kind: KindVerify, Format: f, File: "verify/" + c.id + "." + f, Description: c.desc,
				Expected: Expected{Verified: &verified, Rule: ClassRule(c.class), Class: c.class}}
			var data []byte
			if s.h29RSA != nil { // signing: not in the check, which has no PKI

				var err error
				if data, err = c.make(f); err != nil {
					t.Fatalf("%s: %v", v.ID, err)
				}
			}
			g.add(v, data, c.id != "R-SIG-001-unsigned")
		}
	}
}

// generate makes the kit; with sign, also a new PKI and the signed vectors.
func generate(t *testing.T, sign bool) *genKit {
	t.Helper()
	g := &genKit{manifest: Manifest{Name: kitName, Version: kitVersion, PacketVersion: packet.Version,
		PKI: PKI{Roots: "pki/root.pem", Intermediates: "pki/intermediate.pem"}}}
	g.validateVectors(t)
	g.applyVectors(t)
	s := &signers{}
	if sign {
		p, err := newKitPKI(time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if s, err = newSigners(p); err != nil {
			t.Fatal(err)
		}
		g.manifest.PKI.NotAfter = s.h29RSA.chain[0].NotAfter.UTC()
		g.files = append(g.files,
			kitFile{name: "pki/root.pem", data: certPEM(p.root.cert)},
			kitFile{name: "pki/intermediate.pem", data: certPEM(p.inter.cert)},
			kitFile{name: "pki/untrusted-root.pem", data: certPEM(p.otherRoot.cert)})
	}
	g.verifyVectors(t, s)
	g.migrateVectors(t, s)
	return g
}

func (g *genKit) manifestJSON(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g.manifest); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGenerate checks that the kit on disk is what the generator makes:
// the same manifest (but for the PKI's expiry) and the same unsigned
// vectors, byte for byte. With -update it makes the kit anew, after
// checking that the SDK gives every vector its expected outcome.
func TestGenerate(t *testing.T) {
	if *update {
		g := generate(t, true)
		mfs := fstest.MapFS{ManifestFile: {Data: g.manifestJSON(t)}}
		for _, f := range g.files {
			mfs[f.name] = &fstest.MapFile{Data: f.data}
		}
		k, err := Load(mfs)
		if err != nil {
			t.Fatal(err)
		}
		if failed := runSDK(t, k); failed {
			t.Fatal("the SDK does not give every vector its expected outcome: nothing written")
		}
		for _, dir := range []string{"validate", "apply", "verify", "migrate", "pki"} {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
		for name, f := range mfs {
			if err := os.MkdirAll(path.Dir(name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.FromSlash(name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	g := generate(t, false)
	k, err := Open(".")
	if err != nil && *updateUnsigned {
		// The manifest names vectors not written yet: keep its PKI only.
		k = &Kit{}
		b, rerr := os.ReadFile(ManifestFile)
		if rerr != nil || json.Unmarshal(b, &k.Manifest) != nil {
			t.Fatal(err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	onDisk := k.Manifest
	if *updateUnsigned {
		writeUnsigned(t, g, onDisk.PKI.NotAfter)
		return
	}
	want := g.manifest
	want.PKI.NotAfter = onDisk.PKI.NotAfter
	if d := cmp.Diff(want, onDisk); d != "" {
		t.Errorf("%s differs from what the generator makes (-generated +on disk); run go test ./conformance -run TestGenerate -update:\n%s", ManifestFile, d)
	}
	// No file on disk that the kit does not name.
	named := map[string]bool{"pki/root.pem": true, "pki/intermediate.pem": true, "pki/untrusted-root.pem": true}
	for _, f := range g.files {
		named[f.name] = true
	}
	for _, v := range onDisk.Vectors {
		named[v.File] = true
	}
	for _, dir := range []string{"validate", "apply", "verify", "migrate", "pki"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if name := dir + "/" + e.Name(); !named[name] {
				t.Errorf("%s is not part of the kit", name)
			}
		}
	}
	for _, f := range g.files {
		if f.signed {
			continue
		}
		b, err := os.ReadFile(filepath.FromSlash(f.name))
		if err != nil {
			t.Errorf("%v (run go test ./conformance -run TestGenerate -update)", err)
			continue
		}
		if !bytes.Equal(b, f.data) {
			t.Errorf("%s differs from what the generator makes (run go test ./conformance -run TestGenerate -update)", f.name)
		}
	}
}

// writeUnsigned rewrites manifest.json, keeping the PKI's expiry, and the
// vectors that carry no signature, then checks the kit on disk with the
// SDK: new unsigned vectors need no new PKI.
func writeUnsigned(t *testing.T, g *genKit, notAfter time.Time) {
	t.Helper()
	g.manifest.PKI.NotAfter = notAfter
	for _, dir := range []string{"validate", "apply"} {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	files := append([]kitFile{{name: ManifestFile, data: g.manifestJSON(t)}}, g.files...)
	for _, f := range files {
		if f.signed {
			continue
		}
		if err := os.MkdirAll(path.Dir(f.name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.FromSlash(f.name), f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	k, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	if runSDK(t, k) {
		t.Fatal("the SDK does not give every vector its expected outcome")
	}
}
