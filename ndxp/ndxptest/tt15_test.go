package ndxptest

import (
	"context"
	"net/http"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// The sandbox signs its answers as the national database by Circular
// 15/2025/TT-BKHCN (its RSA key with RSASSA-PSS), and still takes an
// older system's PKCS #1 v1.5, in both formats.
func TestSignaturesTT15(t *testing.T) {
	h := newHarness(t, Config{})
	strict := h.srv.Verifier()
	strict.Policy.Profile = signing.ProfileTT15
	id := h.srv.PKI().Agency(h29, signingtest.RSA2048)
	legacy, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithAlgorithm(signing.RSASHA256), signing.WithClock(h.srv.svc.now))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		p := h.gen(uint64(100+i)).Packet(packet.KindProfiles, 2)
		a := h.submit(p, h.signed(p, f))
		if a.status != http.StatusAccepted {
			t.Fatalf("%v: submit: %d %s", f, a.status, a.body)
		}
		got, err := strict.Verify(context.Background(), a.body)
		if err != nil || got.Algorithm != signing.RSAPSSSHA256 || len(got.Warnings) != 0 {
			t.Fatalf("%v: the answer: %v, %+v", f, err, got)
		}

		old := h.gen(uint64(200+i)).Packet(packet.KindProfiles, 1)
		body, err := legacy.Sign(context.Background(), encode(t, old, f))
		if err != nil {
			t.Fatal(err)
		}
		if a := h.submit(old, body); a.status != http.StatusAccepted {
			t.Fatalf("%v: submit PKCS #1 v1.5: %d %s", f, a.status, a.body)
		}
		if res := h.result(old.Header.ID); res.Header.State != packet.StateProcessed || states(res) != "THANH_CONG" {
			t.Errorf("%v: PKCS #1 v1.5: %s %s", f, res.Header.State, states(res))
		}
	}
}
