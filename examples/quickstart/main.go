// Quickstart runs the whole job of an agency's HR system against the
// national CBCCVC database, in one process and with nothing to configure:
// a throw-away PKI and an in-memory sandbox of the national service stand
// in for the real ones. It checks the identifiers a profile carries,
// generates five profiles (one with a deliberate mistake), validates them,
// signs and submits them through the agency's X-Road security server, polls
// the processing result, pulls the results of matching against the
// population and social-insurance databases and the profiles the national
// database holds, verifying the national database's signature on every
// answer, and shows that a tampered answer is refused.
//
//	go run ./examples/quickstart
package main

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/cbccvc/cbccvc-go/signing"
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
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	level1, _ := agency.Level1Agency()

	fmt.Fprintln(w, "1. The identifiers a profile carries, checked.")
	id := identifier.MustParsePersonalID("079085001234")
	fmt.Fprintf(w, "   personal ID %s: birth registered in %s, %s, born %d\n", id, id.BirthProvince(), id.Gender(), id.BirthYear())
	for _, m := range id.Check(identifier.GenderMale, 1958) { // a typo in the HR system
		fmt.Fprintf(w, "   against a recorded birth year of 1958: %s: %s\n", m.Part, m.MessageEN)
	}
	unit := identifier.MustParseAgencyCode("000.00.12.H29")
	fmt.Fprintf(w, "   unit %s (Decision 20/2020 form %s) is under %s, %s\n", unit, unit.Decision20(), agency, level1.Name)
	fmt.Fprintf(w, "   the national database on NDXP: %s\n\n", identifier.NationalService())

	fmt.Fprintln(w, "2. A throw-away PKI and a sandbox of the national service, in this process.")
	srv, err := ndxptest.Start(ndxptest.Config{Now: now})
	if err != nil {
		return err
	}
	defer srv.Close()
	c := srv.Client(agency) // through the agency's security server (X-Road), trusting the PKI's root
	fmt.Fprintf(w, "   sandbox at %s\n", srv.URL())
	fmt.Fprintf(w, "   the agency signs as %q, the national database as %q\n\n",
		c.Signer().Certificate().Subject.CommonName, srv.PKI().CSDLQG().Cert.Subject.CommonName)

	fmt.Fprintln(w, "3. Five profiles from the HR system, one with a wrong salary coefficient, validated before sending.")
	g := packettest.New(packettest.Options{Seed: 356, Sender: agency, Now: srv.Now(),
		Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	profiles := g.Profiles(5) // stands in for the rows of the HR system, mapped onto HoSo
	// The header: a new MaGoiTin, PhienBan 2.0, the national database as
	// the receiver, ThoiGianTao and SoLuongBanGhi.
	b := &packet.Builder{Sender: agency, Software: "examples/quickstart", Now: srv.Now}
	p, err := b.Profiles(profiles)
	if err != nil {
		return err
	}
	v, err := packet.NewValidator(packet.WithClock(srv.Now))
	if err != nil {
		return err
	}
	rep, err := v.ValidatePacket(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %d records, valid: %v\n", rep.Records, rep.Valid())
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "   %s %s %s\n      %s\n      %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
	}
	fmt.Fprintln(w, "   (sent anyway, to see what the national database answers)")
	fmt.Fprintln(w)

	fmt.Fprintln(w, "4. Signed (CMS over the RFC 8785 form) and submitted; the acknowledgement verified.")
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		return err
	}
	signed, err := c.Signer().Sign(ctx, buf.Bytes())
	if err != nil {
		return err
	}
	ack, err := c.Submit(ctx, signed)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   packet %s, %d bytes signed: %s, signed by %s\n\n", p.Header.ID, len(signed), ack.State(), ack.Agency)

	fmt.Fprintln(w, "5. The processing result, polled.")
	res, err := c.Wait(ctx, p.Header.ID, 0) // polls every ndxp.DefaultPollInterval
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s:\n", res.State())
	for _, r := range res.Packet.Records.Results {
		switch r.Status {
		case packet.RecordError:
			fmt.Fprintf(w, "   record %d (%s) %s:", r.Index, r.Key, r.Status)
			for _, f := range r.Violations {
				fmt.Fprintf(w, " %s %s", f.Rule, f.Pointer)
			}
			fmt.Fprintln(w)
		default:
			// The personal ID (KhoaBanGhi) is the profile's identifier
			// (Decree 27/2026/NĐ-CP): there is no other ID to store.
			fmt.Fprintf(w, "   record %d (%s) %s\n", r.Index, r.Key, r.Status)
		}
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "6. The matching results against the population (DAN_CU) and social-insurance (BHXH) databases.")
	for page, err := range c.Matches(ctx, ndxp.MatchQuery{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s, %d results, signed by %s, verified\n", page.Packet.Header.Kind, len(page.Packet.Records.Matches), page.Agency)
		for _, m := range page.Packet.Records.Matches {
			fmt.Fprintf(w, "   %s %-6s %s", m.PersonalID, m.Source, m.Status)
			for _, d := range m.Differences {
				fmt.Fprintf(w, "  %s: ours %s, theirs %s", d.Field, d.AgencyValue, d.AuthoritativeValue)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "7. The profiles the national database holds for the agency, pulled for cadre work (CONG_TAC_CAN_BO).")
	for page, err := range c.Profiles(ctx, ndxp.ProfileQuery{Purpose: ndxp.PurposeCadreWork}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s, %d profiles, signed by %s, verified\n", page.Packet.Header.Kind, len(page.Packet.Records.Profiles), page.Agency)
		for _, pr := range page.Packet.Records.Profiles {
			fmt.Fprintf(w, "   %s, working in %s\n", pr.PersonalID, pr.WorkingUnit)
		}
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "8. An answer changed on the way is refused.")
	srv.Fail("profile", ndxptest.Fault{CorruptSignature: true, Times: 1})
	_, err = c.Profile(ctx, p.Records.Profiles[1].PersonalID)
	if !errors.Is(err, signing.ErrBadSignature) && !errors.Is(err, signing.ErrDigestMismatch) {
		return fmt.Errorf("a corrupted answer was not refused: %v", err)
	}
	fmt.Fprintf(w, "   %v\n", err)
	st := srv.Stats()
	fmt.Fprintf(w, "\nThe sandbox received %d packet, processed %d, stores %d profiles.\n", st.PacketsReceived, st.PacketsProcessed, st.ProfilesStored)
	return nil
}
