package packet

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isNormalTextRef is isNormalText as it was before it judged text eight
// bytes at a time: rune by rune. TestNormalTextAgrees and FuzzNormalText
// hold the two to the same verdicts.
func isNormalTextRef(s string) bool {
	if s == "" {
		return true
	}
	space := true // a space here would be leading
	slow := false
	for i := 0; i < len(s); {
		b := s[i]
		if b-'!' <= '~'-'!' { // printable ASCII but the space, most of any text
			space = false
			i++
			continue
		}
		switch {
		case b < utf8.RuneSelf:
			switch {
			case b == ' ':
				if space {
					return false
				}
				space = true
			case b == '\t', b == '\n', b == '\v', b == '\f', b == '\r':
				return false
			default:
				space = false
			}
			i++
			continue
		case 0xC2 <= b && b <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			// Two bytes, U+0080-U+07FF: white space only at U+0085
			// and U+00A0.
			r := rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
			if r == 0x85 || r == 0xA0 {
				return false
			}
			slow = slow || !nfcStarter(r)
			i += 2
		case b == 0xE1 && i+2 < len(s) && 0xB8 <= s[i+1] && s[i+1] <= 0xBB && s[i+2]&0xC0 == 0x80:
			i += 3 // U+1E00-U+1EFF: a starter, not white space
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			slow = slow || !nfcStarter(r)
			i += size
		}
		space = false
	}
	if space {
		return false // trailing space
	}
	return !slow || norm.NFC.IsNormalString(s)
}

// normalPieces are runes and bytes at the edges of isNormalText's fast
// paths, and the letters of Vietnamese text.
var normalPieces = []string{"a", "Z", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\x00", "\x1f", "\x7f", "7", "\u0085", "\u00a0", "\u0080", "\u009f",
	"đ", "Ơ", "ư", "à", "\u02ff", "\u0300", "\u0301", "\u0303", "ạ", "ỹ", "\u1dff", "\u1e00", "\u1eff", "\u1f00", "\u0660", "\u0669",
	"\u1680", "\u2000", "\u3000", "\u00b2", "\ufffd", "\xc2", "\xc1\xbf", "\xcc\x80", "\xe1\xb8", "\xe1", "\xe1\xbc\x80", "\xe2\xb8\x80",
	"\xff", "\xf0\x9f", "\xc0\x80", "\xed\xa0\x80", "\x80", "\xbf", "北", "😀", norm.NFD.String("ễ"), "e\u0302"}

// normalWords are the words of normal text, between which the pieces fall.
var normalWords = []string{"Nguyễn", "Phường", "Ủy ban", "TP. Hồ Chí Minh", "Đại học", "344/QĐ-UBND"}

// TestNormalTextAgrees compares isNormalText with isNormalTextRef and with
// the definition, NormalizeText's own, on strings long enough to take
// several words, drawn with a fixed seed from normalPieces, and on their
// suffixes from the first eight bytes, so that each piece is met at every
// offset of a word.
func TestNormalTextAgrees(t *testing.T) {
	normal := func(s string) bool { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) == s }
	rnd := rand.New(rand.NewPCG(3, 4))
	for n := range 10_000 {
		var b strings.Builder
		for range n%23 + 1 {
			p := normalPieces[rnd.IntN(len(normalPieces))]
			if rnd.IntN(4) > 0 { // mostly normal text, so that the words run on
				p = normalWords[rnd.IntN(len(normalWords))] + " "
			}
			b.WriteString(p)
		}
		s := b.String()
		for k := range min(len(s), 8) { // every offset in a word
			s := s[k:]
			if got, want := isNormalText(s), isNormalTextRef(s); got != want || got != normal(s) {
				t.Fatalf("isNormalText(%q) = %v, isNormalTextRef %v, the definition %v", s, got, want, normal(s))
			}
		}
	}
}

// FuzzNormalText is TestNormalTextAgrees on any string.
func FuzzNormalText(f *testing.F) {
	for _, p := range normalPieces {
		f.Add(p + " " + p + "x" + p)
	}
	f.Add("Trường Đại học Sư phạm, Đại học Đà Nẵng")
	f.Add("344 Nguyễn Huệ, Phường Chợ Lớn  ")
	f.Fuzz(func(t *testing.T, s string) {
		got := isNormalText(s)
		if want := isNormalTextRef(s); got != want {
			t.Fatalf("isNormalText(%q) = %v, isNormalTextRef %v", s, got, want)
		}
		if want := norm.NFC.String(strings.Join(strings.Fields(s), " ")) == s; got != want {
			t.Fatalf("isNormalText(%q) = %v, the definition %v", s, got, want)
		}
	})
}

// normalCorpus is free text as a generated profile holds it.
var normalCorpus = []string{"Bộ Công an", "Phạm Thị Oanh", "Xã An Thạnh", "Xã Hưng Long", "344 Nguyễn Huệ, Phường Chợ Lớn",
	"Ủy ban nhân dân Phường Gò Vấp, TP. Hồ Chí Minh", "Giáo viên trung học cơ sở", "Tiếng Pháp", "A2",
	"Ứng dụng công nghệ thông tin cơ bản", "Trường THCS Võ Thị Sáu, Phường Gò Vấp", "Giáo viên",
	"Trường Đại học Sư phạm, Đại học Đà Nẵng", "Sư phạm Toán", "Cử nhân", "Danh hiệu thi đua", "Chiến sĩ thi đua cơ sở",
	"4948/QĐ-UBND", "Giấy khen của Chủ tịch Ủy ban nhân dân Phường Gò Vấp", "1065/QĐ-UBND", "Phạm Văn Hoàng", "Công nhân",
	"Xã Hưng Long, tỉnh Đồng Tháp", "Đặng Thị Phương Hương", "Nội trợ", "Nguyễn Quang Thắng", "Điều dưỡng",
	"344 Nguyễn Huệ, Phường Chợ Lớn, TP. Hồ Chí Minh", "binhnh.1@snv.gov.vn"}

// BenchmarkNormalText judges 4,096 strings of the words of normalCorpus,
// drawn with a fixed seed: too many for the branch predictor to learn,
// as a packet's text is.
func BenchmarkNormalText(b *testing.B) {
	var words []string
	for _, s := range normalCorpus {
		words = append(words, strings.Fields(s)...)
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	texts := make([]string, 4096)
	n := 0
	for k := range texts {
		ws := make([]string, 1+rnd.IntN(8))
		for j := range ws {
			ws[j] = words[rnd.IntN(len(words))]
		}
		texts[k] = strings.Join(ws, " ")
		n += len(texts[k])
	}
	for _, c := range []struct {
		name string
		fn   func(string) bool
	}{{"words", isNormalText}, {"runes", isNormalTextRef}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				for _, s := range texts {
					if !c.fn(s) {
						b.Fatal(s)
					}
				}
			}
		})
	}
}
