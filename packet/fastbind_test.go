package packet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing/fstest"

	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/cputime"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// fastCase is one JSON record to bind both ways.
type fastCase struct {
	source string // where it comes from, for messages
	name   string // record kind
	raw    []byte
	major  int
	valid  bool // from a packet the generator made without defects
}

// recordNames are the record kinds, in the order of the packet kinds.
var recordNames = []string{packet.KindProfiles.RecordName(), packet.KindChanges.RecordName(),
	packet.KindMatches.RecordName(), packet.KindResponse.RecordName()}

// splitPacket returns the records of a JSON packet, with the record kind
// and major version its header names ("" and 0 when it names none).
func splitPacket(data []byte) (name string, major int, records []json.RawMessage, ok bool) {
	var p struct {
		ThongTinGoiTin struct {
			LoaiGoiTin packet.Kind
			PhienBan   string
		}
		DuLieu []json.RawMessage
	}
	if json.Unmarshal(data, &p) != nil {
		return "", 0, nil, false
	}
	major, _ = packet.MajorVersion(p.ThongTinGoiTin.PhienBan)
	return p.ThongTinGoiTin.LoaiGoiTin.RecordName(), major, p.DuLieu, true
}

// generatedCases are the records of packets of every kind the generator
// makes, of both versions, of several seeds, without defects and with.
func generatedCases(t testing.TB, seeds, n int) []fastCase {
	var out []fastCase
	for _, version := range []string{"", "1.0"} {
		for seed := 1; seed <= seeds; seed++ {
			for _, defects := range []bool{false, true} {
				opt := packettest.Options{Seed: uint64(seed), Version: version, PartialBirthDates: seed%2 == 0}
				if defects {
					opt.Defects, opt.DefectEvery = packettest.DefectsFor(cmpVersion(version)), 1
				}
				for _, kind := range packet.Kinds() {
					g := packettest.New(opt)
					data, err := json.Marshal(g.Packet(kind, n))
					if err != nil {
						t.Fatal(err)
					}
					name, major, recs, ok := splitPacket(data)
					if !ok {
						t.Fatalf("seed %d %s: not a packet", seed, kind)
					}
					for i, r := range recs {
						out = append(out, fastCase{source: "packettest " + string(kind) + " " + version + " seed " + itoa(seed) + " #" + itoa(i),
							name: name, raw: r, major: major, valid: !defects && !opt.PartialBirthDates})
					}
				}
			}
		}
	}
	return out
}

func cmpVersion(v string) string {
	if v == "" {
		return packet.Version
	}
	return v
}

// fileCases are the records of every JSON packet of the repository's test
// data and conformance kit.
func fileCases(t testing.TB) []fastCase {
	var out []fastCase
	for _, root := range []string{"testdata", "schema/testdata", "../conformance"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") || strings.Contains(path, "node_modules") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			name, major, recs, ok := splitPacket(data)
			if !ok {
				return nil
			}
			for i, r := range recs {
				out = append(out, fastCase{source: path + " #" + itoa(i), name: name, raw: r, major: major})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// referenceSchemas are the schemas compiled by jsonschema, by major
// version.
var referenceSchemas = sync.OnceValue(func() map[int]*schema.Schemas {
	m := map[int]*schema.Schemas{}
	for _, v := range schema.Versions() {
		if s, err := schema.CompileVersion(v); err == nil {
			m[v] = s
		}
	}
	return m
})

func referenceSchema(s *schema.Schemas, name string) *jsonschema.Schema {
	switch name {
	case recordNames[0]:
		return s.Profile
	case recordNames[1]:
		return s.Change
	case recordNames[2]:
		return s.MatchResult
	}
	return s.ProcessingResult
}

// recordOptions compare records field by field, times by instant and
// offset.
var recordOptions = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b time.Time) bool {
		_, oa := a.Zone()
		_, ob := b.Zone()
		return a.Equal(b) && oa == ob
	}),
}

// checkFast binds c by fastRecord and, when it says ok, holds it to the
// exact path and the reference engine. It reports whether it said ok.
func checkFast(t *testing.T, c fastCase) bool {
	t.Helper()
	// Bound from a copy, overwritten after: the record keeps nothing of
	// the bytes, which a reader reuses for the next record.
	raw := bytes.Clone(c.raw)
	rec, ok := packet.FastRecord(c.name, raw, c.major)
	for i := range raw {
		raw[i] = '#'
	}
	if !ok {
		if rec != nil {
			t.Errorf("%s: not ok, with a record", c.source)
		}
		if again, ok := packet.FastRecordReusing(c.name, c.raw, c.major, poisonedRecord(c.name)); ok || again != nil {
			t.Errorf("%s: not ok, and ok bound into a recycled record", c.source)
		}
		return false
	}
	checkRecycled(t, c, rec)
	for _, semantic := range []bool{false, true} {
		exact, tree, problems, guess, err := packet.ExactRecord(c.name, c.raw, c.major, semantic)
		if err != nil || len(problems) > 0 {
			t.Errorf("%s (%s, version %d): fast path ok, exact path: %v %q\n%s", c.source, c.name, c.major, err, problems, clipBytes(c.raw))
			return true
		}
		if guess != "" && guess != c.name {
			t.Errorf("%s: fast path ok as %s, guessed %s", c.source, c.name, guess)
		}
		if d := cmp.Diff(exact, rec, recordOptions); d != "" {
			t.Errorf("%s: records differ (-exact +fast):\n%s", c.source, d)
		}
		// And as JSON: cmp calls the identifiers' Equal methods, which
		// compare what their text means, not the text.
		if a, b := mustMarshal(t, exact), mustMarshal(t, rec); !bytes.Equal(a, b) {
			t.Errorf("%s: records differ as JSON:\n%s\n%s", c.source, a, b)
		}
		if s := referenceSchemas()[c.major]; s == nil {
			t.Errorf("%s: fast path ok in version %d, which has no schemas", c.source, c.major)
		} else if err := referenceSchema(s, c.name).Validate(tree); err != nil {
			t.Errorf("%s: fast path ok, jsonschema: %v", c.source, err)
		}
	}
	return true
}

// poisonedRecord is a record of kind name, every part of it written over
// (Poison).
func poisonedRecord(name string) packet.Record {
	var rec packet.Record
	switch name {
	case recordNames[0]:
		rec = new(packet.Profile)
	case recordNames[1]:
		rec = new(packet.Change)
	case recordNames[2]:
		rec = new(packet.MatchResult)
	default:
		rec = new(packet.ProcessingResult)
	}
	packet.Poison(rec)
	return rec
}

// checkRecycled binds c again into a recycled record — its own record
// written over, and one of nothing but poison — as the validation's
// workers do: the record is the recycled one, equal to want, bound fresh.
func checkRecycled(t *testing.T, c fastCase, want packet.Record) {
	t.Helper()
	own, _ := packet.FastRecord(c.name, c.raw, c.major)
	packet.Poison(own)
	for _, old := range []packet.Record{own, poisonedRecord(c.name)} {
		got, ok := packet.FastRecordReusing(c.name, bytes.Clone(c.raw), c.major, old)
		if !ok || got != old {
			t.Errorf("%s: bound fresh, not into a recycled record (ok %v)", c.source, ok)
			continue
		}
		if d := cmp.Diff(want, got, recordOptions); d != "" {
			t.Errorf("%s: bound into a recycled record, differs (-fresh +recycled):\n%s", c.source, d)
		}
		if a, b := mustMarshal(t, want), mustMarshal(t, got); !bytes.Equal(a, b) {
			t.Errorf("%s: bound into a recycled record, differs as JSON:\n%s\n%s", c.source, a, b)
		}
	}
}

func clipBytes(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestFastRecordDifferential holds fastRecord to the exact path on every
// JSON record the repository has and on generated packets of both
// versions, each also as the other version and as every other kind; and
// counts how often it binds the records of valid generated packets.
func TestFastRecordDifferential(t *testing.T) {
	seeds, n := 3, 30
	if testing.Short() || raceEnabled {
		seeds, n = 1, 10
	}
	cases := generatedCases(t, seeds, n)
	files := fileCases(t)
	if len(files) < 100 {
		t.Fatalf("only %d records in the test data: the walk is broken", len(files))
	}
	cases = append(cases, files...)
	type tally struct{ ok, all int }
	rates := map[string]*tally{}
	for _, c := range cases {
		got := checkFast(t, c)
		if c.valid {
			k := c.name + " " + itoa(c.major) + ".0"
			if rates[k] == nil {
				rates[k] = &tally{}
			}
			rates[k].all++
			if got {
				rates[k].ok++
			}
		}
		// The same bytes as the other version, and as the other kinds,
		// on a sample.
		if len(c.raw)%4 == 0 || !c.valid {
			o := c
			o.major = 3 - c.major
			checkFast(t, o)
			for _, name := range recordNames {
				if name != c.name {
					o := c
					o.name = name
					checkFast(t, o)
				}
			}
		}
	}
	for k, r := range rates {
		t.Logf("%s: %d of %d valid generated records bound by the fast path (%.1f%%)", k, r.ok, r.all, 100*float64(r.ok)/float64(r.all))
		if strings.HasPrefix(k, recordNames[0]+" ") && r.ok < r.all {
			t.Errorf("%s: the fast path binds %d of %d valid generated profiles, want all", k, r.ok, r.all)
		}
	}
}

// FuzzFastRecord mutates real records: whatever fastRecord binds, the
// exact path and jsonschema accept, and bind to the same record.
func FuzzFastRecord(f *testing.F) {
	for i, c := range generatedCases(f, 1, 2) {
		if i%3 == 0 {
			f.Add(c.raw, uint8(indexOf(c.name)), uint8(c.major))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, kind, major uint8) {
		c := fastCase{source: "fuzz", name: recordNames[int(kind)%len(recordNames)], raw: raw, major: int(major % 3)}
		checkFast(t, c)
	})
}

func indexOf(name string) int {
	for i, n := range recordNames {
		if n == name {
			return i
		}
	}
	return 0
}

// TestFastRecordMutations holds fastRecord to the exact path on records
// changed one value at a time — a member dropped, a value replaced by one
// of another type, length, spelling or range, a member added — so that
// every constraint of the schemas and of the binder is met on both sides
// of its edge.
func TestFastRecordMutations(t *testing.T) {
	// How many records of each kind: changes of several kinds.
	per := map[string]int{recordNames[0]: 1, recordNames[1]: 3, recordNames[2]: 2, recordNames[3]: 2}
	if testing.Short() || raceEnabled {
		per = map[string]int{recordNames[0]: 1, recordNames[1]: 2, recordNames[2]: 1, recordNames[3]: 1}
	}
	seen := map[string]int{}
	mutants, bound := 0, 0
	for _, c := range generatedCases(t, 1, 4) {
		k := c.name + itoa(c.major)
		if !c.valid || seen[k] >= per[c.name] {
			continue
		}
		seen[k]++
		for _, raw := range mutations(t, c.raw) {
			mutants++
			m := c
			m.raw, m.source = raw, c.source+" mutated"
			if checkFast(t, m) {
				bound++
			}
		}
	}
	t.Logf("%d mutants, %d bound by the fast path", mutants, bound)
}

// mutations returns raw changed at one value each.
func mutations(t *testing.T, raw []byte) [][]byte {
	var out [][]byte
	var strs []any
	walkJSON(decodeJSON(t, raw), func(v any) {
		if s, ok := v.(string); ok && len(strs) < 8 {
			strs = append(strs, s)
		}
	})
	values := []any{nil, true, json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("1.005"),
		json.Number("1e2"), json.Number("9007199254740993"), json.Number("100"), json.Number("101"), json.Number("1e400"),
		"", "x", "x\n", "\x01", "\uFFFE", strings.Repeat("é", 101), strings.Repeat("9", 12), "2026-02-30", "2026-02-28",
		"2026", "2026-13", "2026-11-26T10:00:00.000+07:00", "0001-01-01T00:00:00Z", "/HoVaTen", "//",
		[]any{}, map[string]any{}, map[string]any{"X": json.Number("1")}}
	values = append(values, strs...)
	// Values of the members that if/then of the schemas read.
	values = append(values, string(packet.MatchDiffers), string(packet.MatchOK), string(packet.RecordError),
		string(packet.RecordWarning), string(packet.RecordOK))
	for _, k := range packet.ChangeKinds() {
		values = append(values, k.Code)
	}
	n := 0
	walkJSON(decodeJSON(t, raw), func(any) { n++ })
	stride := 1
	if raceEnabled {
		stride = 3 // the race detector's tenfold cost: every third value
	}
	for i := 1; i < n; i += stride { // 0 is the record itself
		out = append(out, mutate(t, raw, i, deleteMember))
		for _, v := range values {
			out = append(out, mutate(t, raw, i, v))
		}
	}
	tree := decodeJSON(t, raw).(map[string]any)
	tree["X"] = "x"
	out = append(out, encodeJSON(t, tree))
	return out
}

// deleteMember, as the value of a mutation, drops the member.
var deleteMember = new(int)

// mutate replaces the i-th value of raw (in walkJSON's order) by v.
func mutate(t *testing.T, raw []byte, i int, v any) []byte {
	tree := decodeJSON(t, raw)
	n := 0
	var visit func(parent any) bool
	visit = func(parent any) bool {
		switch p := parent.(type) {
		case map[string]any:
			for _, k := range sortedKeys(p) {
				n++
				if n == i {
					if v == deleteMember {
						delete(p, k)
					} else {
						p[k] = v
					}
					return true
				}
				if visit(p[k]) {
					return true
				}
			}
		case []any:
			for j := range p {
				n++
				if n == i {
					if v == deleteMember {
						p[j] = map[string]any{}
					} else {
						p[j] = v
					}
					return true
				}
				if visit(p[j]) {
					return true
				}
			}
		}
		return false
	}
	visit(tree)
	return encodeJSON(t, tree)
}

// walkJSON calls f on v and every value inside it, members in key order.
func walkJSON(v any, f func(any)) {
	f(v)
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			walkJSON(v[k], f)
		}
	case []any:
		for _, x := range v {
			walkJSON(x, f)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func decodeJSON(t *testing.T, raw []byte) any {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func encodeJSON(t *testing.T, v any) []byte {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b.Bytes())
}

// BenchmarkFastRecord binds each of the 10,000 profiles of the benchmark
// packet (format 2.0) by itself: by the fast path, and by the exact path
// it replaces (a tree, the compiled schema, the reflection binder), and
// by the fast path into the record bound before (recycled). Per
// profile: ns/profile of wall time, cpu-ns/profile, allocs/profile.
func BenchmarkFastRecord(b *testing.B) {
	_, major, recs, ok := splitPacket(benchPacket(b, packet.FormatJSON))
	if !ok || len(recs) != benchProfiles {
		b.Fatal("no benchmark packet")
	}
	name := packet.KindProfiles.RecordName()
	var last packet.Record
	for _, c := range []struct {
		name string
		bind func(raw []byte) bool
	}{
		{"fast", func(raw []byte) bool { _, ok := packet.FastRecord(name, raw, major); return ok }},
		// Into the record bound before, as a validation's workers bind
		// into the records its collector recycles.
		{"fast-recycled", func(raw []byte) bool {
			rec, ok := packet.FastRecordReusing(name, raw, major, last)
			last = rec
			return ok
		}},
		{"exact", func(raw []byte) bool {
			_, _, problems, _, err := packet.ExactRecord(name, raw, major, true)
			return err == nil && len(problems) == 0
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var n int64
			for _, r := range recs {
				n += int64(len(r))
			}
			b.SetBytes(n)
			b.ReportAllocs()
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			cpu := cputime.Start()
			for b.Loop() {
				for _, r := range recs {
					if !c.bind(r) {
						b.Fatal("a valid profile did not bind")
					}
				}
			}
			runtime.ReadMemStats(&m1)
			per := float64(benchProfiles * b.N)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/profile")
			b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/per, "allocs/profile")
			if d, ok := cpu.Elapsed(); ok {
				b.ReportMetric(float64(d.Nanoseconds())/per, "cpu-ns/profile")
			}
		})
	}
}

// TestFastRecordConcurrent binds the same records from several goroutines
// at once, as the validation workers do: each gets what one goroutine
// alone gets, and (under the race detector) nothing is shared that one
// of them writes.
func TestFastRecordConcurrent(t *testing.T) {
	cases := generatedCases(t, 1, 6)
	want := make([]packet.Record, len(cases))
	for i, c := range cases {
		want[i], _ = packet.FastRecord(c.name, c.raw, c.major)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range cases {
				i := (k + g*len(cases)/4) % len(cases)
				c := cases[i]
				got, _ := packet.FastRecord(c.name, c.raw, c.major)
				if d := cmp.Diff(want[i], got, recordOptions); d != "" {
					t.Errorf("%s: bound otherwise in goroutine %d:\n%s", c.source, g, d)
				}
			}
		})
	}
	wg.Wait()
	// A record returned before is not changed by those bound after.
	for i, c := range cases {
		again, _ := packet.FastRecord(c.name, c.raw, c.major)
		if d := cmp.Diff(want[i], again, recordOptions); d != "" {
			t.Errorf("%s: a record bound earlier changed:\n%s", c.source, d)
		}
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFastRecordNotWithCustomSchemas: the fast path checks the embedded
// schemas, so a Validator given other schemas (WithSchemas) checks every
// record by them: here a stricter one, whose maxLength every generated
// name breaks.
func TestFastRecordNotWithCustomSchemas(t *testing.T) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(schema.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(schema.FS, p)
		if err != nil {
			return err
		}
		if p == schema.Profile {
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				return err
			}
			doc["properties"].(map[string]any)[recordFieldName(t)].(map[string]any)["maxLength"] = 3
			data = mustMarshal(t, doc)
		}
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	strict, err := schema.CompileFS(fsys, schema.Latest)
	if err != nil {
		t.Fatal(err)
	}
	v, err := packet.NewValidator(packet.WithSchemas(strict))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := packettest.New(packettest.Options{}).Packet(packet.KindProfiles, 3).Encode(&buf, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	rep, err := v.Validate(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rep.Findings); n != 3 {
		t.Errorf("%d findings, want 3 (one for each profile, by the caller's schema): %v", n, rep.Findings)
	}
}

// recordFieldName is the wire name of the full name of a profile.
func recordFieldName(t *testing.T) string {
	t.Helper()
	b := mustMarshal(t, packet.Profile{FullName: "x"})
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if v == "x" {
			return k
		}
	}
	t.Fatal("no member holds the full name")
	return ""
}

// TestValidateRecycled: a validation recycles the records the workers
// bound once the collector is done with them; written over as they are
// recycled (Poison), they give the same report, finding for finding, as
// a run that keeps them — nothing outlives the collector that points
// into them — on packets of both versions, of every kind, valid and not,
// under the race detector too.
func TestValidateRecycled(t *testing.T) {
	n := 60
	if testing.Short() || raceEnabled {
		n = 20
	}
	recycled := 0
	var mu sync.Mutex
	poisoned, err := packet.NewValidator(packet.WithClock(genClock), packet.WithRecycled(func(rec packet.Record) {
		packet.Poison(rec)
		mu.Lock()
		recycled++
		mu.Unlock()
	}))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := packet.NewValidator(packet.WithClock(genClock), packet.WithRecycled(func(packet.Record) {}))
	if err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"", "1.0"} {
		for _, defects := range []bool{false, true} {
			opt := packettest.Options{Seed: 7, Version: version}
			if defects {
				opt.Defects, opt.DefectEvery = packettest.DefectsFor(cmpVersion(version)), 3
			}
			for _, kind := range packet.Kinds() {
				data, err := json.Marshal(packettest.New(opt).Packet(kind, n))
				if err != nil {
					t.Fatal(err)
				}
				want, err1 := kept.Validate(context.Background(), bytes.NewReader(data))
				got, err2 := poisoned.Validate(context.Background(), bytes.NewReader(data))
				if err1 != nil || err2 != nil {
					t.Fatalf("%s %s: %v, %v", kind, version, err1, err2)
				}
				if d := cmp.Diff(want, got, recordOptions); d != "" {
					t.Errorf("%s %s (defects %v): reports differ (-kept +poisoned):\n%s", kind, version, defects, d)
				}
			}
		}
	}
	if recycled < n {
		t.Errorf("%d records recycled: the test does not test recycling", recycled)
	}
}
