package packet

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// fastRecord binds raw, the bytes of one whole JSON record of kind name
// (HoSo, BienDong, KetQuaDoiKhop, KetQuaXuLy) in a packet of format version
// major (1 or 2), without building a tree. ok is true only when the exact
// path — compiled schema check of the tree, then bindRecord(name, tree,
// index, major, emit, semantic) for either value of semantic — would
// report nothing, and then rec is equal (go-cmp) to what bindRecord
// returns, and guessRecordName(tree) is "" or name. Anything else — a
// syntax error, a duplicate key, an unknown member, a value that fails a
// schema constraint or does not bind, major 0, a member the fast path does
// not handle — is ok=false, and the caller takes the exact path. It never
// panics on any input.
//
// It walks the record's tokens once, by the plan of its kind (fastPlan),
// checking each value against the schemas' constraints and the binder's
// as it sets it, and gives up at the first doubt: a record with a finding
// costs a little more than the exact path alone, a valid one much less.
func fastRecord(name string, raw []byte, major int) (rec Record, ok bool) {
	plan := fastPlan(name, major)
	if plan == nil {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			rec, ok = nil, false // a defect of the fast path: the exact path decides
		}
	}()
	fb := fastBinders.Get().(*fastBinder)
	defer fastBinders.Put(fb)
	fb.reset(raw, major)
	var dst reflect.Value
	switch name {
	case (*Profile)(nil).RecordName():
		p := new(Profile)
		rec, dst = p, reflect.ValueOf(p).Elem()
	case (*Change)(nil).RecordName():
		c := new(Change)
		rec, dst = c, reflect.ValueOf(c).Elem()
	case (*MatchResult)(nil).RecordName():
		m := new(MatchResult)
		rec, dst = m, reflect.ValueOf(m).Elem()
	case (*ProcessingResult)(nil).RecordName():
		r := new(ProcessingResult)
		rec, dst = r, reflect.ValueOf(r).Elem()
	default:
		return nil, false
	}
	if !fb.object(plan, dst) || fb.d.End() != nil || fb.found {
		return nil, false
	}
	return rec, true
}

// fastBinder is the state of one fastRecord; pooled, so that its decoder
// and caches serve many records.
type fastBinder struct {
	d *jsontext.Decoder
	// b makes the checks the exact binder makes on values the fast path
	// does not take apart (any JSON value, the items of ThayDoi and
	// ChenhLech, text types): its findings only set found.
	b     binder
	found bool
	// strs interns short strings: codes, names of places and agencies
	// repeat from record to record, and the model then shares one copy.
	strs *internCache
	// scratch holds the items of each array (by fastMember.slot) while
	// they are read, so that the model's slice is allocated once, whole.
	scratch []reflect.Value
}

// internCache is a direct-mapped cache of strings: a slot by a hash of
// the bytes, replaced on a miss. Cheaper than a map, whose lookups cost
// more than the allocation they save, and bounded.
type internCache [1 << internBits]internSlot

const internBits = 13

// internSlot is a string of the cache with its words (wordsOf), which
// settle a short string's equality without comparing its bytes.
type internSlot struct {
	s           string
	first, last uint64
}

// maxInternLen bounds the strings the cache keeps.
const maxInternLen = 96

// str returns b as a string of the model's own.
func (fb *fastBinder) str(b []byte) string {
	if len(b) > maxInternLen || len(b) == 0 {
		return string(b)
	}
	if fb.strs == nil {
		// Made on first use: a binder the pool makes for a record without
		// strings (the race detector's pool drops many) costs nothing.
		fb.strs = new(internCache)
	}
	first, last := wordsOf(b)
	slot := &fb.strs[internHash(first, last, len(b))>>(64-internBits)]
	if len(slot.s) == len(b) && slot.first == first && slot.last == last && (len(b) <= 16 || slot.s == string(b)) {
		return slot.s
	}
	*slot = internSlot{string(b), first, last}
	return slot.s
}

// wordsOf returns the first and last eight bytes of b, little-endian, or,
// when b is shorter, its bytes in first and 0 in last. With the length,
// they are the whole of a string of up to 16 bytes: two such strings are
// equal when their lengths and words are.
func wordsOf(b []byte) (first, last uint64) {
	switch {
	case len(b) >= 8:
		return binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[len(b)-8:])
	case cap(b) >= 8:
		// One load, the bytes past b masked off: a key or a value is
		// mostly followed by more of the record.
		return binary.LittleEndian.Uint64(b[:8]) & (1<<(uint(len(b))*8) - 1), 0
	}
	for i, c := range b {
		first |= uint64(c) << (8 * i)
	}
	return first, 0
}

// internHash mixes the length and the words of a string. Its top bits
// pick the slot: those of a product depend on every bit of its factors.
func internHash(first, last uint64, n int) uint64 {
	return (first^uint64(n)*0x9E3779B97F4A7C15)*0xBF58476D1CE4E5B9 ^ last*0x94D049BB133111EB
}

// fastDepth bounds the nesting the fast path reads: far deeper than any
// record of the model, and a limit on what a value of any type (GiaTriMoi)
// may build.
const fastDepth = 64

var fastBinders = sync.Pool{New: func() any {
	fb := &fastBinder{d: jsontext.NewBytesDecoder(nil, jsontext.Limits{MaxDepth: fastDepth})}
	fb.b.emit = func(Finding) { fb.found = true }
	return fb
}}

func (fb *fastBinder) reset(raw []byte, major int) {
	fb.d.ResetBytes(raw)
	fb.b.path, fb.b.major, fb.b.semantic, fb.found = fb.b.path[:0], major, false, false
}

// object binds an object by its plan o into dst, a struct of the model.
func (fb *fastBinder) object(o *fastObject, dst reflect.Value) bool {
	if fb.d.BeginObject() != nil {
		return false
	}
	var seen [2]uint64
	next := 0 // the member a record written in the model's order has next
	for first := true; ; first = false {
		key, _, more, err := fb.d.NextMemberBytes(first)
		if err != nil {
			return false
		}
		if !more {
			break
		}
		i := o.index(key, next)
		if i < 0 || hasMember(seen, i) {
			return false // unknown, or twice
		}
		next = i + 1
		seen[i>>6] |= 1 << (i & 63)
		m := &o.members[i]
		if m.bad || !fb.member(m, dst.Field(m.f.index)) {
			return false
		}
	}
	if !covers(seen, o.required) {
		return false
	}
	for i := range o.conds {
		c := &o.conds[i]
		if !hasMember(seen, c.member) {
			continue
		}
		v := dst.Field(o.members[c.member].f.index).String()
		if slices.Contains(c.values, v) != c.negate && !covers(seen, c.then) {
			return false
		}
	}
	if o.checked {
		fb.b.objectChecks(dst)
	}
	return !fb.found
}

// index returns the index of the member named key, or -1. Records are
// mostly written in the order of the model, which the plan keeps: the
// member after the last one read is tried first.
func (o *fastObject) index(key []byte, next int) int {
	first, last := wordsOf(key)
	for i := next; i < len(o.members) && i < next+4; i++ {
		if o.members[i].name.is(key, first, last) {
			return i
		}
	}
	if i, ok := o.byName[string(key)]; ok {
		return i
	}
	return -1
}

// fastKey is a member's wire name with its words (wordsOf), compared
// with a key a word at a time.
type fastKey struct {
	s           string
	first, last uint64
}

func keyOf(s string) fastKey {
	first, last := wordsOf([]byte(s))
	return fastKey{s, first, last}
}

// is reports whether key, whose words are first and last, is the name.
func (n *fastKey) is(key []byte, first, last uint64) bool {
	return len(key) == len(n.s) && first == n.first && last == n.last && (len(key) <= 16 || n.s == string(key))
}

// covers reports whether the member set seen holds every member of want.
func covers(seen, want [2]uint64) bool {
	return seen[0]&want[0] == want[0] && seen[1]&want[1] == want[1]
}

// member binds the value of member m into dst, its field.
func (fb *fastBinder) member(m *fastMember, dst reflect.Value) bool {
	f := m.f
	switch f.kind {
	case kindString:
		b, escaped, err := fb.d.StringBytes()
		if err != nil || !m.rule.checkString(b) || !xmlText(b, escaped) {
			return false
		}
		dst.SetString(fb.str(b))
	case kindText:
		b, _, err := fb.d.StringBytes()
		if err != nil || !m.rule.checkString(b) {
			return false
		}
		// A copy, not a view of raw, unless the value keeps nothing of its
		// text: some do (an AgencyCode), and raw is reused once the
		// record is bound.
		if m.viewText {
			fb.b.text(view(b), dst, f)
		} else {
			fb.b.text(fb.str(b), dst, f)
		}
	case kindInt, kindIntPtr:
		n, ok := fb.number(m.rule, 0, maxExactInt)
		if !ok {
			return false
		}
		if f.kind == kindIntPtr {
			p := reflect.New(f.typ.Elem())
			p.Elem().SetInt(n)
			dst.Set(p)
		} else {
			dst.SetInt(n)
		}
	case kindDecimal:
		n, ok := fb.number(m.rule, 2, maxDecimal2)
		if !ok || n <= 0 {
			return false
		}
		dst.SetInt(n)
	case kindBool:
		c, err := fb.d.Peek()
		if err != nil || (c != 't' && c != 'f') {
			return false
		}
		v, err := fb.d.Value()
		t, isBool := v.(bool)
		if err != nil || !isBool {
			return false
		}
		dst.SetBool(t)
	case kindStruct:
		return fb.object(m.obj, dst)
	case kindStructPtr:
		p := reflect.New(f.elem.typ)
		if !fb.object(m.obj, p.Elem()) {
			return false
		}
		dst.Set(p)
	case kindSlice:
		return fb.slice(m, dst)
	case kindValue:
		v, err := fb.d.Value()
		if err != nil {
			return false
		}
		fb.b.field(v, dst, f)
	default:
		return false
	}
	return !fb.found
}

// slice binds an array of objects, not empty, into dst, a slice.
func (fb *fastBinder) slice(m *fastMember, dst reflect.Value) bool {
	if fb.d.BeginArray() != nil {
		return false
	}
	s := fb.scratchFor(m)
	n := 0
	for first := true; ; first = false {
		more, err := fb.d.NextElement(first)
		if err != nil {
			return false
		}
		if !more {
			break
		}
		if n == s.Len() {
			s.Grow(1)
			s.SetLen(s.Cap())
		}
		item := s.Index(n)
		item.SetZero()
		if !fb.object(m.obj, item) {
			return false
		}
		n++
	}
	// The binder reports an empty array: XML has none.
	if n == 0 || n < m.rule.minItems {
		return false
	}
	dst.Grow(n)
	dst.SetLen(n)
	reflect.Copy(dst, s.Slice(0, n))
	return true
}

// scratchFor returns the scratch slice of the items of array m, its
// whole capacity in use.
func (fb *fastBinder) scratchFor(m *fastMember) reflect.Value {
	if m.slot >= len(fb.scratch) {
		fb.scratch = append(fb.scratch, make([]reflect.Value, m.slot+1-len(fb.scratch))...)
	}
	s := fb.scratch[m.slot]
	if !s.IsValid() {
		s = reflect.New(m.f.typ).Elem() // addressable, so that it can grow
		s.Grow(4)
		s.SetLen(s.Cap())
		fb.scratch[m.slot] = s
	}
	return s
}

// number reads a number of a field of integers (places 0) or of decimal2
// (places 2) and returns its value times 10^places, checked against the
// rule's type and bounds.
func (fb *fastBinder) number(r *fastRule, places int, limit int64) (int64, bool) {
	b, err := fb.d.NumberBytes()
	if err != nil {
		return 0, false
	}
	n, ok := parseNumber(view(b))
	if !ok {
		return 0, false
	}
	v, err := n.scaled(places, limit)
	if err != nil {
		return 0, false
	}
	unit := int64(1)
	if places == 2 {
		unit = 100
	}
	if !r.allows(typeNumber) && v%unit != 0 {
		return 0, false // the schema wants an integer
	}
	switch {
	case r.min.set && v < r.min.v*unit, r.max.set && v > r.max.v*unit, r.exMin.set && v <= r.exMin.v*unit:
		return 0, false
	}
	return v, true
}

// xmlText reports whether the string b holds only characters XML 1.0
// carries (badXMLChar). Unescaped, it holds no control character — JSON
// has none raw — so only U+FFFE and U+FFFF, which start with byte 0xEF,
// are looked for.
func xmlText(b []byte, escaped bool) bool {
	if !escaped && bytes.IndexByte(b, 0xEF) < 0 {
		return true
	}
	i, _ := badXMLChar(view(b))
	return i < 0
}

// checkString checks a string's bytes against the rule's length (in
// runes), patterns and enums.
func (r *fastRule) checkString(b []byte) bool {
	// A rune is one to four bytes: count them only when the length in
	// bytes does not settle it.
	if len(b) < r.minLen || (len(b)+3)/4 < r.minLen && utf8.RuneCount(b) < r.minLen {
		return false
	}
	if r.maxLen >= 0 && len(b) > r.maxLen && utf8.RuneCount(b) > r.maxLen {
		return false
	}
	s := view(b)
	for _, m := range r.patterns {
		if !m(s) {
			return false
		}
	}
	for _, m := range r.notPatterns {
		if m(s) {
			return false
		}
	}
	for _, e := range r.enums {
		if !slices.Contains(e, s) {
			return false
		}
	}
	return true
}

// view is b as a string, without a copy, for the checks and parses that
// keep nothing of it: the bytes are the caller's, or the decoder's scratch,
// and change after. Values the model keeps are copied (string(b)).
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
