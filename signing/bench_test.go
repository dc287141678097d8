package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// BenchmarkSignVerifyXML signs and verifies the same 10,000-profile packet
// in its XML form, with XML-DSig.
func BenchmarkSignVerifyXML(b *testing.B) {
	pki := signingtest.New(b)
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		b.Fatal(err)
	}
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	p := packettest.New(packettest.Options{Seed: 1, Sender: sender}).Packet(packet.KindProfiles, 10_000)
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatXML); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	ctx := context.Background()
	b.Run("sign", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Sign(ctx, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	signed, err := s.Sign(ctx, data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verify", func(b *testing.B) {
		b.SetBytes(int64(len(signed)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, signed); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSignVerifyJSON signs and verifies a 10,000-profile packet, and
// measures in the same run the floor any signer pays: the canonical
// encoding, SHA-256 of the bytes and one RSA-2048 signature.
func BenchmarkSignVerifyJSON(b *testing.B) {
	pki := signingtest.New(b)
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		b.Fatal(err)
	}
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	p := packettest.New(packettest.Options{Seed: 1, Sender: sender}).Packet(packet.KindProfiles, 10_000)
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	ctx := context.Background()

	b.Run("floor", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			c, err := signing.Canonical(data)
			if err != nil {
				b.Fatal(err)
			}
			sum := sha256.Sum256(c)
			if _, err := id.Key.Sign(rand.Reader, sum[:], crypto.SHA256); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sign", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Sign(ctx, data); err != nil {
				b.Fatal(err)
			}
		}
	})
	signed, err := s.Sign(ctx, data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verify", func(b *testing.B) {
		b.SetBytes(int64(len(signed)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, signed); err != nil {
				b.Fatal(err)
			}
		}
	})
}
