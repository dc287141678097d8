package signing_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// An agency's key as a CA hands it out: a PKCS #12 file with its password
// in a file of its own, ending in a newline as echo, editors and
// "cbccvc testpki" write it. The same call reads a PEM key with its PEM
// chain: KeyFiles{Key: "h29.key.pem", Cert: "h29.cert.pem"}.
func ExampleLoadKeyFiles() {
	dir, err := os.MkdirTemp("", "keys")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// What a CA hands out, made here by the test PKI.
	pki, err := signingtest.NewPKI(signingtest.Config{At: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	id := pki.Agency(identifier.MustParseAgencyCode("000.00.00.H29"), signingtest.ECDSAP256)
	p12, err := signing.EncodePKCS12(id.Key, id.CertChain(), "s3cret")
	if err != nil {
		fmt.Println(err)
		return
	}
	os.WriteFile(filepath.Join(dir, "h29.p12"), p12, 0o600)
	os.WriteFile(filepath.Join(dir, "h29.pass"), []byte("s3cret\n"), 0o600)

	signer, err := signing.LoadKeyFiles(signing.KeyFiles{
		Key:          filepath.Join(dir, "h29.p12"),
		PasswordFile: filepath.Join(dir, "h29.pass"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(signer.Certificate().Subject.CommonName, signer.Algorithm())

	// Without its password file, the PKCS #12 file does not open.
	_, err = signing.LoadKeyFiles(signing.KeyFiles{Key: filepath.Join(dir, "h29.p12")})
	var e *signing.Error
	if errors.As(err, &e) && errors.Is(err, signing.ErrPassword) {
		fmt.Println(e.MessageVI)
	}
	// Output:
	// Test agency 000.00.00.H29 ECDSA-SHA256
	// Mật khẩu của tệp chứng thư số (PKCS #12) không đúng. Đề nghị kiểm tra lại mật khẩu hoặc tệp chứa mật khẩu.
}
