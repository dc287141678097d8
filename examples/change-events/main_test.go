package main

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

// TestRun runs the example on two fixed days and checks what it prints.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, []string{
		"3 profiles synchronised",
		"change 0, ",
		": THANH_CONG",
		"change 2, CAP_NHAT of ",
		": LOI\n  R-BD-003 /DuLieu/2/ThayDoi/0/GiaTriCu",
		"national copy of ",
	})
}
