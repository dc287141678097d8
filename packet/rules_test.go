package packet

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var updateRulesDoc = flag.Bool("update-rules-doc", false, "rewrite docs/rules.md from Rules()")

// The catalogue is published as docs/rules.md, generated from the code.
func TestRulesDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "rules.md")
	want := rulesMarkdown()
	if *updateRulesDoc {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./packet -run TestRulesDoc -update-rules-doc)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("docs/rules.md is stale; run go test ./packet -run TestRulesDoc -update-rules-doc (-generated +file):\n%s", diff)
	}
}

// specRules are the codes and severities of 05-code-lists-and-rules.md
// §5.2, in its order, R-SCH-002, which this SDK adds after R-SCH-001 (a
// value of the right shape that its type does not hold), and R-BD-004 of
// 07-format-2-decree-27-2026.md §7.3.
var specRules = []struct {
	code string
	sev  Severity
}{
	{"R-FMT-001", SeverityError}, {"R-FMT-002", SeverityError}, {"R-FMT-003", SeverityError}, {"R-FMT-004", SeverityError},
	{"R-SCH-001", SeverityError}, {"R-SCH-002", SeverityError},
	{"R-HDR-001", SeverityError}, {"R-HDR-002", SeverityError}, {"R-HDR-003", SeverityError}, {"R-HDR-004", SeverityError}, {"R-HDR-005", SeverityError},
	{"R-ID-001", SeverityError}, {"R-ID-002", SeverityError}, {"R-ID-003", SeverityError}, {"R-ID-004", SeverityError}, {"R-ID-005", SeverityError}, {"R-ID-006", SeverityError},
	{"R-OWN-001", SeverityError}, {"R-DUP-001", SeverityError},
	{"R-DATE-001", SeverityError}, {"R-DATE-002", SeverityError}, {"R-DATE-003", SeverityError}, {"R-DATE-004", SeverityWarning}, {"R-DATE-005", SeverityError}, {"R-DATE-006", SeverityWarning},
	{"R-CODE-001", SeverityError}, {"R-CODE-002", SeverityWarning},
	{"R-LUONG-001", SeverityError}, {"R-LUONG-002", SeverityError},
	{"R-TXT-001", SeverityWarning}, {"R-TXT-002", SeverityError},
	{"R-BD-001", SeverityError}, {"R-BD-002", SeverityError}, {"R-BD-003", SeverityError}, {"R-BD-004", SeverityWarning},
	{"R-SIG-001", SeverityError}, {"R-SIG-002", SeverityError}, {"R-SIG-003", SeverityError}, {"R-SIG-004", SeverityError}, {"R-SIG-005", SeverityError},
}

// The catalogue holds exactly the rules of §5.2, in its order, each once,
// with its severity, and every rule is complete.
func TestRules(t *testing.T) {
	type cs struct {
		Code string
		Sev  Severity
	}
	var want, got []cs
	for _, r := range specRules {
		want = append(want, cs{r.code, r.sev})
	}
	code := regexp.MustCompile(`^R-[A-Z]+-\d{3}$`)
	seen := map[string]bool{}
	layers := map[Layer]bool{LayerFormat: true, LayerSchema: true, LayerSemantic: true, LayerSignature: true}
	for _, r := range Rules() {
		got = append(got, cs{r.Code, r.Severity})
		if seen[r.Code] {
			t.Errorf("%s appears twice", r.Code)
		}
		seen[r.Code] = true
		if !code.MatchString(r.Code) || r.DescriptionVI == "" || r.DescriptionEN == "" || !layers[r.Layer] {
			t.Errorf("rule %+v is incomplete", r)
		}
		if lr, ok := LookupRule(r.Code); !ok || lr != r {
			t.Errorf("LookupRule(%s) = %+v, %v", r.Code, lr, ok)
		}
		if severityOf(r.Code) != r.Severity {
			t.Errorf("severityOf(%s) = %s", r.Code, severityOf(r.Code))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("catalogue (-spec +code):\n%s", diff)
	}
	if _, ok := LookupRule("R-XXX-999"); ok {
		t.Error("LookupRule found an unknown code")
	}
	// Rules returns a copy: the catalogue cannot be changed through it.
	rs := Rules()
	rs[0].Severity = SeverityWarning
	if r, _ := LookupRule(rs[0].Code); r.Severity != SeverityError {
		t.Error("changing the result of Rules changed the catalogue")
	}
}

// The layer of each family of rules is the one that checks it.
func TestRuleLayers(t *testing.T) {
	for _, r := range Rules() {
		want := LayerSemantic
		switch {
		case strings.HasPrefix(r.Code, "R-FMT-"):
			want = LayerFormat
		case strings.HasPrefix(r.Code, "R-SCH-"):
			want = LayerSchema
		case strings.HasPrefix(r.Code, "R-SIG-"):
			want = LayerSignature
		}
		if r.Layer != want {
			t.Errorf("%s: layer %s, want %s", r.Code, r.Layer, want)
		}
	}
}

// When the spec is beside the repository (as it is for developers and CI),
// its §5.2 table and the catalogue agree on codes, order and severities.
func TestRulesMatchSpecFile(t *testing.T) {
	var b []byte
	for _, p := range []string{
		filepath.Join("..", "..", "shared", "spec", "05-code-lists-and-rules.md"),
		filepath.Join("..", "shared", "spec", "05-code-lists-and-rules.md"),
	} {
		var err error
		if b, err = os.ReadFile(p); err == nil {
			break
		}
	}
	if b == nil {
		t.Skip("05-code-lists-and-rules.md is not beside the repository")
	}
	_, table, ok := strings.Cut(string(b), "## 5.2")
	if !ok {
		t.Fatal("no §5.2 in the spec")
	}
	row := regexp.MustCompile(`(?m)^\| (R-[A-Z]+-\d{3}) \| (LOI|CANH_BAO) \|`)
	var spec, code []string
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		spec = append(spec, m[1]+" "+m[2])
	}
	for _, r := range Rules() {
		code = append(code, r.Code+" "+string(r.Severity))
	}
	if diff := cmp.Diff(spec, code); diff != "" {
		t.Errorf("catalogue differs from the spec file (-spec +code):\n%s", diff)
	}
}
