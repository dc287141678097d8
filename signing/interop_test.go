package signing

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func opensslPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH: skipping the interoperability test with openssl cms")
	}
	return p
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// openssl cms -verify accepts what Sign makes.
func TestOpenSSLVerifiesOurs(t *testing.T) {
	openssl := opensslPath(t)
	p := thePKI(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		signed := sign(t, p.Agency(h29, kt), packetJSON(t, h29))
		canon, raw, err := split(signed)
		if err != nil {
			t.Fatal(err)
		}
		var sig packet.Signature
		if err := json.Unmarshal(raw, &sig); err != nil {
			t.Fatal(err)
		}
		der, err := base64.StdEncoding.DecodeString(sig.Value)
		if err != nil {
			t.Fatal(err)
		}
		content, sigFile := filepath.Join(dir, "canonical.bin"), filepath.Join(dir, "sig.der")
		if err := os.WriteFile(content, canon, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(sigFile, der, 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", sigFile,
			"-content", content, "-CAfile", filepath.Join(dir, "root.pem"), "-out", os.DevNull)
	}
}

// Verify accepts what openssl cms -sign makes over the canonical bytes.
func TestWeVerifyOpenSSLs(t *testing.T) {
	openssl := opensslPath(t)
	p := thePKI(t)
	dir := t.TempDir()
	if err := p.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		id := p.Agency(h29, kt)
		keyFile, _, err := id.WritePEM(dir)
		if err != nil {
			t.Fatal(err)
		}
		leaf := filepath.Join(dir, "leaf.pem")
		if err := os.WriteFile(leaf, signingtest.CertPEM(id.Cert), 0o644); err != nil {
			t.Fatal(err)
		}
		canon, err := Canonical(packetJSON(t, h29))
		if err != nil {
			t.Fatal(err)
		}
		content, sigFile := filepath.Join(dir, "canonical.bin"), filepath.Join(dir, "sig.der")
		if err := os.WriteFile(content, canon, 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, openssl, "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER",
			"-in", content, "-out", sigFile, "-signer", leaf, "-inkey", keyFile,
			"-certfile", filepath.Join(dir, "intermediate.pem"))
		der, err := os.ReadFile(sigFile)
		if err != nil {
			t.Fatal(err)
		}
		signed, err := appendSignature(canon, der)
		if err != nil {
			t.Fatal(err)
		}
		got, err := verifier(p).Verify(context.Background(), signed)
		if err != nil {
			t.Fatalf("key type %d: %v", kt, err)
		}
		if !got.Signer.Equal(id.Cert) {
			t.Error("wrong signer")
		}
	}
}
