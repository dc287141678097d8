package packet

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// GioiTinh 0 (no information, QCVN 109:2017) is in the list, and the
// personal ID's gender digit is not judged against it, where a recorded
// gender that disagrees is.
func TestGenderNoInformation(t *testing.T) {
	p := semBase() // 079085001234: digit 4 is 0, a man born in the 1900s
	p.Gender = "0"
	semDiff(t, nil, semCheckProfiles(t, semHeader(1), p))

	p.Gender = "2"
	semDiff(t, []Finding{semErr(RulePersonalIDGender, p0+"SoDinhDanh")}, semCheckProfiles(t, semHeader(1), p))
}

// The salary rules pick Table 2 or Table 3 of Decree 204/2004/NĐ-CP by the
// person's kind: the tables differ in groups C2 and C3. Steps of the salary
// history accept either table, as the person may have been of another kind.
func TestSalaryTableByPersonKind(t *testing.T) {
	tests := []struct {
		name, kind, rank string
		step             int
		coef             string
		history          bool
		want             string // rule fired, "" for none
		table            string // the table the message names
	}{
		{"C2 in Table 3 for a public employee", "VC", "V.99.99.02", 1, "2.00", false, "", ""},
		{"C2 of Table 2 for a public employee", "VC", "V.99.99.02", 1, "1.50", false, RuleSalaryCoeff, "Bảng 3"},
		{"C2 in Table 2 for a civil servant", "CC", "99.902", 3, "1.86", false, "", ""},
		{"C2 of Table 3 for a civil servant", "CC", "99.902", 3, "2.36", false, RuleSalaryCoeff, "Bảng 2"},
		{"cadres use Table 2", "CB", "99.903", 12, "3.33", false, "", ""},
		{"C3 of Table 3 for a cadre", "CB", "99.903", 12, "3.48", false, RuleSalaryCoeff, "Bảng 2"},
		{"C3 in Table 3", "VC", "V.99.99.03", 12, "3.48", false, "", ""},
		{"history: Table 3 coefficient for a civil servant", "CC", "99.902", 3, "2.36", true, "", ""},
		{"history: in neither table", "CC", "99.902", 3, "2.40", true, RuleSalaryCoeff, "Bảng 2"},
		{"unknown kind: a title code reads Table 3", "XX", "V.99.99.02", 1, "2.00", false, "", ""},
		{"unknown kind: a rank code reads Table 2", "XX", "99.902", 1, "2.00", false, RuleSalaryCoeff, "Bảng 2"},
		{"step beyond C3", "VC", "V.99.99.03", 13, "3.66", false, RuleSalaryStep, "Bảng 3"},
		{"A groups are the same in both", "VC", "01.003", 6, "3.99", false, "", ""},
	}
	codes := withRanks(t, map[string]string{"V.99.99.02": "C2", "99.902": "C2", "99.903": "C3", "V.99.99.03": "C3"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChecker(checkerConfig{Now: semNow, Codes: codes})
			s := &semFindings{t: t}
			sc := salaryCase{kind: tt.kind, rank: tt.rank, step: tt.step, coef: semDec(tt.coef), past: tt.history}
			c.salary(sc, at(0, nRank), rankSalary, s.emit)
			if tt.want == "" {
				semDiff(t, nil, s.fs)
				return
			}
			if len(s.fs) != 1 || s.fs[0].Rule != tt.want {
				t.Fatalf("findings %+v, want one %s", s.fs, tt.want)
			}
			vi, en := s.fs[0].MessageVI, s.fs[0].MessageEN
			if !strings.Contains(vi, tt.table+" ban hành kèm theo Nghị định số 204/2004/NĐ-CP") ||
				!strings.Contains(en, "Table "+tt.table[len("Bảng "):]) || !strings.Contains(vi, "Đề nghị") {
				t.Errorf("messages %q / %q do not name %s", vi, en, tt.table)
			}
		})
	}
}

// The message reads as the house style asks: field in words, wire name in
// brackets, decimal comma, the rank in the decree's words, the table.
func TestSalaryMessageStyle(t *testing.T) {
	p := semBase()
	p.PersonKind = "VC"
	p.Rank = Rank{Code: "V.07.05.14", Step: 2, Coefficient: semDec("4.68"), Since: semDate("2023-09-01")}
	p.SalaryHistory = nil
	fs := semCheckProfiles(t, semHeader(1), p)
	want := "Hệ số lương (HeSoLuong) 4,68 không đúng: chức danh nghề nghiệp mã số V.07.05.14 (viên chức loại A2, nhóm A2.2) " +
		"bậc 2 có hệ số 4,34 theo Bảng 3 ban hành kèm theo Nghị định số 204/2004/NĐ-CP. Đề nghị đối chiếu quyết định xếp lương."
	if len(fs) != 1 || fs[0].MessageVI != want {
		t.Fatalf("findings %+v\nwant %q", fs, want)
	}
	if en := fs[0].MessageEN; !strings.Contains(en, "4.68") || !strings.Contains(en, "4.34") || !strings.Contains(en, "Table 3") {
		t.Errorf("English message %q", en)
	}
}

// A form of discipline the law in force on the decision day does not give
// the person's kind is an R-CODE-001 finding that names the kind and the law.
func TestDisciplineByPersonKind(t *testing.T) {
	tests := []struct {
		kind, form, date string
		fire             bool
		basis            string
	}{
		{"CB", "BAI_NHIEM", "2025-09-10", false, ""},
		{"CC", "BAI_NHIEM", "2025-09-10", true, "Điều 36 Luật Cán bộ, công chức số 80/2025/QH15"},
		{"CC", "HA_BAC_LUONG", "2025-06-30", false, ""},
		{"CC", "HA_BAC_LUONG", "2025-07-01", true, "Nghị định số 172/2025/NĐ-CP"},
		{"CC", "GIANG_CHUC", "2026-01-05", true, "80/2025/QH15"},
		{"CB", "BUOC_THOI_VIEC", "2018-01-05", true, "Điều 78 Luật Cán bộ, công chức số 22/2008/QH12"},
		{"VC", "HA_BAC_LUONG", "2019-04-01", true, "Điều 52 Luật Viên chức số 58/2010/QH12"},
		{"VC", "CACH_CHUC", "2026-08-01", false, ""},
		{"VC", "BAI_NHIEM", "2026-08-01", true, "Điều 7 Nghị định số 234/2026/NĐ-CP"},
		{"VC", "HA_BAC_LUONG", "2010-04-01", false, ""},    // before the Law on Public Employees: not judged
		{"CC", "HA_BAC_LUONG", "", false, ""},              // no day: some law gave it
		{"VC", "HA_BAC_LUONG", "", true, "234/2026/NĐ-CP"}, // no day: no law ever gave it; the latest is cited
		{"XX", "HA_BAC_LUONG", "2020-01-01", false, ""},    // LoaiDoiTuong itself is R-CODE-001
		{"CC", "PHAT_TIEN", "2020-01-01", true, ""},        // outside the list: one finding, not two
	}
	for _, tt := range tests {
		p := semBase()
		p.PersonKind = tt.kind
		d := Discipline{Form: tt.form, Decision: "12/QĐ-SNV", Reason: "Vi phạm quy chế"}
		if tt.date != "" {
			d.Date = semDate(tt.date)
		}
		p.Disciplines = []Discipline{d}
		var want []Finding
		if tt.kind == "XX" {
			want = append(want, semErr(RuleCode, p0+"LoaiDoiTuong"))
		}
		if tt.fire {
			want = append(want, semErr(RuleCode, p0+"KyLuat/0/HinhThuc"))
		}
		fs := semCheckProfiles(t, semHeader(1), p)
		semDiff(t, want, fs)
		if !tt.fire || tt.basis == "" || len(fs) != 1 {
			continue
		}
		vi, en := fs[0].MessageVI, fs[0].MessageEN
		if !strings.Contains(vi, "Hình thức kỷ luật (HinhThuc) \""+tt.form+"\" không áp dụng đối với ") ||
			!strings.Contains(vi, tt.basis) || !strings.Contains(vi, "Đề nghị") ||
			!strings.Contains(en, tt.kind) || !strings.Contains(en, "HinhThucKyLuat") {
			t.Errorf("%s %s %s: messages %q / %q", tt.kind, tt.form, tt.date, vi, en)
		}
	}
}

// The Vietnamese message names the day as dd/mm/yyyy and the forms in words.
func TestDisciplineMessage(t *testing.T) {
	p := semBase()
	p.Disciplines = []Discipline{{Date: semDate("2025-08-04"), Form: "HA_BAC_LUONG"}}
	fs := semCheckProfiles(t, semHeader(1), p)
	want := "Hình thức kỷ luật (HinhThuc) \"HA_BAC_LUONG\" không áp dụng đối với công chức (LoaiDoiTuong \"CC\") theo " +
		"Điều 36 Luật Cán bộ, công chức số 80/2025/QH15 và Nghị định số 172/2025/NĐ-CP tại ngày quyết định 04/08/2025: " +
		"chỉ có các hình thức khiển trách, cảnh cáo, cách chức, buộc thôi việc. Đề nghị đối chiếu quyết định kỷ luật."
	if len(fs) != 1 || fs[0].MessageVI != want {
		t.Fatalf("findings %+v\nwant %q", fs, want)
	}
}

// withRanks returns the default Set with the Ngach list extended by test
// ranks (code -> salary group), for groups no embedded rank uses.
func withRanks(t *testing.T, extra map[string]string) *codelist.Set {
	t.Helper()
	l, _ := codelist.Default().List(codelist.ListRank)
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	muc := f["muc"].([]any)
	for code, group := range extra {
		muc = append(muc, map[string]any{"ma": code, "ten": "Ngạch thử " + code, "nhom": group})
	}
	f["muc"] = muc
	if b, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	ranks, err := codelist.Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return codelist.Default().With(ranks)
}

// The commune of a current address must be in list Xa, the embedded one or
// one the caller puts in its place; a birthplace or home town may keep a
// code merged away in 2025. A Set without Xa checks the shape only.
func TestCommuneList(t *testing.T) {
	p := semBase()
	p.PermanentAddress = &Address{UnitCode: "00073", Detail: "12 Hàng Bạc", Country: "VN"} // merged into 00070
	p.CurrentAddress = &Address{UnitCode: "26740", Detail: "12 Lê Lợi", Country: "VN"}
	p.Birthplace = Address{UnitCode: "00073", Detail: "Phường Hàng Bạc", Country: "VN"}
	p.Hometown = Address{UnitCode: "99999", Detail: "Xã cũ", Country: "VN"}
	check := func(codes *codelist.Set, want []Finding) []Finding {
		t.Helper()
		c := newChecker(checkerConfig{Now: semNow, Codes: codes})
		s := &semFindings{t: t}
		c.record(0, &p, s.emit)
		semDiff(t, want, s.fs)
		return s.fs
	}

	// The embedded list.
	fs := check(codelist.Default(), []Finding{semErr(RuleCode, p0+"ThuongTru/MaDonViHanhChinh")})
	if len(fs) == 1 && (!strings.Contains(fs[0].MessageVI, `"00073"`) || !strings.Contains(fs[0].MessageVI, "danh mục Xa, phiên bản 2025.07") ||
		!strings.Contains(fs[0].MessageVI, "1027/CTK-CSCL")) {
		t.Errorf("message %q", fs[0].MessageVI)
	}

	// A list that replaces it, as when the General Statistics Office
	// publishes a change: its codes count, the embedded ones no longer.
	xa, err := codelist.Load(strings.NewReader(`{"ten": "Xa", "phienBan": "2026.01", "muc": [
		{"ma": "00073", "ten": "Phường Hàng Bạc"}, {"ma": "00070", "ten": "Phường Hoàn Kiếm"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	fs = check(codelist.Default().With(xa), []Finding{semErr(RuleCode, p0+"NoiOHienTai/MaDonViHanhChinh")})
	if len(fs) == 1 && (!strings.Contains(fs[0].MessageVI, "phiên bản 2026.01") || !strings.Contains(fs[0].MessageVI, "nơi ở hiện tại (NoiOHienTai)")) {
		t.Errorf("message %q", fs[0].MessageVI)
	}

	// A Set without Xa: shape only.
	check(semSetWithoutXa(), nil)

	// An address abroad is not judged.
	p.PermanentAddress.Country = "LA"
	check(codelist.Default(), nil)
}

// semCommuneProfile is semBase with commune codes of list Xa in both
// current addresses.
func semCommuneProfile() Profile {
	p := semBase()
	p.PermanentAddress = &Address{UnitCode: "00070", Detail: "12 Hàng Bạc, Phường Hoàn Kiếm", Country: "VN"}
	p.CurrentAddress = &Address{UnitCode: "26740", Detail: "12 Lê Lợi, Phường Sài Gòn", Country: "VN"}
	return p
}

// semSetWithoutXa is the default Set without the commune list.
func semSetWithoutXa() *codelist.Set {
	var lists []*codelist.List
	for _, name := range codelist.Default().Names() {
		if l, _ := codelist.Default().List(name); name != codelist.ListCommune {
			lists = append(lists, l)
		}
	}
	return codelist.NewSet(lists...)
}

// Checking the communes of a valid profile allocates nothing.
func TestCommuneCheckAllocs(t *testing.T) {
	c := semChecker(semNow)
	p := semCommuneProfile()
	fail := func(f Finding) { t.Errorf("unexpected finding %v", f) }
	c.record(0, &p, fail)
	n := testing.AllocsPerRun(100, func() {
		clear(c.personalIDs)
		c.record(0, &p, fail)
	})
	if n != 0 {
		t.Errorf("checking a valid profile with commune codes allocates %v times", n)
	}
}

// BenchmarkCheckCommunes measures the check of a profile whose two current
// addresses have commune codes, with list Xa and without it (shape only).
func BenchmarkCheckCommunes(b *testing.B) {
	for _, tt := range []struct {
		name  string
		codes *codelist.Set
	}{{"xa", codelist.Default()}, {"no-xa", semSetWithoutXa()}} {
		b.Run(tt.name, func(b *testing.B) {
			c := newChecker(checkerConfig{Now: semNow, Codes: tt.codes})
			p := semCommuneProfile()
			fail := func(f Finding) { b.Fatalf("unexpected finding %v", f) }
			b.ReportAllocs()
			for b.Loop() {
				clear(c.personalIDs)
				c.record(0, &p, fail)
			}
		})
	}
}

// The salary and discipline rules allocate nothing for a valid profile.
func TestCheckLawAllocs(t *testing.T) {
	c := semChecker(semNow)
	h := semHeader(1)
	c.header(&h, func(Finding) {})
	p := semBase()
	p.Disciplines = []Discipline{{Date: semDate("2025-09-01"), Form: "KHIEN_TRACH", Decision: "12/QĐ-SNV", Reason: "Đi muộn"}}
	fail := func(f Finding) { t.Errorf("unexpected finding %v", f) }
	c.record(0, &p, fail)
	n := testing.AllocsPerRun(100, func() {
		clear(c.personalIDs)
		c.record(0, &p, fail)
	})
	if n != 0 {
		t.Errorf("checking a valid profile with a discipline allocates %v times", n)
	}
}
