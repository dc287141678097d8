package packet

import (
	"reflect"
	"sync"
)

// The walks of the semantic layer over a record — by the check tags
// (checked, eachFreeText) and by the list tags (coded) — visit only the
// members that carry such a tag and the objects that hold some, as listed
// here once per type from the mapping table. A profile has some sixty
// members, a few of them tagged: walking every member of every object,
// and looking each member's code list up by name, cost more than the
// rules themselves.

// walkStep is one member a walk visits.
type walkStep struct {
	*field
	list int       // the member's code list, by its index in codedLists(); -1 for none
	elem *walkPlan // what to visit in the object, or the items, the member holds
}

// walkPlan is what the walks visit in one object type, in the order of
// its members.
type walkPlan struct {
	checked  []walkStep // members with a check tag, and objects that hold some
	freeText []walkStep // members whose check tag says text or name, and objects that may hold some
	coded    []walkStep // members with a list tag, and objects that hold some
	// from and to are the members tagged from and to (the last of each),
	// whose period R-DATE-003 judges; nil when the type has none.
	from, to *field
}

// walkPlans returns the plan of every object type of the model.
var walkPlans = sync.OnceValue(func() map[*typeInfo]*walkPlan {
	lists := map[string]int{}
	for k, name := range codedLists() {
		lists[name] = k
	}
	plans := map[*typeInfo]*walkPlan{}
	var plan func(ti *typeInfo) *walkPlan
	plan = func(ti *typeInfo) *walkPlan {
		if p, ok := plans[ti]; ok {
			return p
		}
		p := &walkPlan{}
		plans[ti] = p // first: a type may hold itself
		for k := range ti.fields {
			f := &ti.fields[k]
			s := walkStep{field: f, list: -1}
			if f.list != "" {
				s.list = lists[f.list]
			}
			if f.elem != nil {
				s.elem = plan(f.elem)
			}
			holds := f.kind == kindStruct || f.kind == kindStructPtr || f.kind == kindSlice
			if f.check != 0 || holds && f.elem.checked {
				p.checked = append(p.checked, s)
			}
			if f.check&checkFreeText != 0 || f.check == 0 && holds && f.elem.checked {
				p.freeText = append(p.freeText, s)
			}
			if f.list != "" || holds && f.elem.coded {
				p.coded = append(p.coded, s)
			}
			if f.check&checkFrom != 0 {
				p.from = f
			}
			if f.check&checkTo != 0 {
				p.to = f
			}
		}
		return p
	}
	for _, ti := range wireTypes() {
		plan(ti)
	}
	return plans
})

// planOf returns the walks' plan of the model's object type T.
func planOf[T any]() *walkPlan { return walkPlans()[infoOf(reflect.TypeFor[T]())] }

// The plans of the records and the header, looked up once.
var (
	profilePlan = sync.OnceValue(planOf[Profile])
	changePlan  = sync.OnceValue(planOf[Change])
	matchPlan   = sync.OnceValue(planOf[MatchResult])
)

// eachItem calls fn with each object that member s of v holds, with its
// location: the object itself, the one pointed to, or each item.
func (s *walkStep) eachItem(v reflect.Value, l loc, fn func(v reflect.Value, l loc)) {
	fv := v.Field(s.index)
	switch s.kind {
	case kindStruct:
		fn(fv, l.in(s.name))
	case kindStructPtr:
		if !fv.IsNil() {
			fn(fv.Elem(), l.in(s.name))
		}
	case kindSlice:
		for j := range fv.Len() {
			fn(fv.Index(j), l.in(s.name).item(j))
		}
	}
}
