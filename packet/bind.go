package packet

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/google/uuid"
)

// A tree is a JSON value in generic form: map[string]any, []any, string,
// json.Number, bool or nil. Both decoders produce trees, the schema layer
// validates them, and bind turns them into the model.

// binder fills model values from trees. It reports identifiers that do not
// parse as findings of their rule; every other mismatch between a tree and
// the model (a wrong type, a missing member) is the schema layer's to report,
// so bind leaves the field at its zero value and says nothing.
type binder struct {
	path []string // JSON Pointer segments of the value being bound
	emit func(Finding)
}

func (b *binder) pointer(name string) string {
	var s strings.Builder
	for _, p := range b.path {
		s.WriteByte('/')
		s.WriteString(p)
	}
	if name != "" {
		s.WriteByte('/')
		s.WriteString(name)
	}
	return s.String()
}

// object binds the tree v, which should be an object, into dst, a struct of
// type ti.
func (b *binder) object(v any, dst reflect.Value, ti *typeInfo) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	for i := range ti.fields {
		f := &ti.fields[i]
		val, ok := m[f.name]
		if !ok || val == nil {
			continue
		}
		b.field(val, dst.Field(f.index), f)
	}
}

func (b *binder) field(val any, dst reflect.Value, f *field) {
	switch f.kind {
	case kindString:
		if s, ok := val.(string); ok {
			dst.SetString(s)
		}
	case kindText:
		s, ok := val.(string)
		if !ok || s == "" {
			return
		}
		err := parseText(dst.Addr().Interface(), s)
		if err != nil && f.rule != "" && b.emit != nil {
			b.emit(identifierFinding(f.rule, b.pointer(f.name), err))
		}
	case kindInt:
		if n, ok := intOf(val); ok {
			dst.SetInt(n)
		}
	case kindIntPtr:
		if n, ok := intOf(val); ok {
			p := reflect.New(f.typ.Elem())
			p.Elem().SetInt(n)
			dst.Set(p)
		}
	case kindDecimal:
		if n, ok := val.(json.Number); ok {
			if d, err := ParseDecimal2(string(n)); err == nil {
				dst.SetInt(int64(d))
			}
		}
	case kindStruct:
		b.path = append(b.path, f.name)
		b.object(val, dst, f.elem)
		b.path = b.path[:len(b.path)-1]
	case kindStructPtr:
		if _, ok := val.(map[string]any); !ok {
			return
		}
		p := reflect.New(f.elem.typ)
		b.path = append(b.path, f.name)
		b.object(val, p.Elem(), f.elem)
		b.path = b.path[:len(b.path)-1]
		dst.Set(p)
	case kindSlice:
		items, ok := val.([]any)
		if !ok || len(items) == 0 {
			return
		}
		s := reflect.MakeSlice(f.typ, len(items), len(items))
		b.path = append(b.path, f.name, "")
		for i, it := range items {
			b.path[len(b.path)-1] = strconv.Itoa(i)
			b.object(it, s.Index(i), f.elem)
		}
		b.path = b.path[:len(b.path)-2]
		dst.Set(s)
	case kindValue:
		raw, err := json.Marshal(val)
		if err == nil {
			dst.SetBytes(raw)
		}
	}
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

// intOf returns a JSON integer within the range of int.
func intOf(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 0)
	return i, err == nil
}

// identifierFinding turns an identifier's parse error into the finding of
// its rule, keeping the part and position the identifier package names.
func identifierFinding(rule, pointer string, err error) Finding {
	f := Finding{Rule: rule, Severity: SeverityError, Pointer: pointer, MessageEN: err.Error(), MessageVI: err.Error()}
	var e *identifier.Error
	if errors.As(err, &e) {
		f.MessageEN = e.MessageEN
		f.MessageVI = e.MessageVI
		if e.Input != "" {
			f.MessageEN = strconv.Quote(clip.String(e.Input)) + ": " + e.MessageEN
			f.MessageVI = strconv.Quote(clip.String(e.Input)) + ": " + e.MessageVI
		}
	}
	return f
}

// bindRecord binds a record tree of the given record name at /DuLieu/index.
func bindRecord(name string, v any, index int, emit func(Finding)) Record {
	b := binder{path: []string{"DuLieu", strconv.Itoa(index)}, emit: emit}
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
	b := binder{path: []string{"ThongTinGoiTin"}, emit: emit}
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
