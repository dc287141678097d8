package packet

import (
	"bytes"
	"strings"
	"testing"
)

// refXMLText is xmlText as it was before it looked at short strings by
// their words: the reference it must agree with.
func refXMLText(b []byte, escaped bool) bool {
	if !escaped && bytes.IndexByte(b, 0xEF) < 0 {
		return true
	}
	i, _ := badXMLChar(view(b))
	return i < 0
}

// xmlTextCases are strings of every length to 20 bytes with U+FFFE, U+FFFF,
// other characters of 0xEF, a control character or a NUL at every place.
func xmlTextCases() []string {
	marks := []string{"\uffff", "\ufffe", "\uefef", "\ufeff", "\x01", "\x00", "ữ", "\xef", "\xef\xbf"}
	var out []string
	for n := 0; n <= 20; n++ {
		base := strings.Repeat("a", n)
		out = append(out, base)
		for _, m := range marks {
			for at := 0; at <= n; at++ {
				out = append(out, base[:at]+m+base[at:])
			}
		}
	}
	return out
}

// checkXMLText compares xmlText with the reference on s, alone, within a
// longer buffer (wordsOf reads past a short string) and escaped.
func checkXMLText(t *testing.T, s []byte) {
	t.Helper()
	buf := append(append([]byte{}, s...), "\xef\xbf\xbf tail"...)
	for _, b := range [][]byte{s, buf[:len(s)]} {
		for _, esc := range []bool{false, true} {
			if got, want := xmlText(b, esc), refXMLText(b, esc); got != want {
				t.Errorf("xmlText(%q, %v) = %v, want %v", b, esc, got, want)
			}
		}
	}
}

// TestXMLText holds xmlText to the reference.
func TestXMLText(t *testing.T) {
	bad := 0
	for _, s := range xmlTextCases() {
		checkXMLText(t, []byte(s))
		if !refXMLText([]byte(s), false) {
			bad++
		}
	}
	if bad < 100 {
		t.Errorf("only %d cases are not XML text: the cases are broken", bad)
	}
}

// FuzzXMLText is TestXMLText on any bytes.
func FuzzXMLText(f *testing.F) {
	for i, s := range xmlTextCases() {
		if i%37 == 0 {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkXMLText(t, b) })
}
