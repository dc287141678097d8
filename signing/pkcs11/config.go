package pkcs11

import "time"

// Config says which key Open finds, and how.
type Config struct {
	// Module is the path of the token's PKCS #11 module, the shared
	// library its vendor ships (SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).
	Module string
	// TokenLabel is the label of the token (CKA_LABEL of the token info).
	TokenLabel string
	// KeyLabel is the label of the private key (CKA_LABEL).
	KeyLabel string
	// PIN is the user PIN. Read it from a file or the environment: a
	// command line is seen by every user of the machine.
	PIN string
	// MaxSessions is the most sessions opened with the token at once, one
	// of them kept for the login; default 8, and never more than the
	// token allows. Signers beyond it wait for a free session.
	MaxSessions int
	// SessionWait is how long a signer waits for a free session before
	// failing; default one minute.
	SessionWait time.Duration
}

const (
	defaultMaxSessions = 8
	defaultSessionWait = time.Minute
)
