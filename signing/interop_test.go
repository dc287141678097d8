package signing

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
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
	for _, c := range []struct {
		kt    signingtest.KeyType
		alg   Algorithm // "" for the default
		want  Algorithm
		stamp bool // with a time-stamp token, which openssl cms ignores
	}{
		{signingtest.RSA2048, "", RSAPSSSHA256, false}, // the default: Circular 15/2025/TT-BKHCN
		{signingtest.ECDSAP256, "", ECDSASHA256, true},
		{signingtest.RSA2048, RSASHA256, RSASHA256, false}, // PKCS #1 v1.5 by name
		{signingtest.ECDSAP384, ECDSASHA384, ECDSASHA384, false},
		{signingtest.RSAPSS, "", RSAPSSSHA256, true},
		{signingtest.RSAPSS, RSAPSSSHA512, RSAPSSSHA512, false},
	} {
		var opts []SignerOption
		if c.alg != "" {
			opts = append(opts, WithAlgorithm(c.alg))
		}
		if c.stamp {
			opts = append(opts, WithTimeStamper(p.TSA()))
		}
		if a := signer(t, p.Agency(h29, c.kt), opts...).Algorithm(); a != c.want {
			t.Fatalf("%v %q: signs with %s, want %s", c.kt, c.alg, a, c.want)
		}
		signed := sign(t, p.Agency(h29, c.kt), packetJSON(t, h29), opts...)
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
		// And openssl reads the scheme we meant: rsassaPss for PSS.
		out, err := exec.Command(openssl, "cms", "-cmsout", "-print", "-inform", "DER", "-in", sigFile).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl cms -cmsout -print: %v\n%s", err, out)
		}
		if pss := c.want == RSAPSSSHA256 || c.want == RSAPSSSHA512; pss != bytes.Contains(out, []byte("rsassaPss")) {
			t.Errorf("%s: openssl reads the signature algorithm otherwise:\n%s", c.want, out)
		}
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
	for _, c := range []struct {
		kt   signingtest.KeyType
		args []string // for openssl cms -sign
		want Algorithm
	}{
		{signingtest.RSA2048, []string{"-md", "sha256"}, RSASHA256},
		{signingtest.ECDSAP256, []string{"-md", "sha256"}, ECDSASHA256},
		{signingtest.ECDSAP384, []string{"-md", "sha384"}, ECDSASHA384},
		{signingtest.RSAPSS, []string{"-md", "sha256", "-keyopt", "rsa_padding_mode:pss"}, RSAPSSSHA256},
		{signingtest.RSAPSS, []string{"-md", "sha384", "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:48"}, RSAPSSSHA384},
	} {
		kt := c.kt
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
		// -keyopt applies to the -signer before it.
		run(t, openssl, append([]string{"cms", "-sign", "-binary", "-outform", "DER",
			"-in", content, "-out", sigFile, "-certfile", filepath.Join(dir, "intermediate.pem"),
			"-signer", leaf, "-inkey", keyFile}, c.args...)...)
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
		if !got.Signer.Equal(id.Cert) || got.Algorithm != c.want {
			t.Errorf("openssl %v: signer %v, algorithm %s, want %s", c.args, got.Signer.Subject, got.Algorithm, c.want)
		}
		// openssl's PKCS #1 v1.5 is an older system's signature: accepted
		// with a warning, refused by a verifier that requires the circular.
		tt15 := verifier(p)
		tt15.Policy.Profile = ProfileTT15
		_, err = tt15.Verify(context.Background(), signed)
		legacy, warnings := c.want == RSASHA256, 0
		if legacy {
			warnings = 1
		}
		if len(got.Warnings) != warnings || legacy != errors.Is(err, ErrNotTT15) || !legacy && err != nil {
			t.Errorf("openssl %v: warnings %v; under ProfileTT15 %v", c.args, got.Warnings, err)
		}
	}
}
