package jcs

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	gowebpki "github.com/gowebpki/jcs"
)

// TestRememberedOrders checks objects whose keys come in a sequence met
// before, or in one of the same fingerprint (the same lengths, first and
// last bytes), with a duplicate key or not: each is written as the
// reference writes it, or refused, as if read alone.
func TestRememberedOrders(t *testing.T) {
	for _, tc := range []struct {
		in  string
		dup bool
	}{
		{`[{"b":0,"axb":1,"ayb":2},{"b":0,"axb":1,"ayb":2},{"b":0,"ayb":1,"axb":2}]`, false},
		{`[{"b":0,"axb":1,"ayb":2},{"b":0,"axb":1,"axb":2}]`, true},
		{`[{"b":0,"ayb":1,"axb":2},{"b":0,"axb":1,"axb":2}]`, true},
		{`[{"z":{"b":1,"a":2},"y":1},{"z":{"b":3,"a":4},"y":5},{"z":{"b":3,"a":4},"y":5,"x":0}]`, false},
		{`[{"b":0,"a":1},{"b":0,"a\u0000":1},{"b":0,"a":1,"":2},{"b":0,"":1,"a":2}]`, false},
	} {
		got, err := Transform([]byte(tc.in))
		if tc.dup {
			if !errors.Is(err, ErrDuplicate) {
				t.Errorf("%s: %s, %v; want a duplicate key", tc.in, got, err)
			}
			continue
		}
		want, werr := gowebpki.Transform([]byte(tc.in))
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %s, %v; want %s, %v", tc.in, got, err, want, werr)
		}
	}
}

// TestOrdersBounded checks that objects of ever new sequences of keys, more
// than a parser remembers, are all written in order.
func TestOrdersBounded(t *testing.T) {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 3 * orderSlots {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"z%d":1,"a":2,"m":3}`, i)
	}
	b.WriteByte(']')
	p := parser{in: []byte(b.String()), budget: 2 * b.Len(), tune: tuning{minArray: 1 << 30}}
	if err := p.document(false); err != nil {
		t.Fatal(err)
	}
	want, err := gowebpki.Transform([]byte(b.String()))
	if err != nil || !bytes.Equal(p.result(), want) {
		t.Fatalf("not the reference's output: %v", err)
	}
	if n := len(p.orders.entries); n > orderSlots {
		t.Errorf("%d sequences remembered, more than %d", n, orderSlots)
	}
}

// FuzzOrders canonicalises an array holding the fuzzer's value three
// times and a variant of it, so that the second and third are put in
// order by what the first taught: the same as the reference, or refused
// by both.
func FuzzOrders(f *testing.F) {
	f.Add([]byte(`{"b":0,"axb":{"d":1,"c":2},"ayb":2}`), []byte(`{"b":0,"ayb":1,"axb":2}`))
	f.Add([]byte(`{"b":0,"a":1,"a":2}`), []byte(`{"b":0,"a":1}`))
	f.Fuzz(func(t *testing.T, v, w []byte) {
		in := bytes.Join([][]byte{v, v, w, v}, []byte(","))
		in = append(append([]byte("["), in...), ']')
		got, err := Transform(in)
		want, werr := gowebpki.Transform(in)
		if (err == nil) != (werr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("%q: %q, %v; reference %q, %v", in, got, err, want, werr)
		}
	})
}
