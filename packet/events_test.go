package packet_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/google/uuid"
)

// seqIDs gives MaBienDong 1, 2, 3 … so that plans compare.
func seqIDs() func() (uuid.UUID, error) {
	n := byte(0)
	return func() (uuid.UUID, error) { n++; return uuid.UUID{15: n}, nil }
}

// applyAll applies events in order, as the national database does.
func applyAll(t *testing.T, p packet.Profile, evs []packet.Change) packet.Profile {
	t.Helper()
	for i, ev := range evs {
		var fs []packet.Finding
		if p, fs = packet.Apply(p, ev); len(fs) > 0 {
			t.Fatalf("event %d (%s): %v", i, ev.Kind, fs)
		}
	}
	return p
}

// TestChangeEvents types the changes of the generator's change events
// back into their kinds, given their decisions, and into plain updates
// without them; either way the events give the new profile.
func TestChangeEvents(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 5})
	kinds := map[string]int{}
	for range 400 {
		old := g.Profile()
		c := g.Change(old)
		new, fs := packet.Apply(old, c)
		if len(fs) > 0 {
			t.Fatal(fs)
		}
		new.UpdatedAt = old.UpdatedAt.Add(48 * time.Hour)
		d, err := packet.Diff(old, new)
		if err != nil {
			t.Fatal(err)
		}
		decided := func(string, string, packet.Date) (packet.Decision, bool) {
			if c.Decision == nil {
				return packet.Decision{}, false
			}
			return *c.Decision, true
		}
		for _, withDecisions := range []bool{true, false} {
			opt := packet.EventOptions{NewID: seqIDs()}
			if withDecisions {
				opt.Decision = decided
			}
			plan, err := packet.ChangeEvents(&old, &new, d, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Removals) > 0 {
				t.Fatalf("%s: removals %v", c.Kind, plan.Removals)
			}
			got := applyAll(t, old, plan.Events)
			if !bytes.Equal(encoded(t, got), encoded(t, new)) {
				t.Fatalf("%s: the events do not give the new profile\n%s", c.Kind, show(d))
			}
			var evKinds []string
			for _, ev := range plan.Events {
				evKinds = append(evKinds, ev.Kind)
				if ev.Kind != packet.EventUpdate && ev.Decision == nil {
					t.Errorf("%s without a decision", ev.Kind)
				}
			}
			if withDecisions {
				kinds[c.Kind]++
				if !slices.Contains(evKinds, c.Kind) {
					t.Errorf("a %s event with its decision became %v\n%s", c.Kind, evKinds, show(d))
				}
			} else if c.Kind != packet.EventUpdate && !slices.ContainsFunc(plan.Untyped, func(u packet.UntypedChange) bool { return u.Kind == c.Kind }) {
				t.Errorf("a %s event without its decision: %v, and no untyped change of its kind", c.Kind, evKinds)
			}
		}
	}
	t.Logf("kinds typed back: %v", kinds)
	if len(kinds) < 5 {
		t.Errorf("only %d kinds: %v", len(kinds), kinds)
	}
}

func ExampleChangeEvents() {
	g := packettest.New(packettest.Options{Seed: 1})
	old := g.Profile()
	new := old
	new.Phone = "0912000111"
	new.UpdatedAt = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	new.Awards = append(slices.Clone(old.Awards), packet.Award{Year: 2026, Form: "Giấy khen", Decision: "15/QĐ-UBND"})
	d, _ := packet.Diff(old, new)
	decisions := map[string]packet.Decision{"15/QĐ-UBND": {Number: "15/QĐ-UBND", Date: mustDate("2026-11-20"), Issuer: "UBND phường Bến Thành"}}
	plan, _ := packet.ChangeEvents(&old, &new, d, packet.EventOptions{
		Decision: func(kind, number string, day packet.Date) (packet.Decision, bool) {
			dec, ok := decisions[number]
			return dec, ok
		},
	})
	for _, ev := range plan.Events {
		fmt.Print(ev.Kind, " ", ev.Effective, ":")
		for _, fc := range ev.Fields {
			fmt.Print(" ", fc.Field)
		}
		fmt.Println()
	}
	// Output:
	// KHEN_THUONG 2026-11-20: /KhenThuong
	// CAP_NHAT 2026-11-23: /SoDienThoai /NgayCapNhat
}

func mustDate(s string) packet.Date {
	d, err := packet.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestChangeEvents20 types the generator's change events of every kind of
// format 2.0 back into their kind, given their decisions, and the events
// it makes pass the rules of change events (R-BD-005, R-BD-006) and give
// the new profile.
func TestChangeEvents20(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 8})
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.Options().Now }))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range packet.ChangeKinds() {
		if k.Since != "2.0" {
			continue
		}
		t.Run(k.Code, func(t *testing.T) {
			typed := 0
			for range 40 {
				old := g.Profile()
				if k.Code == "KET_THUC_BIET_PHAI" { // a secondment to end
					if c, ok := g.ChangeOfKind(old, "BIET_PHAI"); ok {
						old, _ = packet.Apply(old, c)
					}
				}
				c, ok := g.ChangeOfKind(old, k.Code)
				if !ok {
					continue
				}
				new, fs := packet.Apply(old, c)
				if len(fs) > 0 {
					t.Fatal(fs)
				}
				d, err := packet.Diff(old, new)
				if err != nil {
					t.Fatal(err)
				}
				plan, err := packet.ChangeEvents(&old, &new, d, packet.EventOptions{
					Decision: func(string, string, packet.Date) (packet.Decision, bool) {
						if c.Decision == nil {
							return packet.Decision{}, false
						}
						return *c.Decision, true
					}})
				if err != nil {
					t.Fatal(err)
				}
				if got := applyAll(t, old, plan.Events); !bytes.Equal(encoded(t, got), encoded(t, new)) {
					t.Fatalf("the events do not give the new profile\n%s", show(d))
				}
				if len(plan.Events) != 1 || plan.Events[0].Kind != k.Code {
					t.Fatalf("a %s change became %d events, %+v\n%s", k.Code, len(plan.Events), plan.Untyped, show(d))
				}
				typed++
				p := &packet.Packet{Header: packet.Header{ID: uuid.New(), Kind: packet.KindChanges, Version: packet.Version,
					Sender: g.Options().Sender, Receiver: g.Options().Receiver, Created: g.Options().Now, RecordCount: 1},
					Records: packet.Records{Changes: plan.Events}}
				rep, err := v.ValidatePacket(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range rep.Findings {
					if f.Severity == packet.SeverityError {
						t.Fatalf("%s: %v %s %s", k.Code, f.Rule, f.Pointer, f.MessageEN)
					}
				}
			}
			if typed == 0 {
				t.Fatalf("no %s change made", k.Code)
			}
		})
	}
}
