package packet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/internal/msg"
)

// Apply applies a change event to a profile and returns the new profile
// (docs/guide/en/03-mapping.md#change-events-biendong). Each item of c.Fields names a field of HoSo by a
// JSON Pointer, its current value and its new value. Apply checks every
// item first and changes nothing unless all of them hold:
//
//   - R-BD-001: TruongDuLieu names no field of HoSo;
//   - R-BD-002: GiaTriMoi is not a valid value for that field;
//   - R-BD-003: GiaTriCu is not the profile's current value (a conflict:
//     someone changed the field since), or is absent while the field has one;
//   - R-BD-005, what it can say only with the profile: a KET_THUC_BIET_PHAI
//     that ends a transfer that is no secondment, a BIET_PHAI that opens a
//     secondment while another is open.
//
// The rules that need no profile (R-BD-004 to R-BD-006 among them) are the
// validator's: validate a change event before applying it.
//
// Findings point into the change record (/ThayDoi/1/GiaTriMoi); prefix them
// with the record's place in its packet. When a finding is returned, the
// profile returned is p, unchanged.
func Apply(p Profile, c Change) (Profile, []Finding) {
	var findings []Finding
	tree, err := profileTree(&p)
	if err != nil {
		return p, []Finding{{Rule: RuleChangeValue, Severity: SeverityError, Pointer: "/ThayDoi",
			MessageEN: "the profile cannot be encoded: " + err.Error(), MessageVI: "Không chuyển được hồ sơ thành JSON. Đề nghị báo cho doanh nghiệp cung cấp phần mềm (chi tiết ở thông báo tiếng Anh)."}}
	}
	root := profileInfo()
	for i, fc := range c.Fields {
		at := "/ThayDoi/" + strconv.Itoa(i)
		newVal, bad := checkFieldChange(root, at, fc, 0)
		if bad != nil {
			findings = append(findings, *bad)
			continue
		}
		cur, exists := lookupPointer(tree, fc.Field)
		switch {
		case len(fc.OldValue) == 0 && exists:
			findings = append(findings, conflict(at, fc.Field, "absent", cur))
			continue
		case len(fc.OldValue) > 0:
			old, err := decodeValue(fc.OldValue)
			if err != nil || !exists || !sameValue(old, cur) {
				findings = append(findings, conflict(at, fc.Field, string(fc.OldValue), cur))
				continue
			}
		}
		if err := setPointer(&tree, fc.Field, newVal); err != nil {
			findings = append(findings, Finding{Rule: RuleChangeField, Severity: SeverityError, Pointer: at + "/TruongDuLieu",
				MessageEN: err.Error(), MessageVI: fmt.Sprintf("không đặt được giá trị tại %q: %v", clip.String(fc.Field), err)})
		}
	}
	if len(findings) > 0 {
		return p, findings
	}
	var out Profile
	b := binder{}
	b.object(tree, reflect.ValueOf(&out).Elem(), root)
	if fs := applyKindChecks(&p, &out, &c); len(fs) > 0 {
		return p, fs
	}
	return out, nil
}

// checkFieldChange checks what can be checked of one item of ThayDoi, at
// pointer at, without the profile: that TruongDuLieu names a field of HoSo
// a change may set (R-BD-001) and that GiaTriMoi is a valid value for it
// (R-BD-002), in a packet of format version major (0: any version). It
// returns the decoded new value, or the finding.
func checkFieldChange(root *typeInfo, at string, fc FieldChange, major int) (any, *Finding) {
	f, ok := resolvePointer(root, fc.Field)
	if !ok || fc.Field == "/SoDinhDanh" || !f.in(major) {
		return nil, &Finding{Rule: RuleChangeField, Severity: SeverityError, Pointer: at + "/TruongDuLieu",
			MessageEN: fmt.Sprintf("%q is not a field of HoSo that a change event may set", clip.String(fc.Field)),
			MessageVI: fmt.Sprintf("Trường dữ liệu (TruongDuLieu) %s không phải một trường của hồ sơ mà biến động được thay đổi. "+
				"Đề nghị ghi đường dẫn tới một trường của hồ sơ, ví dụ \"/Ngach/HeSoLuong\".", quoteValue(fc.Field))}
	}
	newVal, err := decodeValue(fc.NewValue)
	if err == nil {
		err = checkValue(f, newVal)
	}
	if err != nil {
		return nil, &Finding{Rule: RuleChangeValue, Severity: SeverityError, Pointer: at + "/GiaTriMoi",
			MessageEN: fmt.Sprintf("not a valid value for %s: %v", fc.Field, err),
			MessageVI: fmt.Sprintf("Giá trị mới (GiaTriMoi) của %s không hợp lệ. %s", changedFieldVI(fc.Field), valueErrorVI(err))}
	}
	return newVal, nil
}

func conflict(at, field, old string, cur any) Finding {
	curText := "absent"
	if cur != nil {
		b, _ := json.Marshal(cur)
		curText = string(b)
	}
	return Finding{Rule: RuleChangeConflict, Severity: SeverityError, Pointer: at + "/GiaTriCu",
		MessageEN: fmt.Sprintf("%s: the change expects the current value %s, but the profile holds %s", field, clip.String(old), clip.String(curText)),
		MessageVI: fmt.Sprintf("Giá trị cũ (GiaTriCu) của %s là %s, nhưng hồ sơ hiện có %s: biến động được lập từ hồ sơ chưa cập nhật. "+
			"Đề nghị lấy lại hồ sơ hiện tại rồi lập lại biến động.", changedFieldVI(field), jsonValueVI(old), jsonValueVI(curTextVI(cur)))}
}

// profileTree returns the JSON tree of a profile.
func profileTree(p *Profile) (any, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return decodeValue(buf.Bytes())
}

func decodeValue(raw []byte) (any, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("no value")
	}
	d := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.Limits{MaxDepth: 32})
	v, err := d.Value()
	if err != nil {
		return nil, err
	}
	return v, d.End()
}

// checkValue reports whether v is a valid value of field f: right JSON
// type, identifiers and dates that parse, known members only.
func checkValue(f *field, v any) error {
	switch f.kind {
	case kindString:
		if _, ok := v.(string); !ok {
			return fmt.Errorf("want a string, got %s", jsonType(v))
		}
	case kindText:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("want a string, got %s", jsonType(v))
		}
		dst := reflect.New(f.typ)
		if err := dst.Interface().(interface{ UnmarshalText([]byte) error }).UnmarshalText([]byte(s)); err != nil {
			return err
		}
	case kindInt, kindIntPtr:
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("want an integer, got %s", jsonType(v))
		}
		if _, err := intValue(string(n)); err != nil {
			return fmt.Errorf("%s %w", n, err)
		}
	case kindBool:
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("want true or false, got %s", jsonType(v))
		}
	case kindDecimal:
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("want a number, got %s", jsonType(v))
		}
		if _, err := ParseDecimal2(string(n)); err != nil {
			return err
		}
	case kindStruct, kindStructPtr:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("want an object, got %s", jsonType(v))
		}
		for k, mv := range m {
			cf, ok := f.elem.field(k)
			if !ok {
				return fmt.Errorf("unknown member %q", clip.String(k))
			}
			if err := checkValue(cf, mv); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
	case kindSlice:
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("want an array, got %s", jsonType(v))
		}
		if len(a) == 0 {
			return fmt.Errorf("an empty array: leave the member out")
		}
		item := &field{kind: kindStruct, elem: f.elem}
		for i, it := range a {
			if err := checkValue(item, it); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
	}
	return nil
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// sameValue compares two JSON values; numbers compare by value, so 3.99
// equals 3.990.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, ok1 := new(big.Rat).SetString(string(a))
		y, ok2 := new(big.Rat).SetString(string(bn))
		return ok1 && ok2 && x.Cmp(y) == 0
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			if w, ok := bm[k]; !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		ba, ok := b.([]any)
		if !ok || len(a) != len(ba) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], ba[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func splitPointer(p string) []string {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return segs
}

// lookupPointer returns the value at p in tree.
func lookupPointer(tree any, p string) (any, bool) {
	cur := tree
	for _, s := range splitPointer(p) {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[s]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// setPointer sets the value at p, creating the objects on the way, and
// appending to an array when the index is its length (0 for an absent one).
func setPointer(tree *any, p string, v any) error {
	segs := splitPointer(p)
	var set func(cur any, i int) (any, error)
	set = func(cur any, i int) (any, error) {
		if i == len(segs) {
			return v, nil
		}
		s := segs[i]
		switch c := cur.(type) {
		case nil:
			if isIndex(s) {
				if s != "0" {
					return nil, fmt.Errorf("index %s of an absent array %q: only 0 starts one", clip.String(s), clip.String("/"+strings.Join(segs[:i], "/")))
				}
				child, err := set(nil, i+1)
				if err != nil {
					return nil, err
				}
				return []any{child}, nil // the first item of an array the profile did not have
			}
			child, err := set(nil, i+1)
			if err != nil {
				return nil, err
			}
			return map[string]any{s: child}, nil
		case map[string]any:
			child, err := set(c[s], i+1)
			if err != nil {
				return nil, err
			}
			c[s] = child
			return c, nil
		case []any:
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > len(c) {
				return nil, fmt.Errorf("index %s is outside the array of %d items", clip.String(s), len(c))
			}
			if n == len(c) {
				c = append(c, nil)
			}
			child, err := set(c[n], i+1)
			if err != nil {
				return nil, err
			}
			c[n] = child
			return c, nil
		}
		return nil, fmt.Errorf("%q is not an object or an array", clip.String("/"+strings.Join(segs[:i], "/")))
	}
	out, err := set(*tree, 0)
	if err != nil {
		return err
	}
	*tree = out
	return nil
}

// changedFieldVI names, in words, the field of HoSo a change's
// TruongDuLieu points to: «bậc lương (BacLuong) của ngạch hoặc chức danh
// nghề nghiệp».
func changedFieldVI(ptr string) string {
	s := subjectOf(ptr)
	return s.vi + s.ctx
}

// jsonValueVI writes a JSON value of a change for a Vietnamese text: a
// number with a decimal comma, a string quoted, cut short.
func jsonValueVI(v string) string {
	v = clip.String(v)
	if v != "" && v[0] != '"' && v[0] != '{' && v[0] != '[' {
		return msg.Number(v)
	}
	return v
}

// curTextVI is the value the profile holds, for a Vietnamese message.
func curTextVI(cur any) string {
	if cur == nil {
		return "không có giá trị"
	}
	b, _ := json.Marshal(cur)
	return string(b)
}

// valueErrorVI says, in Vietnamese, why a new value of a change is not a
// value of its field: the identifier's own sentence, or what the field
// holds.
func valueErrorVI(err error) string {
	var e *identifier.Error
	if errors.As(err, &e) {
		vi, _ := e.Messages()
		return vi
	}
	return "Giá trị không đúng kiểu dữ liệu hoặc định dạng của trường này. Đề nghị ghi giá trị theo đúng kiểu dữ liệu của trường (chi tiết ở thông báo tiếng Anh)."
}
