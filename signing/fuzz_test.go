package signing

import (
	"context"
	"testing"

	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// FuzzVerify checks that Verify never panics and never accepts what it did
// not verify: whatever the input, it returns a packet only with a nil error,
// and then the signer is the PKI's.
func FuzzVerify(f *testing.F) {
	p := thePKI(f)
	pkt := packetJSON(f, h29)
	signed := sign(f, p.Agency(h29, signingtest.ECDSAP256), pkt)
	f.Add(signed)
	f.Add(pkt)
	f.Add(signed[:len(signed)/2])
	v := verifier(p)
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := v.Verify(context.Background(), in)
		if (got == nil) == (err == nil) {
			t.Fatalf("Verify returned %v and %v", got, err)
		}
		if err == nil && got.Packet == nil {
			t.Fatal("verified without a packet")
		}
	})
}
