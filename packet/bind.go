package packet

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/google/uuid"
)

// A tree is a JSON value in generic form: map[string]any, []any, string,
// json.Number, bool or nil. Both decoders produce trees, the schema layer
// validates them, and bind turns them into the model.

// binder fills model values from trees. Every value that does not bind —
// a wrong JSON type, an unknown member, an identifier, date or number that
// its type does not hold — is reported, so that nothing is dropped in
// silence: identifiers by their rule (R-ID-*), shapes the schema describes
// by R-SCH-001, values of the right shape that the model cannot carry whole
// by R-SCH-002. The field is then left at its zero value. A Validator,
// which runs the schema first, keeps only the first finding on a value.
type binder struct {
	path []byte // the JSON Pointer of the value being bound
	emit func(Finding)
	// semantic is set when the semantic layer runs after the binder, and
	// reports R-BD-001 and R-BD-002 itself.
	semantic bool
	// major is the format version of the packet; a member that version
	// does not have is reported and not bound. 0 (not known yet: a JSON
	// record before its header) binds the members of every version.
	major int
}

// pointer returns the JSON Pointer of member name (a pointer segment) of
// the value being bound, or of the value itself for "".
func (b *binder) pointer(name string) string {
	if name == "" {
		return string(b.path)
	}
	return string(b.path) + "/" + name
}

// push appends segment name, escaped when escape is set, to the path, and
// returns the length to pop back to.
func (b *binder) push(name string, escape bool) int {
	n := len(b.path)
	b.path = append(b.path, '/')
	if escape {
		b.path = appendEscapedPointer(b.path, name)
	} else {
		b.path = append(b.path, name...)
	}
	return n
}

// pushIndex appends the segment of item i to the path.
func (b *binder) pushIndex(i int) int {
	n := len(b.path)
	b.path = strconv.AppendInt(append(b.path, '/'), int64(i), 10)
	return n
}

// report emits a finding on member name of the value being bound ("" for
// the value itself).
func (b *binder) report(rule, name, vi, en string) {
	if b.emit != nil {
		b.emit(Finding{Rule: rule, Severity: SeverityError, Pointer: b.pointer(name), MessageVI: vi, MessageEN: en})
	}
}

// object binds the tree v, which should be an object, into dst, a struct of
// type ti.
func (b *binder) object(v any, dst reflect.Value, ti *typeInfo) {
	m, ok := v.(map[string]any)
	if !ok {
		b.wrongType("", v, "một đối tượng", "an object")
		return
	}
	known := 0
	for i := range ti.fields {
		f := &ti.fields[i]
		val, ok := m[f.name]
		if !ok {
			continue
		}
		known++
		if !f.in(b.major) {
			b.notInVersion(f)
			continue
		}
		b.field(val, dst.Field(f.index), f)
	}
	if known < len(m) && b.emit != nil {
		b.unknownMembers(m, ti)
	}
	b.objectChecks(dst)
}

// objectChecks checks a bound object whose members' values depend on one
// another: an item of ThayDoi or of ChenhLech.
func (b *binder) objectChecks(dst reflect.Value) {
	if b.emit == nil {
		return
	}
	switch v := dst.Addr().Interface().(type) {
	case *FieldChange:
		b.fieldChange(v)
	case *Difference:
		b.difference(v)
	}
}

// fieldChange checks an item of ThayDoi: its values are typed by the field
// TruongDuLieu names, and only a value of that type is carried whole to
// XML and back (R-BD-001, R-BD-002; R-SCH-002 for GiaTriCu, whose match
// with the profile is R-BD-003's).
func (b *binder) fieldChange(fc *FieldChange) {
	at := b.pointer("")
	if len(fc.NewValue) == 0 || !pointerShaped(fc.Field) {
		return // an absent GiaTriMoi or a pointer of the wrong shape: the schema's
	}
	if _, bad := checkFieldChange(profileInfo(), at, *fc, b.major); bad != nil {
		if !b.semantic {
			b.emit(*bad)
		}
		return
	}
	f, _ := resolvePointer(profileInfo(), fc.Field)
	b.typedValue(f, "GiaTriCu", fc.OldValue)
}

// difference checks an item of ChenhLech, whose values are typed by the
// field TruongDuLieu names.
func (b *binder) difference(d *Difference) {
	if !pointerShaped(d.Field) {
		return // the schema's
	}
	f, ok := resolvePointer(profileInfo(), d.Field)
	if ok && !f.in(b.major) {
		v := versionsOf(f)
		b.report(RuleValue, "TruongDuLieu",
			fmt.Sprintf("Đường dẫn tới trường dữ liệu (TruongDuLieu) %q chỉ tới trường chỉ có ở định dạng phiên bản %s, không có trong phiên bản %d.0 của gói tin. Đề nghị bỏ mục sai khác này.", clip.String(d.Field), v, b.major),
			fmt.Sprintf("TruongDuLieu %q names a member of format %s only, not of the packet's %d.0", clip.String(d.Field), v, b.major))
		return
	}
	if !ok {
		b.report(RuleValue, "TruongDuLieu",
			fmt.Sprintf("Đường dẫn tới trường dữ liệu (TruongDuLieu) %q không chỉ tới trường nào của hồ sơ, nên giá trị sai khác không có kiểu để chuyển sang XML. Đề nghị ghi đường dẫn tới một trường của hồ sơ.", clip.String(d.Field)),
			fmt.Sprintf("TruongDuLieu %q names no field of HoSo, so its values have no type the XML form can carry", clip.String(d.Field)))
		return
	}
	b.typedValue(f, "GiaTriNguon", d.AgencyValue)
	b.typedValue(f, "GiaTriGoc", d.AuthoritativeValue)
}

// typedValue reports raw, the value of member name, when the XML form,
// which reads it by the type of field f, would read another value.
func (b *binder) typedValue(f *field, name string, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	if v, err := decodeValue(raw); err != nil || !xmlCarries(f, v) {
		b.report(RuleValue, name,
			fmt.Sprintf("%s không đúng kiểu của trường mà đường dẫn (TruongDuLieu) chỉ tới, nên dạng XML của gói tin sẽ đọc thành giá trị khác. Đề nghị ghi giá trị đúng kiểu của trường.", capitalize(fieldWords(name, nil))),
			fmt.Sprintf("%s is not of the type of the field TruongDuLieu names: the XML form would read it as another value", name))
	}
}

// xmlCarries reports whether the XML form, read by the type of field f (nil:
// no type), gives v back: its text reads as a number for a number field
// and as a string otherwise, so a number in a string field, a string of
// digits in a number field, a boolean, null or an empty array come back as
// other values.
func xmlCarries(f *field, v any) bool {
	if f == nil {
		switch v := v.(type) {
		case string:
			return true
		case map[string]any:
			for _, it := range v {
				if !xmlCarries(nil, it) {
					return false
				}
			}
			return len(v) > 0
		}
		return false
	}
	switch f.kind {
	case kindString, kindText:
		_, ok := v.(string)
		return ok
	case kindInt, kindIntPtr, kindDecimal:
		switch v := v.(type) {
		case json.Number:
			return true
		case string:
			return !validJSONNumber(v)
		}
		return false
	case kindBool:
		switch v := v.(type) {
		case bool:
			return true
		case string:
			return !xmlBoolean(v)
		}
		return false
	case kindStruct, kindStructPtr:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for k, it := range m {
			cf, _ := f.elem.field(k)
			if !xmlCarries(cf, it) {
				return false
			}
		}
		return true
	case kindSlice:
		a, ok := v.([]any)
		if !ok || len(a) == 0 {
			return false
		}
		item := &field{kind: kindStruct, elem: f.elem}
		for _, it := range a {
			if !xmlCarries(item, it) {
				return false
			}
		}
		return true
	}
	return false
}

// unknownMembers reports the members of m that ti does not have, in a
// stable order.
func (b *binder) unknownMembers(m map[string]any, ti *typeInfo) {
	var names []string
	for k := range m {
		if _, ok := ti.byName[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		b.report(RuleSchema, escapePointer(k),
			fmt.Sprintf("Trường %q không có trong định dạng gói tin. Đề nghị bỏ trường này.", clip.String(k)),
			fmt.Sprintf(`schema keyword "additionalProperties": member %q is not part of the format`, clip.String(k)))
	}
}

// notInVersion reports a member of another format version than the
// packet's.
func (b *binder) notInVersion(f *field) {
	if b.emit != nil {
		b.emit(notInVersion(b.pointer(f.name), f, b.major))
	}
}

// notInVersion is the finding on a member, at pointer, that format version
// major does not have.
func notInVersion(pointer string, f *field, major int) Finding {
	v := versionsOf(f)
	return Finding{Rule: RuleSchema, Severity: SeverityError, Pointer: pointer,
		MessageVI: fmt.Sprintf("%s không có trong định dạng gói tin phiên bản %d.0, chỉ có ở phiên bản %s. Đề nghị bỏ trường này.",
			fieldVI(f.name), major, v),
		MessageEN: fmt.Sprintf(`schema keyword "additionalProperties": member %q is not part of format %d.0, only of %s`, f.name, major, v)}
}

// versionedMember is a member of a bound record that not every format
// version has, found before the header said the version.
type versionedMember struct {
	path  string // JSON Pointer inside the record
	field *field
}

func (m versionedMember) pointer(index int) string {
	return RecordPointer(index, m.path)
}

// versionedMembers returns the members of rec, bound with every version's
// members, that not every version has.
func versionedMembers(rec Record) []versionedMember {
	if rec == nil {
		return nil
	}
	v := reflect.ValueOf(rec).Elem()
	var out []versionedMember
	var walk func(v reflect.Value, ti *typeInfo, path string)
	walk = func(v reflect.Value, ti *typeInfo, path string) {
		if ti == nil || !ti.versioned {
			return
		}
		for i := range ti.fields {
			f := &ti.fields[i]
			fv := v.Field(f.index)
			p := path + "/" + f.name
			switch {
			case (f.from != 0 || f.to != 0) && !fv.IsZero():
				out = append(out, versionedMember{p, f})
			case f.kind == kindStruct:
				walk(fv, f.elem, p)
			case f.kind == kindStructPtr && !fv.IsNil():
				walk(fv.Elem(), f.elem, p)
			case f.kind == kindSlice:
				for j := range fv.Len() {
					walk(fv.Index(j), f.elem, p+"/"+strconv.Itoa(j))
				}
			}
		}
	}
	walk(v, infoOf(v.Type()), "")
	return out
}

// versionedField returns the field of the member the last segment of a
// JSON Pointer names, when not every format version has a member of that
// name; nil otherwise.
func versionedField(pointer string) *field {
	return versionedFields()[pointer[strings.LastIndexByte(pointer, '/')+1:]]
}

// versionedFields are the members that not every format version has, by
// wire name.
var versionedFields = sync.OnceValue(func() map[string]*field {
	m := map[string]*field{}
	for _, ti := range wireTypes() {
		for i := range ti.fields {
			if f := &ti.fields[i]; f.from != 0 || f.to != 0 {
				m[f.name] = f
			}
		}
	}
	return m
})

// versionsOf names the format versions that have the member f: "1.0",
// "1.0, 2.0".
func versionsOf(f *field) string {
	var names []string
	for _, v := range versions {
		if f.in(v.major) {
			names = append(names, v.name)
		}
	}
	return strings.Join(names, ", ")
}

// escapePointer escapes a member name as a JSON Pointer segment.
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return string(appendEscapedPointer(nil, s))
}

// appendEscapedPointer appends s escaped as a JSON Pointer segment.
func appendEscapedPointer(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			dst = append(dst, "~0"...)
		case '/':
			dst = append(dst, "~1"...)
		default:
			dst = append(dst, s[i])
		}
	}
	return dst
}

// wrongType reports a value of another JSON type than the model's.
func (b *binder) wrongType(name string, v any, wantVI, wantEN string) {
	b.report(RuleSchema, name,
		fmt.Sprintf("%s là %s, phải là %s. Đề nghị sửa lại.", capitalize(fieldWords(name, b.path)), jsonTypeVI(v), wantVI),
		fmt.Sprintf(`schema keyword "type": %s, want %s`, jsonType(v), wantEN))
}

func (b *binder) field(val any, dst reflect.Value, f *field) {
	switch f.kind {
	case kindString:
		s, ok := val.(string)
		if !ok {
			b.wrongType(f.name, val, "chuỗi ký tự", "a string")
			return
		}
		dst.SetString(s)
		b.xmlChars(f.name, s)
	case kindText:
		s, ok := val.(string)
		if !ok {
			b.wrongType(f.name, val, "chuỗi ký tự", "a string")
			return
		}
		b.text(s, dst, f)
	case kindInt, kindIntPtr:
		n, ok := b.number(val, f, 0, maxExactInt)
		if !ok {
			return
		}
		if f.kind == kindIntPtr {
			p := reflect.New(f.typ.Elem())
			p.Elem().SetInt(n)
			dst.Set(p)
			return
		}
		dst.SetInt(n)
	case kindBool:
		t, ok := val.(bool)
		if !ok {
			b.wrongType(f.name, val, "giá trị đúng/sai (true hoặc false)", "a boolean")
			return
		}
		dst.SetBool(t)
	case kindDecimal:
		n, ok := b.number(val, f, 2, maxDecimal2)
		if ok && n <= 0 {
			b.report(RuleSchema, f.name,
				fmt.Sprintf("%s %s không phải hệ số: hệ số lớn hơn 0. Đề nghị ghi hệ số đúng, hoặc bỏ trường này nếu không có hệ số.", capitalize(fieldWords(f.name, b.path)), clip.String(fmt.Sprint(val))),
				fmt.Sprintf(`schema keyword "exclusiveMinimum": %s %s is not above 0`, f.name, clip.String(fmt.Sprint(val))))
			return
		}
		if ok {
			dst.SetInt(n)
		}
	case kindStruct:
		n := b.push(f.name, false)
		b.object(val, dst, f.elem)
		b.path = b.path[:n]
	case kindStructPtr:
		if _, ok := val.(map[string]any); !ok {
			b.wrongType(f.name, val, "một đối tượng", "an object")
			return
		}
		p := reflect.New(f.elem.typ)
		n := b.push(f.name, false)
		b.object(val, p.Elem(), f.elem)
		b.path = b.path[:n]
		dst.Set(p)
	case kindSlice:
		items, ok := val.([]any)
		if !ok {
			b.wrongType(f.name, val, "một mảng", "an array")
			return
		}
		if len(items) == 0 {
			b.report(RuleSchema, f.name,
				fmt.Sprintf("%s là mảng rỗng: dạng XML của gói tin không có mảng rỗng. Đề nghị bỏ trường này khi không có mục nào.", capitalize(fieldWords(f.name, b.path))),
				fmt.Sprintf(`schema keyword "minItems": %s is empty; the XML form has no empty array, leave the member out`, f.name))
			return
		}
		s := reflect.MakeSlice(f.typ, len(items), len(items))
		n := b.push(f.name, false)
		for i, it := range items {
			m := b.pushIndex(i)
			b.object(it, s.Index(i), f.elem)
			b.path = b.path[:m]
		}
		b.path = b.path[:n]
		dst.Set(s)
	case kindValue:
		if val == nil {
			b.report(RuleValue, f.name,
				fmt.Sprintf("Trường %s là null: dạng XML của gói tin không thể hiện được null. Đề nghị bỏ trường này nếu không có giá trị.", fieldWords(f.name, b.path)),
				fmt.Sprintf("%s is null, which the XML form cannot carry: leave the member out when there is no value", f.name))
			return
		}
		n := b.push(f.name, false)
		b.anyValue(val)
		b.path = b.path[:n]
		raw, err := json.Marshal(val)
		if err == nil {
			dst.SetBytes(raw)
		}
	}
}

// text parses a string into a model type. An identifier that does not
// parse breaks its rule; any other value the type does not hold, R-SCH-002.
func (b *binder) text(s string, dst reflect.Value, f *field) {
	err := parseText(dst.Addr().Interface(), s)
	if err != nil {
		if f.rule != "" {
			if b.emit != nil {
				b.emit(identifierFinding(f.rule, b.pointer(f.name), err))
			}
			return
		}
		vi, en := textFault(dst.Addr().Interface(), s)
		b.report(RuleValue, f.name, fmt.Sprintf("%s %q %s", capitalize(fieldWords(f.name, b.path)), clip.String(s), vi), fmt.Sprintf("%s %q: %s", f.name, clip.String(s), en))
		return
	}
	pt, ok := dst.Addr().Interface().(*time.Time) // a pointer: no copy
	if !ok {
		return
	}
	t := *pt
	var buf [64]byte
	if w := t.AppendFormat(buf[:0], time.RFC3339Nano); string(w) != s {
		want := string(w)
		dst.Set(reflect.Zero(f.typ))
		b.report(RuleValue, f.name,
			fmt.Sprintf("%s %q không viết ở dạng ngắn nhất của định dạng gói tin, nên không chuyển nguyên vẹn được giữa JSON, XML và dạng dùng để ký số. Đề nghị ghi %s.", capitalize(fieldWords(f.name, b.path)), clip.String(s), want),
			fmt.Sprintf("%s %q is not in the shortest spelling the format writes, so it cannot be carried whole between JSON, XML and the signed form: write %s", f.name, clip.String(s), want))
		return
	}
	if t.IsZero() && !f.optional {
		b.report(RuleValue, f.name,
			fmt.Sprintf("%s %q được hiểu là không có giá trị. Đề nghị ghi thời điểm thực.", capitalize(fieldWords(f.name, b.path)), clip.String(s)),
			fmt.Sprintf("%s %q is the zero time, which reads as absent: give the real time", f.name, clip.String(s)))
	}
}

// textFault says why s is not a value of the type v points to.
func textFault(v any, s string) (vi, en string) {
	switch v.(type) {
	case *Date:
		return "không phải ngày có thật. Đề nghị đối chiếu hồ sơ gốc và ghi ngày đúng theo dạng năm-tháng-ngày, ví dụ 1996-07-12.",
			"is not a date that exists in the form YYYY-MM-DD"
	case *PartialDate:
		return "không phải ngày có thật. Đề nghị đối chiếu hồ sơ gốc và ghi ngày đúng theo dạng năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng).",
			"is not a date that exists in the form YYYY, YYYY-MM or YYYY-MM-DD"
	case *time.Time:
		return "không phải thời điểm có thật. Đề nghị ghi ngày, giờ kèm độ lệch múi giờ, ví dụ 2026-11-26T10:00:00+07:00.",
			"is not an RFC 3339 date-time that exists, with its UTC offset"
	case *uuid.UUID:
		return "không phải mã UUID. Đề nghị ghi mã UUID phiên bản 4 hoặc 7, chữ thường.", "is not a UUID"
	}
	return "không đúng định dạng. Đề nghị sửa lại.", "is malformed"
}

// number binds a JSON number of a field of integers (places 0) or of
// decimal2 (places 2), returning its value times 10^places.
func (b *binder) number(val any, f *field, places int, limit int64) (int64, bool) {
	s, ok := val.(json.Number)
	if !ok {
		b.wrongType(f.name, val, "một số", "a number")
		return 0, false
	}
	n, ok := parseNumber(string(s))
	if !ok {
		b.wrongType(f.name, val, "một số", "a number")
		return 0, false
	}
	v, err := n.scaled(places, limit)
	if err == nil {
		return v, true
	}
	words := capitalize(fieldWords(f.name, b.path))
	switch {
	case errors.Is(err, errNotInteger):
		b.report(RuleSchema, f.name, fmt.Sprintf("%s %s không phải số nguyên. Đề nghị ghi số nguyên.", words, clip.String(string(s))),
			fmt.Sprintf(`schema keyword "type": %s is not an integer`, clip.String(string(s))))
	case errors.Is(err, errTooManyPlace):
		// Not a schema keyword: multipleOf 0.01 means another thing in the
		// binary floating point most validators compute in, so the schemas
		// leave the number of decimals to the model.
		subj, v := subjectOf(b.pointer(f.name)), n.plainString()
		b.report(RuleValue, f.name, fmt.Sprintf("%s có quá 2 chữ số thập phân. Đề nghị ghi tối đa 2 chữ số sau dấu thập phân, ví dụ 4,34.", subj.with(msg.Number(v))),
			fmt.Sprintf("%s %s has more than 2 decimals", subj.en, v))
	default:
		maxVI, maxEN := "9.007.199.254.740.992", "2^53"
		if places == 2 {
			maxVI, maxEN = "10.000.000.000.000", "10^13"
		}
		b.report(RuleValue, f.name, fmt.Sprintf("%s %s quá lớn: định dạng gói tin chỉ mang chính xác số không quá %s. Đề nghị đối chiếu và sửa lại.", words, clip.String(string(s)), maxVI),
			fmt.Sprintf("%s %s is too large: the format carries numbers up to %s exactly", f.name, clip.String(string(s)), maxEN))
	}
	return 0, false
}

// anyValue checks a value of any JSON type (GiaTriMoi and the like): its
// numbers must keep their value in RFC 8785, its strings be XML text.
func (b *binder) anyValue(v any) {
	switch v := v.(type) {
	case json.Number:
		if !exactInJCS(string(v)) {
			b.report(RuleValue, "",
				fmt.Sprintf("%s %s có nhiều chữ số hơn mức dạng chuẩn hóa dùng để ký số giữ được, hoặc quá lớn, nên sẽ bị đổi khi ký. Đề nghị ghi giá trị chính xác với tối đa 15 chữ số có nghĩa.", capitalize(fieldWords("", b.path)), clip.String(string(v))),
				fmt.Sprintf("%s would change value in RFC 8785, the form signatures cover (more digits than a double holds, or out of its range)", clip.String(string(v))))
		}
	case string:
		b.xmlChars("", v)
	case []any:
		for i, it := range v {
			n := b.pushIndex(i)
			b.anyValue(it)
			b.path = b.path[:n]
		}
	case map[string]any:
		for k, it := range v {
			n := b.push(k, true)
			b.xmlChars("", k)
			b.anyValue(it)
			b.path = b.path[:n]
		}
	}
}

// xmlChars reports a string holding a character XML 1.0 cannot carry: a
// packet is the same in JSON and XML, so such a string is no value of it.
func (b *binder) xmlChars(name, s string) {
	if b.emit == nil {
		return
	}
	if i, r := badXMLChar(s); i >= 0 {
		b.report(RuleValue, name,
			fmt.Sprintf("%s có ký tự điều khiển U+%04X ở ký tự thứ %d, dạng XML của gói tin không chứa được ký tự này. Đề nghị xóa ký tự đó.", capitalize(fieldWords(name, b.path)), r, utf8.RuneCountInString(s[:i])+1),
			fmt.Sprintf("%s holds U+%04X at byte %d, a character XML 1.0 cannot carry", pointerName(name, b.path), r, i+1))
	}
}

// badXMLChar returns the byte offset and the first character of s that is
// not an XML 1.0 Char (a control character other than tab, line feed and
// carriage return, U+FFFE or U+FFFF), or -1. s is valid UTF-8.
func badXMLChar(s string) (int, rune) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return i, rune(c)
		case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF):
			return i, rune(0xFFFE + int(s[i+2]-0xBE))
		}
	}
	return -1, 0
}

// fieldWords names a field for a Vietnamese message, in words then by its
// wire name: name, or the last member of path when name is "".
func fieldWords(name string, path []byte) string {
	n := pointerName(name, path)
	if l := labelVI(n); l != "" {
		return l + " (" + n + ")"
	}
	if n == "" {
		return "giá trị"
	}
	return "trường " + n
}

// pointerName is the wire name of the value: name, else the last member
// name of path, a JSON Pointer.
func pointerName(name string, path []byte) string {
	if name != "" {
		return name
	}
	for end := len(path); end > 0; {
		i := bytes.LastIndexByte(path[:end], '/')
		if seg := string(path[i+1 : end]); !isIndex(seg) {
			return seg
		}
		end = max(i, 0)
	}
	return ""
}

// capitalize puts the first letter of a Vietnamese phrase in upper case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// jsonTypeVI names the JSON type of v in Vietnamese.
func jsonTypeVI(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "chuỗi ký tự"
	case json.Number:
		return "một số"
	case bool:
		return "giá trị đúng/sai"
	case []any:
		return "một mảng"
	case map[string]any:
		return "một đối tượng"
	}
	return fmt.Sprintf("%T", v)
}

// parseText sets *dst from s. The model's own types are parsed from the
// string directly: going through UnmarshalText would copy every value into
// a []byte first.
func parseText(dst any, s string) error {
	var err error
	switch p := dst.(type) {
	case *identifier.AgencyCode:
		*p, err = identifier.ParseAgencyCode(s)
	case *identifier.PersonalID:
		*p, err = identifier.ParsePersonalID(s)
	case *identifier.ProfileID:
		*p, err = identifier.ParseProfileID(s)
	case *identifier.SocialInsuranceNumber:
		*p, err = identifier.ParseSocialInsuranceNumber(s)
	case *Date:
		*p, err = ParseDate(s)
	case *PartialDate:
		*p, err = ParsePartialDate(s)
	case *uuid.UUID:
		*p, err = uuid.Parse(s)
	case *time.Time:
		*p, err = time.Parse(time.RFC3339, s)
	default:
		err = dst.(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	return err
}

// identifierFinding turns an identifier's parse error into the finding of
// its rule, keeping the part and position the identifier package names.
func identifierFinding(rule, pointer string, err error) Finding {
	f := Finding{Rule: rule, Severity: SeverityError, Pointer: pointer, MessageEN: err.Error(), MessageVI: err.Error()}
	var e *identifier.Error
	if errors.As(err, &e) {
		f.MessageEN = e.MessageEN
		s := subjectOf(pointer)
		f.MessageVI = s.cap() + s.ctx + ": " + e.MessageVI + ". " + e.ActionVI()
		if e.Input != "" {
			f.MessageEN = strconv.Quote(clip.String(e.Input)) + ": " + e.MessageEN
			sep := ": "
			if strings.HasPrefix(e.MessageVI, "có ") || strings.HasPrefix(e.MessageVI, "dài ") {
				sep = " "
			}
			f.MessageVI = s.cap() + s.ctx + " " + quoteValue(e.Input) + sep + e.MessageVI + ". " + e.ActionVI()
		}
	}
	return f
}

// bindRecord binds a record tree of the given record name at /DuLieu/index,
// in a packet of format version major (0: not known yet); semantic says the semantic layer will check the record after.
func bindRecord(name string, v any, index, major int, emit func(Finding), semantic bool) Record {
	b := binder{path: AppendRecordPointer(make([]byte, 0, 64), index, ""), emit: emit, semantic: semantic, major: major}
	switch name {
	case "HoSo":
		var p Profile
		b.object(v, reflect.ValueOf(&p).Elem(), infoOf(reflect.TypeFor[Profile]()))
		return &p
	case "BienDong":
		var c Change
		b.object(v, reflect.ValueOf(&c).Elem(), infoOf(reflect.TypeFor[Change]()))
		return &c
	case "KetQuaDoiKhop":
		var m MatchResult
		b.object(v, reflect.ValueOf(&m).Elem(), infoOf(reflect.TypeFor[MatchResult]()))
		return &m
	case "KetQuaXuLy":
		var r ProcessingResult
		b.object(v, reflect.ValueOf(&r).Elem(), infoOf(reflect.TypeFor[ProcessingResult]()))
		return &r
	}
	return nil
}

// bindHeader binds the header tree at /ThongTinGoiTin.
func bindHeader(v any, emit func(Finding)) Header {
	var h Header
	b := binder{path: append(make([]byte, 0, 64), PacketPointer("Header")...), emit: emit}
	b.object(v, reflect.ValueOf(&h).Elem(), infoOf(reflect.TypeFor[Header]()))
	return h
}

// bindSignature binds the ChuKySo tree.
func bindSignature(v any) *Signature {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var s Signature
	b := binder{}
	b.object(m, reflect.ValueOf(&s).Elem(), infoOf(reflect.TypeFor[Signature]()))
	return &s
}

// Record is one record of a packet: a *Profile, *Change, *MatchResult or
// *ProcessingResult.
type Record interface {
	// RecordName returns the wire name of the record kind: HoSo, BienDong,
	// KetQuaDoiKhop or KetQuaXuLy.
	RecordName() string
}

// RecordName returns "HoSo".
func (*Profile) RecordName() string { return "HoSo" }

// RecordName returns "BienDong".
func (*Change) RecordName() string { return "BienDong" }

// RecordName returns "KetQuaDoiKhop".
func (*MatchResult) RecordName() string { return "KetQuaDoiKhop" }

// RecordName returns "KetQuaXuLy".
func (*ProcessingResult) RecordName() string { return "KetQuaXuLy" }

// guessRecordName tells the kind of a JSON record from its members, for a
// packet whose header is not known yet or names another kind.
func guessRecordName(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	switch {
	case has(m, "MaBienDong") || has(m, "ThayDoi") || has(m, "LoaiBienDong"):
		return "BienDong"
	case has(m, "ViTri") || has(m, "KhoaBanGhi"):
		return "KetQuaXuLy"
	case has(m, "Nguon") || has(m, "ThoiGianDoiKhop"):
		return "KetQuaDoiKhop"
	case has(m, "HoVaTen") || has(m, "NgaySinh") || has(m, "Ngach"):
		return "HoSo"
	}
	return ""
}

func has(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}
