package packet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// ErrDiffPerson reports a Diff of the profiles of two people: a change
// event never changes SoDinhDanh.
var ErrDiffPerson = errors.New("packet: the profiles are of two people")

// DiffError is the error of Diff: the two profiles cannot be compared.
type DiffError struct {
	Err      error  // ErrDiffPerson
	Old, New string // the personal IDs
}

func (e *DiffError) Error() string {
	return fmt.Sprintf("packet: diff: %v: SoDinhDanh %s and %s", e.Err, clip.String(e.Old), clip.String(e.New))
}

func (e *DiffError) Unwrap() error { return e.Err }

// Messages returns what is wrong, in Vietnamese and English.
func (e *DiffError) Messages() (vi, en string) {
	return fmt.Sprintf("Số định danh cá nhân (SoDinhDanh) %s và %s: hai hồ sơ là của hai người, không so sánh được. "+
		"Đề nghị so sánh hai phiên bản hồ sơ của cùng một người.", clip.String(e.Old), clip.String(e.New)), e.Error()
}

// Diff returns the field changes that turn old into new, in the form of
// the items of a change event (ThayDoi): a JSON Pointer into HoSo, the old
// value (absent where old has none) and the new value. Applying them to
// old with [Patch], or with [Apply] when none is a removal, gives new,
// exactly.
//
// A member that differs is reported at the deepest place that says the
// whole change: /Ngach/HeSoLuong rather than /Ngach. The items of an array
// are matched by their natural key (a salary step by its NgayHuong, a work
// period by its TuNgay, an award by its year and decision: the diff:"key"
// tags of the model), not by position: a changed item is reported inside
// it (/QuaTrinhLuong/3/HeSoLuong), a new item at the end of the array as
// an item of its own (/KhenThuong/5, with no old value). When items were
// removed or reordered, or two share a key, the array is reported whole.
//
// A member of HoSo that new no longer has at all is a removal, a
// FieldChange with no NewValue: no change event can carry one (GiaTriMoi
// is required), so a profile with a removal is sent whole again (HOSO).
// Inside a member, a removal is reported as the new value of the object
// or item that held it.
//
// Diff of two profiles with different personal IDs is a *DiffError
// wrapping ErrDiffPerson. Equal profiles give no change.
func Diff(old, new Profile) ([]FieldChange, error) {
	if old.PersonalID != new.PersonalID {
		return nil, &DiffError{Err: ErrDiffPerson, Old: old.PersonalID.String(), New: new.PersonalID.String()}
	}
	a, err := profileTree(&old)
	if err != nil {
		return nil, fmt.Errorf("packet: diff: %w", err)
	}
	b, err := profileTree(&new)
	if err != nil {
		return nil, fmt.Errorf("packet: diff: %w", err)
	}
	d := differ{}
	d.object(profileInfo(), "", a.(map[string]any), b.(map[string]any), true)
	return d.out, d.err
}

// differ collects the changes of a Diff.
type differ struct {
	out []FieldChange
	err error
}

// object compares two objects of type ti at pointer at. It reports false
// when a member of old is absent from new below the top level: then the
// caller reports the object whole, as a change event can set a member but
// not remove one.
func (d *differ) object(ti *typeInfo, at string, old, new map[string]any, top bool) bool {
	start := len(d.out)
	for i := range ti.fields {
		f := &ti.fields[i]
		p := at + "/" + escapePointer(f.name)
		o, inOld := old[f.name]
		n, inNew := new[f.name]
		switch {
		case !inOld && !inNew, inOld && inNew && sameValue(o, n):
		case !inNew && !top:
			d.out = d.out[:start]
			return false
		case !inNew:
			d.emit(p, o, nil)
		case !inOld:
			d.emit(p, nil, n)
		default:
			d.member(f, p, o, n)
		}
	}
	return true
}

// member reports the changes of one member present in both profiles.
func (d *differ) member(f *field, at string, o, n any) {
	om, ok1 := o.(map[string]any)
	nm, ok2 := n.(map[string]any)
	if (f.kind == kindStruct || f.kind == kindStructPtr) && ok1 && ok2 {
		if !d.object(f.elem, at, om, nm, false) {
			d.emit(at, o, n)
		}
		return
	}
	oa, ok1 := o.([]any)
	na, ok2 := n.([]any)
	if f.kind == kindSlice && ok1 && ok2 && d.array(f.elem, at, oa, na) {
		return
	}
	d.emit(at, o, n)
}

// array compares two arrays of items of type ti by their natural keys. It
// reports false, and nothing, unless new is old's items, in old's order,
// each changed or not, followed by new items: then the caller reports the
// array whole.
func (d *differ) array(ti *typeInfo, at string, old, new []any) bool {
	if len(ti.keys) == 0 || len(new) < len(old) {
		return false
	}
	seen := make(map[string]bool, len(new))
	for _, it := range new {
		k, ok := itemKey(ti, it)
		if !ok || seen[k] {
			return false
		}
		seen[k] = true
	}
	for i, it := range old {
		ko, ok1 := itemKey(ti, it)
		kn, _ := itemKey(ti, new[i])
		if !ok1 || ko != kn {
			return false
		}
	}
	for i := range old {
		p := at + "/" + strconv.Itoa(i)
		om, _ := old[i].(map[string]any)
		nm, _ := new[i].(map[string]any)
		if !d.object(ti, p, om, nm, false) {
			d.emit(p, old[i], new[i])
		}
	}
	for i := len(old); i < len(new); i++ {
		d.emit(at+"/"+strconv.Itoa(i), nil, new[i])
	}
	return true
}

// itemKey returns the natural key of an array item: the JSON of its key
// members, in order.
func itemKey(ti *typeInfo, it any) (string, bool) {
	m, ok := it.(map[string]any)
	if !ok {
		return "", false
	}
	vals := make([]any, len(ti.keys))
	for i, k := range ti.keys {
		vals[i] = m[ti.fields[k].name]
	}
	b, err := json.Marshal(vals)
	return string(b), err == nil
}

func (d *differ) emit(at string, o, n any) {
	fc := FieldChange{Field: at}
	var err error
	if o != nil {
		fc.OldValue, err = marshalValue(o)
	}
	if n != nil && err == nil {
		fc.NewValue, err = marshalValue(n)
	}
	if err != nil && d.err == nil {
		d.err = fmt.Errorf("packet: diff: %s: %w", at, err)
	}
	d.out = append(d.out, fc)
}

// marshalValue writes a tree value as the encoder writes the profile.
func marshalValue(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// IsRemoval reports whether fc removes a member of HoSo (it has no
// NewValue): something no change event can carry.
func (fc FieldChange) IsRemoval() bool { return len(fc.NewValue) == 0 }

// Patch applies field changes, such as those of [Diff], to a profile: the
// removals (see [FieldChange.IsRemoval]) of members of HoSo whose value is
// their old value, then the rest as [Apply] does. It checks every item
// first and changes nothing unless all of them hold; findings point into
// changes as into the ThayDoi of a change event (/ThayDoi/2/GiaTriCu).
func Patch(p Profile, changes []FieldChange) (Profile, []Finding) {
	var sets []FieldChange
	var removals []int
	for i, fc := range changes {
		if fc.IsRemoval() {
			removals = append(removals, i)
		} else {
			sets = append(sets, fc)
		}
	}
	if len(removals) == 0 {
		return Apply(p, Change{Fields: changes})
	}
	tree, err := profileTree(&p)
	if err != nil {
		return p, []Finding{{Rule: RuleChangeValue, Severity: SeverityError, Pointer: "/ThayDoi",
			MessageEN: "the profile cannot be encoded: " + err.Error(), MessageVI: "Không chuyển được hồ sơ thành JSON. Đề nghị báo cho doanh nghiệp cung cấp phần mềm (chi tiết ở thông báo tiếng Anh)."}}
	}
	root := tree.(map[string]any)
	var findings []Finding
	for _, i := range removals {
		if f := removeMember(root, i, changes[i]); f != nil {
			findings = append(findings, *f)
		}
	}
	if len(findings) > 0 {
		return p, findings
	}
	var q Profile
	b := binder{}
	b.object(root, reflect.ValueOf(&q).Elem(), profileInfo())
	q, findings = Apply(q, Change{Fields: sets})
	if len(findings) > 0 {
		return p, findings
	}
	return q, nil
}

// removeMember removes the member of HoSo a removal names, which must hold
// the removal's old value.
func removeMember(root map[string]any, i int, fc FieldChange) *Finding {
	at := "/ThayDoi/" + strconv.Itoa(i)
	segs := splitPointer(fc.Field)
	f, ok := resolvePointer(profileInfo(), fc.Field)
	if !ok || len(segs) != 1 || !f.optional {
		return &Finding{Rule: RuleChangeField, Severity: SeverityError, Pointer: at + "/TruongDuLieu",
			MessageEN: fmt.Sprintf("%q is not an optional member of HoSo that can be removed", clip.String(fc.Field)),
			MessageVI: fmt.Sprintf("%q không phải trường không bắt buộc của HoSo để xóa", clip.String(fc.Field))}
	}
	cur, exists := root[segs[0]]
	old, err := decodeValue(fc.OldValue)
	if !exists || err != nil || !sameValue(old, cur) {
		c := conflict(at, fc.Field, string(fc.OldValue), cur)
		return &c
	}
	delete(root, segs[0])
	return nil
}
