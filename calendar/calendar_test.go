package calendar

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, Vietnam)
	if err != nil {
		panic(err)
	}
	return t
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name string
		date string
		want bool
	}{
		{"Tết 2025: 28 tháng Chạp", "2025-01-27", false},
		{"Tết 2025: mùng 3", "2025-01-31", false},
		{"Tết 2025: weekend after", "2025-02-02", false},
		{"after Tết 2025", "2025-02-03", true},
		{"before Tết 2025", "2025-01-24", true},
		{"Tết 2026: 29 tháng Chạp", "2026-02-16", false},
		{"Tết 2026: mùng 4", "2026-02-20", false},
		{"after Tết 2026", "2026-02-23", true},
		{"before Tết 2026", "2026-02-13", true},
		{"Sat 26/4/2025 worked for 2/5", "2025-04-26", true},
		{"30/4/2025", "2025-04-30", false},
		{"1/5/2025", "2025-05-01", false},
		{"Fri 2/5/2025 swapped off", "2025-05-02", false},
		{"Mon 5/5/2025", "2025-05-05", true},
		{"Mon 1/9/2025, Quốc khánh", "2025-09-01", false},
		{"Tue 2/9/2025, Quốc khánh", "2025-09-02", false},
		{"Wed 3/9/2025", "2025-09-03", true},
		{"Fri 29/8/2025", "2025-08-29", true},
		{"Hùng Kings 2025", "2025-04-07", false},
		{"Hùng Kings 2026 on a Sunday", "2026-04-26", false},
		{"its compensatory Monday", "2026-04-27", false},
		{"Sat 10/1/2026 worked", "2026-01-10", true},
		{"Fri 2/1/2026 swapped off", "2026-01-02", false},
		{"Sat 22/8/2026 worked", "2026-08-22", true},
		{"Mon 31/8/2026 swapped off", "2026-08-31", false},
		{"an ordinary Sunday", "2026-03-01", false},
		{"an ordinary Wednesday", "2026-03-04", true},
		{"computed: Tết 2030 eve", "2030-02-01", false},
		{"computed: after Tết 2030", "2030-02-07", true},
		{"outside the computed years: a weekday", "2300-01-01", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsWorkingDay(day(tt.date)); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

// The day's date counts in the time's own location, not in Vietnam.
func TestIsWorkingDayLocation(t *testing.T) {
	// 23:30 on Friday 2025-01-24 in UTC is Saturday in Vietnam.
	utc := time.Date(2025, 1, 24, 23, 30, 0, 0, time.UTC)
	if !IsWorkingDay(utc) {
		t.Error("Friday 24/01/2025 in UTC is a working day")
	}
	if IsWorkingDay(utc.In(Vietnam)) {
		t.Error("Saturday 25/01/2025 in Vietnam is not")
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-02-13", 1, "2026-02-23"}, // last working day before Tết 2026
		{"2026-02-13", 3, "2026-02-25"},
		{"2026-02-14", 1, "2026-02-23"}, // from a weekend day
		{"2026-02-23", -1, "2026-02-13"},
		{"2025-04-29", 1, "2025-05-05"},
		{"2025-04-25", 1, "2025-04-26"}, // Saturday worked
		{"2025-08-29", 1, "2025-09-03"},
		{"2026-03-04", 0, "2026-03-04"},
		{"2026-03-07", 0, "2026-03-07"},
		{"2026-12-31", 1, "2027-01-04"}, // into a computed year: 1/1/2027 is a Friday holiday
	}
	for _, tt := range tests {
		got := AddWorkingDays(day(tt.from), tt.n)
		if !got.Equal(day(tt.want)) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
		}
	}
	// The result is at midnight in the argument's location.
	got := AddWorkingDays(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC), 1)
	if want := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestDeadline(t *testing.T) {
	tests := []struct {
		arose, due string
		official   bool
	}{
		{"2026-02-13", "2026-02-25", true}, // across Tết 2026
		{"2025-01-24", "2025-02-05", true}, // across Tết 2025
		{"2025-04-29", "2025-05-07", true}, // across 30/4-1/5 2025 and its swap
		{"2026-03-02", "2026-03-05", true},
		{"2026-12-30", "2027-01-05", false}, // into a computed year
		{"2030-01-30", "2030-02-11", false},
	}
	for _, tt := range tests {
		dl := DeadlineOf(day(tt.arose))
		if !dl.Due.Equal(day(tt.due)) || dl.Official != tt.official {
			t.Errorf("DeadlineOf(%s) = %s official %v, want %s official %v", tt.arose, dl.Due.Format(time.DateOnly), dl.Official, tt.due, tt.official)
		}
	}
	dl := DeadlineOf(day("2026-02-13"))
	if dl.Late(time.Date(2026, 2, 25, 23, 59, 0, 0, Vietnam)) {
		t.Error("a packet made on the last day is not late")
	}
	if !dl.Late(time.Date(2026, 2, 26, 0, 0, 0, 0, Vietnam)) {
		t.Error("a packet made the day after is late")
	}
	// 17:30 UTC on the 25th is 00:30 on the 26th in Vietnam.
	if !dl.Late(time.Date(2026, 2, 25, 17, 30, 0, 0, time.UTC)) {
		t.Error("the day of the packet counts in Vietnam time")
	}
}

// The Vietnamese lunar New Year against dates known independently; 1985,
// 2007 and 2030 are years where it differs from the Chinese one.
func TestLunarNewYear(t *testing.T) {
	tests := []struct {
		year int
		ny   string // Vietnam
		cn   string // China (lunar-go)
	}{
		{1985, "1985-01-21", "1985-02-20"},
		{2007, "2007-02-17", "2007-02-18"},
		{2024, "2024-02-10", "2024-02-10"},
		{2025, "2025-01-29", "2025-01-29"},
		{2026, "2026-02-17", "2026-02-17"},
		{2027, "2027-02-06", "2027-02-06"},
		{2030, "2030-02-02", "2030-02-03"},
	}
	for _, tt := range tests {
		if got := jdnDate(lunarToSolar(tt.year, 1, 1, vietnamOffset)); !got.Equal(day(tt.ny)) {
			t.Errorf("Tết %d = %s, want %s", tt.year, got.Format(time.DateOnly), tt.ny)
		}
		s := lunar.NewLunarFromYmd(tt.year, 1, 1).GetSolar()
		if s.ToYmd() != tt.cn {
			t.Errorf("lunar-go: Chinese new year %d = %s, want %s", tt.year, s.ToYmd(), tt.cn)
		}
	}
}

// At UTC+8 this package's lunar calendar is the Chinese one, which lunar-go
// computes independently: every month's first day from 1930 to 2199 agrees.
func TestLunarAgainstLunarGo(t *testing.T) {
	if testing.Short() {
		t.Skip("3,240 months")
	}
	for y := 1930; y <= MaxYear; y++ {
		for m := 1; m <= 12; m++ {
			want := lunar.NewLunarFromYmd(y, m, 1).GetSolar().ToYmd()
			if got := jdnDate(lunarToSolar(y, m, 1, 8)).Format(time.DateOnly); got != want {
				t.Errorf("lunar %d/%d/1 at UTC+8 = %s, lunar-go %s", y, m, got, want)
			}
		}
	}
}

// The computed rules give the official days off of 2024-2026, apart from
// the swaps, which are decided year by year.
func TestComputedMatchesOfficial(t *testing.T) {
	for _, y := range Default().OfficialYears() {
		off, _ := Default().Year(y)
		var want []time.Time
		for _, d := range off.Days {
			if d.Kind != KindSwappedOff && d.Kind != KindSwappedWork && !isWeekend(d.Date.Weekday()) {
				want = append(want, d.Date)
			}
		}
		got := computeYear(y).clone().DaysOff()
		if !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("%d: computed days off %v, official %v", y, got, want)
		}
	}
}

func TestComputedYear(t *testing.T) {
	yr, err := Default().Year(2030)
	if err != nil {
		t.Fatal(err)
	}
	if yr.Official || len(yr.Sources) == 0 || !strings.Contains(yr.Sources[0], "45/2019/QH14") {
		t.Errorf("2030: Official %v, Sources %q", yr.Official, yr.Sources)
	}
	var tet []string
	for _, d := range yr.Days {
		if d.Kind == KindTet {
			tet = append(tet, d.Date.Format(time.DateOnly))
		}
	}
	// Two days before lunar New Year's day (2 February 2030) and three from it.
	want := []string{"2030-01-31", "2030-02-01", "2030-02-02", "2030-02-03", "2030-02-04"}
	if !slices.Equal(tet, want) {
		t.Errorf("Tết 2030 = %v, want %v", tet, want)
	}
	if _, err := Default().Year(MaxYear + 1); !errors.Is(err, ErrYearRange) {
		t.Errorf("Year(%d): %v, want ErrYearRange", MaxYear+1, err)
	}
}

func TestNationalDayAdjacent(t *testing.T) {
	// The year the 2nd falls on each weekday, and the adjacent day the
	// computed rule picks: the one the official schedules of 2021-2026 picked.
	tests := map[int]string{2021: "2021-09-03", 2022: "2022-09-01", 2023: "2023-09-01", 2024: "2024-09-03", 2025: "2025-09-01", 2026: "2026-09-01", 2029: "2029-09-03"}
	for y, want := range tests {
		var got []string
		for _, d := range computeYear(y).Days {
			if d.Kind == KindNational && d.Date.Day() != 2 {
				got = append(got, d.Date.Format(time.DateOnly))
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%d: adjacent day %v, want %s", y, got, want)
		}
	}
}

func TestWith(t *testing.T) {
	f := []byte(`{"ten": "LichLamViec", "phienBan": "test", "nam": [{"nam": 2027, "canCu": ["test"], "ngay": [
		{"ngay": "2027-01-01", "loai": "TET_DUONG_LICH"},
		{"ngay": "2027-01-04", "loai": "NGHI_HOAN_DOI", "hoanDoiVoi": "2027-01-09"},
		{"ngay": "2027-01-09", "loai": "LAM_BU", "hoanDoiVoi": "2027-01-04"}]}]}`)
	o, err := Load(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	c := Default().With(o)
	if got := c.OfficialYears(); !slices.Equal(got, []int{2024, 2025, 2026, 2027}) {
		t.Errorf("OfficialYears = %v", got)
	}
	if c.IsWorkingDay(day("2027-01-04")) || !c.IsWorkingDay(day("2027-01-09")) {
		t.Error("the loaded 2027 is not used")
	}
	// The loaded year replaces the computed one whole: its Tết is not listed.
	if !c.IsWorkingDay(day("2027-02-04")) {
		t.Error("a loaded year is the whole truth for that year")
	}
	if Default().IsWorkingDay(day("2027-02-04")) || c.Version() != "test" {
		t.Error("With changed the default calendar, or kept its version")
	}
	if !c.Deadline(day("2027-01-05")).Official {
		t.Error("a deadline within a loaded year is official")
	}
}
