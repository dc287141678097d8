package cputime

import (
	"runtime"
	"testing"
)

// Work on the CPU shows in Elapsed, where the system measures it.
func TestElapsed(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no getrusage here")
	}
	c := Start()
	x := 0
	for i := range 200_000_000 {
		x ^= i * i
	}
	d, ok := c.Elapsed()
	if !ok || d <= 0 {
		t.Errorf("Elapsed() = %v, %v after a busy loop (%d)", d, ok, x)
	}
}
