package packettest

import (
	"strconv"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// ChangeOfKind returns a plausible change event of kind (LoaiBienDong) for
// p, one that packet.Apply accepts and that the validator finds nothing
// in, and true; or false when the kind does not fit p (an election of
// someone who is no cadre, the end of a secondment of someone not
// seconded, a kind of format 1.0 that Change does not make). It makes the
// kinds of format 1.0 that Change makes, as Change makes them, and, for a
// generator of format 2.0, every kind of format 2.0:
//
//   - BAU_CU: a cadre's election, for a new term, to the position held;
//   - QUY_HOACH: planning for the next title up, for the current term;
//   - BIET_PHAI: a secondment to a commune or an office, when none is open;
//   - KET_THUC_BIET_PHAI: the end of the open secondment;
//   - PHU_CAP: a responsibility allowance, or the next percent of the
//     professional seniority allowance (the current one closed);
//   - DANH_GIA_XEP_LOAI: this year's grade, when it is not yet given;
//   - KE_KHAI_TAI_SAN: a yearly declaration of those who declare, without
//     a decision;
//   - SUC_KHOE: a periodic examination, without a decision.
//
// The values of the sensitive groups are made as the profile's are: they
// look like no one's.
func (g *Generator) ChangeOfKind(p packet.Profile, kind string) (packet.Change, bool) {
	c := packet.Change{ID: g.uuid(), PersonalID: p.PersonalID}
	make1 := map[string]func(*packet.Profile, *packet.Change) bool{
		changeSalary: g.raise, changeAppoint: g.appoint, changeTransfer: g.transfer,
		changeAward: g.award, changeRetire: g.retire, changeUpdate: g.update,
	}
	if f, ok := make1[kind]; ok {
		return c, f(&p, &c)
	}
	if g.version1() {
		return c, false
	}
	make2 := map[string]func(*packet.Profile, *packet.Change) bool{
		"BAU_CU": g.elect, "QUY_HOACH": g.plan, "BIET_PHAI": g.second, "KET_THUC_BIET_PHAI": g.endSecondment,
		"PHU_CAP": g.allowance, "DANH_GIA_XEP_LOAI": g.grade, "KE_KHAI_TAI_SAN": g.declare, "SUC_KHOE": g.examine,
	}
	f, ok := make2[kind]
	if !ok {
		return c, false
	}
	c.Kind = kind
	return c, f(&p, &c)
}

// version1 reports whether the generator makes packets of format 1.0.
func (g *Generator) version1() bool {
	n, err := packet.MajorVersion(g.opt.Version)
	return err == nil && n == 1
}

// item is the pointer of a new item of an array of n items: /M/n (/M/0
// starts an absent one).
func item(member string, n int) string { return "/" + member + "/" + strconv.Itoa(n) }

// decided sets the change's effective day, a decision signed that day, and
// returns the decision.
func (g *Generator) decided(p *packet.Profile, c *packet.Change) packet.Decision {
	c.Effective = g.effectiveNow()
	c.Decision = g.decisionOn(p, c.Effective)
	return *c.Decision
}

// elect is BAU_CU: a cadre elected again, for a new term, to the position
// held; the appointment of the term before ends the day before.
func (g *Generator) elect(p *packet.Profile, c *packet.Change) bool {
	if p.PersonKind != identifier.Cadre.Code() || p.Position == nil {
		return false
	}
	d := g.decided(p, c)
	for i, a := range p.Appointments {
		if a.To.IsZero() {
			if !addDays(c.Effective, -1).After(a.From) {
				return false
			}
			c.Fields = append(c.Fields, add(item("BoNhiem", i)+"/DenNgay", addDays(c.Effective, -1)))
		}
	}
	c.Fields = append(c.Fields, add(item("BoNhiem", len(p.Appointments)),
		packet.Appointment{Position: p.Position.Title, Form: "BAU_CU", From: c.Effective, Decision: d}))
	return true
}

// plan is QUY_HOACH: the person planned for the next title up in the unit,
// for the current term, when not planned for it already.
func (g *Generator) plan(p *packet.Profile, c *packet.Change) bool {
	u, ok := g.org.unitOf(p.WorkingUnit)
	if !ok {
		return false
	}
	title, level := u.deputy.title, "CAP_VU_SO"
	switch {
	case p.Position == nil && len(u.depts) > 0:
		title, level = deptDeputy.title, "CAP_PHONG"
	case p.Position != nil && p.Position.Title == u.deputy.title:
		title = u.head.title
	case p.Position != nil && p.Position.Title == u.head.title:
		return false
	}
	if u.kind == unitCommune {
		level = "CAP_XA"
	}
	y := g.today.Year()
	start := y - ((y-2026)%5+5)%5
	period := strconv.Itoa(start) + "-" + strconv.Itoa(start+5)
	for _, e := range p.Planning {
		if e.Title == title && e.Period == period {
			return false
		}
	}
	d := g.decided(p, c)
	c.Fields = []packet.FieldChange{add(item("QuyHoach", len(p.Planning)), packet.PlanningEntry{Title: title, Period: period, Level: level, Decision: d})}
	return true
}

// second is BIET_PHAI: a secondment to a commune or an office for one or
// two years, for someone in an open work period and not seconded.
func (g *Generator) second(p *packet.Profile, c *packet.Change) bool {
	n := len(p.WorkHistory)
	if n == 0 || !p.WorkHistory[n-1].To.IsZero() {
		return false
	}
	for _, t := range p.Transfers {
		if t.Kind == "BIET_PHAI" && t.To.IsZero() {
			return false
		}
	}
	var to []int
	for i, u := range g.org.units {
		if (u.kind == unitCommune || u.kind == unitOffice) && !u.code.Equal(p.WorkingUnit) {
			to = append(to, i)
		}
	}
	if len(to) == 0 {
		return false
	}
	d := g.decided(p, c)
	if !c.Effective.After(p.WorkHistory[n-1].From) {
		return false
	}
	c.Fields = []packet.FieldChange{add(item("DieuChuyen", len(p.Transfers)),
		packet.Transfer{Kind: "BIET_PHAI", From: c.Effective, Unit: g.org.units[pick(g, to)].name, Decision: d})}
	return true
}

// endSecondment is KET_THUC_BIET_PHAI: the open secondment ends the day
// before the decision takes effect.
func (g *Generator) endSecondment(p *packet.Profile, c *packet.Change) bool {
	for i, t := range p.Transfers {
		if t.Kind != "BIET_PHAI" || !t.To.IsZero() {
			continue
		}
		g.decided(p, c)
		end := addDays(c.Effective, -1)
		if end.Before(t.From) {
			return false
		}
		c.Fields = []packet.FieldChange{add(item("DieuChuyen", i)+"/DenNgay", end)}
		return true
	}
	return false
}

// allowance is PHU_CAP: the next percent of the professional seniority
// allowance of teachers, due a year after the last (the current one
// closed the day before), or else a responsibility allowance.
func (g *Generator) allowance(p *packet.Profile, c *packet.Change) bool {
	g.decided(p, c)
	for i, a := range p.Allowances {
		if a.Kind != "THAM_NIEN_NGHE" || !a.To.IsZero() || a.Percent == nil || *a.Percent >= 40 {
			continue
		}
		if !addDays(c.Effective, -1).After(a.From) {
			return false
		}
		next := *a.Percent + 1
		c.Fields = []packet.FieldChange{
			add(item("PhuCap", i)+"/DenNgay", addDays(c.Effective, -1)),
			add(item("PhuCap", len(p.Allowances)), packet.Allowance{Kind: "THAM_NIEN_NGHE", Percent: &next, From: c.Effective}),
		}
		return true
	}
	for _, a := range p.Allowances {
		if a.Kind == "TRACH_NHIEM" && a.To.IsZero() {
			return false
		}
	}
	coef := packet.Decimal2(10 * (1 + g.intn(3))) // 0.1, 0.2 or 0.3 (Circular 05/2005/TT-BNV)
	c.Fields = []packet.FieldChange{add(item("PhuCap", len(p.Allowances)), packet.Allowance{Kind: "TRACH_NHIEM", Coefficient: coef, From: c.Effective})}
	return true
}

// grade is DANH_GIA_XEP_LOAI: this year's grade, given in November or
// December, for someone who worked half of it and has none for it.
func (g *Generator) grade(p *packet.Profile, c *packet.Change) bool {
	y := g.today.Year()
	if g.today.Month() < time.November || p.Recruitment.Date.IsZero() || p.Recruitment.Date.After(mustDate(y, time.July, 1)) {
		return false
	}
	for _, gr := range p.Grades {
		if gr.Year == y {
			return false
		}
	}
	g.decided(p, c)
	grade := weighted(g, []string{"HTXSNV", "HTTNV", "HTNV", "KHTNV"}, []int{15, 62, 22, 1})
	for _, d := range p.Disciplines {
		if d.Date.Year() == y {
			grade = "KHTNV"
		}
	}
	c.Fields = []packet.FieldChange{add(item("DanhGiaXepLoai", len(p.Grades)), packet.YearlyGrade{Year: y, Grade: grade})}
	return true
}

// declare is KE_KHAI_TAI_SAN: the yearly declaration of a leader or a
// cadre, when this year's is not made yet; TongThuNhap is made as the
// profile's are, from the salary table: no one's real income.
func (g *Generator) declare(p *packet.Profile, c *packet.Change) bool {
	if p.Position == nil && p.PersonKind != identifier.Cadre.Code() {
		return false
	}
	y := g.today.Year()
	for _, d := range p.AssetDeclarations {
		if d.Year == y {
			return false
		}
	}
	c.Effective, c.Decision = g.signedRecently(), nil
	coef := int64(p.Rank.Coefficient)
	if p.Position != nil {
		coef += int64(p.Position.Allowance)
	}
	income := (coef*baseSalary(y)*12/100/1_000_000 + int64(g.intn(60))) * 1_000_000
	kind := "HANG_NAM"
	if len(p.AssetDeclarations) == 0 {
		kind = "LAN_DAU"
	}
	c.Fields = []packet.FieldChange{add(item("KeKhaiTaiSan", len(p.AssetDeclarations)),
		packet.AssetDeclaration{Year: y, Kind: kind, Declared: c.Effective, TotalIncome: income, Change300M: g.chance(6)})}
	return true
}

// examine is SUC_KHOE: a periodic examination. Height stays, weight moves
// by a kilogram or two, the blood group stays; someone with no record gets
// values drawn as the profile's are, independent of the person.
func (g *Generator) examine(p *packet.Profile, c *packet.Change) bool {
	c.Effective, c.Decision = g.signedRecently(), nil
	cond := weighted(g, []string{"TOT", "BINH_THUONG", "KEM"}, []int{78, 20, 2})
	if p.Health != nil {
		h := *p.Health
		if !c.Effective.After(h.Examined) {
			return false
		}
		h.Condition, h.WeightKG, h.Examined = cond, max(h.WeightKG+g.intn(5)-2, 35), c.Effective
		c.Fields = []packet.FieldChange{set("/SucKhoe", *p.Health, h)}
		return true
	}
	h := 155 + g.intn(20)
	w := (185 + g.intn(76)) * h * h / 100_000
	blood := weighted(g, []string{"O+", "B+", "A+", "AB+"}, []int{42, 30, 21, 6})
	c.Fields = []packet.FieldChange{add("/SucKhoe", packet.Health{Condition: cond, HeightCM: h, WeightKG: w, BloodType: blood, Examined: c.Effective})}
	return true
}
