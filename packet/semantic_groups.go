package packet

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The semantic rules of the members that format 2.0 adds for the ten data
// groups of Decree 27/2026/NĐ-CP (docs/guide/en/03-mapping.md#the-ten-data-groups-of-format-20).
// The date and text rules are driven by the check tags of model.go, read
// through the mapping table; the rules about one group name their members
// through wireName. Neither spells a wire name.

// The members the rules of one group judge by name, from the mapping table.
var (
	nRecruitDate     = wireName[Recruitment]("Date")
	nEnd             = wireName[Profile]("EndOfService")
	nEndDate         = wireName[EndOfService]("Date")
	nHealth          = wireName[Profile]("Health")
	nHeight          = wireName[Health]("HeightCM")
	nWeight          = wireName[Health]("WeightKG")
	nAllowances      = wireName[Profile]("Allowances")
	nCoefficient     = wireName[Allowance]("Coefficient")
	nPercent         = wireName[Allowance]("Percent")
	nTransfers       = wireName[Profile]("Transfers")
	nTransferFrom    = wireName[Transfer]("From")
	nTransferTo      = wireName[Transfer]("To")
	nGrades          = wireName[Profile]("Grades")
	nGradeYear       = wireName[YearlyGrade]("Year")
	nAppointments    = wireName[Profile]("Appointments")
	nAppointmentForm = wireName[Appointment]("Form")
	nPersonKind      = wireName[Profile]("PersonKind")
	personKindList   = wireListOf[Profile]("PersonKind")
	nPlanning        = wireName[Profile]("Planning")
	nPlanningPeriod  = wireName[PlanningEntry]("Period")
	nDeclarations    = wireName[Profile]("AssetDeclarations")
	nDeclarationYear = wireName[AssetDeclaration]("Year")
	nDeclared        = wireName[AssetDeclaration]("Declared")
)

// personKindCadre is the LoaiDoiTuong of a cadre; transferSecondment
// (changekind.go) the Loai of a secondment in DieuChuyen.
const personKindCadre = "CB"

// cadreForms are the forms of appointment (HinhThucBoNhiem) of cadres
// only: a cadre is elected, or approved, for a term (Law on Cadres and
// Civil Servants); civil servants and public employees are appointed.
var cadreForms = map[string]struct{ vi, en string }{"BAU_CU": {"bầu cử", "election"}, "PHE_CHUAN": {"phê chuẩn", "approval"}}

// Plausible measures of an adult (R-SK-001): height by the format's note (docs/guide/en/04-validation.md#the-rules-of-the-ten-data-groups); weight our
// reading, wide enough for every adult's and narrow enough to catch a
// wrong unit (grams, pounds for most, a height in metres).
const (
	minHeightCM, maxHeightCM = 100, 230
	minWeightKG, maxWeightKG = 30, 250
)

// life is what the date rules of the groups judge a date against.
type life struct {
	birth     PartialDate
	recruited Date // NgayTuyenDung
	ended     Date // ChamDut/Ngay; zero while in service
}

// groups checks the members of the ten data groups of a 2.0 profile, and
// the members of every version that have a check tag. It reports whether
// a member with a list tag has a value outside its list, which coded
// reports in its turn.
func (c *recordRules) groups(i int, p *Profile, emit func(Finding)) (codeMiss bool) {
	lf := life{birth: p.BirthDate, recruited: p.Recruitment.Date}
	if p.EndOfService != nil {
		lf.ended = p.EndOfService.Date
	}
	l := loc{rec: i}
	codeMiss = c.checkedCodedProfile(p, &l, &lf, emit)
	c.health(i, p.Health, emit)
	c.allowanceAmounts(i, p.Allowances, emit)
	c.secondments(i, p.Transfers, emit)
	c.gradeYears(i, p.Grades, emit)
	c.appointmentKinds(i, p.PersonKind, p.Appointments, emit)
	c.planningPeriods(i, p.Planning, emit)
	c.declarationDays(i, p.AssetDeclarations, emit)
	return codeMiss
}

// checkedCoded applies the rules the check tags of the members of the
// object at obj, of plan p at *l, name, and of the objects inside it that
// have such members; and it tells whether a member with a list tag, there
// or inside, has a value outside its list (R-CODE-001), without reporting
// it. One walk does what two did (checked and coded): most records have
// no code to report, and the one that has is walked again by coded, so
// that its findings come as they did. l is the same when it returns.
//
// The validation runs it as straight-line code generated from the plans
// (checkedCodedProfile, semantic_walk_generated.go); this walk by the
// plan is the reference the generated code is held to
// (TestSemanticWalkIsPlanWalk, FuzzSemanticWalk).
func (c *recordRules) checkedCoded(obj unsafe.Pointer, p *walkPlan, l *loc, lf *life, emit func(Finding)) (codeMiss bool) {
	for k := range p.local {
		f := &p.local[k]
		// Most values have nothing to report, or are absent: the
		// location is copied only for the others.
		switch f.op {
		case opText:
			s := *f.text(obj)
			if !goodText(s, f.check) {
				c.freeTextAt(s, f.check, l.in(f.name), emit)
			}
			if f.list >= 0 && !c.inList(f.list, s) {
				codeMiss = true
			}
		case opCode:
			if !c.inList(f.list, *f.text(obj)) {
				codeMiss = true
			}
		case opYear:
			if y := f.year(obj); y != 0 {
				l.push(f.name)
				c.year(y, f.check, l, lf, emit)
				l.pop()
			}
		case opDate:
			if d := f.date(obj); !d.IsZero() {
				l.push(f.name)
				c.date(d, f.check, l, lf, emit)
				l.pop()
			}
		case opStruct:
			l.push(f.name)
			codeMiss = c.checkedCoded(f.addr(obj), f.elem, l, lf, emit) || codeMiss
			l.pop()
		case opStructPtr:
			if obj := *(*unsafe.Pointer)(f.addr(obj)); obj != nil {
				l.push(f.name)
				codeMiss = c.checkedCoded(obj, f.elem, l, lf, emit) || codeMiss
				l.pop()
			}
		case opSlice:
			items := f.items(obj)
			if items.len == 0 {
				continue
			}
			l.push(f.name)
			for j := range items.len {
				l.pushItem(j)
				codeMiss = c.checkedCoded(unsafe.Add(items.data, uintptr(j)*f.itemSize), f.elem, l, lf, emit) || codeMiss
				l.pop()
			}
			l.pop()
		}
	}
	if p.from != nil && p.to != nil {
		c.periodOf(p.from.date(obj), p.to.date(obj), l, p.from.name, p.to.name, emit)
	}
	return codeMiss
}

// date applies the date rules cs names to d, the member at *l.
func (c *recordRules) date(d Date, cs checkSet, l *loc, lf *life, emit func(Finding)) {
	if d.IsZero() {
		return
	}
	if cs&checkPast != 0 && d.After(c.today) {
		report(emit, RuleDateFuture, l.String(),
			fmt.Sprintf("%s %q%s ở tương lai (sau ngày hiện tại %s). Đề nghị đối chiếu văn bản gốc và ghi đúng ngày.", fieldVI(l.name()), d.dmy(), l.ownerVI(), c.today.dmy()),
			fmt.Sprintf("%s %s is in the future: after today, %s", l.path(), d, c.today))
	}
	if b := lf.birth; cs&checkBorn != 0 && !b.IsZero() && d.Before(b.Earliest()) {
		report(emit, RuleDateOrder, l.String(),
			fmt.Sprintf("%s %q%s trước %s. Đề nghị đối chiếu văn bản gốc và ghi đúng ngày.", fieldVI(l.name()), d.dmy(), l.ownerVI(), birthWordsVI(b)),
			fmt.Sprintf("%s %s is before %s", l.path(), d, birthEN(b)))
		return // before birth: before recruitment too, but one fault
	}
	if cs&checkService == 0 {
		return
	}
	if r := lf.recruited; cs&checkTo == 0 && !r.IsZero() && d.Before(r) {
		report(emit, RuleDateService, l.String(),
			fmt.Sprintf("%s %q%s trước %s (%s) %s: việc này chỉ có trong thời gian công tác. Đề nghị đối chiếu quyết định và quá trình công tác.",
				fieldVI(l.name()), d.dmy(), l.ownerVI(), labelVI(nRecruitDate), nRecruitDate, r.dmy()),
			fmt.Sprintf("%s %s is before the recruitment day %s (%s): it is a fact of service", l.path(), d, nRecruitDate, r))
	}
	if e := lf.ended; !e.IsZero() && d.After(e) {
		report(emit, RuleDateService, l.String(),
			fmt.Sprintf("%s %q%s sau ngày chấm dứt công tác (%s/%s) %s: việc này chỉ có trong thời gian công tác. Đề nghị đối chiếu quyết định và thông tin chấm dứt công tác.",
				fieldVI(l.name()), d.dmy(), l.ownerVI(), nEnd, nEndDate, e.dmy()),
			fmt.Sprintf("%s %s is after the day service ended, %s (%s/%s): it is a fact of service", l.path(), d, e, nEnd, nEndDate))
	}
}

// year applies the date rules cs names to y, a year at *l.
func (c *recordRules) year(y int, cs checkSet, l *loc, lf *life, emit func(Finding)) {
	if y == 0 {
		return
	}
	if cs&checkPast != 0 && y > c.today.Year() {
		report(emit, RuleDateFuture, l.String(),
			fmt.Sprintf("%s %d%s ở tương lai (sau năm hiện tại %d). Đề nghị ghi đúng năm.", fieldVI(l.name()), y, l.ownerVI(), c.today.Year()),
			fmt.Sprintf("%s %d is in the future: after the current year, %d", l.path(), y, c.today.Year()))
	}
	if b := lf.birth; cs&checkBorn != 0 && !b.IsZero() && y < b.Year() {
		report(emit, RuleDateOrder, l.String(),
			fmt.Sprintf("%s %d%s trước năm sinh %d. Đề nghị ghi đúng năm.", fieldVI(l.name()), y, l.ownerVI(), b.Year()),
			fmt.Sprintf("%s %d is before the birth year %d", l.path(), y, b.Year()))
		return
	}
	if cs&checkService == 0 {
		return
	}
	if r := lf.recruited; !r.IsZero() && y < r.Year() {
		report(emit, RuleDateService, l.String(),
			fmt.Sprintf("%s %d%s trước năm tuyển dụng %d (%s %s): việc này chỉ có trong thời gian công tác. Đề nghị ghi đúng năm.",
				fieldVI(l.name()), y, l.ownerVI(), r.Year(), nRecruitDate, r.dmy()),
			fmt.Sprintf("%s %d is before the recruitment year %d (%s %s): it is a fact of service", l.path(), y, r.Year(), nRecruitDate, r))
	}
	if e := lf.ended; !e.IsZero() && y > e.Year() {
		report(emit, RuleDateService, l.String(),
			fmt.Sprintf("%s %d%s sau năm chấm dứt công tác %d (%s/%s %s): việc này chỉ có trong thời gian công tác. Đề nghị ghi đúng năm.",
				fieldVI(l.name()), y, l.ownerVI(), e.Year(), nEnd, nEndDate, e.dmy()),
			fmt.Sprintf("%s %d is after the year service ended, %d (%s/%s %s): it is a fact of service", l.path(), y, e.Year(), nEnd, nEndDate, e))
	}
}

// periodOf reports a period whose last day, member toName of the object
// at l, is before its first, member fromName (R-DATE-003).
func (c *recordRules) periodOf(from, to Date, l *loc, fromName, toName string, emit func(Finding)) {
	if from.IsZero() || to.IsZero() || !to.Before(from) {
		return
	}
	lf, lt := l.in(fromName), l.in(toName)
	report(emit, RuleDatePeriod, lt.String(),
		fmt.Sprintf("%s %q%s trước %s %s: giai đoạn kết thúc trước khi bắt đầu. Đề nghị đối chiếu văn bản gốc và ghi đúng hai ngày.",
			fieldVI(lt.name()), to.dmy(), lt.ownerVI(), labelVI(lf.name())+" ("+lf.name()+")", from.dmy()),
		fmt.Sprintf("%s %s is before %s %s: the period ends before it starts", lt.path(), to, lf.name(), from))
}

// health checks the measures of SucKhoe (R-SK-001).
func (c *recordRules) health(i int, h *Health, emit func(Finding)) {
	if h == nil {
		return
	}
	l := at(i, nHealth)
	for _, m := range [...]struct {
		name     string
		v        int
		lo, hi   int
		unit, en string
	}{{nHeight, h.HeightCM, minHeightCM, maxHeightCM, "cm", "cm"}, {nWeight, h.WeightKG, minWeightKG, maxWeightKG, "kg", "kg"}} {
		if m.v == 0 || m.lo <= m.v && m.v <= m.hi {
			continue // 0 is the schema's (minimum 1): one mistake, one finding
		}
		report(emit, RuleHealthRange, l.in(m.name).String(),
			fmt.Sprintf("%s %d %s ngoài khoảng %d-%d %s của một người trưởng thành: có thể đã ghi nhầm đơn vị hoặc gõ nhầm. Đề nghị đối chiếu phiếu khám sức khỏe.",
				fieldVI(m.name), m.v, m.unit, m.lo, m.hi, m.unit),
			fmt.Sprintf("%s/%s %d %s is outside %d-%d %s, an adult's range: a wrong unit or a typo", nHealth, m.name, m.v, m.en, m.lo, m.hi, m.en))
	}
}

// allowanceAmounts checks that each allowance is paid one way, as a
// coefficient or as a percentage (R-PC-001).
func (c *recordRules) allowanceAmounts(i int, as []Allowance, emit func(Finding)) {
	for j := range as {
		a := &as[j]
		l := at(i, nAllowances).item(j)
		switch coef, pct := a.Coefficient != 0, a.Percent != nil; {
		case coef && pct:
			report(emit, RuleAllowanceAmount, l.in(nPercent).String(),
				fmt.Sprintf("Phụ cấp thứ %d có cả %s %s và %s %d%%: mỗi phụ cấp tính theo hệ số hoặc theo tỷ lệ phần trăm. Đề nghị chỉ ghi một trong hai theo quyết định hưởng phụ cấp.",
					j+1, lowerFirst(fieldVI(nCoefficient)), decimalVI(a.Coefficient), lowerFirst(fieldVI(nPercent)), *a.Percent),
				fmt.Sprintf("%s/%d has both %s %s and %s %d: an allowance is paid as a coefficient or as a percentage", nAllowances, j, nCoefficient, a.Coefficient, nPercent, *a.Percent))
		case !coef && !pct:
			report(emit, RuleAllowanceAmount, l.String(),
				fmt.Sprintf("Phụ cấp thứ %d không có %s hay %s: không biết mức hưởng. Đề nghị ghi mức phụ cấp theo quyết định hưởng phụ cấp.",
					j+1, lowerFirst(fieldVI(nCoefficient)), lowerFirst(fieldVI(nPercent))),
				fmt.Sprintf("%s/%d has neither %s nor %s: the amount is unknown", nAllowances, j, nCoefficient, nPercent))
		}
	}
}

// lowerFirst turns a label written at the start of a sentence back into
// one inside it.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// secondments reports a secondment that overlaps an earlier one (R-DC-001),
// as overlapped does for work periods: on the later of the two.
func (c *recordRules) secondments(i int, ts []Transfer, emit func(Finding)) {
	for j := range ts {
		t := &ts[j]
		if t.Kind != transferSecondment || !validSpan(t.From, t.To) {
			continue
		}
		for k := range ts {
			e := &ts[k]
			if k == j || e.Kind != transferSecondment || !validSpan(e.From, e.To) {
				continue
			}
			switch cmp := e.From.Compare(t.From); {
			case cmp > 0, cmp == 0 && k > j:
				continue
			case cmp < 0 && !e.To.IsZero() && !t.From.Before(e.To):
				continue
			}
			endVI, endEN := "chưa kết thúc", "not ended"
			if !e.To.IsZero() {
				endVI, endEN = "đến ngày "+e.To.dmy(), "to "+e.To.String()
			}
			report(emit, RuleSecondment, at(i, nTransfers).item(j).in(nTransferFrom).String(),
				fmt.Sprintf("Lần biệt phái ở mục thứ %d của %s, từ ngày %s, trùng thời gian với lần biệt phái ở mục thứ %d (từ ngày %s, %s): một người chỉ được biệt phái đến một nơi tại một thời điểm. Đề nghị ghi %s của lần biệt phái trước.",
					j+1, lowerFirst(fieldVI(nTransfers)), t.From.dmy(), k+1, e.From.dmy(), endVI, lowerFirst(fieldVI(nTransferTo))),
				fmt.Sprintf("the secondment %s/%d from %s overlaps the secondment %s/%d (from %s, %s): one secondment at a time", nTransfers, j, t.From, nTransfers, k, e.From, endEN))
			break
		}
	}
}

// validSpan reports whether a period has a first day and does not end
// before it (R-DATE-003's otherwise).
func validSpan(from, to Date) bool { return !from.IsZero() && (to.IsZero() || !to.Before(from)) }

// gradeYears reports a year graded a second time (R-DG-001).
func (c *recordRules) gradeYears(i int, gs []YearlyGrade, emit func(Finding)) {
	for j := 1; j < len(gs); j++ {
		y := gs[j].Year
		for k := range j {
			if y == 0 || gs[k].Year != y {
				continue
			}
			report(emit, RuleGradeYear, at(i, nGrades).item(j).in(nGradeYear).String(),
				fmt.Sprintf("%s %d của đánh giá, xếp loại chất lượng thứ %d đã được đánh giá, xếp loại ở mục thứ %d: mỗi năm chỉ đánh giá, xếp loại chất lượng một lần theo Nghị định số 90/2020/NĐ-CP. Đề nghị giữ một kết quả của năm %d.",
					fieldVI(nGradeYear), y, j+1, k+1, y),
				fmt.Sprintf("%s/%d: year %d is already graded in %s/%d; a year is graded once (Decree 90/2020/NĐ-CP)", nGrades, j, y, nGrades, k))
			break
		}
	}
}

// appointmentKinds reports a position held by election or approval by a
// person who is no cadre (R-KIND-001). An appointment that has ended is
// not judged: the person may have been a cadre then.
func (c *recordRules) appointmentKinds(i int, kind string, as []Appointment, emit func(Finding)) {
	if kind == "" || kind == personKindCadre {
		return
	}
	if l := c.lists[personKindList]; l == nil {
		return
	} else if _, known := l.Lookup(kind); !known {
		return // R-CODE-001's
	}
	for j := range as {
		a := &as[j]
		form, ok := cadreForms[a.Form]
		if !ok || !a.To.IsZero() {
			continue
		}
		report(emit, RulePersonKind, at(i, nAppointments).item(j).in(nAppointmentForm).String(),
			fmt.Sprintf("%s %q của lần bổ nhiệm thứ %d (%s), chức vụ đang giữ: chỉ cán bộ được %s giữ chức vụ, mà %s (%s) là %q, %s. Đề nghị đối chiếu quyết định, hoặc sửa loại đối tượng.",
				fieldVI(nAppointmentForm), a.Form, j+1, form.vi, form.vi, labelVI(nPersonKind), nPersonKind, kind, personKindVI(kind)),
			fmt.Sprintf("%s/%d/%s %q of a position still held: only a cadre (%s %s) holds one by %s, and %s is %q", nAppointments, j, nAppointmentForm, a.Form, nPersonKind, personKindCadre, form.en, nPersonKind, kind))
	}
}

// wireListOf returns the code list of the field goName of T (its list tag).
func wireListOf[T any](goName string) string {
	sf, _ := reflect.TypeFor[T]().FieldByName(goName)
	return sf.Tag.Get("list")
}

// planningPeriods reports a planning period whose last year is before its
// first (R-DATE-003). Its shape, YYYY-YYYY, is the schema's.
func (c *recordRules) planningPeriods(i int, ps []PlanningEntry, emit func(Finding)) {
	for j := range ps {
		s := ps[j].Period
		a, b, ok := strings.Cut(s, "-")
		first, err1 := strconv.Atoi(a)
		last, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || last >= first {
			continue
		}
		l := at(i, nPlanning).item(j).in(nPlanningPeriod)
		report(emit, RuleDatePeriod, l.String(),
			fmt.Sprintf("%s %q%s: năm cuối %d trước năm đầu %d. Đề nghị ghi giai đoạn theo dạng năm đầu-năm cuối, ví dụ 2026-2031.", fieldVI(nPlanningPeriod), s, l.ownerVI(), last, first),
			fmt.Sprintf("%s %q: the last year %d is before the first, %d", l.path(), s, last, first))
	}
}

// declarationDays reports a declaration made before the year it declares
// began (R-DATE-005).
func (c *recordRules) declarationDays(i int, ds []AssetDeclaration, emit func(Finding)) {
	for j := range ds {
		d := &ds[j]
		if d.Year == 0 || d.Declared.IsZero() || d.Declared.Year() >= d.Year {
			continue
		}
		l := at(i, nDeclarations).item(j).in(nDeclared)
		report(emit, RuleDateOrder, l.String(),
			fmt.Sprintf("%s %q%s trước năm kê khai %d (%s): không thể kê khai cho một năm chưa bắt đầu. Đề nghị đối chiếu bản kê khai.", fieldVI(nDeclared), d.Declared.dmy(), l.ownerVI(), d.Year, nDeclarationYear),
			fmt.Sprintf("%s %s is before the year it declares, %s %d, began", l.path(), d.Declared, nDeclarationYear, d.Year))
	}
}

// birthWordsVI names the earliest day a birth date can stand for, as a
// finding says it: «ngày sinh 12/03/1985», «tháng sinh 03/1985», «năm sinh
// 1985».
func birthWordsVI(b PartialDate) string {
	e := b.Earliest()
	switch b.Precision() {
	case PrecisionDay:
		return "ngày sinh " + e.dmy()
	case PrecisionMonth:
		return fmt.Sprintf("tháng sinh %02d/%04d", e.Month(), e.Year())
	}
	return fmt.Sprintf("năm sinh %04d", e.Year())
}

// ownerVI names, in words, the records a member at l belongs to, for a
// finding: « của phụ cấp thứ 2», « của quyết định của quá trình bổ nhiệm
// thứ 1»; "" for a member of the profile itself.
func (l loc) ownerVI() string {
	var b strings.Builder
	for k := l.n - 2; k >= 0; k-- {
		s := l.step[k]
		if s.name == "" {
			continue
		}
		b.WriteString(" của ")
		b.WriteString(labelVI(s.name))
		if k+1 < l.n-1 && l.step[k+1].name == "" {
			b.WriteString(" thứ ")
			b.WriteString(strconv.Itoa(l.step[k+1].index + 1))
		}
	}
	return b.String()
}

// path is the member's JSON Pointer inside its record, without the leading
// slash, for the English messages: BoNhiem/0/TuNgay.
func (l loc) path() string {
	s := l.String()
	// /DuLieu/<rec>/…
	rest := s[len(ptrRecords)+1:]
	if k := strings.IndexByte(rest, '/'); k >= 0 {
		return rest[k+1:]
	}
	return ""
}
