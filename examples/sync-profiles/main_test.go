package main

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

// TestRun runs the example on two fixed days and checks what it prints.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, []string{
		"first run, stopped:",
		"second run: 4 packets answered",
		"1995 accepted, 0 with warnings, 5 refused",
		"input record 400 (",
		"R-LUONG-002",
		"4 packets processed",
		"1995 profiles stored",
	})
}
