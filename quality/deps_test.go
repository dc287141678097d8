package quality_test

import (
	"os/exec"
	"strings"
	"testing"
)

// A report does not link the sync engine, its SQL drivers nor the NDXP
// client: quality.Store is an interface of its own, which hrsync.Store
// satisfies.
func TestNoSyncEngineLinked(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to list the dependencies with: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for dep := range strings.FieldsSeq(string(out)) {
		switch {
		case strings.HasSuffix(dep, "/hrsync"), strings.HasSuffix(dep, "/ndxp"),
			strings.HasPrefix(dep, "modernc.org/sqlite"), strings.HasPrefix(dep, "github.com/jackc/pgx"):
			t.Errorf("quality links %s; find who imports it with: go list -deps -f '{{.ImportPath}}: {{.Imports}}' . | grep %s", dep, dep)
		}
	}
}
