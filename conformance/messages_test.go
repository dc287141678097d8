package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// withoutAction lists the rules whose findings need not say what to do,
// each with why: the one place that decides it. Every other rule's
// finding ends with «Đề nghị …».
var withoutAction = map[string]string{}

// TestVietnameseMessages: for every rule of the catalogue, the Vietnamese
// message of every finding its conformance vectors give reads as a clerk
// needs it — the field in words with its wire name in brackets, the value,
// what is wrong, what to do; dates dd/mm/yyyy and decimal commas; other
// records named in words, never by a JSON Pointer; no English, keyword or
// regular expression — so that the record can be fixed from the finding
// alone.
func TestVietnameseMessages(t *testing.T) {
	k := embeddedKit(t)
	byRule := map[string][]string{} // rule → "vector: message"
	r, err := SDK(k)
	if err != nil {
		t.Fatal(err)
	}
	v := r.Validate.(SDKValidator).V
	verifier := r.Verify.(SDKVerifier)
	for _, vec := range k.Manifest.Vectors {
		var fds []packet.Finding
		switch vec.Kind {
		case KindValidate:
			fds = validateFindings(t, k, v, vec)
		case KindApply:
			fds = applyFindings(t, k, vec)
		case KindVerify:
			b, err := fs.ReadFile(k.FS, vec.File)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := verifier.V.Verify(context.Background(), b); err != nil {
				vi, _ := msg.Split(err)
				byRule[ClassRule(ClassOf(err))] = append(byRule[ClassRule(ClassOf(err))], vec.ID+": "+vi)
			}
		case KindMigrate:
			b, err := fs.ReadFile(k.FS, vec.File)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := packet.Migrate(context.Background(), io.Discard, bytes.NewReader(b))
			vi, _ := msg.Split(err)
			if err == nil {
				vi, _ = rep.Messages()
			}
			byRule["migrate"] = append(byRule["migrate"], vec.ID+": "+vi)
		}
		for _, f := range fds {
			byRule[f.Rule] = append(byRule[f.Rule], fmt.Sprintf("%s %s: %s", vec.ID, f.Pointer, f.MessageVI))
		}
	}
	codes := []string{"migrate"}
	for _, r := range packet.Rules() {
		codes = append(codes, r.Code)
	}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			msgs := byRule[code]
			if len(msgs) == 0 {
				t.Fatalf("no conformance vector gives a finding of %s: add one to the kit", code)
			}
			slices.Sort(msgs)
			msgs = slices.Compact(msgs)
			_, exempt := withoutAction[code]
			for _, m := range msgs {
				_, vi, _ := cut(m)
				for _, p := range msgtest.Problems(vi, !exempt && code != "migrate") {
					t.Errorf("%s\n\t%s", p, m)
				}
			}
		})
	}
}

// cut splits "vector: message" at its first ": ".
func cut(s string) (before, after string, ok bool) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ' ' {
			return s[:i], s[i+2:], true
		}
	}
	return s, "", false
}

func validateFindings(t *testing.T, k *Kit, v *packet.Validator, vec Vector) []packet.Finding {
	t.Helper()
	f, err := k.FS.Open(vec.File)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := v.Validate(context.Background(), f)
	if err != nil {
		t.Fatalf("%s: %v", vec.ID, err)
	}
	return rep.Findings
}

func applyFindings(t *testing.T, k *Kit, vec Vector) []packet.Finding {
	t.Helper()
	profiles, err := decodeFile(k.FS, vec.Profiles)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := decodeFile(k.FS, vec.File)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[identifier.PersonalID]packet.Profile{}
	for _, p := range profiles.Records.Profiles {
		byID[p.PersonalID] = p
	}
	var all []packet.Finding
	for _, c := range changes.Records.Changes {
		next, fs := packet.Apply(byID[c.PersonalID], c)
		all = append(all, fs...)
		byID[c.PersonalID] = next
	}
	return all
}

// TestVietnameseMessagesOfDefects: the findings of every defect the
// generator makes on purpose, in profiles of both format versions, read as
// TestVietnameseMessages asks: they reach rules and members the kit's
// vectors do not.
func TestVietnameseMessagesOfDefects(t *testing.T) {
	for _, version := range []string{"2.0", "1.0"} {
		g := packettest.New(packettest.Options{Seed: 17, Version: version, Defects: packettest.DefectsFor(version), PartialBirthDates: true})
		v, err := packet.NewValidator(packet.WithClock(func() time.Time { return g.Options().Now }))
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range []packet.Kind{packet.KindProfiles} {
			p := g.Packet(kind, 2*len(packettest.DefectsFor(version)))
			rep, err := v.ValidatePacket(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) == 0 {
				t.Fatalf("%s %s: no findings", version, kind)
			}
			for _, f := range rep.Findings {
				_, exempt := withoutAction[f.Rule]
				for _, pr := range msgtest.Problems(f.MessageVI, !exempt) {
					t.Errorf("%s\n\t%s %s %s: %s", pr, version, f.Rule, f.Pointer, f.MessageVI)
				}
			}
		}
	}
}
