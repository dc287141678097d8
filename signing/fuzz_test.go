package signing

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/packet"
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
// its canonical bytes are those of the input without its signature, and
// the packet, bound from the tokens those bytes were written from, is the
// one packet.Decode reads from them. A verified seed is large and slow to
// minimise: fuzz with -fuzzminimizetime 2s.
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
		checkBoundFromCanonical(t, got)
	})
}

// checkBoundFromCanonical checks that the packet Verify returns, which it
// binds from the tokens of the input, is the packet the canonical bytes
// hold, findings included.
func checkBoundFromCanonical(t *testing.T, got *Verified) {
	t.Helper()
	want, findings, err := packet.Decode(bytes.NewReader(got.Canonical), packet.FormatXML, packet.Limits{})
	if err != nil {
		t.Fatalf("the verified canonical bytes do not decode: %v", err)
	}
	want.Signature = got.Packet.Signature
	if d := cmp.Diff(jsonOf(t, want), jsonOf(t, got.Packet)); d != "" {
		t.Fatalf("the verified packet is not the canonical bytes' (-canonical +verified):\n%s", d)
	}
	if d := cmp.Diff(findings.Error(), got.Findings.Error()); len(findings)+len(got.Findings) > 0 && d != "" {
		t.Fatalf("findings differ (-canonical +verified):\n%s", d)
	}
}
