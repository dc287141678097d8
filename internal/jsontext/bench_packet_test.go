package jsontext_test

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

var (
	profilesOnce sync.Once
	profiles     []byte
)

// profilesPacket is the packet packet's BenchmarkValidate reads: 10,000
// generated profiles of format 2.0, as JSON.
func profilesPacket(b *testing.B) []byte {
	profilesOnce.Do(func() {
		var buf bytes.Buffer
		p := packettest.New(packettest.Options{Seed: 1}).Packet(packet.KindProfiles, 10_000)
		if err := p.Encode(&buf, packet.FormatJSON); err != nil {
			b.Fatal(err)
		}
		profiles = buf.Bytes()
	})
	return profiles
}

// BenchmarkRawValue measures finding where records end, the serial part
// of a JSON packet's validation, on the records of the packet the
// Validator's benchmark reads: in memory, and from a stream as Validate
// reads it.
func BenchmarkRawValue(b *testing.B) {
	doc := profilesPacket(b)
	lim := jsontext.Limits{MaxBytes: 2 << 30, MaxDepth: 32, MaxStringLen: 64 << 10, MaxNameLen: 256, MaxNumberLen: 64}
	for _, c := range []struct {
		name string
		dec  func() *jsontext.Decoder
	}{
		{"bytes", func() *jsontext.Decoder { return jsontext.NewBytesDecoder(doc, lim) }},
		{"stream", func() *jsontext.Decoder { return jsontext.NewDecoder(bytes.NewReader(doc), lim) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if n := rawRecords(b, c.dec()); n != 10_000 {
					b.Fatalf("%d records", n)
				}
			}
		})
	}
}

// rawRecords walks a packet to its records and finds where each ends,
// checking that each fits the limits; it returns how many there are.
func rawRecords(b *testing.B, d *jsontext.Decoder) int {
	if err := d.BeginObject(); err != nil {
		b.Fatal(err)
	}
	n := 0
	for first := true; ; first = false {
		k, ok, err := d.NextMember(first)
		if err != nil {
			b.Fatal(err)
		}
		if !ok {
			break
		}
		if k != "DuLieu" {
			if err := d.Skip(); err != nil {
				b.Fatal(err)
			}
			continue
		}
		if err := d.BeginArray(); err != nil {
			b.Fatal(err)
		}
		for ; ; n++ {
			more, err := d.NextElement(n == 0)
			if err != nil {
				b.Fatal(err)
			}
			if !more {
				break
			}
			if raw, _, err := d.RawValue(1 << 20); err != nil || !raw.Fits {
				b.Fatal(raw.Fits, err)
			}
		}
	}
	if err := d.End(); err != nil && err != io.EOF {
		b.Fatal(err)
	}
	return n
}
