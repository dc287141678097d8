package jsontext

import (
	"io"
	"strings"
	"testing"
)

// TestKeysSurviveRefill reads keys from a stream cut at every byte, so that
// some read ends right after a key's closing quote and the read that finds
// the ':' refills the buffer the key was in.
func TestKeysSurviveRefill(t *testing.T) {
	const doc = `{"alpha":1,"beta" :2,"g\u0061mma":3}`
	want := []string{"alpha", "beta", "gamma"}
	for cut := 1; cut < len(doc); cut++ {
		cutAt := func(s string) io.Reader {
			return io.MultiReader(strings.NewReader(s[:cut]), strings.NewReader(s[cut:]))
		}
		for _, general := range []bool{false, true} {
			got, err := members(doc, Limits{}, cutAt, general)
			if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("cut %d, general %v: keys %q, %v; want %q", cut, general, got, err, want)
			}
		}
	}
}
