package packet

import (
	"math/bits"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// codeSet is the codes of a list, for R-CODE-001's question — is this
// value one of them? — which the rules ask of some fifty values of every
// profile. The codes are short: a table probed at a hash of one word of
// their bytes (codeWord) answers it without the map's general hashing,
// and compares a code of up to eight bytes as that word and its length.
type codeSet struct {
	slots []codeSlot // a power of two of them, at most half used
	shift uint       // 64 less log2(len(slots))
	all   bool       // no list to judge by: every value passes
}

type codeSlot struct {
	code string // "" for an empty slot: no list has an empty code
	word uint64 // codeWord(code)
}

// newCodeSet returns the set of l's codes; with a nil l, a set every value
// is in.
func newCodeSet(l *codelist.List) codeSet {
	if l == nil {
		return codeSet{all: true}
	}
	size := 8
	for size < 2*l.Len() {
		size *= 2
	}
	s := codeSet{slots: make([]codeSlot, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	for e := range l.All() {
		if e.Code == "" || s.has(e.Code) {
			continue
		}
		w := codeWord(e.Code)
		k := s.home(w)
		for s.slots[k].code != "" {
			k = (k + 1) & (len(s.slots) - 1)
		}
		s.slots[k] = codeSlot{e.Code, w}
	}
	return s
}

// codeWord is a word that, with the length, tells a code of up to eight
// bytes from any other string of its length: its bytes, read as two
// overlapping halves or three single bytes. Of a longer code it is a mix
// of its first and last eight bytes and its length.
func codeWord(s string) uint64 {
	switch n := len(s); {
	case n >= 8:
		return le64(s) ^ bits.RotateLeft64(le64(s[n-8:]), 29) ^ uint64(n)<<59
	case n >= 4:
		return uint64(le32(s)) | uint64(le32(s[n-4:]))<<32
	case n > 0:
		return uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	return 0
}

// le32 is the first four bytes of s, little-endian, in one load.
func le32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// le64 is the first eight bytes of s, little-endian, in one load.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// home is the slot where the probe for a code of word w starts.
func (s *codeSet) home(w uint64) int { return int((w * 0x9E3779B97F4A7C15) >> s.shift) }

// has reports whether value is one of the codes.
func (s *codeSet) has(value string) bool {
	if s.all {
		return true
	}
	w := codeWord(value)
	for k := s.home(w); ; k = (k + 1) & (len(s.slots) - 1) {
		e := &s.slots[k]
		if e.code == "" {
			return false
		}
		if e.word == w && len(e.code) == len(value) && (len(value) < 8 || e.code == value) {
			return true
		}
	}
}
