// Change-events keeps the national database's copy of profiles alive
// (Sống): after the profiles are synchronised, each change in the HR
// system — a salary step, an appointment, a transfer, an award, a
// retirement, new contact details — goes up as a change event (BienDong)
// with the field's current and new value. The national database applies
// it, and refuses a change whose current value is no longer the one it
// holds (a conflict, R-BD-003) rather than overwrite a newer value.
//
//	go run ./examples/change-events
package main

import (
	"bytes"
	"context"
	"encoding/json"
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
	srv, err := ndxptest.Start(ndxptest.Config{Now: now})
	if err != nil {
		return err
	}
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")
	c := srv.Client(agency)
	g := packettest.New(packettest.Options{Seed: 42, Sender: agency, Now: srv.Now()})

	// The profiles, synchronised first.
	profiles := g.Packet(packet.KindProfiles, 3)
	if _, err := send(ctx, c, profiles); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d profiles synchronised\n", len(profiles.Records.Profiles))

	// A change event for each; the last one was prepared from an outdated
	// copy of the profile, so its current value is wrong.
	changes := g.Packet(packet.KindChanges, 3)
	for i, p := range profiles.Records.Profiles {
		changes.Records.Changes[i] = g.Change(p)
	}
	stale := &changes.Records.Changes[2]
	stale.Kind, stale.Decision = "CAP_NHAT", nil
	stale.Fields = []packet.FieldChange{{Field: "/HoVaTen", OldValue: jsonString("Nguyễn Văn Cũ"), NewValue: jsonString("Nguyễn Văn Mới")}}

	res, err := send(ctx, c, changes)
	if err != nil {
		return err
	}
	for i, r := range res.Packet.Records.Results {
		ch := changes.Records.Changes[i]
		fmt.Fprintf(w, "change %d, %s of %s: %s", i, ch.Kind, ch.PersonalID, r.Status)
		for _, f := range r.Violations {
			fmt.Fprintf(w, "\n  %s %s\n  %s", f.Rule, f.Pointer, f.MessageVI)
		}
		fmt.Fprintln(w)
	}

	// What the national database holds now: the first change applied.
	first := changes.Records.Changes[0]
	p, err := c.Profile(ctx, first.PersonalID)
	if err != nil {
		return err
	}
	for _, fc := range first.Fields {
		fmt.Fprintf(w, "national copy of %s, %s: %s\n", first.PersonalID, fc.Field, fieldOf(p, fc.Field))
	}
	return nil
}

// send signs, submits and waits for the answer.
func send(ctx context.Context, c *ndxp.Client, p *packet.Packet) (*ndxp.Answer, error) {
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		return nil, err
	}
	signed, err := c.Signer().Sign(ctx, b.Bytes())
	if err != nil {
		return nil, err
	}
	if _, err := c.Submit(ctx, signed); err != nil {
		return nil, err
	}
	return c.Wait(ctx, p.Header.ID, 50*time.Millisecond)
}

func jsonString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// fieldOf returns the value at a JSON Pointer of a profile, as JSON.
func fieldOf(p *packet.Profile, pointer string) string {
	b, err := json.Marshal(p)
	if err != nil {
		return err.Error()
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return err.Error()
	}
	for _, step := range splitPointer(pointer) {
		switch t := tree.(type) {
		case map[string]any:
			tree = t[step]
		case []any:
			var i int
			if _, err := fmt.Sscan(step, &i); err != nil || i >= len(t) {
				return "absent"
			}
			tree = t[i]
		default:
			return "absent"
		}
	}
	out, _ := json.Marshal(tree)
	return string(out)
}

func splitPointer(p string) []string {
	var out []string
	for _, s := range bytes.Split([]byte(p), []byte("/"))[1:] {
		out = append(out, string(s))
	}
	return out
}
