package packet

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

// specRules are the codes and severities of the format specification's
// rule table (§5.2), in its order, R-SCH-002, which this SDK adds after R-SCH-001 (a
// value of the right shape that its type does not hold), R-HDR-006 for the
// warning on a format 1.0 packet (the specification of format 2.0, §7.5),
// R-ID-007, which it adds after R-ID-006 for the warning of §7.1 (digits
// 1-3 of a personal ID that may name a country), R-BD-004 of §7.3, and
// R-BD-005 and R-BD-006, which hold the change events of the kinds of
// format 2.0 to their kinds.
var specRules = []struct {
	code string
	sev  Severity
}{
	{"R-FMT-001", SeverityError}, {"R-FMT-002", SeverityError}, {"R-FMT-003", SeverityError}, {"R-FMT-004", SeverityError},
	{"R-SCH-001", SeverityError}, {"R-SCH-002", SeverityError},
	{"R-HDR-001", SeverityError}, {"R-HDR-002", SeverityError}, {"R-HDR-003", SeverityError}, {"R-HDR-004", SeverityError}, {"R-HDR-005", SeverityError},
	{"R-HDR-006", SeverityWarning},
	{"R-ID-001", SeverityError}, {"R-ID-002", SeverityError}, {"R-ID-003", SeverityError}, {"R-ID-004", SeverityError}, {"R-ID-005", SeverityError}, {"R-ID-006", SeverityError}, {"R-ID-007", SeverityWarning},
	{"R-OWN-001", SeverityError}, {"R-DUP-001", SeverityError},
	{"R-DATE-001", SeverityError}, {"R-DATE-002", SeverityError}, {"R-DATE-003", SeverityError}, {"R-DATE-004", SeverityWarning}, {"R-DATE-005", SeverityError}, {"R-DATE-006", SeverityWarning},
	{"R-DATE-007", SeverityError},
	{"R-CODE-001", SeverityError}, {"R-CODE-002", SeverityWarning},
	{"R-LUONG-001", SeverityError}, {"R-LUONG-002", SeverityError},
	{"R-TXT-001", SeverityWarning}, {"R-TXT-002", SeverityError},
	{"R-SK-001", SeverityError}, {"R-PC-001", SeverityError}, {"R-DC-001", SeverityError}, {"R-DG-001", SeverityError}, {"R-KIND-001", SeverityError},
	{"R-BD-001", SeverityError}, {"R-BD-002", SeverityError}, {"R-BD-003", SeverityError}, {"R-BD-004", SeverityWarning},
	{"R-BD-005", SeverityError}, {"R-BD-006", SeverityError},
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

// beyondSpec are the codes the catalogue has that no spec file names, each
// added where a fault had no code that fitted.
var beyondSpec = map[string]bool{
	RuleValue: true, // a value of the right shape that is no value of its type (nothing lost)
	// Format 2.0's specification, §7.1: digits 1-3 of a personal ID that
	// are no province code are "a CANH_BAO naming both readings" (province or
	// country), which needed a code of its own beside R-ID-002.
	RulePersonalIDBirthplace: true,
	// §7.5 asks for one CANH_BAO on a 1.0 packet and names no code.
	RuleHeaderSuperseded: true,
	// §7.2 asks for rules of "dates in order", "plausible ranges — e.g.
	// height 100-230 cm, a declaration year not before the recruitment
	// year" for the members of the ten groups and names no codes.
	RuleDateService: true, RuleHealthRange: true, RuleAllowanceAmount: true,
	RuleSecondment: true, RuleGradeYear: true, RulePersonKind: true,
	// The change kinds of 2.0 (changekind.go, our reading) need a change to
	// agree with its kind and with the item it adds; no spec file names
	// codes for either.
	RuleChangeKindMember: true, RuleChangeKindItem: true,
}

// specFile returns the file of the format specification whose title
// starts with title, from the directory named by CBCCVC_SPEC_DIR (the
// specification is not part of the repository, and the rule catalogue,
// docs/rules.md, is what users read), or skips the test.
func specFile(t *testing.T, title string) string {
	t.Helper()
	dir := os.Getenv("CBCCVC_SPEC_DIR")
	if dir == "" {
		t.Skip("CBCCVC_SPEC_DIR is not set: no format specification to compare the catalogue with")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(b), title) {
			return string(b)
		}
	}
	t.Fatalf("no file of %s has the title %q", dir, title)
	return ""
}

// The catalogue has the codes of the spec's §5.2 table, in its order and
// with its severities, and those that a later spec file adds (07: "Rule
// `R-BD-004` (`CANH_BAO`)") after the codes of their family.
func TestRulesMatchSpecFile(t *testing.T) {
	_, table, ok := strings.Cut(specFile(t, "# 5. Code lists"), "## 5.2")
	if !ok {
		t.Fatal("no §5.2 in the spec")
	}
	row := regexp.MustCompile(`(?m)^\| (R-[A-Z]+-\d{3}) \| (LOI|CANH_BAO) \|`)
	want := map[string]string{}
	var order []string
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		want[m[1]] = m[2]
		order = append(order, m[1])
	}
	named := regexp.MustCompile("Rule `(R-[A-Z]+-\\d{3})` \\(`(LOI|CANH_BAO)`\\)")
	for _, m := range named.FindAllStringSubmatch(specFile(t, "# 07 — Format 2.0"), -1) {
		if _, ok := want[m[1]]; !ok {
			want[m[1]] = m[2]
		}
	}
	var got []string
	for _, r := range Rules() {
		switch sev, ok := want[r.Code]; {
		case ok && sev != string(r.Severity):
			t.Errorf("%s: severity %s, the spec says %s", r.Code, r.Severity, sev)
		case !ok && !beyondSpec[r.Code]:
			t.Errorf("%s is in no spec file and not among the codes added beyond it", r.Code)
		}
		delete(want, r.Code)
		got = append(got, r.Code)
	}
	for c := range want {
		t.Errorf("the spec's %s is not in the catalogue", c)
	}
	// The §5.2 codes keep the spec's order among themselves.
	var inOrder []string
	for _, c := range got {
		if slices.Contains(order, c) {
			inOrder = append(inOrder, c)
		}
	}
	if diff := cmp.Diff(order, inOrder); diff != "" {
		t.Errorf("catalogue order differs from §5.2 (-spec +code):\n%s", diff)
	}
}
