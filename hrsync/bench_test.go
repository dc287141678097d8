//go:build unix

package hrsync

import (
	"context"
	"flag"
	"iter"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// benchRows is the size of the agency of BenchmarkSync: 100,000 for the
// figures in the guide:
//
//	go test ./hrsync -run '^$' -bench BenchmarkSync -benchtime 1x -sync-rows 100000
var benchRows = flag.Int("sync-rows", 10_000, "people of BenchmarkSync")

// generated streams n generated people, one at a time; with changed,
// every hundredth has a change event of the generator's applied.
func generated(n int, changed bool) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		g := packettest.New(packettest.Options{Seed: 100, Sender: agency, Now: today})
		cg := packettest.New(packettest.Options{Seed: 101, Sender: agency, Now: today})
		for i := range n {
			p := g.Profile()
			var dec map[string]packet.Decision
			if changed && i%100 == 0 {
				c := cg.Change(p)
				if q, fs := packet.Apply(p, c); len(fs) == 0 {
					p = q
					p.UpdatedAt = today.Add(-time.Hour)
					if c.Decision != nil {
						dec = map[string]packet.Decision{c.Kind: *c.Decision, c.Decision.Number: *c.Decision}
					}
				}
			}
			if !yield(Row{Profile: p, Decisions: dec}, nil) {
				return
			}
		}
	}
}

// countingTransport counts the bytes of the requests sent.
type countingTransport struct {
	base http.RoundTripper
	sent atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.ContentLength > 0 {
		c.sent.Add(r.ContentLength)
	}
	return c.base.RoundTrip(r)
}

// peakHeap samples the heap in use until stop is called, and returns the
// highest value seen.
func peakHeap() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); return peak }
}

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// BenchmarkSync syncs -sync-rows generated people to the sandbox, with
// the state in SQLite: the first time (every profile sent), then again
// with one in a hundred changed (every row read once, only the change
// events sent). It reports the time of each per 100,000 rows, the bytes
// sent, and the peak heap of the process beside the heap the sandbox
// holds at the end (its copy of every profile), whose difference is the
// engine's; and the CPU time of each, the sandbox's included, which a
// busy machine does not change as it does the wall-clock time.
func BenchmarkSync(b *testing.B) {
	n := *benchRows
	for b.Loop() {
		ctx := context.Background()
		st, err := OpenSQLite(ctx, b.TempDir()+"/store.db")
		if err != nil {
			b.Fatal(err)
		}
		srv := ndxptest.NewServer(b, ndxptest.Config{Now: func() time.Time { return today }, PKI: pki()})
		ct := &countingTransport{base: srv.HTTPClient().Transport}
		eng, err := New(Config{
			Client:     srv.Client(agency, ndxp.WithHTTPClient(&http.Client{Transport: ct})),
			Store:      st,
			JournalDir: b.TempDir(),
			Upload:     ndxp.UploaderConfig{PollInterval: 5 * time.Millisecond},
			Now:        func() time.Time { return today },
		})
		if err != nil {
			b.Fatal(err)
		}
		base := heapInUse()
		stop := peakHeap()
		start, cpu := time.Now(), cpuTime()
		rep, err := eng.Sync(ctx, generated(n, false))
		first, firstCPU := time.Since(start), cpuTime()-cpu
		peak1 := stop()
		if err != nil || rep.New != n || rep.Refused != 0 {
			b.Fatalf("first sync: %v %+v", err, rep.Progressless())
		}
		held := heapInUse() // the sandbox's copy of every profile, and the store's cache
		sent1 := ct.sent.Swap(0)

		stop = peakHeap()
		start, cpu = time.Now(), cpuTime()
		rep, err = eng.Sync(ctx, generated(n, true))
		second, secondCPU := time.Since(start), cpuTime()-cpu
		peak2 := stop()
		if err != nil || rep.Rows != n || rep.Changed == 0 || rep.Refused != 0 {
			b.Fatalf("second sync: %v %+v", err, rep.Progressless())
		}
		sent2 := ct.sent.Load()
		per := 100_000 / float64(n)
		b.ReportMetric(first.Seconds()*per, "s-first/100k")
		b.ReportMetric(second.Seconds()*per, "s-second/100k")
		b.ReportMetric(firstCPU.Seconds()*per, "cpu-s-first/100k")
		b.ReportMetric(secondCPU.Seconds()*per, "cpu-s-second/100k")
		b.ReportMetric(float64(sent1)/(1<<20), "MiB-sent-first")
		b.ReportMetric(float64(sent2)/(1<<20), "MiB-sent-second")
		b.ReportMetric(float64(rep.Changed), "changed")
		b.ReportMetric(float64(rep.Events), "events")
		b.ReportMetric(float64(peak1-base)/(1<<20), "MiB-peak-first")
		b.ReportMetric(float64(held-base)/(1<<20), "MiB-sandbox-held")
		b.ReportMetric(float64(peak2-base)/(1<<20), "MiB-peak-second")
		st.Close()
		srv.Close()
	}
}

// cpuTime is the CPU time the process has used, the sandbox's included:
// on a shared machine, the measure that does not hang on the others.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Progressless is the report without its uploads, for a failure message.
func (r *Report) Progressless() Report {
	c := *r
	c.Uploads, c.Untyped = nil, nil
	return c
}
