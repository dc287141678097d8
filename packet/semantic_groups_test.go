package packet

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// semGroups is semBase with a member of every format 2.0 group, as a clean
// career has them: a cadre-free civil servant recruited 2008-09-01, born
// 1985-03-12.
func semGroups() Profile {
	p := semBase()
	p.IDCard = &IDCard{Issued: semDate("2022-04-15"), Issuer: "Cục Cảnh sát quản lý hành chính về trật tự xã hội"}
	p.Background = "NONG_DAN"
	p.Relatives[0].Occupation, p.Relatives[0].Residence = "Giáo viên", "TP. Hồ Chí Minh"
	p.Relatives[0].Details = ""
	p.Awards[0].Title = "Chiến sĩ thi đua cơ sở"
	p.Organisations = []OrganisationMembership{{Organisation: "CONG_DOAN", Joined: semDate("2008-10-01"), Position: "Tổ trưởng công đoàn"}}
	p.MilitaryService = &MilitaryService{Enlisted: semDate("2004-02-15"), Discharged: semDate("2006-02-14"), HighestRank: "Trung sĩ", Force: "QUAN_DOI"}
	dec := func(day string) Decision {
		return Decision{Number: "12/QĐ-SNV", Date: semDate(day), Issuer: "Sở Nội vụ TP. Hồ Chí Minh"}
	}
	p.Appointments = []Appointment{{Position: "Phó Trưởng phòng", Form: "BO_NHIEM", From: semDate("2020-01-01"), Decision: dec("2019-12-20")}}
	p.Planning = []PlanningEntry{{Title: "Trưởng phòng", Period: "2026-2031", Level: "CAP_PHONG", Decision: dec("2026-03-02")}}
	p.Transfers = []Transfer{
		{Kind: "BIET_PHAI", From: semDate("2017-01-01"), To: semDate("2017-12-31"), Unit: "UBND Phường Sài Gòn", Decision: dec("2016-12-20")},
		{Kind: "BIET_PHAI", From: semDate("2017-12-31"), To: semDate("2018-06-30"), Unit: "UBND Phường Bến Thành", Decision: dec("2017-12-20")},
	}
	p.Allowances = []Allowance{
		{Kind: "CHUC_VU", Coefficient: semDec("0.3"), From: semDate("2020-01-01")},
		{Kind: "CONG_VU", Percent: semInt(25), From: semDate("2012-05-01")},
	}
	p.Grades = []YearlyGrade{{Year: 2024, Grade: "HTTNV"}, {Year: 2025, Grade: "HTXSNV"}}
	p.PersonalHistory = []HistoryEntry{{Kind: "TO_CHUC_NUOC_NGOAI", From: semDate("2014-01-01"), To: semDate("2014-12-31"), Account: "Dữ liệu mẫu: học bổng"}}
	p.AssetDeclarations = []AssetDeclaration{{Year: 2021, Kind: "LAN_DAU", Declared: semDate("2021-12-10"), TotalIncome: 120_000_000}}
	p.Health = &Health{Condition: "TOT", HeightCM: 168, WeightKG: 62, BloodType: "O+", Examined: semDate("2026-04-10")}
	return p
}

func TestSemanticGroupsClean(t *testing.T) {
	semDiff(t, nil, semCheckProfiles(t, semHeader(1), semGroups()))
}

// Each case breaks one rule of the format 2.0 groups, once.
func TestSemanticGroups(t *testing.T) {
	ended := func(p *Profile, day string) {
		p.EndOfService = &EndOfService{Kind: "NGHI_HUU", Date: semDate(day), Decision: Decision{Number: "9/QĐ-SNV", Date: semDate("2026-01-05"), Issuer: "Sở Nội vụ"}}
	}
	for _, tc := range []struct {
		name string
		mut  func(p *Profile)
		want []Finding
	}{
		{"future id card", func(p *Profile) { p.IDCard.Issued = semDate("2027-01-01") }, []Finding{semErr(RuleDateFuture, p0+"CanCuoc/NgayCap")}},
		{"id card before birth", func(p *Profile) { p.IDCard.Issued = semDate("1985-03-11") }, []Finding{semErr(RuleDateOrder, p0+"CanCuoc/NgayCap")}},
		{"id card before a month-only birth", func(p *Profile) {
			p.BirthDate = semPartial("1985-03")
			p.IDCard.Issued = semDate("1985-02-28")
		}, []Finding{semErr(RuleDateOrder, p0+"CanCuoc/NgayCap"), semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
		{"joined before birth", func(p *Profile) { p.Organisations[0].Joined = semDate("1980-01-01") }, []Finding{semErr(RuleDateOrder, p0+"ToChucChinhTriXaHoi/0/NgayThamGia")}},
		{"discharged before enlisted", func(p *Profile) { p.MilitaryService.Discharged = semDate("2004-02-14") }, []Finding{semErr(RuleDatePeriod, p0+"QuanNgu/NgayXuatNgu")}},
		{"future discharge", func(p *Profile) { p.MilitaryService.Discharged = semDate("2027-02-14") }, []Finding{semErr(RuleDateFuture, p0+"QuanNgu/NgayXuatNgu")}},
		{"appointment ends before it starts", func(p *Profile) { p.Appointments[0].To = semDate("2019-06-30") }, []Finding{semErr(RuleDatePeriod, p0+"BoNhiem/0/DenNgay")}},
		{"appointment term ends ahead", func(p *Profile) { p.Appointments[0].To = semDate("2030-01-01") }, nil},
		{"appointment before recruitment", func(p *Profile) { p.Appointments[0].From = semDate("2008-08-31") }, []Finding{semErr(RuleDateService, p0+"BoNhiem/0/TuNgay")}},
		{"appointment decided in the future", func(p *Profile) { p.Appointments[0].Decision.Date = semDate("2027-01-01") }, []Finding{semErr(RuleDateFuture, p0+"BoNhiem/0/QuyetDinh/Ngay")}},
		{"transfer before birth is not also before recruitment", func(p *Profile) { p.Transfers[0].From = semDate("1984-01-01") }, []Finding{semErr(RuleDateOrder, p0+"DieuChuyen/0/TuNgay")}},
		{"allowance before recruitment", func(p *Profile) { p.Allowances[1].From = semDate("2008-01-01") }, []Finding{semErr(RuleDateService, p0+"PhuCap/1/TuNgay")}},
		{"allowance after the end of service", func(p *Profile) {
			ended(p, "2025-12-31")
			p.Allowances[0].To = semDate("2026-01-31")
			p.Allowances[1].To = semDate("2025-12-31")
		}, []Finding{semErr(RuleDateService, p0+"PhuCap/0/DenNgay")}},
		{"end of service before recruitment", func(p *Profile) {
			ended(p, "2008-08-01")
			p.Allowances, p.Appointments, p.Transfers, p.Grades, p.AssetDeclarations = nil, nil, nil, nil, nil
		}, []Finding{semErr(RuleDateService, p0+"ChamDut/Ngay")}},
		{"grade before the recruitment year", func(p *Profile) { p.Grades[0].Year = 2007 }, []Finding{semErr(RuleDateService, p0+"DanhGiaXepLoai/0/Nam")}},
		{"grade of the recruitment year", func(p *Profile) { p.Grades[0].Year = 2008 }, nil},
		{"grade after the year service ended", func(p *Profile) {
			ended(p, "2024-12-31")
			p.Allowances, p.PersonalHistory = p.Allowances[1:], nil
			p.Allowances[0].To = semDate("2024-12-31")
		}, []Finding{semErr(RuleDateService, p0+"DanhGiaXepLoai/1/Nam")}},
		{"grade in a future year", func(p *Profile) { p.Grades[1].Year = 2027 }, []Finding{semErr(RuleDateFuture, p0+"DanhGiaXepLoai/1/Nam")}},
		{"a year graded twice", func(p *Profile) { p.Grades = append(p.Grades, YearlyGrade{Year: 2024, Grade: "HTNV"}) }, []Finding{semErr(RuleGradeYear, p0+"DanhGiaXepLoai/2/Nam")}},
		{"declaration before the recruitment year", func(p *Profile) {
			p.AssetDeclarations[0].Year = 2007
			p.AssetDeclarations[0].Declared = semDate("2007-12-10")
		}, []Finding{semErr(RuleDateService, p0+"KeKhaiTaiSan/0/Nam")}},
		{"declared before its year", func(p *Profile) { p.AssetDeclarations[0].Declared = semDate("2020-12-10") }, []Finding{semErr(RuleDateOrder, p0+"KeKhaiTaiSan/0/NgayKeKhai")}},
		{"history ends before it starts", func(p *Profile) { p.PersonalHistory[0].To = semDate("2013-12-31") }, []Finding{semErr(RuleDatePeriod, p0+"LichSuBanThan/0/DenNgay")}},
		{"planning period backwards", func(p *Profile) { p.Planning[0].Period = "2031-2026" }, []Finding{semErr(RuleDatePeriod, p0+"QuyHoach/0/GiaiDoan")}},
		{"examined in the future", func(p *Profile) { p.Health.Examined = semDate("2026-12-01") }, []Finding{semErr(RuleDateFuture, p0+"SucKhoe/NgayKham")}},
		{"height in metres", func(p *Profile) { p.Health.HeightCM = 2 }, []Finding{semErr(RuleHealthRange, p0+"SucKhoe/ChieuCao")}},
		{"height too tall", func(p *Profile) { p.Health.HeightCM = 231 }, []Finding{semErr(RuleHealthRange, p0+"SucKhoe/ChieuCao")}},
		{"height at the bounds", func(p *Profile) { p.Health.HeightCM = 100 }, nil},
		{"weight in pounds", func(p *Profile) { p.Health.WeightKG = 260 }, []Finding{semErr(RuleHealthRange, p0+"SucKhoe/CanNang")}},
		{"weight too low", func(p *Profile) { p.Health.WeightKG = 29 }, []Finding{semErr(RuleHealthRange, p0+"SucKhoe/CanNang")}},
		{"allowance both ways", func(p *Profile) { p.Allowances[0].Percent = semInt(10) }, []Finding{semErr(RuleAllowanceAmount, p0+"PhuCap/0/PhanTram")}},
		{"allowance neither way", func(p *Profile) { p.Allowances[1].Percent = nil }, []Finding{semErr(RuleAllowanceAmount, p0+"PhuCap/1")}},
		{"two secondments at once", func(p *Profile) { p.Transfers[1].From = semDate("2017-12-01") }, []Finding{semErr(RuleSecondment, p0+"DieuChuyen/1/TuNgay")}},
		{"two open secondments", func(p *Profile) { p.Transfers[0].To, p.Transfers[1].To = Date{}, Date{} }, []Finding{semErr(RuleSecondment, p0+"DieuChuyen/1/TuNgay")}},
		{"a transfer during a secondment", func(p *Profile) { p.Transfers[1].Kind, p.Transfers[1].From = "DIEU_DONG", semDate("2017-06-01") }, nil},
		{"elected while a civil servant", func(p *Profile) { p.Appointments[0].Form = "BAU_CU" }, []Finding{semErr(RulePersonKind, p0+"BoNhiem/0/HinhThuc")}},
		{"approved while a public employee", func(p *Profile) {
			p.PersonKind = "VC"
			p.Rank = Rank{Code: "V.07.05.13", Step: 6, Coefficient: semDec("6.10"), Since: semDate("2023-09-01")}
			p.SalaryHistory = nil
			p.Allowances = p.Allowances[:1]
			p.Appointments[0].Form = "PHE_CHUAN"
		}, []Finding{semErr(RulePersonKind, p0+"BoNhiem/0/HinhThuc")}},
		{"elected once, as a cadre", func(p *Profile) {
			p.Appointments[0].Form, p.Appointments[0].To = "BAU_CU", semDate("2021-06-30")
		}, nil},
		{"elected as a cadre", func(p *Profile) { p.PersonKind, p.Appointments[0].Form = "CB", "BAU_CU" }, nil},
		{"text of the groups", func(p *Profile) { p.Transfers[0].Unit = "UBND  Phường Sài Gòn" }, []Finding{semWarn(RuleTextNormal, p0+"DieuChuyen/0/DonViDen")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := semGroups()
			tc.mut(&p)
			semDiff(t, tc.want, semCheckProfiles(t, semHeader(1), p))
		})
	}
}

// The findings of the groups read as vi-style asks: the field in words
// with its wire name in brackets, dates dd/mm/yyyy, numbers with a
// decimal comma, an «Đề nghị …»; and never an ISO date in Vietnamese.
func TestSemanticGroupsMessages(t *testing.T) {
	p := semGroups()
	p.Allowances[0].Percent = semInt(10)
	p.Appointments[0].From = semDate("2008-08-31")
	p.Health.HeightCM = 2
	p.Grades = append(p.Grades, YearlyGrade{Year: 2024, Grade: "HTNV"})
	p.Transfers[1].From = semDate("2017-12-01")
	p.Appointments[0].Form = "BAU_CU"
	p.PersonalHistory[0].To = semDate("2013-12-31")
	got := semCheckProfiles(t, semHeader(1), p)
	if len(got) != 7 {
		t.Fatalf("%d findings, want 7: %v", len(got), got)
	}
	iso := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	for _, f := range got {
		if !strings.Contains(f.MessageVI, "Đề nghị") || !regexp.MustCompile(`\([A-Z][A-Za-z]+\)`).MatchString(f.MessageVI) || iso.MatchString(f.MessageVI) {
			t.Errorf("%s %s: %q is not in the form of the Vietnamese findings", f.Rule, f.Pointer, f.MessageVI)
		}
	}
	want := map[string]string{
		RuleAllowanceAmount: "hệ số (HeSo) 0,3 và tỷ lệ phần trăm (PhanTram) 10%",
		RuleDateService:     `Từ ngày (TuNgay) "31/08/2008" của quá trình bổ nhiệm thứ 1 trước ngày tuyển dụng (NgayTuyenDung) 01/09/2008`,
		RuleHealthRange:     "Chiều cao (ChieuCao) 2 cm",
		RuleDatePeriod:      `Đến ngày (DenNgay) "31/12/2013" của lịch sử bản thân thứ 1 trước từ ngày (TuNgay) 01/01/2014`,
	}
	for _, f := range got {
		if w, ok := want[f.Rule]; ok && !strings.Contains(f.MessageVI, w) {
			t.Errorf("%s: %q lacks %q", f.Rule, f.MessageVI, w)
		}
	}
}

// Every member whose check tag says "text" is judged (R-TXT-001) and
// normalised (Normalize), found through the mapping table.
func TestSemanticGroupsTextMembers(t *testing.T) {
	p := semGroups()
	p.EndOfService = &EndOfService{Kind: "NGHI_HUU", Date: semDate("2045-03-12"), Decision: Decision{Number: "9/QĐ-SNV", Date: semDate("2026-01-05"), Issuer: "Sở Nội vụ"}}
	var want []string
	setText(t, reflect.ValueOf(&p).Elem(), profileInfo(), "", &want)
	if len(want) < 14 {
		t.Fatalf("only %d text members found: %v", len(want), want)
	}
	var got []Finding
	for _, f := range semCheckProfiles(t, semHeader(1), p) {
		if f.Rule == RuleTextNormal && strings.HasPrefix(f.Pointer, p0) {
			got = append(got, f)
		}
	}
	seen := map[string]bool{}
	for _, f := range got {
		seen[strings.TrimPrefix(f.Pointer, "/DuLieu/0")] = true
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("R-TXT-001 not reported at %s", w)
		}
	}
	changed := map[string]bool{}
	for _, c := range p.Normalize() {
		changed[c] = true
	}
	for _, w := range want {
		if !changed[w] {
			t.Errorf("Normalize did not fix %s", w)
		}
	}
	for _, f := range semCheckProfiles(t, semHeader(1), p) {
		if f.Rule == RuleTextNormal {
			t.Errorf("after Normalize: %v", f)
		}
	}
}

// setText puts a double space into every text member the check tags mark,
// and lists their pointers.
func setText(t *testing.T, v reflect.Value, ti *typeInfo, ptr string, out *[]string) {
	for k := range ti.fields {
		f := &ti.fields[k]
		switch {
		case f.check&checkFreeText != 0:
			v.Field(f.index).SetString("Văn  bản")
			*out = append(*out, ptr+"/"+f.name)
		case f.elem == nil || !f.elem.checked:
		case f.kind == kindStruct:
			setText(t, v.Field(f.index), f.elem, ptr+"/"+f.name, out)
		case f.kind == kindStructPtr:
			if !v.Field(f.index).IsNil() {
				setText(t, v.Field(f.index).Elem(), f.elem, ptr+"/"+f.name, out)
			}
		case f.kind == kindSlice:
			for j := range v.Field(f.index).Len() {
				setText(t, v.Field(f.index).Index(j), f.elem, ptr+"/"+f.name+"/"+string(rune('0'+j)), out)
			}
		}
	}
}

// Checking a valid profile with every group allocates nothing.
func TestCheckGroupsAllocs(t *testing.T) {
	c := semChecker(semNow)
	h := semHeader(1)
	c.header(&h, func(Finding) {})
	p := semGroups()
	fail := func(f Finding) { t.Errorf("unexpected finding %v", f) }
	c.record(0, &p, fail)
	n := testing.AllocsPerRun(100, func() {
		clear(c.personalIDs)
		c.record(0, &p, fail)
	})
	if n != 0 {
		t.Errorf("checking a valid profile of the ten groups allocates %v times", n)
	}
}

// A check tag where the rules cannot read it is a defect of the model.
func TestCheckTags(t *testing.T) {
	for _, tag := range []string{"past", "born,service,from", "text"} {
		if parseChecks(tag) == 0 {
			t.Errorf("parseChecks(%q) = 0", tag)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown check word did not panic")
		}
	}()
	parseChecks("past,soon")
}
