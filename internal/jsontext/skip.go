package jsontext

import (
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"

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
	s.keys, s.members, s.frames, s.objects, s.inChild, s.noted = s.keys[:0], s.members[:0], s.frames[:0], 0, false, false
	return s.skip(d)
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
	if s.duplicate(f) {
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

// duplicate reports whether the key being read, keys[f.k0:f.k1], is one
// of the object's, and adds it to them when it is not. An object's first
// keys are compared one by one; beyond linearKeys, they go into a hash
// table, so that the work stays linear in the members however many.
func (s *Skipper) duplicate(f *skipFrame) bool {
	key := s.keys[f.k0:f.k1]
	ms := s.members[f.base:]
	m := skipMember{k0: f.k0, k1: f.k1}
	if len(ms) < linearKeys {
		for _, o := range ms {
			if string(s.keys[o.k0:o.k1]) == string(key) {
				return true
			}
		}
		s.members = append(s.members, m)
		return false
	}
	if f.gen == 0 {
		s.newTable(f)
	}
	m.hash = maphash.Bytes(s.seed, key)
	if s.lookup(f, m) {
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
func (s *Skipper) newTable(f *skipFrame) {
	for len(s.tables) <= f.level {
		s.tables = append(s.tables, nil)
	}
	ms := s.members[f.base:]
	for i := range ms {
		ms[i].hash = maphash.Bytes(s.seed, s.keys[ms[i].k0:ms[i].k1])
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
func (s *Skipper) lookup(f *skipFrame, m skipMember) bool {
	t := s.tables[f.level]
	mask := uint64(len(t) - 1)
	key := s.keys[m.k0:m.k1]
	for j := m.hash & mask; ; j = (j + 1) & mask {
		e := t[j]
		if uint32(e>>32) != f.gen {
			return false
		}
		o := s.members[f.base+int(uint32(e))-1]
		if o.hash == m.hash && string(s.keys[o.k0:o.k1]) == string(key) {
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
