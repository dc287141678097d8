package ndxp_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
)

var h29 = identifier.MustParseAgencyCode("000.00.00.H29")

func signedPacket(t *testing.T, c *ndxp.Client, p *packet.Packet) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	signed, err := c.Signer().Sign(context.Background(), b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

// TestErrorClassesAgainstSandbox provokes each class of error answer from
// the sandbox and checks the client's error for it.
func TestErrorClassesAgainstSandbox(t *testing.T) {
	srv := ndxptest.NewServer(t, ndxptest.Config{})
	c := srv.Client(h29)
	g := packettest.New(packettest.Options{Seed: 3, Sender: h29, Now: srv.Now()})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	p := g.Packet(packet.KindProfiles, 2)
	if _, err := c.Submit(ctx, signedPacket(t, c, p)); err != nil {
		t.Fatal(err)
	}
	other := *p
	other.Records.Profiles = g.Profiles(2) // other content under the same MaGoiTin

	stranger, err := ndxp.NewClient(srv.URL(),
		ndxp.WithXRoadClient(ndxptest.XRoadClient(identifier.MustParseAgencyCode("000.00.00.H01"))),
		ndxp.WithHTTPClient(srv.HTTPClient()), ndxp.WithVerifier(srv.Verifier()))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		call func() error
		is   error
	}{
		{"unknown packet", func() error { _, err := c.Result(ctx, uuid.New()); return err }, ndxp.ErrNotFound},
		{"unknown person", func() error {
			_, err := c.Profile(ctx, identifier.MustParsePersonalID("001099000001"))
			return err
		}, ndxp.ErrNotFound},
		{"unknown code list", func() error { _, err := c.CodeList(ctx, "KhongCo"); return err }, ndxp.ErrNotFound},
		{"MaGoiTin reused with other content", func() error { _, err := c.Submit(ctx, signedPacket(t, c, &other)); return err }, ndxp.ErrConflict},
		{"a member the security server does not know", func() error { _, err := stranger.CodeList(ctx, "GioiTinh"); return err }, ndxp.ErrSecurityServer},
		{"a 5xx burst longer than the retries", func() error {
			srv.Fail("matches", ndxptest.Fault{Status: 503, Times: 5})
			for _, err := range c.Matches(ctx, ndxp.MatchQuery{}) {
				return err
			}
			return nil
		}, ndxp.ErrUnavailable},
		{"429 past the retries", func() error {
			srv.Fail("profiles", ndxptest.Fault{Status: 429, Times: 5})
			for _, err := range c.Profiles(ctx, ndxp.ProfileQuery{}) {
				return err
			}
			return nil
		}, ndxp.ErrRateLimited},
		{"a tampered answer", func() error {
			srv.Fail("result", ndxptest.Fault{CorruptSignature: true, Times: 1})
			_, err := c.Result(ctx, p.Header.ID)
			return err
		}, signing.ErrBadSignature},
		{"a slow answer past the deadline", func() error {
			srv.Fail("result", ndxptest.Fault{Latency: 3 * time.Second, Times: 1})
			short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			_, err := c.Result(short, p.Header.ID)
			return err
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v", err, tt.is)
			}
		})
	}
	// After the burst, the service answers again.
	if _, err := c.Result(ctx, p.Header.ID); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}

// TestUploadThroughGatewayWithTokenExpiry uploads through the OAuth
// gateway while the gateway forgets its tokens twice mid-run.
func TestUploadThroughGatewayWithTokenExpiry(t *testing.T) {
	srv := ndxptest.NewServer(t, ndxptest.Config{})
	c := srv.GatewayClient(h29)
	profiles := packettest.New(packettest.Options{Seed: 8, Sender: h29, Now: srv.Now()}).Profiles(60)
	srv.Fail("result", ndxptest.Fault{ExpireTokens: true, Times: 1})
	srv.Fail("submit", ndxptest.Fault{Status: 502, Times: 2})
	expired := false
	rep, err := c.Uploader(ndxp.UploaderConfig{MaxRecords: 10, Concurrency: 2, PollInterval: time.Millisecond, Now: srv.Now,
		Progress: func(p ndxp.Progress) {
			if p.Done == 3 && !expired {
				expired = true
				srv.ExpireTokens()
			}
		}}).Upload(context.Background(), ndxp.Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accepted != 60 {
		t.Errorf("%+v, want 60 accepted", rep.Progress)
	}
	st := srv.Stats()
	if st.PacketsProcessed != 6 || st.ProfilesStored != 60 {
		t.Errorf("sandbox %+v", st)
	}
	renewals := 0
	for _, r := range srv.Received() {
		if r.Endpoint == "token" && r.Status == 200 {
			renewals++
		}
	}
	if renewals < 3 {
		t.Errorf("%d tokens issued, want the first and one after each expiry", renewals)
	}
}
