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

// Under Circular 15/2025/TT-BKHCN an RSA key signs with RSASSA-PSS, and a
// verifier keeping to the circular refuses PKCS #1 v1.5.
func ExampleWithProfile() {
	pki, err := signingtest.NewPKI(signingtest.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSAPSS)
	tt15, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithProfile(signing.ProfileTT15))
	if err != nil {
		fmt.Println(err)
		return
	}
	legacy, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		fmt.Println(err)
		return
	}
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Algorithms: signing.ProfileTT15.Algorithms()}}
	for _, s := range []*signing.Signer{tt15, legacy} {
		signed, err := s.Sign(context.Background(), examplePacket(sender))
		if err != nil {
			fmt.Println(err)
			return
		}
		_, err = v.Verify(context.Background(), signed)
		fmt.Println(s.Algorithm(), err == nil, errors.Is(err, signing.ErrWeakAlgorithm))
	}
	// Output:
	// RSA-PSS-SHA256 true false
	// RSA-SHA256 false true
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
