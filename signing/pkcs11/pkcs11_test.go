package pkcs11_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11/pkcs11test"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

var (
	h29 = identifier.MustParseAgencyCode("000.00.00.H29")
	// at is the time of the tests' PKI and of their signatures.
	at = time.Date(2026, 9, 14, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))
)

func unsigned(t testing.TB, seed uint64) []byte {
	t.Helper()
	p := packettest.New(packettest.Options{Seed: seed, Sender: h29}).Packet(packet.KindProfiles, 2)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// open imports the key of id onto tok and opens it.
func open(t *testing.T, tok *pkcs11test.Token, label string, id *signingtest.Identity, max int) *pkcs11.Key {
	t.Helper()
	tok.Import(t, label, id.Key)
	cfg := tok.Config(label)
	cfg.MaxSessions = max
	key, err := pkcs11.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { key.Close() })
	return key
}

// A key on a token signs by the circular's algorithm for it, the
// signature verifies, and openssl cms -verify accepts it.
func TestSignOnToken(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not found in PATH: skipping the PKCS #11 test, which checks with openssl cms")
	}
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(at))
	dir := t.TempDir()
	if err := pki.WritePEM(dir); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kt   signingtest.KeyType
		want signing.Algorithm
	}{
		{signingtest.RSAPSS, signing.RSAPSSSHA256},
		{signingtest.ECDSAP256, signing.ECDSASHA256},
		{signingtest.ECDSAP384, signing.ECDSASHA256},
	} {
		t.Run(c.kt.String(), func(t *testing.T) {
			id := pki.Agency(h29, c.kt)
			key := open(t, tok, c.kt.String(), id, 0)
			s, err := signing.NewSigner(key, id.CertChain(), signing.WithClock(func() time.Time { return at }))
			if err != nil {
				t.Fatal(err)
			}
			if s.Algorithm() != c.want {
				t.Fatalf("signs with %s, want %s", s.Algorithm(), c.want)
			}
			signed, err := s.Sign(context.Background(), unsigned(t, 3))
			if err != nil {
				t.Fatal(err)
			}
			v := signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Now: func() time.Time { return at }}}
			got, err := v.Verify(context.Background(), signed)
			if err != nil {
				t.Fatal(err)
			}
			if got.Algorithm != c.want {
				t.Errorf("verified as %s, want %s", got.Algorithm, c.want)
			}
			opensslVerify(t, openssl, dir, signed)
		})
	}
}

// opensslVerify checks a signed JSON packet with openssl cms -verify, at
// the PKI's time.
func opensslVerify(t *testing.T, openssl, dir string, signed []byte) {
	t.Helper()
	canon, err := signing.Canonical(signed)
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ ChuKySo packet.Signature }
	if err := json.Unmarshal(signed, &p); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(p.ChuKySo.Value)
	if err != nil {
		t.Fatal(err)
	}
	content, sig := filepath.Join(dir, "canonical.bin"), filepath.Join(dir, "sig.der")
	if err := os.WriteFile(content, canon, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sig, der, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", sig, "-content", content,
		"-CAfile", filepath.Join(dir, "root.pem"), "-attime", strconv.FormatInt(at.Unix(), 10), "-out", os.DevNull).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl cms -verify: %v\n%s", err, out)
	}
}

// Many goroutines sign at once through a pool of fewer sessions: each
// waits for a free one, and every signature verifies (run with -race).
func TestConcurrentSigning(t *testing.T) {
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(at))
	id := pki.Agency(h29, signingtest.ECDSAP256)
	key := open(t, tok, "concurrent", id, 3) // two sessions for signing, one for the login
	s, err := signing.NewSigner(key, id.CertChain(), signing.WithClock(func() time.Time { return at }))
	if err != nil {
		t.Fatal(err)
	}
	v := signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Now: func() time.Time { return at }}}
	const workers, each = 8, 4
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				signed, err := s.Sign(context.Background(), unsigned(t, uint64(w*each+i)))
				if err == nil {
					_, err = v.Verify(context.Background(), signed)
				}
				if err != nil {
					errs <- fmt.Errorf("worker %d, packet %d: %w", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// Open says which of the module, the token, the PIN and the key is wrong.
func TestOpenErrors(t *testing.T) {
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(at))
	tok.Import(t, "agency", pki.Agency(h29, signingtest.ECDSAP256).Key)
	good := tok.Config("agency")
	for _, c := range []struct {
		name string
		edit func(*pkcs11.Config)
		want error
	}{
		{"no module", func(c *pkcs11.Config) { c.Module = filepath.Join(t.TempDir(), "none.so") }, pkcs11.ErrModule},
		{"not a module", func(c *pkcs11.Config) { c.Module = "/etc/hostname" }, pkcs11.ErrModule},
		{"another token", func(c *pkcs11.Config) { c.TokenLabel = "other" }, pkcs11.ErrToken},
		{"a wrong PIN", func(c *pkcs11.Config) { c.PIN = "654321" }, pkcs11.ErrPIN},
		{"another key", func(c *pkcs11.Config) { c.KeyLabel = "other" }, pkcs11.ErrKey},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := good
			c.edit(&cfg)
			key, err := pkcs11.Open(cfg)
			if err == nil {
				key.Close()
				t.Fatal("opened")
			}
			var pe *pkcs11.Error
			if !errors.Is(err, c.want) || !errors.As(err, &pe) || pe.MessageVI == "" {
				t.Fatalf("got %v, want an *Error wrapping %v", err, c.want)
			}
		})
	}
	// And the right one still opens: the wrong PIN did not lock the token.
	key, err := pkcs11.Open(good)
	if err != nil {
		t.Fatal(err)
	}
	key.Close()
}
