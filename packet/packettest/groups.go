package packettest

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// The members format 2.0 adds for the ten data groups of Decree
// 27/2026/NĐ-CP (docs/guide/en/03-mapping.md#the-ten-data-groups-of-format-20), made once the career
// is known, so that they agree with it. They draw from a stream of their
// own (Generator.groupsRng): a 2.0 profile is its 1.0 twin with these
// members added (and a relative's occupation in NgheNghiep rather than
// ThongTin, a title in DanhHieu rather than HinhThuc), and a 1.0 generator
// stays what it was.

// synthetic starts the free text of the sensitive groups, so that nobody
// mistakes a generated entry for a real person's.
const synthetic = "Dữ liệu mẫu: "

// unitMove is a move of the person to another unit, from a work history.
type unitMove struct {
	day packet.Date // the first day in the new unit
	to  *unit
}

// tenGroups fills in the format 2.0 members and returns the latest day
// they name, which NgayCapNhat is not before.
func (s *person) tenGroups() packet.Date {
	s.identity()
	s.militaryService()
	s.policy()
	s.relatives2()
	s.awardTitles()
	s.appointments()
	s.planning()
	s.transfers()
	s.allowances()
	s.grades()
	s.organisations()
	s.defenceSecurity()
	s.trainingKinds()
	s.personalHistory()
	s.declarations()
	s.health()
	return s.latest2
}

// updatedNotBefore moves NgayCapNhat to day d, at the same time of day,
// when it is before it: the profile was last changed after the events it
// records. It stays before Now.
func (s *person) updatedNotBefore(d packet.Date) {
	t := s.p.UpdatedAt
	if d.IsZero() || !packet.DateOf(t).Before(d) {
		return
	}
	loc := t.Location()
	h, m, sec := t.Clock()
	moved := time.Date(d.Year(), d.Month(), d.Day(), h, m, sec, t.Nanosecond(), loc)
	if now := s.g.opt.Now; !moved.Before(now) {
		moved = now.Add(-time.Minute).Truncate(time.Minute)
	}
	s.p.UpdatedAt = moved
}

// seen keeps d as the latest day of the format 2.0 members if it is.
func (s *person) seen(d packet.Date) {
	if !d.IsZero() && d.After(s.latest2) {
		s.latest2 = d
	}
}

// identity writes the identity card (CanCuoc), chip cards issued from
// 2021, and the family background.
func (s *person) identity() {
	g := s.g
	if g.chance(97) {
		hi := s.today
		lo := minDate(mustDate(2021, time.March, 1), hi)
		d := g.dateBetween(lo, hi)
		issuer := "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
		if !d.Before(mustDate(2024, time.July, 1)) {
			issuer = "Bộ Công an" // căn cước under Law 26/2023/QH15
		}
		s.p.IDCard = &packet.IDCard{Issued: d, Issuer: issuer}
		s.seen(d)
	}
	if g.chance(95) {
		s.p.Background = weighted(g,
			[]string{"NONG_DAN", "CAN_BO_CONG_CHUC_VIEN_CHUC", "CONG_NHAN", "TRI_THUC", "QUAN_NHAN", "TIEU_THUONG", "KHAC"},
			[]int{45, 25, 14, 5, 4, 5, 2})
	}
}

// militaryService gives some men two years of service between their
// first degree and recruitment, when their courses leave room for it.
func (s *person) militaryService() {
	g := s.g
	if s.female || len(s.courses) == 0 {
		return
	}
	enlisted := mustDate(s.courses[0].To.Year()+1, time.February, 15+g.intn(10))
	discharged := addDays(enlisted.AddYears(2), -1)
	if !discharged.Before(addMonths(s.recruited, -2)) || !g.chance(30) {
		return
	}
	for _, c := range s.courses[1:] {
		if !c.From.After(discharged) && !enlisted.After(c.To) {
			return // a course in the way
		}
	}
	s.p.MilitaryService = &packet.MilitaryService{Enlisted: enlisted, Discharged: discharged,
		HighestRank: weighted(g, []string{"Hạ sĩ", "Trung sĩ", "Thượng sĩ"}, []int{30, 45, 25}),
		Force:       weighted(g, []string{"QUAN_DOI", "CONG_AN"}, []int{85, 15})}
}

// policy makes a few of those born before 1990 children of a policy
// family; a martyr's child was born before 1976 and the father's entry
// says so. A few of those who served in the armed forces were wounded on
// duty and are war invalids of the lightest classes (ThuongBinhHang): one
// in a hundred of them, as a profile of service in peacetime would be.
func (s *person) policy() {
	g := s.g
	if s.p.MilitaryService != nil && g.chance(1) {
		s.p.PolicyBeneficiary = &packet.PolicyBeneficiary{WarInvalidClass: weighted(g, []string{"3/4", "4/4"}, []int{25, 75})}
		return
	}
	if s.birth.Year() >= 1990 || !g.chance(3) {
		return
	}
	kind := weighted(g, []string{"CON_THUONG_BINH", "CON_BENH_BINH", "CON_NGUOI_NHIEM_CHAT_DOC_HOA_HOC", "CON_LIET_SI"}, []int{50, 15, 10, 25})
	if kind == "CON_LIET_SI" {
		father := -1
		for i, r := range s.p.Relatives {
			if r.Relation == "BO" {
				father = i
			}
		}
		if s.birth.Year() > 1975 || father < 0 {
			kind = "CON_THUONG_BINH"
		} else {
			s.p.Relatives[father].Details = "Liệt sĩ"
		}
	}
	s.p.PolicyBeneficiary = &packet.PolicyBeneficiary{PolicyFamily: kind}
}

// relatives2 writes the side, occupation, residence and nationality of
// each relative, and for some married people the spouse's parents.
func (s *person) relatives2() {
	g := s.g
	city := g.org.place
	home := city
	if a := s.p.PermanentAddress; a != nil {
		home = a.Detail + ", " + city
	}
	parents := s.p.Hometown.Detail + ", " + placeName(s.p.Hometown.UnitCode, g.codes)
	now := s.today.Year()
	var spouse *packet.Relative
	for i := range s.p.Relatives {
		r := &s.p.Relatives[i]
		r.Side, r.Nationality = "BAN_THAN", "VN"
		switch r.Details {
		case "Đã mất", "Liệt sĩ":
			continue
		case "":
		default:
			r.Occupation, r.Details = r.Details, ""
		}
		switch r.Relation {
		case "BO", "ME":
			r.Residence = parents
		case "VO", "CHONG":
			r.Residence = home
			spouse = r
		case "CON":
			r.Residence = home
			if now-r.BirthYear >= 23 {
				r.Residence = city
			}
		}
	}
	if spouse == nil || !g.chance(50) {
		return
	}
	father, mother := "BO_VO", "ME_VO"
	if spouse.Relation == "CHONG" {
		father, mother = "BO_CHONG", "ME_CHONG"
	}
	family := spouse.FullName[:strings.IndexByte(spouse.FullName, ' ')]
	south := southern(s.born.Code)
	fy, my := spouse.BirthYear-24-g.intn(12), spouse.BirthYear-20-g.intn(12)
	for _, in := range []struct {
		rel, name string
		year      int
		female    bool
	}{{father, g.personName(family, false, fy), fy, false}, {mother, g.personName(g.familyName(south), true, my), my, true}} {
		r := packet.Relative{Side: "VO_CHONG", Relation: in.rel, FullName: in.name, BirthYear: in.year, Nationality: "VN"}
		if info := parentInfo(g, now-in.year, in.female); info == "Đã mất" {
			r.Details = info
		} else {
			r.Occupation, r.Residence = info, city
		}
		s.p.Relatives = append(s.p.Relatives, r)
	}
}

// awardTitles writes an emulation title as one (DanhHieu), not as a form
// of award.
func (s *person) awardTitles() {
	for i := range s.p.Awards {
		if a := &s.p.Awards[i]; a.Form == "Chiến sĩ thi đua cơ sở" {
			a.Title, a.Form = a.Form, "Danh hiệu thi đua"
		}
	}
}

// appointer returns the unit whose decision puts the person in a position
// of the unit (unitLevel: the unit that manages it, or the level-1 agency)
// or of a department of it (the unit).
func (s *person) appointer(unitLevel bool) (name, abbr string) {
	o := s.g.org
	switch m := &o.units[s.u.manager]; {
	case !unitLevel && s.p.PersonKind != identifier.Cadre.Code():
		return s.u.name, s.u.abbr
	case m != s.u:
		return m.name, m.abbr
	}
	return o.topName, o.topAbbr
}

// decisionBefore is a decision of the unit named, signed a few days
// before day d, and not before the recruitment.
func (s *person) decisionBefore(d packet.Date, name, abbr string) packet.Decision {
	g := s.g
	signed := maxDate(addDays(d, -1-g.intn(15)), s.recruited)
	return packet.Decision{Number: decision(g, abbr), Date: signed, Issuer: name}
}

// appointments writes the appointment to the present position (BoNhiem),
// the one of ChucVu: cadres are elected.
func (s *person) appointments() {
	if s.pos == nil {
		return
	}
	form := "BO_NHIEM"
	if s.p.PersonKind == identifier.Cadre.Code() {
		form = "BAU_CU"
	}
	name, abbr := s.appointer(s.unitLevel)
	s.p.Appointments = []packet.Appointment{{Position: s.pos.title, Form: form, From: s.appointed, Decision: s.decisionBefore(s.appointed, name, abbr)}}
}

// planning puts leaders, and some senior staff, in the planning of the
// next title up for the current term (2026-2031 in 2026).
func (s *person) planning() {
	g := s.g
	u := s.u
	var title, level string
	unitLevel := false
	switch {
	case s.pos == nil:
		if len(s.promos) == 0 || fullYears(s.recruited, s.today) < 6 || !g.chance(20) {
			return
		}
		title, unitLevel = u.deputy.title, true
		switch {
		case len(u.depts) == 0:
		case u.kind == unitCollege:
			title, unitLevel = facDeputy.title, false
		case u.kind == unitCommune:
			title, unitLevel = communeDept[0].title, false
		default:
			title, unitLevel = deptDeputy.title, false
		}
	case s.unitLevel && s.pos.title == u.deputy.title:
		title, unitLevel = u.head.title, true
	case s.unitLevel:
		return // the head: planned, if at all, for a post elsewhere
	case s.pos.title == deptDeputy.title:
		title = deptHead.title
	case s.pos.title == facDeputy.title:
		title = facHead.title
	default:
		title, unitLevel = u.deputy.title, true
	}
	switch {
	case u.kind == unitTop:
		level = "TRUNG_UONG"
	case u.kind == unitCommune:
		level = "CAP_XA"
	case unitLevel && (u.kind == unitOffice || u.kind == unitFinance || u.kind == unitInspect):
		level = "TINH"
	case unitLevel:
		level = "CAP_VU_SO"
	default:
		level = "CAP_PHONG"
	}
	y := s.today.Year()
	start := y - ((y-2026)%5+5)%5
	signed := g.dateBetween(maxDate(mustDate(start-1, time.January, 1), s.recruited), s.today)
	name, abbr := s.appointer(unitLevel)
	s.p.Planning = []packet.PlanningEntry{{Title: title, Period: strconv.Itoa(start) + "-" + strconv.Itoa(start+5), Level: level,
		Decision: packet.Decision{Number: decision(g, abbr), Date: signed, Issuer: name}}}
	s.seen(signed)
}

// transfers writes the moves of the work history to another unit
// (DIEU_DONG), and for a few a secondment (BIET_PHAI) of one or two years
// inside a period of work, at most one open.
func (s *person) transfers() {
	g := s.g
	var ts []packet.Transfer
	for _, m := range s.moves {
		mgr := &g.org.units[m.to.manager]
		ts = append(ts, packet.Transfer{Kind: "DIEU_DONG", From: m.day, Unit: m.to.name, Decision: s.decisionBefore(m.day, mgr.name, mgr.abbr)})
	}
	if fullYears(s.recruited, s.today) >= 4 && g.chance(6) {
		for _, w := range s.p.WorkHistory {
			end := w.To
			if end.IsZero() {
				end = s.today
			}
			lo, hi := w.From.AddYears(1), end.AddYears(-1)
			if hi.Before(lo) {
				continue
			}
			from := firstOfMonth(g.dateBetween(lo, hi))
			if !from.After(w.From) {
				continue
			}
			to := addDays(from.AddYears(1+g.intn(2)), -1)
			switch {
			case to.Before(end):
			case w.To.IsZero():
				to = packet.Date{} // still seconded
			default:
				to = addDays(w.To, -1) // back before the period ends
			}
			to2 := s.otherUnit(unitCommune, unitOffice)
			mgr := &g.org.units[s.u.manager]
			ts = append(ts, packet.Transfer{Kind: "BIET_PHAI", From: from, To: to, Unit: to2.name, Decision: s.decisionBefore(from, mgr.name, mgr.abbr)})
			break
		}
	}
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].From.Before(ts[j-1].From); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	s.p.Transfers = ts
}

// allowances writes the allowances that follow from the position, the
// rank and the job (PhuCap): the position allowance of ChucVu, the
// seniority allowance beyond the last step of Ngach, the public-service
// allowance of cadres and civil servants (25%, Decree 34/2012/NĐ-CP), the
// teachers' professional and seniority allowances.
func (s *person) allowances() {
	var as []packet.Allowance
	if s.pos != nil && s.pos.allowance > 0 {
		as = append(as, packet.Allowance{Kind: "CHUC_VU", Coefficient: packet.Decimal2(s.pos.allowance), From: s.appointed})
	}
	if pct := s.p.Rank.ExtraPercent; pct != nil && *pct > 0 {
		p := *pct
		as = append(as, packet.Allowance{Kind: "VUOT_KHUNG", Percent: &p, From: s.p.Rank.Since.AddYears(stepYears(s.g.groups[s.p.Rank.Code]))})
	}
	percent := func(kind string, p int, from packet.Date) {
		as = append(as, packet.Allowance{Kind: kind, Percent: &p, From: from})
	}
	switch s.u.kind {
	case unitUpper, unitLower, unitCollege:
		pct := 30
		if s.u.kind == unitCollege {
			pct = 25
		}
		percent("UU_DAI_NGHE", pct, s.recruited)
		if five := maxDate(s.recruited.AddYears(5), mustDate(2011, time.May, 1)); !five.After(s.today) {
			percent("THAM_NIEN_NGHE", min(5+fullYears(s.recruited.AddYears(5), s.today), 40), five)
		}
	default:
		// Not before the decree, and not at all on a day before it.
		if from := maxDate(s.recruited, mustDate(2012, time.May, 1)); s.p.PersonKind != identifier.PublicEmployee.Code() && !from.After(s.today) {
			percent("CONG_VU", 25, from)
		}
	}
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].From.Before(as[j-1].From); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
	s.p.Allowances = as
}

// grades writes a quality grade for each year of service from the first
// the person worked half of (Decree 90/2020/NĐ-CP grades once a year, in
// December), agreeing with the awards and the discipline: a title needs
// HTXSNV, a Giấy khen or Bằng khen at least HTTNV, a disciplined year is
// KHTNV (our reading of Decree 90/2020/NĐ-CP as amended by Decree
// 48/2023/NĐ-CP).
func (s *person) grades() {
	g := s.g
	first := s.recruited.Year()
	if s.recruited.After(mustDate(first, time.July, 1)) {
		first++
	}
	last := s.today.Year() - 1
	if !s.today.Before(mustDate(s.today.Year(), time.December, 20)) {
		last++
	}
	var gs []packet.YearlyGrade
	for y := first; y <= last; y++ {
		grade := weighted(g, []string{"HTXSNV", "HTTNV", "HTNV", "KHTNV"}, []int{15, 62, 22, 1})
		for _, a := range s.p.Awards {
			switch {
			case a.Year != y:
			case a.Title != "":
				grade = "HTXSNV"
			case grade == "HTNV" || grade == "KHTNV":
				grade = "HTTNV"
			}
		}
		for _, d := range s.p.Disciplines {
			if d.Date.Year() == y {
				grade = "KHTNV"
			}
		}
		gs = append(gs, packet.YearlyGrade{Year: y, Grade: grade})
	}
	s.p.Grades = gs
}

// organisations writes the socio-political organisations: the trade union
// from recruitment for nearly all, the Youth Union from school for those
// recruited young, the Women's Union for some women, the Veterans'
// Association for some who served.
func (s *person) organisations() {
	g := s.g
	var os []packet.OrganisationMembership
	if s.birth.AddYears(30).After(s.recruited) && g.chance(70) {
		m := packet.OrganisationMembership{Organisation: "DOAN_TNCS", Joined: mustDate(s.birth.Year()+16, time.March, 26)}
		if s.birth.AddYears(30).After(s.today) && g.chance(15) {
			m.Position = "Bí thư chi đoàn"
		}
		os = append(os, m)
	}
	if m := s.p.MilitaryService; m != nil && g.chance(40) {
		if d := addDays(m.Discharged, 30+g.intn(1500)); d.Before(s.today) {
			os = append(os, packet.OrganisationMembership{Organisation: "HOI_CUU_CHIEN_BINH", Joined: d})
		}
	}
	if g.chance(95) {
		os = append(os, packet.OrganisationMembership{Organisation: "CONG_DOAN", Joined: minDate(addDays(s.recruited, g.intn(90)), s.today)})
	}
	if s.female && g.chance(40) {
		if d := addDays(s.recruited, 365+g.intn(730)); d.Before(s.today) {
			os = append(os, packet.OrganisationMembership{Organisation: "HOI_PHU_NU", Joined: d})
		}
	}
	for i := 1; i < len(os); i++ {
		for j := i; j > 0 && os[j].Joined.Before(os[j-1].Joined); j-- {
			os[j], os[j-1] = os[j-1], os[j]
		}
	}
	s.p.Organisations = os
}

// defenceSecurity writes the defence-and-security training by position:
// the group of the knowledge training for leaders (Decree 13/2014/NĐ-CP
// as amended by Decree 139/2020/NĐ-CP, our reading), the university
// certificate for graduates.
func (s *person) defenceSecurity() {
	q := "CHUA_QUA_DAO_TAO"
	switch {
	case s.pos != nil && s.unitLevel && s.u.kind == unitTop:
		q = "DOI_TUONG_2"
	case s.pos != nil && s.unitLevel && s.u.kind != unitCommune:
		q = "DOI_TUONG_3"
	case s.pos != nil:
		q = "DOI_TUONG_4"
	case s.lad.edu == codelist.EducationBachelor || s.lad.edu == codelist.EducationCollege:
		q = "CHUNG_CHI_GIAO_DUC_QPAN"
	}
	s.p.Education.DefenceSecurity = q
}

// defenceCourses are where the defence-and-security knowledge training of
// each group is held (Decree 13/2014/NĐ-CP as amended by Decree
// 139/2020/NĐ-CP, our reading), and the name of the group.
var defenceCourses = map[string]struct{ school, group string }{
	"DOI_TUONG_2": {"Học viện Quốc phòng", "đối tượng 2"},
	"DOI_TUONG_3": {"Trường Quân sự Quân khu", "đối tượng 3"},
	"DOI_TUONG_4": {"Trường Quân sự", "đối tượng 4"},
}

// trainingKinds writes the kind of each course (Loai, format 2.0) from
// what it is, and adds the defence-and-security course of a leader, of the
// group defenceSecurity gave, a few months after the appointment.
func (s *person) trainingKinds() {
	ts := slices.Clone(s.p.Training)
	for i := range ts {
		switch c := &ts[i]; c.Major {
		case "Lý luận chính trị", "Lý luận chính trị - hành chính":
			c.Kind = "LY_LUAN_CHINH_TRI"
		case "Quản lý nhà nước":
			c.Kind = "QUAN_LY_NHA_NUOC"
		default:
			c.Kind = "CHUYEN_MON"
		}
	}
	if dc, ok := defenceCourses[s.p.Education.DefenceSecurity]; ok && !s.appointed.IsZero() {
		from := firstOfMonth(addMonths(s.appointed, 3+s.g.intn(9)))
		to := addDays(addMonths(from, 1), -1)
		if to.Before(s.today) {
			school := dc.school
			if s.p.Education.DefenceSecurity == "DOI_TUONG_4" {
				school += " " + s.g.org.place
			}
			ts = append(ts, packet.Course{From: from, To: to, Institution: school, Major: "Quốc phòng và an ninh", Form: "BOI_DUONG",
				Degree: "Chứng chỉ bồi dưỡng kiến thức quốc phòng và an ninh " + dc.group, Kind: "QUOC_PHONG_AN_NINH"})
			sortCourses(ts)
		}
	}
	s.p.Training = ts
}

// personalHistory writes, for a few, an entry of the personal history
// (group 3, sensitive). Generated entries are only of the two kinds that
// say nothing about the person's own past conduct, and their text starts
// with "Dữ liệu mẫu: ": no generated profile can be taken for a real
// person's history.
func (s *person) personalHistory() {
	g := s.g
	switch r := g.intn(100); {
	case r < 5:
		child := -1
		for i, rel := range s.p.Relatives {
			if rel.Relation == "CON" && s.today.Year()-rel.BirthYear >= 19 && rel.Details == "" {
				child = i
			}
		}
		if child < 0 {
			return
		}
		from := mustDate(s.p.Relatives[child].BirthYear+18, time.September, 1)
		s.p.Relatives[child].Residence = "Thành phố Melbourne, Australia"
		s.p.PersonalHistory = []packet.HistoryEntry{{Kind: "THAN_NHAN_NUOC_NGOAI", From: from,
			Account: synthetic + "con đang học tập, sinh sống ở nước ngoài"}}
	case r < 7 && fullYears(s.recruited, s.today) >= 5:
		from := firstOfMonth(g.dateBetween(s.recruited.AddYears(2), s.today.AddYears(-2)))
		s.p.PersonalHistory = []packet.HistoryEntry{{Kind: "TO_CHUC_NUOC_NGOAI", From: from, To: addDays(from.AddYears(1), -1),
			Account: synthetic + "tham gia chương trình học bổng của một tổ chức quốc tế"}}
	}
}

// baseSalary is the base salary (lương cơ sở) in force in a year, in VND:
// Decree 38/2019/NĐ-CP, 24/2023/NĐ-CP and 73/2024/NĐ-CP, by the mid-year.
func baseSalary(y int) int64 {
	switch {
	case y >= 2024:
		return 2_340_000
	case y == 2023:
		return 1_800_000
	}
	return 1_490_000
}

// declarations writes the metadata of the declarations of assets and
// income (group 9, sensitive) of those who must declare (leaders and
// cadres, Law on Anti-corruption 2018, Art. 34-36): the first within ten
// days of taking the position (in December 2021 for those in it when the
// law's decree took effect), yearly ones in December for heads of units
// and cadres, a rare additional one for the others. TongThuNhap is made
// from the public salary table (coefficient and allowance times the base
// salary, rounded to a million, plus a random other income): it is no
// one's real income.
func (s *person) declarations() {
	g := s.g
	if s.pos == nil && s.p.PersonKind != identifier.Cadre.Code() {
		return
	}
	income := func(y int) int64 {
		coef := int64(s.p.Rank.Coefficient)
		if s.pos != nil {
			coef += int64(s.pos.allowance)
		}
		yearly := coef * baseSalary(y) * 12 / 100
		return (yearly/1_000_000 + int64(g.intn(60))) * 1_000_000
	}
	since := s.appointed
	if since.IsZero() {
		since = s.recruited
	}
	first := addDays(since, 3+g.intn(8))
	if since.Before(mustDate(2021, time.November, 1)) {
		first = g.dateBetween(mustDate(2021, time.December, 1), mustDate(2021, time.December, 20))
	}
	if first.After(s.today) {
		return
	}
	ds := []packet.AssetDeclaration{{Year: first.Year(), Kind: "LAN_DAU", Declared: first, TotalIncome: income(first.Year())}}
	yearly := s.unitLevel || s.p.PersonKind == identifier.Cadre.Code()
	for y := first.Year() + 1; ; y++ {
		d := mustDate(y, time.December, 1+g.intn(20))
		if d.After(s.today) {
			break
		}
		switch {
		case yearly:
			ds = append(ds, packet.AssetDeclaration{Year: y, Kind: "HANG_NAM", Declared: d, TotalIncome: income(y), Change300M: g.chance(6)})
		case g.chance(5):
			ds = append(ds, packet.AssetDeclaration{Year: y, Kind: "BO_SUNG", Declared: d, TotalIncome: income(y), Change300M: true})
		}
	}
	s.p.AssetDeclarations = ds
	s.seen(ds[len(ds)-1].Declared)
}

// health writes the last periodic examination (group 10, sensitive) of
// most: height and weight drawn from the usual adult ranges with a body
// mass index of 18.5 to 26, a blood group with the frequencies of the
// population, independently of everything else about the person, so that
// no generated entry is anyone's.
func (s *person) health() {
	g := s.g
	if !g.chance(75) {
		return
	}
	y := s.today.Year()
	if s.today.Before(mustDate(y, time.May, 1)) {
		y--
	}
	day := g.dateBetween(mustDate(y, time.March, 1), minDate(mustDate(y, time.October, 31), s.today))
	h := 160 + (g.intn(19)+g.intn(19))/2 // 160-178
	if s.female {
		h = 148 + (g.intn(19)+g.intn(19))/2 // 148-166
	}
	bmi := 185 + g.intn(76) // tenths
	w := bmi * h * h / 100_000
	s.p.Health = &packet.Health{
		Condition: weighted(g, []string{"TOT", "BINH_THUONG", "KEM"}, []int{78, 20, 2}),
		HeightCM:  h, WeightKG: w,
		BloodType: weighted(g, []string{"O+", "B+", "A+", "AB+", "O-", "B-", "A-", "AB-"}, []int{4200, 3000, 2100, 600, 4, 3, 2, 1}),
		Examined:  day,
	}
	s.seen(day)
}

// The rates of ChamDut, an end of service decided ahead of its day (the
// profile stays DANG_CONG_TAC until then).
const (
	// retirementDecidedPct is the share, in percent, of the people whose
	// retirement day falls within the next six months whose retirement is
	// already decided.
	retirementDecidedPct = 60
	// leavingPer10k is the share, per ten thousand, of the others whose
	// resignation or transfer out is decided.
	leavingPer10k = 50
)

// The codes of LoaiChamDut the generator writes.
const (
	endRetired     = "NGHI_HUU"
	endResigned    = "THOI_VIEC"
	endTransferred = "CHUYEN_CONG_TAC"
)

// endOfService writes ChamDut for an end of service already decided: a
// retirement (NGHI_HUU) from the first day of the month after the person
// reaches the retirement age, within six months, decided one to three
// months before that day or today if that is later; or a resignation
// (THOI_VIEC) or a transfer out (CHUYEN_CONG_TAC) within 60 days, decided
// within the last 30. The decision is the managing unit's manager's. It
// returns the day the decision was signed, or the zero date.
func (s *person) endOfService() packet.Date {
	g := s.g
	kind, day, signed := endRetired, s.retirementDay(), packet.Date{}
	switch {
	case !day.IsZero():
		if !g.chance(retirementDecidedPct) {
			return packet.Date{}
		}
		signed = minDate(addMonths(day, -1-g.intn(3)), g.today)
	case g.intn(10000) < leavingPer10k:
		kind = pick(g, []string{endResigned, endTransferred})
		day = addDays(g.today, 1+g.intn(60))
		signed = maxDate(addDays(g.today, -g.intn(30)), s.recruited)
	default:
		return packet.Date{}
	}
	mgr := &g.org.units[s.u.manager]
	s.p.EndOfService = &packet.EndOfService{Kind: kind, Date: day,
		Decision: packet.Decision{Number: decision(g, mgr.abbr), Date: signed, Issuer: mgr.name}}
	return signed
}

// retirementDay returns the first day of the month after the person
// reaches the retirement age, if it falls within the next six months, or
// the zero date.
func (s *person) retirementDay() packet.Date {
	today := s.g.today
	birth, ok := s.p.BirthDate.Full()
	if !ok {
		return packet.Date{}
	}
	day := firstOfMonth(addMonths(addMonths(birth, retirementMonths(s.female, today.Year()+1)), 1))
	if !day.After(today) || day.After(addMonths(today, 6)) {
		return packet.Date{}
	}
	return day
}
