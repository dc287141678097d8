package agent_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// What the agent costs over the SDK: validating a packet of 1,000 profiles
// through the agent's handler (in process: no network), side by side with
// the baseline, packet.Validator on the same bytes.
//
//	go test ./agent -run '^$' -bench Validate -benchmem -count 6 | benchstat -
func BenchmarkValidate(b *testing.B) {
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	var pkt bytes.Buffer
	if err := packettest.New(packettest.Options{}).Packet(packet.KindProfiles, 1000).Encode(&pkt, packet.FormatJSON); err != nil {
		b.Fatal(err)
	}
	b.Run("baseline=packet.Validator", func(b *testing.B) {
		v, err := packet.NewValidator(packet.WithClock(now))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.SetBytes(int64(pkt.Len()))
		for b.Loop() {
			rep, err := v.Validate(context.Background(), bytes.NewReader(pkt.Bytes()))
			if err != nil || !rep.Valid() {
				b.Fatal(err, rep.Findings)
			}
		}
	})
	b.Run("agent", func(b *testing.B) {
		a, err := agent.New(context.Background(), agent.Config{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		h := a.Handler()
		b.ReportAllocs()
		b.SetBytes(int64(pkt.Len()))
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("POST", "/v1/validate", bytes.NewReader(pkt.Bytes())))
			if w.Code != 200 {
				b.Fatal(w.Code, w.Body.String())
			}
		}
	})
}
