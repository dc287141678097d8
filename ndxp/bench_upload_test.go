package ndxp_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// BenchmarkUpload uploads 20,000 profiles to the sandbox on loopback, in
// packets of 1,000 signed with ECDSA P-256, with 1 and 4 packets in
// flight, and reports profiles per second end to end: the client cuts,
// encodes, signs, submits and polls; the sandbox, on the same machine,
// verifies, validates and stores every packet and signs every answer.
func BenchmarkUpload(b *testing.B) {
	const n = 20000
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	profiles := packettest.New(packettest.Options{Seed: 1, Sender: agency}).Profiles(n)
	for _, conc := range []int{1, 4} {
		b.Run("concurrency="+strconv.Itoa(conc), func(b *testing.B) {
			b.ReportAllocs()
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				srv, err := ndxptest.Start(ndxptest.Config{})
				if err != nil {
					b.Fatal(err)
				}
				c := srv.Client(agency)
				u := c.Uploader(ndxp.UploaderConfig{MaxRecords: 1000, Concurrency: conc, PollInterval: time.Millisecond})
				b.StartTimer()
				start := time.Now()
				rep, err := u.Upload(context.Background(), ndxp.Profiles(profiles))
				total += time.Since(start)
				b.StopTimer()
				srv.Close()
				if err != nil || rep.Accepted != n {
					b.Fatalf("%v; %+v", err, rep)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "profiles/s")
		})
	}
}
