//go:build nofastbind

package packet

// Without the generated binders (built with -tags nofastbind, to write
// them again when the model has changed so that the stale ones no longer
// compile: go test -tags nofastbind ./packet -run TestFastGenerated
// -update-fastbind), every record takes the exact path.

func fastRoot(string, int) func(*fastBinder, Record) (Record, bool) { return nil }

type fastScratch struct{}
