package jcs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// both canonicalises in with one parser and on workers, with arrays of
// any size and chunks of a few bytes, so that every array at the top
// level is split: the output, or the error, must be the same.
func both(t *testing.T, in []byte, drop string) {
	t.Helper()
	run := func(tune tuning) (Result, string) {
		p := parser{in: in, drop: drop, dropping: drop != "", budget: 2 * len(in), tune: tune}
		if err := p.document(true); err != nil {
			return Result{}, fmt.Sprintf("%#v", err)
		}
		return Result{Canonical: p.result(), Dropped: p.dropped}, ""
	}
	want, werr := run(tuning{minArray: 1 << 30, chunk: 1, workers: 1})
	for _, tune := range []tuning{{minArray: 1, chunk: 1, workers: 2}, {minArray: 1, chunk: 40, workers: 3}} {
		got, gerr := run(tune)
		if diff := cmp.Diff(werr, gerr); diff != "" {
			t.Fatalf("%q with %+v: errors differ (-alone +workers):\n%s", in, tune, diff)
		}
		if !bytes.Equal(got.Canonical, want.Canonical) || !bytes.Equal(got.Dropped, want.Dropped) {
			t.Fatalf("%q with %+v: on workers %q, %q; alone %q, %q", in, tune, got.Canonical, got.Dropped, want.Canonical, want.Dropped)
		}
	}
}

var parallelDocs = []string{
	`{"DuLieu":[{"b":1,"a":2},{"d":[3,{"z":1,"y":2}],"c":"\u00e9"},[1.50,2e3],{}],"ThongTinGoiTin":{"y":1,"x":2},"ChuKySo":{"a":1}}`,
	`{"DuLieu":[{"a":1},2,{"b":3}]}`,
	`{"DuLieu":[{"a":1},{"a":1,"a":2}]}`,
	`{"DuLieu":[{"a":1},{"a":"\ud800"}]}`,
	`{"DuLieu":[{"a":1},{"a":1e999}]}`,
	`{"DuLieu":[{"a":1},{"a":1}`,
	`{"DuLieu":[{"a":1},{"a":1}}`,
	`{"DuLieu":[{"a":1},{"a":1}],"DuLieu":[]}`,
	`{"DuLieu":[{"a":1} {"a":1}]}`,
	`{"DuLieu":[],"x":[[],[[]],{}]}`,
	`{"a":[{"x":"\u0000"}],"b":[{"y":[{"c":2,"b":1}]}],"ChuKySo":[{"k":1}]}`,
	`{"DuLieu":[{"a":[` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `]}]}`,
}

// TestParallelIsAlone checks the parallel path against the one parser, on
// packets of the signing tests and documents that break inside an array.
func TestParallelIsAlone(t *testing.T) {
	docs := append([]string(nil), parallelDocs...)
	files, _ := filepath.Glob("../../../packet/testdata/valid/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	for _, doc := range docs {
		for _, drop := range []string{"", "ChuKySo", "DuLieu"} {
			both(t, []byte(doc), drop)
		}
		for cut := 1; cut < len(doc); cut += 1 + len(doc)/40 {
			both(t, []byte(doc[:cut]), "ChuKySo")
			b := []byte(doc)
			b[cut] = "\"}],x\\\x01"[cut%7]
			both(t, b, "ChuKySo")
		}
	}
}

// TestParallelDeep checks that the depth limit holds across the split: an
// element at the limit is refused where reading alone refuses it.
func TestParallelDeep(t *testing.T) {
	for _, n := range []int{MaxDepth - 3, MaxDepth - 2, MaxDepth - 1} {
		doc := `{"a":[1,{"b":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}]}`
		both(t, []byte(doc), "")
		doc = `{"a":[{"b":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}]}`
		both(t, []byte(doc), "")
	}
}

// FuzzParallel is TestParallelIsAlone on any input; its seeds are those
// of FuzzTransform.
func FuzzParallel(f *testing.F) {
	for _, doc := range parallelDocs {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		both(t, in, "")
		both(t, in, "ChuKySo")
	})
}
