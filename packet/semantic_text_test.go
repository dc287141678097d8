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
	"\xff", "\xf0\x9f", "\xc0\x80", "\xed\xa0\x80", "\x80", "\xbf", "北", "😀", norm.NFD.String("ễ"), "e\u0302",
	"\u0e50", "\u0e48\u0e38", "\u2e80", "\u0bb8"}

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
			checkGoodText(t, s)
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
		checkGoodText(t, s)
	})
}

// checkGoodText holds goodText, and plainText inside it, to the
// definitions of the rules on s, as a text and as a name: normal as
// NormalizeText has it (R-TXT-001), and for a name no digit or control
// character (R-TXT-002).
func checkGoodText(t *testing.T, s string) {
	t.Helper()
	normal := norm.NFC.String(strings.Join(strings.Fields(s), " ")) == s
	clean := !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsControl(r) })
	for _, c := range []struct {
		cs   checkSet
		want bool
	}{{checkText, normal}, {checkName, normal && clean}} {
		if got := goodText(s, c.cs); got != c.want {
			t.Fatalf("goodText(%q, %v) = %v, the definition %v", s, c.cs, got, c.want)
		}
		if plainText(s, c.cs == checkName) && !c.want {
			t.Fatalf("plainText(%q, %v) passes what the definition does not", s, c.cs == checkName)
		}
	}
}

// The text of a generated profile, and names of people, are of the kind
// plainText judges in one pass: it must pass them, or every text would
// be read twice.
func TestPlainTextPassesVietnamese(t *testing.T) {
	for _, s := range append(normalCorpus, normalWords...) {
		if !plainText(s, false) {
			t.Errorf("plainText(%q, false) leaves it to the runes", s)
		}
	}
	for _, s := range []string{"Phạm Thị Oanh", "Đặng Thị Phương Hương", "Nguyễn Quang Thắng", "Ưng Hoàng Phúc", "Lê Thị Ngọc Ánh",
		"Trịnh Ỷ Lan", "Y Moan Êban", "O'Brien-Smith", "", "A", "Nguyễn Văn Toàn Quốc"} {
		if !plainText(s, true) {
			t.Errorf("plainText(%q, true) leaves it to the runes", s)
		}
	}
	// A rune cut off by the end of the string, at every place in the
	// last word.
	for _, cut := range []string{"\xc4", "\xe1", "\xe1\xbb"} {
		for n := range 17 {
			checkGoodText(t, strings.Repeat("a", n)+cut)
			checkGoodText(t, strings.Repeat("ễ", n/3)+strings.Repeat("a", n%3)+cut)
		}
	}
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
