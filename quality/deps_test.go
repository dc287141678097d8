package quality

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The report does not link the sync engine (and its SQL drivers) nor the
// NDXP client: a Store is an interface of this package, which
// hrsync.Store satisfies.
func TestImportsNoSyncEngine(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if strings.HasSuffix(path, "/hrsync") || strings.HasSuffix(path, "/ndxp") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
