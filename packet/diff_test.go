package packet_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// edited returns a profile of the generator, and the same person after
// changes: change events of the generator applied, then edits drawn from
// rng that change events do not make (members removed, items reordered,
// removed, changed in place).
func edited(seed uint64, events int, edits uint32) (old, new packet.Profile) {
	g := packettest.New(packettest.Options{Seed: seed%1000 + 1})
	old = g.Profile()
	new = old
	for range events % 6 {
		if p, fs := packet.Apply(new, g.Change(new)); len(fs) == 0 {
			new = p
		}
	}
	new = deepCopy(new)
	rng := rand.New(rand.NewPCG(seed, uint64(edits)))
	for bit := range 16 {
		if edits&(1<<bit) == 0 {
			continue
		}
		switch bit {
		case 0:
			new.Email = ""
		case 1:
			new.Position = nil
		case 2:
			if len(new.SalaryHistory) > 1 {
				new.SalaryHistory = slices.Delete(new.SalaryHistory, 0, 1)
			}
		case 3:
			slices.Reverse(new.WorkHistory)
		case 4:
			if len(new.Awards) > 0 {
				new.Awards[rng.IntN(len(new.Awards))].Form = "Giấy khen"
			}
		case 5:
			if new.Position != nil {
				new.Position.Allowance = 0
			}
		case 6:
			new.Relatives = nil
		case 7:
			new.Grades = append(new.Grades, packet.YearlyGrade{Year: 2000 + rng.IntN(30), Grade: "HTTNV"})
		case 8:
			if len(new.WorkHistory) > 0 {
				new.WorkHistory[len(new.WorkHistory)-1].To = packet.Date{}
			}
		case 9:
			new.Awards = append(new.Awards, new.Awards...) // duplicate keys
		case 10:
			new.Phone = "0912345678"
		case 11:
			new.EndOfService = nil
		case 12:
			new.Rank.Step++
		case 13:
			if len(new.Education.Languages) > 0 {
				new.Education.Languages = new.Education.Languages[1:]
			}
		case 14:
			new.CurrentAddress = &packet.Address{UnitCode: "79", Detail: "Số 1"}
		case 15:
			old, new = new, old
		}
	}
	return old, new
}

// deepCopy copies a profile through its JSON form, so that edits of the
// copy do not reach the original's slices.
func deepCopy(p packet.Profile) packet.Profile {
	b, err := json.Marshal(&p)
	if err != nil {
		panic(err)
	}
	var q packet.Profile
	if err := json.Unmarshal(b, &q); err != nil {
		panic(err)
	}
	return q
}

func encoded(t *testing.T, p packet.Profile) []byte {
	t.Helper()
	b, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkDiff is the property of Diff: patching old with Diff(old, new)
// gives new, exactly; with Apply too, when there is no removal.
func checkDiff(t *testing.T, old, new packet.Profile) []packet.FieldChange {
	t.Helper()
	d, err := packet.Diff(old, new)
	if err != nil {
		t.Fatal(err)
	}
	got, fs := packet.Patch(old, d)
	if len(fs) > 0 {
		t.Fatalf("Patch: %v\n%s", fs, show(d))
	}
	if a, b := encoded(t, got), encoded(t, new); !bytes.Equal(a, b) {
		t.Fatalf("Patch(old, Diff(old, new)) is not new:\n got %s\nwant %s\ndiff %s", a, b, show(d))
	}
	if !slices.ContainsFunc(d, packet.FieldChange.IsRemoval) {
		got, fs := packet.Apply(old, packet.Change{Fields: d})
		if len(fs) > 0 || !bytes.Equal(encoded(t, got), encoded(t, new)) {
			t.Fatalf("Apply(old, Diff(old, new)) is not new: %v", fs)
		}
	}
	return d
}

func show(d []packet.FieldChange) string {
	b, _ := json.MarshalIndent(d, "", " ")
	return string(b)
}

func FuzzDiff(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(seed, uint8(seed), uint32(seed*2654435761))
	}
	f.Fuzz(func(t *testing.T, seed uint64, events uint8, edits uint32) {
		old, new := edited(seed, int(events), edits)
		if d := checkDiff(t, old, new); (len(d) == 0) != bytes.Equal(encoded(t, old), encoded(t, new)) {
			t.Fatalf("%d changes between profiles that are equal: %v", len(d), bytes.Equal(encoded(t, old), encoded(t, new)))
		}
	})
}

func TestDiffProperty(t *testing.T) {
	for seed := range uint64(300) {
		old, new := edited(seed, int(seed), uint32(seed*2654435761))
		checkDiff(t, old, new)
	}
}

func TestDiff(t *testing.T) {
	g := packettest.New(packettest.Options{Seed: 3})
	base := g.Profile()
	for base.Position == nil || len(base.SalaryHistory) < 2 || len(base.Awards) == 0 {
		base = g.Profile()
	}
	type tc struct {
		name   string
		edit   func(p *packet.Profile)
		fields []string
	}
	for _, c := range []tc{
		{"equal", func(*packet.Profile) {}, nil},
		{"a scalar", func(p *packet.Profile) { p.Phone = "0912000111" }, []string{"/SoDienThoai"}},
		{"inside an object", func(p *packet.Profile) { p.Rank.Step++ }, []string{"/Ngach/BacLuong"}},
		{"a new salary step, matched by its date", func(p *packet.Profile) {
			s := p.SalaryHistory[len(p.SalaryHistory)-1]
			s.Since = s.Since.AddYears(3)
			s.Step++
			p.SalaryHistory = append(p.SalaryHistory, s)
		}, []string{"/QuaTrinhLuong/" + itoa(len(base.SalaryHistory))}},
		{"an item changed in place", func(p *packet.Profile) { p.SalaryHistory[1].RankCode = "01.002" },
			[]string{"/QuaTrinhLuong/1/MaNgach"}},
		{"an item removed: the array whole", func(p *packet.Profile) { p.SalaryHistory = p.SalaryHistory[1:] },
			[]string{"/QuaTrinhLuong"}},
		{"a member of an object removed: the object whole", func(p *packet.Profile) { p.Position.Appointed = packet.Date{} },
			[]string{"/ChucVu"}},
		{"a member of HoSo removed", func(p *packet.Profile) { p.Position = nil }, []string{"/ChucVu"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := deepCopy(base)
			c.edit(&p)
			d := checkDiff(t, base, p)
			var got []string
			for _, fc := range d {
				got = append(got, fc.Field)
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields %q, want %q\n%s", got, c.fields, show(d))
			}
		})
	}
	other := g.Profile()
	_, err := packet.Diff(base, other)
	var de *packet.DiffError
	if !errors.Is(err, packet.ErrDiffPerson) || !errors.As(err, &de) {
		t.Errorf("Diff of two people: %v", err)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }
