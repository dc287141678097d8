package pkcs11_test

import (
	"context"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/pkcs11/pkcs11test"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// The uploader signs six packets at once with an RSA key on a token that
// has two sessions for signing: every packet is signed on the token and
// accepted by the sandbox, which verifies each signature.
func TestUploaderSignsThroughOneToken(t *testing.T) {
	tok := pkcs11test.New(t)
	pki := signingtest.New(t, signingtest.At(at))
	clock := func() time.Time { return at }
	srv := ndxptest.NewServer(t, ndxptest.Config{PKI: pki, Now: clock})
	id := pki.Agency(h29, signingtest.RSAPSS)
	key := open(t, tok, "uploader", id, 3)
	s, err := signing.NewSigner(key, id.CertChain(), signing.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	const records, perPacket = 24, 2
	profiles := packettest.New(packettest.Options{Seed: 5, Sender: h29, Now: at}).Packet(packet.KindProfiles, records).Records.Profiles
	u := srv.Client(h29, ndxp.WithSigner(s)).Uploader(ndxp.UploaderConfig{
		MaxRecords: perPacket, Concurrency: 6, PollInterval: time.Millisecond, Now: clock})
	rep, err := u.Upload(context.Background(), ndxp.Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Done != records/perPacket || rep.Accepted+rep.Warned != records || rep.Refused != 0 {
		t.Fatalf("%d packets answered, %d accepted, %d with warnings, %d refused; want %d packets, all %d records accepted",
			rep.Done, rep.Accepted, rep.Warned, rep.Refused, records/perPacket, records)
	}
	for _, p := range rep.Packets {
		if p.State == packet.StateRejected {
			t.Errorf("packet %s refused", p.ID)
		}
	}
}
