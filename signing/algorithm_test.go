package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
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
		{signingtest.RSAPSS, []Algorithm{"", RSAPSSSHA256, RSAPSSSHA384, RSAPSSSHA512}},
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
					want = RSAPSSSHA256
					if tt.kt == signingtest.ECDSAP256 || tt.kt == signingtest.ECDSAP384 {
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
				// Only PKCS #1 v1.5 falls short of Circular 15/2025/TT-BKHCN.
				legacy := want == RSASHA256 || want == RSASHA384 || want == RSASHA512
				if n := len(got.Warnings); legacy != (n == 1) || n > 1 {
					t.Errorf("%v %s %v: %d warnings %v", tt.kt, alg, f, n, got.Warnings)
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
	p, _, err := packet.Decode(bytes.NewReader(pkt), packet.FormatJSON, packet.Limits{})
	if p == nil {
		t.Fatal(err)
	}
	return p
}

// A signer follows Circular 15/2025/TT-BKHCN by default: RSASSA-PSS for
// an RSA key, ECDSA for an ECDSA one, and no key shorter than the circular
// allows. PKCS #1 v1.5 only by name, and never under ProfileTT15.
func TestSignerAlgorithm(t *testing.T) {
	p := thePKI(t)
	rsaID, pssID, ecID := p.Agency(h29, signingtest.RSA2048), p.Agency(h29, signingtest.RSAPSS), p.Agency(h29, signingtest.ECDSAP384)
	short := p.Bad(h29, signingtest.RSA1024)
	p224 := p224Identity(t)
	const refused, notTT15 = "refused", "not TT15" // NewSigner fails; and with ErrNotTT15
	tests := []struct {
		name string
		id   *signingtest.Identity
		opts []SignerOption
		want Algorithm // or refused, notTT15
	}{
		{"RSA default", rsaID, nil, RSAPSSSHA256},
		{"RSA-PSS key default", pssID, nil, RSAPSSSHA256},
		{"ECDSA P-384 default", ecID, nil, ECDSASHA256},
		{"RSA PSS-384", rsaID, []SignerOption{WithAlgorithm(RSAPSSSHA384)}, RSAPSSSHA384},
		{"RSA v1.5 by name", rsaID, []SignerOption{WithAlgorithm(RSASHA256)}, RSASHA256},
		{"RSA v1.5-512 by name", rsaID, []SignerOption{WithAlgorithm(RSASHA512)}, RSASHA512},
		{"RSA 1024 default", short, nil, notTT15},
		{"RSA 1024 PSS", short, []SignerOption{WithAlgorithm(RSAPSSSHA256)}, notTT15},
		{"RSA 1024 v1.5 by name", short, []SignerOption{WithAlgorithm(RSASHA256)}, RSASHA256},
		{"ECDSA P-224", p224, nil, notTT15},
		{"TT15 RSA default", rsaID, []SignerOption{WithProfile(ProfileTT15)}, RSAPSSSHA256},
		{"TT15 RSA PSS-384", pssID, []SignerOption{WithProfile(ProfileTT15), WithAlgorithm(RSAPSSSHA384)}, RSAPSSSHA384},
		{"TT15 RSA v1.5 by name", rsaID, []SignerOption{WithProfile(ProfileTT15), WithAlgorithm(RSASHA256)}, notTT15},
		{"TT15 RSA 1024", short, []SignerOption{WithProfile(ProfileTT15)}, notTT15},
		{"TT15 RSA 1024 v1.5", short, []SignerOption{WithProfile(ProfileTT15), WithAlgorithm(RSASHA256)}, notTT15},
		{"TT15 ECDSA", ecID, []SignerOption{WithProfile(ProfileTT15)}, ECDSASHA256},
		{"TT15 ECDSA-384", ecID, []SignerOption{WithAlgorithm(ECDSASHA384), WithProfile(ProfileTT15)}, ECDSASHA384},
		{"ECDSA with an RSA algorithm", ecID, []SignerOption{WithAlgorithm(RSAPSSSHA256)}, refused},
		{"RSA with ECDSA", rsaID, []SignerOption{WithAlgorithm(ECDSASHA256)}, refused},
		{"unknown algorithm", rsaID, []SignerOption{WithAlgorithm("RSA-SHA1")}, refused},
		{"unknown profile", rsaID, []SignerOption{WithProfile("TT99")}, refused},
	}
	for _, tt := range tests {
		s, err := NewSigner(tt.id.Key, tt.id.CertChain(), tt.opts...)
		switch tt.want {
		case refused, notTT15:
			if err == nil {
				t.Errorf("%s: NewSigner accepted it (%s)", tt.name, s.Algorithm())
				continue
			}
			var e *Error
			isTT15 := errors.Is(err, ErrNotTT15) && errors.Is(err, ErrWeakAlgorithm) && errors.As(err, &e) &&
				strings.Contains(e.MessageVI, "Thông tư số 15/2025/TT-BKHCN") && strings.Contains(err.Error(), "Circular 15/2025/TT-BKHCN")
			if isTT15 != (tt.want == notTT15) {
				t.Errorf("%s: %v (ErrNotTT15 with both messages: %v)", tt.name, err, isTT15)
			}
		default:
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if s.Algorithm() != tt.want {
				t.Errorf("%s: algorithm %s, want %s", tt.name, s.Algorithm(), tt.want)
			}
		}
	}
}

// p224Identity is an agency H29 with an ECDSA P-224 key, shorter than the
// circular allows, on a self-signed certificate: NewSigner judges the key
// before anything else of the certificate.
func p224Identity(t *testing.T) *signingtest.Identity {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "P-224"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &signingtest.Identity{Code: h29, Key: key, Cert: cert}
}

// A PKCS #1 v1.5 signature from an older system verifies, in both formats,
// with one warning that it does not meet the circular; a policy that
// requires the circular refuses it (R-SIG-003), and refuses a short RSA key
// whatever MinRSABits allows.
func TestVerifyNotTT15(t *testing.T) {
	p := thePKI(t)
	inputs := map[packet.Format][]byte{packet.FormatJSON: packetJSON(t, h29), packet.FormatXML: specXML(t)}
	tests := []struct {
		name    string
		kt      signingtest.KeyType
		bad     bool // the RSA 1024 leaf
		alg     Algorithm
		profile Profile
		minRSA  int
		want    string // "ok", "warning", "refused"
	}{
		{"PSS", signingtest.RSA2048, false, RSAPSSSHA256, ProfileDefault, 0, "ok"},
		{"ECDSA", signingtest.ECDSAP256, false, ECDSASHA256, ProfileDefault, 0, "ok"},
		{"v1.5", signingtest.RSA2048, false, RSASHA256, ProfileDefault, 0, "warning"},
		{"v1.5 SHA-384", signingtest.RSA2048, false, RSASHA384, ProfileDefault, 0, "warning"},
		{"TT15 PSS", signingtest.RSA2048, false, RSAPSSSHA512, ProfileTT15, 0, "ok"},
		{"TT15 ECDSA", signingtest.ECDSAP384, false, ECDSASHA384, ProfileTT15, 0, "ok"},
		{"TT15 v1.5", signingtest.RSA2048, false, RSASHA256, ProfileTT15, 0, "refused"},
		{"TT15 v1.5 SHA-512", signingtest.RSA2048, false, RSASHA512, ProfileTT15, 0, "refused"},
		{"v1.5 1024 allowed by MinRSABits", 0, true, RSASHA256, ProfileDefault, 1024, "warning"},
		{"TT15 v1.5 1024 allowed by MinRSABits", 0, true, RSASHA256, ProfileTT15, 1024, "refused"},
	}
	for _, tt := range tests {
		for f, pkt := range inputs {
			sender := decodeAny(t, pkt).Header.Sender
			id := p.Agency(sender, tt.kt)
			if tt.bad {
				id = p.Bad(sender, signingtest.RSA1024)
			}
			signed := sign(t, id, pkt, WithAlgorithm(tt.alg))
			v := verifier(p)
			v.Policy.Profile, v.Policy.MinRSABits = tt.profile, tt.minRSA
			got, err := v.Verify(context.Background(), signed)
			name := fmt.Sprintf("%s %v", tt.name, f)
			switch tt.want {
			case "ok":
				if err != nil || len(got.Warnings) != 0 {
					t.Errorf("%s: %v, warnings %v", name, err, got.Warnings)
				}
			case "warning":
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if len(got.Warnings) != 1 || got.Algorithm != tt.alg {
					t.Fatalf("%s: %s, warnings %v", name, got.Algorithm, got.Warnings)
				}
				w := got.Warnings[0]
				if !errors.Is(w, ErrNotTT15) || errors.Is(w, ErrWeakAlgorithm) || Rule(w) != "" ||
					!strings.Contains(w.MessageVI, "Thông tư số 15/2025/TT-BKHCN") || !strings.Contains(w.MessageVI, "vẫn được chấp nhận") ||
					!strings.Contains(w.MessageEN, "PKCS #1 v1.5") {
					t.Errorf("%s: warning %#v", name, w)
				}
			case "refused":
				var e *Error
				if got != nil || !errors.Is(err, ErrWeakAlgorithm) || !errors.Is(err, ErrNotTT15) || Rule(err) != packet.RuleSignatureCertificate ||
					!errors.As(err, &e) || !strings.Contains(e.MessageVI, "Thông tư số 15/2025/TT-BKHCN") || !strings.Contains(e.MessageVI, "Đề nghị") {
					t.Errorf("%s: got %v, %v; want ErrWeakAlgorithm with ErrNotTT15", name, got, err)
				}
			}
		}
	}
}

// A PSS signature with a key shorter than the circular allows, which only
// a careless signer makes and a lowered MinRSABits lets through, is a
// warning by default and refused under ProfileTT15.
func TestVerifyShortKeyPSS(t *testing.T) {
	p := thePKI(t)
	id := p.Bad(h29, signingtest.RSA1024)
	canon, err := Canonical(packetJSON(t, h29))
	if err != nil {
		t.Fatal(err)
	}
	der, err := cms.Sign(canon, id.Key, id.CertChain(), cms.SignOptions{Algorithm: cms.Algorithm{Scheme: cms.PSS, Hash: crypto.SHA256}})
	if err != nil {
		t.Fatal(err)
	}
	signed, err := appendSignature(canon, der)
	if err != nil {
		t.Fatal(err)
	}
	v := verifier(p)
	v.Policy.MinRSABits = 1024
	got, err := v.Verify(context.Background(), signed)
	if err != nil || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0].MessageEN, "1024 bits") ||
		!strings.Contains(got.Warnings[0].MessageVI, "khóa RSA 1024 bit") {
		t.Fatalf("default policy: %v, %+v", err, got)
	}
	v.Policy.Profile = ProfileTT15
	if _, err := v.Verify(context.Background(), signed); !errors.Is(err, ErrNotTT15) || Rule(err) != packet.RuleSignatureCertificate {
		t.Errorf("ProfileTT15: %v", err)
	}
}

// A Policy.Profile this version does not know is refused, not read as the
// default.
func TestPolicyUnknownProfile(t *testing.T) {
	p := thePKI(t)
	for _, pkt := range [][]byte{packetJSON(t, h29), specXML(t)} {
		signed := sign(t, p.Agency(decodeAny(t, pkt).Header.Sender, signingtest.ECDSAP256), pkt)
		v := verifier(p)
		v.Policy.Profile = "TT99"
		if got, err := v.Verify(context.Background(), signed); err == nil || !strings.Contains(err.Error(), "TT99") {
			t.Errorf("got %v, %v", got, err)
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
