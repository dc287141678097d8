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
		day  time.Time
		want string // what differs from one day to the other
	}{
		{time.Date(2026, 11, 26, 10, 0, 0, 0, ict), "unit 000.00.06.H29: 4 profiles"},
		{time.Date(2031, 2, 28, 9, 0, 0, 0, ict), "unit 000.00.06.H29: 1 profiles"},
	} {
		t.Run(tc.day.Format(time.DateOnly), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out strings.Builder
			if err := run(ctx, &out, ndxptest.ClockFrom(tc.day)); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, want := range []string{
				"page of 10 profiles, signed by 000.00.00.G09",
				"30 profiles in all",
				"national profile ID H29",
				"001099000001: ndxp: profile: 404 Not Found",
				tc.want,
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
