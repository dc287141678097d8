package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11"
)

// pinEnv is the environment variable that holds a token's PIN when no
// --pin-file is given.
const pinEnv = "CBCCVC_PKCS11_PIN"

// tsaTimeout bounds a request to the time-stamp authority.
const tsaTimeout = 30 * time.Second

// keyFlags are the flags of the commands that sign: which key signs for the
// agency (a PKCS #12 file, a PEM key, or a key on a PKCS #11 token or HSM),
// by what algorithm, and which time-stamp authority stamps the signatures.
// Every command that signs registers them, so that each takes a key the
// same way.
type keyFlags struct {
	key, cert, passFile, algorithm string
	module, token, keyLabel        string // PKCS #11
	pinFile                        string
	tsa                            string

	opened *pkcs11.Key // what signer opened, for close
}

func (k *keyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&k.key, "key", "", "the agency's key: a PKCS #12 file, or a PEM private key with --cert")
	fs.StringVar(&k.cert, "cert", "", "PEM certificate chain of the key (its certificate, then its intermediates); with --pkcs11, default the token's certificate")
	fs.StringVar(&k.passFile, "password-file", "", "file holding the PKCS #12 password")
	fs.StringVar(&k.algorithm, "algorithm", "", "rsa-pss, ecdsa or rsa-pkcs1v15, with -sha384 or -sha512 (default: the key's under the circular, SHA-256)")
	fs.StringVar(&k.module, "pkcs11", "", "sign with a key on a token or HSM: the path of its PKCS #11 module")
	fs.StringVar(&k.token, "token", "", "with --pkcs11: the token's label")
	fs.StringVar(&k.keyLabel, "key-label", "", "with --pkcs11: the private key's label")
	fs.StringVar(&k.pinFile, "pin-file", "", "with --pkcs11: file holding the token's PIN (default: the "+pinEnv+" environment variable)")
	fs.StringVar(&k.tsa, "tsa", "", "URL of an RFC 3161 time-stamp authority that stamps each signature (JSON packets)")
}

// given says whether a key was named.
func (k *keyFlags) given() bool { return k.key != "" || k.module != "" }

// errNoKey is the error of a command that signs run without a key.
var errNoKey = errors.New("give --key FILE, or --pkcs11 MODULE --token LABEL --key-label LABEL")

// signer loads the key and returns its signer; opts come after the
// algorithm --algorithm names and the time-stamper --tsa names (a profile,
// a clock). Call close when done with it.
func (k *keyFlags) signer(opts ...signing.SignerOption) (*signing.Signer, error) {
	var pre []signing.SignerOption
	if k.algorithm != "" {
		alg, err := parseAlgorithm(k.algorithm)
		if err != nil {
			return nil, err
		}
		pre = append(pre, signing.WithAlgorithm(alg))
	}
	if k.tsa != "" {
		pre = append(pre, signing.WithTimeStamper(&signing.TSAClient{URL: k.tsa, HTTPClient: &http.Client{Timeout: tsaTimeout}}))
	}
	opts = append(pre, opts...)
	switch {
	case k.key != "" && k.module != "":
		return nil, errors.New("give --key or --pkcs11, not both")
	case k.module != "":
		return k.tokenSigner(opts)
	case k.key == "":
		return nil, errNoKey
	case k.token != "" || k.keyLabel != "" || k.pinFile != "":
		return nil, errors.New("--token, --key-label and --pin-file go with --pkcs11")
	}
	s, err := signing.LoadKeyFiles(signing.KeyFiles{Key: k.key, Cert: k.cert, PasswordFile: k.passFile}, opts...)
	if err != nil && k.cert == "" && errors.Is(err, signing.ErrKeyFile) {
		// The loader names its fields; say which flag a PEM key lacks.
		return nil, fmt.Errorf("--key without --cert (a PEM key needs one): %w", err)
	}
	return s, err
}

// tokenSigner opens the key on the token, with the chain of --cert or the
// certificate the token holds.
func (k *keyFlags) tokenSigner(opts []signing.SignerOption) (*signing.Signer, error) {
	if k.token == "" || k.keyLabel == "" {
		return nil, errors.New("--pkcs11 needs --token LABEL and --key-label LABEL")
	}
	if k.passFile != "" {
		return nil, errors.New("--password-file is for a PKCS #12 file; a token's PIN is in --pin-file or " + pinEnv)
	}
	pin, err := k.pin()
	if err != nil {
		return nil, err
	}
	key, err := pkcs11.Open(pkcs11.Config{Module: k.module, TokenLabel: k.token, KeyLabel: k.keyLabel, PIN: pin})
	if err != nil {
		return nil, err
	}
	chain, err := k.tokenChain(key)
	if err == nil {
		var s *signing.Signer
		if s, err = signing.NewSigner(key, chain, opts...); err == nil {
			k.opened = key
			return s, nil
		}
	}
	key.Close()
	return nil, err
}

// tokenChain is the chain of --cert, or else the certificate the token
// holds with the key (without intermediates: a verifier then needs them).
func (k *keyFlags) tokenChain(key *pkcs11.Key) ([]*x509.Certificate, error) {
	if k.cert != "" {
		data, err := os.ReadFile(k.cert)
		if err != nil {
			return nil, err
		}
		chain, err := signing.ParseCertificatesPEM(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.cert, err)
		}
		return chain, nil
	}
	if c := key.Certificate(); c != nil {
		return []*x509.Certificate{c}, nil
	}
	return nil, fmt.Errorf("token %q holds no certificate for key %q: give --cert FILE", k.token, k.keyLabel)
}

// pin reads the PIN from --pin-file, or else from the environment.
func (k *keyFlags) pin() (string, error) {
	if k.pinFile == "" {
		pin, ok := os.LookupEnv(pinEnv)
		if !ok {
			return "", errors.New("give the token's PIN in --pin-file FILE or in the " + pinEnv + " environment variable (never on the command line)")
		}
		return pin, nil
	}
	data, err := os.ReadFile(k.pinFile)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(data), "\r\n"), nil
}

// close releases what signer opened: the token's sessions.
func (k *keyFlags) close() error {
	if k.opened == nil {
		return nil
	}
	err := k.opened.Close()
	k.opened = nil
	return err
}
