package packet

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"runtime"
	"testing"
	"testing/iotest"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"

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

// manyRecords is the JSON packet data with its records repeated to n, and
// with extra appended to each record's members when not empty.
func manyRecords(t *testing.T, data []byte, n int, extra string) []byte {
	t.Helper()
	d := jsontext.NewBytesDecoder(data, jsontext.Limits{})
	var header []byte
	var recs [][]byte
	if err := d.BeginObject(); err != nil {
		t.Fatal(err)
	}
	for first := true; ; first = false {
		k, more, err := d.NextMember(first)
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		if k == "DuLieu" {
			if err := d.BeginArray(); err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				if more, err := d.NextElement(i == 0); err != nil || !more {
					break
				}
				raw, _, err := d.RawValue(1 << 20)
				if err != nil || raw.Bytes == nil {
					t.Fatal(err)
				}
				rec := bytes.Clone(raw.Bytes)
				if extra != "" {
					rec = append(append(rec[:len(rec)-1:len(rec)-1], ","+extra...), '}')
				}
				recs = append(recs, rec)
			}
			continue
		}
		raw, _, err := d.RawValue(1 << 20)
		if err != nil || raw.Bytes == nil {
			t.Fatal(err)
		}
		header = bytes.Clone(raw.Bytes)
	}
	var b bytes.Buffer
	b.WriteString(`{"ThongTinGoiTin":` + string(header) + `,"DuLieu":[` + "\n")
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.Write(recs[i%len(recs)])
	}
	b.WriteString("\n]}")
	return b.Bytes()
}

// TestReadHeaderBytesPieces checks ReadHeaderBytes with the array of
// records cut into small pieces against ReadHeader: on a packet of many
// records, whole, in canonical order, broken inside its records, with
// records that hold objects beginning as the records do, where cuts go
// wrong, and over a limit of records.
func TestReadHeaderBytesPieces(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	many := manyRecords(t, data, 40, "")
	decoys := manyRecords(t, data, 40, `"X":[{"SoDinhDanh":1},{"SoDinhDanh":{"SoDinhDanh":2}}, {"SoDinhDanh":3}]`)
	docs := map[string][]byte{"many": many, "canonical": canonicalOrder(many), "decoys": decoys}
	for i, b := range breakages(many) {
		docs["broken "+string(rune('a'+i))] = b
	}
	lims := append(pipelineLimits, Limits{MaxRecords: 39}, Limits{MaxRecords: 40})
	for name, doc := range docs {
		for _, chunk := range []int{1, 700, 5000} {
			for _, lim := range lims {
				cuts := 0
				tune := cutTuning{chunk: chunk, cuts: &cuts}
				wh, wfs, werr := ReadHeader(bytes.NewReader(doc), FormatAuto, lim)
				gh, gfs, gerr := readHeaderBytes(doc, FormatAuto, lim, tune)
				if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
					t.Fatalf("%s, chunk %d, %+v: errors differ (-ReadHeader +ReadHeaderBytes):\n%s", name, chunk, lim, diff)
				}
				if diff := cmp.Diff(wfs, gfs); diff != "" {
					t.Fatalf("%s, chunk %d, %+v: findings differ (-ReadHeader +ReadHeaderBytes):\n%s", name, chunk, lim, diff)
				}
				if diff := cmp.Diff(wh, gh, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
					t.Fatalf("%s, chunk %d, %+v: headers differ (-ReadHeader +ReadHeaderBytes):\n%s", name, chunk, lim, diff)
				}
				// A cut inside the first record, before an object of its
				// that begins as the records do, is found wrong.
				if name == "decoys" && chunk == 1 && cuts != 0 {
					t.Errorf("%s, chunk %d, %+v: read in pieces", name, chunk, lim)
				}
				// Where nothing breaks, the records are read in pieces.
				if name != "many" && name != "canonical" {
					continue
				}
				if want := werr == nil && lim.MaxRecords != 39 && runtime.GOMAXPROCS(0) > 1; want != (cuts == 1) {
					t.Errorf("%s, chunk %d, %+v: read in pieces %d times, want %v", name, chunk, lim, cuts, want)
				}
			}
		}
	}
}

// FuzzReadHeaderBytesPieces is TestReadHeaderBytesPieces on any input, cut
// every chunk bytes.
func FuzzReadHeaderBytesPieces(f *testing.F) {
	b, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, uint16(1), uint8(0))
	f.Add(canonicalOrder(b), uint16(300), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint16, lim uint8) {
		l := pipelineLimits[int(lim)%len(pipelineLimits)]
		wh, wfs, werr := ReadHeader(bytes.NewReader(data), FormatAuto, l)
		gh, gfs, gerr := readHeaderBytes(data, FormatAuto, l, cutTuning{chunk: int(chunk)})
		if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
			t.Fatalf("chunk %d, %+v: errors differ (-ReadHeader +ReadHeaderBytes):\n%s", chunk, l, diff)
		}
		if diff := cmp.Diff(wfs, gfs); diff != "" {
			t.Fatalf("chunk %d, %+v: findings differ (-ReadHeader +ReadHeaderBytes):\n%s", chunk, l, diff)
		}
		if diff := cmp.Diff(wh, gh, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
			t.Fatalf("chunk %d, %+v: headers differ (-ReadHeader +ReadHeaderBytes):\n%s", chunk, l, diff)
		}
	})
}
