package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11/pkcs11test"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// signAt is the time of the PKI, the signatures and the verifications of
// the tests of signing with a token and of the verification policy.
var signAt = time.Date(2026, 9, 14, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// writeUnsigned writes a HOSO packet of the sending agency, made at signAt.
func writeUnsigned(t *testing.T, dir string) string {
	t.Helper()
	p := packettest.New(packettest.Options{Seed: 7, Sender: sendAgency, Now: signAt}).Packet(packet.KindProfiles, 2)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "unsigned.json")
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// cbccvc sign --pkcs11 signs with a key on a SoftHSM2 token, by the
// circular's algorithm for it; cbccvc verify and openssl cms -verify
// accept the signature.
func TestSignPKCS11(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH: skipping the test of signing with a token, which checks with openssl cms")
	}
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(signAt))
	dir := t.TempDir()
	if err := pki.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	roots := filepath.Join(dir, "root.pem")
	unsigned := writeUnsigned(t, dir)
	pinFile := filepath.Join(dir, "pin")
	if err := os.WriteFile(pinFile, []byte(tok.PIN+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kt        signingtest.KeyType
		algorithm string // what verify prints
		pinEnv    bool   // the PIN from the environment rather than --pin-file
	}{
		{signingtest.RSAPSS, `"algorithm":"RSA-PSS-SHA256"`, false},
		{signingtest.ECDSAP256, `"algorithm":"ECDSA-SHA256"`, true},
	} {
		t.Run(c.kt.String(), func(t *testing.T) {
			id := pki.Agency(sendAgency, c.kt)
			tok.Import(t, c.kt.String(), id.Key)
			_, certFile, err := id.WritePEM(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			signed := filepath.Join(t.TempDir(), "signed.json")
			args := []string{"sign", "--pkcs11", tok.Module, "--token", tok.Label, "--key-label", c.kt.String(),
				"--cert", certFile, unsigned, "-o", signed}
			if c.pinEnv {
				t.Setenv(pinEnv, tok.PIN)
			} else {
				args = append(args, "--pin-file", pinFile)
			}
			if code, _, errOut := runCLIAt(t, signAt, args...); code != exitOK {
				t.Fatalf("sign exit %d: %s", code, errOut)
			}
			code, out, errOut := runCLIAt(t, signAt, "verify", "--json", "--roots", roots, signed)
			if code != exitOK || !strings.Contains(out, `"verified":true`) {
				t.Fatalf("verify exit %d: %s%s", code, out, errOut)
			}
			if !strings.Contains(out, c.algorithm) {
				t.Errorf("verify says %s, want %s", out, c.algorithm)
			}
			opensslCMSVerify(t, openssl, roots, signed, signAt)
		})
	}
}

// Without --cert, cbccvc sign takes the certificate the token holds with
// the key.
func TestSignPKCS11TokenCertificate(t *testing.T) {
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(signAt))
	dir := t.TempDir()
	id := pki.Agency(sendAgency, signingtest.ECDSAP256)
	tok.Import(t, "agency", id.Key)
	tok.ImportCertificate(t, "agency", id.Cert)
	t.Setenv(pinEnv, tok.PIN)
	unsigned, signed := writeUnsigned(t, dir), filepath.Join(dir, "signed.json")
	if code, _, errOut := runCLIAt(t, signAt, "sign", "--pkcs11", tok.Module, "--token", tok.Label, "--key-label", "agency", unsigned, "-o", signed); code != exitOK {
		t.Fatalf("sign exit %d: %s", code, errOut)
	}
	inter := filepath.Join(dir, "intermediate.pem")
	if err := pki.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLIAt(t, signAt, "verify", "--roots", filepath.Join(dir, "root.pem"), "--intermediates", inter, signed); code != exitOK {
		t.Fatalf("verify exit %d: %s%s", code, out, errOut)
	}
}

// The PKCS #11 flags' mistakes are usage errors that say what to give.
func TestSignPKCS11Usage(t *testing.T) {
	tok := pkcs11test.New(t)
	dir := t.TempDir()
	unsigned := writeUnsigned(t, dir)
	t.Setenv(pinEnv, "")
	os.Unsetenv(pinEnv)
	p11 := []string{"sign", "--pkcs11", tok.Module, "--token", tok.Label}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no key label", append(p11, unsigned), "--key-label"},
		{"no PIN", append(p11, "--key-label", "x", unsigned), pinEnv},
		{"both keys", append(p11, "--key-label", "x", "--key", unsigned, unsigned), "not both"},
		{"a token flag without --pkcs11", []string{"sign", "--key", unsigned, "--token", "x", unsigned}, "go with --pkcs11"},
		{"a missing key", append(p11, "--key-label", "none", "--pin-file", writeFile(t, dir, "pin", tok.PIN), unsigned), "Không tìm thấy khóa bí mật"},
		{"a wrong PIN", append(p11, "--key-label", "none", "--pin-file", writeFile(t, dir, "bad", "999999"), unsigned), "không chấp nhận mã PIN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLIAt(t, signAt, c.args...)
			if code != exitUsage || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, %q; want %d and %q", code, errOut, exitUsage, c.want)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// opensslCMSVerify checks a signed JSON packet with openssl cms -verify at
// the time at, over the bytes cbccvc canonical prints.
func opensslCMSVerify(t *testing.T, openssl, roots, signed string, at time.Time) {
	t.Helper()
	dir := t.TempDir()
	code, canon, errOut := runCLI(t, "canonical", signed)
	if code != exitOK {
		t.Fatalf("canonical exit %d: %s", code, errOut)
	}
	der := cmsDER(t, signed)
	content, sig := filepath.Join(dir, "canonical.bin"), filepath.Join(dir, "sig.der")
	if err := os.WriteFile(content, []byte(canon), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sig, der, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", content,
		"-CAfile", roots, "-attime", strconv.FormatInt(at.Unix(), 10), "-out", os.DevNull).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl cms -verify: %v\n%s", err, out)
	}
}

// cmsDER returns the DER of a signed JSON packet's CMS signature.
func cmsDER(t *testing.T, signed string) []byte {
	t.Helper()
	data, err := os.ReadFile(signed)
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ ChuKySo packet.Signature }
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(p.ChuKySo.Value)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// cbccvc send --pkcs11 signs every packet of an upload with the agency's
// key on a token, and the sandbox accepts them.
func TestSendPKCS11(t *testing.T) {
	tok := pkcs11test.New(t)
	s := newSandboxFiles(t, ndxptest.Config{})
	keyPEM, err := os.ReadFile(s.key)
	if err != nil {
		t.Fatal(err)
	}
	key, err := signing.ParsePrivateKeyPEM(keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	tok.Import(t, "agency", key)
	t.Setenv(pinEnv, tok.PIN)
	file := s.packetFile(t, "p.json", 3, 12)
	args := append([]string{"send", "--pkcs11", tok.Module, "--token", tok.Label, "--key-label", "agency", "--cert", s.cert,
		"--max-records", "3"}, s.xroad()...)
	code, out, errOut := runCLI(t, append(args, file)...)
	if code != exitOK || !strings.Contains(out, "4 packets, 12 records answered: 12 accepted") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// The verification policy's flags refuse what they cannot mean.
func TestVerifyPolicyUsage(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "testpki", "--out", dir); code != exitOK {
		t.Fatalf("testpki: %s", errOut)
	}
	roots := filepath.Join(dir, "root.pem")
	notCRL := writeFile(t, dir, "not.crl", "not a CRL")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"an unknown mode", []string{"--revocation", "maybe"}, "--revocation must be off, soft or hard"},
		{"a CRL without revocation", []string{"--crl", notCRL}, "--crl needs --revocation"},
		{"a file that is not a CRL", []string{"--revocation", "hard", "--crl", notCRL}, "not a CRL"},
		{"no TSA roots file", []string{"--tsa-roots", filepath.Join(dir, "none.pem")}, "none.pem"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{"verify", "--roots", roots}, c.args...), roots)
			code, _, errOut := runCLI(t, args...)
			if code != exitUsage || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, %q; want %d and %q", code, errOut, exitUsage, c.want)
			}
		})
	}
}
