// Package exampletest runs an example program on fixed days and checks what
// it prints, so that no example's test depends on the day it runs.
//
//	func TestRun(t *testing.T) {
//		exampletest.Check(t, run, []string{"3 profiles synchronised"})
//	}
package exampletest

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
)

// ict is Vietnam's time.
var ict = time.FixedZone("ICT", 7*3600)

// Days are the days every example runs on: one near the time of writing
// and one years later, each a clock that starts then and keeps running.
var Days = [2]time.Time{
	time.Date(2026, 11, 26, 10, 0, 0, 0, ict),
	time.Date(2031, 2, 28, 9, 0, 0, 0, ict),
}

// Run is an example's run function: it does the example's work at the
// clock now and writes its account to w.
type Run func(ctx context.Context, w io.Writer, now func() time.Time) error

// Check runs run on each of Days, in a subtest named by the date, and
// checks that what it prints holds every line of always and, where given,
// of onDay[i] on Days[i]: the lines that differ from one day to the other.
func Check(t *testing.T, run Run, always []string, onDay ...[]string) {
	t.Helper()
	for i, day := range Days {
		want := always
		if i < len(onDay) {
			want = append(want[:len(want):len(want)], onDay[i]...)
		}
		t.Run(day.Format(time.DateOnly), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			var out strings.Builder
			if err := run(ctx, &out, ndxptest.ClockFrom(day)); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, w := range want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
