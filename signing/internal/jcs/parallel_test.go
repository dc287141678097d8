package jcs

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
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
	"{\"DuLieu\":[\n{\"k\":1,\"b\":{\"y\":1,\"x\":2}},\n{\"k\":3,\"a\":[{\"k\":4}]}\n],\"x\":[{\"k\":5}]}",
	`{"DuLieu":[{"k":[{"k":[{"k":1},{"k":2}]},{"k":[3]}]},{"k":4}]}`,
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

// TestParallelCuts checks which arrays are canonicalised on workers, with
// a piece of one byte so that each element is a cut: those whose cuts all
// fall on elements are; one cut inside an element, where a nested object
// begins as the elements do, sends the array back to the one parser. The
// output is the one parser's either way.
func TestParallelCuts(t *testing.T) {
	for _, tc := range []struct {
		doc     string
		workers bool
	}{
		{"{\"DuLieu\":[\n{\"k\":1,\"b\":2},\n{\"k\":3},\n{\"k\":4,\"a\":5}\n]}", true},
		{`{"DuLieu":[ { "k" : 1 } , { "k":2 } ]}`, true},
		{`{"DuLieu":[{"k":1}],"x":[{"k":2},{"k":3}]}`, true},
		{`{"DuLieu":[{"k":"{\"k\":"},{"k":1}]}`, true},
		{`{"DuLieu":[{"k":[{"k":1},{"k":2}]},{"k":3}]}`, false},
		{`{"DuLieu":[{"k":[{"k":[{"k":1},{"k":2}]},{"k":[3]}]},{"k":4}],"x":[{"k":5},{"k":6}]}`, false},
		{`{"DuLieu":[[1],{"k":1}]}`, false},
		{`{"DuLieu":[{"\u006b":1},{"\u006b":2}]}`, false},
		{`{"DuLieu":[{},{}]}`, false},
		{`{"DuLieu":[]}`, false},
	} {
		in := []byte(tc.doc)
		got, start, end, out := onWorkers(t, in, tuning{minArray: 1, chunk: 1, workers: 2})
		if got != tc.workers {
			t.Errorf("%s: on workers %v, want %v", tc.doc, got, tc.workers)
		}
		if tc.workers {
			want, err := Transform(in[start:end])
			if err != nil || !bytes.Equal(out, want) {
				t.Errorf("%s: %s, want %s, %v", tc.doc, out, want, err)
			}
		} else if len(out) != 0 || end != start {
			t.Errorf("%s: wrote %q and moved to %d", tc.doc, out, end)
		}
		both(t, in, "")
	}
}

// TestPacketOnWorkers checks that a packet's records are canonicalised
// on workers, in pieces of a few records, as the one parser does.
func TestPacketOnWorkers(t *testing.T) {
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	pkt := packettest.New(packettest.Options{Seed: 2, Sender: sender}).Packet(packet.KindProfiles, 100)
	var buf bytes.Buffer
	if err := pkt.Encode(&buf, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	in := buf.Bytes()
	ok, start, end, out := onWorkers(t, in, tuning{minArray: 1, chunk: 8 << 10, workers: 2})
	if !ok {
		t.Fatal("the records are read by the one parser")
	}
	want, err := Transform(in[start:end])
	if err != nil || !bytes.Equal(out, want) {
		t.Fatalf("not the one parser's output: %v", err)
	}
}

// onWorkers runs parallelArray on the member DuLieu of the object in, and
// returns whether it took the array, where the array starts and where the
// reader is after it, and what it wrote.
func onWorkers(t *testing.T, in []byte, tune tuning) (ok bool, start, end int64, out []byte) {
	t.Helper()
	p := parser{in: in, budget: 2 * len(in), tune: tune}
	p.d = jsontext.NewBytesDecoder(in, jsontext.Limits{MaxDepth: MaxDepth})
	if err := p.d.BeginObject(); err != nil {
		t.Fatal(err)
	}
	for first := true; ; first = false {
		k, _, more, err := p.d.NextMemberBytes(first)
		if err != nil || !more {
			t.Fatalf("no DuLieu: %v", err)
		}
		if string(k) == "DuLieu" {
			break
		}
		if err := p.d.Skip(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.d.Peek(); err != nil {
		t.Fatal(err)
	}
	start = p.d.Offset()
	ok = p.parallelArray()
	return ok, start, p.d.Offset(), p.out
}
