// Pull-matching fetches the results of matching the agency's profiles
// against the national population database (DAN_CU) and social insurance
// (BHXH), page by page, each page a DOIKHOP packet whose signature the
// client verified, and lists what the HR system should correct (Đúng): for
// each difference, its value and the authoritative one. Run it regularly
// with MatchQuery.Since set to the previous run's time.
//
//	go run ./examples/pull-matching
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"os"
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
	srv, err := ndxptest.Start(ndxptest.Config{Now: now, Matching: ndxptest.Matching{NotFound: 0.05, Discrepancy: 0.2}})
	if err != nil {
		return err
	}
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	c := srv.Client(agency)
	if err := sync(ctx, c, packettest.New(packettest.Options{Seed: 5, Sender: agency, Now: srv.Now()}).Packet(packet.KindProfiles, 40)); err != nil {
		return err
	}

	counts := map[packet.MatchStatus]int{}
	pages := 0
	for page, err := range c.Matches(ctx, ndxp.MatchQuery{PageSize: 25}) {
		if err != nil {
			return err // a transport failure, or a page whose signature did not verify
		}
		pages++
		for _, m := range page.Packet.Records.Matches {
			counts[m.Status]++
			switch m.Status {
			case packet.MatchDiffers:
				for _, d := range m.Differences {
					fmt.Fprintf(w, "%s %-6s %s: ours %s, theirs %s\n", m.PersonalID, m.Source, d.Field, d.AgencyValue, d.AuthoritativeValue)
				}
			case packet.MatchNotFound:
				fmt.Fprintf(w, "%s %-6s not found: check the personal ID\n", m.PersonalID, m.Source)
			}
		}
	}
	fmt.Fprintf(w, "%d pages, every signature verified: %d KHOP, %d SAI_KHAC, %d KHONG_TIM_THAY\n",
		pages, counts[packet.MatchOK], counts[packet.MatchDiffers], counts[packet.MatchNotFound])
	return nil
}

// sync sends the profiles first, so that there is something to match.
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
