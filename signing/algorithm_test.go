package signing

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Every algorithm signs and verifies, in both formats, and Verified says
// which one it was.
func TestAlgorithmsRoundTrip(t *testing.T) {
	p := thePKI(t)
	inputs := map[packet.Format][]byte{packet.FormatJSON: packetJSON(t, h29), packet.FormatXML: specXML(t)}
	tests := []struct {
		kt   signingtest.KeyType
		algs []Algorithm
	}{
		{signingtest.RSA2048, []Algorithm{"", RSASHA256, RSASHA384, RSASHA512}},
		{signingtest.RSAPSS, []Algorithm{RSAPSSSHA256, RSAPSSSHA384, RSAPSSSHA512}},
		{signingtest.ECDSAP256, []Algorithm{"", ECDSASHA256, ECDSASHA384, ECDSASHA512}},
		{signingtest.ECDSAP384, []Algorithm{"", ECDSASHA256, ECDSASHA384, ECDSASHA512}},
	}
	for _, tt := range tests {
		for _, alg := range tt.algs {
			for f, pkt := range inputs {
				id := p.Agency(decodeAny(t, pkt).Header.Sender, tt.kt)
				var opts []SignerOption
				if alg != "" {
					opts = append(opts, WithAlgorithm(alg))
				}
				s := signer(t, id, opts...)
				want := alg
				if want == "" {
					want = RSASHA256
					if tt.kt != signingtest.RSA2048 {
						want = ECDSASHA256
					}
				}
				if s.Algorithm() != want {
					t.Errorf("%v %q: signer algorithm %s, want %s", tt.kt, alg, s.Algorithm(), want)
				}
				signed, err := s.Sign(context.Background(), pkt)
				if err != nil {
					t.Fatalf("%v %s %v: %v", tt.kt, alg, f, err)
				}
				got, err := verifier(p).Verify(context.Background(), signed)
				if err != nil {
					t.Fatalf("%v %s %v: %v", tt.kt, alg, f, err)
				}
				if got.Algorithm != want {
					t.Errorf("%v %s %v: verified algorithm %s", tt.kt, alg, f, got.Algorithm)
				}
			}
		}
	}
}

func decodeAny(t *testing.T, pkt []byte) *packet.Packet {
	t.Helper()
	if f, _ := packet.DetectFormat(pkt); f == packet.FormatXML {
		return decodeXML(t, pkt)
	}
	p, err := packet.Decode(bytes.NewReader(pkt), packet.FormatJSON, packet.Limits{})
	if p == nil {
		t.Fatal(err)
	}
	return p
}

// The TT15 profile makes an RSA key sign with RSASSA-PSS and refuses what
// the circular does not allow.
func TestProfileTT15(t *testing.T) {
	p := thePKI(t)
	rsaID, ecID := p.Agency(h29, signingtest.RSAPSS), p.Agency(h29, signingtest.ECDSAP384)
	tests := []struct {
		name string
		id   *signingtest.Identity
		opts []SignerOption
		want Algorithm // "" when NewSigner must fail
	}{
		{"RSA default", rsaID, []SignerOption{WithProfile(ProfileTT15)}, RSAPSSSHA256},
		{"RSA PSS-384", rsaID, []SignerOption{WithProfile(ProfileTT15), WithAlgorithm(RSAPSSSHA384)}, RSAPSSSHA384},
		{"RSA v1.5", rsaID, []SignerOption{WithProfile(ProfileTT15), WithAlgorithm(RSASHA256)}, ""},
		{"RSA 1024", p.Bad(h29, signingtest.RSA1024), []SignerOption{WithProfile(ProfileTT15)}, ""},
		{"ECDSA", ecID, []SignerOption{WithProfile(ProfileTT15)}, ECDSASHA256},
		{"ECDSA-384", ecID, []SignerOption{WithAlgorithm(ECDSASHA384), WithProfile(ProfileTT15)}, ECDSASHA384},
		{"ECDSA with an RSA algorithm", ecID, []SignerOption{WithAlgorithm(RSAPSSSHA256)}, ""},
		{"RSA with ECDSA", rsaID, []SignerOption{WithAlgorithm(ECDSASHA256)}, ""},
		{"unknown algorithm", rsaID, []SignerOption{WithAlgorithm("RSA-SHA1")}, ""},
		{"unknown profile", rsaID, []SignerOption{WithProfile("TT99")}, ""},
	}
	for _, tt := range tests {
		s, err := NewSigner(tt.id.Key, tt.id.CertChain(), tt.opts...)
		if tt.want == "" {
			if err == nil {
				t.Errorf("%s: NewSigner accepted it (%s)", tt.name, s.Algorithm())
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if s.Algorithm() != tt.want {
			t.Errorf("%s: algorithm %s, want %s", tt.name, s.Algorithm(), tt.want)
		}
	}
}

// Policy.Algorithms is the allow-list of both formats: a signature by an
// algorithm outside it is ErrWeakAlgorithm (R-SIG-003).
func TestPolicyAlgorithms(t *testing.T) {
	p := thePKI(t)
	inputs := map[packet.Format][]byte{packet.FormatJSON: packetJSON(t, h29), packet.FormatXML: specXML(t)}
	tests := []struct {
		kt      signingtest.KeyType
		alg     Algorithm
		allowed []Algorithm
		ok      bool
	}{
		{signingtest.RSA2048, RSASHA256, ProfileTT15.Algorithms(), false},
		{signingtest.RSAPSS, RSAPSSSHA256, ProfileTT15.Algorithms(), true},
		{signingtest.ECDSAP256, ECDSASHA256, ProfileTT15.Algorithms(), true},
		{signingtest.ECDSAP256, ECDSASHA256, []Algorithm{ECDSASHA384}, false},
		{signingtest.ECDSAP384, ECDSASHA384, []Algorithm{ECDSASHA384}, true},
		{signingtest.RSAPSS, RSAPSSSHA512, []Algorithm{RSAPSSSHA256}, false},
		{signingtest.RSA2048, RSASHA256, nil, true},
	}
	for _, tt := range tests {
		for f, pkt := range inputs {
			id := p.Agency(decodeAny(t, pkt).Header.Sender, tt.kt)
			signed := sign(t, id, pkt, WithAlgorithm(tt.alg))
			v := verifier(p)
			v.Policy.Algorithms = tt.allowed
			_, err := v.Verify(context.Background(), signed)
			if tt.ok && err != nil {
				t.Errorf("%s %v allowed %v: %v", tt.alg, f, tt.allowed, err)
			}
			if !tt.ok && (!errors.Is(err, ErrWeakAlgorithm) || Rule(err) != packet.RuleSignatureCertificate) {
				t.Errorf("%s %v allowed %v: got %v, want ErrWeakAlgorithm", tt.alg, f, tt.allowed, err)
			}
		}
	}
}

// A PSS signature is checked: a changed value does not verify, in either
// format.
func TestPSSBadValue(t *testing.T) {
	p := thePKI(t)
	id := p.Agency(h29, signingtest.RSAPSS)
	signed := sign(t, id, packetJSON(t, h29), WithProfile(ProfileTT15))
	canon, raw, err := split(signed)
	if err != nil {
		t.Fatal(err)
	}
	_, der, err := decodeSignature(raw)
	if err != nil {
		t.Fatal(err)
	}
	der[len(der)-5] ^= 1 // inside the signature value, the SignedData's last field
	bad, err := appendSignature(canon, der)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verifier(p).Verify(context.Background(), bad); !errors.Is(err, ErrBadSignature) {
		t.Errorf("JSON: got %v, want ErrBadSignature", err)
	}
}
