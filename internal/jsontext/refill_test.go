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
		for _, general := range []bool{false, true} {
			r := io.MultiReader(strings.NewReader(doc[:cut]), strings.NewReader(doc[cut:]))
			d := NewDecoder(r, Limits{})
			if err := d.BeginObject(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for first := true; ; first = false {
				var key []byte
				var more bool
				var err error
				if general {
					key, _, more, err = d.NextMemberBytes(first)
				} else {
					key, more, err = d.NextKey(first)
				}
				if err != nil {
					t.Fatalf("cut %d: %v", cut, err)
				}
				if !more {
					break
				}
				got = append(got, string(key))
				if _, err := d.Value(); err != nil {
					t.Fatalf("cut %d: %v", cut, err)
				}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("cut %d, general %v: keys %q, want %q", cut, general, got, want)
			}
		}
	}
}
