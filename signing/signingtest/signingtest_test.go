package signingtest

import (
	"crypto/rsa"
	"crypto/x509"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
)

var h29 = identifier.MustParseAgencyCode("000.00.00.H29")

func verify(p *PKI, id *Identity) error {
	_, err := id.Cert.Verify(x509.VerifyOptions{
		Roots: p.Roots(), Intermediates: p.Intermediates(), CurrentTime: p.Time(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	return err
}

func TestGoodIdentities(t *testing.T) {
	p := New(t, At(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
	for _, kt := range []KeyType{RSA2048, ECDSAP256, ECDSAP384, RSAPSS} {
		id := p.Agency(h29, kt)
		if err := verify(p, id); err != nil {
			t.Fatalf("key type %d: %v", kt, err)
		}
		if p.Agency(h29, kt) != id {
			t.Error("identity not cached")
		}
		if len(id.Cert.URIs) != 1 || id.Cert.URIs[0].String() != URIPrefix+"000.00.00.H29" {
			t.Errorf("URIs = %v", id.Cert.URIs)
		}
		if id.Cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
			t.Error("no digitalSignature")
		}
	}
	if got := p.CSDLQG().Code.Canonical(); got != CSDLQGCode {
		t.Errorf("CSDLQG code %s", got)
	}
}

func TestBadIdentities(t *testing.T) {
	p := New(t)
	if err := verify(p, p.Bad(h29, Expired)); err == nil {
		t.Error("expired leaf verifies")
	}
	if err := verify(p, p.Bad(h29, OtherRoot)); err == nil {
		t.Error("other-root leaf verifies")
	}
	if err := verify(p, p.Bad(h29, SHA1Signed)); err == nil {
		t.Error("SHA-1 leaf verifies")
	}
	if k := p.Bad(h29, RSA1024).Key.(*rsa.PrivateKey); k.N.BitLen() != 1024 {
		t.Errorf("RSA1024 key has %d bits", k.N.BitLen())
	}
	if ku := p.Bad(h29, WrongKeyUsage).Cert.KeyUsage; ku&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) != 0 {
		t.Errorf("WrongKeyUsage key usage %v", ku)
	}
}

func TestOpenSSLAcceptsChain(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH; skipping the interop check")
	}
	p := New(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	_, certFile, err := p.Agency(h29, ECDSAP256).WritePEM(dir)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(openssl, "verify", "-purpose", "smimesign",
		"-CAfile", filepath.Join(dir, "root.pem"), "-untrusted", filepath.Join(dir, "intermediate.pem"), certFile).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl verify: %v\n%s", err, out)
	}
}
