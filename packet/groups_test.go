package packet

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// tenGroups returns the spec's example HOSO packet (format 2.0) with its
// first profile carrying every member format 2.0 adds for the ten data
// groups of Decree 27/2026/NĐ-CP, each with a valid value.
func tenGroups(t *testing.T) *Packet {
	t.Helper()
	p := decodeFile(t, filepath.Join("testdata", "spec", "hoso.json"))
	p.Records.Profiles = p.Records.Profiles[:1]
	p.Header.RecordCount = 1
	pr := &p.Records.Profiles[0]
	qd := func(n string, d Date) Decision {
		return Decision{Number: n, Date: d, Issuer: "Sở Nội vụ TP. Hồ Chí Minh"}
	}
	pct := 25
	pr.IDCard = &IDCard{Issued: Date{2021, 4, 10}, Issuer: "Cục Cảnh sát quản lý hành chính về trật tự xã hội"}
	pr.Background = "NONG_DAN"
	pr.PolicyBeneficiary = &PolicyBeneficiary{WarInvalidClass: "2/4", PolicyFamily: "CON_THUONG_BINH"}
	pr.Education.DefenceSecurity = "DOI_TUONG_3"
	pr.Organisations = []OrganisationMembership{{Organisation: "CONG_DOAN", Joined: Date{2008, 10, 1}, Position: "Tổ trưởng công đoàn"}, {Organisation: "DOAN_TNCS", Joined: Date{2001, 3, 26}}}
	pr.MilitaryService = &MilitaryService{Enlisted: Date{2003, 2, 15}, Discharged: Date{2005, 2, 15}, HighestRank: "Trung sĩ", Force: "QUAN_DOI"}
	pr.Appointments = []Appointment{{Position: "Phó Trưởng phòng", Form: "BO_NHIEM", From: Date{2021, 7, 1}, Decision: qd("512/QĐ-SNV", Date{2021, 6, 25})}}
	pr.Planning = []PlanningEntry{{Title: "Trưởng phòng", Period: "2026-2031", Level: "CAP_PHONG", Decision: qd("88/QĐ-SNV", Date{2026, 3, 2})}}
	pr.Transfers = []Transfer{{Kind: "BIET_PHAI", From: Date{2019, 3, 1}, To: Date{2020, 2, 29}, Unit: "Ủy ban nhân dân Phường Sài Gòn", Decision: qd("101/QĐ-SNV", Date{2019, 2, 20})}}
	pr.Allowances = []Allowance{{Kind: "CHUC_VU", Coefficient: 30, From: Date{2021, 7, 1}}, {Kind: "CONG_VU", Percent: &pct, From: Date{2011, 5, 1}}}
	pr.Grades = []YearlyGrade{{Year: 2024, Grade: "HTTNV"}, {Year: 2025, Grade: "HTXSNV"}}
	pr.Awards[0].Title = "Chiến sĩ thi đua cơ sở"
	pr.Disciplines = []Discipline{{Date: Date{2018, 6, 1}, Form: "KHIEN_TRACH", Decision: "77/QĐ-SNV"}}
	pr.Relatives[0].Side = "BAN_THAN"
	pr.Relatives[0].Occupation = "Giáo viên"
	pr.Relatives[0].Residence = "Phường Sài Gòn, TP. Hồ Chí Minh"
	pr.Relatives[0].Nationality = "VN"
	pr.PersonalHistory = []HistoryEntry{{Kind: "THAN_NHAN_NUOC_NGOAI", From: Date{2015, 1, 1}, Account: "Dữ liệu mẫu, không phải của người thật"}}
	pr.AssetDeclarations = []AssetDeclaration{{Year: 2025, Kind: "HANG_NAM", Declared: Date{2025, 12, 15}, TotalIncome: 9_007_199_254_740_991, Change300M: false}}
	pr.Health = &Health{Condition: "TOT", HeightCM: 170, WeightKG: 65, BloodType: "O+", Examined: Date{2026, 5, 20}}
	pr.EndOfService = &EndOfService{Kind: "CHUYEN_CONG_TAC", Date: Date{2026, 10, 31}, Decision: qd("900/QĐ-SNV", Date{2026, 10, 15})}
	return p
}

func tenGroupsValidator(t *testing.T) *Validator {
	t.Helper()
	v, err := NewValidator(WithClock(func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.FixedZone("ICT", 7*3600)) }))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Every member of the ten groups goes through JSON and XML unchanged, and
// the packet validates clean in both.
func TestTenGroupsRoundTrip(t *testing.T) {
	p := tenGroups(t)
	v := tenGroupsValidator(t)
	for _, f := range []Format{FormatJSON, FormatXML} {
		var b bytes.Buffer
		if err := p.Encode(&b, f); err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		q, _, err := Decode(bytes.NewReader(b.Bytes()), f, Limits{})
		if err != nil {
			t.Fatalf("%v: %v", f, err)
		}
		if !reflect.DeepEqual(q.Records.Profiles, p.Records.Profiles) {
			t.Errorf("%v: the profile changed on the way:\n%+v\n%+v", f, q.Records.Profiles[0], p.Records.Profiles[0])
		}
		rep, err := v.Validate(context.Background(), bytes.NewReader(b.Bytes()))
		if err != nil || !rep.Valid() || len(rep.Findings) != 0 {
			t.Errorf("%v: %v %v", f, err, rep.Findings)
		}
	}
	xml := mustXML(t, p)
	for _, want := range []string{"<MucToChuc>", "<LanBoNhiem>", "<MucQuyHoach>", "<LanDieuChuyen>", "<MucPhuCap>", "<NamDanhGia>",
		"<MucLichSu>", "<LanKeKhai>", "<BienDongTu300Trieu>false</BienDongTu300Trieu>", "<TongThuNhap>9007199254740991</TongThuNhap>"} {
		if !strings.Contains(xml, want) {
			t.Errorf("the XML form has no %s", want)
		}
	}
}

// The XML form of the ten groups is valid against the published XSD.
func TestTenGroupsPassXSD(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed (apt-get install libxml2-utils)")
	}
	out := filepath.Join(t.TempDir(), "hoso.xml")
	if err := os.WriteFile(out, []byte(mustXML(t, tenGroups(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("schema", "goitin.xsd"), out).CombinedOutput(); err != nil {
		t.Errorf("the ten groups fail the XSD: %v\n%s", err, b)
	}
	// A boolean is true or false, as in JSON: XSD's 1 is refused.
	bad := strings.Replace(mustXML(t, tenGroups(t)), "<BienDongTu300Trieu>false<", "<BienDongTu300Trieu>0<", 1)
	if err := os.WriteFile(out, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("schema", "goitin.xsd"), out).Run(); err == nil {
		t.Error("the XSD accepts BienDongTu300Trieu 0")
	}
}

// The members of the ten groups are format 2.0 only: VersionHas knows it,
// the encoder does not write them into 1.0, and the reader of a 1.0 packet
// reports them.
func TestTenGroupsAreFormat2(t *testing.T) {
	for _, m := range []string{"/CanCuoc", "/ThanhPhanXuatThan", "/DoiTuongChinhSach", "/TrinhDo/QuocPhongAnNinh", "/ToChucChinhTriXaHoi",
		"/QuanNgu", "/BoNhiem", "/QuyHoach", "/DieuChuyen", "/PhuCap", "/DanhGiaXepLoai", "/KhenThuong/0/DanhHieu",
		"/QuanHeGiaDinh/0/Phia", "/QuanHeGiaDinh/0/NgheNghiep", "/QuanHeGiaDinh/0/NoiO", "/QuanHeGiaDinh/0/QuocTich",
		"/LichSuBanThan", "/KeKhaiTaiSan", "/SucKhoe", "/ChamDut"} {
		if VersionHas("1.0", "HoSo", m) || !VersionHas("2.0", "HoSo", m) {
			t.Errorf("VersionHas %s: 1.0 %v, 2.0 %v; want false, true", m, VersionHas("1.0", "HoSo", m), VersionHas("2.0", "HoSo", m))
		}
	}
	p := tenGroups(t)
	p.Header.Version = "1.0"
	var b bytes.Buffer
	if err := p.Encode(&b, FormatJSON); !errors.Is(err, ErrVersion) {
		t.Errorf("encoding the ten groups into 1.0: %v, want ErrVersion", err)
	}
	var doc bytes.Buffer
	if err := tenGroups(t).Encode(&doc, FormatJSON); err != nil {
		t.Fatal(err)
	}
	old := bytes.Replace(doc.Bytes(), []byte(`"PhienBan":"2.0"`), []byte(`"PhienBan":"1.0"`), 1)
	if bytes.Equal(old, doc.Bytes()) {
		t.Fatal("no PhienBan 2.0 in the packet")
	}
	rep, err := tenGroupsValidator(t).Validate(context.Background(), bytes.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"/CanCuoc", "/SucKhoe", "/TrinhDo/QuocPhongAnNinh", "/QuanHeGiaDinh/0/Phia", "/KeKhaiTaiSan"} {
		if countRule(rep.Findings, RuleSchema, "/DuLieu/0"+m) != 1 {
			t.Errorf("a 1.0 packet with %s: findings %v", m, rep.Findings)
		}
	}
}

func countRule(fs []Finding, rule, pointer string) int {
	n := 0
	for _, f := range fs {
		if f.Rule == rule && f.Pointer == pointer {
			n++
		}
	}
	return n
}

// codedMember is a member whose values come from a code list, at its
// JSON Pointer inside a record.
type codedMember struct {
	pointer string
	list    string
	value   reflect.Value
}

// codedMembers returns the members of v, of type ti, that carry a list
// tag, at the pointers below at.
func codedMembers(v reflect.Value, ti *typeInfo, at string) []codedMember {
	var out []codedMember
	for i := range ti.fields {
		f := &ti.fields[i]
		fv := v.Field(f.index)
		p := at + "/" + f.name
		switch {
		case f.list != "":
			out = append(out, codedMember{p, f.list, fv})
		case f.kind == kindStruct:
			out = append(out, codedMembers(fv, f.elem, p)...)
		case f.kind == kindStructPtr && !fv.IsNil():
			out = append(out, codedMembers(fv.Elem(), f.elem, p)...)
		case f.kind == kindSlice:
			for j := range fv.Len() {
				out = append(out, codedMembers(fv.Index(j), f.elem, p+"/"+strconv.Itoa(j))...)
			}
		}
	}
	return out
}

// Every member with a list tag is checked against its list (R-CODE-001),
// alone: the checker spells no member name for it.
func TestEveryCodedMemberIsChecked(t *testing.T) {
	base := tenGroups(t).Records.Profiles[0]
	ti := profileInfo()
	all := codedMembers(reflect.ValueOf(&base).Elem(), ti, "")
	seen := map[string]bool{}
	for _, m := range all {
		seen[m.list] = true
	}
	for _, name := range codedLists() {
		if name == codelist.ListChangeKind || name == codelist.ListMatchSource {
			continue // BienDong's and KetQuaDoiKhop's, below
		}
		if !seen[name] {
			t.Errorf("the fixture has no member of list %s", name)
		}
	}
	for k, m := range all {
		t.Run(m.pointer, func(t *testing.T) {
			p := tenGroups(t).Records.Profiles[0]
			codedMembers(reflect.ValueOf(&p).Elem(), ti, "")[k].value.SetString("KHONG_CO_MA_NAY")
			var fs []Finding
			c := newChecker(checkerConfig{Now: semNow})
			c.record(0, &p, func(f Finding) { fs = append(fs, f) })
			if len(fs) != 1 || fs[0].Rule != RuleCode || fs[0].Pointer != "/DuLieu/0"+m.pointer ||
				!strings.Contains(fs[0].MessageVI, m.list) || !strings.Contains(fs[0].MessageEN, "KHONG_CO_MA_NAY") {
				t.Errorf("findings %v, want one %s at %s naming list %s", fs, RuleCode, "/DuLieu/0"+m.pointer, m.list)
				return
			}
			// «Nhãn (TênTrường) "giá trị" …. Đề nghị ….», by the house style.
			name := m.pointer[strings.LastIndexByte(m.pointer, '/')+1:]
			if vi := fs[0].MessageVI; !strings.HasPrefix(vi, fieldVI(name)+` "KHONG_CO_MA_NAY"`) || !strings.Contains(vi, ". Đề nghị ") {
				t.Errorf("message %q does not name the field in words first, or says nothing to do", vi)
			}
		})
	}
	var fs []Finding
	c := newChecker(checkerConfig{Now: semNow})
	c.record(0, &Change{Kind: "KHONG_CO"}, func(f Finding) { fs = append(fs, f) })
	c.record(1, &MatchResult{Source: "KHONG_CO"}, func(f Finding) { fs = append(fs, f) })
	if countRule(fs, RuleCode, "/DuLieu/0/LoaiBienDong") != 1 || countRule(fs, RuleCode, "/DuLieu/1/Nguon") != 1 {
		t.Errorf("LoaiBienDong and Nguon outside their lists: %v", fs)
	}
}

// Every list tag names a list the SDK embeds.
func TestListTagsNameEmbeddedLists(t *testing.T) {
	for _, name := range codedLists() {
		if _, ok := codelist.Default().List(name); !ok {
			t.Errorf("list tag %q names no embedded list", name)
		}
	}
}

// Values of the new kinds that the model cannot carry are findings at
// their pointers, in JSON and XML alike: nothing is dropped.
func TestTenGroupsNothingLost(t *testing.T) {
	v := tenGroupsValidator(t)
	docs := map[Format][]byte{}
	for _, f := range []Format{FormatJSON, FormatXML} {
		var b bytes.Buffer
		if err := tenGroups(t).Encode(&b, f); err != nil {
			t.Fatal(err)
		}
		docs[f] = b.Bytes()
	}
	const decl = "/DuLieu/0/KeKhaiTaiSan/0/"
	for _, c := range []struct {
		name          string
		f             Format
		old, new      string
		rule, pointer string
	}{
		{"a boolean as a string", FormatJSON, `"BienDongTu300Trieu":false`, `"BienDongTu300Trieu":"false"`, RuleSchema, decl + "BienDongTu300Trieu"},
		{"a boolean as a number", FormatJSON, `"BienDongTu300Trieu":false`, `"BienDongTu300Trieu":0`, RuleSchema, decl + "BienDongTu300Trieu"},
		{"a null boolean", FormatJSON, `"BienDongTu300Trieu":false`, `"BienDongTu300Trieu":null`, RuleSchema, decl + "BienDongTu300Trieu"},
		{"a boolean as XSD's 0", FormatXML, `<BienDongTu300Trieu>false<`, `<BienDongTu300Trieu>0<`, RuleSchema, decl + "BienDongTu300Trieu"},
		{"a boolean in capitals", FormatXML, `<BienDongTu300Trieu>false<`, `<BienDongTu300Trieu>FALSE<`, RuleSchema, decl + "BienDongTu300Trieu"},
		{"an income beyond 2^53", FormatJSON, `"TongThuNhap":9007199254740991`, `"TongThuNhap":9007199254740993`, RuleValue, decl + "TongThuNhap"},
		{"an income beyond 2^53 in XML", FormatXML, `<TongThuNhap>9007199254740991<`, `<TongThuNhap>9007199254740993<`, RuleValue, decl + "TongThuNhap"},
		{"a fractional income", FormatJSON, `"TongThuNhap":9007199254740991`, `"TongThuNhap":1500000.5`, RuleSchema, decl + "TongThuNhap"},
		{"a negative income", FormatJSON, `"TongThuNhap":9007199254740991`, `"TongThuNhap":-1`, RuleSchema, decl + "TongThuNhap"},
		{"a height that is no integer", FormatXML, `<ChieuCao>170<`, `<ChieuCao>170.5<`, RuleSchema, "/DuLieu/0/SucKhoe/ChieuCao"},
		{"a percentage over 100", FormatJSON, `"PhanTram":25`, `"PhanTram":125`, RuleSchema, "/DuLieu/0/PhuCap/1/PhanTram"},
		{"a planning period of another shape", FormatJSON, `"GiaiDoan":"2026-2031"`, `"GiaiDoan":"2026 - 2031"`, RuleSchema, "/DuLieu/0/QuyHoach/0/GiaiDoan"},
		{"an examination date that does not exist", FormatJSON, `"NgayKham":"2026-05-20"`, `"NgayKham":"2026-02-30"`, RuleValue, "/DuLieu/0/SucKhoe/NgayKham"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !bytes.Contains(docs[c.f], []byte(c.old)) {
				t.Fatalf("no %s in the packet", c.old)
			}
			doc := bytes.Replace(docs[c.f], []byte(c.old), []byte(c.new), 1)
			rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if countRule(rep.Findings, c.rule, c.pointer) != 1 {
				t.Errorf("findings %v, want one %s at %s", rep.Findings, c.rule, c.pointer)
			}
			// A value the model cannot carry is a finding of Decode too; a
			// shape only the schema knows (a range, a pattern) is not.
			_, fs, err := Decode(bytes.NewReader(doc), c.f, Limits{})
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if shape := c.pointer == decl+"TongThuNhap" && c.new == `"TongThuNhap":-1` || strings.Contains(c.name, "percentage") || strings.Contains(c.name, "period"); shape != (fs == nil) {
				t.Errorf("Decode: %v", fs)
			}
		})
	}
}
