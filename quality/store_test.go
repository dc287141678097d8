package quality_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

// syncStore returns a SQLite sync store holding the profiles of p as
// acknowledged.
func syncStore(t *testing.T, p *packet.Packet) *hrsync.SQLStore {
	t.Helper()
	ctx := context.Background()
	st, err := hrsync.OpenSQLite(ctx, filepath.Join(t.TempDir(), "sync.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var people []hrsync.Person
	for _, pr := range p.Records.Profiles {
		b, err := json.Marshal(pr)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, hrsync.Person{PersonalID: pr.PersonalID.String(), Digest: "d", Profile: b, Acknowledged: now})
	}
	if err := st.Record(ctx, "", nil, people); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestCheckStore checks that the report of a store is that of a packet
// of its profiles, in the store's order: the same findings at the same
// places, groups and counts, without a packet ID or a signature.
func TestCheckStore(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 5, Defects: []packettest.Defect{packettest.DefectGenderDigit, packettest.DefectSalaryCoefficient}})
	p := g.Packet(packet.KindProfiles, 1203) // over two pages of the store
	slices.SortFunc(p.Records.Profiles, func(a, b packet.Profile) int {
		return strings.Compare(a.PersonalID.String(), b.PersonalID.String())
	})
	var buf bytes.Buffer
	if err := p.Encode(&buf, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	c := checker(t, false)
	want := check(t, c, buf.Bytes())
	if want.Errors == 0 {
		t.Fatal("the packet has no error: the test checks nothing")
	}
	got, err := c.CheckStore(context.Background(), syncStore(t, p), p.Header.Created)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records, %d clean, %d errors, %d warnings, rules %d", got.Records, got.Clean, got.Errors, got.Warnings, len(got.ByRule))
	if got.PacketID != "" || got.Sender != "" || !got.Created.IsZero() || got.Signature.Status != "" {
		t.Errorf("store report has packet ID %q, sender %q, created %v, signature %q; want none", got.PacketID, got.Sender, got.Created, got.Signature.Status)
	}
	want.PacketID, want.Sender, want.Created, want.Signature = "", "", got.Created, quality.Signature{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("store report differs from the packet's (-packet +store):\n%s", diff)
	}
	var html bytes.Buffer
	if err := quality.WriteHTML(&html, got, quality.HTMLOptions{Source: "sync.db"}); err != nil {
		t.Fatal(err)
	}
	if s := html.String(); !strings.Contains(s, got.ByRule[0].Rule) || strings.Contains(s, `id="signature"`) {
		t.Errorf("HTML of the store report lacks rule %s or shows a signature", got.ByRule[0].Rule)
	}
}

// TestCheckStoreDamaged checks that a stored profile that is not JSON is an
// error naming the person, not a report.
func TestCheckStoreDamaged(t *testing.T) {
	ctx := context.Background()
	for i, damaged := range []string{`{"HoVaTen":`, `["HoVaTen"]`, `{"HoVaTen":"A"} {}`} {
		st, err := hrsync.OpenSQLite(ctx, filepath.Join(t.TempDir(), strconv.Itoa(i)+".db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.Record(ctx, "", nil, []hrsync.Person{{PersonalID: "001090000001", Digest: "d", Profile: []byte(damaged)}}); err != nil {
			t.Fatal(err)
		}
		_, err = checker(t, false).CheckStore(ctx, st, now)
		if !errors.Is(err, quality.ErrStoreProfile) || !strings.Contains(err.Error(), "001090000001") {
			t.Errorf("CheckStore of %s = %v, want ErrStoreProfile naming 001090000001", damaged, err)
		}
	}
}
