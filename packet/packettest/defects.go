package packettest

import (
	"strconv"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Defect is a mistake the generator makes on purpose, so that tests and
// demos can show a rule at work. Each triggers the rule Rule names and, on
// a profile the generator made, no other.
type Defect int

// The defects, each named after what it does.
const (
	DefectGenderDigit       Defect = iota + 1 // GioiTinh disagrees with the ID's gender digit: R-ID-003
	DefectBirthYear                           // NgaySinh one year off the ID's year digits: R-ID-004
	DefectOwner                               // MaDonViQuanLy in another agency: R-OWN-001
	DefectDuplicate                           // the previous record again: R-DUP-001 (no effect on the first record)
	DefectFutureDate                          // NgayHuong of the rank next year: R-DATE-001
	DefectUnder18                             // recruited at 17: R-DATE-002
	DefectPeriodOrder                         // a work period ends before it starts: R-DATE-003
	DefectOverlap                             // two work periods overlap: R-DATE-004 (warning)
	DefectPartyDates                          // NgayChinhThuc before NgayVaoDang: R-DATE-005
	DefectPartialBirthDate                    // birth date known only by year: R-DATE-006 (warning)
	DefectUnknownCode                         // DanToc "99": R-CODE-001
	DefectSalaryStep                          // a salary step past the last of the group: R-LUONG-001
	DefectSalaryCoefficient                   // a coefficient not in the salary table: R-LUONG-002
	DefectSpaces                              // a double space in the name: R-TXT-001 (warning)
	DefectNameDigits                          // a digit in the name: R-TXT-002
)

// Defects returns every defect, in order.
func Defects() []Defect {
	var out []Defect
	for d := DefectGenderDigit; d <= DefectNameDigits; d++ {
		out = append(out, d)
	}
	return out
}

var defectInfo = [...]struct{ name, rule string }{
	DefectGenderDigit:       {"gender-digit", "R-ID-003"},
	DefectBirthYear:         {"birth-year", "R-ID-004"},
	DefectOwner:             {"owner", "R-OWN-001"},
	DefectDuplicate:         {"duplicate", "R-DUP-001"},
	DefectFutureDate:        {"future-date", "R-DATE-001"},
	DefectUnder18:           {"under-18", "R-DATE-002"},
	DefectPeriodOrder:       {"period-order", "R-DATE-003"},
	DefectOverlap:           {"overlap", "R-DATE-004"},
	DefectPartyDates:        {"party-dates", "R-DATE-005"},
	DefectPartialBirthDate:  {"partial-birth-date", "R-DATE-006"},
	DefectUnknownCode:       {"unknown-code", "R-CODE-001"},
	DefectSalaryStep:        {"salary-step", "R-LUONG-001"},
	DefectSalaryCoefficient: {"salary-coefficient", "R-LUONG-002"},
	DefectSpaces:            {"spaces", "R-TXT-001"},
	DefectNameDigits:        {"name-digits", "R-TXT-002"},
}

func (d Defect) valid() bool { return d >= DefectGenderDigit && d <= DefectNameDigits }

// String returns the defect's name, e.g. "gender-digit".
func (d Defect) String() string {
	if !d.valid() {
		return "Defect(" + strconv.Itoa(int(d)) + ")"
	}
	return defectInfo[d].name
}

// Rule returns the code of the rule the defect breaks.
func (d Defect) Rule() string {
	if !d.valid() {
		return ""
	}
	return defectInfo[d].rule
}

// ParseDefect returns the defect with the given name.
func ParseDefect(name string) (Defect, bool) {
	for _, d := range Defects() {
		if d.String() == name {
			return d, true
		}
	}
	return 0, false
}

// defectFor returns the defect record i gets: with DefectEvery k, every
// k-th record gets the next defect in turn; by default record i gets
// defect i, so each defect appears once, in the first records.
func (g *Generator) defectFor(i int) (Defect, bool) {
	ds := g.opt.Defects
	if len(ds) == 0 {
		return 0, false
	}
	k := g.opt.DefectEvery
	if k <= 0 {
		if i < len(ds) {
			return ds[i], true
		}
		return 0, false
	}
	if i%k != 0 {
		return 0, false
	}
	return ds[(i/k)%len(ds)], true
}

func (g *Generator) inject(d Defect, p *packet.Profile) {
	birth := p.BirthDate.Earliest()
	switch d {
	case DefectGenderDigit:
		p.Gender = map[string]string{"1": "2", "2": "1"}[p.Gender]
	case DefectBirthYear:
		y := birth.Year() - 1
		if birth.Year()%100 == 0 {
			y = birth.Year() + 1
		}
		nb, err := packet.NewDate(y, birth.Month(), min(birth.Day(), 28))
		if err == nil {
			p.BirthDate = packet.PartialDateOf(nb)
		}
	case DefectOwner:
		other := "000.00.01.G01"
		if g.opt.Sender.Level1() == "G01" {
			other = "000.00.01.G02"
		}
		p.ManagingUnit = identifier.MustParseAgencyCode(other)
	case DefectDuplicate:
		if g.last != nil {
			*p = *g.last
		}
	case DefectFutureDate:
		p.Rank.Since = g.today().AddYears(1)
	case DefectUnder18:
		p.Recruitment.Date = birth.AddYears(17)
	case DefectPeriodOrder:
		w := &p.WorkHistory[0]
		w.To = packet.DateOf(w.From.In(time.UTC).AddDate(0, 0, -1))
		p.WorkHistory = p.WorkHistory[:1]
	case DefectOverlap:
		first := p.WorkHistory[0]
		first.To = first.From.AddYears(2)
		second := packet.WorkPeriod{From: first.From.AddYears(1), Unit: "Văn phòng, Sở Nội vụ", Position: "Chuyên viên"}
		p.WorkHistory = []packet.WorkPeriod{first, second}
	case DefectPartyDates:
		joined := p.Recruitment.Date
		p.Party = &packet.PartyMembership{Joined: joined, Official: packet.DateOf(joined.In(time.UTC).AddDate(0, 0, -30))}
	case DefectPartialBirthDate:
		p.BirthDate = packet.YearOnly(birth.Year())
	case DefectUnknownCode:
		p.Ethnicity = "99"
	case DefectSalaryStep:
		p.Rank.Step = 13 // past the last step of every group
	case DefectSalaryCoefficient:
		p.Rank.Coefficient += 1
	case DefectSpaces:
		p.FullName = replaceFirstSpace(p.FullName, "  ")
	case DefectNameDigits:
		p.FullName += " 2"
	}
}

func replaceFirstSpace(s, with string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i] + with + s[i+1:]
		}
	}
	return s + with
}
