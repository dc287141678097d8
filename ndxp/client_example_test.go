package ndxp_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// trustStore is the caller's trust store for the national database's
// certificate: the NEAC roots, old and new, from the vendor's configuration.
func trustStore() *x509.CertPool {
	roots := x509.NewCertPool()
	if pem, err := os.ReadFile("/etc/cbccvc/roots.pem"); err == nil {
		roots.AppendCertsFromPEM(pem)
	}
	return roots
}

// A client of the national service through the agency's X-Road security
// server, the default transport. Making one sends nothing.
func ExampleNewClient() {
	me, err := identifier.ParseSubsystem("VN:GOV:000.00.00.H29:QLCB") // from configuration
	if err != nil {
		log.Fatal(err)
	}
	c, err := ndxp.NewClient("https://ss.sonoivu.example.vn",
		ndxp.WithXRoadClient(me),
		ndxp.WithVerifier(&signing.Verifier{Policy: signing.Policy{Roots: trustStore()}}),
		ndxp.WithRetry(ndxp.RetryPolicy{MaxAttempts: 5}),
		ndxp.WithLogger(slog.New(slog.NewJSONHandler(os.Stderr, nil))),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("calling", identifier.NationalService(), "as", me, "for", c.Agency())
	// Output: calling VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1 as VN/GOV/000.00.00.H29/QLCB for 000.00.00.H29
}

// A client through a provincial OAuth 2.0 gateway (LGSP): tokens by client
// credentials from {base}/token, cached and renewed by the client.
func ExampleWithOAuth() {
	secret, err := os.ReadFile("/etc/cbccvc/client-secret")
	if err != nil {
		log.Fatal(err)
	}
	me := identifier.Subsystem{Member: identifier.Member{Instance: identifier.InstanceVN, Class: identifier.ClassGOV, Code: "000.00.00.H29"}, Code: "QLCB"}
	c, err := ndxp.NewClient("https://lgsp.hochiminhcity.example.vn",
		ndxp.WithOAuth("qlcb-snv", string(secret)),
		ndxp.WithXRoadClient(me), // also sent through the gateway, so that Submit checks the sender
		ndxp.WithVerifier(&signing.Verifier{Policy: signing.Policy{Roots: trustStore()}}),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = c
}

// client is the client of ExampleNewClient, with the agency's signer.
func client() *ndxp.Client {
	me, err := identifier.ParseSubsystem("VN/GOV/000.00.00.H29/QLCB")
	if err != nil {
		log.Fatal(err)
	}
	p12, err := os.ReadFile("/etc/cbccvc/snv.p12")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := signing.LoadPKCS12(p12, os.Getenv("CBCCVC_P12_PASSWORD"))
	if err != nil {
		log.Fatal(err)
	}
	c, err := ndxp.NewClient("https://ss.sonoivu.example.vn",
		ndxp.WithXRoadClient(me),
		ndxp.WithSigner(signer),
		ndxp.WithVerifier(&signing.Verifier{Policy: signing.Policy{Roots: trustStore()}}),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Submitting one signed packet and waiting for its processing result.
func ExampleClient_Submit() {
	c := client()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	unsigned, err := os.ReadFile("hoso.json") // a HOSO packet the HR system wrote
	if err != nil {
		log.Fatal(err)
	}
	signed, err := c.Signer().Sign(ctx, unsigned)
	if err != nil {
		log.Fatal(err)
	}
	ack, err := c.Submit(ctx, signed) // PHANHOI, TIEP_NHAN or TU_CHOI
	if err != nil {
		log.Fatal(err)
	}
	if ack.State() == packet.StateRejected {
		for _, r := range ack.Packet.Records.Results {
			for _, f := range r.Violations {
				fmt.Println("refused whole:", f.Rule, f.Pointer, f.MessageVI)
			}
		}
		return
	}
	res, err := c.Wait(ctx, ack.Packet.Header.ReplyTo, 0) // PHANHOI, DA_XU_LY; polls every ndxp.DefaultPollInterval
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res.Packet.Records.Results {
		switch r.Status {
		case packet.RecordOK, packet.RecordWarning:
			fmt.Println(r.Key, "accepted") // the personal ID is the profile's identifier
		case packet.RecordError:
			fmt.Println(r.Key, "refused:", r.Violations)
		}
	}
	// Keep res.Raw, the signed PHANHOI as it arrived, as evidence.
}

// Pulling, page by page, the results of matching the agency's profiles
// against the population and social-insurance databases (DOIKHOP), then
// the profiles the national database holds (CHIASE_HOSO).
func ExampleClient_Matches() {
	c := client()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()

	lastRun := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // kept from the previous run
	for page, err := range c.Matches(ctx, ndxp.MatchQuery{Since: lastRun, PageSize: 1000}) {
		if err != nil {
			log.Fatal(err) // nothing unverified was returned
		}
		for _, m := range page.Packet.Records.Matches {
			if m.Status != packet.MatchDiffers {
				continue
			}
			for _, d := range m.Differences {
				fmt.Println(m.PersonalID, m.Source, d.Field, "ours:", string(d.AgencyValue), "authoritative:", string(d.AuthoritativeValue))
			}
		}
	}
	unit := identifier.MustParseAgencyCode("000.00.12.H29")
	q := ndxp.ProfileQuery{Unit: unit, UpdatedSince: lastRun, Purpose: ndxp.PurposeCadreWork}
	for page, err := range c.Profiles(ctx, q) {
		if err != nil {
			log.Fatal(err)
		}
		for _, hs := range page.Packet.Records.Profiles {
			fmt.Println(hs.PersonalID, hs.ManagingUnit, hs.UpdatedAt)
		}
	}
}

// Pulling one person's profile with the person's consent (DONG_Y), named
// by its reference: how another agency reads a profile outside its cadre
// work (Decree 27/2026/NĐ-CP). The SDK carries the reference; it does not
// check the consent.
func ExamplePurposeConsent() {
	c := client()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	id := identifier.MustParsePersonalID("079085001234")
	ans, err := c.ProfileAnswer(ctx, id, ndxp.PurposeConsent("15/2026/GĐY"))
	if errors.Is(err, ndxp.ErrPurpose) {
		log.Fatal(err) // DONG_Y without a reference: nothing was sent
	}
	if err != nil {
		log.Fatal(err)
	}
	// Keep ans.Raw, the signed CHIASE_HOSO as it arrived, with the consent.
	fmt.Println(ans.Packet.Records.Profiles[0].PersonalID)
}

// Sending a whole HR database: the uploader cuts the records into packets,
// signs, submits four at a time and keeps a journal, so that the same call
// after a crash resumes without loss and without duplicates.
func ExampleClient_Uploader() {
	c := client()
	ctx := context.Background()
	var profiles []packet.Profile // from the HR database, in a stable order

	u := c.Uploader(ndxp.UploaderConfig{
		Kind:        packet.KindProfiles,
		MaxRecords:  1000,
		Concurrency: 4,
		Journal:     "/var/lib/qlcb/upload-2026-11.journal",
		Software:    "QLCB 4.2",
		Progress: func(p ndxp.Progress) {
			fmt.Printf("\r%d records, %d/%d packets answered", p.Records, p.Done, p.Packets)
		},
	})
	rep, err := u.Upload(ctx, ndxp.Profiles(profiles))
	if err != nil {
		log.Fatal(err) // run the same upload again: it resumes from the journal
	}
	fmt.Println("\naccepted", rep.Accepted, "with warnings", rep.Warned, "refused", rep.Refused)
	for i, r := range rep.RefusedRecords() {
		fmt.Println("input record", i, r.Key, r.Violations)
	}
}

// Telling the errors of the national service apart, to decide what to do.
func ExampleError() {
	c := client()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	_, err := c.Profile(ctx, identifier.MustParsePersonalID("079085001234"))
	var e *ndxp.Error
	switch {
	case err == nil:
	case errors.Is(err, ndxp.ErrNotFound):
		// the national database holds no profile the agency may see: send it (HOSO)
	case errors.Is(err, ndxp.ErrSecurityServer):
		errors.As(err, &e)
		log.Printf("NDXP fault on the %s side: %s (X-Road-Id %s)", e.XRoadCategory(), e.XRoadError, e.RequestID)
	case errors.Is(err, ndxp.ErrRateLimited), errors.Is(err, ndxp.ErrUnavailable):
		// retried already: try again later
	case errors.As(err, &e):
		log.Printf("%d %s [%s] %v (X-Road-Id %s)", e.Status, e.Title, e.Code, e.Findings, e.RequestID)
	case signing.Rule(err) != "":
		log.Printf("an answer did not verify (%s): check the trust store; do not use it", signing.Rule(err))
	default:
		log.Print(err) // network, or ctx done
	}
}

// Profiles pulled with the person's consent come without the sensitive
// groups of Decree 27/2026/NĐ-CP (personal history, assets and income,
// health): Withheld tells a member left out from a member the person has
// no data in, so that the HR system keeps what it holds of the first.
func ExampleAnswer_Withheld() {
	c := client()
	ctx := context.Background()
	for ans, err := range c.Profiles(ctx, ndxp.ProfileQuery{Purpose: ndxp.PurposeConsent("15/2026/DY")}) {
		if err != nil {
			log.Fatal(err)
		}
		for i, p := range ans.Packet.Records.Profiles {
			if kept := ans.Withheld(i); kept != nil {
				fmt.Println(p.PersonalID, "left out, not empty:", kept) // e.g. [LichSuBanThan KeKhaiTaiSan SucKhoe]
			}
		}
	}
}
