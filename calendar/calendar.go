package calendar

import (
	_ "embed"
	"sync"
	"time"
)

// UpdateWorkingDays is the number of working days within which an employing
// agency must update the national database after a change (Decree
// 27/2026/NĐ-CP).
const UpdateWorkingDays = 3

// The years this package can compute. Outside them a Calendar knows the
// weekends only.
const (
	MinYear = 1970
	MaxYear = 2199
)

// Vietnam is Viet Nam's time zone, UTC+7, in which the days of the calendar
// are counted.
var Vietnam = time.FixedZone("ICT", 7*60*60)

// Calendar says which days are working days in the state sector of Viet
// Nam: Monday to Friday, less the public holidays and the days off a
// government decision swaps for a weekend day, plus the weekend days worked
// in exchange. Years with official data (embedded, or loaded from a file)
// follow it; other years are computed by the rules of the Labour Code (see
// the package documentation) and marked as computed. A Calendar is
// immutable and safe for concurrent use.
type Calendar struct {
	name, version, source string
	years                 map[int]*Year // the official years

	mu       sync.Mutex
	computed map[int]*Year // computed years, made on first use
}

//go:embed data/LichLamViec.json
var embedded []byte

// embeddedFile is the name errors give the embedded file.
const embeddedFile = "data/LichLamViec.json"

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := parse(embedded)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.File = embeddedFile
		}
		panic(err) // the tests guarantee the embedded data is sound
	}
	return c
})

// Default returns the calendar embedded in this package: the official
// schedules of the years listed in the package documentation, the other
// years computed.
func Default() *Calendar { return defaultCalendar() }

// Version is the version (phienBan) of the calendar's data.
func (c *Calendar) Version() string { return c.version }

// Source says where the calendar's data comes from (nguon).
func (c *Calendar) Source() string { return c.source }

// OfficialYears returns the years with official data, in order.
func (c *Calendar) OfficialYears() []int {
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	sortInts(ys)
	return ys
}

// With returns a calendar whose years are those of c, replaced and added to
// by the official years of o. Its version and source are o's.
func (c *Calendar) With(o *Calendar) *Calendar {
	n := &Calendar{name: o.name, version: o.version, source: o.source, years: make(map[int]*Year, len(c.years)+len(o.years))}
	for y, v := range c.years {
		n.years[y] = v
	}
	for y, v := range o.years {
		n.years[y] = v
	}
	return n
}

// Year returns the schedule of year y: official if the calendar has data for
// it, else computed. It fails with ErrYearRange outside MinYear..MaxYear.
func (c *Calendar) Year(y int) (Year, error) {
	yr := c.year(y)
	if yr == nil {
		return Year{}, yearRangeError(y)
	}
	return yr.clone(), nil
}

// year returns the schedule of year y, or nil outside the years this
// package can compute and the official ones.
func (c *Calendar) year(y int) *Year {
	if yr, ok := c.years[y]; ok {
		return yr
	}
	if y < MinYear || y > MaxYear {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if yr, ok := c.computed[y]; ok {
		return yr
	}
	if c.computed == nil {
		c.computed = map[int]*Year{}
	}
	yr := computeYear(y)
	c.computed[y] = yr
	return yr
}

// IsWorkingDay reports whether the date of t (its year, month and day in
// t's own location) is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	y, m, d := t.Date()
	return c.isWorkingDay(y, m, d)
}

func (c *Calendar) isWorkingDay(y int, m time.Month, d int) bool {
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	weekend := isWeekend(date.Weekday())
	yr := c.year(y)
	if yr == nil {
		return !weekend
	}
	k, ok := yr.kinds[date.YearDay()]
	if !ok {
		return !weekend
	}
	return k == KindSwappedWork
}

func isWeekend(w time.Weekday) bool { return w == time.Saturday || w == time.Sunday }

// official reports whether year y's schedule is official data.
func (c *Calendar) official(y int) bool {
	_, ok := c.years[y]
	return ok
}

// AddWorkingDays returns the day n working days after the date of t (before
// it when n is negative), at midnight in t's location. The date of t itself
// is not counted, whether or not it is a working day: AddWorkingDays of a
// Friday and 1 is the next Monday when that is a working day, and so is
// AddWorkingDays of the Saturday. n = 0 returns the date of t.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		date = date.AddDate(0, 0, step)
		if c.isWorkingDay(date.Date()) {
			n--
		}
	}
	y, m, d = date.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Deadline is the last day for updating the national database about a
// change (Decree 27/2026/NĐ-CP): UpdateWorkingDays working days after the
// day the change arose.
type Deadline struct {
	Arose time.Time // the day the change arose, at midnight in Vietnam
	Due   time.Time // the last day of the duty, at midnight in Vietnam
	// Official is true when every day from Arose to Due lies in a year
	// with official data; false when a computed year took part, so that a
	// report can say the deadline is the SDK's reckoning.
	Official bool
}

// Deadline returns the deadline of a change that arose on the date of
// arose (its year, month and day in its own location).
func (c *Calendar) Deadline(arose time.Time) Deadline {
	y, m, d := arose.Date()
	a := time.Date(y, m, d, 0, 0, 0, 0, Vietnam)
	due := c.AddWorkingDays(a, UpdateWorkingDays)
	official := true
	for yr := a.Year(); yr <= due.Year(); yr++ {
		official = official && c.official(yr)
	}
	return Deadline{Arose: a, Due: due, Official: official}
}

// Late reports whether a packet made at made (an instant, taken in Vietnam
// time) comes after the deadline's last day.
func (dl Deadline) Late(made time.Time) bool {
	y, m, d := made.In(Vietnam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Vietnam).After(dl.Due)
}

// IsWorkingDay reports whether the date of t is a working day by the
// Default calendar.
func IsWorkingDay(t time.Time) bool { return Default().IsWorkingDay(t) }

// AddWorkingDays is Default().AddWorkingDays.
func AddWorkingDays(t time.Time, n int) time.Time { return Default().AddWorkingDays(t, n) }

// DeadlineOf is Default().Deadline.
func DeadlineOf(arose time.Time) Deadline { return Default().Deadline(arose) }
