package packettest

import (
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// ladder is a family of ranks a person is promoted through, lowest first.
type ladder struct {
	ranks  []string // codes of list Ngach
	titles []string // what a work history calls a holder of each rank
	edu    string   // ChuyenMon the first rank asks for: codelist.EducationBachelor, EducationCollege or EducationIntermediate
}

var (
	ladderGeneral   = ladder{[]string{"01.003", "01.002", "01.001"}, []string{"Chuyên viên", "Chuyên viên chính", "Chuyên viên cao cấp"}, codelist.EducationBachelor}
	ladderCanSu     = ladder{[]string{"01.004"}, []string{"Cán sự"}, codelist.EducationCollege}
	ladderNhanVien  = ladder{[]string{"01.005"}, []string{"Nhân viên"}, codelist.EducationIntermediate}
	ladderAccount   = ladder{[]string{"06.031", "06.030", "06.029"}, []string{"Kế toán viên", "Kế toán viên chính", "Kế toán viên cao cấp"}, codelist.EducationBachelor}
	ladderAccountCD = ladder{[]string{"06a.031"}, []string{"Kế toán viên"}, codelist.EducationCollege}
	ladderInspect   = ladder{[]string{"04.025", "04.024", "04.023"}, []string{"Thanh tra viên", "Thanh tra viên chính", "Thanh tra viên cao cấp"}, codelist.EducationBachelor}
	ladderUpper     = ladder{[]string{"V.07.05.15", "V.07.05.14", "V.07.05.13"}, []string{"Giáo viên", "Giáo viên", "Giáo viên"}, codelist.EducationBachelor}
	ladderLower     = ladder{[]string{"V.07.04.32", "V.07.04.31", "V.07.04.30"}, []string{"Giáo viên", "Giáo viên", "Giáo viên"}, codelist.EducationBachelor}
	ladderCollege   = ladder{[]string{"V.07.01.03", "V.07.01.02", "V.07.01.01"}, []string{"Giảng viên", "Giảng viên chính", "Giảng viên cao cấp"}, codelist.EducationBachelor}

	allLadders = []ladder{ladderGeneral, ladderCanSu, ladderNhanVien, ladderAccount, ladderAccountCD, ladderInspect, ladderUpper, ladderLower, ladderCollege}
)

// stepYears returns the years between two salary steps of a group: two for
// groups B and C, three for the others (Decree 204/2004/NĐ-CP).
func stepYears(group string) int {
	if group == "B" || strings.HasPrefix(group, "C") {
		return 2
	}
	return 3
}

// retirementMonths returns the retirement age, in months, of a worker
// reaching it in year y (Labour Code 2019, Art. 169): 60 years 3 months
// for men and 55 years 4 months for women in 2021, rising by 3 and 4
// months a year to 62 and 60.
func retirementMonths(female bool, y int) int {
	switch {
	case female && y <= 2020:
		return 55 * 12
	case female:
		return min(60*12, 55*12+4+4*(y-2021))
	case y <= 2020:
		return 60 * 12
	}
	return min(62*12, 60*12+3+3*(y-2021))
}

// person is a profile being made, with what the steps share.
type person struct {
	g     *Generator
	p     packet.Profile
	u     *unit // where the person works now
	today packet.Date

	female    bool
	birth     packet.Date
	born      codelist.Entry // province of birth registration, list TinhTruoc2025
	family    string         // family name
	recruited packet.Date

	lad    ladder
	promos []packet.Date // when the person reached ranks 1, 2 … of the ladder
	start  int           // the salary step on recruitment

	pos       *position // leadership position now, if any
	unitLevel bool      // pos heads the unit, not a department of it
	appointed packet.Date
	dept      string // the department now, if the unit has departments
	firstUnit *unit  // the first place of work

	major   string          // of the first degree
	schools []string        // where the person studied
	courses []packet.Course // DaoTaoBoiDuong so far

	moves   []unitMove  // the moves of the work history to another unit
	latest2 packet.Date // the latest day the format 2.0 members name
}

// profile makes the next profile. partial says whether it should have a
// year-only birth date (Options.PartialBirthDates), which Profile applies
// when the record has no defect.
func (g *Generator) profile() (packet.Profile, bool) {
	o := g.org
	s := &person{g: g, today: g.today}
	s.u = &o.units[g.weightedIndex(o.weights)]

	kind := identifier.CivilServant
	switch s.u.kind {
	case unitTop:
		kind = identifier.Cadre
	case unitCommune:
		if g.chance(18) {
			kind = identifier.Cadre
		}
	case unitUpper, unitLower, unitCollege:
		kind = identifier.PublicEmployee
	}
	s.p.PersonKind = kind.Code()

	femalePct := 48
	switch {
	case s.u.kind == unitUpper || s.u.kind == unitLower:
		femalePct = 70
	case kind == identifier.Cadre:
		femalePct = 30
	}
	s.female = g.chance(femalePct)
	minAge := 22
	if kind == identifier.Cadre {
		minAge = 30
		if s.u.kind == unitTop {
			minAge = 45
		}
	}
	s.birth = s.birthDate(minAge)
	s.born = g.provincesOld[g.birthProvince()]

	s.name()
	gender := identifier.GenderMale
	if s.female {
		gender = identifier.GenderFemale
	}
	s.p.Gender = gender.Code()
	s.p.PersonalID = g.personalID(s.born.Code, gender, s.birth.Year())
	s.p.BirthDate = packet.PartialDateOf(s.birth)
	partial := g.opt.PartialBirthDates && g.chance(PartialBirthDatePercent)

	s.p.Ethnicity = weighted(g, ethnicCodes, ethnicWeights)
	s.p.Religion = weighted(g, religionCodes, religionWeights)
	s.p.Nationality = "VN"
	s.p.Status = codelist.StatusWorking
	s.addresses()

	s.recruit()
	s.chooseLadder()
	s.degrees()
	s.promote()
	s.salary()
	s.position()
	s.workHistory()
	s.training()
	s.party()
	s.awards()
	s.discipline()
	s.relatives()
	s.contacts()
	s.updated()
	if g.tenGroups {
		g.rng, g.groupsRng = g.groupsRng, g.rng
		s.updatedNotBefore(s.tenGroups())
		g.rng, g.groupsRng = g.groupsRng, g.rng
		g.rng, g.endRng = g.endRng, g.rng
		s.updatedNotBefore(s.endOfService())
		g.rng, g.endRng = g.endRng, g.rng
	}
	return s.p, partial
}

// birthDate picks a birth date for a person at least minAge and under
// the retirement age today, between 60 and 23 years before this year
// (1966–2003 in 2026). Ages are half uniform, half a triangle that peaks
// in the middle: most staff are in mid-career, and some near retirement.
func (s *person) birthDate(minAge int) packet.Date {
	y := s.today.Year()
	lo := mustDate(y-60, time.January, 1)
	lo = maxDate(lo, addDays(addMonths(s.today, -retirementMonths(s.female, y)), 1))
	hi := mustDate(y-23, time.December, 31)
	hi = minDate(hi, s.today.AddYears(-minAge))
	span := daysBetween(lo, hi)
	if span <= 0 {
		return hi
	}
	if s.g.chance(50) {
		return addDays(lo, s.g.intn(span+1))
	}
	return addDays(lo, (s.g.intn(span+1)+s.g.intn(span+1))/2)
}

// birthProvince picks the province where a birth was registered: nearly
// half of the staff were born in the province they work in.
func (g *Generator) birthProvince() int {
	if len(g.localOld) > 0 && g.chance(45) {
		return pick(g, g.localOld)
	}
	return g.intn(len(g.provincesOld))
}

// southern reports whether a pre-2025 province code is south of Quảng
// Trị, where Huỳnh and Võ are written for Hoàng and Vũ.
func southern(code string) bool { return code >= "46" }

func (g *Generator) familyName(south bool) string {
	total := 0
	for _, f := range familyNames {
		total += f.weight
	}
	n := g.intn(total)
	for _, f := range familyNames {
		if n < f.weight {
			if f.south != "" && south {
				return f.south
			}
			return f.name
		}
		n -= f.weight
	}
	return familyNames[0].name
}

// givenNames returns the middle and given names of a person born in year.
// Văn and Thị were the rule for the older generations.
func (g *Generator) givenNames(female bool, year int) string {
	classic, pct := "Văn", 40
	middles, givens := middleMale, givenMale
	if female {
		classic, pct = "Thị", 50
		middles, givens = middleFemale, givenFemale
	}
	switch {
	case year >= 1990:
		pct /= 3
	case year >= 1980:
		pct = pct * 2 / 3
	}
	var mid string
	if g.chance(pct) {
		mid = classic
		if female && g.chance(25) {
			mid += " " + middles[1+g.intn(len(middles)-1)] // Thị Hồng, Thị Thu
		}
	} else {
		mid = middles[1+g.intn(len(middles)-1)]
	}
	given := pick(g, givens)
	if strings.HasSuffix(mid, given) {
		given = givens[(indexOf(givens, given)+1)%len(givens)]
	}
	return mid + " " + given
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

func (s *person) name() {
	s.family = s.g.familyName(southern(s.born.Code) && s.g.chance(75))
	s.p.FullName = s.family + " " + s.g.givenNames(s.female, s.birth.Year())
}

// communesOf returns commune names of a current province.
func communesOf(province string) []string {
	if c, ok := communesByProvince[province]; ok {
		return c
	}
	return genericCommunes
}

func (s *person) addresses() {
	g := s.g
	bornIn := g.successor[s.born.Code]
	s.p.Birthplace = packet.Address{UnitCode: bornIn, Detail: pick(g, communesOf(bornIn)), Country: "VN"}
	switch {
	case g.chance(50):
		s.p.Hometown = s.p.Birthplace
	case g.chance(40):
		s.p.Hometown = packet.Address{UnitCode: bornIn, Detail: pick(g, communesOf(bornIn)), Country: "VN"}
	default:
		other := g.successor[pick(g, g.provincesOld).Code]
		s.p.Hometown = packet.Address{UnitCode: other, Detail: pick(g, communesOf(other)), Country: "VN"}
	}
	home := g.org.province
	street := func() packet.Address {
		return packet.Address{UnitCode: home, Country: "VN",
			Detail: strconv.Itoa(1+g.intn(350)) + " " + pick(g, streets) + ", " + pick(g, communesOf(home))}
	}
	if g.chance(92) {
		a := street()
		s.p.PermanentAddress = &a
		if g.chance(25) {
			b := street()
			s.p.CurrentAddress = &b
		}
	}
}

// recruit picks the recruitment date: after the degree, mostly at 22 to
// 30, sometimes later by transfer from outside the civil service.
func (s *person) recruit() {
	g := s.g
	earliest := mustDate(s.birth.Year()+22, time.August, 1)
	latest := s.birth.AddYears(30)
	form := weighted(g, []string{codelist.RecruitmentExam, codelist.RecruitmentSelect, codelist.RecruitmentTransfer}, []int{80, 12, 8})
	if s.p.PersonKind == identifier.PublicEmployee.Code() {
		form = weighted(g, []string{codelist.RecruitmentSelect, codelist.RecruitmentExam, codelist.RecruitmentTransfer}, []int{80, 15, 5})
	}
	if g.chance(10) && s.birth.AddYears(31).Before(s.today) {
		earliest, latest = latest, s.birth.AddYears(35)
		form = codelist.RecruitmentTransfer
	}
	latest = minDate(latest, s.today)
	earliest = minDate(earliest, latest)
	s.recruited = g.dateBetween(earliest, latest)
	s.p.Recruitment = packet.Recruitment{Date: s.recruited, Form: form}
}

func (s *person) chooseLadder() {
	g := s.g
	switch s.u.kind {
	case unitUpper:
		s.lad = ladderUpper
	case unitLower:
		s.lad = ladderLower
	case unitCollege:
		s.lad = ladderCollege
	case unitFinance:
		s.lad = weighted(g, []ladder{ladderGeneral, ladderAccount, ladderAccountCD}, []int{55, 35, 10})
	case unitInspect:
		s.lad = weighted(g, []ladder{ladderInspect, ladderGeneral}, []int{80, 20})
	default:
		s.lad = ladderGeneral
		if s.p.PersonKind != identifier.Cadre.Code() {
			s.lad = weighted(g, []ladder{ladderGeneral, ladderCanSu, ladderNhanVien}, []int{90, 6, 4})
		}
	}
}

// promote decides when the person rose through the ladder: after 9 years
// in the first rank, 6 in the second, and by no means everyone.
func (s *person) promote() {
	g := s.g
	prev := s.recruited
	topCadre := s.p.PersonKind == identifier.Cadre.Code() && s.u.kind == unitTop
	for k := 1; k < len(s.lad.ranks); k++ {
		wait, pct := 9, 45
		if k == 2 {
			wait, pct = 6, 20
		}
		eligible := prev.AddYears(wait)
		if eligible.After(s.today) || !topCadre && !g.chance(pct) {
			break
		}
		d := firstOfMonth(g.dateBetween(eligible, minDate(eligible.AddYears(4), s.today)))
		if k == 2 && d.Before(s.birth.AddYears(40)) {
			break
		}
		s.promos = append(s.promos, d)
		prev = d
	}
}

// levelAt returns the rank the person held on day d: 0 for the first.
func (s *person) levelAt(d packet.Date) int {
	n := 0
	for _, p := range s.promos {
		if !p.After(d) {
			n++
		}
	}
	return n
}

// salary writes the salary history (QuaTrinhLuong) and the current rank
// (Ngach): a step every three years (two in groups B and C) from
// recruitment, and on promotion the step of the new rank whose
// coefficient is the nearest not below the old one.
func (s *person) salary() {
	g := s.g
	rank := s.lad.ranks[0]
	steps := g.scales[rank]
	step := 1 + s.start
	since := s.recruited
	hist := []packet.SalaryStep{{Since: since, RankCode: rank, Step: step, Coefficient: packet.Decimal2(steps[step-1])}}
	level := 0
	for {
		next := firstOfMonth(since.AddYears(stepYears(g.groups[rank])))
		canStep := step < len(steps)
		if level+1 <= len(s.promos) {
			promo := maxDate(s.promos[level], firstOfMonth(addMonths(since, 1)))
			if !promo.After(s.today) && (!canStep || !promo.After(next)) {
				level++
				coef := steps[step-1]
				rank = s.lad.ranks[level]
				steps = g.scales[rank]
				step = len(steps)
				for i, c := range steps {
					if c >= coef {
						step = i + 1
						break
					}
				}
				since = promo
				s.promos[level-1] = promo
				hist = append(hist, packet.SalaryStep{Since: since, RankCode: rank, Step: step, Coefficient: packet.Decimal2(steps[step-1])})
				continue
			}
		}
		if !canStep || next.After(s.today) {
			break
		}
		step++
		since = next
		hist = append(hist, packet.SalaryStep{Since: since, RankCode: rank, Step: step, Coefficient: packet.Decimal2(steps[step-1])})
	}
	s.promos = s.promos[:level]
	last := hist[len(hist)-1]
	s.p.SalaryHistory = hist
	s.p.Rank = packet.Rank{Code: last.RankCode, Step: last.Step, Coefficient: last.Coefficient, Since: last.Since}
	wait := stepYears(g.groups[rank])
	switch beyond := last.Since.AddYears(wait); {
	case step == len(steps) && !beyond.After(s.today):
		// Seniority beyond the last step: 5% after the wait, 1% a year more.
		pct := min(5+fullYears(beyond, s.today), 100)
		s.p.Rank.ExtraPercent = &pct
	case step == len(steps) && g.chance(50), g.chance(15):
		zero := 0
		s.p.Rank.ExtraPercent = &zero
	}
}

// position decides whether the person leads the unit or a department of
// it, and since when.
func (s *person) position() {
	g := s.g
	u := s.u
	years := fullYears(s.recruited, s.today)
	level := len(s.promos)
	minYears := 0
	switch {
	case s.p.PersonKind == identifier.Cadre.Code() && u.kind == unitTop:
		p := u.deputy
		if g.chance(15) {
			p = u.head
		}
		s.pos, s.unitLevel, minYears = &p, true, 15
	case s.p.PersonKind == identifier.Cadre.Code():
		p := pick(g, communeCadres)
		s.pos, s.unitLevel, minYears = &p, true, 5
	default:
		r := g.intn(100)
		dd, dh := deptDeputy, deptHead
		switch u.kind {
		case unitCommune:
			dd, dh = communeDept[0], communeDept[1]
		case unitCollege:
			dd, dh = facDeputy, facHead
		}
		hasDepts := len(u.depts) > 0
		switch {
		case level >= 1 && years >= 18 && r < 1:
			s.pos, s.unitLevel, minYears = &u.head, true, 18
		case level >= 1 && years >= 15 && r < 4:
			s.pos, s.unitLevel, minYears = &u.deputy, true, 15
		case !hasDepts && years >= 12 && r < 6:
			s.pos, s.unitLevel, minYears = &u.head, true, 12
		case !hasDepts && years >= 8 && r < 11:
			s.pos, s.unitLevel, minYears = &u.deputy, true, 8
		case hasDepts && years >= 10 && r < 11:
			s.pos, minYears = &dh, 10
		case hasDepts && years >= 6 && r < 24:
			s.pos, minYears = &dd, 6
		}
	}
	if len(u.depts) > 0 && !s.unitLevel {
		s.dept = pick(g, u.depts)
	}
	if s.pos == nil {
		return
	}
	lo := s.recruited.AddYears(minYears)
	if lo.After(s.today) {
		lo = addDays(s.recruited, daysBetween(s.recruited, s.today)/2)
	}
	// Leaders are appointed for five years, so most appointments are recent.
	s.appointed = g.dateBetween(maxDate(lo, s.today.AddYears(-5)), s.today)
	if !s.appointed.After(s.recruited) {
		s.appointed = s.recruited
	}
	s.p.Position = &packet.Position{Title: s.pos.title, Appointed: s.appointed, Allowance: packet.Decimal2(s.pos.allowance)}
}

// label is how a work history names a place of work.
func label(dept string, u *unit) string {
	if dept == "" {
		return u.name
	}
	return dept + ", " + u.name
}

// otherUnit returns a unit of the same kind as u, for an earlier period of
// work; u itself if there is none.
func (s *person) otherUnit(kinds ...unitKind) *unit {
	o := s.g.org
	var idx []int
	for i := range o.units {
		for _, k := range kinds {
			if o.units[i].kind == k {
				idx = append(idx, i)
			}
		}
	}
	if len(idx) == 0 {
		return s.u
	}
	return &o.units[pick(s.g, idx)]
}

// post is a place of work: a unit and a department of it.
type post struct {
	u    *unit
	dept string
}

// workHistory writes QuaTrinhCongTac: from recruitment, periods that end
// the day before the next starts, a new one at each move to another unit
// or department and at each promotion, the last one open. A leader's last
// period starts on the day of appointment.
func (s *person) workHistory() {
	end := s.today
	if s.pos != nil {
		end = s.appointed
	}
	moves := s.moveDates(end)
	posts := s.postsBetween(moves)
	s.firstUnit = posts[0].u
	s.p.WorkHistory = s.periods(moves, posts, end)
	s.finishJob()
}

// moveDates draws up to two moves before end, two to seven years apart.
func (s *person) moveDates(end packet.Date) []packet.Date {
	g := s.g
	var moves []packet.Date
	for t := s.recruited; len(moves) < 2; {
		t = addDays(t.AddYears(2+g.intn(6)), g.intn(180))
		if !t.Before(end) {
			break
		}
		moves = append(moves, t)
	}
	return moves
}

// postsBetween draws the posts between the moves: the first maybe in
// another unit, the last the present one (a cadre's, before election,
// elsewhere).
func (s *person) postsBetween(moves []packet.Date) []post {
	g := s.g
	somewhere := func(u *unit) post {
		if len(u.depts) == 0 {
			return post{u, ""}
		}
		return post{u, pick(g, u.depts)}
	}
	here := post{s.u, s.dept}
	first := here
	switch {
	case s.p.PersonKind == identifier.Cadre.Code() && s.u.kind == unitTop:
		first = somewhere(s.otherUnit(unitOffice, unitFinance, unitInspect))
	case s.p.PersonKind == identifier.Cadre.Code():
		first = somewhere(s.otherUnit(s.u.kind))
	case len(moves) == 0:
	case g.chance(25):
		first = somewhere(s.otherUnit(s.u.kind))
	default:
		first = somewhere(s.u)
	}
	posts := make([]post, len(moves)+1)
	posts[0] = first
	for k := 1; k <= len(moves); k++ {
		switch {
		case k == len(moves) && s.p.PersonKind != identifier.Cadre.Code():
			posts[k] = here
		case g.chance(50):
			posts[k] = posts[k-1]
		default:
			posts[k] = somewhere(s.u)
		}
	}
	if s.p.PersonKind == identifier.Cadre.Code() {
		for k := range posts {
			if posts[k].u == s.u && s.u.kind == unitTop {
				posts[k] = first
			}
		}
	}
	return posts
}

// periods walks the moves and the promotions before end in order of date,
// and returns the work periods they make, the present post last.
func (s *person) periods(moves []packet.Date, posts []post, end packet.Date) []packet.WorkPeriod {
	type event struct {
		d    packet.Date
		move bool
	}
	var events []event
	for _, d := range moves {
		events = append(events, event{d, true})
	}
	for _, d := range s.promos {
		if d.After(s.recruited) && d.Before(end) {
			events = append(events, event{d, false})
		}
	}
	for i := 1; i < len(events); i++ {
		for j := i; j > 0 && events[j].d.Before(events[j-1].d); j-- {
			events[j], events[j-1] = events[j-1], events[j]
		}
	}
	var ws []packet.WorkPeriod
	from, at, title := s.recruited, posts[0], s.lad.titles[0]
	k := 0
	for _, e := range events {
		next := at
		if e.move {
			k++
			next = posts[k]
		}
		t := s.lad.titles[s.levelAt(e.d)]
		switch {
		case next == at && t == title:
			continue
		case !e.d.After(from):
			at, title = next, t
			continue
		}
		ws = append(ws, packet.WorkPeriod{From: from, To: addDays(e.d, -1), Unit: label(at.dept, at.u), Position: title})
		if next.u != at.u {
			s.moves = append(s.moves, unitMove{e.d, next.u})
		}
		from, at, title = e.d, next, t
	}
	if s.pos == nil {
		return append(ws, packet.WorkPeriod{From: from, Unit: label(at.dept, at.u), Position: title})
	}
	if s.appointed.After(from) {
		ws = append(ws, packet.WorkPeriod{From: from, To: addDays(s.appointed, -1), Unit: label(at.dept, at.u), Position: title})
	} else if len(ws) == 0 {
		s.firstUnit = s.u
	}
	here := post{s.u, s.dept}
	return append(ws, packet.WorkPeriod{From: s.appointed, Unit: label(here.dept, here.u), Position: s.pos.title})
}

// finishJob fills in what follows from the present post: the units, the
// job position and the recruiting agency.
func (s *person) finishJob() {
	g := s.g
	o := g.org
	mgr := &o.units[s.u.manager]
	s.p.ManagingUnit, s.p.WorkingUnit = mgr.code, s.u.code
	switch {
	case s.pos != nil:
		s.p.JobPosition = s.pos.title
	case s.u.kind == unitUpper:
		s.p.JobPosition = "Giáo viên trung học phổ thông"
	case s.u.kind == unitLower:
		s.p.JobPosition = "Giáo viên trung học cơ sở"
	case s.u.kind == unitCollege:
		s.p.JobPosition = "Giảng viên"
	case s.lad.ranks[0] == ladderAccount.ranks[0] || s.lad.ranks[0] == ladderAccountCD.ranks[0]:
		s.p.JobPosition = "Kế toán"
	case s.u.kind == unitFinance:
		s.p.JobPosition = pick(g, jobsFinance)
	case s.u.kind == unitInspect:
		s.p.JobPosition = pick(g, jobsInspect)
	case s.u.kind == unitCommune:
		s.p.JobPosition = pick(g, jobsCommune)
	default:
		s.p.JobPosition = pick(g, jobsOffice)
	}
	// The agency that recruited: the manager of the first place of work.
	s.p.Recruitment.Agency = o.units[s.firstUnit.manager].name
}

// degrees writes the degrees of TrinhDo and DaoTaoBoiDuong: the first
// degree, before recruitment, and a master's or doctorate for some, before
// or after it. A master's held on recruitment starts the salary at step 2.
func (s *person) degrees() {
	s.generalSchool()
	y := s.firstDegree()
	s.p.Education.Professional = s.lad.edu
	if s.lad.edu == codelist.EducationBachelor {
		s.postgraduate(y)
	}
}

// generalSchool is the general education: 12/12, or 10/10 for some born
// in the north before 1976.
func (s *person) generalSchool() {
	s.p.Education.GeneralSchool = "12/12"
	if s.birth.Year() < 1976 && !southern(s.born.Code) && s.g.chance(30) {
		s.p.Education.GeneralSchool = "10/10"
	}
}

// firstDegree is the course of the first degree, in a major that fits the
// unit, of the level of the ladder (a bachelor's, or a college's or an
// intermediate school's diploma); it returns the year it ended.
func (s *person) firstDegree() int {
	g := s.g
	kind := s.u.kind
	teacher := kind == unitUpper || kind == unitLower
	majors := majorsOffice
	s.schools = universities
	switch {
	case teacher:
		majors, s.schools = majorsTeacher, teacherUniversities
	case kind == unitCollege:
		majors = majorsCollege
	case kind == unitFinance:
		majors = majorsFinance
	case kind == unitInspect:
		majors = majorsInspect
	}
	major := pick(g, majors)
	s.major = major
	// The first degree ends in June of the year the person turned 22 or 23,
	// before recruitment.
	y := s.birth.Year() + 22
	if mustDate(y+1, time.June, 30).Before(s.recruited) && g.chance(30) {
		y++
	}
	first := packet.Course{From: mustDate(y-4, time.September, 1), To: mustDate(y, time.June, 30), Institution: pick(g, s.schools),
		Major: major, Form: "CHINH_QUY", Degree: "Cử nhân"}
	switch s.lad.edu {
	case codelist.EducationCollege:
		first.From = mustDate(y-3, time.September, 1)
		first.Institution, first.Degree = "Trường Cao đẳng Kinh tế - Kỹ thuật", "Bằng tốt nghiệp cao đẳng"
	case codelist.EducationIntermediate:
		first.From = mustDate(y-2, time.September, 1)
		first.Institution, first.Degree = "Trường Trung cấp Kinh tế - Kỹ thuật", "Bằng tốt nghiệp trung cấp"
	default:
		if major == "Công nghệ thông tin" || strings.HasPrefix(major, "Kỹ thuật") || major == "Cơ khí" {
			first.Degree = "Kỹ sư"
		}
		if !teacher && g.chance(8) {
			first.Form = "TAI_CHUC"
		}
	}
	s.courses = []packet.Course{first}
	return y
}

// postgraduate adds, for some graduates, a master's degree before or after
// recruitment, and for a few of those a doctorate; y is the year the first
// degree ended.
func (s *person) postgraduate(y int) {
	g := s.g
	kind := s.u.kind
	masterPct, doctorPct := 25, 2
	switch {
	case kind == unitCollege:
		masterPct, doctorPct = 80, 25
	case s.p.PersonKind == identifier.Cadre.Code() && kind == unitTop:
		masterPct, doctorPct = 85, 35
	}
	if !g.chance(masterPct) {
		return
	}
	var from packet.Date
	if mustDate(y+2, time.December, 31).Before(s.recruited) && g.chance(40) {
		from = mustDate(y+g.intn(2), time.September, 1)
	} else {
		from = mustDate(s.recruited.Year()+1+g.intn(5), time.September, 1)
	}
	to := mustDate(from.Year()+2, time.June, 30)
	if !s.master(from, to) {
		return
	}
	if to.Before(s.recruited) && s.lad.ranks[0] == ladderGeneral.ranks[0] {
		s.start = 1
	}
	if g.chance(doctorPct * 100 / masterPct) {
		df := mustDate(to.Year()+1+g.intn(3), time.October, 1)
		dt := addDays(df.AddYears(4), -1)
		if dt.Before(s.today) {
			s.courses = append(s.courses, packet.Course{From: df, To: dt, Institution: pick(g, s.schools), Major: s.courses[len(s.courses)-1].Major, Form: "CHINH_QUY", Degree: "Tiến sĩ"})
			s.p.Education.Professional = codelist.EducationDoctorate
		}
	}
}

// master adds a master's course from from to to, if it has ended.
func (s *person) master(from, to packet.Date) bool {
	g := s.g
	if !to.Before(s.today) {
		return false
	}
	major := s.major
	switch {
	case s.u.kind == unitUpper || s.u.kind == unitLower:
		major = "Lý luận và phương pháp dạy học"
	case s.pos != nil && g.chance(50):
		major = "Quản lý công"
	}
	s.courses = append(s.courses, packet.Course{From: from, To: to, Institution: pick(g, s.schools), Major: major, Form: "CHINH_QUY", Degree: "Thạc sĩ"})
	s.p.Education.Professional = codelist.EducationMaster
	return true
}

// training writes the rest of TrinhDo and DaoTaoBoiDuong once the career
// is known: a master's for leaders, political theory and state management
// with their courses, languages and computer skills.
func (s *person) training() {
	g := s.g
	leader := s.pos != nil
	ed := &s.p.Education
	if leader && ed.Professional == codelist.EducationBachelor && g.chance(50) {
		from := mustDate(s.recruited.Year()+2+g.intn(6), time.September, 1)
		s.master(from, mustDate(from.Year()+2, time.June, 30))
	}
	years := fullYears(s.recruited, s.today)
	school := "Trường Chính trị " + g.org.place
	ed.PoliticalTheory = s.politicalTheory(leader, years, school)
	ed.StateManagement = s.stateManagement(leader, years, school)
	sortCourses(s.courses)
	s.p.Training = s.courses
	s.languagesAndIT()
}

// politicalTheory returns the level of political theory, by kind of
// person, position and years of service, and adds its course when it has
// ended (else the level below); school is the province's school of
// politics.
func (s *person) politicalTheory(leader bool, years int, school string) string {
	g := s.g
	kind := s.u.kind
	teacher := kind == unitUpper || kind == unitLower
	var pol string
	switch {
	case s.p.PersonKind == identifier.Cadre.Code() && kind == unitTop:
		pol = weighted(g, []string{"CAO_CAP", "CU_NHAN"}, []int{90, 10})
	case s.p.PersonKind == identifier.Cadre.Code():
		pol = weighted(g, []string{"TRUNG_CAP", "CAO_CAP"}, []int{80, 20})
	case leader && s.unitLevel && !teacher:
		pol = weighted(g, []string{"CAO_CAP", "TRUNG_CAP"}, []int{70, 30})
	case leader:
		pol = weighted(g, []string{"TRUNG_CAP", "CAO_CAP"}, []int{80, 20})
	case teacher || kind == unitCollege:
		pol = weighted(g, []string{"SO_CAP", "CHUA_QUA_DAO_TAO", "TRUNG_CAP"}, []int{50, 40, 10})
	case years >= 5:
		pol = weighted(g, []string{"SO_CAP", "TRUNG_CAP", "CHUA_QUA_DAO_TAO"}, []int{45, 35, 20})
	default:
		pol = weighted(g, []string{"SO_CAP", "CHUA_QUA_DAO_TAO"}, []int{40, 60})
	}
	if pol == "CAO_CAP" || pol == "CU_NHAN" {
		from := mustDate(s.recruited.Year()+6+g.intn(6), time.March, 1)
		to := mustDate(from.Year()+1, time.September, 30)
		if to.Before(s.today) {
			deg := "Bằng cao cấp lý luận chính trị"
			if pol == "CU_NHAN" {
				deg = "Bằng cử nhân chính trị"
			}
			s.courses = append(s.courses, packet.Course{From: from, To: to, Institution: "Học viện Chính trị quốc gia Hồ Chí Minh", Major: "Lý luận chính trị", Form: "TAI_CHUC", Degree: deg})
		} else {
			pol = "TRUNG_CAP"
		}
	}
	if pol == "TRUNG_CAP" {
		from := mustDate(s.recruited.Year()+2+g.intn(4), time.March, 1)
		to := mustDate(from.Year(), time.December, 20)
		if to.Before(s.today) {
			s.courses = append(s.courses, packet.Course{From: from, To: to, Institution: school, Major: "Lý luận chính trị - hành chính", Form: "TAI_CHUC", Degree: "Bằng trung cấp lý luận chính trị - hành chính"})
		} else {
			pol = "SO_CAP"
		}
	}
	return pol
}

// stateManagement returns the level of state management, by rank, and
// adds its certificate's course, which comes before the promotion it is
// needed for (else the level below).
func (s *person) stateManagement(leader bool, years int, school string) string {
	g := s.g
	qlnn := "CHUA_QUA_DAO_TAO"
	level := len(s.promos)
	switch {
	case s.p.PersonKind == identifier.PublicEmployee.Code() && leader:
		qlnn = "CHUYEN_VIEN"
	case s.p.PersonKind == identifier.PublicEmployee.Code(), s.lad.edu == codelist.EducationIntermediate:
	case s.lad.edu == codelist.EducationCollege:
		qlnn = "CAN_SU"
	case level >= 2:
		qlnn = "CHUYEN_VIEN_CAO_CAP"
	case level == 1:
		qlnn = "CHUYEN_VIEN_CHINH"
	case years >= 1 && g.chance(85):
		qlnn = "CHUYEN_VIEN"
	}
	for qlnn != "CHUA_QUA_DAO_TAO" {
		lo, hi := addMonths(s.recruited, 6), s.recruited.AddYears(4)
		if k := qlnnLevel[qlnn]; k > 0 && k <= len(s.promos) {
			lo, hi = maxDate(lo, s.promos[k-1].AddYears(-3)), addMonths(s.promos[k-1], -3)
		}
		hi = minDate(hi, addMonths(s.today, -3))
		if !hi.Before(lo) {
			from := g.dateBetween(lo, hi)
			s.courses = append(s.courses, packet.Course{From: from, To: addDays(addMonths(from, 2), -1), Institution: pick(g, []string{"Học viện Hành chính Quốc gia", school}),
				Major: "Quản lý nhà nước", Form: "BOI_DUONG", Degree: "Chứng chỉ bồi dưỡng kiến thức quản lý nhà nước chương trình " + programs[qlnn]})
			break
		}
		qlnn = qlnnLower[qlnn]
	}
	return qlnn
}

// languagesAndIT writes a foreign language for most, and the computer
// skills, in the certificates of the years of recruitment.
func (s *person) languagesAndIT() {
	g, ed := s.g, &s.p.Education
	if g.chance(75) {
		lang := pick(g, languages)
		level := pick(g, languageLevelNew)
		if s.recruited.Year() < 2014 && g.chance(60) {
			level = pick(g, languageLevelOld)
		}
		ed.Languages = []packet.LanguageLevel{{Language: lang, Level: level}}
	}
	ed.IT = pick(g, itSkills)
	if s.recruited.Year() < 2016 && g.chance(40) {
		ed.IT = "Chứng chỉ B tin học"
	}
}

// The state-management levels: the name of each programme, the rank on
// the ladder it is needed for, and the level below.
var (
	programs  = map[string]string{"CAN_SU": "cán sự", "CHUYEN_VIEN": "chuyên viên", "CHUYEN_VIEN_CHINH": "chuyên viên chính", "CHUYEN_VIEN_CAO_CAP": "chuyên viên cao cấp"}
	qlnnLevel = map[string]int{"CHUYEN_VIEN_CHINH": 1, "CHUYEN_VIEN_CAO_CAP": 2}
	qlnnLower = map[string]string{"CAN_SU": "CHUA_QUA_DAO_TAO", "CHUYEN_VIEN": "CHUA_QUA_DAO_TAO", "CHUYEN_VIEN_CHINH": "CHUYEN_VIEN", "CHUYEN_VIEN_CAO_CAP": "CHUYEN_VIEN_CHINH"}
)

func sortCourses(cs []packet.Course) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].From.Before(cs[j-1].From); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// party makes some of the staff Party members: nearly every cadre and
// leader, half of the civil servants, a third of the public employees.
// Full membership follows admission after a year of probation.
func (s *person) party() {
	g := s.g
	pct := 35
	switch {
	case s.p.PersonKind == identifier.Cadre.Code():
		pct = 100
	case s.pos != nil:
		pct = 95
	case s.p.PersonKind == identifier.CivilServant.Code():
		pct = 55
	}
	if !g.chance(pct) {
		return
	}
	lo := maxDate(s.birth.AddYears(19), s.recruited.AddYears(-2))
	hi := s.today
	if s.pos != nil && s.appointed.AddYears(-1).After(lo) {
		hi = s.appointed.AddYears(-1)
	}
	joined := g.dateBetween(lo, minDate(hi, lo.AddYears(10)))
	m := &packet.PartyMembership{Joined: joined}
	if official := joined.AddYears(1); !official.After(s.today) {
		m.Official = official
	}
	s.p.Party = m
}

// awards gives about half of those with two years of service one to three
// awards, in different years after recruitment.
func (s *person) awards() {
	g := s.g
	o := g.org
	first, last := s.recruited.Year()+1, s.today.Year()
	if last-first < 1 {
		return
	}
	n := min(weighted(g, []int{0, 1, 2, 3}, []int{45, 30, 17, 8}), last-first+1)
	mgr := &o.units[s.u.manager]
	// Selection sampling: n of the years, in order.
	for y := first; y <= last && n > 0; y++ {
		if g.intn(last-y+1) >= n {
			continue
		}
		n--
		a := packet.Award{Year: y}
		switch r := g.intn(100); {
		case r < 50:
			a.Form, a.Decision = mgr.award, decision(g, mgr.abbr)
		case r < 75:
			a.Form, a.Decision = "Chiến sĩ thi đua cơ sở", decision(g, mgr.abbr)
		case r < 95 || y-s.recruited.Year() < 10:
			if o.topAbbr == "UBND" {
				a.Form, a.Decision = "Bằng khen của Chủ tịch Ủy ban nhân dân "+o.place, decision(g, "UBND")
			} else {
				a.Form, a.Decision = "Bằng khen của Thủ trưởng "+o.topName, decision(g, o.topAbbr)
			}
		default:
			a.Form, a.Decision = "Bằng khen của Thủ tướng Chính phủ", decision(g, "TTg")
		}
		s.p.Awards = append(s.p.Awards, a)
	}
}

// decision returns a decision number such as 1234/QĐ-UBND.
func decision(g *Generator, abbr string) string {
	return strconv.Itoa(10+g.intn(4990)) + "/QĐ-" + abbr
}

// discipline gives a rare reprimand or warning.
func (s *person) discipline() {
	g := s.g
	if !g.chance(2) || fullYears(s.recruited, s.today) < 3 {
		return
	}
	mgr := &g.org.units[s.u.manager]
	s.p.Disciplines = []packet.Discipline{{
		Date:     g.dateBetween(s.recruited.AddYears(1), s.today),
		Form:     weighted(g, []string{"KHIEN_TRACH", "CANH_CAO"}, []int{75, 25}),
		Decision: decision(g, mgr.abbr),
		Reason:   pick(g, disciplineReasons),
	}}
}

// personName makes the name of a relative.
func (g *Generator) personName(family string, female bool, year int) string {
	return family + " " + g.givenNames(female, year)
}

// relatives writes QuanHeGiaDinh: parents, spouse, children, with birth
// years that fit; children carry the father's family name.
func (s *person) relatives() {
	g := s.g
	by := s.birth.Year()
	now := s.today.Year()
	south := southern(s.born.Code)
	var rs []packet.Relative
	if g.chance(70) {
		fy, my := by-24-g.intn(12), by-20-g.intn(12)
		rs = append(rs,
			packet.Relative{Relation: "BO", FullName: g.personName(s.family, false, fy), BirthYear: fy, Details: parentInfo(g, now-fy, false)},
			packet.Relative{Relation: "ME", FullName: g.personName(g.familyName(south), true, my), BirthYear: my, Details: parentInfo(g, now-my, true)})
	}
	if now-by >= 25 && g.chance(85) {
		spouse := packet.Relative{Relation: "VO", Details: pick(g, occupations)}
		fatherFamily := s.family
		if s.female {
			spouse.Relation = "CHONG"
			spouse.BirthYear = by - g.intn(6)
			fatherFamily = g.familyName(south)
			spouse.FullName = g.personName(fatherFamily, false, spouse.BirthYear)
		} else {
			spouse.BirthYear = by + g.intn(6)
			spouse.FullName = g.personName(g.familyName(south), true, spouse.BirthYear)
		}
		rs = append(rs, spouse)
		y := by + 25 + g.intn(8)
		for range weighted(g, []int{0, 1, 2, 3}, []int{10, 35, 45, 10}) {
			if y > now {
				break
			}
			female := g.chance(50)
			child := packet.Relative{Relation: "CON", FullName: g.personName(fatherFamily, female, y), BirthYear: y}
			switch age := now - y; {
			case age >= 23:
				child.Details = pick(g, occupations)
			case age >= 18:
				child.Details = "Sinh viên"
			case age >= 6:
				child.Details = "Học sinh"
			}
			rs = append(rs, child)
			y += 2 + g.intn(5)
		}
	}
	s.p.Relatives = rs
}

func parentInfo(g *Generator, age int, female bool) string {
	switch {
	case age >= 80 && g.chance(45):
		return "Đã mất"
	case female && g.chance(30):
		return "Nội trợ"
	case age >= 62:
		return pick(g, []string{"Hưu trí", "Làm ruộng"})
	}
	return pick(g, parentJobs)
}

// contacts writes the phone, e-mail and numbers: the social-insurance
// number mostly of the province the person works in, an old identity-card
// number for half of those born before 1996.
func (s *person) contacts() {
	g := s.g
	s.p.Phone = "+849" + digits(g, 8)
	box := mailbox(s.p.FullName)
	if g.chance(25) {
		box += strconv.Itoa(s.birth.Year() % 100)
	}
	s.p.Email = box + "@" + s.u.mail
	prov := g.org.province
	if g.chance(20) {
		prov = s.p.Birthplace.UnitCode
	}
	n, err := identifier.ParseSocialInsuranceNumber(prov + digits(g, 8))
	if err == nil {
		s.p.SocialInsurance = n
	}
	if s.birth.Year() < 1996 && g.chance(50) {
		s.p.OldIDCard = strconv.Itoa(g.intn(3)) + digits(g, 8)
	}
}

// digits returns n random decimal digits.
func digits(g *Generator, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.intn(10))
	}
	return string(b)
}

// mailbox makes a mailbox name from a full name, as agencies do: the
// initials of the family and middle names, then the given name, in
// lower-case ASCII: "Nguyễn Văn An" -> "nvan", "Đặng Thị Thu Hà" -> "dttha".
func mailbox(name string) string {
	parts := strings.Fields(asciiFold(name))
	var b strings.Builder
	for _, p := range parts[:len(parts)-1] {
		b.WriteByte(lower(p[0]))
	}
	for i := 0; i < len(parts[len(parts)-1]); i++ {
		b.WriteByte(lower(parts[len(parts)-1][i]))
	}
	return b.String()
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// updated sets NgayCapNhat: during office hours on a day of the last two
// months, not before the latest event of the profile, and before Now.
func (s *person) updated() {
	g := s.g
	now := g.opt.Now
	latest := s.recruited
	for _, d := range []packet.Date{s.p.Rank.Since, s.appointed} {
		latest = maxDate(latest, d)
	}
	day := g.dateBetween(maxDate(latest, addDays(s.today, -60)), s.today)
	loc := now.Location()
	t := day.In(loc).Add(7*time.Hour + 30*time.Minute + time.Duration(g.intn(600))*time.Minute)
	if !t.Before(now) {
		t = now.Add(-time.Duration(1+g.intn(60)) * time.Minute).Truncate(time.Minute)
		if t.Before(day.In(loc)) {
			t = day.In(loc)
		}
	}
	s.p.UpdatedAt = t
}
