// Package pkcs11test makes throw-away SoftHSM2 tokens for tests of code
// that signs through PKCS #11.
//
//	tok := pkcs11test.New(t) // skips the test when SoftHSM2 is not installed
//	id := pki.Agency(code, signingtest.RSAPSS)
//	tok.Import(t, "agency", id.Key)
//	key, err := pkcs11.Open(tok.Config("agency"))
//
// New points SOFTHSM2_CONF at a configuration of its own for the rest of
// the test, so the tokens live in the test's temporary directory; a test
// that uses it cannot run in parallel with others.
package pkcs11test

import (
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cbccvc/cbccvc-go/signing/pkcs11"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Modules are the places SoftHSM2's module is looked for: Debian's and
// the default of a build from source.
var Modules = []string{
	"/usr/lib/softhsm/libsofthsm2.so",
	"/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
	"/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
	"/usr/local/lib/softhsm/libsofthsm2.so",
}

// Token is a SoftHSM2 token initialised for one test.
type Token struct {
	Module string // the SoftHSM2 module
	Label  string // the token's label
	PIN    string // the user PIN
	Dir    string // where the token and its configuration are
}

// New initialises a token labelled "cbccvc-test" in a temporary directory,
// with SOFTHSM2_CONF pointing at it; it skips the test when softhsm2-util
// or the module is missing (Debian: apt-get install softhsm2).
func New(tb testing.TB) *Token {
	tb.Helper()
	util, err := exec.LookPath("softhsm2-util")
	if err != nil {
		tb.Skip("softhsm2-util is not installed (Debian: apt-get install softhsm2); skipping the PKCS #11 test")
	}
	t := &Token{Label: "cbccvc-test", PIN: "123456", Dir: tb.TempDir()}
	for _, m := range Modules {
		if _, err := os.Stat(m); err == nil {
			t.Module = m
			break
		}
	}
	if t.Module == "" {
		tb.Skipf("the SoftHSM2 module is not in %v; skipping the PKCS #11 test", Modules)
	}
	tokens := filepath.Join(t.Dir, "tokens")
	conf := filepath.Join(t.Dir, "softhsm2.conf")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+tokens+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600); err != nil {
		tb.Fatal(err)
	}
	tb.Setenv("SOFTHSM2_CONF", conf)
	run(tb, util, "--init-token", "--free", "--label", t.Label, "--pin", t.PIN, "--so-pin", "12345678")
	return t
}

// Import puts key on the token as a key pair labelled label (with the
// label's bytes as CKA_ID), as an agency's token holds the key its
// certificate was issued for.
func (t *Token) Import(tb testing.TB, label string, key crypto.Signer) {
	tb.Helper()
	pemKey, err := signingtest.KeyPEM(key)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.CreateTemp(t.Dir, "key-*.pem")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(pemKey); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	run(tb, "softhsm2-util", "--import", f.Name(), "--token", t.Label, "--label", label,
		"--id", hex.EncodeToString([]byte(label)), "--pin", t.PIN)
}

// ImportCertificate puts cert on the token beside the key labelled label,
// with the same label and CKA_ID, as a token issued with its certificate
// holds it; it skips the test when pkcs11-tool is not installed (Debian:
// apt-get install opensc).
func (t *Token) ImportCertificate(tb testing.TB, label string, cert *x509.Certificate) {
	tb.Helper()
	tool, err := exec.LookPath("pkcs11-tool")
	if err != nil {
		tb.Skip("pkcs11-tool is not installed (Debian: apt-get install opensc); skipping the test of a certificate on a token")
	}
	der := filepath.Join(t.Dir, "cert.der")
	if err := os.WriteFile(der, cert.Raw, 0o600); err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(der)
	run(tb, tool, "--module", t.Module, "--token-label", t.Label, "--login", "--pin", t.PIN,
		"--write-object", der, "--type", "cert", "--label", label, "--id", hex.EncodeToString([]byte(label)))
}

// Config returns the configuration that opens the key labelled label.
func (t *Token) Config(label string) pkcs11.Config {
	return pkcs11.Config{Module: t.Module, TokenLabel: t.Label, KeyLabel: label, PIN: t.PIN}
}

func run(tb testing.TB, name string, args ...string) {
	tb.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		tb.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
