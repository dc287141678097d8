package signing

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func TestPKCS12RoundTrip(t *testing.T) {
	pki := signingtest.New(t)
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		id := pki.Agency(identifier.MustParseAgencyCode("000.00.00.H29"), kt)
		p12, err := EncodePKCS12(id.Key, id.CertChain(), "mật khẩu")
		if err != nil {
			t.Fatal(err)
		}
		s, err := LoadPKCS12(p12, "mật khẩu")
		if err != nil {
			t.Fatal(err)
		}
		if !s.Certificate().Equal(id.Cert) {
			t.Error("the loaded signer has another certificate")
		}
		if _, err := LoadPKCS12(p12, "sai"); err == nil {
			t.Error("a wrong password was accepted")
		}
		if _, err := LoadPKCS12([]byte("not a p12"), ""); err == nil {
			t.Error("garbage was accepted")
		}
	}
	if _, err := EncodePKCS12(nil, nil, "x"); err == nil {
		t.Error("EncodePKCS12 without a certificate succeeded")
	}
}
