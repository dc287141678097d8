package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestNoTestingLinked: the binary does not link the testing package, which
// registers its flags and brings its machinery into a program; the sandbox
// and the test PKI it serves take an interface of their own instead.
func TestNoTestingLinked(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to list the dependencies with: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/cbccvc/cbccvc-go/ndxp/ndxptest") {
		t.Fatalf("go list -deps did not list the sandbox: %q…", deps[:min(len(deps), 5)])
	}
	if slices.Contains(deps, "testing") {
		t.Error("cbccvc links the testing package; find who imports it with: go list -deps -f '{{.ImportPath}}: {{.Imports}}' . | grep -w testing")
	}
}
