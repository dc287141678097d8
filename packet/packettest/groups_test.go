package packettest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/packet"
)

// tenGroupMembers are the HoSo members format 2.0 adds, by wire name, with
// the Go field that holds each.
var tenGroupMembers = map[string]string{
	"CanCuoc": "IDCard", "ThanhPhanXuatThan": "Background", "DoiTuongChinhSach": "PolicyBeneficiary",
	"ToChucChinhTriXaHoi": "Organisations", "QuanNgu": "MilitaryService", "BoNhiem": "Appointments",
	"QuyHoach": "Planning", "DieuChuyen": "Transfers", "PhuCap": "Allowances", "DanhGiaXepLoai": "Grades",
	"LichSuBanThan": "PersonalHistory", "KeKhaiTaiSan": "AssetDeclarations", "SucKhoe": "Health",
}

// Format 2.0 profiles carry all ten groups, and they hold together with the
// rest of the career; format 1.0 profiles carry none of them.
func TestTenGroups(t *testing.T) {
	const n = 600
	seen := map[string]int{}
	kinds := map[string]bool{}
	for i, p := range New(Options{Seed: 12}).EachProfile(n) {
		v := reflect.ValueOf(p)
		for wire, goName := range tenGroupMembers {
			if !v.FieldByName(goName).IsZero() {
				seen[wire]++
			}
		}
		if p.Education.DefenceSecurity != "" {
			seen["QuocPhongAnNinh"]++
		}
		checkCareer(t, i, &p)
		for _, tr := range p.Transfers {
			kinds[tr.Kind] = true
		}
		for _, a := range p.Allowances {
			kinds[a.Kind] = true
		}
		for _, c := range p.Training {
			if c.Kind == "" {
				t.Errorf("profile %d: a course without its kind: %+v", i, c)
			}
			kinds[c.Kind] = true
		}
	}
	for wire := range tenGroupMembers {
		if seen[wire] == 0 {
			t.Errorf("no profile of %d has %s", n, wire)
		}
	}
	for _, k := range []string{"DIEU_DONG", "BIET_PHAI", "CHUC_VU", "VUOT_KHUNG", "CONG_VU", "UU_DAI_NGHE", "THAM_NIEN_NGHE",
		"CHUYEN_MON", "LY_LUAN_CHINH_TRI", "QUAN_LY_NHA_NUOC", "QUOC_PHONG_AN_NINH"} {
		if !kinds[k] {
			t.Errorf("no transfer or allowance of kind %s in %d profiles", k, n)
		}
	}
	for _, p := range New(Options{Seed: 12, Version: "1.0"}).Profiles(200) {
		v := reflect.ValueOf(p)
		for wire, goName := range tenGroupMembers {
			if !v.FieldByName(goName).IsZero() {
				t.Fatalf("a 1.0 profile has %s", wire)
			}
		}
		for _, c := range p.Training {
			if c.Kind != "" {
				t.Fatal("a 1.0 profile has a course of a kind (Loai)")
			}
		}
		if p.Education.DefenceSecurity != "" || len(p.Relatives) > 0 && p.Relatives[0].Side != "" {
			t.Fatal("a 1.0 profile has a 2.0 member of TrinhDo or QuanHeGiaDinh")
		}
	}
}

// checkCareer checks that the ten groups of profile i agree with the rest
// of it.
func checkCareer(t *testing.T, i int, p *packet.Profile) {
	t.Helper()
	fail := func(format string, args ...any) { t.Errorf("profile %d: "+format, append([]any{i}, args...)...) }
	// The appointment is that of ChucVu, with its allowance.
	switch {
	case p.Position == nil && len(p.Appointments) > 0:
		fail("an appointment without a position")
	case p.Position != nil && (len(p.Appointments) != 1 || p.Appointments[0].Position != p.Position.Title || p.Appointments[0].From != p.Position.Appointed):
		fail("appointments %+v do not match ChucVu %+v", p.Appointments, *p.Position)
	}
	for _, a := range p.Allowances {
		switch a.Kind {
		case "CHUC_VU":
			if p.Position == nil || a.Coefficient != p.Position.Allowance || a.From != p.Position.Appointed {
				fail("position allowance %+v does not match ChucVu", a)
			}
		case "VUOT_KHUNG":
			if p.Rank.ExtraPercent == nil || a.Percent == nil || *a.Percent != *p.Rank.ExtraPercent {
				fail("seniority allowance %+v does not match Ngach", a)
			}
		}
		if (a.Coefficient == 0) == (a.Percent == nil) {
			fail("allowance %+v has not exactly one of HeSo and PhanTram", a)
		}
		if a.From.Before(p.Recruitment.Date) {
			fail("allowance %+v before recruitment", a)
		}
	}
	// One grade for each year of service, in order.
	for k, g := range p.Grades {
		if k > 0 && g.Year != p.Grades[k-1].Year+1 || g.Year < p.Recruitment.Date.Year() {
			fail("grades %+v are not one a year from recruitment", p.Grades)
			break
		}
	}
	// A secondment lies inside a period of work; at most one is open.
	open := 0
	for _, tr := range p.Transfers {
		if tr.Kind != "BIET_PHAI" {
			continue
		}
		if tr.To.IsZero() {
			open++
		}
		inside := false
		for _, w := range p.WorkHistory {
			if tr.From.After(w.From) && (w.To.IsZero() || !tr.To.IsZero() && tr.To.Before(w.To)) {
				inside = true
			}
		}
		if !inside {
			fail("secondment %+v outside every period of work %+v", tr, p.WorkHistory)
		}
	}
	if open > 1 {
		fail("%d open secondments", open)
	}
	// The sensitive groups never look like a real person's.
	for _, h := range p.PersonalHistory {
		if !strings.HasPrefix(h.Account, "Dữ liệu mẫu: ") {
			fail("personal history %q is not marked as sample data", h.Account)
		}
	}
	for _, d := range p.AssetDeclarations {
		if d.TotalIncome <= 0 || d.TotalIncome%1_000_000 != 0 || d.Declared.Year() != d.Year {
			fail("declaration %+v", d)
		}
	}
	if h := p.Health; h != nil && (h.HeightCM < 148 || h.HeightCM > 178 || h.WeightKG < 40 || h.WeightKG > 90) {
		fail("health %+v out of the generator's ranges", *h)
	}
	if m := p.MilitaryService; m != nil && !m.Discharged.Before(p.Recruitment.Date) {
		fail("military service %+v does not end before recruitment", *m)
	}
	for _, r := range p.Relatives {
		if r.Side == "" || r.Nationality != "VN" {
			fail("relative %+v has no side or nationality", r)
		}
	}
	if p.UpdatedAt.Before(p.Recruitment.Date.In(p.UpdatedAt.Location())) {
		fail("NgayCapNhat before recruitment")
	}
}

// A 2.0 profile is its 1.0 twin of the same seed with the ten groups
// added: the groups draw from a stream of their own. What 2.0 writes
// elsewhere (an occupation in NgheNghiep, a title in DanhHieu, NgayCapNhat
// not before the groups' events) is put back before comparing.
func TestTenGroupsAddToThe1Twin(t *testing.T) {
	v1 := New(Options{Seed: 31, Version: "1.0"}).Profiles(300)
	for i, p := range New(Options{Seed: 31}).Profiles(300) {
		want := v1[i]
		want.ProfileID = p.ProfileID
		p.UpdatedAt = want.UpdatedAt
		v := reflect.ValueOf(&p).Elem()
		for _, goName := range tenGroupMembers {
			f := v.FieldByName(goName)
			f.Set(reflect.Zero(f.Type()))
		}
		p.Education.DefenceSecurity = ""
		p.EndOfService = nil // its own stream too
		var cs []packet.Course
		for _, c := range p.Training {
			if c.Kind != "QUOC_PHONG_AN_NINH" { // the leaders' course: 2.0 only
				c.Kind = ""
				cs = append(cs, c)
			}
		}
		p.Training = cs
		for k := range p.Awards {
			if a := &p.Awards[k]; a.Title != "" {
				a.Form, a.Title = a.Title, ""
			}
		}
		var rs []packet.Relative
		for k, r := range p.Relatives {
			if r.Side == "VO_CHONG" {
				continue // the spouse's parents: 2.0 only
			}
			if r.Occupation != "" {
				r.Details = r.Occupation
			}
			if r.Details == "Liệt sĩ" && k < len(want.Relatives) {
				r.Details = want.Relatives[k].Details // a martyr's child: 2.0 says so
			}
			r.Side, r.Occupation, r.Residence, r.Nationality = "", "", "", ""
			rs = append(rs, r)
		}
		p.Relatives = rs
		if !reflect.DeepEqual(p, want) {
			t.Fatalf("profile %d differs from its 1.0 twin beyond the ten groups:\n%+v\n%+v", i, p, want)
		}
	}
}

// ChamDut is an end of service decided ahead: some of those whose
// retirement falls within six months have it (NGHI_HUU on the first day of
// the month after they reach the retirement age, decided at most three
// months before it), a few others a resignation or a transfer out within
// 60 days, decided within the last 30; no decision is signed after today.
// The same seed gives the same ones.
func TestEndOfService(t *testing.T) {
	const n = 20000
	g := New(Options{Seed: 5})
	today := g.today
	var retired, due, leaving int
	for i, p := range g.EachProfile(n) {
		s := &person{g: g, p: p, female: p.Gender == "2"}
		day := s.retirementDay()
		if !day.IsZero() {
			due++
		}
		e := p.EndOfService
		if e == nil {
			continue
		}
		d := e.Decision
		ok := p.Status == codelist.StatusWorking && !d.Date.After(today) && d.Number != "" && d.Issuer != "" && !d.Date.Before(p.Recruitment.Date)
		switch e.Kind {
		case endRetired:
			retired++
			ok = ok && e.Date == day && (d.Date == today || !d.Date.Before(addMonths(day, -3)) && d.Date.Before(day))
		case endResigned, endTransferred:
			leaving++
			ok = ok && day.IsZero() && e.Date.After(today) && !e.Date.After(addDays(today, 60)) && !d.Date.Before(addDays(today, -29))
		default:
			ok = false
		}
		if !ok {
			t.Errorf("profile %d, born %s: ChamDut %+v", i, p.BirthDate, *e)
		}
	}
	// Binomial draws: far within six standard deviations.
	if due < 10 || retired*100 < due*(retirementDecidedPct-40) || retired*100 > due*(retirementDecidedPct+35) {
		t.Errorf("%d of %d profiles due to retire within six months have ChamDut", retired, due)
	}
	if others := n - due; leaving*10000 < others*(leavingPer10k-30) || leaving*10000 > others*(leavingPer10k+30) {
		t.Errorf("%d of %d profiles leave", leaving, others)
	}
	again := New(Options{Seed: 5}).Profiles(3000)
	for i, p := range New(Options{Seed: 5}).EachProfile(3000) {
		if !reflect.DeepEqual(p.EndOfService, again[i].EndOfService) {
			t.Fatalf("profile %d: ChamDut differs between two generators of one seed", i)
		}
	}
	t.Logf("%d of %d due retire, %d leave", retired, due, leaving)
}

// A few of those who served in the armed forces are war invalids
// (ThuongBinhHang), of the lightest classes; nobody else is.
func TestWarInvalids(t *testing.T) {
	const n = 4000
	invalids := 0
	for i, p := range New(Options{Seed: 7}).EachProfile(n) {
		pb := p.PolicyBeneficiary
		if pb == nil || pb.WarInvalidClass == "" {
			continue
		}
		invalids++
		if p.MilitaryService == nil || pb.PolicyFamily != "" || pb.WarInvalidClass != "3/4" && pb.WarInvalidClass != "4/4" {
			t.Errorf("profile %d: war invalid %+v without service in the armed forces %+v", i, *pb, p.MilitaryService)
		}
	}
	if invalids == 0 || invalids > n/100 {
		t.Errorf("%d war invalids in %d profiles", invalids, n)
	}
}
