package packet

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The JSON reader hands records on as bytes, and the workers read them
// (fastRecord, else a tree); before, the reader read every record into a
// tree itself. These tests hold the two to the same outcome — findings,
// their order and messages, counts, the fatal error that stops the
// reading — on every packet of the test data, on those packets broken at
// many places, and under small limits.

// pipelineCorpus returns the JSON packets of the test data.
func pipelineCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, glob := range []string{"testdata/*/*.json", "../conformance/testdata/*/*.json", "../conformance/testdata/*/*/*.json"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".findings.json") || strings.Contains(f, "node_modules") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && bytes.Contains(b, []byte(`"ThongTinGoiTin"`)) {
				out[f] = b
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d JSON packets in the test data", len(out))
	}
	return out
}

// breakages returns variants of a packet broken inside its records: cut
// short, and a byte replaced by one that breaks strings, nesting, numbers
// or UTF-8, at a few places in the records.
func breakages(data []byte) [][]byte {
	start := bytes.Index(data, []byte(`"DuLieu"`))
	if start < 0 {
		return nil
	}
	var out [][]byte
	const places = 5
	breakers := []byte{'"', '}', ']', ',', 'x', '\\', 0x01, 0xff, '9'}
	for k := 1; k <= places; k++ {
		at := start + (len(data)-start)*k/(places+1)
		out = append(out, data[:at])
		for j := range 3 {
			b := bytes.Clone(data)
			b[at] = breakers[(3*k+j)%len(breakers)]
			out = append(out, b)
		}
	}
	return out
}

// pipelineLimits are the limits the packets are read under: the defaults,
// and small ones that records of the test data break.
var pipelineLimits = []Limits{{}, {MaxStringLen: 24}, {MaxDepth: 4}, {MaxNumberLen: 3}, {MaxNameLen: 10}, {MaxRecordFindings: 2, MaxFindings: 5}}

// sameOutcome validates and decodes data with records read by the workers
// and with records read by the reader, and fails when the outcomes differ.
func sameOutcome(t *testing.T, name string, data []byte, lim Limits, oneByte bool) *Report {
	t.Helper()
	open := func() io.Reader {
		if oneByte {
			return iotest.OneByteReader(bytes.NewReader(data))
		}
		return bytes.NewReader(data)
	}
	var reps [2]*Report
	var errs [2]error
	var packets [2]*Packet
	var fss [2]Findings
	var derrs [2]error
	for i, trees := range []bool{false, true} {
		v, err := NewValidator(WithClock(genClockInternal), WithLimits(lim))
		if err != nil {
			t.Fatal(err)
		}
		v.trees = trees
		reps[i], errs[i] = v.Validate(context.Background(), open())
		d := NewDecoder(open(), FormatAuto, lim)
		d.trees = trees
		packets[i], fss[i], derrs[i] = decodeAll(d)
	}
	exported := cmp.Exporter(func(reflect.Type) bool { return true })
	if diff := cmp.Diff(errString(errs[1]), errString(errs[0])); diff != "" {
		t.Fatalf("%s with %+v: Validate's errors differ (-trees +raw):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(reps[1], reps[0], exported); diff != "" {
		t.Fatalf("%s with %+v: reports differ (-trees +raw):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(errString(derrs[1]), errString(derrs[0])); diff != "" {
		t.Fatalf("%s with %+v: Decode's errors differ (-trees +raw):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(fss[1], fss[0]); diff != "" {
		t.Fatalf("%s with %+v: Decode's findings differ (-trees +raw):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(packets[1], packets[0], exported); diff != "" {
		t.Fatalf("%s with %+v: decoded packets differ (-trees +raw):\n%s", name, lim, diff)
	}
	// And as JSON: cmp calls the identifiers' Equal methods, which compare
	// what their text means, not the text.
	treesJSON, err1 := json.Marshal(packetParts(packets[1]))
	rawJSON, err2 := json.Marshal(packetParts(packets[0]))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !bytes.Equal(treesJSON, rawJSON) {
		t.Fatalf("%s with %+v: decoded packets differ as JSON:\n%s\n%s", name, lim, treesJSON, rawJSON)
	}
	return reps[0]
}

// packetParts is what a packet holds, for json.Marshal, which would refuse a
// packet of a record count or kind its header does not say.
func packetParts(p *Packet) []any {
	if p == nil {
		return nil
	}
	return []any{p.Header, p.Signature, p.Records.Profiles, p.Records.Changes, p.Records.Matches, p.Records.Results}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func genClockInternal() time.Time {
	return time.Date(2026, 11, 26, 12, 0, 0, 0, time.FixedZone("ICT", 7*3600))
}

// TestPipelineSameOutcome checks every JSON packet of the test data, whole
// and broken, under every limit of pipelineLimits.
func TestPipelineSameOutcome(t *testing.T) {
	inRecord := 0
	for name, data := range pipelineCorpus(t) {
		for _, lim := range pipelineLimits {
			sameOutcome(t, name, data, lim, false)
		}
		for i, b := range breakages(data) {
			rep := sameOutcome(t, name+" broken "+strconv.Itoa(i), b, Limits{}, false)
			if rep.Stopped && strings.HasPrefix(rep.Findings[len(rep.Findings)-1].Pointer, "/DuLieu/") {
				inRecord++
			}
		}
	}
	if inRecord < 100 {
		t.Errorf("only %d broken packets stopped inside a record", inRecord)
	}
}

// TestPipelineMaxBytes checks a packet over MaxBytes, cut at many places:
// read a byte at a time, the reader meets the limit at the same place.
func TestPipelineMaxBytes(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	for n := int64(1); n < int64(len(data)); n += int64(len(data)) / 23 {
		sameOutcome(t, "HOSO.json over "+strconv.FormatInt(n, 10)+" bytes", data, Limits{MaxBytes: n}, true)
	}
}

// TestPipelineStopsAtBrokenRecord breaks one record early in a large
// packet: the report ends at it, as when the reader found it, and the
// reading stops there rather than run to the end.
func TestPipelineStopsAtBrokenRecord(t *testing.T) {
	data := hosoOf(t, func(recs []any) []any {
		for len(recs) < 3000 {
			recs = append(recs, recs[len(recs)%2])
		}
		recs[5] = withMember(recs[5], "HoVaTen", "Sixth Record")
		return recs
	})
	// Whole, it is read through buffers reused many times over: what is
	// bound keeps nothing of them.
	sameOutcome(t, "3000 records", data, Limits{}, false)
	broken := bytes.Replace(data, []byte(`"HoVaTen":"Sixth Record"`), []byte(`"HoVaTen":1,"HoVaTen":2`), 1)
	sameOutcome(t, "a duplicate key in the sixth of 3000 records", broken, Limits{}, false)

	read := 0
	counting := readerFunc(func(p []byte) (int, error) {
		n, err := bytes.NewReader(broken[read:]).Read(p[:min(len(p), 4096)])
		read += n
		return n, err
	})
	v, err := NewValidator(WithClock(genClockInternal))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Validate(context.Background(), counting)
	if err != nil || !rep.Stopped || rep.Records != 5 {
		t.Fatalf("%v; stopped %v after %d records: %v", err, rep.Stopped, rep.Records, rep.Findings)
	}
	if last := rep.Findings[len(rep.Findings)-1]; last.Rule != RuleFormatDuplicateKey || last.Pointer != "/DuLieu/5/HoVaTen" {
		t.Errorf("last finding %+v, want the duplicate key", last)
	}
	if read > len(broken)/2 {
		t.Errorf("read %d of %d bytes: the reading did not stop at the broken record", read, len(broken))
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// FuzzPipeline is TestPipelineSameOutcome on any input.
func FuzzPipeline(f *testing.F) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/valid/BIENDONG.json", "testdata/spec/doikhop.json", "testdata/spec/phanhoi.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, lim uint8) {
		sameOutcome(t, "input", data, pipelineLimits[int(lim)%len(pipelineLimits)], lim >= 128)
	})
}

// TestFastRecordKeepsNothingOfRaw binds the records of the test data with
// fastRecord, then overwrites the bytes it read: the records must not
// change, since the pipeline reuses those bytes for the next record.
func TestFastRecordKeepsNothingOfRaw(t *testing.T) {
	bound := 0
	for name, data := range pipelineCorpus(t) {
		d := NewDecoder(bytes.NewReader(data), FormatJSON, Limits{})
		h, err := d.Header()
		if err != nil || h.Kind.RecordName() == "" {
			continue
		}
		v, err := headerVersion(&h)
		if err != nil {
			continue
		}
		var doc struct{ DuLieu []json.RawMessage }
		if err := json.Unmarshal(data, &doc); err != nil {
			continue
		}
		for i, rec := range doc.DuLieu {
			raw := bytes.Clone(rec)
			got, ok := fastRecord(h.Kind.RecordName(), raw, v.major)
			if !ok {
				continue
			}
			bound++
			want, _ := fastRecord(h.Kind.RecordName(), bytes.Clone(rec), v.major)
			for j := range raw {
				raw[j] = 'X'
			}
			// As JSON: cmp would call the identifiers' Equal methods, which
			// compare what the text means, not the text.
			wantJSON, err1 := json.Marshal(want)
			gotJSON, err2 := json.Marshal(got)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if diff := cmp.Diff(string(wantJSON), string(gotJSON)); diff != "" {
				t.Fatalf("%s, record %d: changed with the bytes it was bound from (-before +after):\n%s", name, i, diff)
			}
		}
	}
	if bound < 20 {
		t.Errorf("only %d records bound by fastRecord", bound)
	}
}

// TestFullReportTimingFree fills a report (MaxFindings) with a packet whose
// every record has an error, once with a reader slower than the collector
// and once with a collector slower than the reader: which records are only
// counted is the collector's to decide, so the reports are the same.
func TestFullReportTimingFree(t *testing.T) {
	data := hosoOf(t, func(recs []any) []any {
		bad := withMember(recs[0], "HoVaTen", 1)
		recs = make([]any, 300)
		for i := range recs {
			recs[i] = bad
		}
		return recs
	})
	lim := Limits{MaxFindings: 5}
	validate := func(r io.Reader, progress func(int)) *Report {
		v, err := NewValidator(WithClock(genClockInternal), WithLimits(lim), WithProgress(progress))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := v.Validate(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	read := 0
	slowReader := readerFunc(func(p []byte) (int, error) {
		time.Sleep(50 * time.Microsecond)
		n, err := bytes.NewReader(data[read:]).Read(p[:min(len(p), 256)])
		read += n
		return n, err
	})
	behind := validate(slowReader, func(int) {})
	ahead := validate(bytes.NewReader(data), func(n int) {
		if n < 20 {
			time.Sleep(2 * time.Millisecond)
		}
	})
	if behind.Unchecked == 0 {
		t.Fatalf("no record only counted: %+v", behind)
	}
	if diff := cmp.Diff(behind, ahead, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Errorf("reports differ (-reader behind +reader ahead):\n%s", diff)
	}
}

// hosoOf is testdata/valid/HOSO.json with its records replaced by what
// records makes of them.
func hosoOf(t *testing.T, records func(recs []any) []any) []byte {
	t.Helper()
	base, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		t.Fatal(err)
	}
	doc["DuLieu"] = records(doc["DuLieu"].([]any))
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// withMember is a copy of the record rec with member name set to v.
func withMember(rec any, name string, v any) map[string]any {
	m := map[string]any{name: v}
	for k, x := range rec.(map[string]any) {
		if k != name {
			m[k] = x
		}
	}
	return m
}
