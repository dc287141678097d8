package packet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/google/go-cmp/cmp"
)

// The semantic rules that judge a record alone run in the validation
// workers, concurrently; those that need document order run in the
// collector. The report must not depend on how many workers there are or
// how they interleave: here a packet with findings of both kinds on many
// records, its header after its records (so that the owners wait for it),
// is validated by one worker and by eight, and the findings must be the
// same. Under -race (as CI runs it) this also shows that the workers share
// nothing they write.
func TestValidateSemanticInWorkers(t *testing.T) {
	p := packettest.New(packettest.Options{Seed: 7}).Packet(packet.KindProfiles, 240)
	other := identifier.MustParseAgencyCode("000.00.12.H30")
	for i := range p.Records.Profiles {
		r := &p.Records.Profiles[i]
		switch {
		case i%7 == 6:
			r.PersonalID = p.Records.Profiles[i-3].PersonalID // R-DUP-001, in order
		case i%5 == 4:
			r.Ethnicity = "XX" // R-CODE-001, alone
		case i%3 == 2:
			r.FullName += "  " + r.FullName // R-TXT-001, alone
		}
		if i%11 == 10 {
			r.ManagingUnit = other // R-OWN-001, once the header comes
		}
	}
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &members); err != nil {
		t.Fatal(err)
	}
	headerLast, err := json.Marshal(members) // sorted keys: DuLieu before ThongTinGoiTin
	if err != nil {
		t.Fatal(err)
	}
	v, err := packet.NewValidator(packet.WithClock(genClock))
	if err != nil {
		t.Fatal(err)
	}
	validate := func(procs int) []packet.Finding {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		rep, err := v.Validate(context.Background(), bytes.NewReader(headerLast))
		if err != nil {
			t.Fatal(err)
		}
		return rep.Findings
	}
	one := validate(1)
	rules := map[string]int{}
	for _, f := range one {
		rules[f.Rule]++
	}
	for _, r := range []string{packet.RuleDuplicate, packet.RuleCode, packet.RuleTextNormal, packet.RuleOwner} {
		if rules[r] == 0 {
			t.Errorf("no %s finding in %v", r, rules)
		}
	}
	for range 3 {
		if diff := cmp.Diff(one, validate(8)); diff != "" {
			t.Fatalf("findings with eight workers differ from those with one (-one +eight):\n%s", diff)
		}
	}
}
