package main

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

// TestRun runs the example on two fixed days, each with what it must print
// that day: the outcome never depends on the day the test runs.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, []string{
		"page of 10 profiles, signed by 000.00.00.G09",
		"30 profiles in all",
		": managed by 000.00.",
		"with consent 15/2026/GĐY: 1 profile, kept",
		"001099000001: ndxp: profile: 404 Not Found",
	},
		[]string{"unit 000.00.06.H29: 4 profiles"},
		[]string{"unit 000.00.06.H29: 1 profiles"},
	)
}
