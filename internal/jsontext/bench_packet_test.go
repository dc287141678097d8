package jsontext_test

import (
	"bytes"
	"encoding/json"
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
	n := 0
	eachRecord(b, d, func(raw jsontext.Raw) {
		if !raw.Fits {
			b.Fatalf("record %d: over the limits", n)
		}
		n++
	})
	return n
}

// eachRecord walks a packet to its records and hands each to fn as
// RawValue finds it, its bytes valid until fn returns.
func eachRecord(b *testing.B, d *jsontext.Decoder, fn func(jsontext.Raw)) {
	if err := d.BeginObject(); err != nil {
		b.Fatal(err)
	}
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
		for i := 0; ; i++ {
			more, err := d.NextElement(i == 0)
			if err != nil {
				b.Fatal(err)
			}
			if !more {
				break
			}
			raw, _, err := d.RawValue(1 << 20)
			if err != nil || raw.Bytes == nil {
				b.Fatal(err)
			}
			fn(raw)
		}
	}
	if err := d.End(); err != nil && err != io.EOF {
		b.Fatal(err)
	}
}

var (
	sortedOnce sync.Once
	sorted     []byte
)

// sortedPacket is profilesPacket with its keys in ascending order and no
// space, as the canonical form a signer checks has them.
func sortedPacket(b *testing.B) []byte {
	doc := profilesPacket(b)
	sortedOnce.Do(func() {
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			b.Fatal(err)
		}
		sorted = bytes.TrimSpace(buf.Bytes())
	})
	return sorted
}

// BenchmarkSkipRecords measures a Skipper checking the records of the
// packet the Validator's benchmark reads, one after another on one core,
// each cut out by RawValue beforehand, as ReadHeaderBytes' workers check
// them: as the packet encodes them, and with the keys in ascending order
// (sorted), as in the canonical form a signer checks.
func BenchmarkSkipRecords(b *testing.B) {
	lim := jsontext.Limits{MaxBytes: 2 << 30, MaxDepth: 32, MaxStringLen: 64 << 10, MaxNameLen: 256, MaxNumberLen: 64}
	for _, c := range []struct {
		name string
		doc  func(*testing.B) []byte
	}{{"encoded", profilesPacket}, {"sorted", sortedPacket}} {
		b.Run(c.name, func(b *testing.B) {
			recs := rawSplit(b, c.doc(b), lim)
			size := 0
			for _, r := range recs {
				size += len(r.Bytes)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			d := jsontext.NewBytesDecoder(nil, lim)
			var s jsontext.Skipper
			for b.Loop() {
				for _, r := range recs {
					d.ResetAt(r.Bytes, jsontext.At{Offset: r.Offset, Depth: 2})
					if err := s.Skip(d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// rawSplit returns the records of a packet as RawValue cuts them.
func rawSplit(b *testing.B, doc []byte, lim jsontext.Limits) []jsontext.Raw {
	var recs []jsontext.Raw
	eachRecord(b, jsontext.NewBytesDecoder(doc, lim), func(raw jsontext.Raw) { recs = append(recs, raw) })
	return recs
}
