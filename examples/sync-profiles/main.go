// Sync-profiles sends an HR system's profiles to the national database
// with the bulk uploader: it cuts them into packets, signs and submits them
// four at a time, waits for every answer, and keeps a journal, so that a
// run stopped halfway (a crash, a kill, a network failure) resumes when run
// again, sending nothing twice. Here the national service is an in-memory
// sandbox; with a real one, only the client's configuration changes.
//
//	go run ./examples/sync-profiles
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func main() {
	log.SetFlags(0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, time.Now); err != nil {
		log.Fatal(err)
	}
}

// run is the example at the clock now: time.Now here, a fixed day in its test.
func run(ctx context.Context, w io.Writer, now func() time.Time) error {
	srv, err := ndxptest.Start(ndxptest.Config{Now: now})
	if err != nil {
		return err
	}
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	// With a real service: ndxp.NewClient(securityServerURL,
	// ndxp.WithXRoadClient(subsystem), ndxp.WithVerifier(…), ndxp.WithSigner(…)).
	c := srv.Client(agency)

	// The HR system's profiles; one in four hundred has a wrong salary
	// coefficient. Records may come from a slice (ndxp.Profiles), a channel
	// (ndxp.FromChannel) or any iterator, such as rows read from the HR
	// database one at a time.
	g := packettest.New(packettest.Options{Seed: 7, Sender: agency, Now: srv.Now(),
		Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}, DefectEvery: 400})
	profiles := g.Profiles(2000)

	dir, err := os.MkdirTemp("", "sync-profiles")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	journal := filepath.Join(dir, "upload.journal")
	cfg := ndxp.UploaderConfig{
		MaxRecords:   500,
		Concurrency:  4,
		Journal:      journal,
		PollInterval: 50 * time.Millisecond,
		Software:     "examples/sync-profiles",
		Now:          now, // the packets' creation time: the sandbox's day here, time.Now by default
	}

	// A first run that stops after its second packet is sent, as a crash would.
	first, stop := context.WithCancel(ctx)
	cfg.Progress = func(p ndxp.Progress) {
		if p.Sent == 2 {
			stop()
		}
	}
	rep, err := c.Uploader(cfg).Upload(first, ndxp.Profiles(profiles))
	stop()
	if !errors.Is(err, context.Canceled) {
		return fmt.Errorf("the first run should have been cut short, got %v", err)
	}
	fmt.Fprintf(w, "first run, stopped: %d records read, %d packets sent, %d answered\n", rep.Records, rep.Sent, rep.Done)

	// The same command again: it resumes from the journal.
	cfg.Progress = nil
	rep, err = c.Uploader(cfg).Upload(ctx, ndxp.Profiles(profiles))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "second run: %d packets answered (%d of them in the first run): %d accepted, %d with warnings, %d refused\n",
		rep.Done, rep.Resumed, rep.Accepted, rep.Warned, rep.Refused)
	for i, r := range rep.RefusedRecords() {
		fmt.Fprintf(w, "  input record %d (%s):", i, r.Key)
		for _, f := range r.Violations {
			fmt.Fprintf(w, " %s", f.Rule)
		}
		fmt.Fprintln(w)
	}
	st := srv.Stats()
	fmt.Fprintf(w, "the national database: %d packets processed, %d sent again and answered idempotently, %d profiles stored\n",
		st.PacketsProcessed, st.IdempotentReplays, st.ProfilesStored)
	if st.ProfilesStored+rep.Refused != len(profiles) {
		return fmt.Errorf("%d profiles stored and %d refused, of %d sent", st.ProfilesStored, rep.Refused, len(profiles))
	}
	return nil
}
