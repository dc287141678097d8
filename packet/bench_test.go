package packet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/cputime"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

var (
	benchOnce    sync.Once
	benchPackets map[packet.Format][]byte
)

const benchProfiles = 10_000

// benchPacket is a generated HOSO packet of 10,000 profiles of format 2.0,
// with the ten data groups.
func benchPacket(b *testing.B, f packet.Format) []byte {
	benchOnce.Do(func() {
		benchPackets = encodeBoth(packettest.New(packettest.Options{Seed: 1}).Packet(packet.KindProfiles, benchProfiles))
	})
	return benchPackets[f]
}

var (
	bench1Once    sync.Once
	bench1Packets map[packet.Format][]byte
)

// benchPacket1 is the same packet in format 1.0, without the members the
// ten data groups add: the per-byte cost of 2.0 is measured against it.
func benchPacket1(b *testing.B, f packet.Format) []byte {
	bench1Once.Do(func() {
		bench1Packets = encodeBoth(packettest.New(packettest.Options{Seed: 1, Version: "1.0"}).Packet(packet.KindProfiles, benchProfiles))
	})
	return bench1Packets[f]
}

func encodeBoth(p *packet.Packet) map[packet.Format][]byte {
	out := map[packet.Format][]byte{}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		if err := p.Encode(&buf, f); err != nil {
			panic(err)
		}
		out[f] = buf.Bytes()
	}
	return out
}

func genClock() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.FixedZone("ICT", 7*3600)) }

// BenchmarkValidate compares full validation (well-formedness, schema,
// semantic rules) with the same validation checking the schemas with
// jsonschema (jsonschema/, as WithSchemas does, and as every validation did
// before the schemas were compiled to Go), with ajv's schema-only
// validation (ajv-schema-only/, see benchAjv), and with the naive
// schema-only validation a vendor would write: json.Unmarshal into any,
// then the same JSON Schemas. The full
// validation runs on a packet of format 2.0, with the ten data groups,
// and on the same people in format 1.0 (full-1.0): the per-byte cost of
// 2.0 (MB/s, and MB/cpu-s, less disturbed on a shared machine) stays
// within 1.5 times 1.0's.
func BenchmarkValidate(b *testing.B) {
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		b.Fatal(err)
	}
	sch, err := schema.Compile()
	if err != nil {
		b.Fatal(err)
	}
	ref, err := packet.NewValidator(packet.WithClock(genClock), packet.WithSchemas(sch))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		for _, c := range []struct {
			name   string
			packet func(*testing.B, packet.Format) []byte
			v      *packet.Validator
		}{{"full/", benchPacket, v}, {"full-1.0/", benchPacket1, v}, {"jsonschema/", benchPacket, ref}} {
			v := c.v
			b.Run(c.name+f.String(), func(b *testing.B) {
				data := c.packet(b, f)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				cpu := cputime.Start()
				for b.Loop() {
					rep, err := v.Validate(context.Background(), bytes.NewReader(data))
					if err != nil || !rep.Valid() || rep.Records != benchProfiles {
						b.Fatalf("%v %v", err, rep.Findings)
					}
				}
				b.ReportMetric(float64(benchProfiles*b.N)/b.Elapsed().Seconds(), "profiles/s")
				b.ReportMetric(float64(len(data))/benchProfiles, "bytes/profile")
				// MB per second of CPU time (garbage collection included):
				// what compares 2.0 with 1.0 on a busy machine.
				if d, ok := cpu.Elapsed(); ok {
					b.ReportMetric(float64(len(data)*b.N)/1e6/d.Seconds(), "MB/cpu-s")
				}
			})
		}
	}
	b.Run("ajv-schema-only/json", func(b *testing.B) { benchAjv(b, benchPacket(b, packet.FormatJSON)) })
	b.Run("naive-schema-only/json", func(b *testing.B) {
		s, err := schema.Compile()
		if err != nil {
			b.Fatal(err)
		}
		data := benchPacket(b, packet.FormatJSON)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				b.Fatal(err)
			}
			if err := s.Envelope.Validate(doc); err != nil {
				b.Fatal(err)
			}
			for _, rec := range doc.(map[string]any)["DuLieu"].([]any) {
				if err := s.Profile.Validate(rec); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(benchProfiles*b.N)/b.Elapsed().Seconds(), "profiles/s")
	})
}

// benchAjv times ajv, the JSON Schema validator of Node.js vendors (the
// conformance kit's, default options), validating data by the same schemas,
// schema only: JSON.parse, the envelope, every record. Node runs b.N
// validations after one that compiles the schemas and warms up; ns/op is
// theirs, cpu-ns/op their CPU time, parse-ns/op that of JSON.parse alone.
func benchAjv(b *testing.B, data []byte) {
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("node not found in PATH: the ajv comparison is skipped (apt-get install nodejs npm; .ci/run installs them)")
	}
	dir := filepath.Join("..", "conformance", "testdata", "validators")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ajv", "package.json")); err != nil {
		b.Skipf("ajv not installed: the ajv comparison is skipped (npm ci --prefix conformance/testdata/validators; .ci/run does it)")
	}
	file := filepath.Join(b.TempDir(), "packet.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n++
	}
	out, err := exec.Command(node, filepath.Join(dir, "ajv-bench.cjs"), "schema", file, strconv.Itoa(n)).Output()
	if err != nil {
		b.Fatalf("ajv-bench.cjs: %v", err)
	}
	var res struct {
		Valid                             bool
		NsPerOp, ParseNsPerOp, CPUNsPerOp float64
	}
	if err := json.Unmarshal(out, &res); err != nil || !res.Valid {
		b.Fatalf("ajv-bench.cjs printed %s (%v)", out, err)
	}
	b.ReportMetric(res.NsPerOp, "ns/op")
	b.ReportMetric(float64(len(data))/1e6/(res.NsPerOp/1e9), "MB/s")
	b.ReportMetric(res.ParseNsPerOp, "parse-ns/op")
	b.ReportMetric(float64(len(data))/1e6/(res.CPUNsPerOp/1e9), "MB/cpu-s")
	b.ReportMetric(benchProfiles/(res.NsPerOp/1e9), "profiles/s")
}

// BenchmarkDecode measures decoding alone, per profile.
func BenchmarkDecode(b *testing.B) {
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		b.Run(f.String(), func(b *testing.B) {
			data := benchPacket(b, f)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				d := packet.NewDecoder(bytes.NewReader(data), f, packet.Limits{})
				n := 0
				for _, err := range d.Records() {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != benchProfiles {
					b.Fatal(n)
				}
			}
			b.ReportMetric(float64(benchProfiles*b.N)/b.Elapsed().Seconds(), "profiles/s")
		})
	}
}

// TestStreamingValidationMemory validates a 100,000-profile packet that is
// generated while it is read, and checks that the heap stays small: memory
// must not grow with the number of records. It takes about a minute, so it
// runs only without -short, and without -race, which inflates the heap.
func TestStreamingValidationMemory(t *testing.T) {
	switch {
	case testing.Short():
		t.Skip("a 100,000-profile packet: skipped with -short")
	case raceEnabled:
		t.Skip("the race detector inflates the heap and the time: memory is measured without it")
	}
	const n = 100_000
	pr, pw := io.Pipe()
	groups := make(chan [3]int, 1) // profiles with grades, allowances, a health record: the packet is of 2.0's ten groups
	go func() {
		g := packettest.New(packettest.Options{Seed: 2})
		enc := packet.NewEncoder(pw, packet.FormatJSON, g.Header(packet.KindProfiles, n))
		var seen [3]int
		defer func() { groups <- seen }()
		for _, p := range g.EachProfile(n) {
			if err := enc.Encode(&p); err != nil {
				pw.CloseWithError(err)
				return
			}
			seen[0] += min(len(p.Grades), 1)
			seen[1] += min(len(p.Allowances), 1)
			if p.Health != nil {
				seen[2]++
			}
		}
		pw.CloseWithError(enc.Close(nil))
	}()
	var peak uint64
	var ms runtime.MemStats
	v, err := packet.NewValidator(packet.WithClock(genClock), packet.WithProgress(func(records int) {
		if records%5000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Validate(context.Background(), pr)
	if err != nil || rep.Records != n || !rep.Valid() {
		t.Fatalf("%v, %d records, findings %v", err, rep.Records, len(rep.Findings))
	}
	seen := <-groups
	if seen[0] < n/2 || seen[1] < n/2 || seen[2] < n/2 {
		t.Errorf("of %d profiles, %d have grades, %d allowances, %d a health record: not a packet of the ten groups", n, seen[0], seen[1], seen[2])
	}
	t.Logf("peak heap in use while validating %d profiles of format 2.0: %.1f MiB", n, float64(peak)/(1<<20))
	if peak > 64<<20 {
		t.Errorf("peak heap %.1f MiB, want under 64 MiB", float64(peak)/(1<<20))
	}
}

// BenchmarkReadHeader measures ReadHeader on a packet of 10,000 profiles:
// it reads the whole packet, so that a second header cannot hide after the
// first; Decoder.Header, which stops at the first, is the lower bound.
// ReadHeaderBytes is the check a signer makes of a JSON packet, its
// records read on all cores.
func BenchmarkReadHeader(b *testing.B) {
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		data := benchPacket(b, f)
		b.Run("ReadHeader/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := packet.ReadHeader(bytes.NewReader(data), f, packet.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("ReadHeaderBytes/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu := cputime.Start()
			for b.Loop() {
				if _, _, err := packet.ReadHeaderBytes(data, f, packet.Limits{}); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time, the workers' included: what a signer pays for the
			// check on a machine whose cores are busy.
			if d, ok := cpu.Elapsed(); ok {
				b.ReportMetric(float64(d.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
			}
		})
		b.Run("Decoder.Header/"+f.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := packet.NewDecoder(bytes.NewReader(data), f, packet.Limits{}).Header(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var (
	semanticOnce    sync.Once
	semanticHeader  packet.Header
	semanticRecords []packet.Record
)

// BenchmarkSemantic measures the semantic layer alone (every rule of the
// catalogue about the decoded model, the header's and the packet's end
// included) on the profiles of benchPacket, decoded beforehand: all
// 10,000 of them once per op, most of them out of the processor's caches;
// and the first 100 over and over (cached), as a validation worker sees a
// record it has just bound.
func BenchmarkSemantic(b *testing.B) {
	semanticOnce.Do(func() {
		p, fs, err := packet.Decode(bytes.NewReader(benchPacket(b, packet.FormatJSON)), packet.FormatJSON, packet.Limits{})
		if err != nil || len(fs) > 0 {
			panic(fmt.Sprint(err, fs))
		}
		semanticHeader = p.Header
		for i := range p.Records.Profiles {
			semanticRecords = append(semanticRecords, &p.Records.Profiles[i])
		}
	})
	for _, c := range []struct {
		name    string
		records []packet.Record
		rounds  int
	}{{"all", semanticRecords, 1}, {"cached", semanticRecords[:100], 100}} {
		b.Run(c.name, func(b *testing.B) {
			h := semanticHeader
			h.RecordCount = len(c.records)
			runtime.GC() // the decoder's garbage is not the semantic layer's
			b.ReportAllocs()
			cpu := cputime.Start()
			for b.Loop() {
				for range c.rounds {
					if n := packet.CheckRecordsSemantic(&h, c.records, genClock()); n != 0 {
						b.Fatalf("%d findings", n)
					}
				}
			}
			n := float64(b.N * c.rounds * len(c.records))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/profile")
			// CPU time per profile (garbage collection included): what a
			// busy machine disturbs less than the wall clock.
			if d, ok := cpu.Elapsed(); ok {
				b.ReportMetric(float64(d.Nanoseconds())/n, "cpu-ns/profile")
			}
		})
	}
}
