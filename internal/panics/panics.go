// Package panics turns a panic in a goroutine the SDK started into an
// error returned to the caller: a panic there would end the whole process,
// out of reach of any recover of the caller's.
package panics

import (
	"fmt"
	"runtime"
	"strings"
)

// Error is a recovered panic. It matches its package's sentinel (for
// errors.Is) and, when the panic's value is an error, that error too.
type Error struct {
	Sentinel error  // the package's ErrPanic
	Value    any    // what was passed to panic
	Where    string // the function, file and line that panicked
}

// Error names the sentinel, the value and where it panicked.
func (e *Error) Error() string {
	return fmt.Sprintf("%v: %v (at %s)", e.Sentinel, e.Value, e.Where)
}

// Unwrap returns the sentinel, and the value when it is an error.
func (e *Error) Unwrap() []error {
	if err, ok := e.Value.(error); ok {
		return []error{e.Sentinel, err}
	}
	return []error{e.Sentinel}
}

// Recover, deferred at the top of a goroutine, turns a panic into an
// *Error wrapping sentinel, stored in *err:
//
//	defer panics.Recover(ErrPanic, &err)
func Recover(sentinel error, err *error) {
	if v := recover(); v != nil {
		*err = &Error{Sentinel: sentinel, Value: v, Where: where()}
	}
}

// where returns the first frame below Recover outside the runtime: the
// code that panicked.
func where() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)]) // from Recover's caller: the panic
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s %s:%d", f.Function, f.File, f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}
