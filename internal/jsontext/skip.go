package jsontext

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Skipper reads values past as Value would read them, checking all that
// Value checks — syntax, UTF-8, limits, duplicate keys — but building
// nothing: a reader that needs a packet's header only (ReadHeader) checks
// every record without a tree for each. A Skipper keeps what it learns of
// the shapes it met (buffers, the key tables), so that one reused over
// many values allocates nothing once they have grown. The zero Skipper is
// ready to use; it is not safe for concurrent use.
type Skipper struct {
	seed maphash.Seed

	keys    []byte       // the decoded keys of the open objects' members
	members []skipMember // the members of the open objects, innermost last
	frames  []skipFrame  // the open objects and arrays, innermost last
	// tables are the hash tables of the key sets, one per level of open
	// objects, used once an object has more than linearKeys members;
	// gen tells this object's entries from those of objects closed before.
	tables  [][]uint64
	gen     uint32
	objects int  // open objects
	inChild bool // the innermost frame's current member or element is being read
	noted   bool // the decoder's error has its pointer
}

// skipMember is a member's decoded key, keys[k0:k1], with its hash once
// its object has a table.
type skipMember struct {
	k0, k1 int
	hash   uint64
}

// skipFrame is an open object or array.
type skipFrame struct {
	object bool
	n      int // members or elements read
	// members[base:] are an object's members, and the key of the one
	// being read is keys[k0:k1]; an array is reading its element n-1.
	base, keyBase, k0, k1 int
	level                 int    // the object's index in tables: the open objects around it
	gen                   uint32 // of its entries in tables[level]; 0 until it has a table
	// unsorted tells that the object's keys so far are not in strictly
	// ascending order; while they are, a key greater than the last one
	// is new, and the object needs neither comparisons nor a table.
	unsorted bool
}

// linearKeys is how many members an object has before its keys go into a
// hash table rather than compared one by one.
const linearKeys = 8

// Skip reads one whole value, as d.Value does, and returns the error
// d.Value would have returned, at the same offset with the same pointer;
// nil when d.Value would have returned the value.
func (s *Skipper) Skip(d *Decoder) error {
	if d.err != nil {
		return d.err
	}
	if s.seed == (maphash.Seed{}) {
		s.seed = maphash.MakeSeed()
	}
	if end, ok := s.fast(d); ok {
		d.pos = end
		return nil
	}
	s.keys, s.members, s.frames, s.objects, s.inChild, s.noted = s.keys[:0], s.members[:0], s.frames[:0], 0, false, false
	return s.skip(d)
}

// fast reads the object or array at d.pos when the whole of it is in
// d.buf, and returns where it ends when it is fine: well-formed, UTF-8,
// within the limits, no key twice in an object. Otherwise — another kind
// of value, one the buffer cuts, or anything fast does not look into (an
// escape in a key, a UTF-16 surrogate, a string or number near a limit) —
// it returns false and skip reads the value again from its first byte,
// and finds what is wrong and where. So fast keeps no pointers, offsets or
// messages: it decides fine or not, with its state in local variables,
// ASCII eight bytes at a time, numbers and literals without calls, and
// keys compared in place.
func (s *Skipper) fast(d *Decoder) (end int, ok bool) {
	b, i := d.buf, SkipSpace(d.buf, d.pos)
	if i >= len(b) || b[i] != '{' && b[i] != '[' {
		return 0, false
	}
	lim := d.lim
	depth := math.MaxInt // objects and arrays that may open
	if lim.MaxDepth > 0 {
		depth = lim.MaxDepth - d.depth
	}
	strMax, nameMax, numMax := orMax(lim.MaxStringLen), orMax(lim.MaxNameLen), orMax(lim.MaxNumberLen)
	if lim.MaxNameLen <= 0 {
		nameMax = strMax // as stringBytes limits a key
	}
	s.members, s.frames, s.objects = s.members[:0], s.frames[:0], 0
	key := false // b[i] is to be a member's key, not a value
	for {
		// A value or a key at b[i]; i < len(b).
		c := b[i]
		if c == '"' {
			j, escaped := fastString(b, i+1)
			if j < 0 {
				return 0, false
			}
			if !key {
				if j-(i+1) > strMax {
					return 0, false
				}
				i = j + 1
			} else {
				if escaped || j-(i+1) > nameMax || !s.fastKey(b, i+1, j) {
					return 0, false
				}
				if i = SkipSpace(b, j+1); i >= len(b) || b[i] != ':' {
					return 0, false
				}
				if i = SkipSpace(b, i+1); i >= len(b) {
					return 0, false
				}
				key = false
				continue
			}
		} else if key {
			return 0, false
		} else {
			switch {
			case c == '{' || c == '[':
				if len(s.frames) >= depth {
					return 0, false
				}
				f := skipFrame{object: c == '{', base: len(s.members), level: s.objects}
				if i = SkipSpace(b, i+1); i >= len(b) {
					return 0, false
				}
				if c := b[i]; f.object && c == '}' || !f.object && c == ']' {
					i++
					break
				}
				s.frames = append(s.frames, f)
				if f.object {
					s.objects++
					key = true
				}
				continue
			case c == '-' || c >= '0' && c <= '9':
				if i = fastNumber(b, i, numMax); i < 0 {
					return 0, false
				}
			case c == 't' && len(b)-i >= 4 && string(b[i:i+4]) == "true",
				c == 'n' && len(b)-i >= 4 && string(b[i:i+4]) == "null":
				i += 4
			case c == 'f' && len(b)-i >= 5 && string(b[i:i+5]) == "false":
				i += 5
			default:
				return 0, false
			}
		}
		// After a value: close the frames it ends, up to the next value
		// or key.
		for {
			if len(s.frames) == 0 {
				return i, true
			}
			if i = SkipSpace(b, i); i >= len(b) {
				return 0, false
			}
			f := &s.frames[len(s.frames)-1]
			c := b[i]
			if c == ',' {
				if i = SkipSpace(b, i+1); i >= len(b) {
					return 0, false
				}
				key = f.object
				break
			}
			if f.object && c == '}' {
				s.members = s.members[:f.base]
				s.objects--
			} else if f.object || c != ']' {
				return 0, false
			}
			s.frames = s.frames[:len(s.frames)-1]
			i++
		}
	}
}

// fastKey adds the key b[k0:k1] to the innermost object's, for fast, and
// reports whether it is new there: keys in ascending order are, as long
// as they stay so, which is checked here without a call when their first
// bytes differ; others are duplicate's to tell.
func (s *Skipper) fastKey(b []byte, k0, k1 int) bool {
	f := &s.frames[len(s.frames)-1]
	if n := len(s.members) - f.base; !f.unsorted && n > 0 && k1 > k0 {
		if last := s.members[len(s.members)-1]; last.k1 > last.k0 && b[last.k0] < b[k0] {
			s.members = append(s.members, skipMember{k0: k0, k1: k1})
			return true
		}
	}
	f.k0, f.k1 = k0, k1
	return !s.duplicate(f, b)
}

// fastString returns the index of the closing quote of the string whose
// first byte, past its opening quote, is b[i], for fast, and whether it
// has an escape: ASCII is read eight bytes at a time, the rest checked by
// scanString. It returns -1 when the string is not UTF-8, has a control
// character or an escape that fast does not check, or is cut by b's end.
func fastString(b []byte, i int) (end int, escaped bool) {
	for {
		for ; len(b)-i >= 8; i += 8 {
			w := binary.LittleEndian.Uint64(b[i:])
			if m := specialMask(w) | w&hi8; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if i >= len(b) {
			return -1, false
		}
		switch c := b[i]; {
		case c == '"':
			return i, escaped
		case c >= utf8.RuneSelf:
			var bad int
			var partial bool
			if i, bad, partial = scanString(b, i, -1); bad >= 0 || partial {
				return -1, false
			}
		case c == '\\':
			if i = fastEscape(b, i); i < 0 {
				return -1, false
			}
			escaped = true
		case c < 0x20:
			return -1, false
		default:
			i++
		}
	}
}

// fastEscape returns the index past the escape at b[i], for fastString;
// -1 when it is not one, or is a UTF-16 surrogate, which must pair and is
// left to unescape.
func fastEscape(b []byte, i int) int {
	if i+1 >= len(b) {
		return -1
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2
	case 'u':
		if r, n := hex4(b[i+2:]); n > 0 && !utf16.IsSurrogate(r) {
			return i + 6
		}
	}
	return -1
}

// fastNumber returns the index past the number at b[i], for fast; -1
// when it does not follow the JSON grammar or is over max bytes. A byte
// after it that numberBytes would have read on, making it invalid, is
// none that fast reads after a value.
func fastNumber(b []byte, i, max int) int {
	j := i
	if b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j++; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		}
	default:
		return -1
	}
	if j < len(b) && b[j] == '.' {
		if j++; j >= len(b) || b[j] < '0' || b[j] > '9' {
			return -1
		}
		for j++; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		}
	}
	if j < len(b) && b[j]|0x20 == 'e' {
		if j++; j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if j >= len(b) || b[j] < '0' || b[j] > '9' {
			return -1
		}
		for j++; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		}
	}
	if j-i > max {
		return -1
	}
	return j
}

// SkipSpace returns the index of the first byte of b from i that is not
// JSON white space, as the decoder's skipSpace reads it; len(b) when there
// is none.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// orMax is a limit, or no limit as the largest int.
func orMax(limit int) int {
	if limit <= 0 {
		return math.MaxInt
	}
	return limit
}

// skip reads the value and everything it holds, with no recursion: the
// frames are the open objects and arrays.
func (s *Skipper) skip(d *Decoder) error {
	for {
		if err := s.value(d); err != nil {
			return err
		}
		for {
			if len(s.frames) == 0 {
				return nil
			}
			more, err := s.next(d)
			if err != nil {
				return err
			}
			if more {
				break
			}
		}
	}
}

// note gives the decoder's error, when a read just met one, the pointer
// Value's reading would have given it: the decoder's own path is the
// caller's, without the members and elements the Skipper is in. A read
// may meet an error it does not return (a stream that fails while a
// number is read to its end), so every read is followed by a note.
func (s *Skipper) note(d *Decoder) {
	if d.err == nil {
		return
	}
	if e, ok := d.err.(*Error); ok && !s.noted {
		e.Pointer = s.pointer(d)
	}
	s.noted = true
}

// value reads a scalar, or opens an object or an array.
func (s *Skipper) value(d *Decoder) error {
	c, ok := d.skipSpace()
	var err error
	switch {
	case !ok:
		err = d.unexpectedEnd()
	case c == '{':
		err = d.BeginObject()
	case c == '[':
		err = d.BeginArray()
	case c == '"':
		_, _, err = d.stringBytes(false)
	case c == '-' || (c >= '0' && c <= '9'):
		_, err = d.numberBytes()
	case c == 't':
		err = d.literal("true")
	case c == 'f':
		err = d.literal("false")
	case c == 'n':
		err = d.literal("null")
	default:
		err = d.fail(Syntax, fmt.Sprintf("found %s, want a value", describe(c)))
	}
	s.note(d)
	if err != nil {
		return err
	}
	switch c {
	case '{':
		s.frames = append(s.frames, skipFrame{object: true, base: len(s.members), keyBase: len(s.keys), level: s.objects})
		s.objects++
	case '[':
		s.frames = append(s.frames, skipFrame{})
	}
	s.inChild = false
	return nil
}

// next moves the innermost frame to its next member or element, and
// reports whether there is one; when there is none, the frame is closed.
func (s *Skipper) next(d *Decoder) (bool, error) {
	f := &s.frames[len(s.frames)-1]
	var more bool
	var err error
	if f.object {
		more, err = d.memberStart(f.n == 0)
	} else {
		more, err = d.NextElement(f.n == 0)
	}
	s.note(d)
	if err != nil || !more {
		s.close(err)
		return false, err
	}
	if f.n++; !f.object {
		s.inChild = true
		return true, nil
	}
	// NextMemberBytes, but with the key copied before the ':' is read,
	// which may refill a stream's buffer under it.
	k, _, err := d.stringBytes(true)
	s.note(d)
	if err != nil {
		return false, err
	}
	f.k0 = len(s.keys)
	s.keys = append(s.keys, k...)
	f.k1 = len(s.keys)
	err = d.expect(':', "':' after a member name")
	s.note(d)
	if err != nil {
		return false, err
	}
	s.inChild = true
	if s.duplicate(f, s.keys) {
		err = d.fail(DuplicateKey, fmt.Sprintf("duplicate key %q", clip.String(string(s.keys[f.k0:f.k1]))))
		s.note(d)
		return false, err
	}
	return true, nil
}

// close closes the innermost frame, unless err: a member or element of the
// frame around it has been read.
func (s *Skipper) close(err error) {
	if err != nil {
		return
	}
	f := s.frames[len(s.frames)-1]
	if f.object {
		s.members, s.keys = s.members[:f.base], s.keys[:f.keyBase]
		s.objects--
	}
	s.frames = s.frames[:len(s.frames)-1]
	s.inChild = false
}

// duplicate reports whether the key being read, names[f.k0:f.k1], is one
// of the object's, and adds it to them when it is not; names holds the
// keys of the open objects' members (s.keys, or the input itself when it
// is read in place). Keys in ascending order, as a canonical document has
// them, are new as long as they stay so; otherwise an object's first keys
// are compared one by one, and beyond linearKeys they go into a hash
// table, so that the work stays linear in the members however many.
func (s *Skipper) duplicate(f *skipFrame, names []byte) bool {
	key := names[f.k0:f.k1]
	ms := s.members[f.base:]
	m := skipMember{k0: f.k0, k1: f.k1}
	if !f.unsorted {
		if n := len(ms); n == 0 || string(names[ms[n-1].k0:ms[n-1].k1]) < string(key) {
			s.members = append(s.members, m)
			return false
		}
		f.unsorted = true
	}
	if len(ms) < linearKeys {
		for _, o := range ms {
			if string(names[o.k0:o.k1]) == string(key) {
				return true
			}
		}
		s.members = append(s.members, m)
		return false
	}
	if f.gen == 0 {
		s.newTable(f, names)
	}
	m.hash = maphash.Bytes(s.seed, key)
	if s.lookup(f, m, names) {
		return true
	}
	s.members = append(s.members, m)
	if t := s.tables[f.level]; 2*len(s.members[f.base:]) > len(t) {
		s.rehash(f, 2*len(t), len(s.members))
	} else {
		s.insert(f, m.hash, len(s.members)-1-f.base)
	}
	return false
}

// newTable puts the object's members into the table of its level, under a
// generation of its own: the table's entries of objects closed before are
// of other generations, so that it needs no clearing.
func (s *Skipper) newTable(f *skipFrame, names []byte) {
	for len(s.tables) <= f.level {
		s.tables = append(s.tables, nil)
	}
	ms := s.members[f.base:]
	for i := range ms {
		ms[i].hash = maphash.Bytes(s.seed, names[ms[i].k0:ms[i].k1])
	}
	if s.gen++; s.gen == 0 {
		// The generations wrapped: clear the tables and number the
		// open objects' anew.
		for _, t := range s.tables {
			clear(t)
		}
		for i := range s.frames {
			if g := &s.frames[i]; g.gen != 0 && g != f {
				s.gen++
				g.gen = s.gen
				s.rehash(g, len(s.tables[g.level]), s.end(i))
			}
		}
		s.gen++
	}
	f.gen = s.gen
	s.rehash(f, max(len(s.tables[f.level]), 4*linearKeys), len(s.members))
}

// rehash makes the table of the object's level size entries (a power of
// two) holding its members, s.members[f.base:end].
func (s *Skipper) rehash(f *skipFrame, size, end int) {
	t := s.tables[f.level]
	if len(t) < size {
		s.tables[f.level] = make([]uint64, size)
	}
	for i, m := range s.members[f.base:end] {
		s.insert(f, m.hash, i)
	}
}

// end is the end in s.members of the members of the object of frame i:
// the base of the next open object inside it, or all of them.
func (s *Skipper) end(i int) int {
	for _, g := range s.frames[i+1:] {
		if g.object {
			return g.base
		}
	}
	return len(s.members)
}

// An entry of a table is the generation in its high half and the member's
// index in its object, plus one, in its low half.
func (s *Skipper) insert(f *skipFrame, hash uint64, i int) {
	t := s.tables[f.level]
	mask := uint64(len(t) - 1)
	for j := hash & mask; ; j = (j + 1) & mask {
		if uint32(t[j]>>32) != f.gen {
			t[j] = uint64(f.gen)<<32 | uint64(i+1)
			return
		}
	}
}

// lookup reports whether the object has a member with m's key.
func (s *Skipper) lookup(f *skipFrame, m skipMember, names []byte) bool {
	t := s.tables[f.level]
	mask := uint64(len(t) - 1)
	key := names[m.k0:m.k1]
	for j := m.hash & mask; ; j = (j + 1) & mask {
		e := t[j]
		if uint32(e>>32) != f.gen {
			return false
		}
		o := s.members[f.base+int(uint32(e))-1]
		if o.hash == m.hash && string(names[o.k0:o.k1]) == string(key) {
			return true
		}
	}
}

// pointer is the JSON Pointer of where the skip stopped, as Value's errors
// give it: the decoder's, then the member or element each open frame is
// reading.
func (s *Skipper) pointer(d *Decoder) string {
	var b strings.Builder
	b.WriteString(d.Pointer())
	for i, f := range s.frames {
		if i == len(s.frames)-1 && !s.inChild {
			break
		}
		b.WriteByte('/')
		if !f.object {
			b.WriteString(strconv.Itoa(f.n - 1))
			continue
		}
		b.WriteString(escapePointer(string(s.keys[f.k0:f.k1])))
	}
	return b.String()
}
