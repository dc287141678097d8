package signing

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// checkError checks that err is an *Error wrapping want, with a message in
// each language, and no English in the Vietnamese one.
func checkError(t *testing.T, err, want error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T) is not a *signing.Error", err, err)
	}
	if !errors.Is(err, want) || e.Err != want {
		t.Errorf("%v: Err = %v, want %v", err, e.Err, want)
	}
	vi, en := e.Messages()
	if vi == "" || en == "" || !strings.HasPrefix(err.Error(), "signing: ") {
		t.Errorf("messages %q / %q, Error %q", vi, en, err.Error())
	}
	if !strings.Contains(vi, "Đề nghị") {
		t.Errorf("the Vietnamese message %q does not say what to do", vi)
	}
	for _, english := range []string{" / ", "signature", "certificate", "packet"} {
		if strings.Contains(vi, english) {
			t.Errorf("the Vietnamese message %q holds %q", vi, english)
		}
	}
}

func TestVerifyErrorsAreBilingual(t *testing.T) {
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	ctx := context.Background()

	_, err := verifier(p).Verify(ctx, pkt)
	checkError(t, err, ErrUnsigned)

	signed := sign(t, p.Agency(h29, signingtest.RSA2048), pkt)
	mod := bytes.Replace(signed, []byte(`"HoVaTen":"`), []byte(`"HoVaTen":"X`), 1)
	_, err = verifier(p).Verify(ctx, mod)
	checkError(t, err, ErrDigestMismatch)

	_, err = verifier(p).Verify(ctx, sign(t, p.Bad(h29, signingtest.Expired), pkt))
	checkError(t, err, ErrExpired)
	if Rule(err) != "R-SIG-003" {
		t.Errorf("Rule = %q, want R-SIG-003", Rule(err))
	}

	h49 := identifier.MustParseAgencyCode("000.00.00.H49")
	_, err = signer(t, p.Agency(h49, signingtest.RSA2048)).Sign(ctx, pkt)
	checkError(t, err, ErrSignerNotSender)
}

func TestLoadPKCS12File(t *testing.T) {
	id := thePKI(t).Agency(h29, signingtest.ECDSAP256)
	p12, err := EncodePKCS12(id.Key, id.CertChain(), "mật khẩu")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "h29.p12")
	if err := os.WriteFile(keyFile, p12, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, content string
		want          error // nil: loads
	}{
		{"no line end", "mật khẩu", nil},
		{"a newline, as echo writes", "mật khẩu\n", nil},
		{"CR LF", "mật khẩu\r\n", nil},
		{"two newlines: the second is part of the password", "mật khẩu\n\n", ErrPassword},
		{"a trailing space is part of the password", "mật khẩu \n", ErrPassword},
		{"wrong", "sai\n", ErrPassword},
	} {
		t.Run(c.name, func(t *testing.T) {
			passFile := filepath.Join(dir, "h29.pass")
			if err := os.WriteFile(passFile, []byte(c.content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := LoadPKCS12File(keyFile, passFile)
			if c.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if !s.Certificate().Equal(id.Cert) {
					t.Error("another certificate")
				}
				return
			}
			checkError(t, err, c.want)
		})
	}
	if _, err := LoadPKCS12File(keyFile, filepath.Join(dir, "none.pass")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing password file: %v", err)
	}
	_, err = LoadPKCS12([]byte("not a p12"), "")
	checkError(t, err, ErrKeyFile)
	other := thePKI(t).Agency(identifier.MustParseAgencyCode("000.00.00.H49"), signingtest.ECDSAP256)
	_, err = NewSigner(id.Key, other.CertChain())
	checkError(t, err, ErrKeyMismatch)
}
