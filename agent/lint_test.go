package agent_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// lintDir pins the OpenAPI linter, @redocly/cli, with its package-lock.json
// (node_modules: npm ci there; .ci/run does it).
const lintDir = "testdata/lint"

// The contract is a valid OpenAPI 3.1 document by the linter a vendor
// outside Go would run on it, with its recommended rules.
func TestContractLint(t *testing.T) {
	bin := filepath.Join(lintDir, "node_modules", ".bin", "redocly")
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("@redocly/cli not installed: the contract is not linted (npm ci --prefix agent/%s; .ci/run does it)", lintDir)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found: the contract is not linted (.ci/run installs Node.js)")
	}
	cmd := exec.Command(bin, "lint", "--format=stylish", "openapi.json")
	// No telemetry, no update check: the test reaches nothing outside.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint: %v\n%s", err, out)
	}
	// A warning of the contract fails too; the box the linter draws about
	// the version of Node.js is not the contract's.
	for line := range bytes.Lines(out) {
		if bytes.Contains(bytes.ToLower(line), []byte("warning")) && !bytes.ContainsAny(line, "║╔╚") {
			t.Fatalf("redocly lint warns:\n%s", out)
		}
	}
	t.Logf("%s", out)
}
