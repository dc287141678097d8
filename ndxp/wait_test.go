package ndxp_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestWaitZeroInterval: the zero interval polls every DefaultPollInterval,
// and a negative one is refused before any call.
func TestWaitZeroInterval(t *testing.T) {
	srv := ndxptest.NewServer(t, ndxptest.Config{ProcessAfterPolls: 3}) // TIEP_NHAN at the first two polls
	c := srv.Client(h29)
	g := packettest.New(packettest.Options{Seed: 5, Sender: h29, Now: srv.Now()})
	ctx := context.Background()
	ack, err := c.Submit(ctx, signedPacket(t, c, g.Packet(packet.KindProfiles, 2)))
	if err != nil {
		t.Fatal(err)
	}
	id := ack.Packet.Header.ReplyTo

	var le *ndxp.LocalError
	if _, err := c.Wait(ctx, id, -time.Second); !errors.As(err, &le) || !errors.Is(err, ndxp.ErrOption) || le.MessageVI == "" {
		t.Fatalf("a negative interval: %v", err)
	}
	// A deadline shorter than the default interval: Wait gives up after
	// the first poll rather than sleep past it. Were the interval zero, it
	// would poll again at once and return the processed answer.
	short, cancel := context.WithTimeout(ctx, ndxp.DefaultPollInterval/2)
	defer cancel()
	if _, err := c.Wait(short, id, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with the default interval and a shorter deadline: %v", err)
	}
	// The packet is processed at the third poll: one more poll, one sleep.
	res, err := c.Wait(ctx, id, time.Millisecond)
	if err != nil || res.State() != packet.StateProcessed {
		t.Fatalf("Wait: %v, %v", res, err)
	}
}
