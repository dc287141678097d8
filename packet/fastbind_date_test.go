package packet

import (
	"fmt"
	"testing"
)

// exactDate and exactPartialDate read a date member as the fast binders
// did before fastDate: the schema's pattern, the one-line rule, then the
// parser, from a string.
func exactDate(b []byte) (Date, bool) {
	s := string(b)
	if !fastMatcher(fastDatePattern, true)(s) || fastMatcher("\\n", false)(s) {
		return Date{}, false
	}
	d, err := ParseDate(s)
	return d, err == nil
}

func exactPartialDate(b []byte) (PartialDate, bool) {
	s := string(b)
	if !fastMatcher(fastPartialDatePattern, true)(s) || fastMatcher("\\n", false)(s) {
		return PartialDate{}, false
	}
	p, err := ParsePartialDate(s)
	return p, err == nil
}

// dateCases are texts around every edge of a date: each year kind (0, a
// leap year of each rule, 9999), every month and day number from 00 to 32
// of them, cut, padded, with a line feed, other separators, non-digits.
func dateCases() []string {
	var out []string
	for _, y := range []string{"0000", "0001", "1900", "1996", "2000", "2023", "2024", "2100", "9999", "199a", "-199", "１９９"} {
		out = append(out, y, y+"\n", y+"-", " "+y)
		for m := 0; m <= 13; m++ {
			ym := fmt.Sprintf("%s-%02d", y, m)
			out = append(out, ym, ym+"\n", ym+"-", fmt.Sprintf("%s/%02d", y, m))
			for d := 0; d <= 32; d++ {
				ymd := fmt.Sprintf("%s-%02d", ym, d)
				out = append(out, ymd, ymd+"\n", "\n"+ymd, ymd+"Z", fmt.Sprintf("%s-%d", ym, d), fmt.Sprintf("%s_%02d", ym, d))
			}
		}
	}
	return append(out, "", "\n", "2024-1-01", "2024-01-1", "2024--01-01", "2024-0a-01", "2024-01-0a", "2024-02-2９")
}

// TestFastDate holds fastDate and fastPartialDate to the way they
// replace, on every edge of a date.
func TestFastDate(t *testing.T) {
	ok := 0
	for _, s := range dateCases() {
		if checkFastDate(t, []byte(s)) {
			ok++
		}
	}
	if ok < 1000 {
		t.Errorf("only %d of the texts are dates: the cases are broken", ok)
	}
}

// checkFastDate compares the two ways on b, and reports whether it is a
// partial date.
func checkFastDate(t *testing.T, b []byte) bool {
	t.Helper()
	d, ok := fastDate(b)
	wd, wok := exactDate(b)
	if d != wd || ok != wok {
		t.Errorf("fastDate(%q) = %v, %v; want %v, %v", b, d, ok, wd, wok)
	}
	p, ok := fastPartialDate(b)
	wp, wok := exactPartialDate(b)
	if p != wp || ok != wok {
		t.Errorf("fastPartialDate(%q) = %v, %v; want %v, %v", b, p, ok, wp, wok)
	}
	return ok
}

// FuzzFastDate: fastDate and fastPartialDate say what the pattern, the
// one-line rule and the parser they replace say, of any bytes.
func FuzzFastDate(f *testing.F) {
	for i, s := range dateCases() {
		if i%211 == 0 {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkFastDate(t, b) })
}
