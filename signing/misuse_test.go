package signing

import (
	"context"
	"crypto"
	"errors"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// TestNilAndZero calls the entry points with nil and zero receivers and
// nil arguments: none panics, each returns its error.
func TestNilAndZero(t *testing.T) {
	ctx := context.Background()
	p := thePKI(t)
	pkt := packetJSON(t, h29)
	signed := sign(t, p.Agency(h29, 0), pkt)
	id := p.Agency(h29, 0)
	var (
		nilSigner   *Signer
		nilVerifier *Verifier
		nilRevoc    *RevocationClient
		nilTSA      *TSAClient
		nilCtx      context.Context
	)
	for _, tc := range []struct {
		name string
		call func() error
		want error
	}{
		{"nil *Signer", func() error { _, err := nilSigner.Sign(ctx, pkt); return err }, ErrNil},
		{"zero Signer", func() error { _, err := (&Signer{}).Sign(ctx, pkt); return err }, ErrNil},
		{"Sign with a nil context", func() error { _, err := signer(t, id).Sign(nilCtx, pkt); return err }, ErrNil},
		{"nil *Verifier", func() error { _, err := nilVerifier.Verify(ctx, signed); return err }, ErrNil},
		{"Verify with a nil context", func() error { _, err := verifier(p).Verify(nilCtx, signed); return err }, ErrNil},
		{"zero Verifier", func() error { _, err := (&Verifier{}).Verify(ctx, signed); return err }, ErrUntrusted},
		{"Verify nil", func() error { _, err := verifier(p).Verify(ctx, nil); return err }, nil},
		{"nil *RevocationClient", func() error { return nilRevoc.Check(ctx, id.Cert, id.Chain[0]) }, ErrRevocationUnknown},
		{"nil certificate", func() error { return (&RevocationClient{}).Check(ctx, nil, nil) }, ErrNil},
		{"nil *TSAClient", func() error { _, err := nilTSA.TimeStamp(ctx, crypto.SHA256, make([]byte, 32)); return err }, ErrNil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("panic: %v", v)
					}
				}()
				err = tc.call()
			}()
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
	if nilSigner.Certificate() != nil || (&Signer{}).Certificate() != nil || nilSigner.Algorithm() != "" {
		t.Error("a nil or zero Signer answers as if it had a key")
	}
}

// TestZeroRevocationClient: a RevocationClient not made by
// NewRevocationClient takes its defaults and caches on first use.
func TestZeroRevocationClient(t *testing.T) {
	p := signingtest.New(t)
	good, bad := p.Agency(h29, signingtest.ECDSAP256), p.Agency(g12, signingtest.ECDSAP256)
	p.Revoke(bad.Cert)
	c := &RevocationClient{cfg: RevocationConfig{HTTPClient: p.RevocationClient(), Mode: HardFail}}
	if err := c.Check(context.Background(), good.Cert, good.Chain[0]); err != nil {
		t.Errorf("a good certificate: %v", err)
	}
	if err := c.Check(context.Background(), bad.Cert, bad.Chain[0]); !errors.Is(err, ErrRevoked) {
		t.Errorf("a revoked certificate: %v, want ErrRevoked", err)
	}
	if c.cfg.TTL != time.Hour || len(c.statuses) != 2 {
		t.Errorf("defaults %+v, %d statuses cached", c.cfg, len(c.statuses))
	}
}
