package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"testing"

	gowebpki "github.com/gowebpki/jcs"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/cputime"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// benchSetup is a signer, a verifier and a 10,000-profile packet in
// format f, signed by an RSA-2048 agency certificate of a test PKI.
type benchSetup struct {
	id       *signingtest.Identity
	signer   *signing.Signer
	verifier *signing.Verifier
	data     []byte
}

func newBenchSetup(b *testing.B, f packet.Format) benchSetup {
	pki := signingtest.New(b)
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		b.Fatal(err)
	}
	p := packettest.New(packettest.Options{Seed: 1, Sender: sender}).Packet(packet.KindProfiles, 10_000)
	var buf bytes.Buffer
	if err := p.Encode(&buf, f); err != nil {
		b.Fatal(err)
	}
	return benchSetup{id: id, signer: s, verifier: &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}, data: buf.Bytes()}
}

// run measures signing and verifying as sub-benchmarks.
func (bs benchSetup) run(b *testing.B) {
	ctx := context.Background()
	b.Run("sign", func(b *testing.B) {
		b.SetBytes(int64(len(bs.data)))
		b.ReportAllocs()
		cpu := cputime.Start()
		for b.Loop() {
			if _, err := bs.signer.Sign(ctx, bs.data); err != nil {
				b.Fatal(err)
			}
		}
		cpu.ReportPerOp(b)
	})
	signed, err := bs.signer.Sign(ctx, bs.data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verify", func(b *testing.B) {
		b.SetBytes(int64(len(signed)))
		b.ReportAllocs()
		cpu := cputime.Start()
		for b.Loop() {
			if _, err := bs.verifier.Verify(ctx, signed); err != nil {
				b.Fatal(err)
			}
		}
		cpu.ReportPerOp(b)
	})
}

// BenchmarkSignVerifyXML signs and verifies a 10,000-profile packet in its
// XML form, with XML-DSig.
func BenchmarkSignVerifyXML(b *testing.B) { newBenchSetup(b, packet.FormatXML).run(b) }

// BenchmarkSignVerifyJSON signs and verifies a 10,000-profile packet, and
// measures in the same run the floor any signer pays, the canonical
// encoding, SHA-256 of the bytes and one RSA-2048 signature: floor/gowebpki
// canonicalises with gowebpki/jcs, the reference RFC 8785 implementation in
// Go, floor/ours with Canonical.
func BenchmarkSignVerifyJSON(b *testing.B) {
	bs := newBenchSetup(b, packet.FormatJSON)
	for _, fl := range []struct {
		name      string
		canonical func([]byte) ([]byte, error)
	}{{"gowebpki", gowebpki.Transform}, {"ours", signing.Canonical}} {
		b.Run("floor/"+fl.name, func(b *testing.B) {
			b.SetBytes(int64(len(bs.data)))
			b.ReportAllocs()
			cpu := cputime.Start()
			for b.Loop() {
				c, err := fl.canonical(bs.data)
				if err != nil {
					b.Fatal(err)
				}
				sum := sha256.Sum256(c)
				if _, err := bs.id.Key.Sign(rand.Reader, sum[:], crypto.SHA256); err != nil {
					b.Fatal(err)
				}
			}
			cpu.ReportPerOp(b)
		})
	}
	bs.run(b)
}
