package jsontext

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// refStringBytes is stringBytes as it was before it checked UTF-8 while
// scanning — a scan for the end, then utf8.Valid over the whole string —
// kept as the reference the faster scan must agree with, byte for byte
// and error for error.
func (d *Decoder) refStringBytes(key bool) ([]byte, bool, error) {
	limit, what := d.lim.MaxStringLen, "string"
	if key && d.lim.MaxNameLen > 0 {
		limit, what = d.lim.MaxNameLen, "member name"
	}
	d.pos++ // the opening quote
	start := d.pos
	i := d.pos
	escaped, nonASCII := false, false
	for {
		for i < len(d.buf) {
			var high bool
			i, high = refScanPlain(d.buf, i)
			nonASCII = nonASCII || high
			if i >= len(d.buf) {
				break
			}
			c := d.buf[i]
			if c == '"' {
				goto done
			}
			if c == '\\' {
				if i+1 >= len(d.buf) {
					break
				}
				escaped = true
				i += 2
				continue
			}
			d.pos = i
			return nil, false, d.fail(Syntax, fmt.Sprintf("control character %s in a string", describe(c)))
		}
		if limit > 0 && i-start > 6*limit+6 {
			d.pos = i
			return nil, false, d.fail(Limit, fmt.Sprintf("%s longer than the limit of %d bytes", what, limit))
		}
		shift, ok := d.fill(start)
		i -= shift
		start -= shift
		if !ok {
			d.pos = len(d.buf)
			return nil, false, d.unexpectedEnd()
		}
	}
done:
	raw := d.buf[start:i]
	d.pos = i + 1
	if !escaped {
		if nonASCII && !utf8.Valid(raw) {
			return nil, false, d.badUTF8(start, raw)
		}
		if limit > 0 && len(raw) > limit {
			return nil, false, d.fail(Limit, fmt.Sprintf("%s of %d bytes, over the limit of %d", what, len(raw), limit))
		}
		return raw, false, nil
	}
	s, err := d.unescape(start, raw)
	if err != nil {
		return nil, false, err
	}
	if limit > 0 && len(s) > limit {
		return nil, false, d.fail(Limit, fmt.Sprintf("%s of %d bytes, over the limit of %d", what, len(s), limit))
	}
	return s, true, nil
}

func refScanPlain(b []byte, i int) (int, bool) {
	var high uint64
	for len(b)-i >= 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if special(w) {
			break
		}
		high |= w
		i += 8
	}
	for i < len(b) {
		c := b[i]
		if c < 0x20 || c == '"' || c == '\\' {
			break
		}
		high |= uint64(c)
		i++
	}
	return i, high&hi8 != 0
}

// stringRead is what reading the strings of a document one after another
// gives: each string or error, and where the reader stands after it.
type stringRead struct {
	Bytes   string
	Escaped bool
	Err     string
	Kind    ErrorKind
	Offset  int64
	Pointer string
}

// readStrings reads doc as strings separated by white space, with the
// scan of read, until the first error or the end.
func readStrings(d *Decoder, key bool, read func(d *Decoder, key bool) ([]byte, bool, error)) []stringRead {
	var out []stringRead
	d.PushKey("k")
	for n := 0; n < 64; n++ {
		c, ok := d.skipSpace()
		if !ok || c != '"' {
			return append(out, stringRead{Err: fmt.Sprint(ok, c), Offset: d.Offset()})
		}
		b, esc, err := read(d, key)
		r := stringRead{Bytes: string(b), Escaped: esc, Offset: d.Offset(), Pointer: d.Pointer()}
		if err != nil {
			e := err.(*Error)
			r.Err, r.Kind, r.Offset, r.Pointer = e.Error(), e.Kind, e.Offset, e.Pointer
			return append(out, r)
		}
		out = append(out, r)
	}
	return out
}

// sameStrings checks that the scan reads doc as the reference does, from
// every source, as a key and as a value, and StringBytes as a value.
func sameStrings(t *testing.T, doc []byte, lim Limits, cut int) {
	t.Helper()
	for _, src := range sources(cut) {
		for _, key := range []bool{false, true} {
			got := readStrings(src.dec(doc, lim), key, (*Decoder).stringBytes)
			want := readStrings(src.dec(doc, lim), key, (*Decoder).refStringBytes)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s, key %v, %q, %+v: (-reference +scan)\n%s", src.name, key, doc, lim, diff)
			}
			if key {
				continue
			}
			// StringBytes, which takes most strings in one scan and
			// leaves the others to stringBytes.
			got = readStrings(src.dec(doc, lim), key, func(d *Decoder, _ bool) ([]byte, bool, error) { return d.StringBytes() })
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s, StringBytes, %q, %+v: (-reference +StringBytes)\n%s", src.name, doc, lim, diff)
			}
		}
	}
}

var scanDocs = []string{
	`"" "a" "Nguyễn Hữu Bình" "Phường Hòa Bình, Quận Đống Đa, Thành phố Hà Nội"`,
	`"035097658496" "binhnh.1@snv.gov.vn" "Giáo viên \"tốt\"" "\u0110\u1ee9c"`,
	"\"abc\xffdef\" \"x\"",
	"\"Nguy\xe1\xbb\" \"x\"",
	"\"Nguy\xe1\xbb\"",
	"\"Nguy\xe1\xbb",
	"\"ab\xed\xa0\x80cd\"",
	"\"\xc0\xafabcdefgh\"",
	"\"abcdefg\xc3\xa1\x01\"",
	"\"\xff\x01\"",
	"\"\xff\\q\"",
	"\"Vi\xe1\xbb\x87t Nam\\n\xf0\x9f\x98\x80\"",
	"\"" + strings.Repeat("ữ", 40) + "\" \"" + strings.Repeat("ab", 40) + "\"",
	"\"" + strings.Repeat("ă", 20) + "\xe1\"",
	"\"\xf4\x90\x80\x80\" \"\xef\xbf\xbd\"",
	"\"\xe0\x80\xaf\xe0\xa4\x85\xc2\x80\xdf\xbf\xef\xbf\xbf\xee\x80\x80\xed\x9f\xbf\"",
	"\"\xe1\x80\" \"\xc3(\" \"\xe1\xbb\x87\xe1\xbb\" \"\xc3\"",
	"\"abcdefgh\xe1\xbb\x87\xe1\xbb\xf0\x9f\x98\" \"\xf0\x9f\x98\x80\xf0\x9f\"",
	"\"ăă\xe0\xa4\x85ăă\xed\x9f\xbfăă\xc1\xbfăăăư\xed\xa0\x80ư\xe0\x80\xafưư\"",
	"\"ăăă\xf0\x9f\x98\x80ăđ\xc3\"ăă\xe1\xbb\"ăăă\xe1\\ăăăă\x1făă\"",
}

var scanLimits = []Limits{{}, {MaxStringLen: 12, MaxNameLen: 6}, {MaxStringLen: 3, MaxBytes: 40}, {MaxNameLen: 1, MaxBytes: 9}}

// TestScanStringIsReference checks the scan against the reference on
// strings cut at every byte, from every source and under small limits.
func TestScanStringIsReference(t *testing.T) {
	for _, doc := range scanDocs {
		for _, lim := range scanLimits {
			for cut := range len(doc) + 1 {
				sameStrings(t, []byte(doc), lim, cut)
			}
		}
	}
}

// FuzzScanString is TestScanStringIsReference on any input.
func FuzzScanString(f *testing.F) {
	for _, doc := range scanDocs {
		f.Add([]byte(doc), uint8(0), uint16(0), uint8(3))
	}
	f.Fuzz(func(t *testing.T, doc []byte, small uint8, maxBytes uint16, cut uint8) {
		lim := scanLimits[small%uint8(len(scanLimits))]
		lim.MaxBytes = int64(maxBytes)
		sameStrings(t, doc, lim, int(cut))
	})
}

// TestUTF8Word checks utf8Word against a reading character by character
// on words drawn, with a fixed seed, from characters and bytes at the
// edges of what it judges: when it judges, it reads as far as that
// reading, which says valid UTF-8 and no special byte; it judges every
// word of valid text of its characters.
func TestUTF8Word(t *testing.T) {
	simple := []string{"a", " ", "~", "\x7f", "ă", "đ", "\u07ff", "\u0080", "ữ", "\u1000", "\ud7ff", "\ue000", "\uffff"}
	other := []string{"\"", "\\", "\x00", "\x1f", "\xc0\x80", "\xc1\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xff", "\x80", "\xc3", "\xe1\xbb", "\xe1("}
	rnd := rand.New(rand.NewPCG(11, 12))
	for n := range 200_000 {
		var b []byte
		for len(b) < 8 {
			if n%2 == 0 || rnd.IntN(6) > 0 {
				b = append(b, simple[rnd.IntN(len(simple))]...)
			} else {
				b = append(b, other[rnd.IntN(len(other))]...)
			}
		}
		w := b[:8]
		got, want := utf8Word(binary.LittleEndian.Uint64(w)), refUTF8Word(w)
		if got != 0 && got != want || n%2 == 0 && got != want {
			t.Fatalf("utf8Word(%q) = %d, want %d", w, got, want)
		}
		if got > 0 && (!utf8.Valid(w[:got]) || bytes.ContainsFunc(w[:got], func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' })) {
			t.Fatalf("utf8Word(%q) = %d, not valid text", w, got)
		}
	}
}

// refUTF8Word reads the characters of w up to a special byte, or to a
// character that ends past it or past w; 0 when one before is not of those
// utf8Word judges.
func refUTF8Word(w []byte) int {
	end := len(w)
	if k := bytes.IndexFunc(w, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' }); k >= 0 {
		end = k
	}
	i := 0
	for i < end {
		c, size := w[i], 1
		switch {
		case c&0xE0 == 0xC0:
			size = 2
		case c&0xE0 == 0xE0:
			size = 3
		}
		if i+size > end {
			return i
		}
		switch {
		case c&0xC0 == 0x80, size == 2 && c < 0xC2, size == 3 && (c == 0xE0 || c == 0xED || c >= 0xF0):
			return 0
		}
		for k := 1; k < size; k++ {
			if w[i+k]&0xC0 != 0x80 {
				return 0
			}
		}
		i += size
	}
	return i
}

// TestSpecialMask checks that the first byte specialMask marks is the
// first special byte, for every byte value at every position.
func TestSpecialMask(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', 0xC3, 0x7F, 0xFF, '!', '#', 0x1F, '"'} {
				w := []byte(strings.Repeat(string([]byte{fill}), 8))
				w[pos] = byte(c)
				want := -1
				for k, b := range w {
					if b < 0x20 || b == '"' || b == '\\' {
						want = k
						break
					}
				}
				got := -1
				if m := specialMask(binary.LittleEndian.Uint64(w)); m != 0 {
					got = 0
					for m&0x80 == 0 {
						m >>= 8
						got++
					}
				}
				if got != want {
					t.Fatalf("specialMask(%q) marks byte %d, want %d", w, got, want)
				}
			}
		}
	}
}

// benchStrings are the strings of a profile packet: codes, dates, names and
// addresses in Vietnamese, e-mail addresses.
var benchStrings = []string{"035097658496", "Nguyễn Hữu Bình", "1", "1997-06-28", "Phường Hòa Bình", "VN",
	"01", "1148974373", "binhnh.1@snv.gov.vn", "000.00.23.H29", "01.002", "V.07.01.02", "VO", "Nguyễn Thị Quỳnh",
	"Giáo viên trường Trung học phổ thông Chu Văn An", "Số 12, ngõ 34, phố Láng Hạ, Quận Đống Đa, Thành phố Hà Nội",
	"SoDinhDanh", "HoVaTen", "NgaySinh", "MaDonViHanhChinh", "QuaTrinhLuong"}

// benchStringDoc is an array of 10,000 of benchStrings, drawn with a fixed
// seed: in no order the branch predictor could learn, as a packet's are.
func benchStringDoc() []byte {
	var sb strings.Builder
	sb.WriteByte('[')
	rnd := rand.New(rand.NewPCG(13, 14))
	for i := range 10000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "%q", benchStrings[rnd.IntN(len(benchStrings))])
	}
	sb.WriteByte(']')
	return []byte(sb.String())
}

func benchStringsRead(b *testing.B, read func(d *Decoder, key bool) ([]byte, bool, error)) {
	doc := benchStringDoc()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := NewBytesDecoder(doc, Limits{MaxStringLen: 64 << 10})
		if err := d.BeginArray(); err != nil {
			b.Fatal(err)
		}
		for i := 0; ; i++ {
			ok, err := d.NextElement(i == 0)
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			d.skipSpace()
			if _, _, err := read(d, false); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkStringBytes measures reading the strings of a profile packet,
// side by side with the reference scan (BenchmarkStringBytes/reference).
func BenchmarkStringBytes(b *testing.B) {
	b.Run("scan", func(b *testing.B) { benchStringsRead(b, (*Decoder).stringBytes) })
	b.Run("reference", func(b *testing.B) { benchStringsRead(b, (*Decoder).refStringBytes) })
}
