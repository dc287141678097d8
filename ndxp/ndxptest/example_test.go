package ndxptest_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

func Example() {
	// In a test: srv := ndxptest.NewServer(t, Config{}), closed when the test ends.
	srv, err := ndxptest.Start(ndxptest.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	c := srv.Client(agency)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// A packet of three profiles, signed by the agency.
	p := packettest.New(packettest.Options{Sender: agency, Now: srv.Now()}).Packet(packet.KindProfiles, 3)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		panic(err)
	}
	signed, err := c.Signer().Sign(ctx, b.Bytes())
	if err != nil {
		panic(err)
	}

	// The service fails once; the client retries under the same Idempotency-Key.
	srv.Fail("submit", ndxptest.Fault{Status: 503, Times: 1})
	ack, err := c.Submit(ctx, signed)
	if err != nil {
		panic(err)
	}
	res, err := c.Wait(ctx, p.Header.ID, time.Millisecond)
	if err != nil {
		panic(err)
	}
	fmt.Println(ack.State(), "then", res.State())
	for _, r := range res.Packet.Records.Results {
		fmt.Println(r.Index, r.Status, r.Key == p.Records.Profiles[r.Index].PersonalID.String())
	}
	st := srv.Stats()
	fmt.Printf("received %d, processed %d, profiles %d\n", st.PacketsReceived, st.PacketsProcessed, st.ProfilesStored)

	for page, err := range c.Matches(ctx, ndxp.MatchQuery{PageSize: 4}) {
		if err != nil {
			panic(err)
		}
		fmt.Println("page of", len(page.Packet.Records.Matches), "matching results")
	}
	// Output:
	// TIEP_NHAN then DA_XU_LY
	// 0 THANH_CONG true
	// 1 THANH_CONG true
	// 2 THANH_CONG true
	// received 1, processed 1, profiles 3
	// page of 4 matching results
	// page of 2 matching results
}

func ExampleNew() {
	// The sandbox itself, for a program that serves it (srv :=
	// sb.HTTPServer(); srv.Serve(ln)), as `cbccvc sandbox` does.
	sb, err := ndxptest.New(ndxptest.Config{Seed: 7})
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	sb.ServeHTTP(w, httptest.NewRequest(http.MethodGet, sb.BasePath()+ndxptest.InspectPrefix+"/stats", nil))
	fmt.Println(sb.BasePath(), w.Code, sb.Stats().PacketsReceived)
	// Output: /ndxp 200 0
}
