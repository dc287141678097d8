package ndxp_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestUploadResumesAgainstSandbox uploads 20,000 profiles to the sandbox
// and stops the upload at many points — while packets are cut, once some
// were sent, once some were answered — each time running it again from its
// journal, until it finishes. The sandbox must end with exactly the 20,000
// profiles, every packet processed once, and no record sent under a second
// MaGoiTin.
func TestUploadResumesAgainstSandbox(t *testing.T) {
	n := 20000
	if raceEnabled {
		n = 4000 // the race detector makes signing and verifying ten times slower
	}
	const perPacket = 1000
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	srv := ndxptest.NewServer(t, ndxptest.Config{})
	c := srv.Client(agency)
	profiles := packettest.New(packettest.Options{Seed: 20000, Sender: agency, Now: srv.Now()}).Profiles(n)
	journal := filepath.Join(t.TempDir(), "upload.journal")
	cfg := ndxp.UploaderConfig{MaxRecords: perPacket, Concurrency: 4, Journal: journal, PollInterval: time.Millisecond, Now: srv.Now}

	packets := n / perPacket
	stops := []func(ndxp.Progress) bool{
		func(p ndxp.Progress) bool { return p.Packets == 1 },                           // the first packet journaled, maybe not sent
		func(p ndxp.Progress) bool { return p.Sent == 1 },                              // acknowledged, not answered
		func(p ndxp.Progress) bool { return p.Done == 2 },                              // two answered
		func(p ndxp.Progress) bool { return p.Sent == packets/2 },                      // half sent
		func(p ndxp.Progress) bool { return p.Records == n },                           // everything read
		func(p ndxp.Progress) bool { return p.Done == packets-1 },                      // all but one answered
		func(p ndxp.Progress) bool { return p.Done == packets-1 && p.Sent == packets }, // the last in flight
	}
	for i, stop := range stops {
		ctx, cancel := context.WithCancel(context.Background())
		cfg.Progress = func(p ndxp.Progress) {
			if stop(p) {
				cancel()
			}
		}
		rep, err := c.Uploader(cfg).Upload(ctx, ndxp.Profiles(profiles))
		cancel()
		if err == nil {
			t.Logf("run %d finished before it was stopped: %+v", i, rep.Progress)
			break
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	cfg.Progress = nil
	rep, err := c.Uploader(cfg).Upload(context.Background(), ndxp.Profiles(profiles))
	if err != nil {
		t.Fatalf("last run: %v", err)
	}
	if rep.Accepted != n || rep.Done != packets {
		t.Errorf("last run: %+v, want %d records accepted in %d packets", rep.Progress, n, packets)
	}

	st := srv.Stats()
	if st.ProfilesStored != n || st.PacketsProcessed != packets || st.RecordsProcessed != n {
		t.Errorf("sandbox %+v: want %d profiles from %d packets, each processed once", st, n, packets)
	}
	if st.PacketsReceived != st.PacketsProcessed+st.IdempotentReplays+st.RejectedPackets || st.RejectedPackets != 0 {
		t.Errorf("sandbox %+v: a submission unaccounted for, or refused", st)
	}
	// RecordsProcessed == n above: no record went out under a second
	// MaGoiTin. And no MaGoiTin was processed twice:
	seen := map[uuid.UUID]bool{}
	for _, r := range srv.Received() {
		if r.Outcome != ndxptest.OutcomeAccepted {
			continue
		}
		if seen[r.Packet] {
			t.Errorf("packet %s processed twice", r.Packet)
		}
		seen[r.Packet] = true
	}
	if len(seen) != packets {
		t.Errorf("%d packets accepted, want %d", len(seen), packets)
	}
	t.Logf("%d profiles in %d packets; %d submissions in all, %d answered idempotently", n, packets, st.PacketsReceived, st.IdempotentReplays)
}
