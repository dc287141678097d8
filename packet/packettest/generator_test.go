package packettest

import (
	"bytes"
	"context"
	"testing"
	"time"
	"unicode"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/google/go-cmp/cmp"
)

func encode(t *testing.T, p *packet.Packet) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func validate(t *testing.T, g *Generator, p *packet.Packet) *packet.Report {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.opt.Now }))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestDeterministic(t *testing.T) {
	a := encode(t, New(Options{Seed: 42}).Packet(packet.KindProfiles, 50))
	b := encode(t, New(Options{Seed: 42}).Packet(packet.KindProfiles, 50))
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Errorf("same seed, different packets:\n%s", diff)
	}
	if c := encode(t, New(Options{Seed: 43}).Packet(packet.KindProfiles, 50)); bytes.Equal(a, c) {
		t.Error("different seeds, same packet")
	}
}

// Generated packets of every kind pass every rule, with no warning.
func TestGeneratedPacketsAreValid(t *testing.T) {
	for _, kind := range packet.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			g := New(Options{Seed: 7})
			n := 300
			if kind == packet.KindProfiles {
				n = 1000
			}
			p := g.Packet(kind, n)
			if p.Header.RecordCount != n || p.Records.Len() != n {
				t.Fatalf("SoLuongBanGhi %d, %d records; want %d", p.Header.RecordCount, p.Records.Len(), n)
			}
			rep := validate(t, g, p)
			for i, f := range rep.Findings {
				if i == 10 {
					t.Errorf("… %d findings in all", len(rep.Findings))
					break
				}
				t.Errorf("%v", f)
			}
		})
	}
}

func TestProfilesAreRealistic(t *testing.T) {
	g := New(Options{Seed: 3})
	ethnic := map[string]int{}
	for _, p := range g.Profiles(1000) {
		ethnic[p.Ethnicity]++
		for _, r := range p.FullName {
			if unicode.Is(unicode.Mn, r) {
				t.Fatalf("%q has a combining mark: names are precomposed (NFC)", p.FullName)
			}
		}
		age := p.Recruitment.Date.Year() - p.BirthDate.Year()
		if age < 18 || age > 31 {
			t.Errorf("%s recruited at %d", p.PersonalID, age)
		}
		if p.Email == "" || !isASCII(p.Email) {
			t.Errorf("e-mail %q", p.Email)
		}
	}
	if ethnic["01"] < 700 || len(ethnic) < 4 {
		t.Errorf("ethnic groups %v: want mostly Kinh and some minorities", ethnic)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Each defect breaks its rule and no other.
func TestDefects(t *testing.T) {
	for _, d := range Defects() {
		t.Run(d.String(), func(t *testing.T) {
			// Record 1 gets the defect: a duplicate needs a record before it.
			g := New(Options{Seed: 11, Defects: []Defect{d}, DefectEvery: 2})
			g.n = 1 // start the defect schedule on record 1
			p := g.Packet(packet.KindProfiles, 3)
			rep := validate(t, g, p)
			if len(rep.Findings) == 0 {
				t.Fatalf("no finding; want %s", d.Rule())
			}
			for _, f := range rep.Findings {
				if f.Rule != d.Rule() {
					t.Errorf("finding %v; want only %s", f, d.Rule())
				}
			}
		})
	}
	if _, ok := ParseDefect("salary-step"); !ok {
		t.Error("ParseDefect(salary-step) failed")
	}
	if Defect(99).Rule() != "" || Defect(99).String() != "Defect(99)" {
		t.Error("an unknown defect has a rule")
	}
}

func TestChangesApply(t *testing.T) {
	g := New(Options{Seed: 5})
	for range 200 {
		p := g.Profile()
		c := g.Change(p)
		if _, fs := packet.Apply(p, c); fs != nil {
			t.Fatalf("change %s of %s does not apply: %v", c.Kind, p.PersonalID, fs)
		}
	}
}

func BenchmarkProfile(b *testing.B) {
	g := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		_ = g.Profile()
	}
}
