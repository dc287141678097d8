package packet

import (
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// isNormalText reports whether NormalizeText(s) == s, without allocating
// for the text this format carries: Vietnamese in precomposed letters,
// which plainText judges in one pass. What it cannot judge is read rune
// by rune, and anything outside the ranges it knows asks the unicode and
// norm packages.
func isNormalText(s string) bool { return plainText(s, false) || normalRunes(s) }

// goodText reports whether free text s, whose check tag is cs, breaks no
// rule freeTextAt judges: normal (R-TXT-001) and, for a name, without a
// digit or a control character (R-TXT-002).
func goodText(s string, cs checkSet) bool {
	name := cs&checkName != 0
	if plainText(s, name) {
		return true
	}
	if !normalRunes(s) {
		return false
	}
	if name {
		_, k := nameFault(s)
		return k == 0
	}
	return true
}

// plainText reports whether s is text of the common kind, and so normal:
// valid UTF-8 of ASCII from the space up, of letters of two bytes led
// by C3-CB (U+00C0-U+02FF: Latin-1 and Latin Extended-A and -B, with ơ,
// ư, đ) and of three led by E1 B8-BB (Latin Extended Additional,
// U+1E00-U+1EFF: ạ … ỹ), with no space at either end or after another;
// for a name (name is true), no ASCII digit or DEL either. Every one of
// those runes is a starter that is NFC on its own and composes with none
// of the others (TestSemanticNormalTextFastPath checks this against the
// norm tables), none is white space but the space, and none is a digit
// or a control character. False says only that s is of another kind:
// normalRunes and nameFault judge it then.
//
// The whole of s is judged eight bytes at a time, without a branch on
// what a word holds: a profile holds a kilobyte of such text in some
// thirty strings, in which a letter of two or three bytes comes every
// four bytes or so. A rune may cross from one word into the next, so
// each word is judged with what the one before it left pending: the
// continuation bytes its leads still ask for, and whether it ended in a
// space.
func plainText(s string, name bool) bool {
	var bad uint64                     // a fault in the high bit of a byte
	var lead23, lead3 uint64           // the word before's leads of two or more, and of three or more bytes
	spaces := uint64(0x80) << 56       // a space before s: a leading one is a fault
	full, tail := len(s)&^7, uint64(0) // the bytes of whole words, and the last word if not whole
	if full < len(s) {
		tail = plainTail(s, full)
	}
	for i := 0; i < len(s); i += 8 {
		w := tail
		if i < full {
			w = le64(s[i:])
		}
		// Each byte's high bit in ascii says it is ASCII, in below21
		// that it is at most 0x20: a control character, or the space,
		// which has bit 5 set, and no space before it.
		w2 := w << 2
		a := w & swarLo7
		ascii := ^w & swarHi
		below21 := ascii &^ (a + swarLo*0x5F)
		sp := below21 & w2
		bad |= below21 ^ sp | sp&(sp<<8|spaces>>56)
		spaces = sp
		if name { // an ASCII digit (0x30-0x39) or DEL
			bad |= ascii & ((a+swarLo*0x50)&^(a+swarLo*0x46) | (a + swarLo*0x01))
		}
		// The other bytes by their top bits: 10xxxxxx continues a rune,
		// 110xxxxx starts one of two bytes, 111xxxxx of three or more.
		high := ascii ^ swarHi
		cont := high &^ (w + w)
		lead := high ^ cont
		l3 := lead & w2
		// Each lead asks for as many continuation bytes as follow it,
		// and there are no others; a lead of two bytes is C3-CB (its
		// low seven bits 0x43-0x4B), of three E1, then B8-BB (101110xx).
		bad |= cont ^ (lead<<8 | l3<<16 | lead23>>56 | lead3>>48) |
			(lead^l3)&(^(a+swarLo*0x3D)|(a+swarLo*0x34)) |
			l3&((w^swarLo*0xE1)&swarLo7+swarLo7) |
			(l3<<8|lead3>>56)&((w&(swarLo*0x3C)^swarLo*0x38)+swarLo7)
		lead23, lead3 = lead, l3
	}
	// A rune cut off by the end, a trailing space.
	bad |= lead23>>56 | lead3>>48
	return bad == 0 && (len(s) == 0 || s[len(s)-1] != ' ')
}

// plainTail returns the last bytes of s, from i, as a word, little-endian,
// filled with 'a' past the end of s, which plainText passes.
func plainTail(s string, i int) uint64 {
	n := len(s) - i // 1-7
	fill := uint64(swarLo*'a') << (8 * n)
	switch {
	case len(s) >= 8:
		return le64(s[len(s)-8:])>>(8*(8-n)) | fill
	case n >= 4: // two halves, which overlap
		return uint64(le32(s)) | uint64(le32(s[n-4:]))<<(8*(n-4)) | fill
	}
	return uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1)) | fill
}

// normalRunes is isNormalText rune by rune, for text plainText leaves.
func normalRunes(s string) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	space := true // a space here would be leading
	slow := false
	for i := 0; i < len(b); {
		size, sp, ok := normalRune(b[i:], space, &slow)
		if !ok {
			return false
		}
		i, space = i+size, sp
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
