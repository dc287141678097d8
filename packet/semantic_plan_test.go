package packet

import (
	"reflect"
	"testing"
	"unsafe"
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
		for _, steps := range [][]walkStep{p.checked, p.freeText, p.coded} {
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
