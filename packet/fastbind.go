package packet

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/packet/internal/compiled"
)

// The fast binders are generated from the plans of the embedded schemas
// (fastPlan): -tags nofastbind leaves out the ones in use, which a change
// of the model may have broken.
//go:generate go test -tags nofastbind -run ^TestFastGenerated$ -update-fastbind .

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
// It walks the record's tokens once, by the code generated from the plan
// of its kind (fastPlan; fastbind_generated.go), checking each value
// against the schemas' constraints and the binder's as it sets it, and
// gives up at the first doubt: a record with a finding costs a little
// more than the exact path alone, a valid one much less.
func fastRecord(name string, raw []byte, major int) (rec Record, ok bool) {
	return fastRecordReusing(name, raw, major, nil)
}

// fastRecordReusing is fastRecord binding, when old is a record of kind
// name, into old and the memory of its slices and pointers, which nothing
// else may hold: on ok, rec is old bound afresh; otherwise old is left
// partly written. Strings are never written over (arenaString), so those
// taken from old before are safe to keep.
func fastRecordReusing(name string, raw []byte, major int, old Record) (rec Record, ok bool) {
	bind := fastRoot(name, major)
	if bind == nil {
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
	rec, ok = bind(fb, old)
	if !ok || fb.d.End() != nil || fb.found {
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
	// ChenhLech): its findings only set found.
	b     binder
	found bool
	// strs interns short strings: codes, names of places and agencies
	// repeat from record to record, and the model then shares one copy.
	strs *internCache
	// arena holds the text of the strings that are not interned, one
	// allocation for those of many records (arenaString).
	arena []byte
	// scratch holds the items of each array while they are read, so that
	// the model's slice is allocated once, whole.
	scratch fastScratch
	// spares holds, of each type, the memory of an array a recycled
	// record had and the record bound into it did not: the next record
	// that has such an array and whose recycled record had none binds
	// into it. Nothing else holds it (fastRecordReusing).
	spares fastScratch
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
		return fb.arenaString(b)
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
	// In the arena: the cache, which outlives the record, may keep a
	// chunk of it alive by each slot (8 MiB), while the pool keeps the
	// binder.
	*slot = internSlot{fb.arenaString(b), first, last}
	return slot.s
}

// arenaChunk is the size of the arena's allocations; a longer string
// than a quarter of it has its own.
const arenaChunk = 1024

// arenaString returns b as a string of the model's own, in the arena: the
// strings of several records share an allocation, never written again
// once a string is made of it.
func (fb *fastBinder) arenaString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(fb.arena)-len(fb.arena) {
		if len(b) > arenaChunk/4 {
			return string(b)
		}
		fb.arena = make([]byte, 0, arenaChunk)
	}
	n := len(fb.arena)
	fb.arena = append(fb.arena, b...)
	return unsafe.String(&fb.arena[n], len(b))
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

// number reads a number of a field of integers (places 0) or of decimal2
// (places 2) and returns its value times 10^places; whole when the schema
// wants an integer. The bounds are the generated code's.
func (fb *fastBinder) number(places int, limit int64, whole bool) (int64, bool) {
	b, err := fb.d.NumberBytes()
	if err != nil {
		return 0, false
	}
	v, ok := plainNumber(b, places, limit)
	if !ok {
		n, ok := parseNumber(view(b))
		if !ok {
			return 0, false
		}
		if v, err = n.scaled(places, limit); err != nil {
			return 0, false
		}
	}
	if whole && places == 2 && v%100 != 0 {
		return 0, false
	}
	return v, true
}

// plainNumber is number's fast path: the value times 10^places of b, a
// JSON number, when it is written with at most 15 digits before the point
// and at most places after it, and within limit; false for any other,
// which parseNumber reads.
func plainNumber(b []byte, places int, limit int64) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var v int64
	i := 0
	for ; i < len(b) && isDigit(b[i]); i++ {
		v = v*10 + int64(b[i]-'0')
	}
	if i == 0 || i > 15 {
		return 0, false
	}
	scale := places
	if i < len(b) {
		frac := b[i+1:]
		if b[i] != '.' || len(frac) == 0 || len(frac) > places {
			return 0, false
		}
		for _, c := range frac {
			if !isDigit(c) {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
		scale -= len(frac)
	}
	for range scale {
		v *= 10
	}
	if v > limit {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// boolean reads true or false.
func (fb *fastBinder) boolean() (v, ok bool) {
	c, err := fb.d.Peek()
	if err != nil || (c != 't' && c != 'f') {
		return false, false
	}
	x, err := fb.d.Value()
	v, ok = x.(bool)
	return v, ok && err == nil
}

// value reads a value of any JSON type (GiaTriMoi and the like), checked
// as the exact binder checks it (binder.anyValue), in its JSON form.
func (fb *fastBinder) value() (json.RawMessage, bool) {
	v, err := fb.d.Value()
	if err != nil || v == nil {
		return nil, false // null: the XML form has none
	}
	fb.b.anyValue(v)
	if fb.found {
		return nil, false
	}
	raw, err := json.Marshal(v)
	return raw, err == nil
}

// fastTime parses a date-time as the exact binder does (binder.text): in
// the shortest spelling, and not the zero time unless optional.
func fastTime(s string, optional bool) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false
	}
	var buf [64]byte
	if string(t.AppendFormat(buf[:0], time.RFC3339Nano)) != s || t.IsZero() && !optional {
		return time.Time{}, false
	}
	return t, true
}

// fastItems reads an array of objects, not empty, of at least min items,
// each bound by item. The items are bound into reuse's memory when it has
// some (a recycled record's: fastRecordReusing); otherwise into scratch
// while they are read, and then into a new slice of their number.
func fastItems[T any](fb *fastBinder, reuse []T, scratch *[]T, min int, item func(*fastBinder, *T) bool) ([]T, bool) {
	if fb.d.BeginArray() != nil {
		return nil, false
	}
	if cap(reuse) > 0 {
		return fastItemsInto(fb, reuse[:0], min, item)
	}
	s := (*scratch)[:0]
	defer func() { *scratch = s[:0] }()
	for first := true; ; first = false {
		more, err := fb.d.NextElement(first)
		if err != nil {
			return nil, false
		}
		if !more {
			break
		}
		// Zero, not the item left from an earlier array: the slices of
		// that one are in the model now, not to be bound into again.
		var zero T
		s = append(s, zero)
		if !item(fb, &s[len(s)-1]) {
			return nil, false
		}
	}
	// The binder reports an empty array: XML has none.
	if len(s) == 0 || len(s) < min {
		return nil, false
	}
	out := make([]T, len(s))
	copy(out, s)
	return out, true
}

// fastItemsInto is fastItems binding the items into s, whose items past
// its length, the recycled record's, item binds over.
func fastItemsInto[T any](fb *fastBinder, s []T, min int, item func(*fastBinder, *T) bool) ([]T, bool) {
	for first := true; ; first = false {
		more, err := fb.d.NextElement(first)
		if err != nil {
			return nil, false
		}
		if !more {
			break
		}
		if len(s) < cap(s) {
			s = s[:len(s)+1]
		} else {
			var zero T
			s = append(s, zero)
		}
		if !item(fb, &s[len(s)-1]) {
			return nil, false
		}
	}
	if len(s) == 0 || len(s) < min {
		return nil, false
	}
	return s, true
}

// once sets bit in the member set *seen, and reports false when it was
// set: a member twice.
func once(seen *uint64, bit uint64) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// runesIn reports whether b holds from min to max runes (max -1: no
// bound). A rune is one to four bytes: they are counted only when the
// length in bytes does not settle it.
func runesIn(b []byte, min, max int) bool {
	if len(b) < min || (len(b)+3)/4 < min && utf8.RuneCount(b) < min {
		return false
	}
	return max < 0 || len(b) <= max || utf8.RuneCount(b) <= max
}

// fastMatcher returns the matcher of a pattern of the schemas. The
// generator plans only patterns that have one; were one missing, the
// matcher returned says what fails the check: never a match of a pattern
// the value must match (must), always a match of one it must not.
func fastMatcher(pattern string, must bool) func(string) bool {
	if m, ok := compiled.Pattern(pattern); ok {
		return m
	}
	return func(string) bool { return !must }
}

// xmlText reports whether the string b holds only characters XML 1.0
// carries (badXMLChar). Unescaped, it holds no control character — JSON
// has none raw — so only U+FFFE and U+FFFF, which start with byte 0xEF,
// are looked for.
func xmlText(b []byte, escaped bool) bool {
	if !escaped {
		if len(b) <= 16 {
			// Most strings: their words hold every byte (wordsOf),
			// looked at without a call.
			if first, last := wordsOf(b); !hasByteEF(first) && !hasByteEF(last) {
				return true
			}
		} else if bytes.IndexByte(b, 0xEF) < 0 {
			return true
		}
	}
	i, _ := badXMLChar(view(b))
	return i < 0
}

// hasByteEF reports whether a byte of w is 0xEF: one of x, w with each
// byte XORed with 0xEF, is zero (the borrow of x-lo8 may mark bytes after
// a zero one too, never one when there is none).
func hasByteEF(w uint64) bool {
	const lo8, hi8 = 0x0101010101010101, 0x8080808080808080
	x := w ^ lo8*0xEF
	return (x-lo8)&^x&hi8 != 0
}

// view is b as a string, without a copy, for the checks and parses that
// keep nothing of it: the bytes are the caller's, or the decoder's scratch,
// and change after. Values the model keeps are copied (string(b)).
func view(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// The patterns of the schemas' dates: a member of the model's Date or
// PartialDate whose only string checks are its pattern and the one-line
// rule is read by fastDate or fastPartialDate, in one pass.
const (
	fastDatePattern        = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
	fastPartialDatePattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)

// fastDate parses the bytes of a date member as the exact path does —
// fastDatePattern, no line feed, then ParseDate — without a string; false
// for anything either refuses.
func fastDate(b []byte) (Date, bool) {
	if len(b) != 10 {
		return Date{}, false
	}
	p, ok := fastPartialDate(b)
	return Date(p), ok
}

// fastPartialDate is fastDate of a partial date: fastPartialDatePattern,
// no line feed, then ParsePartialDate.
func fastPartialDate(b []byte) (PartialDate, bool) {
	var p PartialDate
	if len(b) != 4 && len(b) != 7 && len(b) != 10 {
		return p, false
	}
	y, ok := decimalDigits(b[:4])
	if !ok || y == 0 {
		return p, false
	}
	p.y = int16(y)
	if len(b) == 4 {
		return p, true
	}
	m, ok := decimalDigits(b[5:7])
	if !ok || b[4] != '-' || m < 1 || m > 12 {
		return PartialDate{}, false
	}
	p.m = uint8(m)
	if len(b) == 7 {
		return p, true
	}
	d, ok := decimalDigits(b[8:10])
	if !ok || b[7] != '-' || d < 1 || d > monthDays(y, m) {
		return PartialDate{}, false
	}
	p.d = uint8(d)
	return p, true
}

// decimalDigits is the value of b, ASCII digits only.
func decimalDigits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// monthDays is the number of days of month m (1 to 12) of year y in the
// proleptic Gregorian calendar, as daysIn, without time.Date.
func monthDays(y, m int) int {
	if m == 2 {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + (m+m/8)%2
}
