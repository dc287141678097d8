package jcs

import (
	"bytes"
	"sync"
	"testing"

	gowebpki "github.com/gowebpki/jcs"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/cputime"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// profiles is a 10,000-profile JSON packet, as signing's benchmarks use.
var profiles = sync.OnceValue(func() []byte {
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	p := packettest.New(packettest.Options{Seed: 1, Sender: sender}).Packet(packet.KindProfiles, 10_000)
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkTransform canonicalises a 10,000-profile packet, with this
// package and with gowebpki/jcs; "canonical" is its already canonical form.
func BenchmarkTransform(b *testing.B) {
	data := profiles()
	canon, err := Transform(data)
	if err != nil {
		b.Fatal(err)
	}
	want, err := gowebpki.Transform(data)
	if err != nil || !bytes.Equal(canon, want) {
		b.Fatalf("not gowebpki/jcs's output: %v", err)
	}
	for _, bc := range []struct {
		name string
		in   []byte
		f    func([]byte) ([]byte, error)
	}{
		{"jcs", data, Transform},
		{"jcs/canonical", canon, Transform},
		{"gowebpki", data, gowebpki.Transform},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			cpu := cputime.Start()
			for b.Loop() {
				if _, err := bc.f(bc.in); err != nil {
					b.Fatal(err)
				}
			}
			cpu.ReportPerOp(b)
		})
	}
}

// BenchmarkRecords canonicalises 500 profiles of the packet with one
// parser, as a worker does a piece: the work per record, without the
// noise of the workers on a busy machine. "canonical" is their already
// canonical form.
func BenchmarkRecords(b *testing.B) {
	data := profiles()
	start := bytes.Index(data, []byte(`"DuLieu":[`)) + len(`"DuLieu":`)
	end := start
	for range 500 {
		end += 1 + bytes.Index(data[end+1:], []byte(",\n{"))
	}
	records := append(data[start:end:end], ']')
	canon, err := Transform(records)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		in   []byte
	}{{"encoded", records}, {"canonical", canon}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			cpu := cputime.Start()
			for b.Loop() {
				p := parser{in: bc.in, budget: 2 * len(bc.in), tune: tuning{minArray: 1 << 62}}
				if err := p.document(false); err != nil {
					b.Fatal(err)
				}
			}
			cpu.ReportPerOp(b)
		})
	}
}
