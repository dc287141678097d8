package signingtest_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// A throw-away PKI signs an agency's packet; a certificate of another
// root does not verify against it. In a test, signingtest.New(t).
func Example() {
	pki, err := signingtest.NewPKI(signingtest.Config{})
	if err != nil {
		panic(err)
	}
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(agency, signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	packettest.New(packettest.Options{Sender: agency}).Packet(packet.KindProfiles, 2).Encode(&b, packet.FormatJSON)
	signed, err := s.Sign(context.Background(), b.Bytes())
	if err != nil {
		panic(err)
	}
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	got, err := v.Verify(context.Background(), signed)
	if err != nil {
		panic(err)
	}
	fmt.Println("signed by", got.Agency, "for", id.Cert.Subject.CommonName)

	other := pki.Bad(agency, signingtest.OtherRoot)
	s2, _ := signing.NewSigner(other.Key, other.CertChain())
	signed2, _ := s2.Sign(context.Background(), b.Bytes())
	_, err = v.Verify(context.Background(), signed2)
	fmt.Println("another root:", signing.Rule(err))
	// Output:
	// signed by 000.00.00.H29 for Test agency 000.00.00.H29
	// another root: R-SIG-003
}
