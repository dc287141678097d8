package packet

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readAheadCorpus is every JSON packet of the test data and of the
// conformance kit, as it stands and with its header last.
func readAheadCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	out := pipelineCorpus(t)
	files, err := filepath.Glob("../conformance/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && bytes.Contains(b, []byte(`"ThongTinGoiTin"`)) {
			out[f] = b
		}
	}
	for name, b := range out {
		if c := canonicalOrder(b); c != nil {
			out[name+" header last"] = c
		}
	}
	return out
}

// readAheadLimits are pipelineLimits, and limits a record count, a size
// or a limit switched off breaks.
var readAheadLimits = append(slices.Clone(pipelineLimits), Limits{MaxRecords: 1}, Limits{MaxBytes: 1500}, Limits{MaxDepth: -1, MaxStringLen: -1})

// decodeTrace is what a caller of Records sees: each record or error with
// the findings beside it, then Header, Signature and Findings once the
// sequence ends. stopEvery > 0 breaks the loop after every stopEvery
// records and calls Records again, as a caller may.
type decodeTrace struct {
	Steps     []traceStep
	Header    Header
	HeaderErr string
	Signature *Signature
	Findings  Findings
}

type traceStep struct {
	Record   Record
	Header   Header // after a stop
	Findings Findings
	Err      string
}

func traceRecords(d *Decoder, stopEvery int) decodeTrace {
	var tr decodeTrace
	for round := 0; round < 1000; round++ {
		n, ended := 0, true
		for rec, err := range d.Records() {
			tr.Steps = append(tr.Steps, traceStep{Record: rec, Findings: d.Findings(), Err: errString(err)})
			n++
			if err != nil {
				break // the sequence ends with its error
			}
			if stopEvery > 0 && n == stopEvery {
				ended = false
				break
			}
		}
		if ended {
			break
		}
		h, err := d.Header()
		tr.Steps = append(tr.Steps, traceStep{Header: h, Findings: d.Findings(), Err: "stopped: " + errString(err)})
	}
	h, err := d.Header()
	tr.Header, tr.HeaderErr = h, errString(err)
	tr.Signature, tr.Findings = d.Signature(), d.Findings()
	return tr
}

// newTestDecoder returns a decoder of data that binds its records on
// workers (serial false: in its reader), read whole or a byte at a time.
func newTestDecoder(data []byte, lim Limits, serial, oneByte bool, window int) *Decoder {
	var r io.Reader = bytes.NewReader(data)
	if oneByte {
		r = iotest.OneByteReader(r)
	}
	d := NewDecoder(r, FormatAuto, lim)
	d.workers, d.window = 4, window
	if serial {
		d.workers = 1
	}
	return d
}

// sameReadAhead checks that Decode and Records, their records bound on
// workers, give what binding in the reader gives.
// Records is also read stopping after every stop records, each of stops.
func sameReadAhead(t *testing.T, name string, data []byte, lim Limits, oneByte bool, stops ...int) {
	t.Helper()
	window := 1 + len(data)%3
	want, wfs, werr := decodeAll(newTestDecoder(data, lim, true, oneByte, 0))
	got, gfs, gerr := decodeAll(newTestDecoder(data, lim, false, oneByte, window))
	if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
		t.Fatalf("%s with %+v: Decode's errors differ (-reader +workers):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(wfs, gfs); diff != "" {
		t.Fatalf("%s with %+v: Decode's findings differ (-reader +workers):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("%s with %+v: packets differ (-reader +workers):\n%s", name, lim, diff)
	}
	for _, stop := range append([]int{0}, stops...) {
		wt := traceRecords(newTestDecoder(data, lim, true, oneByte, 0), stop)
		gt := traceRecords(newTestDecoder(data, lim, false, oneByte, window), stop)
		if diff := cmp.Diff(wt, gt, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
			t.Fatalf("%s with %+v, stopping every %d: Records differs (-reader +workers):\n%s", name, lim, stop, diff)
		}
	}
}

// TestReadAheadSameOutcome checks records bound on workers against records
// bound in the reader on every JSON packet of the test data and the
// conformance kit, whole and broken, under every limit of readAheadLimits,
// read whole and a byte at a time.
func TestReadAheadSameOutcome(t *testing.T) {
	corpus := readAheadCorpus(t)
	for name, data := range corpus {
		for i, lim := range readAheadLimits {
			if i == 0 {
				sameReadAhead(t, name, data, lim, false, 1, 2)
				continue
			}
			sameReadAhead(t, name, data, lim, false)
		}
		for i, b := range breakages(data) {
			sameReadAhead(t, fmt.Sprintf("%s broken %d", name, i), b, readAheadLimits[i%len(readAheadLimits)], false)
		}
		if !testing.Short() && !strings.HasSuffix(name, "header last") {
			sameReadAhead(t, name+" byte by byte", data, Limits{}, true)
		}
	}
}

// TestReadAheadBounded checks that the records read ahead stay within the
// window, and that workers bind them: a packet of many records read with
// a window of 3 queues no more than 3.
func TestReadAheadBounded(t *testing.T) {
	data := manyProfiles(t, 40)
	d := newTestDecoder(data, Limits{}, false, false, 3)
	most, n := 0, 0
	for _, err := range d.Records() {
		if err != nil {
			t.Fatal(err)
		}
		most = max(most, len(d.ahead.pb.queue))
		n++
	}
	if n != 40 || most > 3 || most == 0 {
		t.Fatalf("%d records, at most %d queued; want 40, 1 to 3", n, most)
	}
}

// manyProfiles returns the valid HOSO packet with its one profile n times.
func manyProfiles(t testing.TB, n int) []byte {
	t.Helper()
	p, _, err := Decode(mustOpen(t, "testdata/valid/HOSO.json"), FormatJSON, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	one := p.Records.Profiles[0]
	p.Records.Profiles = nil
	for range n {
		p.Records.Profiles = append(p.Records.Profiles, one)
	}
	p.Header.RecordCount = n
	var buf bytes.Buffer
	if err := p.Encode(&buf, FormatJSON); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustOpen(t testing.TB, name string) io.Reader {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// FuzzReadAhead is TestReadAheadSameOutcome on any input.
func FuzzReadAhead(f *testing.F) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/valid/BIENDONG.json", "testdata/spec/doikhop.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0), false)
		f.Add(canonicalOrder(b), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, lim uint8, oneByte bool) {
		sameReadAhead(t, "input", data, readAheadLimits[int(lim)%len(readAheadLimits)], oneByte, 1, 2)
	})
}
