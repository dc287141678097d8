package packet

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/google/uuid"
)

// This file is the one place where the wire format meets the Go types. The
// wire names are the json tags of model.go, the XML element order is the
// order of the struct fields, and the names of XML array items are the
// table below (02-packets.md §2.1). The JSON decoder, the XML decoder and
// encoder, the schema layer and Apply all read the format from here.

// Namespace is the XML namespace of packets.
const Namespace = "urn:vn:gov:bnv:cbccvc:goitin:1"

// xmlItemName returns the element name of one item of the array member
// named array (02-packets.md §2.1).
func xmlItemName(array string) string {
	switch array {
	case "QuaTrinhCongTac":
		return "GiaiDoan"
	case "QuaTrinhLuong":
		return "MocLuong"
	case "DaoTaoBoiDuong":
		return "KhoaHoc"
	case "KhenThuong":
		return "LanKhenThuong"
	case "KyLuat":
		return "LanKyLuat"
	case "QuanHeGiaDinh":
		return "NguoiThan"
	case "NgoaiNgu":
		return "MucNgoaiNgu"
	case "ThayDoi":
		return "MucThayDoi"
	case "ChenhLech":
		return "MucChenhLech"
	case "ViPham":
		return "MucViPham"
	}
	return ""
}

// fieldKind is how a field's value is written on the wire.
type fieldKind uint8

const (
	kindString    fieldKind = iota + 1 // JSON string
	kindText                           // JSON string parsed by encoding.TextUnmarshaler
	kindInt                            // JSON integer
	kindIntPtr                         // optional JSON integer
	kindDecimal                        // JSON number with at most 2 decimals
	kindStruct                         // JSON object
	kindStructPtr                      // optional JSON object
	kindSlice                          // JSON array of objects
	kindValue                          // any JSON value, typed by the field TruongDuLieu points to
)

// field describes one member of an object on the wire.
type field struct {
	name     string // wire name
	index    int    // Go struct field index
	kind     fieldKind
	optional bool   // may be absent; absent when zero
	item     string // XML item element name, for arrays
	rule     string // rule code reported when a text value does not parse
	elem     *typeInfo
	typ      reflect.Type
}

// typeInfo describes an object type on the wire.
type typeInfo struct {
	typ    reflect.Type
	fields []field
	byName map[string]int
}

func (ti *typeInfo) field(name string) (*field, bool) {
	i, ok := ti.byName[name]
	if !ok {
		return nil, false
	}
	return &ti.fields[i], true
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	decimal2Type    = reflect.TypeFor[Decimal2]()
)

// identifierRule maps the identifier types to the rule a malformed value
// breaks (05-code-lists-and-rules.md §5.2).
func identifierRule(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[identifier.AgencyCode]():
		return "R-ID-001"
	case reflect.TypeFor[identifier.PersonalID]():
		return "R-ID-002"
	case reflect.TypeFor[identifier.ProfileID]():
		return "R-ID-005"
	case reflect.TypeFor[identifier.SocialInsuranceNumber]():
		return "R-ID-006"
	}
	return ""
}

// wireTypes holds the type descriptions, built once from the Go types and
// read-only afterwards.
var wireTypes = sync.OnceValue(func() map[reflect.Type]*typeInfo {
	m := map[reflect.Type]*typeInfo{}
	for _, t := range []reflect.Type{
		reflect.TypeFor[Header](), reflect.TypeFor[Signature](), reflect.TypeFor[Profile](),
		reflect.TypeFor[Change](), reflect.TypeFor[MatchResult](), reflect.TypeFor[ProcessingResult](),
	} {
		describe(t, m)
	}
	return m
})

func profileInfo() *typeInfo { return infoOf(reflect.TypeFor[Profile]()) }
func headerInfo() *typeInfo  { return infoOf(reflect.TypeFor[Header]()) }

// infoOf returns the wire description of one of the model's object types.
func infoOf(t reflect.Type) *typeInfo { return wireTypes()[t] }

func describe(t reflect.Type, m map[reflect.Type]*typeInfo) *typeInfo {
	if ti, ok := m[t]; ok {
		return ti
	}
	ti := &typeInfo{typ: t, byName: map[string]int{}}
	m[t] = ti
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := field{name: name, index: i, typ: sf.Type, optional: strings.Contains(opts, "omit")}
		ft := sf.Type
		switch {
		case ft == rawMessage:
			f.kind = kindValue
		case ft == decimal2Type:
			f.kind = kindDecimal
		case ft == reflect.TypeFor[time.Time](), ft == reflect.TypeFor[uuid.UUID](), reflect.PointerTo(ft).Implements(textUnmarshaler):
			f.kind = kindText
			f.rule = identifierRule(ft)
		case ft.Kind() == reflect.String:
			f.kind = kindString
		case ft.Kind() == reflect.Int:
			f.kind = kindInt
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Int:
			f.kind = kindIntPtr
		case ft.Kind() == reflect.Struct:
			f.kind = kindStruct
			f.elem = describe(ft, m)
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
			f.kind = kindStructPtr
			f.elem = describe(ft.Elem(), m)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			f.kind = kindSlice
			f.elem = describe(ft.Elem(), m)
			f.item = xmlItemName(name)
		default:
			panic("packet: no wire mapping for " + t.Name() + "." + sf.Name) // a defect in model.go; every test would catch it
		}
		ti.byName[name] = len(ti.fields)
		ti.fields = append(ti.fields, f)
	}
	return ti
}

// resolvePointer returns the field a JSON Pointer into a record type names
// (e.g. /Ngach/HeSoLuong in HoSo), with the description of the object type
// that holds it. Array indexes (/QuaTrinhCongTac/0/DenNgay) step into the
// item type.
func resolvePointer(root *typeInfo, pointer string) (*field, bool) {
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	ti := root
	var f *field
	segs := strings.Split(pointer[1:], "/")
	for i := 0; i < len(segs); i++ {
		if ti == nil {
			return nil, false
		}
		s := strings.ReplaceAll(strings.ReplaceAll(segs[i], "~1", "/"), "~0", "~")
		var ok bool
		if f, ok = ti.field(s); !ok {
			return nil, false
		}
		ti = f.elem
		if f.kind == kindSlice && i+1 < len(segs) {
			if !isIndex(segs[i+1]) {
				return nil, false
			}
			i++
			if i+1 == len(segs) {
				// The pointer names one item: describe it as a struct.
				return &field{name: f.item, kind: kindStruct, elem: f.elem, typ: f.typ.Elem()}, true
			}
		}
	}
	return f, f != nil
}

func isIndex(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
