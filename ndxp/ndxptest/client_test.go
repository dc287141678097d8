package ndxptest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestClient drives the sandbox with the SDK's own client, on both transports.
func TestClient(t *testing.T) {
	srv := NewServer(t, Config{Seed: 3})
	for _, tc := range []struct {
		name   string
		client *ndxp.Client
	}{
		{"xroad", srv.Client(h29)},
		{"gateway", srv.GatewayClient(h29)},
		{"xml", srv.Client(h29, ndxp.WithFormat(packet.FormatXML))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c := tc.client
			p := packettest.New(packettest.Options{Seed: uint64(len(tc.name)), Sender: h29, Now: srv.Now()}).Packet(packet.KindProfiles, 4)
			b := encode(t, p, packet.FormatJSON)
			signed, err := c.Signer().Sign(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			ack, err := c.Submit(ctx, signed)
			if err != nil || ack.State() != packet.StateReceived {
				t.Fatalf("submit: %v", err)
			}
			res, err := c.Wait(ctx, p.Header.ID, time.Millisecond)
			if err != nil || res.State() != packet.StateProcessed || len(res.Packet.Records.Results) != 4 {
				t.Fatalf("wait: %v", err)
			}
			n := 0
			for page, err := range c.Profiles(ctx, ndxp.ProfileQuery{PageSize: 3}) {
				if err != nil {
					t.Fatal(err)
				}
				n += len(page.Packet.Records.Profiles)
			}
			m := 0
			for page, err := range c.Matches(ctx, ndxp.MatchQuery{PageSize: 5}) {
				if err != nil {
					t.Fatal(err)
				}
				m += len(page.Packet.Records.Matches)
			}
			if n != len(srv.Profiles()) || m != 2*n {
				t.Fatalf("%d profiles and %d matches, sandbox holds %d", n, m, len(srv.Profiles()))
			}
			pr, err := c.Profile(ctx, p.Records.Profiles[2].PersonalID)
			if err != nil || pr.PersonalID != p.Records.Profiles[2].PersonalID || !pr.ProfileID.IsZero() {
				t.Fatalf("profile: %v", err)
			}
			if _, err := c.Profile(ctx, h49Person(t)); !errors.Is(err, ndxp.ErrNotFound) {
				t.Fatalf("unknown profile: %v", err)
			}
			l, err := c.CodeList(ctx, "DanToc")
			if err != nil || l.Len() < 50 {
				t.Fatalf("code list: %v", err)
			}
		})
	}
}

func h49Person(*testing.T) identifier.PersonalID {
	return packettest.New(packettest.Options{Seed: 99, Sender: h49}).Profile().PersonalID
}

// TestClientAgainstFaults checks what a client does with each fault, as the
// sandbox recorded it.
func TestClientAgainstFaults(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv := NewServer(t, Config{})
	c := srv.Client(h29)
	g := packettest.New(packettest.Options{Seed: 21, Sender: h29, Now: srv.Now()})
	submit := func() (*packet.Packet, error) {
		p := g.Packet(packet.KindProfiles, 2)
		signed, err := c.Signer().Sign(ctx, encode(t, p, packet.FormatJSON))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Submit(ctx, signed)
		return p, err
	}
	keysOf := func(p *packet.Packet) (keys []string, statuses []int) {
		for _, r := range srv.Received() {
			if r.Endpoint == "submit" && r.IdempotencyKey == p.Header.ID.String() {
				keys = append(keys, r.IdempotencyKey)
				statuses = append(statuses, r.Status)
			}
		}
		return keys, statuses
	}

	// 503 twice, then a dropped answer: the client retries under the same
	// key, and the sandbox processes the packet once.
	srv.Fail("submit", Fault{Status: 503, Times: 2})
	srv.Fail("submit", Fault{Drop: true, Times: 1})
	p, err := submit()
	if err != nil {
		t.Fatal(err)
	}
	keys, statuses := keysOf(p)
	if len(keys) != 4 || keys[0] != p.Header.ID.String() || keys[3] != keys[0] || statuses[0] != 503 || statuses[3] != 202 {
		t.Fatalf("attempts %v %v", keys, statuses)
	}
	if st := srv.Stats(); st.PacketsProcessed != 1 || st.IdempotentReplays != 1 {
		t.Fatalf("stats %+v", st)
	}

	// 429 with Retry-After: honoured (within the client's MaxDelay).
	srv.Fail("submit", Fault{Status: 429, RetryAfter: time.Second, Times: 1})
	cSlow := srv.Client(h29, ndxp.WithRetry(ndxp.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Second}))
	p = g.Packet(packet.KindProfiles, 1)
	signed, _ := cSlow.Signer().Sign(ctx, encode(t, p, packet.FormatJSON))
	if _, err := cSlow.Submit(ctx, signed); err != nil {
		t.Fatal(err)
	}
	var times []time.Time
	for _, r := range srv.Received() {
		if r.IdempotencyKey == p.Header.ID.String() {
			times = append(times, r.Time)
		}
	}
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Fatalf("Retry-After not honoured: %v", times)
	}

	// A corrupted answer is an error, never a packet.
	srv.Fail("result", Fault{CorruptSignature: true, Times: 1})
	if _, err := c.Result(ctx, p.Header.ID); err == nil {
		t.Fatal("a corrupted answer was returned")
	}
	// A security server's fault is kept apart from the service's errors.
	srv.Fail("result", Fault{XRoadError: "Server.ServerProxy.AccessDenied", Times: 1})
	if _, err := c.Result(ctx, p.Header.ID); !errors.Is(err, ndxp.ErrSecurityServer) {
		t.Fatalf("X-Road fault: %v", err)
	}

	// The gateway: an expired token is renewed once.
	gc := srv.GatewayClient(h29)
	if _, err := gc.CodeList(ctx, "GioiTinh"); err != nil {
		t.Fatal(err)
	}
	srv.Fail("codelist", Fault{ExpireTokens: true, Times: 1})
	if _, err := gc.CodeList(ctx, "GioiTinh"); err != nil {
		t.Fatalf("after token expiry: %v", err)
	}
	var tokens []string
	var codes []int
	for _, r := range srv.Received() {
		if r.Transport == TransportGateway && r.Endpoint == "codelist" {
			tokens = append(tokens, r.Token)
			codes = append(codes, r.Status)
		}
	}
	if len(tokens) != 3 || tokens[1] != tokens[0] || tokens[2] == tokens[1] || codes[1] != 401 || codes[2] != 200 {
		t.Fatalf("token renewal: %v %v", tokens, codes)
	}
}

// TestUploader sends records through the SDK's uploader while the sandbox
// fails now and then, and checks that nothing was lost or processed twice.
func TestUploader(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv := NewServer(t, Config{})
	srv.Fail("submit", Fault{Status: 503, Times: 1})
	srv.Fail("submit", Fault{Drop: true, Times: 1})
	srv.Fail("result", Fault{Status: 502, Times: 2})
	c := srv.Client(h29)
	profiles := packettest.New(packettest.Options{Seed: 31, Sender: h29, Now: srv.Now()}).Profiles(45)
	rep, err := c.Uploader(ndxp.UploaderConfig{MaxRecords: 10, Concurrency: 3, PollInterval: time.Millisecond, Now: srv.Now}).
		Upload(ctx, ndxp.Profiles(profiles))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accepted != 45 || rep.Progress.Packets != 5 {
		t.Fatalf("report %+v", rep.Progress)
	}
	st := srv.Stats()
	if st.PacketsProcessed != 5 || st.RecordsProcessed != 45 || st.ProfilesStored != 45 || st.IdempotentReplays != 1 ||
		st.PacketsReceived != st.PacketsProcessed+st.IdempotentReplays+st.RejectedPackets {
		t.Fatalf("stats %+v", st)
	}
}
