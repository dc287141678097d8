package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

func embeddedKit(t *testing.T) *Kit {
	t.Helper()
	k, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// runSDK runs every vector of k through the SDK and reports each that does
// not have its expected outcome; it returns whether any failed.
func runSDK(t *testing.T, k *Kit) bool {
	t.Helper()
	r, err := SDK(k)
	if err != nil {
		t.Fatal(err)
	}
	failed := false
	for _, res := range r.Run(context.Background(), k, nil) {
		if res.Status != Pass {
			failed = true
			t.Errorf("%s %s: %s", res.Status, res.Vector.ID, res.Detail)
		}
	}
	return failed
}

// TestSDK runs every vector through the SDK itself.
func TestSDK(t *testing.T) {
	runSDK(t, embeddedKit(t))
}

// TestSignedPacketsValid checks that the packets of the good signatures
// are valid: a verify vector fails for its signature only.
func TestSignedPacketsValid(t *testing.T) {
	k := embeddedKit(t)
	v, err := packet.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	for _, vec := range k.Manifest.Vectors {
		if vec.Kind != KindVerify || !*vec.Expected.Verified {
			continue
		}
		t.Run(vec.ID, func(t *testing.T) {
			got, err := SDKValidator{v}.Run(context.Background(), k, vec)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Valid || len(got.Rules) != 0 {
				t.Errorf("%+v", got)
			}
		})
	}
}

// TestCoverage checks that every rule of the catalogue, as the code has
// it, is the expected outcome of at least one vector, and that each rule
// a rule vector is named after is the only one it expects.
func TestCoverage(t *testing.T) {
	k := embeddedKit(t)
	covered := k.Manifest.Covered()
	for _, r := range packet.Rules() {
		if !slices.Contains(covered, r.Code) {
			t.Errorf("rule %s (%s) has no vector", r.Code, r.DescriptionEN)
		}
	}
	for _, code := range covered {
		if _, ok := packet.LookupRule(code); !ok {
			t.Errorf("a vector expects %s, which is not in the catalogue", code)
		}
	}
	formats := map[string][]string{}
	for _, v := range k.Manifest.Vectors {
		if !strings.HasPrefix(v.ID, "R-") {
			continue
		}
		code := strings.Join(strings.SplitN(v.ID, "-", 4)[:3], "-")
		code = strings.TrimSuffix(code, "."+v.Format)
		got := v.Expected.Rules
		if v.Kind == KindVerify {
			got = []string{v.Expected.Rule}
		}
		// A vector of format 1.0 has its R-HDR-006 warning besides.
		v1 := slices.Equal(got, []string{packet.RuleHeaderSuperseded, code})
		if !slices.Equal(got, []string{code}) && !v1 {
			t.Errorf("%s expects %v, not only %s", v.ID, got, code)
		}
		formats[code] = append(formats[code], v.Format)
	}
	// A rule about one format's syntax has vectors in that format only;
	// every other rule (a member twice among them) in both.
	oneFormat := map[string]string{packet.RuleFormatXMLDirective: "xml", packet.RuleSignatureWrapping: "xml"}
	for code, fs := range formats {
		want := []string{"json", "xml"}
		if f, ok := oneFormat[code]; ok {
			want = []string{f}
		}
		slices.Sort(fs)
		if fs = slices.Compact(fs); !slices.Equal(fs, want) {
			t.Errorf("%s has vectors in %v, want %v", code, fs, want)
		}
	}
	for _, c := range Classes() {
		if !slices.ContainsFunc(k.Manifest.Vectors, func(v Vector) bool { return v.Expected.Class == c }) {
			t.Errorf("failure class %s has no vector", c)
		}
	}
}

// TestValidKinds checks that the kit has a valid packet of every kind, in
// both formats, and good signatures.
func TestValidKinds(t *testing.T) {
	k := embeddedKit(t)
	for _, kind := range packet.Kinds() {
		for _, f := range []string{"json", "xml"} {
			id := "valid-" + string(kind) + "." + f
			if !slices.ContainsFunc(k.Manifest.Vectors, func(v Vector) bool { return v.ID == id && *v.Expected.Valid }) {
				t.Errorf("no valid vector %s", id)
			}
			id = "good-" + string(kind) + "." + f
			if !slices.ContainsFunc(k.Manifest.Vectors, func(v Vector) bool { return v.ID == id && *v.Expected.Verified }) {
				t.Errorf("no good signature %s", id)
			}
		}
	}
}

// TestPKILifetime checks that the kit's signed vectors have years left,
// so that a release is not made with a PKI about to expire.
func TestPKILifetime(t *testing.T) {
	k := embeddedKit(t)
	if left := time.Until(k.Manifest.PKI.NotAfter); left < 5*365*24*time.Hour {
		t.Errorf("the kit's PKI expires on %s: regenerate it", k.Manifest.PKI.NotAfter)
	}
}

func TestExtract(t *testing.T) {
	k := embeddedKit(t)
	dir := t.TempDir()
	if err := k.Extract(dir); err != nil {
		t.Fatal(err)
	}
	on, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(k.Manifest, on.Manifest); d != "" {
		t.Errorf("extracted manifest differs:\n%s", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "kit.go")); err == nil {
		t.Error("Extract wrote the package's Go files")
	}
	// The kit's own directory, with its Go files and testdata, extracts
	// to the same files.
	src, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	dir2 := t.TempDir()
	if err := src.Extract(dir2); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kit.go", "testdata"} {
		if _, err := os.Stat(filepath.Join(dir2, name)); err == nil {
			t.Errorf("Extract of the directory wrote %s", name)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	for name, manifest := range map[string]string{
		"not JSON":                    `{`,
		"missing file":                `{"vectors":[{"id":"a","kind":"validate","format":"json","file":"validate/none.json","expected":{"valid":true}}]}`,
		"repeated id":                 `{"vectors":[{"id":"a","kind":"validate","format":"json","file":"README.md","expected":{"valid":true}},{"id":"a","kind":"validate","format":"json","file":"README.md","expected":{"valid":true}}]}`,
		"unknown kind":                `{"vectors":[{"id":"a","kind":"sign","format":"json","file":"README.md","expected":{"valid":true}}]}`,
		"verify no rule":              `{"vectors":[{"id":"a","kind":"verify","format":"json","file":"README.md","expected":{"verified":false}}]}`,
		"bad path":                    `{"vectors":[{"id":"a","kind":"validate","format":"json","file":"../x","expected":{"valid":true}}]}`,
		"migrate, no packet expected": `{"vectors":[{"id":"a","kind":"migrate","format":"json","file":"README.md","expected":{"migrated":true}}]}`,
		"migrate, no outcome":         `{"vectors":[{"id":"a","kind":"migrate","format":"json","file":"README.md","migrated":"README.md","expected":{"valid":true}}]}`,
		"migrate, missing packet":     `{"vectors":[{"id":"a","kind":"migrate","format":"json","file":"README.md","migrated":"migrate/none.json","expected":{"migrated":true}}]}`,
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "README.md"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(dir, ManifestFile), []byte(manifest), 0o644)
		if _, err := Open(dir); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// extracted returns the embedded kit unpacked in a temporary directory.
func extracted(t *testing.T) *Kit {
	t.Helper()
	dir := t.TempDir()
	if err := embeddedKit(t).Extract(dir); err != nil {
		t.Fatal(err)
	}
	k, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestCommand runs vectors through external commands that are wrong on
// purpose, and checks that the runner names the vectors they get wrong.
func TestCommand(t *testing.T) {
	k := extracted(t)
	validateOnly := func(v Vector) bool { return v.Kind == KindValidate }
	r := &Runner{Validate: Command{Template: `printf '%s\n' 'some log line' '{"file":"x","valid":true,"findings":[]}'`}}
	for _, res := range r.Run(context.Background(), k, validateOnly) {
		wantPass := *res.Vector.Expected.Valid && len(res.Vector.Expected.Rules) == 0
		if (res.Status == Pass) != wantPass {
			t.Errorf("always valid: %s %s %s", res.Status, res.Vector.ID, res.Detail)
		}
		if res.Vector.ID == "R-FMT-002.json" && res.Detail != "expected invalid [R-FMT-002], got valid []; missing R-FMT-002" {
			t.Errorf("detail: %s", res.Detail)
		}
	}
	// The file substituted for {} is the vector's, quoted.
	r = &Runner{Validate: Command{Template: `test -f {} && echo '{"valid":false,"findings":[{"MaLoi":"R-FMT-002"}]}'`}}
	for _, res := range r.Run(context.Background(), k, func(v Vector) bool { return v.ID == "R-FMT-002.json" }) {
		if res.Status != Pass {
			t.Errorf("%s: %s", res.Vector.ID, res.Detail)
		}
	}
	for tmpl, want := range map[string]string{
		`echo nothing`:                              "no JSON object on standard output",
		`echo oops >&2; exit 3`:                     "exit status 3: oops",
		`echo '{"file":"x","error":"cannot read"}'`: "the program says: cannot read",
		`echo '{"file":"x"}'`:                       `output without "valid"`,
	} {
		r := &Runner{Validate: Command{Template: tmpl}}
		res := r.Run(context.Background(), k, func(v Vector) bool { return v.ID == "valid-HOSO.json" })
		if len(res) != 1 || res[0].Status != Fail || !strings.Contains(res[0].Detail, want) {
			t.Errorf("%s: %+v, want a failure saying %q", tmpl, res, want)
		}
	}
	// A verifier that verifies everything fails every bad signature; one
	// that reports only the SDK's message gets its class from it.
	r = &Runner{Verify: Command{Template: `echo '{"verified":true}'`}}
	for _, res := range r.Run(context.Background(), k, nil) {
		switch {
		case res.Vector.Kind != KindVerify:
			if res.Status != Skip {
				t.Errorf("%s: %s, want SKIP", res.Vector.ID, res.Status)
			}
		case (res.Status == Pass) != *res.Vector.Expected.Verified:
			t.Errorf("always verified: %s %s", res.Status, res.Vector.ID)
		}
	}
	msg := fmt.Sprintf(`echo '{"verified":false,"error":"signing: %s: at 2026"}'`, signing.ErrExpired)
	r = &Runner{Verify: Command{Template: msg}}
	for _, res := range r.Run(context.Background(), k, func(v Vector) bool { return v.Kind == KindVerify }) {
		wantPass := res.Vector.Expected.Class == "expired"
		if (res.Status == Pass) != wantPass {
			t.Errorf("always expired: %s %s %s", res.Status, res.Vector.ID, res.Detail)
		}
	}
	r = &Runner{Verify: Command{Template: `echo '{"verified":false,"error":"no"}'`}}
	res := r.Run(context.Background(), k, func(v Vector) bool { return v.ID == "R-SIG-003-expired.json" })
	if res[0].Status != Fail || !strings.Contains(res[0].Detail, `print "rule"`) {
		t.Errorf("a failure without a class: %+v", res[0])
	}
	r = &Runner{Verify: Command{Template: `echo '{"verified":false,"rule":"R-SIG-003"}'`}}
	res = r.Run(context.Background(), k, func(v Vector) bool { return v.ID == "R-SIG-003-expired.json" })
	if res[0].Status != Pass {
		t.Errorf("a failure with only its rule: %+v", res[0])
	}
	// A kit that is not on disk cannot go to a command.
	r = &Runner{Validate: Command{Template: "true"}}
	res = r.Run(context.Background(), embeddedKit(t), func(v Vector) bool { return v.ID == "valid-HOSO.json" })
	if res[0].Status != Fail || !strings.Contains(res[0].Detail, "not on disk") {
		t.Errorf("embedded kit to a command: %+v", res[0])
	}
}

func TestClassOf(t *testing.T) {
	for _, c := range classes {
		err := fmt.Errorf("x: %w", c.err)
		if got := ClassOf(err); got != c.name {
			t.Errorf("ClassOf(%v) = %q, want %q", err, got, c.name)
		}
		if got := signing.Rule(err); got != c.rule {
			t.Errorf("%s: signing.Rule %s, ClassRule %s", c.name, got, c.rule)
		}
		if got := classOfText(err.Error()); got != c.name {
			t.Errorf("classOfText(%q) = %q", err, got)
		}
	}
	if ClassOf(errors.New("other")) != "" || ClassRule("nothing") != "" {
		t.Error("an unknown error has a class")
	}
}

func TestShellQuote(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "it's a $file")
	if err := os.WriteFile(name, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", "cat "+shellQuote(name)).Output()
	if err != nil || string(out) != "x" {
		t.Errorf("cat %s: %q, %v", shellQuote(name), out, err)
	}
}
