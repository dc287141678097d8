package packet

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateRulesDoc = flag.Bool("update-rules-doc", false, "rewrite docs/rules.md from Rules()")

// The catalogue is published as docs/rules.md, generated from the code.
func TestRulesDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "rules.md")
	want := rulesMarkdown()
	if *updateRulesDoc {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./packet -run TestRulesDoc -update-rules-doc)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("docs/rules.md is stale; run go test ./packet -run TestRulesDoc -update-rules-doc:\n%s", diff)
	}
}

// The catalogue holds exactly the codes of 05-code-lists-and-rules.md §5.2,
// in its order, with its severities.
func TestRules(t *testing.T) {
	want := []string{
		"R-FMT-001", "R-FMT-002", "R-FMT-003", "R-FMT-004", "R-SCH-001",
		"R-HDR-001", "R-HDR-002", "R-HDR-003", "R-HDR-004", "R-HDR-005",
		"R-ID-001", "R-ID-002", "R-ID-003", "R-ID-004", "R-ID-005", "R-ID-006",
		"R-OWN-001", "R-DUP-001",
		"R-DATE-001", "R-DATE-002", "R-DATE-003", "R-DATE-004", "R-DATE-005", "R-DATE-006",
		"R-CODE-001", "R-CODE-002", "R-LUONG-001", "R-LUONG-002", "R-TXT-001", "R-TXT-002",
		"R-BD-001", "R-BD-002", "R-BD-003",
		"R-SIG-001", "R-SIG-002", "R-SIG-003", "R-SIG-004", "R-SIG-005",
	}
	warnings := map[string]bool{"R-DATE-004": true, "R-DATE-006": true, "R-CODE-002": true, "R-TXT-001": true}
	var got []string
	code := regexp.MustCompile(`^R-[A-Z]+-\d{3}$`)
	for _, r := range Rules() {
		got = append(got, r.Code)
		if !code.MatchString(r.Code) || r.DescriptionVI == "" || r.DescriptionEN == "" || r.Layer == "" {
			t.Errorf("rule %+v is incomplete", r)
		}
		if wantSev := map[bool]Severity{true: SeverityWarning, false: SeverityError}[warnings[r.Code]]; r.Severity != wantSev {
			t.Errorf("%s severity %s, want %s", r.Code, r.Severity, wantSev)
		}
		if lr, ok := LookupRule(r.Code); !ok || lr != r {
			t.Errorf("LookupRule(%s) = %+v, %v", r.Code, lr, ok)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalogue (-spec +code):\n%s", diff)
	}
	if _, ok := LookupRule("R-XXX-999"); ok {
		t.Error("LookupRule found an unknown code")
	}
}
