package pkcs11_test

import (
	"context"
	"crypto"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11/pkcs11test"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// BenchmarkSign signs a packet of two profiles with a key on a SoftHSM2
// token, beside the baseline, the same key in memory; "parallel" signs
// from GOMAXPROCS goroutines through the token's pool of sessions.
func BenchmarkSign(b *testing.B) {
	tok := pkcs11test.New(b)
	pki := signingtest.New(b, signingtest.At(at))
	pkt := unsigned(b, 3)
	for _, kt := range []signingtest.KeyType{signingtest.ECDSAP256, signingtest.RSAPSS} {
		id := pki.Agency(h29, kt)
		tok.Import(b, kt.String(), id.Key)
		cfg := tok.Config(kt.String())
		key, err := pkcs11.Open(cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name     string
			key      crypto.Signer
			parallel bool
		}{
			{"memory", id.Key, false}, {"token", key, false}, {"token-parallel", key, true},
		} {
			s, err := signing.NewSigner(c.key, id.CertChain(), signing.WithClock(func() time.Time { return at }))
			if err != nil {
				b.Fatal(err)
			}
			b.Run(kt.String()+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				if !c.parallel {
					for b.Loop() {
						if _, err := s.Sign(context.Background(), pkt); err != nil {
							b.Fatal(err)
						}
					}
					return
				}
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := s.Sign(context.Background(), pkt); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
		key.Close()
	}
}
