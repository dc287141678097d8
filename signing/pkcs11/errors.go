package pkcs11

import "errors"

// The failures of Open, for errors.Is. Every error Open returns is an
// [*Error] wrapping one of them.
var (
	// ErrModule: the PKCS #11 module cannot be loaded or initialised.
	ErrModule = errors.New("PKCS #11 module cannot be loaded")
	// ErrToken: no token with the label is present.
	ErrToken = errors.New("PKCS #11 token not found")
	// ErrPIN: the token refused the PIN, or the PIN is locked.
	ErrPIN = errors.New("PKCS #11 PIN refused")
	// ErrKey: the token holds no private key with the label, or one that
	// cannot sign (no public half, a key type other than RSA or ECDSA).
	ErrKey = errors.New("PKCS #11 key not found")
	// ErrNoCgo: the program was built without cgo and cannot load a
	// module.
	ErrNoCgo = errors.New("built without cgo: PKCS #11 is not available")
)

// Error is the error of Open: Err is the sentinel above, MessageEN says
// what failed in detail, MessageVI says it in Vietnamese with what to do.
type Error struct {
	Err       error
	MessageEN string
	MessageVI string

	cause error // the module's error the detail comes from
}

// Error returns the English message.
func (e *Error) Error() string { return "pkcs11: " + e.MessageEN }

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// Messages returns the Vietnamese and the English messages.
func (e *Error) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }
