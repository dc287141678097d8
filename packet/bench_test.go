package packet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

var (
	benchOnce    sync.Once
	benchPackets map[packet.Format][]byte
)

const benchProfiles = 10_000

// benchPacket is a generated HOSO packet of 10,000 profiles.
func benchPacket(b *testing.B, f packet.Format) []byte {
	benchOnce.Do(func() {
		benchPackets = map[packet.Format][]byte{}
		p := packettest.New(packettest.Options{Seed: 1}).Packet(packet.KindProfiles, benchProfiles)
		for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
			var buf bytes.Buffer
			if err := p.Encode(&buf, f); err != nil {
				panic(err)
			}
			benchPackets[f] = buf.Bytes()
		}
	})
	return benchPackets[f]
}

func genClock() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.FixedZone("ICT", 7*3600)) }

// BenchmarkValidate compares full validation (well-formedness, schema,
// semantic rules) with the naive schema-only validation a vendor would
// write: json.Unmarshal into any, then the same JSON Schemas.
func BenchmarkValidate(b *testing.B) {
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		b.Run("full/"+f.String(), func(b *testing.B) {
			data := benchPacket(b, f)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := v.Validate(context.Background(), bytes.NewReader(data))
				if err != nil || !rep.Valid() || rep.Records != benchProfiles {
					b.Fatalf("%v %v", err, rep.Findings)
				}
			}
			b.ReportMetric(float64(benchProfiles*b.N)/b.Elapsed().Seconds(), "profiles/s")
		})
	}
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
// runs only without -short.
func TestStreamingValidationMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a 100,000-profile packet: skipped with -short")
	}
	const n = 100_000
	pr, pw := io.Pipe()
	go func() {
		g := packettest.New(packettest.Options{Seed: 2})
		enc := packet.NewEncoder(pw, packet.FormatJSON, g.Header(packet.KindProfiles, n))
		for _, p := range g.EachProfile(n) {
			if err := enc.Encode(&p); err != nil {
				pw.CloseWithError(err)
				return
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
	t.Logf("peak heap in use while validating %d profiles: %.1f MiB", n, float64(peak)/(1<<20))
	if peak > 64<<20 {
		t.Errorf("peak heap %.1f MiB, want under 64 MiB", float64(peak)/(1<<20))
	}
}

// BenchmarkReadHeader measures ReadHeader on a packet of 10,000 profiles:
// it reads the whole packet, so that a second header cannot hide after the
// first; Decoder.Header, which stops at the first, is the lower bound.
func BenchmarkReadHeader(b *testing.B) {
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		data := benchPacket(b, f)
		b.Run("ReadHeader/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := packet.ReadHeader(bytes.NewReader(data), f, packet.Limits{}); err != nil {
					b.Fatal(err)
				}
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
