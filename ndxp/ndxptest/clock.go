package ndxptest

import (
	"fmt"
	"os"
	"time"
)

// NowEnv names an environment variable that moves the clock of every
// sandbox NewServer and Start make without Config.Now: an RFC 3339 time, or a
// day (2006-01-02, at 09:00 in Vietnam), from which the clock runs on. Run
// a test suite under two values of it to find the tests whose outcome
// depends on the day they run: such a test must give its sandbox a clock
// (Config.Now) and make its data at that clock's time.
//
//	CBCCVC_SANDBOX_NOW=2031-02-28 go test ./...
//
// New, and so `cbccvc sandbox`, does not read it: it moves the tests'
// sandboxes, not a program's.
const NowEnv = "CBCCVC_SANDBOX_NOW"

// ClockFrom returns a clock that reads t now and then runs with the wall
// clock: a fixed day for a test, with time still passing for deadlines,
// token lifetimes and the order of events.
func ClockFrom(t time.Time) func() time.Time {
	start := time.Now()
	return func() time.Time { return t.Add(time.Since(start)) }
}

// envClock returns the clock NowEnv sets, or nil.
func envClock() (func() time.Time, error) {
	v := os.Getenv(NowEnv)
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		var derr error
		if t, derr = time.ParseInLocation(time.DateOnly, v, ict); derr != nil {
			return nil, fmt.Errorf("ndxptest: %s=%q is not an RFC 3339 time or a day: %w", NowEnv, v, err)
		}
		t = t.Add(9 * time.Hour)
	}
	return ClockFrom(t), nil
}
