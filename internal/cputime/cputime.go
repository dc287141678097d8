// Package cputime measures the CPU time the process uses, for the
// benchmarks that report it beside the wall clock: on a machine shared
// with other work, CPU time is disturbed less than the wall clock is, so
// it is what compares two versions there.
//
//	c := cputime.Start()
//	for b.Loop() {
//		work()
//	}
//	c.ReportPerOp(b) // cpu-ms/op
package cputime

import (
	"testing"
	"time"
)

// A Clock is the process's CPU time at a start.
type Clock struct {
	at time.Duration
	ok bool
}

// Start reads the process's CPU time.
func Start() Clock {
	at, ok := now()
	return Clock{at, ok}
}

// Elapsed returns the CPU time the process has used since c started, in
// user and system mode, garbage collection included; false where it is
// not measured (a system without getrusage) or nothing was used.
func (c Clock) Elapsed() (time.Duration, bool) {
	at, ok := now()
	if !ok || !c.ok || at <= c.at {
		return 0, false
	}
	return at - c.at, true
}

// ReportPerOp reports the CPU time since c started, per operation of b,
// as b's metric cpu-ms/op; nothing where it is not measured.
func (c Clock) ReportPerOp(b *testing.B) {
	if d, ok := c.Elapsed(); ok {
		b.ReportMetric(float64(d.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}
