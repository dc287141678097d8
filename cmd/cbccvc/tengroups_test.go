package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// The ten data groups of Decree 27/2026/NĐ-CP from end to end: `cbccvc
// generate` makes profiles with all ten groups, which validate with no
// finding and convert JSON -> XML -> JSON unchanged; the sandbox takes
// them, applies change events of every kind of format 2.0 (and `cbccvc
// due` finds them on time), and shares them back whole for cadre work by
// the managing agency, and without groups 3, 9 and 10, saying so, with
// the person's consent.
func TestTenGroupsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string { return filepath.Join(dir, name) }
	if code, _, errOut := runCLI(t, "generate", "--kind", "HOSO", "--count", "120", "--seed", "27", "-o", file("hoso.json")); code != exitOK {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(file("hoso.json"))
	if err != nil {
		t.Fatal(err)
	}
	hoso := decodePacket(t, raw)
	if hoso.Header.Version != packet.Version {
		t.Fatalf("generate wrote format %s", hoso.Header.Version)
	}
	tenGroupsPresent(t, hoso.Records.Profiles)
	genNow := packettest.New(packettest.Options{}).Options().Now // what cbccvc generate dates by

	// Valid, with no finding at all; JSON -> XML -> JSON unchanged.
	if code, out, errOut := runCLI(t, "validate", file("hoso.json")); code != exitOK {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errOut)
	}
	noFindings(t, genNow, hoso)
	if code, _, errOut := runCLI(t, "convert", "--to", "xml", "-o", file("hoso.xml"), file("hoso.json")); code != exitOK {
		t.Fatalf("convert to XML: exit %d: %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, "validate", file("hoso.xml")); code != exitOK {
		t.Fatalf("validate XML: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "convert", "--to", "json", "-o", file("back.json"), file("hoso.xml")); code != exitOK {
		t.Fatalf("convert back to JSON: exit %d: %s", code, errOut)
	}
	if back, _ := os.ReadFile(file("back.json")); !bytes.Equal(back, raw) {
		t.Fatalf("JSON -> XML -> JSON changed the packet (%d bytes, then %d)", len(raw), len(back))
	}

	// Submitted to the sandbox.
	h29 := hoso.Header.Sender
	srv := ndxptest.NewServer(t, ndxptest.Config{Now: func() time.Time { return genNow.Add(time.Hour) }})
	c := srv.Client(h29)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	submitAll(ctx, t, c, raw)

	// Change events of every kind of format 2.0, applied by the sandbox as
	// packet.Apply applies them here; KET_THUC_BIET_PHAI ends a secondment
	// a first packet started.
	g := packettest.New(packettest.Options{Seed: 28})
	want := map[identifier.PersonalID]packet.Profile{}
	for _, p := range hoso.Records.Profiles {
		want[p.PersonalID] = p
	}
	var kinds []string
	for _, k := range packet.ChangeKinds() {
		if k.Since == "2.0" {
			kinds = append(kinds, k.Code)
		}
	}
	first := changesOfKinds(t, g, hoso.Records.Profiles, want, slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return k == "KET_THUC_BIET_PHAI" }))
	var seconded []packet.Profile
	for _, ch := range first {
		if ch.Kind == "BIET_PHAI" {
			seconded = append(seconded, want[ch.PersonalID])
		}
	}
	second := changesOfKinds(t, g, seconded, want, []string{"KET_THUC_BIET_PHAI"})
	for i, changes := range [][]packet.Change{first, second} {
		bd := &packet.Packet{Header: g.Header(packet.KindChanges, len(changes))}
		bd.Records.Changes = changes
		noFindings(t, genNow, bd)
		var b bytes.Buffer
		if err := bd.Encode(&b, packet.FormatJSON); err != nil {
			t.Fatal(err)
		}
		name := file("biendong" + string(rune('1'+i)) + ".json")
		if err := os.WriteFile(name, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		// The three-working-day duty holds for the new kinds too.
		if code, out, errOut := runCLI(t, "due", "-now", genNow.Format(time.DateOnly), name); code != exitOK || strings.Contains(out, "LATE") {
			t.Fatalf("due: exit %d\n%s%s", code, out, errOut)
		}
		submitAll(ctx, t, c, b.Bytes())
	}
	for id, p := range want {
		got, ok := srv.Profile(id)
		if !ok || !reflect.DeepEqual(got, p) {
			t.Fatalf("the sandbox holds another profile of %s than the changes make", id)
		}
	}

	// Shared back: whole for cadre work by the managing agency; without
	// groups 3, 9 and 10, and saying so, with consent.
	for _, purpose := range []ndxp.Purpose{ndxp.PurposeCadreWork, ndxp.PurposeConsent("15/2026/DY")} {
		n := 0
		for ans, err := range c.Profiles(ctx, ndxp.ProfileQuery{Purpose: purpose}) {
			if err != nil {
				t.Fatalf("%s: %v", purpose, err)
			}
			for i, p := range ans.Packet.Records.Profiles {
				n++
				expect := want[p.PersonalID]
				withheld := ans.Withheld(i)
				if purpose == ndxp.PurposeCadreWork {
					if withheld != nil {
						t.Errorf("%s: withheld %v of %s", purpose, withheld, p.PersonalID)
					}
				} else {
					if !slices.Equal(withheld, packet.SensitiveMembers()) {
						t.Errorf("%s: withheld %v of %s, want %v", purpose, withheld, p.PersonalID, packet.SensitiveMembers())
					}
					packet.OmitSensitive(&expect)
				}
				if !reflect.DeepEqual(p, expect) {
					a, _ := json.Marshal(p)
					b, _ := json.Marshal(expect)
					t.Fatalf("%s: shared %s\n%s\nwant\n%s", purpose, p.PersonalID, a, b)
				}
			}
		}
		if n != len(want) {
			t.Errorf("%s: %d profiles shared back, want %d", purpose, n, len(want))
		}
	}
}

func decodePacket(t *testing.T, b []byte) *packet.Packet {
	t.Helper()
	p, _, err := packet.Decode(bytes.NewReader(b), packet.FormatAuto, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// tenGroupsPresent checks that each of the ten groups has data in some
// profile: a member new in 2.0 for each, the groups' own for 3 to 10.
func tenGroupsPresent(t *testing.T, ps []packet.Profile) {
	t.Helper()
	groups := [10]func(p *packet.Profile) bool{
		func(p *packet.Profile) bool { return p.IDCard != nil && p.Background != "" },
		func(p *packet.Profile) bool { return len(p.Relatives) > 0 && p.Relatives[0].Side != "" },
		func(p *packet.Profile) bool { return len(p.PersonalHistory) > 0 },
		func(p *packet.Profile) bool { return len(p.Appointments)+len(p.Planning)+len(p.Transfers) > 0 },
		func(p *packet.Profile) bool { return p.Education.DefenceSecurity != "" },
		func(p *packet.Profile) bool { return len(p.Allowances) > 0 && len(p.Grades) > 0 },
		func(p *packet.Profile) bool { return len(p.Organisations) > 0 },
		func(p *packet.Profile) bool { return p.MilitaryService != nil },
		func(p *packet.Profile) bool { return len(p.AssetDeclarations) > 0 },
		func(p *packet.Profile) bool { return p.Health != nil },
	}
	for i, has := range groups {
		if !slices.ContainsFunc(ps, func(p packet.Profile) bool { return has(&p) }) {
			t.Errorf("group %d: no profile of %d has data in it", i+1, len(ps))
		}
	}
}

// noFindings validates p as of now and wants no finding, not even a
// warning.
func noFindings(t *testing.T, now time.Time, p *packet.Packet) {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now.Add(time.Hour) }))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range rep.Findings {
		if i == 5 {
			break
		}
		t.Errorf("%s %s %s", f.Rule, f.Pointer, f.MessageEN)
	}
}

// submitAll signs and submits an unsigned packet and wants every record
// taken without a finding.
func submitAll(ctx context.Context, t *testing.T, c *ndxp.Client, unsigned []byte) {
	t.Helper()
	signed, err := c.Signer().Sign(ctx, unsigned)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := c.Submit(ctx, signed)
	if err != nil || ack.State() == packet.StateRejected {
		t.Fatalf("submit: %v %+v", err, ack)
	}
	res, err := c.Wait(ctx, ack.Packet.Header.ReplyTo, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Packet.Records.Results {
		if r.Status != "THANH_CONG" {
			t.Fatalf("record %d (%s): %s %+v", r.Index, r.Key, r.Status, r.Violations)
		}
	}
}

// changesOfKinds makes, for each kind, change events of that kind for
// the first profiles it fits (at most two a kind, one a person), applies
// them to want, and returns them.
func changesOfKinds(t *testing.T, g *packettest.Generator, ps []packet.Profile, want map[identifier.PersonalID]packet.Profile, kinds []string) []packet.Change {
	t.Helper()
	var out []packet.Change
	used := map[identifier.PersonalID]bool{}
	for _, kind := range kinds {
		n := 0
		for _, p := range ps {
			if n == 2 || used[p.PersonalID] {
				continue
			}
			ch, ok := g.ChangeOfKind(want[p.PersonalID], kind)
			if !ok {
				continue
			}
			next, fs := packet.Apply(want[p.PersonalID], ch)
			if fs != nil {
				t.Fatalf("%s of %s: %v", kind, p.PersonalID, fs)
			}
			want[p.PersonalID], used[p.PersonalID] = next, true
			out = append(out, ch)
			n++
		}
		if n == 0 {
			t.Fatalf("no profile of %d fits a %s change", len(ps), kind)
		}
	}
	return out
}
