package quality_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

const benchProfiles = 5_000

var benchPackets = sync.OnceValue(func() map[packet.Format][]byte {
	g := packettest.New(packettest.Options{Seed: 1, Defects: packettest.Defects(), DefectEvery: 10})
	p := g.Packet(packet.KindProfiles, benchProfiles)
	out := map[packet.Format][]byte{}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		if err := p.Encode(&buf, f); err != nil {
			panic(err)
		}
		out[f] = buf.Bytes()
	}
	return out
})

// BenchmarkCheck measures the quality report of a packet of 5,000 profiles,
// one in ten with a defect, beside its baseline, the validator alone
// (validate), which the report runs first; locate is the page's extra
// pass, which finds the value of every finding in the packet's text.
func BenchmarkCheck(b *testing.B) {
	c := checker(b, false)
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		data := benchPackets()[f]
		rep := check(b, c, data)
		var ptrs []string
		for _, fd := range rep.Findings {
			ptrs = append(ptrs, fd.Pointer)
		}
		b.Run("validate/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Validator.Validate(context.Background(), bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("check/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Check(context.Background(), bytes.NewReader(data), int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("locate/"+f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := packet.Locate(context.Background(), bytes.NewReader(data), f, packet.Limits{}, ptrs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// generated is a packet of n profiles, one in ten with a defect, that is
// never held whole: each read from offset 0 generates it again, and the
// reads that follow must go on from where the last ended, as those of an
// io.SectionReader do.
type generated struct {
	n   int
	pos int64
	r   *io.PipeReader
}

func (g *generated) start() {
	if g.r != nil {
		g.r.Close()
	}
	pr, pw := io.Pipe()
	go func() {
		gen := packettest.New(packettest.Options{Seed: 2, Defects: packettest.Defects(), DefectEvery: 10})
		enc := packet.NewEncoder(pw, packet.FormatJSON, gen.Header(packet.KindProfiles, g.n))
		for r := range gen.Records(packet.KindProfiles, g.n) {
			if err := enc.Encode(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(enc.Close(nil))
	}()
	g.r, g.pos = pr, 0
}

func (g *generated) ReadAt(p []byte, off int64) (int, error) {
	if off == 0 || g.r == nil {
		g.start()
	}
	if off != g.pos {
		return 0, io.ErrUnexpectedEOF // not a sequential reader's read
	}
	n, err := io.ReadFull(g.r, p)
	g.pos += int64(n)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	return n, err
}

// TestCheckMemory reports on a packet of 12,000 profiles, about 50 MB,
// that is never in memory: the report's heap stays far under the packet's
// size.
func TestCheckMemory(t *testing.T) {
	switch {
	case testing.Short():
		t.Skip("a 12,000-profile packet: skipped with -short")
	case raceEnabled:
		t.Skip("the race detector inflates the heap: memory is measured without it")
	}
	const n = 12_000
	g := &generated{n: n}
	g.start()
	size, err := io.Copy(io.Discard, g.r)
	if err != nil {
		t.Fatal(err)
	}
	var peak uint64
	var ms runtime.MemStats
	v, err := packet.NewValidator(packet.WithProgress(func(records int) {
		if records%2000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := (&quality.Checker{Validator: v}).Check(context.Background(), g, size)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	if rep.Records != n || rep.Checked != n || rep.Clean != n-n/10 || len(rep.ByPerson) != n/10 {
		t.Errorf("%d records, %d checked, %d clean, %d persons", rep.Records, rep.Checked, rep.Clean, len(rep.ByPerson))
	}
	t.Logf("peak heap in use while reporting on %d profiles (%.0f MB): %.1f MiB", n, float64(size)/1e6, float64(peak)/(1<<20))
	if peak > 64<<20 || float64(peak) > float64(size)/2 {
		t.Errorf("peak heap %.1f MiB for a packet of %.0f MB", float64(peak)/(1<<20), float64(size)/1e6)
	}
}
