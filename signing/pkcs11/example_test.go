package pkcs11_test

import (
	"context"
	"crypto/x509"
	"log"
	"os"
	"strings"

	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11"
)

// Signing with the agency's key on a USB token: the PIN from a file that
// only the service's user can read, the certificate from the token.
func ExampleOpen() {
	pin, err := os.ReadFile("/etc/qlcb/token.pin")
	if err != nil {
		log.Fatal(err)
	}
	key, err := pkcs11.Open(pkcs11.Config{
		Module:     "/usr/lib/softhsm/libsofthsm2.so", // the token vendor's PKCS #11 module
		TokenLabel: "DON VI H29",
		KeyLabel:   "ky so 2026",
		PIN:        strings.TrimSpace(string(pin)),
	})
	if err != nil {
		log.Fatal(err) // errors.Is(err, pkcs11.ErrPIN) for a wrong PIN, ...
	}
	defer key.Close()
	chain := []*x509.Certificate{key.Certificate()} // then the CA's intermediates
	signer, err := signing.NewSigner(key, chain)
	if err != nil {
		log.Fatal(err)
	}
	var unsigned []byte // a packet
	signed, err := signer.Sign(context.Background(), unsigned)
	if err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(signed)
}
