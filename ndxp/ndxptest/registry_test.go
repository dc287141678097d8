package ndxptest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// The simulated registries compare only what they hold (registryMembers):
// identity, identity card, residence, insurance number and salary, and
// never a member of the sensitive groups; every group they hold gets
// differences, and the results make a valid DOIKHOP packet.
func TestMatchingComparesRegistryMembers(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 31})
	now := g.Options().Now
	sensitive := packet.SensitiveMembers()
	seen := map[string]int{}
	var results []packet.MatchResult
	for i, p := range g.Profiles(400) {
		for _, src := range []packet.Source{packet.SourcePopulation, packet.SourceInsurance} {
			d := newDraw(uint64(i), string(src), p.PersonalID.String())
			diffs := differences(p, src, now, d)
			for _, df := range diffs {
				top := "/" + strings.SplitN(df.Field[1:], "/", 2)[0]
				if !slices.Contains(registryMembers[src], top) {
					t.Errorf("%s compares %s, which it does not hold", src, df.Field)
				}
				if slices.Contains(sensitive, top[1:]) {
					t.Errorf("%s compares %s, of a sensitive group", src, df.Field)
				}
				seen[string(src)+top]++
			}
			if len(diffs) > 0 {
				results = append(results, packet.MatchResult{PersonalID: p.PersonalID, Source: src, Status: packet.MatchDiffers,
					Differences: diffs, MatchedAt: now.Add(-time.Hour)})
			}
		}
	}
	for src, members := range registryMembers {
		for _, m := range members {
			if seen[string(src)+m] == 0 {
				t.Errorf("%s never compares %s: %v", src, m, seen)
			}
		}
	}
	pk := &packet.Packet{Header: g.Header(packet.KindMatches, len(results))}
	pk.Records.Matches = results
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.ValidatePacket(context.Background(), pk)
	if err != nil || len(rep.Findings) > 0 {
		t.Fatalf("%v: %d findings, the first %v", err, len(rep.Findings), rep.Findings[:min(3, len(rep.Findings))])
	}
}
