package ndxp_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestUploadDeadlines: the report of an upload of change events names
// those reported after their deadline (three working days, Decree
// 27/2026/NĐ-CP), as the service's R-BD-004 does, and those due on the
// day their packet is made or the next working day, across Tết 2026 and
// a weekend, on the clock the uploader is given.
func TestUploadDeadlines(t *testing.T) {
	day := func(s string) packet.Date {
		d, err := packet.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type change struct {
		arose    string
		decision bool // the day is the decision's; else NgayHieuLuc, with no decision
	}
	for _, tc := range []struct {
		name     string
		made     time.Time
		changes  []change
		late     []int
		dueSoon  []int
		wantDues map[int]string // deadline of a listed change
	}{
		{"after Tết", time.Date(2026, 2, 26, 9, 0, 0, 0, calendar.Vietnam),
			[]change{{"2026-02-13", true}, {"2026-02-11", false}, {"2026-02-23", true}, {"2026-02-24", false}, {"2026-02-25", true}},
			[]int{0, 1}, []int{2, 3},
			map[int]string{0: "2026-02-25", 1: "2026-02-23", 2: "2026-02-26", 3: "2026-02-27"}},
		{"on a Friday, due on Monday", time.Date(2026, 2, 27, 16, 0, 0, 0, calendar.Vietnam),
			[]change{{"2026-02-25", true}, {"2026-02-26", true}, {"2026-02-24", true}},
			[]int{}, []int{0, 2},
			map[int]string{0: "2026-03-02", 2: "2026-02-27"}},
		{"late by the clock's day in Vietnam", time.Date(2026, 2, 26, 17, 30, 0, 0, time.UTC), // 27/02 00:30 in Vietnam
			[]change{{"2026-02-23", true}},
			[]int{0}, []int{},
			map[int]string{0: "2026-02-26"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := ndxptest.NewServer(t, ndxptest.Config{Now: func() time.Time { return tc.made }})
			c := srv.Client(h29)
			g := packettest.New(packettest.Options{Seed: 41, Sender: h29, Now: tc.made.Add(-30 * 24 * time.Hour)})
			profiles := g.Profiles(len(tc.changes))
			var changes []packet.Change
			for i, ch := range tc.changes {
				c := g.Change(profiles[i])
				c.Effective = day(ch.arose)
				if ch.decision {
					if c.Decision == nil {
						c.Decision = &packet.Decision{Number: "12/QĐ-UBND", Issuer: "Ủy ban nhân dân"}
					}
					c.Decision.Date = day(ch.arose)
				} else {
					c.Decision = nil
				}
				changes = append(changes, c)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			rep, err := c.Uploader(ndxp.UploaderConfig{Kind: packet.KindChanges, MaxRecords: 2, PollInterval: time.Millisecond,
				Now: srv.Now}).Upload(ctx, ndxp.Changes(changes))
			if err != nil {
				t.Fatal(err)
			}
			indexes := func(ds []ndxp.DueChange) []int {
				out := []int{}
				for _, d := range ds {
					out = append(out, d.Index)
					if want, ok := tc.wantDues[d.Index]; ok && d.Due.String() != want {
						t.Errorf("change %d: deadline %s, want %s", d.Index, d.Due, want)
					}
					if d.ID != changes[d.Index].ID || d.PersonalID != changes[d.Index].PersonalID || !d.Made.Equal(tc.made.Truncate(time.Second)) {
						t.Errorf("change %d: %+v, not the change's", d.Index, d)
					}
					if d.Arose.String() != tc.changes[d.Index].arose || d.ByDecision != tc.changes[d.Index].decision {
						t.Errorf("change %d arose %s (by decision %v)", d.Index, d.Arose, d.ByDecision)
					}
				}
				return out
			}
			if got := indexes(rep.Late); !slices.Equal(got, tc.late) {
				t.Errorf("late %v, want %v", got, tc.late)
			}
			if got := indexes(rep.DueSoon); !slices.Equal(got, tc.dueSoon) {
				t.Errorf("due soon %v, want %v", got, tc.dueSoon)
			}
			for _, d := range rep.Late {
				if d.Rule != packet.RuleChangeLate {
					t.Errorf("late change %d: rule %q", d.Index, d.Rule)
				}
			}
			// The service judges the same changes late.
			var flagged []int
			for _, p := range rep.Packets {
				for _, r := range p.Results {
					for _, f := range r.Violations {
						if f.Rule == packet.RuleChangeLate {
							flagged = append(flagged, p.First+r.Index)
						}
					}
				}
			}
			slices.Sort(flagged)
			if flagged == nil {
				flagged = []int{}
			}
			if !slices.Equal(flagged, tc.late) {
				t.Errorf("the service flagged %v with %s, the report %v", flagged, packet.RuleChangeLate, tc.late)
			}
		})
	}
}
