package packet

import "errors"

// ErrNil reports a nil argument or receiver where a value is needed (a nil
// *Packet, io.Reader or context.Context, a nil *Decoder): a mistake in the
// calling code, returned as an error rather than a panic.
var ErrNil = errors.New("packet: nil argument or receiver")

// ErrPanic reports a panic in a goroutine the package started (validation
// runs on several), recovered and returned by the call that started it: a
// bug to report, or a panic in a callback of the caller's (WithProgress).
// The error is a *panics.Error naming the value and where it panicked; it
// also matches the panic's value when that is an error.
var ErrPanic = errors.New("packet: panic")
