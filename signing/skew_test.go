package signing_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Policy.Skew lets a verifier whose clock is a little behind accept a
// certificate that has only just become valid — and no more than that.
func TestPolicySkew(t *testing.T) {
	pki := signingtest.New(t)
	sender := identifier.MustParseAgencyCode("000.00.00.H29")
	id := pki.Agency(sender, signingtest.RSA2048)
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		if err := packettest.New(packettest.Options{Sender: sender, Now: pki.Time()}).Packet(packet.KindProfiles, 1).Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		signed, err := s.Sign(context.Background(), buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		early := id.Cert.NotBefore.Add(-2 * time.Minute) // the verifier's clock is behind
		tests := []struct {
			skew time.Duration
			at   time.Time
			want error
		}{
			{0, early, signing.ErrExpired},
			{5 * time.Minute, early, nil},
			{time.Minute, early, signing.ErrExpired},
			{5 * time.Minute, id.Cert.NotAfter.Add(3 * time.Minute), nil},
			{5 * time.Minute, id.Cert.NotAfter.Add(time.Hour), signing.ErrExpired},
		}
		for _, tt := range tests {
			v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots(), Skew: tt.skew, Now: func() time.Time { return tt.at }}}
			_, err := v.Verify(context.Background(), signed)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("%v: skew %v at %v: error %v, want %v", f, tt.skew, tt.at, err, tt.want)
			}
		}
	}
}

// A certificate naming its agency in both UID and SAN lists it once.
func TestAgencyCodesOnce(t *testing.T) {
	pki := signingtest.New(t)
	id := pki.Agency(identifier.MustParseAgencyCode("000.00.12.H29"), signingtest.RSA2048)
	if got := signing.AgencyCodes(id.Cert); len(got) != 1 || got[0].Canonical() != "000.00.12.H29" {
		t.Errorf("AgencyCodes = %v, want [000.00.12.H29]", got)
	}
}
