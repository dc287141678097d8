package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// keyDir writes the key of an agency in every form LoadKeyFiles reads,
// named as "cbccvc testpki" names them, and files that are not keys.
func keyDir(t *testing.T) (string, *signingtest.Identity) {
	t.Helper()
	id := thePKI(t).Agency(h29, signingtest.ECDSAP256)
	dir := t.TempDir()
	p12, err := EncodePKCS12(id.Key, id.CertChain(), "mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	nopass, err := EncodePKCS12(id.Key, id.CertChain(), "")
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := signingtest.KeyPEM(id.Key)
	if err != nil {
		t.Fatal(err)
	}
	sec1, err := x509.MarshalECPrivateKey(id.Key.(*ecdsa.PrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherPEM, err := signingtest.KeyPEM(other)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"h29.p12": p12, "h29.pass": []byte("mật khẩu\n"), "nopass.p12": nopass,
		"h29.key.pem": keyPEM, "h29.cert.pem": signingtest.CertPEM(id.CertChain()...),
		"h29.sec1.pem":  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}),
		"other.key.pem": otherPEM,
		"encrypted.pem": pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30}}),
		"badkey.pem":    pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{0x30}}),
		"badcert.pem":   pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30}}),
		"empty.pem":     []byte("-----BEGIN NOTHING-----\n-----END NOTHING-----\n"),
		"garbage":       []byte("not a key"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, id
}

func TestLoadKeyFiles(t *testing.T) {
	dir, id := keyDir(t)
	in := func(name string) string {
		if name == "" {
			return ""
		}
		return filepath.Join(dir, name)
	}
	for _, c := range []struct {
		name            string
		key, cert, pass string
		want            error // nil: loads id's key
	}{
		{"PKCS #12 with the password file testpki writes", "h29.p12", "", "h29.pass", nil},
		{"PKCS #12 without a password", "nopass.p12", "", "", nil},
		{"PEM PKCS #8 key and its chain", "h29.key.pem", "h29.cert.pem", "", nil},
		{"PEM SEC 1 key and its chain", "h29.sec1.pem", "h29.cert.pem", "", nil},
		{"PKCS #12 without its password", "h29.p12", "", "", ErrPassword},
		{"PKCS #12 with a chain beside it", "h29.p12", "h29.cert.pem", "h29.pass", ErrKeyFile},
		{"neither PKCS #12 nor PEM", "garbage", "", "", ErrKeyFile},
		{"a PEM key without its chain", "h29.key.pem", "", "", ErrKeyFile},
		{"a PEM key with a password file", "h29.key.pem", "h29.cert.pem", "h29.pass", ErrKeyFile},
		{"an encrypted PEM key", "encrypted.pem", "h29.cert.pem", "", ErrKeyFile},
		{"a PEM key that does not parse", "badkey.pem", "h29.cert.pem", "", ErrKeyFile},
		{"a PEM file without a key", "empty.pem", "h29.cert.pem", "", ErrKeyFile},
		{"a chain without a certificate", "h29.key.pem", "empty.pem", "", ErrKeyFile},
		{"a certificate that does not parse", "h29.key.pem", "badcert.pem", "", ErrKeyFile},
		{"another key than the certificate's", "other.key.pem", "h29.cert.pem", "", ErrKeyMismatch},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := LoadKeyFiles(KeyFiles{Key: in(c.key), Cert: in(c.cert), PasswordFile: in(c.pass)})
			if c.want != nil {
				checkError(t, err, c.want)
				vi, _ := err.(*Error).Messages()
				for _, p := range msgtest.Problems(vi, true) {
					t.Errorf("%s: %s", p, vi)
				}
				if c.want == ErrKeyFile && !strings.Contains(err.Error(), dir) {
					t.Errorf("%v does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !s.Certificate().Equal(id.Cert) || len(s.chain) != len(id.CertChain()) {
				t.Error("another certificate or chain")
			}
		})
	}
	for _, files := range []KeyFiles{
		{Key: in("none.p12")},
		{Key: in("h29.p12"), PasswordFile: in("none.pass")},
		{Key: in("h29.key.pem"), Cert: in("none.pem")},
	} {
		if _, err := LoadKeyFiles(files); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%+v: %v, want a file that does not exist", files, err)
		}
	}
}

func TestReadPasswordFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pass")
	for _, c := range []struct{ content, want string }{
		{"mật khẩu", "mật khẩu"},
		{"mật khẩu\n", "mật khẩu"},
		{"mật khẩu\r\n", "mật khẩu"},
		{"mật khẩu\n\n", "mật khẩu\n"},
		{"mật khẩu \n", "mật khẩu "},
		{"\r", "\r"},
		{"", ""},
	} {
		if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := ReadPasswordFile(path); err != nil || got != c.want {
			t.Errorf("%q: %q, %v; want %q", c.content, got, err, c.want)
		}
	}
}

func TestParsePEM(t *testing.T) {
	id := thePKI(t).Agency(identifier.MustParseAgencyCode("000.00.00.H49"), signingtest.RSA2048)
	// Other blocks between the certificates are skipped; the order is kept.
	data := append(signingtest.CertPEM(id.Cert), "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n"...)
	data = append(data, signingtest.CertPEM(thePKI(t).Intermediate())...)
	certs, err := ParseCertificatesPEM(data)
	if err != nil || len(certs) != 2 || !certs[0].Equal(id.Cert) || !certs[1].Equal(thePKI(t).Intermediate()) {
		t.Fatalf("ParseCertificatesPEM: %d certificates, %v", len(certs), err)
	}
	_, err = ParseCertificatesPEM(nil)
	checkError(t, err, ErrKeyFile)
	keyPEM, err := signingtest.KeyPEM(id.Key)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ParsePrivateKeyPEM(append(signingtest.CertPEM(id.Cert), keyPEM...))
	if err != nil || !id.Cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(key.Public()) {
		t.Fatalf("ParsePrivateKeyPEM: %v", err)
	}
	_, err = ParsePrivateKeyPEM(signingtest.CertPEM(id.Cert))
	checkError(t, err, ErrKeyFile)
}

// FuzzParsePEM feeds key and certificate files to the parsers: each returns
// a value or an *Error wrapping ErrKeyFile, never both, never a panic.
func FuzzParsePEM(f *testing.F) {
	id := thePKI(f).Agency(h29, signingtest.ECDSAP256)
	keyPEM, err := signingtest.KeyPEM(id.Key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(keyPEM)
	f.Add(signingtest.CertPEM(id.CertChain()...))
	f.Add(append(signingtest.CertPEM(id.Cert), keyPEM...))
	f.Add([]byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\n-----END ENCRYPTED PRIVATE KEY-----\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		key, err := ParsePrivateKeyPEM(in)
		if (key == nil) == (err == nil) || err != nil && !errors.Is(err, ErrKeyFile) {
			t.Fatalf("ParsePrivateKeyPEM returned %v and %v", key, err)
		}
		certs, err := ParseCertificatesPEM(in)
		if (len(certs) == 0) == (err == nil) || err != nil && !errors.Is(err, ErrKeyFile) {
			t.Fatalf("ParseCertificatesPEM returned %d certificates and %v", len(certs), err)
		}
	})
}
