package ndxp

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// BenchmarkClientRequest measures the client's own cost of one request:
// building it, the round trip on loopback, checking the request hash,
// verifying the answer's signature and decoding it. The fake serves a
// PHANHOI signed once, so its share is writing the bytes. Sizes are the
// records in the answer.
func BenchmarkClientRequest(b *testing.B) {
	for _, n := range []int{0, 1000} {
		b.Run(map[int]string{0: "ack", 1000: "result-1000"}[n], func(b *testing.B) {
			var answer []byte
			f := newFake(b, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, _ int) {
				f.write(w, s, http.StatusOK, wire.MediaJSON, answer)
			})
			p := f.gen.Packet(packet.KindProfiles, max(n, 1))
			reply := f.gen.Reply(p, nil)
			if n == 0 {
				reply.Records.Results, reply.Header.RecordCount, reply.Header.State = nil, 0, packet.StateReceived
			}
			answer = f.signed(reply)
			c := f.client()
			ctx := context.Background()
			b.SetBytes(int64(len(answer)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				a, err := c.Result(ctx, p.Header.ID)
				if err != nil {
					b.Fatal(err)
				}
				if !bytes.Equal(a.Raw, answer) {
					b.Fatal("wrong answer")
				}
			}
		})
	}
}
