package signing

import (
	"bytes"
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

// FuzzVerifyXML checks that Verify never panics on XML and never accepts
// what it did not verify: a packet comes only with a nil error, and then
// it is decoded from exactly the canonical bytes of the input without its
// signature. A verified seed is large and slow to minimise: fuzz with
// -fuzzminimizetime 2s.
func FuzzVerifyXML(f *testing.F) {
	p := thePKI(f)
	pkt := specXML(f)
	signed := sign(f, p.Agency(h29, signingtest.ECDSAP256), pkt)
	f.Add(signed)
	f.Add(pkt)
	f.Add(signed[:len(signed)/2])
	f.Add(bytes.Replace(signed, []byte("<DuLieu>"), []byte("<DuLieu><!--c-->"), 1))
	v := verifier(p)
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := v.Verify(context.Background(), in)
		if (got == nil) == (err == nil) {
			t.Fatalf("Verify returned %v and %v", got, err)
		}
		if err != nil {
			return
		}
		if got.Packet == nil {
			t.Fatal("verified without a packet")
		}
		canon, err := Canonical(in)
		if err != nil || !bytes.Equal(canon, got.Canonical) {
			t.Fatalf("verified canonical bytes are not the input's: %v", err)
		}
	})
}
