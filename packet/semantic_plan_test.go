package packet

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The walks read members at the offsets of their plans: every step of
// every plan must be the member reflect sees at that place, of the kind
// the step reads it as, and lead to the plan of the type it holds.
func TestWalkPlanOffsets(t *testing.T) {
	plans := walkPlans()
	for ti, p := range plans {
		if p.typ != ti.typ {
			t.Fatalf("the plan of %v is of %v", ti.typ, p.typ)
		}
		for _, steps := range [][]walkStep{p.checked, p.freeText, p.coded, p.local} {
			for _, s := range steps {
				sf := ti.typ.Field(s.index)
				if sf.Offset != s.offset || sf.Type != s.typ {
					t.Errorf("%v.%s: step at offset %d of %v, reflect has %d of %v", ti.typ, sf.Name, s.offset, s.typ, sf.Offset, sf.Type)
				}
				var want reflect.Type // the object type the member holds
				switch s.kind {
				case kindStruct:
					want = sf.Type
				case kindStructPtr, kindSlice:
					want = sf.Type.Elem()
				}
				switch {
				case s.check&checkFreeText != 0 || s.list >= 0:
					if sf.Type.Kind() != reflect.String {
						t.Errorf("%v.%s: read as a string, is %v", ti.typ, sf.Name, sf.Type)
					}
				case s.check != 0 && s.kind == kindInt:
					if k := sf.Type.Kind(); k != reflect.Int && k != reflect.Int64 {
						t.Errorf("%v.%s: read as an int, is %v", ti.typ, sf.Name, sf.Type)
					}
				case s.check != 0:
					if sf.Type != reflect.TypeFor[Date]() {
						t.Errorf("%v.%s: read as a Date, is %v", ti.typ, sf.Name, sf.Type)
					}
				case want == nil || s.elem == nil || s.elem.typ != want:
					t.Errorf("%v.%s: holds %v, walked as %v", ti.typ, sf.Name, want, s.elem)
				case s.kind == kindSlice && s.itemSize != want.Size():
					t.Errorf("%v.%s: items of %d bytes, walked by %d", ti.typ, sf.Name, want.Size(), s.itemSize)
				}
			}
		}
	}
	for _, root := range []struct {
		obj  unsafe.Pointer
		plan *walkPlan
		typ  reflect.Type
	}{
		{first(profileRoot(&Profile{})), second(profileRoot(&Profile{})), reflect.TypeFor[Profile]()},
		{first(changeRoot(&Change{})), second(changeRoot(&Change{})), reflect.TypeFor[Change]()},
		{first(matchRoot(&MatchResult{})), second(matchRoot(&MatchResult{})), reflect.TypeFor[MatchResult]()},
	} {
		if root.plan.typ != root.typ || root.obj == nil {
			t.Errorf("the root of %v has the plan of %v", root.typ, root.plan.typ)
		}
	}
}

func first[A, B any](a A, _ B) A  { return a }
func second[A, B any](_ A, b B) B { return b }

// checkedRef is checked as it was before checkedCoded took its place and
// that of coded's walk on valid records: a walk by the check tags alone,
// on its own closures.
func (c *recordRules) checkedRef(obj unsafe.Pointer, p *walkPlan, l loc, lf *life, emit func(Finding)) {
	for k := range p.checked {
		f := &p.checked[k]
		switch {
		case f.check&checkFreeText != 0:
			if s := *f.text(obj); !goodText(s, f.check) {
				c.freeTextAt(s, f.check, l.in(f.name), emit)
			}
		case f.check != 0 && f.kind == kindInt:
			if y := f.year(obj); y != 0 {
				at := l.in(f.name)
				c.year(y, f.check, &at, lf, emit)
			}
		case f.check != 0:
			if d := f.date(obj); !d.IsZero() {
				at := l.in(f.name)
				c.date(d, f.check, &at, lf, emit)
			}
		default:
			f.eachItem(obj, l, func(obj unsafe.Pointer, l loc) { c.checkedRef(obj, f.elem, l, lf, emit) })
		}
	}
	if p.from != nil && p.to != nil {
		c.periodOf(p.from.date(obj), p.to.date(obj), &l, p.from.name, p.to.name, emit)
	}
}

// profileRef is profile as it was before checkedCoded: checkedRef among
// the rules of the groups, then coded over every record.
func (c *recordRules) profileRef(i int, p *Profile, emit func(Finding)) {
	birth := p.BirthDate
	obj, plan := profileRoot(p)
	c.identity(i, p, emit)
	c.career(i, p, birth, emit)
	c.workHistory(i, p.WorkHistory, birth, emit)
	c.histories(i, p, birth, emit)
	c.pastTime(p.UpdatedAt, at(i, nUpdatedAt), emit)
	lf := life{birth: p.BirthDate, recruited: p.Recruitment.Date}
	if p.EndOfService != nil {
		lf.ended = p.EndOfService.Date
	}
	c.checkedRef(obj, plan, loc{rec: i}, &lf, emit)
	c.health(i, p.Health, emit)
	c.allowanceAmounts(i, p.Allowances, emit)
	c.secondments(i, p.Transfers, emit)
	c.gradeYears(i, p.Grades, emit)
	c.appointmentKinds(i, p.PersonKind, p.Appointments, emit)
	c.planningPeriods(i, p.Planning, emit)
	c.declarationDays(i, p.AssetDeclarations, emit)
	c.coded(obj, plan, loc{rec: i}, emit)
}

// The one walk of checkedCoded reports what the two walks did, in the same
// order, on 1,000 profiles with a member of every group whose values are
// drawn, with a fixed seed, among valid ones and ones that break the rules.
func TestCheckedCodedIsTwoWalks(t *testing.T) {
	c := semChecker(semNow).recordRules
	rnd := rand.New(rand.NewPCG(9, 10))
	findings := 0
	const profiles = 1000
	for n := range profiles {
		p := semGroups()
		mutateModel(rnd, reflect.ValueOf(&p).Elem())
		var got, want []Finding
		c.local(n, &p, func(f Finding) { got = append(got, f) })
		c.profileRef(n, &p, func(f Finding) { want = append(want, f) })
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("profile %d: findings (-two walks +one):\n%s", n, diff)
		}
		findings += len(got)
	}
	if findings < profiles {
		t.Errorf("only %d findings: the values drawn break too few rules", findings)
	}
}

// mutateModel changes some of the values of the model value v at random:
// strings to text, codes and numbers that some rules refuse, dates and
// years to any in two centuries, absent objects to empty ones, arrays to
// one item more.
func mutateModel(rnd *rand.Rand, v reflect.Value) {
	hit := func(in int) bool { return rnd.IntN(in) == 0 }
	switch v.Type() {
	case reflect.TypeFor[Date](), reflect.TypeFor[PartialDate]():
		if hit(5) {
			d := fmt.Sprintf("%04d-%02d-%02d", 1900+rnd.IntN(200), 1+rnd.IntN(12), 1+rnd.IntN(28))
			if v.Type() == reflect.TypeFor[Date]() {
				v.Set(reflect.ValueOf(semDate(d)))
			} else {
				v.Set(reflect.ValueOf(semPartial(d[:4+rnd.IntN(2)*3])))
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		if hit(5) {
			v.SetString([]string{"", " x", "Nguyễn  Văn", "ZZZ", "01", "1", "CB", "VC", "BAU_CU", "KHIEN_TRACH", "GIANG_CHUC", "A2", "Trần Văn 3", "2031-2026"}[rnd.IntN(14)])
		}
	case reflect.Int, reflect.Int64:
		if hit(5) {
			v.SetInt([]int64{0, 1, 7, 25, 300, 1950, 2024, 2030}[rnd.IntN(8)])
		}
	case reflect.Pointer:
		if v.IsNil() && v.Type().Elem().Kind() == reflect.Struct && hit(8) {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if !v.IsNil() {
			mutateModel(rnd, v.Elem())
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct && hit(6) {
			item := reflect.New(v.Type().Elem()).Elem()
			if v.Len() > 0 {
				item.Set(v.Index(rnd.IntN(v.Len())))
			}
			v.Set(reflect.Append(v, item))
		}
		for j := range v.Len() {
			mutateModel(rnd, v.Index(j))
		}
	case reflect.Struct:
		for k := range v.NumField() {
			if v.Type().Field(k).IsExported() {
				mutateModel(rnd, v.Field(k))
			}
		}
	}
}

// The generated walk of a profile (checkedCodedProfile) reports what the
// walk by its plan (checkedCoded) does, in the same order, at the same
// places, and says the same of its codes, on 2,000 profiles with a
// member of every group whose values are drawn, with a fixed seed, among
// valid ones and ones that break the rules.
func TestSemanticWalkIsPlanWalk(t *testing.T) {
	c := semChecker(semNow).recordRules
	rnd := rand.New(rand.NewPCG(11, 12))
	findings, misses := 0, 0
	const profiles = 2000
	for n := range profiles {
		f, miss := checkSemanticWalk(t, c, n, rnd)
		findings += f
		if miss {
			misses++
		}
	}
	if findings < profiles || misses < profiles/10 || misses == profiles {
		t.Errorf("%d findings, %d profiles with a code outside its list: the values drawn test too little", findings, misses)
	}
}

// FuzzSemanticWalk is TestSemanticWalkIsPlanWalk on profiles drawn with
// any seed.
func FuzzSemanticWalk(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(0), uint64(0))
	f.Add(uint64(1<<63), uint64(12345))
	c := semChecker(semNow).recordRules
	f.Fuzz(func(t *testing.T, a, b uint64) {
		rnd := rand.New(rand.NewPCG(a, b))
		for n := range 8 {
			checkSemanticWalk(t, c, n, rnd)
		}
	})
}

// checkSemanticWalk draws a profile with rnd, walks it as record n both
// ways and compares; it returns the number of findings, and whether a
// code is outside its list.
func checkSemanticWalk(t *testing.T, c *recordRules, n int, rnd *rand.Rand) (int, bool) {
	t.Helper()
	p := semGroups()
	mutateModel(rnd, reflect.ValueOf(&p).Elem())
	lf := life{birth: p.BirthDate, recruited: p.Recruitment.Date}
	if p.EndOfService != nil {
		lf.ended = p.EndOfService.Date
	}
	var got, want []Finding
	lg, lw := loc{rec: n}, loc{rec: n}
	gotMiss := c.checkedCodedProfile(&p, &lg, &lf, func(f Finding) { got = append(got, f) })
	wantMiss := c.checkedCoded(unsafe.Pointer(&p), profilePlanOnce(), &lw, &lf, func(f Finding) { want = append(want, f) })
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("profile %d: findings (-plan +generated):\n%s", n, diff)
	}
	if gotMiss != wantMiss || lg.n != 0 || lg.rec != n {
		t.Fatalf("profile %d: a code outside its list: generated %v, plan %v; location after the walk %v", n, gotMiss, wantMiss, lg)
	}
	return len(got), gotMiss
}

// One value at a time: every string, number and date of a valid profile
// with a member of every group is given, in turn, values that some rules
// refuse (a code outside every list, text that is not normal, a name
// with a digit, a year and days out of bounds), and the generated walk
// must say what the walk by the plan says, of that member alone.
func TestSemanticWalkEachMember(t *testing.T) {
	c := semChecker(semNow).recordRules
	var leaves [][]int // the paths of the values, by field and item index
	var collect func(v reflect.Value, path []int)
	collect = func(v reflect.Value, path []int) {
		switch {
		case v.Type() == reflect.TypeFor[Date](), v.Kind() == reflect.String, v.Kind() == reflect.Int, v.Kind() == reflect.Int64:
			leaves = append(leaves, slices.Clone(path))
		case v.Kind() == reflect.Pointer && !v.IsNil():
			collect(v.Elem(), path)
		case v.Kind() == reflect.Slice:
			for j := range v.Len() {
				collect(v.Index(j), append(path, j))
			}
		case v.Kind() == reflect.Struct && v.Type() != reflect.TypeFor[PartialDate]():
			for k := range v.NumField() {
				if v.Type().Field(k).IsExported() {
					collect(v.Field(k), append(path, k))
				}
			}
		}
	}
	base := semGroups()
	collect(reflect.ValueOf(&base).Elem(), nil)
	leaf := func(v reflect.Value, path []int) reflect.Value {
		for _, k := range path {
			for v.Kind() == reflect.Pointer {
				v = v.Elem()
			}
			if v.Kind() == reflect.Slice {
				v = v.Index(k)
			} else {
				v = v.Field(k)
			}
		}
		return v
	}
	lf := life{birth: base.BirthDate, recruited: base.Recruitment.Date}
	tried, differ := 0, 0
	for _, path := range leaves {
		for _, bad := range []any{"ZZZ", " x", "Nguyễn  Văn", "Trần Văn 3", 2031, 1, semDate("2031-01-01"), semDate("1900-01-01")} {
			p := semGroups()
			v := leaf(reflect.ValueOf(&p).Elem(), path)
			switch b := reflect.ValueOf(bad); {
			case b.Type() == v.Type():
				v.Set(b)
			case b.Kind() == reflect.Int && (v.Kind() == reflect.Int || v.Kind() == reflect.Int64):
				v.SetInt(b.Int())
			default:
				continue
			}
			var got, want []Finding
			lg, lw := loc{}, loc{}
			gotMiss := c.checkedCodedProfile(&p, &lg, &lf, func(f Finding) { got = append(got, f) })
			wantMiss := c.checkedCoded(unsafe.Pointer(&p), profilePlanOnce(), &lw, &lf, func(f Finding) { want = append(want, f) })
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" || gotMiss != wantMiss {
				t.Fatalf("member %v set to %v: a code outside its list: generated %v, plan %v; findings (-plan +generated):\n%s", path, bad, gotMiss, wantMiss, diff)
			}
			tried++
			if wantMiss || len(want) > 0 {
				differ++
			}
		}
	}
	if tried < 300 || differ < tried/4 {
		t.Errorf("%d values tried, of which %d broke a rule of the walk: too few", tried, differ)
	}
}
