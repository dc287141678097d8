package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/cbccvc/cbccvc-go/signing"
)

// keyFlags are the flags of the commands that sign: which key signs for the
// agency, and by what algorithm. Every such command (sign, send, and those
// that sign for other programs) registers them, so that each takes a key
// the same way.
type keyFlags struct {
	key, cert, passFile, algorithm string
}

// keyValueFlags are the key flags that take a value, for interleaveFlags.
var keyValueFlags = map[string]bool{"key": true, "cert": true, "password-file": true, "algorithm": true}

func (k *keyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&k.key, "key", "", "the agency's key: a PKCS #12 file, or a PEM private key with --cert")
	fs.StringVar(&k.cert, "cert", "", "PEM certificate chain of the key: its certificate, then its intermediates")
	fs.StringVar(&k.passFile, "password-file", "", "file holding the PKCS #12 password")
	fs.StringVar(&k.algorithm, "algorithm", "", "rsa-pss, ecdsa or rsa-pkcs1v15, with -sha384 or -sha512 (default: the key's under the circular, SHA-256)")
}

// given says whether a key was named.
func (k *keyFlags) given() bool { return k.key != "" }

// errNoKey is the error of a command that signs run without a key.
var errNoKey = errors.New("give --key FILE")

// signer loads the key and returns its signer; opts come after the
// algorithm --algorithm names (a profile, a time-stamper, a clock). Call
// close when done with it.
func (k *keyFlags) signer(opts ...signing.SignerOption) (*signing.Signer, error) {
	if !k.given() {
		return nil, errNoKey
	}
	if k.algorithm != "" {
		alg, err := parseAlgorithm(k.algorithm)
		if err != nil {
			return nil, err
		}
		opts = append([]signing.SignerOption{signing.WithAlgorithm(alg)}, opts...)
	}
	s, err := loadSigner(k.key, k.cert, k.passFile, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", k.key, err)
	}
	return s, nil
}

// close releases what signer opened.
func (k *keyFlags) close() error { return nil }
