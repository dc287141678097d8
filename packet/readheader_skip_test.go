package packet

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// sameHeader reads data's header with ReadHeader, which checks the
// records past without trees, and as it did before, reading each record
// into a tree: the header, the findings and the error must be the same.
func sameHeader(t *testing.T, name string, data []byte, lim Limits, oneByte bool) {
	t.Helper()
	open := func() io.Reader {
		if oneByte {
			return iotest.OneByteReader(bytes.NewReader(data))
		}
		return bytes.NewReader(data)
	}
	var hs [2]Header
	var fss [2]Findings
	var errs [2]error
	for i, trees := range []bool{false, true} {
		d := NewDecoder(open(), FormatAuto, lim)
		d.trees = trees
		hs[i], fss[i], errs[i] = d.readHeader()
	}
	if diff := cmp.Diff(errString(errs[1]), errString(errs[0])); diff != "" {
		t.Fatalf("%s with %+v: errors differ (-trees +skipped):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(fss[1], fss[0]); diff != "" {
		t.Fatalf("%s with %+v: findings differ (-trees +skipped):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(hs[1], hs[0], cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("%s with %+v: headers differ (-trees +skipped):\n%s", name, lim, diff)
	}
}

// TestReadHeaderSkipsAsTreesRead checks ReadHeader against reading every
// record into a tree, on the test data's JSON packets whole and broken
// inside their records, under small limits too, in memory and a byte at a
// time.
func TestReadHeaderSkipsAsTreesRead(t *testing.T) {
	extra := [][]byte{
		[]byte(`{"DuLieu":[{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}],"ThongTinGoiTin":{}}`),
		[]byte(`{"ThongTinGoiTin":{"MaGoiTin":"x"},"DuLieu":[{"a":{"b":[{"c":1,"c":2}]}}]}`),
		[]byte(`{"ThongTinGoiTin":{},"DuLieu":[{"a":"\ud800"}]}`),
		[]byte(`{"ThongTinGoiTin":{},"DuLieu":[1,"x",null,[{"a":tru}]]}`),
	}
	for name, data := range pipelineCorpus(t) {
		for _, lim := range pipelineLimits {
			sameHeader(t, name, data, lim, false)
			for i, b := range breakages(data) {
				sameHeader(t, name+" broken "+string(rune('a'+i)), b, lim, i%4 == 0)
			}
		}
	}
	for _, b := range extra {
		for _, lim := range pipelineLimits {
			sameHeader(t, string(b), b, lim, false)
			sameHeader(t, string(b), b, lim, true)
		}
	}
}

// FuzzReadHeader is TestReadHeaderSkipsAsTreesRead on any input.
func FuzzReadHeader(f *testing.F) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/valid/BIENDONG.json", "testdata/spec/doikhop.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, lim uint8) {
		sameHeader(t, "input", data, pipelineLimits[int(lim)%len(pipelineLimits)], lim >= 128)
	})
}

// sameHeaderBytes reads data's header with ReadHeaderBytes and with
// ReadHeader: the header, the findings and the error must be the same.
func sameHeaderBytes(t *testing.T, name string, data []byte, lim Limits) {
	t.Helper()
	wh, wfs, werr := ReadHeader(bytes.NewReader(data), FormatAuto, lim)
	gh, gfs, gerr := ReadHeaderBytes(data, FormatAuto, lim)
	if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
		t.Fatalf("%s with %+v: errors differ (-ReadHeader +ReadHeaderBytes):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(wfs, gfs); diff != "" {
		t.Fatalf("%s with %+v: findings differ (-ReadHeader +ReadHeaderBytes):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(wh, gh, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("%s with %+v: headers differ (-ReadHeader +ReadHeaderBytes):\n%s", name, lim, diff)
	}
}

// TestReadHeaderBytes checks ReadHeaderBytes against ReadHeader on the
// test data's packets, with the header first and last, whole and broken,
// under small limits and a limit turned off.
func TestReadHeaderBytes(t *testing.T) {
	for name, data := range pipelineCorpus(t) {
		for _, doc := range [][]byte{data, canonicalOrder(data)} {
			if doc == nil {
				continue
			}
			for _, lim := range append(pipelineLimits, Limits{MaxDepth: -1}) {
				sameHeaderBytes(t, name, doc, lim)
			}
			for i, b := range breakages(doc) {
				sameHeaderBytes(t, name+" broken "+string(rune('a'+i)), b, pipelineLimits[i%len(pipelineLimits)])
			}
		}
	}
}

// FuzzReadHeaderBytes is TestReadHeaderBytes on any input.
func FuzzReadHeaderBytes(f *testing.F) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/spec/doikhop.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(canonicalOrder(b), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, lim uint8) {
		sameHeaderBytes(t, "input", data, pipelineLimits[int(lim)%len(pipelineLimits)])
	})
}
