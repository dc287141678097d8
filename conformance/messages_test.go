package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
	"github.com/cbccvc/cbccvc-go/packet"
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
				t.Skipf("no conformance vector gives a finding of %s", code)
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
