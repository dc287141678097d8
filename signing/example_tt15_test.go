package signing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// examplePacket is a one-profile JSON packet sent by sender.
func examplePacket(sender identifier.AgencyCode) []byte {
	var buf bytes.Buffer
	packettest.New(packettest.Options{Sender: sender, Now: time.Now()}).Packet(packet.KindProfiles, 1).Encode(&buf, packet.FormatJSON)
	return buf.Bytes()
}

// An RSA key signs with RSASSA-PSS by default, as Circular 15/2025/TT-BKHCN
// asks; PKCS #1 v1.5 only by name, and never under ProfileTT15. A verifier
// accepts an older system's PKCS #1 v1.5 with a warning, and refuses it
// when its policy requires the circular.
func ExampleWithProfile() {
	pki, err := signingtest.NewPKI(signingtest.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	tt15, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		fmt.Println(err)
		return
	}
	legacy, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithAlgorithm(signing.RSASHA256))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = signing.NewSigner(id.Key, id.CertChain(), signing.WithProfile(signing.ProfileTT15), signing.WithAlgorithm(signing.RSASHA256))
	fmt.Println("PKCS #1 v1.5 under ProfileTT15:", errors.Is(err, signing.ErrNotTT15))

	lenient := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	strict := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Profile: signing.ProfileTT15}}
	for _, s := range []*signing.Signer{tt15, legacy} {
		signed, err := s.Sign(context.Background(), examplePacket(sender))
		if err != nil {
			fmt.Println(err)
			return
		}
		got, err := lenient.Verify(context.Background(), signed)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, w := range got.Warnings {
			fmt.Println(w.MessageEN)
		}
		_, err = strict.Verify(context.Background(), signed)
		fmt.Println(s.Algorithm(), "under ProfileTT15:", err == nil, errors.Is(err, signing.ErrNotTT15))
	}
	// Output:
	// PKCS #1 v1.5 under ProfileTT15: true
	// RSA-PSS-SHA256 under ProfileTT15: true false
	// RSA-SHA256 (RSA PKCS #1 v1.5) does not meet Circular 15/2025/TT-BKHCN, which asks for RSASSA-PSS or ECDSA; accepted from an older system
	// RSA-SHA256 under ProfileTT15: false true
}

// A packet time-stamped by a TSA still verifies after the signer's
// certificate has expired: its chain is checked at the time the TSA
// vouches for.
func ExampleWithTimeStamper() {
	pki, err := signingtest.NewPKI(signingtest.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	tsa := httptest.NewServer(pki.TSA()) // stands in for the TSA's URL
	defer tsa.Close()
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.ECDSAP256)
	s, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithTimeStamper(&signing.TSAClient{URL: tsa.URL}))
	if err != nil {
		fmt.Println(err)
		return
	}
	signed, err := s.Sign(context.Background(), examplePacket(sender))
	if err != nil {
		fmt.Println(err)
		return
	}
	later := func() time.Time { return id.Cert.NotAfter.Add(30 * 24 * time.Hour) }
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Now: later}}
	got, err := v.Verify(context.Background(), signed)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.TimeStampedAt.Before(id.Cert.NotAfter), got.TimeStampAuthority.Subject.CommonName)
	// Output: true CBCCVC Test TSA 0
}

// A verifier that checks revocation online, failing hard when no answer
// can be had; the test PKI answers OCSP and CRL requests in memory.
func ExampleRevocationClient() {
	pki, err := signingtest.NewPKI(signingtest.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.ECDSAP256)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		fmt.Println(err)
		return
	}
	signed, err := s.Sign(context.Background(), examplePacket(sender))
	if err != nil {
		fmt.Println(err)
		return
	}
	v := &signing.Verifier{Policy: signing.Policy{
		Roots: pki.Roots(),
		Revocation: signing.NewRevocationClient(signing.RevocationConfig{
			HTTPClient: pki.RevocationClient(), // in production: an *http.Client of the caller's
			Mode:       signing.HardFail,
		}),
	}}
	_, err = v.Verify(context.Background(), signed)
	fmt.Println(err)

	pki.Revoke(id.Cert)
	// A new client: the first keeps the good answer until its nextUpdate.
	v.Policy.Revocation = signing.NewRevocationClient(signing.RevocationConfig{HTTPClient: pki.RevocationClient(), Mode: signing.HardFail})
	_, err = v.Verify(context.Background(), signed)
	fmt.Println(errors.Is(err, signing.ErrRevoked), signing.Rule(err))
	// Output:
	// <nil>
	// true R-SIG-003
}
