package cms

import (
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
	"github.com/digitorus/pkcs7"
)

var h29 = identifier.MustParseAgencyCode("000.00.00.H29")

var content = []byte(`{"a":1,"b":"xin chào"}`)

func opts(p *signingtest.PKI) Options {
	return Options{Roots: p.Roots(), At: time.Now()}
}

func sign(t *testing.T, id *signingtest.Identity, c []byte) []byte {
	t.Helper()
	der, err := Sign(c, id.Key, id.CertChain(), SignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestRoundTrip(t *testing.T) {
	p := signingtest.New(t)
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		id := p.Agency(h29, kt)
		der := sign(t, id, content)
		res, err := Verify(der, content, opts(p))
		if err != nil {
			t.Fatalf("key type %d: %v", kt, err)
		}
		if !res.Signer.Equal(id.Cert) {
			t.Error("wrong signer")
		}
		if d := time.Since(res.SigningTime); d < 0 || d > time.Minute {
			t.Errorf("signing time %v", res.SigningTime)
		}
		// The intermediate may come from the caller instead of the SignedData.
		der2, err := Sign(content, id.Key, []*x509.Certificate{id.Cert}, SignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		o := opts(p)
		if _, err := Verify(der2, content, o); !errors.Is(err, ErrUntrusted) {
			t.Errorf("without intermediate: %v", err)
		}
		o.Intermediates = p.Intermediates()
		if _, err := Verify(der2, content, o); err != nil {
			t.Errorf("with caller's intermediate: %v", err)
		}
	}
}

func TestDigestMismatch(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Agency(h29, signingtest.ECDSAP256), content)
	changed := append([]byte(nil), content...)
	changed[5]++
	if _, err := Verify(der, changed, opts(p)); !errors.Is(err, ErrDigestMismatch) {
		t.Errorf("got %v", err)
	}
}

// The trap of pkcs7's Verify: no chain at all. A signature from another root
// must not verify.
func TestOtherRootUntrusted(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Bad(h29, signingtest.OtherRoot), content)
	if _, err := Verify(der, content, opts(p)); !errors.Is(err, ErrUntrusted) {
		t.Errorf("got %v", err)
	}
	if _, err := Verify(der, content, Options{At: time.Now()}); !errors.Is(err, ErrUntrusted) {
		t.Errorf("nil roots: got %v", err)
	}
}

// The trap of pkcs7's VerifyWithChain: it checks the chain at the
// signer-asserted signing time. Verify checks it at the time it is given.
func TestChainAtTrustedTime(t *testing.T) {
	p := signingtest.New(t)
	id := p.Agency(h29, signingtest.RSA2048)
	der := sign(t, id, content)
	o := opts(p)
	o.At = id.Cert.NotAfter.Add(time.Hour)
	if _, err := Verify(der, content, o); !errors.Is(err, ErrExpired) {
		t.Errorf("after the leaf expired: got %v", err)
	}
	// What pkcs7 alone would have said.
	p7, err := pkcs7.Parse(der)
	if err != nil {
		t.Fatal(err)
	}
	p7.Content = content
	if err := p7.VerifyWithChain(p.Roots()); err != nil {
		t.Logf("pkcs7.VerifyWithChain also refused: %v", err)
	}
}

func TestExpired(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Bad(h29, signingtest.Expired), content)
	if _, err := Verify(der, content, opts(p)); !errors.Is(err, ErrExpired) {
		t.Errorf("got %v", err)
	}
}

func TestWeak(t *testing.T) {
	p := signingtest.New(t)
	for name, der := range map[string][]byte{
		"RSA1024":     sign(t, p.Bad(h29, signingtest.RSA1024), content),
		"SHA1Signed":  unchecked(t, p.Bad(h29, signingtest.SHA1Signed), OIDSHA256),
		"SHA1digest2": unchecked(t, p.Agency(h29, signingtest.ECDSAP256), OIDSHA1),
		"SHA1digest":  signWith(t, p.Agency(h29, signingtest.RSA2048), pkcs7.OIDDigestAlgorithmSHA1, nil),
	} {
		if _, err := Verify(der, content, opts(p)); !errors.Is(err, ErrWeakAlgorithm) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// SHA-384 and SHA-512 are accepted.
	for _, d := range []asn1.ObjectIdentifier{pkcs7.OIDDigestAlgorithmSHA384, pkcs7.OIDDigestAlgorithmSHA512} {
		der := signWith(t, p.Agency(h29, signingtest.ECDSAP256), d, nil)
		if _, err := Verify(der, content, opts(p)); err != nil {
			t.Errorf("%v: %v", d, err)
		}
	}
}

func signWith(t *testing.T, id *signingtest.Identity, digest, contentType asn1.ObjectIdentifier) []byte {
	t.Helper()
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(digest)
	if contentType != nil {
		sd.SetContentType(contentType)
	}
	if err := sd.AddSignerChain(id.Cert, id.Key, id.Chain, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestContentTypeMustBeData(t *testing.T) {
	p := signingtest.New(t)
	der := signWith(t, p.Agency(h29, signingtest.RSA2048), pkcs7.OIDDigestAlgorithmSHA256, pkcs7.OIDSignedData)
	if _, err := Verify(der, content, opts(p)); !errors.Is(err, ErrMalformed) {
		t.Errorf("got %v", err)
	}
}

func TestWrongKeyUsage(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Bad(h29, signingtest.WrongKeyUsage), content)
	if _, err := Verify(der, content, opts(p)); !errors.Is(err, ErrUntrusted) {
		t.Errorf("got %v", err)
	}
}

func TestBadSignatureValue(t *testing.T) {
	p := signingtest.New(t)
	id := p.Agency(h29, signingtest.RSA2048)
	der := sign(t, id, content)
	// The RSA signature is the last 256 bytes of the SignedData (no unsigned attributes).
	bad := append([]byte(nil), der...)
	bad[len(bad)-10] ^= 1
	if _, err := Verify(bad, content, opts(p)); !errors.Is(err, ErrBadSignature) {
		t.Errorf("got %v", err)
	}
}

func TestMalformed(t *testing.T) {
	p := signingtest.New(t)
	der := sign(t, p.Agency(h29, signingtest.ECDSAP256), content)
	inputs := [][]byte{nil, {0x30}, []byte("garbage"), make([]byte, MaxDERBytes+1)}
	for i := 1; i < len(der); i += 37 {
		inputs = append(inputs, der[:i])
	}
	for i, in := range inputs {
		if _, err := Verify(in, content, opts(p)); !errors.Is(err, ErrMalformed) {
			t.Errorf("input %d (%d bytes): got %v", i, len(in), err)
		}
	}
}

func unchecked(t *testing.T, id *signingtest.Identity, digest asn1.ObjectIdentifier) []byte {
	t.Helper()
	der, err := SignUnchecked(content, id.Key, id.CertChain(), digest)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestSignRefusesBrokenChain(t *testing.T) {
	p := signingtest.New(t)
	id := p.Bad(h29, signingtest.SHA1Signed)
	if _, err := Sign(content, id.Key, id.CertChain(), SignOptions{}); err == nil {
		t.Error("signed with a SHA-1 certificate")
	}
}

func TestPSSParams(t *testing.T) {
	for _, h := range []crypto.Hash{crypto.SHA256, crypto.SHA384, crypto.SHA512} {
		raw, err := marshalPSSParams(h)
		if err != nil {
			t.Fatal(err)
		}
		got, salt, err := parsePSSParams(raw)
		if err != nil || got != h || salt != h.Size() {
			t.Errorf("%v: parsed %v, salt %d, %v", h, got, salt, err)
		}
	}
	sha256Alg := pkix.AlgorithmIdentifier{Algorithm: pkcs7.OIDDigestAlgorithmSHA256}
	sha1Alg := pkix.AlgorithmIdentifier{Algorithm: pkcs7.OIDDigestAlgorithmSHA1}
	mgf := func(h pkix.AlgorithmIdentifier) pkix.AlgorithmIdentifier {
		der, _ := asn1.Marshal(h)
		return pkix.AlgorithmIdentifier{Algorithm: oidMGF1, Parameters: asn1.RawValue{FullBytes: der}}
	}
	enc := func(p pssParams) asn1.RawValue {
		der, err := asn1.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return asn1.RawValue{FullBytes: der}
	}
	for name, c := range map[string]struct {
		raw  asn1.RawValue
		want error
	}{
		"absent (SHA-1)":  {asn1.RawValue{}, ErrWeakAlgorithm},
		"empty (SHA-1)":   {enc(pssParams{SaltLength: 20, TrailerField: 1}), ErrWeakAlgorithm},
		"SHA-1":           {enc(pssParams{Hash: sha1Alg, MGF: mgf(sha1Alg), SaltLength: 20, TrailerField: 1}), ErrWeakAlgorithm},
		"MGF1 with SHA-1": {enc(pssParams{Hash: sha256Alg, SaltLength: 32, TrailerField: 1}), ErrWeakAlgorithm},
		"other MGF":       {enc(pssParams{Hash: sha256Alg, MGF: sha256Alg, SaltLength: 32, TrailerField: 1}), ErrWeakAlgorithm},
		"trailer 2":       {enc(pssParams{Hash: sha256Alg, MGF: mgf(sha256Alg), SaltLength: 32, TrailerField: 2}), ErrMalformed},
		"negative salt":   {enc(pssParams{Hash: sha256Alg, MGF: mgf(sha256Alg), SaltLength: -1, TrailerField: 1}), ErrMalformed},
		"garbage":         {asn1.RawValue{FullBytes: []byte{0x30, 0x03, 0x02}}, ErrMalformed},
	} {
		if _, _, err := parsePSSParams(c.raw); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

// A signature algorithm must name the digest algorithm's hash and suit
// the key.
func TestSignerAlgorithmConsistency(t *testing.T) {
	p := signingtest.New(t)
	ec, rs := p.Agency(h29, signingtest.ECDSAP256).Cert.PublicKey, p.Agency(h29, signingtest.RSA2048).Cert.PublicKey
	sha256Alg := pkix.AlgorithmIdentifier{Algorithm: pkcs7.OIDDigestAlgorithmSHA256}
	for name, c := range map[string]struct {
		sig  asn1.ObjectIdentifier
		pub  crypto.PublicKey
		want error
	}{
		"ecdsa-with-SHA384 over SHA-256": {pkcs7.OIDDigestAlgorithmECDSASHA384, ec, ErrMalformed},
		"sha512WithRSA over SHA-256":     {pkcs7.OIDEncryptionAlgorithmRSASHA512, rs, ErrMalformed},
		"ECDSA with an RSA key":          {pkcs7.OIDDigestAlgorithmECDSASHA256, rs, ErrBadSignature},
		"RSA with an ECDSA key":          {pkcs7.OIDEncryptionAlgorithmRSA, ec, ErrBadSignature},
		"sha1WithRSA":                    {pkcs7.OIDEncryptionAlgorithmRSASHA1, rs, ErrWeakAlgorithm},
		"Ed25519":                        {pkcs7.OIDEncryptionAlgorithmEDDSA25519, ec, ErrWeakAlgorithm},
	} {
		if _, _, err := signerAlgorithm(sha256Alg, pkix.AlgorithmIdentifier{Algorithm: c.sig}, c.pub); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

// TestSigningTime signs at a time of the caller's, which Verify reads back
// and checks against the certificate, with every scheme; a year from 2050
// is a GeneralizedTime.
func TestSigningTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2031, 2, 28, 9, 0, 0, 0, time.UTC),
		time.Date(2051, 6, 1, 9, 0, 0, 0, time.UTC),
	} {
		p := signingtest.New(t, signingtest.At(at))
		for _, c := range []struct {
			kt  signingtest.KeyType
			alg Algorithm
		}{
			{signingtest.RSA2048, Algorithm{}},
			{signingtest.RSA2048, Algorithm{Scheme: PSS, Hash: crypto.SHA256}},
			{signingtest.ECDSAP256, Algorithm{Hash: crypto.SHA384}},
		} {
			id := p.Agency(h29, c.kt)
			signedAt := at.Add(90 * time.Minute)
			der, err := Sign(content, id.Key, id.CertChain(), SignOptions{Algorithm: c.alg, SigningTime: signedAt})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Verify(der, content, Options{Roots: p.Roots(), At: at.Add(2 * time.Hour)})
			if err != nil {
				t.Fatalf("%v, %v at %v: %v", c.kt, c.alg, at, err)
			}
			if !res.SigningTime.Equal(signedAt) {
				t.Errorf("%v, %v: signing time %v, want %v", c.kt, c.alg, res.SigningTime, signedAt)
			}
		}
		// A signing time outside the certificate's validity is refused.
		id := p.Agency(h29, signingtest.ECDSAP256)
		der, err := Sign(content, id.Key, id.CertChain(), SignOptions{SigningTime: at.AddDate(2, 0, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(der, content, Options{Roots: p.Roots(), At: at}); !errors.Is(err, ErrExpired) {
			t.Errorf("signed two years after the certificate's time: %v, want ErrExpired", err)
		}
	}
}

// countingKey counts the signatures its key makes.
type countingKey struct {
	crypto.Signer
	n int
}

func (k *countingKey) Sign(r io.Reader, digest []byte, o crypto.SignerOpts) ([]byte, error) {
	k.n++
	return k.Signer.Sign(r, digest, o)
}

// TestSignOnceWithDigest checks that the key signs once, at the caller's
// time or not, and that a digest the caller computed is the one signed:
// the content's verifies, another's does not, one of the wrong size is
// refused.
func TestSignOnceWithDigest(t *testing.T) {
	p := signingtest.New(t)
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		id := p.Agency(h29, kt)
		sum := sha256.Sum256(content)
		other := sha256.Sum256([]byte("other"))
		for _, c := range []struct {
			o    SignOptions
			want error
		}{
			{SignOptions{}, nil},
			{SignOptions{SigningTime: time.Now().Add(-time.Minute)}, nil},
			{SignOptions{Digest: sum[:]}, nil},
			{SignOptions{Digest: other[:]}, ErrDigestMismatch},
		} {
			key := &countingKey{Signer: id.Key}
			der, err := Sign(content, key, id.CertChain(), c.o)
			if err != nil {
				t.Fatal(err)
			}
			if key.n != 1 {
				t.Errorf("key type %d, %+v: %d signatures, want 1", kt, c.o, key.n)
			}
			if _, err := Verify(der, content, opts(p)); !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
				t.Errorf("key type %d, %+v: %v, want %v", kt, c.o, err, c.want)
			}
		}
		if _, err := Sign(content, id.Key, id.CertChain(), SignOptions{Digest: sum[:20]}); err == nil {
			t.Error("a digest of 20 bytes is accepted")
		}
	}
}
