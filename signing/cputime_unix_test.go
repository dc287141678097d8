//go:build unix

package signing_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, in user and system mode:
// a measure of work that other processes on a shared machine disturb
// less than the wall clock does.
func cpuTime() (time.Duration, bool) {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0, false
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano()), true
}
