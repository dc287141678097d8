package quality_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/conformance"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/quality"
)

// now is the fixed "today" of the tests: after the generator's packets and
// inside the validity of the conformance kit's certificates.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func checker(t testing.TB, verify bool) *quality.Checker {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	c := &quality.Checker{Validator: v}
	if verify {
		k, err := conformance.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		sv, err := conformance.NewSDKVerifier(k)
		if err != nil {
			t.Fatal(err)
		}
		// A day the kit's certificates are valid whenever it was made.
		at := k.Manifest.PKI.NotAfter.AddDate(-1, 0, 0)
		sv.V.Policy.Now = func() time.Time { return at }
		c.Verifier = sv.V
	}
	return c
}

func check(t testing.TB, c *quality.Checker, b []byte) *quality.Report {
	t.Helper()
	rep, err := c.Check(context.Background(), bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// defective encodes a HOSO packet of n profiles whose first records carry
// every defect of the generator, one each.
func defective(t testing.TB, f packet.Format, version string, n int) []byte {
	t.Helper()
	g := packettest.New(packettest.Options{Seed: 5, Defects: packettest.DefectsFor(version), Version: version})
	var buf bytes.Buffer
	if err := g.Packet(packet.KindProfiles, n).Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCheckGroups checks every group of the report of a packet with every
// defect, in both formats and both format versions: one finding per
// defective record, at its record and field, and the units' counts adding
// up to the records.
func TestCheckGroups(t *testing.T) {
	defects := packettest.Defects()
	n := len(defects) + 6
	for _, tc := range []struct {
		format  packet.Format
		version string
	}{{packet.FormatJSON, ""}, {packet.FormatXML, ""}, {packet.FormatJSON, "1.0"}, {packet.FormatXML, "1.0"}} {
		t.Run(tc.format.String()+tc.version, func(t *testing.T) {
			defects := packettest.DefectsFor(tc.version)
			rep := check(t, checker(t, false), defective(t, tc.format, tc.version, n))
			if rep.Records != n || rep.Checked != n || !rep.Complete {
				t.Fatalf("records %d, checked %d, complete %v", rep.Records, rep.Checked, rep.Complete)
			}
			wantRules := map[string]int{}
			for _, d := range defects {
				wantRules[d.Rule()]++
			}
			var recordFindings int
			for _, f := range rep.Findings {
				if f.Record >= 0 {
					recordFindings++
				}
			}
			if tc.version == "1.0" {
				wantRules[packet.RuleHeaderSuperseded]++
			}
			gotRules := map[string]int{}
			for _, g := range rep.ByRule {
				gotRules[g.Rule] = g.Count
				if g.DescriptionVI == "" || g.DescriptionEN == "" || len(g.Findings) != g.Count {
					t.Errorf("rule group %+v", g)
				}
			}
			if !equalMaps(gotRules, wantRules) {
				t.Errorf("by rule %v, want %v", gotRules, wantRules)
			}
			if len(rep.ByPerson) != len(defects) || recordFindings != len(defects) {
				t.Fatalf("%d persons, %d record findings, want %d", len(rep.ByPerson), recordFindings, len(defects))
			}
			for i, p := range rep.ByPerson {
				d := defects[i]
				f := rep.Findings[p.Findings[0]]
				wantField, _ := strings.CutPrefix(d.Field(), "/")
				wantField = stripIndexes(wantField)
				if p.Record != i || f.Rule != d.Rule() || f.Field != wantField || f.Record != i {
					t.Errorf("person %d: %+v with %+v, want %s at %s", i, p, f, d.Rule(), wantField)
				}
				if p.FullName == "" || p.Unit == "" {
					t.Errorf("person %d has no name or unit: %+v", i, p)
				}
			}
			if rep.Clean != n-len(defects) || rep.CleanShare != float64(rep.Clean)/float64(n) {
				t.Errorf("clean %d (%v), want %d", rep.Clean, rep.CleanShare, n-len(defects))
			}
			wantErrs := 0
			for _, d := range defects {
				if d.Severity() == packet.SeverityError {
					wantErrs++
				}
			}
			if rep.Valid != n-wantErrs {
				t.Errorf("valid %d, want %d", rep.Valid, n-wantErrs)
			}
			perRole := map[quality.UnitRole][3]int{}
			for _, u := range rep.ByUnit {
				c := perRole[u.Role]
				c[0] += u.Records
				c[1] += u.Clean
				c[2] += u.Errors + u.Warnings
				perRole[u.Role] = c
			}
			for _, role := range []quality.UnitRole{quality.RoleManaging, quality.RoleEmploying} {
				// The profiles whose unit code is the defect are not counted in a unit.
				if c := perRole[role]; c[0] != n || c[1] != rep.Clean || c[2] != recordFindings {
					t.Errorf("units by %s count %v, want %d records, %d clean, %d findings", role, c, n, rep.Clean, recordFindings)
				}
			}
			if rep.Signature.Status != quality.SignatureUnsigned {
				t.Errorf("signature %+v", rep.Signature)
			}
		})
	}
}

func stripIndexes(field string) string {
	var keep []string
	for _, s := range strings.Split(field, "/") {
		if s != "" && (s[0] < '0' || s[0] > '9') {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, "/")
}

func equalMaps(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCheckSignature reports the signature of the kit's signed packets:
// verified with its signer, refused with the rule, or not checked without
// a Verifier.
func TestCheckSignature(t *testing.T) {
	for _, tc := range []struct {
		file   string
		verify bool
		status quality.SignatureStatus
		rule   string
	}{
		{"good-HOSO.json", true, quality.SignatureVerified, ""},
		{"good-HOSO.xml", true, quality.SignatureVerified, ""},
		{"good-HOSO.json", false, quality.SignatureNotChecked, ""},
		{"R-SIG-002-content-changed.json", true, quality.SignatureInvalid, "R-SIG-002"},
		{"R-SIG-004-wrong-signer.xml", true, quality.SignatureInvalid, "R-SIG-004"},
		{"R-SIG-003-untrusted-root.json", true, quality.SignatureInvalid, "R-SIG-003"},
		{"R-SIG-001-unsigned.json", true, quality.SignatureUnsigned, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "conformance", "verify", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			s := check(t, checker(t, tc.verify), b).Signature
			if s.Status != tc.status || s.Rule != tc.rule {
				t.Fatalf("signature %+v, want %s %s", s, tc.status, tc.rule)
			}
			switch s.Status {
			case quality.SignatureVerified:
				if s.Signer == "" || s.Agency == "" || s.Algorithm == "" {
					t.Errorf("verified without a signer: %+v", s)
				}
			case quality.SignatureInvalid, quality.SignatureNotChecked:
				if s.MessageVI == "" || s.MessageEN == "" {
					t.Errorf("no messages: %+v", s)
				}
			}
		})
	}
}

// TestCheckMalformed reports a packet that breaks off: its finding, no
// groups it cannot know, an unknown signature.
func TestCheckMalformed(t *testing.T) {
	b := defective(t, packet.FormatJSON, "", 20)
	b = b[:len(b)/2]
	rep := check(t, checker(t, false), b)
	if rep.Complete || rep.Signature.Status != quality.SignatureUnknown {
		t.Errorf("complete %v, signature %s", rep.Complete, rep.Signature.Status)
	}
	last := rep.Findings[len(rep.Findings)-1]
	if last.Rule != packet.RuleFormatSyntax || last.Layer != packet.LayerFormat {
		t.Errorf("last finding %+v", last)
	}
}

func TestCheckNil(t *testing.T) {
	var c *quality.Checker
	if _, err := c.Check(context.Background(), bytes.NewReader(nil), 0); !errors.Is(err, quality.ErrNil) {
		t.Errorf("nil Checker: %v", err)
	}
}
