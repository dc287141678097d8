// Pull-profiles fetches the profiles the national database holds for the
// agency — all of them, those of one unit and the units under it, or those
// changed since a time — page by page, each page a CHIASE_HOSO packet
// whose signature the client verified, and saves each page as it arrived,
// signature included, as evidence. It also fetches one profile by personal
// ID, for cadre work and with the person's consent, and shows what a
// missing one gives.
//
//	go run ./examples/pull-profiles
package main

import (
	"bytes"
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
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func main() {
	log.SetFlags(0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
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
	c := srv.Client(agency)
	sent := packettest.New(packettest.Options{Seed: 9, Sender: agency, Now: srv.Now()}).Packet(packet.KindProfiles, 30)
	if err := sync(ctx, c, sent); err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "pull-profiles")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	// Every profile of the agency, 10 to a page, each page kept as evidence.
	n := 0
	for page, err := range c.Profiles(ctx, ndxp.ProfileQuery{PageSize: 10}) {
		if err != nil {
			return err
		}
		name := filepath.Join(dir, page.Packet.Header.ID.String()+".json")
		if err := os.WriteFile(name, page.Raw, 0o644); err != nil {
			return err
		}
		n += len(page.Packet.Records.Profiles)
		fmt.Fprintf(w, "page of %d profiles, signed by %s at %s, kept (%d bytes)\n",
			len(page.Packet.Records.Profiles), page.Agency, page.SignedAt.Format(time.RFC3339), len(page.Raw))
	}
	fmt.Fprintf(w, "%d profiles in all\n", n)

	// Those of one unit and the units under it.
	unit := sent.Records.Profiles[0].ManagingUnit
	for page, err := range c.Profiles(ctx, ndxp.ProfileQuery{Unit: unit}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "unit %s: %d profiles\n", unit, len(page.Packet.Records.Profiles))
	}

	// One profile by personal ID, the profile's identifier (Decree
	// 27/2026/NĐ-CP), for cadre work (the client's default purpose); the
	// same with the person's consent, named by its reference; and one the
	// national database does not hold.
	p, err := c.Profile(ctx, sent.Records.Profiles[3].PersonalID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: managed by %s, updated %s\n", p.PersonalID, p.ManagingUnit, p.UpdatedAt.Format(time.DateOnly))
	ans, err := c.ProfileAnswer(ctx, p.PersonalID, ndxp.PurposeConsent("15/2026/GĐY"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s with consent 15/2026/GĐY: %d profile, kept (%d bytes)\n", p.PersonalID, ans.Packet.Records.Len(), len(ans.Raw))
	_, err = c.Profile(ctx, identifier.MustParsePersonalID("001099000001"))
	if !errors.Is(err, ndxp.ErrNotFound) {
		return fmt.Errorf("want ErrNotFound, got %v", err)
	}
	fmt.Fprintf(w, "001099000001: %v\n", err)
	return nil
}

// sync sends the profiles first, so that there is something to pull.
func sync(ctx context.Context, c *ndxp.Client, p *packet.Packet) error {
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		return err
	}
	signed, err := c.Signer().Sign(ctx, b.Bytes())
	if err != nil {
		return err
	}
	if _, err := c.Submit(ctx, signed); err != nil {
		return err
	}
	_, err = c.Wait(ctx, p.Header.ID, 50*time.Millisecond)
	return err
}
