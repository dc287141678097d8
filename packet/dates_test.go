package packet

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
)

func TestDateConstructors(t *testing.T) {
	for _, c := range []struct {
		name string
		make func() (PartialDate, error)
		want string // the partial date; "" for an error
		vi   string // in the Vietnamese message of the error
	}{
		{"a year", func() (PartialDate, error) { return YearOnly(1968) }, "1968", ""},
		{"year 1", func() (PartialDate, error) { return YearOnly(1) }, "0001", ""},
		{"year 0", func() (PartialDate, error) { return YearOnly(0) }, "", "Năm 0 không đúng"},
		{"year 10000", func() (PartialDate, error) { return YearOnly(10000) }, "", "Năm 10000 không đúng"},
		{"a year and month", func() (PartialDate, error) { return YearMonth(1968, time.March) }, "1968-03", ""},
		{"month 0", func() (PartialDate, error) { return YearMonth(1968, 0) }, "", "Tháng 0 không đúng"},
		{"month 13", func() (PartialDate, error) { return YearMonth(1968, 13) }, "", "Tháng 13 không đúng"},
		{"year-month of year 0", func() (PartialDate, error) { return YearMonth(0, time.May) }, "", "Năm 0"},
		{"a full date", func() (PartialDate, error) { return FullDate(1968, time.March, 15) }, "1968-03-15", ""},
		{"29 February of a leap year", func() (PartialDate, error) { return FullDate(2024, time.February, 29) }, "2024-02-29", ""},
		{"29 February of a common year", func() (PartialDate, error) { return FullDate(2023, time.February, 29) }, "", "Không có ngày 29 trong tháng 2/2023: tháng này có 28 ngày"},
		{"31 April", func() (PartialDate, error) { return FullDate(2026, time.April, 31) }, "", "tháng này có 30 ngày"},
		{"day 0", func() (PartialDate, error) { return FullDate(2026, time.April, 0) }, "", "Thiếu ngày hoặc tháng"},
		{"day -1", func() (PartialDate, error) { return FullDate(2026, time.April, -1) }, "", "Không có ngày -1"},
		{"month 0 of a full date", func() (PartialDate, error) { return FullDate(2026, 0, 1) }, "", "Thiếu ngày hoặc tháng"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.make()
			if c.want != "" {
				if err != nil || p.String() != c.want {
					t.Fatalf("%q, %v; want %s", p, err, c.want)
				}
				return
			}
			checkDateError(t, err, c.vi)
			if !p.IsZero() {
				t.Errorf("an error with the partial date %q", p)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, c := range []struct{ in, vi string }{
		{"12/07/1996", `Ngày "12/07/1996" không đúng định dạng`},
		{"1996-02-30", `Ngày "1996-02-30" không đúng định dạng hoặc không có thật`},
		{"1996-13", `Ngày "1996-13"`},
		{"0000", `Ngày "0000"`},
	} {
		_, err := ParsePartialDate(c.in)
		checkDateError(t, err, c.vi)
		if e := new(DateError); !errors.As(err, &e) || e.Input != c.in {
			t.Errorf("%q: Input %q", c.in, e.Input)
		}
	}
	_, err := ParseDate("1996-07")
	checkDateError(t, err, `Ngày "1996-07" thiếu ngày hoặc tháng`)
	_, err = NewDate(1996, time.February, 30)
	checkDateError(t, err, "Không có ngày 30 trong tháng 2/1996: tháng này có 29 ngày")
}

// checkDateError checks that err is a *DateError wrapping ErrDate, with a
// Vietnamese message holding vi and saying what to do.
func checkDateError(t *testing.T, err error, vi string) {
	t.Helper()
	var e *DateError
	if !errors.As(err, &e) || !errors.Is(err, ErrDate) {
		t.Fatalf("%v (%T) is not a *DateError wrapping ErrDate", err, err)
	}
	gotVI, en := e.Messages()
	if !strings.Contains(gotVI, vi) || !strings.Contains(gotVI, "Đề nghị") || !strings.HasPrefix(en, "packet: ") {
		t.Errorf("messages %q / %q; want Vietnamese with %q and what to do", gotVI, en, vi)
	}
	for _, p := range msgtest.Problems(gotVI, true) {
		t.Errorf("%s: %s", p, gotVI)
	}
}
