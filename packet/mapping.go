package packet

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/google/uuid"
)

// This file is the one place where the wire format meets the Go types. The
// wire names are the json tags of model.go, the XML element order is the
// order of the struct fields, the names of XML array items are the table
// below (docs/guide/en/03-mapping.md#the-xml-form), what differs from one format version to
// another is the table of versions and the "v" tags of model.go, and the
// code list a member's values come from is its "list" tag, and the members
// that name an item of an array (its natural key, by which Diff matches
// the items of two profiles) are the "diff" tags. The JSON
// decoder, the XML decoder and encoder, the schema layer, the semantic
// layer's code-list check and Apply all read the format from here.
//
// The members of the ten data groups of Decree 27/2026/NĐ-CP that format
// 2.0 adds (docs/guide/en/03-mapping.md#the-ten-data-groups-of-format-20) are the decree's groups;
// their names inside each group, their item names below and their place in
// the element order of HoSo are our reading, as the decree's Appendix is
// not public: each new member follows the 1.0 members of its group
// (CanCuoc after SoCMND; ThanhPhanXuatThan, DoiTuongChinhSach after
// QuocTich; ToChucChinhTriXaHoi, QuanNgu after DangVien; BoNhiem, QuyHoach,
// DieuChuyen after QuaTrinhCongTac; PhuCap, DanhGiaXepLoai after
// QuaTrinhLuong; the sensitive groups LichSuBanThan, KeKhaiTaiSan, SucKhoe
// after QuanHeGiaDinh; ChamDut before TrangThai).

// Namespace is the XML namespace of the packets of format [Version].
const Namespace = "urn:vn:gov:bnv:cbccvc:goitin:2"

// formatVersion is one major version of the format, with what tells it on
// the wire. The members a version has are the model's fields whose "v" tag
// (e.g. v:"1" for a member of 1.x only, v:"2-" for one from 2.0 on)
// includes it; an untagged field is in every version. The schemas of a
// version are in packet/schema (schema.Dir).
type formatVersion struct {
	major        int
	name         string // the PhienBan this package writes
	namespace    string // of the XML form
	supersededOn Date   // the day the next version replaced it; zero for the current one
	// supersededBy names the law that replaced it, in Vietnamese and English.
	supersededBy, supersededByEN string
}

// versions are the format versions this package reads, oldest first; it
// writes the last one unless a header names another. To add a version: a
// row here, its schemas under packet/schema, v tags on the members that
// come or go, and Migrate's step from the version before.
var versions = [...]formatVersion{
	{major: 1, name: "1.0", namespace: "urn:vn:gov:bnv:cbccvc:goitin:1",
		supersededOn: Date{2026, 7, 1}, supersededBy: "Nghị định số 27/2026/NĐ-CP", supersededByEN: "Decree 27/2026/NĐ-CP"},
	{major: 2, name: Version, namespace: Namespace},
}

// formatVersionOf returns the format version of major number major.
func formatVersionOf(major int) (*formatVersion, bool) {
	for i := range versions {
		if versions[i].major == major {
			return &versions[i], true
		}
	}
	return nil, false
}

// versionOfNamespace returns the format version whose XML namespace is ns.
func versionOfNamespace(ns string) (*formatVersion, bool) {
	for i := range versions {
		if versions[i].namespace == ns {
			return &versions[i], true
		}
	}
	return nil, false
}

// ReplyVersion returns the format version in which to answer a packet of
// version phienBan: the one this package writes for that major version
// ("1.0" for "1.1"), or Version for one it does not read.
func ReplyVersion(phienBan string) string {
	n, err := MajorVersion(phienBan)
	if v, ok := formatVersionOf(n); err == nil && ok {
		return v.name
	}
	return Version
}

// NamespaceVersion returns the format version (PhienBan) whose XML
// namespace is ns, and whether there is one this package reads.
func NamespaceVersion(ns string) (string, bool) {
	if v, ok := versionOfNamespace(ns); ok {
		return v.name, true
	}
	return "", false
}

// latest is the version this package writes by default.
func latest() *formatVersion { return &versions[len(versions)-1] }

// MajorVersion returns the major version of a PhienBan ("2.0": 2), or an
// error if it is not of the shape major.minor. It does not say whether
// this package reads that version: see [SupportedVersions].
func MajorVersion(phienBan string) (int, error) {
	major, minor, ok := strings.Cut(phienBan, ".")
	n, err := strconv.Atoi(major)
	if !ok || err != nil || n < 0 || !allDigits(major) || !allDigits(minor) {
		return 0, fmt.Errorf("%w: PhienBan %q is not major.minor", ErrVersion, clip.String(phienBan))
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// SupportedVersions returns the PhienBan of each format version this
// package reads, oldest first; the last is [Version], the one it writes.
func SupportedVersions() []string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = v.name
	}
	return out
}

// VersionHas reports whether format version phienBan (PhienBan, e.g.
// "1.0") has the member of the record kind record (HoSo, BienDong,
// KetQuaDoiKhop, KetQuaXuLy) named by the JSON Pointer member: whether
// VersionHas("1.0", "KetQuaXuLy", "/MaDinhDanhCBCCVC"), the national
// profile ID of format 1.0 only, is to be written. It is false for a
// version this package does not read.
func VersionHas(phienBan, record, member string) bool {
	n, err := MajorVersion(phienBan)
	if _, ok := formatVersionOf(n); err != nil || !ok {
		return false
	}
	ti := recordInfo(record)
	if ti == nil {
		return false
	}
	f, ok := resolvePointer(ti, member)
	return ok && f.in(n)
}

// ErrVersion reports a format version (PhienBan) this package cannot read
// or write, or a record member the version of its packet does not have.
var ErrVersion = errors.New("unsupported format version")

// headerVersion returns the version a header names, or an error wrapping
// ErrVersion.
func headerVersion(h *Header) (*formatVersion, error) {
	n, err := MajorVersion(h.Version)
	if err != nil {
		return nil, err
	}
	v, ok := formatVersionOf(n)
	if !ok {
		return nil, fmt.Errorf("%w: PhienBan %q (this package reads %s)", ErrVersion, clip.String(h.Version), strings.Join(SupportedVersions(), ", "))
	}
	return v, nil
}

// xmlItemName returns the element name of one item of the array member
// named array (docs/guide/en/03-mapping.md#the-xml-form).
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
	// Format 2.0, our reading (the decree names the groups, not the items of
	// their arrays).
	case "ToChucChinhTriXaHoi":
		return "MucToChuc"
	case "BoNhiem":
		return "LanBoNhiem"
	case "QuyHoach":
		return "MucQuyHoach"
	case "DieuChuyen":
		return "LanDieuChuyen"
	case "PhuCap":
		return "MucPhuCap"
	case "DanhGiaXepLoai":
		return "NamDanhGia"
	case "LichSuBanThan":
		return "MucLichSu"
	case "KeKhaiTaiSan":
		return "LanKeKhai"
	}
	return ""
}

// fieldKind is how a field's value is written on the wire.
type fieldKind uint8

const (
	kindString    fieldKind = iota + 1 // JSON string
	kindText                           // JSON string parsed by encoding.TextUnmarshaler
	kindInt                            // JSON integer
	kindBool                           // JSON true or false; XML true or false
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
	list     string // the code list of the values of a string member (its list tag)
	rule     string // rule code reported when a text value does not parse
	key      bool   // part of the natural key of the items of its array (its diff:"key" tag)
	elem     *typeInfo
	typ      reflect.Type
	// from and to are the first and last major versions that have the
	// member (its v tag); 0 is no bound.
	from, to int
	// check is what the semantic layer judges of the member (its check
	// tag): the rules of the ten data groups of format 2.0 read it, so
	// that the checker names no member by hand.
	check checkSet
}

// checkSet is what the semantic layer judges of a member, from its check
// tag: words separated by commas.
type checkSet uint8

const (
	// "past": a date, or a year, of a past fact: not after today (R-DATE-001).
	checkPast checkSet = 1 << iota
	// "born": not before the birth date, or year (R-DATE-005).
	checkBorn
	// "service": inside the person's service, from the recruitment day (or
	// year) to the end of service, ChamDut (R-DATE-007).
	checkService
	// "from" and "to": the first and last day of the period the member's
	// object is; the last is not before the first (R-DATE-003).
	checkFrom
	checkTo
	// "text": free text, in the form NormalizeText gives (R-TXT-001,
	// Profile.Normalize).
	checkText
	// "name": a person's name: free text as "text", without digits or
	// control characters (R-TXT-002).
	checkName
)

var checkWords = map[string]checkSet{
	"past": checkPast, "born": checkBorn, "service": checkService,
	"from": checkFrom, "to": checkTo, "text": checkText, "name": checkName,
}

// checkFreeText are the words of free text: Profile.Normalize fixes it.
const checkFreeText = checkText | checkName

// parseChecks reads a check tag; an unknown word is a defect in model.go.
func parseChecks(tag string) checkSet {
	var cs checkSet
	if tag == "" {
		return 0
	}
	for w := range strings.SplitSeq(tag, ",") {
		c, ok := checkWords[w]
		if !ok {
			panic("packet: bad check tag " + tag) // a defect in model.go; every test would catch it
		}
		cs |= c
	}
	return cs
}

// in reports whether the member is part of major version major; every
// member is part of an unknown version (0), whose reader binds them all.
func (f *field) in(major int) bool {
	return major == 0 || (f.from == 0 || major >= f.from) && (f.to == 0 || major <= f.to)
}

// typeInfo describes an object type on the wire.
type typeInfo struct {
	typ    reflect.Type
	fields []field
	byName map[string]int
	// versioned is set when a field of the type, or of a type inside it,
	// is not in every version.
	versioned bool
	// coded is set when a field of the type, or of a type inside it, has
	// its values from a code list (a list tag).
	coded bool
	// keys are the indexes in fields of the members that together name an
	// item of an array of this type (diff:"key" tags), by which Diff
	// matches the items of two profiles; none: Diff compares the arrays
	// whole.
	keys []int
	// checked is set when a field of the type, or of a type inside it,
	// has a check tag.
	checked bool
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
// breaks (docs/rules.md).
func identifierRule(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[identifier.AgencyCode]():
		return RuleAgencyCode
	case reflect.TypeFor[identifier.PersonalID]():
		return RulePersonalID
	case reflect.TypeFor[identifier.ProfileID]():
		return RuleProfileID
	case reflect.TypeFor[identifier.SocialInsuranceNumber]():
		return RuleSocialInsurance
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
		f := field{name: name, index: i, typ: sf.Type, optional: strings.Contains(opts, "omit"), list: sf.Tag.Get("list"),
			key: sf.Tag.Get("diff") == "key", check: parseChecks(sf.Tag.Get("check"))}
		f.from, f.to = versionRange(sf.Tag.Get("v"))
		ti.versioned = ti.versioned || f.from != 0 || f.to != 0
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
		case ft.Kind() == reflect.Int, ft.Kind() == reflect.Int64:
			f.kind = kindInt
		case ft.Kind() == reflect.Bool && !f.optional:
			// Never optional: false and absent would be one value.
			f.kind = kindBool
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
		if f.list != "" && f.kind != kindString {
			panic("packet: a list tag on " + t.Name() + "." + sf.Name + ", which is no string") // a defect in model.go
		}
		if f.check != 0 && !checkable(&f) {
			panic("packet: a check tag on " + t.Name() + "." + sf.Name + ", which is no date, year or text") // a defect in model.go
		}
		ti.coded = ti.coded || f.list != ""
		ti.checked = ti.checked || f.check != 0
		if f.elem != nil {
			ti.versioned = ti.versioned || f.elem.versioned
			ti.coded = ti.coded || f.elem.coded
			ti.checked = ti.checked || f.elem.checked
		}
		if f.key {
			ti.keys = append(ti.keys, len(ti.fields))
		}
		ti.byName[name] = len(ti.fields)
		ti.fields = append(ti.fields, f)
	}
	return ti
}

// checkable reports whether a member can carry its check tag: text or
// name, alone, on a string, the others on a Date or a year (an int).
func checkable(f *field) bool {
	switch {
	case f.check&checkFreeText != 0:
		return (f.check == checkText || f.check == checkName) && f.kind == kindString
	case f.typ == reflect.TypeFor[Date]():
		return true
	}
	return f.kind == kindInt && f.check&(checkFrom|checkTo) == 0
}

// wireName returns the wire name of the field goName of the model type T,
// from its json tag: the rules that judge one member by name take the
// name from here rather than spelling it. A name T lacks is a defect that
// every test catches (the package's variables call it).
func wireName[T any](goName string) string {
	name, ok := fieldWireName(reflect.TypeFor[T](), goName)
	if !ok {
		panic("packet: no field " + goName + " in " + reflect.TypeFor[T]().Name())
	}
	return name
}

// fieldWireName is the wire name of the field goName of the struct t, and
// ok false when t has no such field.
func fieldWireName(t reflect.Type, goName string) (name string, ok bool) {
	sf, ok := t.FieldByName(goName)
	if !ok {
		return "", false
	}
	name, _, _ = strings.Cut(sf.Tag.Get("json"), ",")
	return name, true
}

// versionRange reads a v tag: "1" (that version only), "2-" (from it on),
// "1-3"; "" is every version.
func versionRange(tag string) (from, to int) {
	if tag == "" {
		return 0, 0
	}
	a, b, isRange := strings.Cut(tag, "-")
	from, err := strconv.Atoi(a)
	if err != nil {
		panic("packet: bad v tag " + tag) // a defect in model.go; every test would catch it
	}
	switch {
	case !isRange:
		return from, from
	case b == "":
		return from, 0
	}
	if to, err = strconv.Atoi(b); err != nil {
		panic("packet: bad v tag " + tag)
	}
	return from, to
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
