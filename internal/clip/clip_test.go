package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	long := strings.Repeat("a", 10<<20)
	vi := strings.Repeat("ư", 100) // two bytes each: a cut may fall inside one
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"HoVaTen", "HoVaTen"},
		{strings.Repeat("b", Max), strings.Repeat("b", Max)},
		{long, strings.Repeat("a", Max) + "…"},
		{"x" + vi, "x" + strings.Repeat("ư", (Max-1)/2) + "…"},
	}
	for _, tt := range tests {
		got := String(tt.in)
		if got != tt.want {
			t.Errorf("String(%.20q…) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) || len(got) > Max+len("…") {
			t.Errorf("String(%.20q…) = %q: not a short valid prefix", tt.in, got)
		}
		if b := Bytes([]byte(tt.in)); b != got {
			t.Errorf("Bytes(%.20q…) = %q, want %q", tt.in, b, got)
		}
	}
}
