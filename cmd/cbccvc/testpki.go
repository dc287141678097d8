package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

const testpkiUsage = `Usage: cbccvc testpki --out DIR [--agency CODE]... [--key-type rsa2048|rsa-pss|ecdsa-p256|ecdsa-p384]

Makes a throw-away PKI for tests: root.pem (and intermediate.pem), and for
each agency (000.00.00.H29 when none is given) and for csdlqg, the national
database (000.00.00.G09): NAME.p12 with its password in NAME.pass,
NAME.key.pem (PKCS #8) and NAME.cert.pem (the certificate, then its
intermediates). An RSA key signs with RSASSA-PSS, an ECDSA key with ECDSA
(Circular 15/2025/TT-BKHCN); rsa-pss is an RSA 2048 key like rsa2048. For
checking with xmlsec1 1.2, which knows no RSASSA-PSS, choose an ECDSA key.
Never trust these outside a test.

Flags:
`

// agencies collects repeated --agency flags.
type agencies []identifier.AgencyCode

func (a *agencies) String() string { return fmt.Sprint(*a) }
func (a *agencies) Set(s string) error {
	c, err := identifier.ParseAgencyCode(s)
	if err != nil {
		return err
	}
	*a = append(*a, c)
	return nil
}

func runTestPKI(_ context.Context, e env, args []string) error {
	fs := newFlagSet("testpki", testpkiUsage)
	out := fs.String("out", "", "directory to write to (made if missing)")
	keyType := fs.String("key-type", "rsa2048", "rsa2048, rsa-pss, ecdsa-p256 or ecdsa-p384")
	var codes agencies
	fs.Var(&codes, "agency", "agency code to issue a certificate for (repeatable)")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("give --out DIR, and no arguments")
	}
	var kt signingtest.KeyType
	switch *keyType {
	case "rsa2048":
		kt = signingtest.RSA2048
	case "rsa-pss":
		kt = signingtest.RSAPSS
	case "ecdsa-p256":
		kt = signingtest.ECDSAP256
	case "ecdsa-p384":
		kt = signingtest.ECDSAP384
	default:
		return fmt.Errorf("--key-type must be rsa2048, rsa-pss, ecdsa-p256 or ecdsa-p384")
	}
	if len(codes) == 0 {
		codes = agencies{identifier.MustParseAgencyCode("000.00.00.H29")}
	}
	if err := writeTestPKI(e.stdout, *out, e.clock()(), codes, kt); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "root: %s\n", filepath.Join(*out, "root.pem"))
	return nil
}

// writeTestPKI makes a PKI valid at at and writes it to dir (made if
// missing): its CAs, and the files of an identity for each agency and for
// csdlqg, each named on w.
func writeTestPKI(w io.Writer, dir string, at time.Time, codes []identifier.AgencyCode, kt signingtest.KeyType) error {
	pki, err := signingtest.NewPKI(signingtest.Config{At: at})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := pki.WritePEM(dir); err != nil {
		return err
	}
	for _, c := range codes {
		if err := writeIdentity(w, dir, c.Canonical(), pki.Agency(c, kt)); err != nil {
			return err
		}
	}
	return writeIdentity(w, dir, "csdlqg", pki.CSDLQG())
}

// writeIdentity writes the key and chain of id to dir in both forms:
// NAME.p12 with its password in NAME.pass, NAME.key.pem and NAME.cert.pem.
func writeIdentity(w io.Writer, dir, name string, id *signingtest.Identity) error {
	key, err := signingtest.KeyPEM(id.Key)
	if err != nil {
		return err
	}
	pass := make([]byte, 12)
	if _, err := rand.Read(pass); err != nil {
		return err
	}
	password := hex.EncodeToString(pass)
	p12, err := signing.EncodePKCS12(id.Key, id.CertChain(), password)
	if err != nil {
		return err
	}
	for file, data := range map[string][]byte{
		name + ".key.pem": key, name + ".cert.pem": signingtest.CertPEM(id.CertChain()...),
		name + ".p12": p12, name + ".pass": []byte(password + "\n"),
	} {
		mode := os.FileMode(0o644)
		if !strings.HasSuffix(file, ".cert.pem") {
			mode = 0o600 // keys and their passwords
		}
		if err := os.WriteFile(filepath.Join(dir, file), data, mode); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%s: %s\n", name, id.Cert.Subject)
	return nil
}
