package main

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

// TestRun runs the example on two fixed days, each with what it must print
// that day: the outcome never depends on the day the test runs.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, []string{
		"not found: check the personal ID",
		": ours ",
	},
		[]string{"4 pages, every signature verified: 58 KHOP, 18 SAI_KHAC, 4 KHONG_TIM_THAY"},
		[]string{"4 pages, every signature verified: 59 KHOP, 15 SAI_KHAC, 6 KHONG_TIM_THAY"},
	)
}
