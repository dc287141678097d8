package packet

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// A code set answers as its list's Lookup does: for every code of every
// embedded list, and for strings near them — a byte changed, added or
// taken away, the code of another list — and drawn at random.
func TestCodeSetIsLookup(t *testing.T) {
	codes := codelist.Default()
	var all []string
	for _, name := range codes.Names() {
		l, _ := codes.List(name)
		for e := range l.All() {
			all = append(all, e.Code)
		}
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, name := range codes.Names() {
		l, _ := codes.List(name)
		set := newCodeSet(l)
		probe := func(s string) {
			_, want := l.Lookup(s)
			if got := set.has(s); got != want {
				t.Fatalf("list %s: has(%q) = %v, Lookup says %v", name, s, got, want)
			}
		}
		for _, c := range all {
			probe(c)
			probe(c + "0")
			probe(c[:len(c)-1])
			probe("\x00" + c)
			k := rnd.IntN(len(c))
			probe(c[:k] + string(rune(c[k]^byte(1+rnd.IntN(255)))) + c[k+1:])
		}
		for range 1000 {
			var b strings.Builder
			for range rnd.IntN(20) {
				b.WriteByte("0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ_"[rnd.IntN(38)])
			}
			probe(b.String())
		}
	}
	if set := newCodeSet(nil); !set.has("anything") || !set.has("") {
		t.Error("the set of no list does not take every value")
	}
}
