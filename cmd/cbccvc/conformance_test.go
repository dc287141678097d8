package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cbccvc/cbccvc-go/conformance"
)

// The cbccvc binary, built once for the tests that hand it to the
// conformance runner as an external program; TestMain removes it.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func cbccvcBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			binErr = err
			return
		}
		if binDir, binErr = os.MkdirTemp("", "cbccvc-test-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "cbccvc")
		out, err := exec.Command(goTool, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Skipf("cannot build cbccvc: %v", binErr)
	}
	return binPath
}

var summary = regexp.MustCompile(`(?m)^cbccvc-conformance \S+: (\d+) vectors, (\d+) passed, (\d+) failed`)

func TestConformanceSDK(t *testing.T) {
	code, out, errOut := runCLI(t, "conformance", "run")
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s\n%s", code, errOut, out)
	}
	m := summary.FindStringSubmatch(out)
	if m == nil || m[1] != m[2] || m[3] != "0" {
		t.Errorf("summary: %q", m)
	}
	k, err := conformance.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if m != nil && m[1] != strconv.Itoa(len(k.Manifest.Vectors)) {
		t.Errorf("%s vectors run, the kit has %d", m[1], len(k.Manifest.Vectors))
	}
	if !strings.Contains(out, "PASS  R-FMT-002.json\n") || !strings.Contains(out, "PASS  R-SIG-005-two-signatures.xml\n") {
		t.Errorf("no PASS line per vector:\n%s", out)
	}
}

// TestConformanceExternal runs the kit through the cbccvc binary as an
// external validator and verifier: the output of `validate --json` and
// `verify --json` is the contract.
func TestConformanceExternal(t *testing.T) {
	bin := cbccvcBinary(t)
	code, out, errOut := runCLI(t, "conformance", "run",
		"--validator", bin+" validate --json {}", "--verifier", bin+" verify --json --roots {roots} {}",
		"--migrator", bin+" migrate --json -o {out} {}")
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s\n%s", code, errOut, out)
	}
	if !strings.Contains(out, "PASS  migrate-signed-CHIASE_HOSO.json\n") || !strings.Contains(out, "PASS  migrate-change-of-profile-id-only.xml\n") {
		t.Errorf("the migrate vectors did not run:\n%s", out)
	}
	if m := summary.FindStringSubmatch(out); m == nil || m[2] == "0" || m[3] != "0" || !strings.Contains(out, "skipped (no command for kind apply)") {
		t.Errorf("summary: %s", out[strings.LastIndex(out[:len(out)-1], "\n")+1:])
	}
}

// TestConformanceWrongValidator gives the runner validators and verifiers
// that are wrong on purpose: it fails, naming each vector they get wrong.
func TestConformanceWrongValidator(t *testing.T) {
	bin := cbccvcBinary(t)
	// Ignores duplicate keys: only the duplicate-member vectors fail.
	code, out, errOut := runCLI(t, "conformance", "run",
		"--validator", "CBCCVC="+bin+" sh testdata/conformance/ignores-duplicate-keys.sh {}")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d; stderr: %s", code, exitInvalid, errOut)
	}
	var fails []string
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "FAIL") {
			fails = append(fails, line)
		}
	}
	var want []string
	for _, id := range []string{"R-FMT-002.json", "R-FMT-002.xml", "R-FMT-002-second-header.json", "R-FMT-002-second-header.xml"} {
		want = append(want, "FAIL  "+id+": expected invalid [R-FMT-002], got valid []; missing R-FMT-002\n")
	}
	if !slices.Equal(fails, want) {
		t.Errorf("FAIL lines %q, want %q", fails, want)
	}
	if m := summary.FindStringSubmatch(out); m == nil || m[3] != strconv.Itoa(len(want)) {
		t.Errorf("summary: %q", m)
	}

	// The same with --json: the failing vector's line has what it got.
	code, out, _ = runCLI(t, "conformance", "run", "--json", "--run", `^R-FMT-00[12]\.json$`,
		"--validator", "CBCCVC="+bin+" sh testdata/conformance/ignores-duplicate-keys.sh {}")
	if code != exitInvalid {
		t.Errorf("--json: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("--json: %d lines, want 2:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var r struct {
			ID       string
			Status   string
			Expected conformance.Expected
			Got      *conformance.Expected
			Detail   string
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		switch r.ID {
		case "R-FMT-001.json":
			if r.Status != "PASS" || r.Got == nil || *r.Got.Valid {
				t.Errorf("%s", l)
			}
		case "R-FMT-002.json":
			if r.Status != "FAIL" || r.Got == nil || !*r.Got.Valid || len(r.Got.Rules) != 0 || !strings.Contains(r.Detail, "missing R-FMT-002") {
				t.Errorf("%s", l)
			}
		default:
			t.Errorf("unexpected vector: %s", l)
		}
	}

	// A verifier that verifies everything fails each bad signature.
	code, out, _ = runCLI(t, "conformance", "run", "--run", "^R-SIG-003-", "--verifier", `echo '{"verified":true}'`)
	if code != exitInvalid || !strings.Contains(out, "FAIL  R-SIG-003-expired.json: expected not verified R-SIG-003 (expired), got verified\n") ||
		strings.Contains(out, "PASS") {
		t.Errorf("always verified: exit %d\n%s", code, out)
	}
}

func TestConformanceListExtract(t *testing.T) {
	code, out, _ := runCLI(t, "conformance", "list")
	if code != exitOK || !strings.Contains(out, "R-FMT-002.json") || !strings.Contains(out, "invalid [R-FMT-002]") {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	if code, _, errOut := runCLI(t, "conformance", "extract", "--out", dir); code != exitOK {
		t.Fatalf("extract: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	// An unpacked kit, edited: the run follows the files on disk.
	b, err := os.ReadFile(filepath.Join(dir, "validate", "valid-HOSO.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "validate", "valid-HOSO.json"), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, "conformance", "run", "--dir", dir, "--run", `^valid-HOSO\.`)
	if code != exitInvalid || !strings.Contains(out, "PASS  valid-HOSO.xml\n") ||
		!strings.Contains(out, "FAIL  valid-HOSO.json: expected valid [], got invalid [R-FMT-001]; unexpected R-FMT-001\n") {
		t.Errorf("run --dir: exit %d\n%s", code, out)
	}
}

func TestConformanceUsage(t *testing.T) {
	for _, args := range [][]string{
		{"conformance"},
		{"conformance", "nope"},
		{"conformance", "run", "extra"},
		{"conformance", "run", "--run", "("},
		{"conformance", "run", "--run", "no-such-vector"},
		{"conformance", "run", "--dir", filepath.Join(t.TempDir(), "none")},
		{"conformance", "run", "--out", t.TempDir()},
		{"conformance", "extract"},
		{"conformance", "run", "--bogus"},
	} {
		if code, _, errOut := runCLI(t, args...); code != exitUsage || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want %d and a message", args, code, errOut, exitUsage)
		}
	}
	if code, out, _ := runCLI(t, "conformance", "-h"); code != exitOK || !strings.Contains(out, "{profiles}") {
		t.Errorf("-h: exit %d\n%s", code, out)
	}
}
