package signing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// A packet signed by an agency and verified by the national database. The
// test PKI stands in for the certificates a CA issues.
func ExampleSigner_Sign() {
	pki, err := signingtest.NewPKI(signingtest.Config{At: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.ECDSAP256)
	signer, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		p := packettest.New(packettest.Options{Sender: sender, Now: time.Now()}).Packet(packet.KindProfiles, 2)
		if err := p.Encode(&buf, f); err != nil {
			fmt.Println(err)
			return
		}
		signed, err := signer.Sign(context.Background(), buf.Bytes())
		if err != nil {
			fmt.Println(err)
			return
		}
		v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
		got, err := v.Verify(context.Background(), signed)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(f, got.Packet.Signature.Format, got.Agency, len(got.Packet.Records.Profiles))
	}
	// Output:
	// json CMS 000.00.00.H29 2
	// xml XMLDSIG 000.00.00.H29 2
}

// A signature by a certificate of another agency than the sender is
// refused with its own error, however good the signature is.
func ExampleVerifier_Verify_signerNotSender() {
	pki, err := signingtest.NewPKI(signingtest.Config{At: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	other := pki.Agency(identifier.MustParseAgencyCode("000.00.00.H49"), signingtest.RSA2048)
	signer, err := signing.NewSigner(other.Key, other.CertChain(), signing.WithMatcher(nil)) // the signer does not check
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	packettest.New(packettest.Options{Now: time.Now()}).Packet(packet.KindProfiles, 1).Encode(&buf, packet.FormatJSON)
	signed, err := signer.Sign(context.Background(), buf.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}
	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
	_, err = v.Verify(context.Background(), signed)
	fmt.Println(errors.Is(err, signing.ErrSignerNotSender), signing.Rule(err))
	// Output: true R-SIG-004
}
