package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
)

// TestRun runs the example on two fixed days, each with what it must print
// that day: the outcome never depends on the day the test runs.
func TestRun(t *testing.T) {
	for _, tc := range []struct {
		day time.Time
	}{
		{time.Date(2026, 11, 26, 10, 0, 0, 0, ict)},
		{time.Date(2031, 2, 28, 9, 0, 0, 0, ict)},
	} {
		t.Run(tc.day.Format(time.DateOnly), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var out strings.Builder
			if err := run(ctx, &out, ndxptest.ClockFrom(tc.day)); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, want := range []string{
				"first run, stopped:",
				"second run: 4 packets answered",
				"1995 accepted, 0 with warnings, 5 refused",
				"input record 400 (",
				"R-LUONG-002",
				"4 packets processed",
				"1995 profiles stored",
			} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// ict is Vietnam's time.
var ict = time.FixedZone("ICT", 7*3600)
