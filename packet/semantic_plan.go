package packet

//go:generate go test -tags nosemwalk -run ^TestSemanticWalkGenerated$ -update-semantic-walk .

import (
	"reflect"
	"sync"
	"unsafe"
)

// The walks of the semantic layer over a record — by the check tags
// (checked, eachFreeText) and by the list tags (coded) — visit only the
// members that carry such a tag and the objects that hold some, as listed
// here once per type from the mapping table. A profile has some sixty
// members, of which a walk visits about ninety values in all, counting
// the items of its arrays: walking every member of every object by
// reflection, and looking each member's code list up by name, cost more
// than the rules themselves.
//
// A step reads its member at the offset reflect gives for it, from the
// address of the object: the walks run on every record a Validator reads,
// and reflect.Value.Field was the better part of their time. The offsets
// come from the same reflect.Type the plan is built for, and a walk
// starts only from a typed root (profilePlan with a *Profile, …), so
// every read is of the type that is there; TestWalkPlanOffsets holds the
// plans to reflect's view of every member.

// walkStep is one member a walk visits.
type walkStep struct {
	*field
	offset   uintptr   // of the member in its object
	itemSize uintptr   // of an item, for an array
	list     int       // the member's code list, by its index in codedLists(); -1 for none
	elem     *walkPlan // what to visit in the object, or the items, the member holds
	op       walkOp    // what checkedCoded does with the member
}

// walkOp is what the walk by both kinds of tag does with a member: judge
// it by its check tag as text, a year or a date, look it up in its code
// list, or visit the object or objects it holds.
type walkOp uint8

const (
	opText walkOp = iota + 1 // a string with a check tag, and maybe a list tag
	opYear
	opDate
	opCode // a string with a list tag only
	opStruct
	opStructPtr
	opSlice
)

// walkPlan is what the walks visit in one object type, in the order of
// its members.
type walkPlan struct {
	typ      reflect.Type
	checked  []walkStep // members with a check tag, and objects that hold some
	freeText []walkStep // members whose check tag says text or name, and objects that may hold some
	coded    []walkStep // members with a list tag, and objects that hold some
	local    []walkStep // those of checked and coded, once each, in the order of the members
	// from and to are the members tagged from and to (the last of each),
	// whose period R-DATE-003 judges; nil when the type has none.
	from, to *walkStep
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
		p := &walkPlan{typ: ti.typ}
		plans[ti] = p // first: a type may hold itself
		for k := range ti.fields {
			f := &ti.fields[k]
			s := walkStep{field: f, offset: ti.typ.Field(f.index).Offset, list: -1}
			if f.list != "" {
				s.list = lists[f.list]
			}
			if f.elem != nil {
				s.elem = plan(f.elem)
			}
			if f.kind == kindSlice {
				s.itemSize = f.typ.Elem().Size()
			}
			s.op = opOf(f)
			holds := f.kind == kindStruct || f.kind == kindStructPtr || f.kind == kindSlice
			checked := f.check != 0 || holds && f.elem.checked
			coded := f.list != "" || holds && f.elem.coded
			if checked {
				p.checked = append(p.checked, s)
			}
			if f.check&checkFreeText != 0 || f.check == 0 && holds && f.elem.checked {
				p.freeText = append(p.freeText, s)
			}
			if coded {
				p.coded = append(p.coded, s)
			}
			if checked || coded {
				p.local = append(p.local, s)
			}
			if f.check&checkFrom != 0 {
				p.from = &s
			}
			if f.check&checkTo != 0 {
				p.to = &s
			}
		}
		return p
	}
	for _, ti := range wireTypes() {
		plan(ti)
	}
	return plans
})

// opOf is what checkedCoded does with member f. The mapping table gives a
// list tag to strings only, and a check tag to text, years and dates only.
func opOf(f *field) walkOp {
	switch {
	case f.check&checkFreeText != 0:
		return opText
	case f.check != 0 && f.kind == kindInt:
		return opYear
	case f.check != 0:
		return opDate
	case f.list != "":
		return opCode
	case f.kind == kindStruct:
		return opStruct
	case f.kind == kindStructPtr:
		return opStructPtr
	case f.kind == kindSlice:
		return opSlice
	}
	return 0
}

// planOf returns the walks' plan of the model's object type T.
func planOf[T any]() *walkPlan { return walkPlans()[infoOf(reflect.TypeFor[T]())] }

// The plans of the records, looked up once.
var (
	profilePlanOnce = sync.OnceValue(planOf[Profile])
	changePlanOnce  = sync.OnceValue(planOf[Change])
	matchPlanOnce   = sync.OnceValue(planOf[MatchResult])
)

// The roots of the walks: a record, with its plan.
func profileRoot(p *Profile) (unsafe.Pointer, *walkPlan) { return unsafe.Pointer(p), profilePlanOnce() }
func changeRoot(c *Change) (unsafe.Pointer, *walkPlan)   { return unsafe.Pointer(c), changePlanOnce() }
func matchRoot(m *MatchResult) (unsafe.Pointer, *walkPlan) {
	return unsafe.Pointer(m), matchPlanOnce()
}

// addr is the address of member s of the object at obj.
func (s *walkStep) addr(obj unsafe.Pointer) unsafe.Pointer { return unsafe.Add(obj, s.offset) }

// text is the string member s (kindString) of the object at obj.
func (s *walkStep) text(obj unsafe.Pointer) *string { return (*string)(s.addr(obj)) }

// date is the Date member s of the object at obj.
func (s *walkStep) date(obj unsafe.Pointer) Date { return *(*Date)(s.addr(obj)) }

// year is the int member s (kindInt) of the object at obj.
func (s *walkStep) year(obj unsafe.Pointer) int {
	if s.typ.Kind() == reflect.Int64 {
		return int(*(*int64)(s.addr(obj)))
	}
	return *(*int)(s.addr(obj))
}

// eachItem calls fn with each object that member s of the object at obj
// holds, with its location: the object itself, the one pointed to, or
// each item.
func (s *walkStep) eachItem(obj unsafe.Pointer, l loc, fn func(obj unsafe.Pointer, l loc)) {
	switch s.kind {
	case kindStruct:
		fn(s.addr(obj), l.in(s.name))
	case kindStructPtr:
		if p := *(*unsafe.Pointer)(s.addr(obj)); p != nil {
			fn(p, l.in(s.name))
		}
	case kindSlice:
		items := s.items(obj)
		for j := range items.len {
			fn(unsafe.Add(items.data, uintptr(j)*s.itemSize), l.in(s.name).item(j))
		}
	}
}

// sliceHeader is how every slice lies in memory.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// items is the slice member s (kindSlice) of the object at obj, its items
// s.itemSize bytes apart from data.
func (s *walkStep) items(obj unsafe.Pointer) *sliceHeader { return (*sliceHeader)(s.addr(obj)) }
