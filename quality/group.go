package quality

import (
	"context"
	"fmt"
	"io"

	"github.com/cbccvc/cbccvc-go/packet"
)

// grouper builds the groups of a report: those of the findings alone first,
// then those that need the records (persons, units) in one pass over them.
type grouper struct {
	rep     *Report
	persons map[int]*PersonGroup // by record index: the records with findings
	units   map[unitKey]*UnitGroup
	other   int // records whose units were over the cap
}

type unitKey struct {
	code string
	role UnitRole
}

func newGrouper(rep *Report) *grouper {
	g := &grouper{rep: rep, persons: map[int]*PersonGroup{}, units: map[unitKey]*UnitGroup{}}
	rules := map[string]*RuleGroup{}
	layers := map[packet.Layer]*LayerCount{}
	fields := map[string]*FieldGroup{}
	for i, f := range rep.Findings {
		isErr := f.Severity == packet.SeverityError
		count(&rep.Errors, &rep.Warnings, isErr)

		rg := rules[f.Rule]
		if rg == nil {
			rg = &RuleGroup{Rule: f.Rule, Severity: f.Severity, Layer: f.Layer, Findings: []int{}}
			if r, ok := packet.LookupRule(f.Rule); ok {
				rg.DescriptionVI, rg.DescriptionEN = r.DescriptionVI, r.DescriptionEN
			}
			rules[f.Rule] = rg
		}
		rg.Count++
		rg.Findings = append(rg.Findings, i)

		lc := layers[f.Layer]
		if lc == nil {
			lc = &LayerCount{Layer: f.Layer}
			layers[f.Layer] = lc
		}
		count(&lc.Errors, &lc.Warnings, isErr)

		fg := fields[f.Field]
		if fg == nil {
			fg = &FieldGroup{Field: f.Field, LabelVI: packet.FieldLabel(last(f.Field))}
			fields[f.Field] = fg
		}
		count(&fg.Errors, &fg.Warnings, isErr)

		if f.Record >= 0 {
			pg := g.persons[f.Record]
			if pg == nil {
				pg = &PersonGroup{Record: f.Record, Findings: []int{}}
				g.persons[f.Record] = pg
			}
			count(&pg.Errors, &pg.Warnings, isErr)
			pg.Findings = append(pg.Findings, i)
		}
	}
	for _, rg := range rules {
		rep.ByRule = append(rep.ByRule, *rg)
	}
	for _, lc := range layers {
		rep.ByLayer = append(rep.ByLayer, *lc)
	}
	for _, fg := range fields {
		rep.ByField = append(rep.ByField, *fg)
	}
	return g
}

func count(errs, warns *int, isErr bool) {
	if isErr {
		*errs++
	} else {
		*warns++
	}
}

func last(field string) string {
	for i := len(field) - 1; i >= 0; i-- {
		if field[i] == '/' {
			return field[i+1:]
		}
	}
	return field
}

// readRecords reads the records once, naming the person of each record with
// findings and counting the profiles of each unit, and returns the
// packet's signature (nil when it has none).
// A packet the validator found malformed (stopped) is read as far as it
// goes: the validator's finding says why it stops.
func (g *grouper) readRecords(ctx context.Context, r io.Reader, f packet.Format, lim packet.Limits, maxUnits int, stopped bool) (*packet.Signature, error) {
	d := packet.NewDecoder(r, f, lim)
	index := 0
	for rec, err := range d.Records() {
		if err != nil {
			if !stopped {
				return nil, fmt.Errorf("quality: reading records: %w", err)
			}
			break // the end of a malformed packet: the validator's finding says why
		}
		if index%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		g.record(index, rec, maxUnits)
		index++
	}
	return d.Signature(), nil
}

// record notes the person and the units of record i.
func (g *grouper) record(i int, rec packet.Record, maxUnits int) {
	pg := g.persons[i]
	if i >= g.rep.Checked {
		return // only counted by the validator: its findings are unknown
	}
	switch r := rec.(type) {
	case *packet.Profile:
		if pg != nil {
			pg.PersonalID, pg.FullName, pg.Unit = r.PersonalID.String(), r.FullName, r.WorkingUnit.String()
		}
		g.unit(unitKey{r.ManagingUnit.String(), RoleManaging}, pg, maxUnits)
		g.unit(unitKey{r.WorkingUnit.String(), RoleEmploying}, pg, maxUnits)
	case *packet.Change:
		if pg != nil {
			pg.PersonalID = r.PersonalID.String()
		}
	case *packet.MatchResult:
		if pg != nil {
			pg.PersonalID = r.PersonalID.String()
		}
	}
}

// unit counts a profile in its unit; pg is its findings, nil for a clean one.
func (g *grouper) unit(k unitKey, pg *PersonGroup, maxUnits int) {
	if k.code == "" {
		return // a code that did not parse: its finding says so
	}
	u := g.units[k]
	if u == nil {
		if len(g.units) >= 2*maxUnits {
			if k.role == RoleEmploying {
				g.other++
			}
			return
		}
		u = &UnitGroup{Code: k.code, Role: k.role}
		g.units[k] = u
	}
	u.Records++
	if pg == nil {
		u.Clean++
		return
	}
	u.Errors += pg.Errors
	u.Warnings += pg.Warnings
}

// finish fills in the counts that need every group, and sorts.
func (g *grouper) finish(v *packet.Report) {
	rep := g.rep
	withErr, withAny := 0, 0
	for _, pg := range g.persons {
		if pg.Record >= rep.Checked {
			continue
		}
		withAny++
		if pg.Errors > 0 {
			withErr++
		}
	}
	rep.Clean, rep.Valid = rep.Checked-withAny, rep.Checked-withErr
	if rep.Checked > 0 {
		rep.CleanShare = float64(rep.Clean) / float64(rep.Checked)
	}
	for _, pg := range g.persons {
		rep.ByPerson = append(rep.ByPerson, *pg)
	}
	for _, u := range g.units {
		rep.ByUnit = append(rep.ByUnit, *u)
	}
	rep.OtherUnits = g.other
	sortGroups(rep)
}
