package quality_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

// FuzzCheck checks that a report of any input is made without a panic,
// that its counts agree with each other and with its groups, and that it
// renders.
func FuzzCheck(f *testing.F) {
	g := packettest.New(packettest.Options{Seed: 3, Defects: packettest.Defects()[:4]})
	for _, fm := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		var buf bytes.Buffer
		if err := g.Packet(packet.KindProfiles, 5).Encode(&buf, fm); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{"ThongTinGoiTin":{},"DuLieu":[{},{"SoDinhDanh":1}]}`))
	f.Add([]byte(`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><DuLieu><HoSo/></DuLieu></GoiTin>`))
	lim := packet.Limits{MaxBytes: 1 << 20, MaxStringLen: 4096, MaxElements: 10000, MaxRecords: 100}
	v, err := packet.NewValidator(packet.WithLimits(lim), packet.WithClock(func() time.Time { return now }))
	if err != nil {
		f.Fatal(err)
	}
	c := &quality.Checker{Validator: v, Limits: lim}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := c.Check(context.Background(), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("an error that is not a finding: %v", err)
		}
		if rep.Clean > rep.Valid || rep.Valid > rep.Checked || rep.Checked > rep.Records || rep.Errors+rep.Warnings != len(rep.Findings) {
			t.Fatalf("counts disagree: %+v", rep)
		}
		n := 0
		for _, g := range rep.ByRule {
			n += g.Count
		}
		if n != len(rep.Findings) {
			t.Fatalf("the rules count %d findings of %d", n, len(rep.Findings))
		}
		if err := quality.WriteHTML(io.Discard, rep, quality.HTMLOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
