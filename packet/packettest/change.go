package packettest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// The kinds of change event Change makes.
const (
	changeSalary   = "NANG_LUONG"
	changeAppoint  = "BO_NHIEM"
	changeTransfer = "DIEU_DONG"
	changeAward    = "KHEN_THUONG"
	changeRetire   = "NGHI_HUU"
	changeUpdate   = packet.EventUpdate
)

// Change returns a plausible change event for p, one that packet.Apply
// accepts: GiaTriCu is p's current value (absent where p has none) and
// GiaTriMoi a valid value, both encoded with encoding/json. It is one of
//
//   - NANG_LUONG: the next salary step with the coefficient of the salary
//     table (up to a year early, as a reward), or the next percent of
//     seniority allowance beyond the last step;
//   - BO_NHIEM: an appointment as deputy head, or from deputy to head,
//     which closes the current work period and opens another;
//   - DIEU_DONG: a transfer to another unit of the same kind under the
//     sender (MaDonViSuDung, and MaDonViQuanLy if it changes), with the
//     work history;
//   - KHEN_THUONG: an award this year;
//   - NGHI_HUU: retirement, for those who reach the retirement age within
//     a year (effective the first day of the next month, so possibly
//     later than today);
//   - CAP_NHAT: a new phone number, e-mail or address, without a
//     decision.
//
// The dates are not after today, except a retirement's NgayHieuLuc, so
// the profile Apply returns is valid too. Change works on any profile,
// also one the generator did not make: a kind that does not fit p is not
// chosen, and CAP_NHAT always fits.
func (g *Generator) Change(p packet.Profile) packet.Change {
	c := packet.Change{ID: g.uuid(), PersonalID: p.PersonalID}
	type option struct {
		weight int
		make   func(*packet.Change) bool
	}
	options := []option{
		{30, func(c *packet.Change) bool { return g.raise(&p, c) }},
		{10, func(c *packet.Change) bool { return g.appoint(&p, c) }},
		{12, func(c *packet.Change) bool { return g.transfer(&p, c) }},
		{15, func(c *packet.Change) bool { return g.award(&p, c) }},
		{400, func(c *packet.Change) bool { return g.retire(&p, c) }},
		{20, func(c *packet.Change) bool { return g.update(&p, c) }},
	}
	for len(options) > 0 {
		ws := make([]int, len(options))
		for i, o := range options {
			ws[i] = o.weight
		}
		i := g.weightedIndex(ws)
		if options[i].make(&c) {
			return c
		}
		options = append(options[:i], options[i+1:]...)
	}
	return c // not reached: update always fits
}

// jsonValue encodes v as GiaTriCu or GiaTriMoi.
func jsonValue(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the model's types always encode
	}
	return b
}

func set(ptr string, old, new any) packet.FieldChange {
	return packet.FieldChange{Field: ptr, OldValue: jsonValue(old), NewValue: jsonValue(new)}
}

// add is a change of a field that has no value yet.
func add(ptr string, new any) packet.FieldChange {
	return packet.FieldChange{Field: ptr, NewValue: jsonValue(new)}
}

// managerOf returns the unit managing p, the top of the organisation if p
// is not the generator's.
func (g *Generator) managerOf(p *packet.Profile) (name, abbr string) {
	if u, ok := g.org.unitOf(p.ManagingUnit); ok {
		return u.name, u.abbr
	}
	return g.org.topName, g.org.topAbbr
}

// decisionOn returns a decision of the unit managing p, signed the day it
// takes effect, or recently (signedRecently) when that day is to come.
func (g *Generator) decisionOn(p *packet.Profile, effective packet.Date) *packet.Decision {
	name, abbr := g.managerOf(p)
	signed := effective
	if effective.After(g.today) {
		signed = g.signedRecently()
	}
	return &packet.Decision{Number: decision(g, abbr), Date: signed, Issuer: name}
}

// signedRecently returns today or one of the two working days before it:
// an agency reports a change within three working days of its decision
// (Decree 27/2026/NĐ-CP, rule R-BD-004), so a generated packet is on time.
func (g *Generator) signedRecently() packet.Date {
	return packet.DateOf(calendar.Default().AddWorkingDays(g.today.In(time.UTC), -g.intn(3)))
}

// raise is NANG_LUONG: the next step, when it is due within a year.
func (g *Generator) raise(p *packet.Profile, c *packet.Change) bool {
	steps, ok := g.scales[p.Rank.Code]
	r := p.Rank
	if !ok || r.Step < 1 || r.Step > len(steps) || r.Since.IsZero() || packet.Decimal2(steps[r.Step-1]) != r.Coefficient {
		return false
	}
	due := firstOfMonth(r.Since.AddYears(stepYears(g.groups[r.Code])))
	if due.After(g.today.AddYears(1)) {
		return false
	}
	effective := g.effectiveNow()
	if !effective.After(r.Since) {
		return false
	}
	c.Kind, c.Effective = changeSalary, effective
	c.Decision = g.decisionOn(p, effective)
	if r.Step == len(steps) {
		pct := 5
		var old any
		if r.ExtraPercent != nil {
			old = *r.ExtraPercent
			if *r.ExtraPercent > 0 {
				pct = min(*r.ExtraPercent+1, 100)
			}
		}
		if old == nil {
			c.Fields = []packet.FieldChange{add("/Ngach/PhanTramVuotKhung", pct)}
		} else {
			c.Fields = []packet.FieldChange{set("/Ngach/PhanTramVuotKhung", old, pct)}
		}
		return true
	}
	c.Fields = []packet.FieldChange{
		set("/Ngach/BacLuong", r.Step, r.Step+1),
		set("/Ngach/HeSoLuong", r.Coefficient, packet.Decimal2(steps[r.Step])),
		set("/Ngach/NgayHuong", r.Since, effective),
	}
	return true
}

// moveOn closes the current (last, open) work period the day before
// effective and opens next: the fields of a change that ends one post and
// starts another. It reports false when p has no open last period that
// started before effective.
func moveOn(p *packet.Profile, effective packet.Date, next packet.WorkPeriod) ([]packet.FieldChange, bool) {
	n := len(p.WorkHistory)
	if n == 0 {
		return nil, false
	}
	last := p.WorkHistory[n-1]
	if !last.To.IsZero() || !addDays(effective, -1).After(last.From) {
		return nil, false
	}
	next.From = effective
	return []packet.FieldChange{
		add("/QuaTrinhCongTac/"+strconv.Itoa(n-1)+"/DenNgay", addDays(effective, -1)),
		add("/QuaTrinhCongTac/"+strconv.Itoa(n), next),
	}, true
}

// effectiveNow is the date a decision of these days takes effect: the day
// it is signed, recently enough to be reported on time.
func (g *Generator) effectiveNow() packet.Date { return g.signedRecently() }

// appoint is BO_NHIEM: a first appointment as deputy head of a department
// or school, or promotion from deputy to head.
func (g *Generator) appoint(p *packet.Profile, c *packet.Change) bool {
	u, ok := g.org.unitOf(p.WorkingUnit)
	if !ok || len(p.WorkHistory) == 0 || fullYears(p.Recruitment.Date, g.today) < 5 {
		return false
	}
	var next position
	switch {
	case p.Position == nil && len(u.depts) > 0:
		next = deptDeputy
		if u.kind == unitCommune {
			next = communeDept[0]
		} else if u.kind == unitCollege {
			next = facDeputy
		}
	case p.Position == nil:
		next = u.deputy
	default:
		found := false
		dept := [2]position{deptDeputy, deptHead}
		switch u.kind {
		case unitCommune:
			dept = communeDept
		case unitCollege:
			dept = [2]position{facDeputy, facHead}
		}
		for _, pair := range [][2]position{dept, {u.deputy, u.head}} {
			if p.Position.Title == pair[0].title && pair[0].title != pair[1].title {
				next, found = pair[1], true
				break
			}
		}
		if !found {
			return false
		}
	}
	effective := g.effectiveNow()
	period := packet.WorkPeriod{Unit: p.WorkHistory[len(p.WorkHistory)-1].Unit, Position: next.title}
	fields, ok := moveOn(p, effective, period)
	if !ok {
		return false
	}
	pos := packet.Position{Title: next.title, Appointed: effective, Allowance: packet.Decimal2(next.allowance)}
	if p.Position == nil {
		fields = append([]packet.FieldChange{add("/ChucVu", pos)}, fields...)
	} else {
		fields = append([]packet.FieldChange{set("/ChucVu", *p.Position, pos)}, fields...)
	}
	if p.JobPosition == "" {
		fields = append(fields, add("/ViTriViecLam", next.title))
	} else {
		fields = append(fields, set("/ViTriViecLam", p.JobPosition, next.title))
	}
	c.Kind, c.Effective, c.Fields = changeAppoint, effective, fields
	c.Decision = g.decisionOn(p, effective)
	return true
}

// transfer is DIEU_DONG: to another unit of the same kind, for someone
// without a leadership position.
func (g *Generator) transfer(p *packet.Profile, c *packet.Change) bool {
	o := g.org
	u, ok := o.unitOf(p.WorkingUnit)
	if !ok || p.Position != nil || len(p.WorkHistory) == 0 {
		return false
	}
	var others []int
	for i := range o.units {
		if o.units[i].kind == u.kind && !o.units[i].code.Equal(u.code) {
			others = append(others, i)
		}
	}
	if len(others) == 0 {
		return false
	}
	to := &o.units[pick(g, others)]
	dept := ""
	if len(to.depts) > 0 {
		dept = pick(g, to.depts)
	}
	effective := g.effectiveNow()
	last := p.WorkHistory[len(p.WorkHistory)-1]
	moves, ok := moveOn(p, effective, packet.WorkPeriod{Unit: label(dept, to), Position: last.Position})
	if !ok {
		return false
	}
	var fields []packet.FieldChange
	mgr := &o.units[to.manager]
	if !mgr.code.Equal(p.ManagingUnit) {
		fields = append(fields, set("/MaDonViQuanLy", p.ManagingUnit, mgr.code))
	}
	fields = append(fields, set("/MaDonViSuDung", p.WorkingUnit, to.code))
	c.Kind, c.Effective, c.Fields = changeTransfer, effective, append(fields, moves...)
	c.Decision = g.decisionOn(p, effective)
	if !mgr.code.Equal(p.ManagingUnit) {
		// Between two managing units the level-1 agency decides.
		c.Decision.Issuer, c.Decision.Number = o.topName, decision(g, o.topAbbr)
	}
	return true
}

// award is KHEN_THUONG: an award of this year.
func (g *Generator) award(p *packet.Profile, c *packet.Change) bool {
	if p.Recruitment.Date.IsZero() || p.Recruitment.Date.Year() >= g.today.Year() {
		return false
	}
	name, abbr := g.managerOf(p)
	form := "Giấy khen của Thủ trưởng " + name
	if u, ok := g.org.unitOf(p.ManagingUnit); ok {
		form = u.award
	}
	effective := g.signedRecently()
	a := packet.Award{Year: g.today.Year(), Form: form, Decision: decision(g, abbr)}
	c.Kind, c.Effective = changeAward, effective
	c.Decision = &packet.Decision{Number: a.Decision, Date: effective, Issuer: name}
	if len(p.Awards) == 0 {
		// No array to append to: the change sets the whole of it.
		c.Fields = []packet.FieldChange{add("/KhenThuong", []packet.Award{a})}
	} else {
		c.Fields = []packet.FieldChange{add("/KhenThuong/"+strconv.Itoa(len(p.Awards)), a)}
	}
	return true
}

// retire is NGHI_HUU: from the first day of the month after the person
// reaches the retirement age, when that is within a year; the decision is
// signed months before.
func (g *Generator) retire(p *packet.Profile, c *packet.Change) bool {
	birth, ok := p.BirthDate.Full()
	if !ok || p.Status != codelist.StatusWorking {
		return false
	}
	female := p.Gender == identifier.GenderFemale.Code()
	at := addMonths(birth, retirementMonths(female, g.today.Year()+1))
	effective := firstOfMonth(addMonths(at, 1))
	if effective.After(g.today.AddYears(1)) || effective.Before(g.today) {
		return false
	}
	c.Kind, c.Effective = changeRetire, effective
	c.Decision = g.decisionOn(p, effective)
	c.Fields = []packet.FieldChange{set("/TrangThai", p.Status, codelist.StatusRetired)}
	return true
}

// update is CAP_NHAT: a new phone number, e-mail address or current
// address.
func (g *Generator) update(p *packet.Profile, c *packet.Change) bool {
	c.Kind, c.Effective = changeUpdate, g.today
	switch g.intn(3) {
	case 0:
		phone := "+849" + digits(g, 8)
		if p.Phone == "" {
			c.Fields = []packet.FieldChange{add("/SoDienThoai", phone)}
		} else {
			c.Fields = []packet.FieldChange{set("/SoDienThoai", p.Phone, phone)}
		}
	case 1:
		box := "user"
		if strings.TrimSpace(p.FullName) != "" {
			box = mailbox(p.FullName)
		}
		mail := box + strconv.Itoa(g.intn(100)) + "@" + g.org.domain
		if p.Email == "" {
			c.Fields = []packet.FieldChange{add("/Email", mail)}
		} else {
			c.Fields = []packet.FieldChange{set("/Email", p.Email, mail)}
		}
	default:
		home := g.org.province
		a := packet.Address{UnitCode: home, Country: "VN",
			Detail: strconv.Itoa(1+g.intn(350)) + " " + pick(g, streets) + ", " + pick(g, communesOf(home))}
		if p.CurrentAddress == nil {
			c.Fields = []packet.FieldChange{add("/NoiOHienTai", a)}
		} else {
			c.Fields = []packet.FieldChange{set("/NoiOHienTai", *p.CurrentAddress, a)}
		}
	}
	return true
}

// match returns the result of matching p against the population or
// social-insurance database: mostly KHOP; SAI_KHAC with one or two
// differences (a birth date a few days off, a given name spelt otherwise,
// another home town, another social-insurance number); a few
// KHONG_TIM_THAY.
func (g *Generator) match(p *packet.Profile) packet.MatchResult {
	m := packet.MatchResult{PersonalID: p.PersonalID,
		Source:    weighted(g, []packet.Source{packet.SourcePopulation, packet.SourceInsurance}, []int{70, 30}),
		Status:    weighted(g, []packet.MatchStatus{packet.MatchOK, packet.MatchDiffers, packet.MatchNotFound}, []int{85, 12, 3}),
		MatchedAt: g.opt.Now.Add(-time.Duration(60+g.intn(6*3600)) * time.Second)}
	if m.Status != packet.MatchDiffers {
		return m
	}
	birthDiff := func() packet.Difference {
		b := p.BirthDate.Earliest()
		other := addDays(b, 1+g.intn(20))
		if other.Year() != b.Year() {
			other = addDays(b, -1-g.intn(20))
		}
		d := packet.Difference{Field: "/NgaySinh", AuthoritativeValue: jsonValue(packet.PartialDateOf(other))}
		if !p.BirthDate.IsZero() {
			d.AgencyValue = jsonValue(p.BirthDate)
		}
		return d
	}
	var diffs []func() packet.Difference
	if m.Source == packet.SourcePopulation {
		diffs = []func() packet.Difference{birthDiff,
			func() packet.Difference {
				female := p.Gender == identifier.GenderFemale.Code()
				parts := strings.Fields(p.FullName)
				family := "Nguyễn"
				if len(parts) > 0 {
					family = parts[0]
				}
				name := g.personName(family, female, p.BirthDate.Year())
				if name == p.FullName {
					name = family + " " + g.givenNames(female, p.BirthDate.Year())
				}
				return packet.Difference{Field: "/HoVaTen", AgencyValue: jsonValue(p.FullName), AuthoritativeValue: jsonValue(name)}
			},
			func() packet.Difference {
				other := g.successor[pick(g, g.provincesOld).Code]
				cs := communesOf(other)
				k := g.intn(len(cs))
				a := packet.Address{UnitCode: other, Detail: cs[k], Country: "VN"}
				if a == p.Hometown {
					a.Detail = cs[(k+1)%len(cs)]
				}
				return packet.Difference{Field: "/QueQuan", AgencyValue: jsonValue(p.Hometown), AuthoritativeValue: jsonValue(a)}
			}}
	} else {
		diffs = []func() packet.Difference{birthDiff,
			func() packet.Difference {
				s := g.org.province + digits(g, 8)
				if s == p.SocialInsurance.String() {
					s = s[:9] + string('0'+(s[9]-'0'+1)%10)
				}
				n, _ := identifier.ParseSocialInsuranceNumber(s)
				d := packet.Difference{Field: "/SoBHXH", AuthoritativeValue: jsonValue(n)}
				if !p.SocialInsurance.IsZero() {
					d.AgencyValue = jsonValue(p.SocialInsurance)
				}
				return d
			}}
	}
	first := g.intn(len(diffs))
	m.Differences = []packet.Difference{diffs[first]()}
	if g.chance(25) {
		second := (first + 1 + g.intn(len(diffs)-1)) % len(diffs)
		m.Differences = append(m.Differences, diffs[second]())
	}
	return m
}
