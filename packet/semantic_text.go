package packet

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// isNormalText reports whether NormalizeText(s) == s, without allocating
// for the text this format carries: Vietnamese in precomposed letters.
// Every rune below U+0300 (Latin, Latin-1, Latin Extended-A and -B, with
// ơ, ư, đ) and in Latin Extended Additional (U+1E00-U+1EFF, ạ … ỹ) is a
// starter that is NFC on its own and composes with none of the others
// (TestSemanticNormalTextFastPath checks this against the norm tables),
// so a string of them is NFC. Such text is judged eight bytes at a time
// (normalWord): a profile holds a kilobyte of it, in which a letter of
// two or three bytes comes every four bytes or so, too often for a loop
// that branches on each. What a word cannot judge is read rune by rune,
// and anything outside those ranges asks the unicode and norm packages.
func isNormalText(s string) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	space := true // a space here would be leading
	slow := false
	for i := 0; i < len(b); {
		w, valid := textWord(b, i)
		n, after, ok := normalWord(w, valid, space)
		if !ok {
			return false
		}
		if n > 0 {
			i, space = i+n, after
			continue
		}
		// A control character, a rune outside the ranges, bad UTF-8:
		// rune by rune to the end of the word.
		for end := i + 8; i < end && i < len(b); {
			var size int
			if size, space, ok = normalRune(b[i:], space, &slow); !ok {
				return false
			}
			i += size
		}
	}
	if space {
		return len(s) == 0 // a trailing space, or nothing at all
	}
	return !slow || norm.NFC.IsNormalString(s)
}

// The bytes of a word, repeated, and the low seven bits of each.
const (
	swarLo  = 0x0101010101010101
	swarHi  = 0x8080808080808080
	swarLo7 = 0x7F7F7F7F7F7F7F7F
)

// textWord returns the eight bytes of b from i, little-endian, and how
// many of them are b's: past its end the word is filled with 'a', which
// every check of normalWord passes.
func textWord(b []byte, i int) (w uint64, valid int) {
	switch n := len(b) - i; {
	case n >= 8:
		return binary.LittleEndian.Uint64(b[i:]), 8
	case len(b) >= 8:
		return binary.LittleEndian.Uint64(b[len(b)-8:])>>(8*(8-n)) | swarLo*'a'<<(8*n), n
	default:
		buf := [8]byte{'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'}
		copy(buf[:], b[i:])
		return binary.LittleEndian.Uint64(buf[:]), n
	}
}

// normalWord judges the word w, whose first valid bytes are text starting
// at a rune (space: after a space, or at the start), as isNormalText's
// loop would, and says how many bytes it judged, n, whole runes, and
// whether the last of them is a space. ok is false when it finds a space
// that breaks the form (leading, or after another). n is 0, with ok, when
// the word holds what it leaves to normalRune: a byte below 0x20, a rune
// of two bytes outside U+00C0-U+02FF or of three outside U+1E00-U+1EFF,
// any other, bad UTF-8.
func normalWord(w uint64, valid int, space bool) (n int, after, ok bool) {
	// Each byte's high bit in these masks says: ASCII; its low seven bits
	// at least 0x20; at least 0x21.
	ascii := ^w & swarHi
	a := w & swarLo7
	ge20, ge21 := a+swarLo*0x60, a+swarLo*0x5F
	n, m := valid, ^uint64(0) // the bytes of whole runes, and their mask
	if ascii != swarHi {
		// The other bytes by their top bits: 10xxxxxx continues a
		// rune, 110xxxxx starts one of two bytes, 111xxxxx of three
		// or more.
		high := w & swarHi
		cont := high &^ (w << 1)
		lead := high &^ cont
		lead3 := lead & (w << 2)
		lead2 := lead &^ lead3
		if cut := lead2&(0x80<<56) | lead3&(0x8080<<48); cut != 0 {
			n = bits.TrailingZeros64(cut) / 8 // 6 or 7
			m = 1<<(8*n) - 1
			lead2, lead3 = lead2&m, lead3&m
		}
		// A lead's low five bits, t, from C3-CB: 3-11; from E1: 1.
		t := w & (swarLo * 0x1F)
		ge1, ge2, ge3, ge12 := t+swarLo*0x7F, t+swarLo*0x7E, t+swarLo*0x7D, t+swarLo*0x74
		// After E1, B8-BB: 10111xxx with bits 3-2 set, 0x38 in the low six.
		b8 := (w&(swarLo*0x3C) ^ swarLo*0x38) + swarLo*0x7F
		if cont&m != lead2<<8|lead3<<8|lead3<<16 || // bad UTF-8
			lead2&(^ge3|ge12) != 0 || // not C3-CB
			lead3&(^ge1|ge2) != 0 || // not E1
			lead3<<8&b8 != 0 { // E1 not then B8-BB
			return 0, false, true
		}
		n = min(n, valid)
	}
	if ascii&^ge20&m != 0 {
		return 0, false, true // a control character
	}
	var prev uint64 // the high bit of the byte before the word, if a space
	if space {
		prev = 0x80
	}
	sp := ascii & ge20 &^ ge21 & m
	return n, sp>>(8*n-1)&1 != 0, sp&(sp<<8|prev) == 0
}

// normalRune judges the rune at the start of b, which follows a space if
// space is true, as isNormalText does, and returns its size and whether
// it is a space; ok is false when it breaks the form. It sets *slow for a
// rune the norm package must judge.
func normalRune(b []byte, space bool, slow *bool) (size int, isSpace, ok bool) {
	c := b[0]
	switch {
	case c < utf8.RuneSelf:
		switch c {
		case ' ':
			return 1, true, !space
		case '\t', '\n', '\v', '\f', '\r':
			return 1, false, false
		}
		return 1, false, true
	case 0xC2 <= c && c <= 0xDF && len(b) > 1 && b[1]&0xC0 == 0x80:
		// Two bytes, U+0080-U+07FF: white space only at U+0085
		// and U+00A0.
		r := rune(c&0x1F)<<6 | rune(b[1]&0x3F)
		if r == 0x85 || r == 0xA0 {
			return 2, true, false
		}
		*slow = *slow || !nfcStarter(r)
		return 2, false, true
	case c == 0xE1 && len(b) > 2 && 0xB8 <= b[1] && b[1] <= 0xBB && b[2]&0xC0 == 0x80:
		return 3, false, true // U+1E00-U+1EFF: a starter, not white space
	}
	r, size := utf8.DecodeRune(b)
	if unicode.IsSpace(r) {
		return size, true, false
	}
	*slow = *slow || !nfcStarter(r)
	return size, false, true
}

// nfcStarter reports whether r is in the ranges isNormalText knows to be
// NFC starters that never compose with each other.
func nfcStarter(r rune) bool {
	return r < 0x300 || 0x1E00 <= r && r <= 0x1EFF
}
