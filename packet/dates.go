package packet

import (
	"fmt"
	"strconv"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// DateError reports a date or partial date that does not exist, or is not
// written as the format writes it (YYYY, YYYY-MM, YYYY-MM-DD). It is the
// error of NewDate, ParseDate, ParsePartialDate, YearOnly, YearMonth and
// FullDate; errors.Is(err, ErrDate) holds for every one.
type DateError struct {
	Input string // the value as given: the text parsed, or the numbers a constructor was called with
	Err   error  // ErrDate

	MessageEN string // what is wrong, in English
	MessageVI string // what is wrong and what to do, in Vietnamese
}

// Error returns the English message.
func (e *DateError) Error() string {
	return fmt.Sprintf("packet: %v %q: %s", e.Err, clip.String(e.Input), e.MessageEN)
}

// Unwrap returns the sentinel, for errors.Is.
func (e *DateError) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages.
func (e *DateError) Messages() (vi, en string) { return e.MessageVI, e.Error() }

// dateError returns the *DateError of input.
func dateError(input, en, vi string) *DateError {
	return &DateError{Input: input, Err: ErrDate, MessageEN: en, MessageVI: vi}
}

// askVI is what a Vietnamese message of a date that does not exist asks.
const askVI = " Đề nghị đối chiếu hồ sơ gốc và ghi ngày có thật."

// checkYMD checks a year (1 to 9999), a month (1 to 12, or 0 when unknown)
// and a day (1 to the month's last, or 0 when unknown) of a date whose
// input, for the error, is input.
func checkYMD(input string, year int, month time.Month, day int) error {
	switch {
	case year < 1 || year > 9999:
		return dateError(input, "the year is not 0001 to 9999",
			"Năm "+strconv.Itoa(year)+" không đúng: năm phải từ 1 đến 9999."+askVI)
	case month < 0 || month > 12:
		return dateError(input, "the month is not 01 to 12",
			"Tháng "+strconv.Itoa(int(month))+" không đúng: tháng phải từ 1 đến 12."+askVI)
	case month == 0 && day != 0:
		return dateError(input, "a day without its month",
			"Có ngày nhưng không có tháng."+askVI)
	case month != 0 && (day < 0 || day > daysIn(year, month)):
		return dateError(input, fmt.Sprintf("no day %d in %04d-%02d, which has %d", day, year, int(month), daysIn(year, month)),
			fmt.Sprintf("Không có ngày %d trong tháng %d/%d: tháng này có %d ngày.", day, int(month), year, daysIn(year, month))+askVI)
	}
	return nil
}

// YearOnly returns the partial date of which only the year is known (1 to
// 9999), as NgaySinh "1968" of an old record; else a *DateError.
func YearOnly(year int) (PartialDate, error) {
	if err := checkYMD(strconv.Itoa(year), year, 0, 0); err != nil {
		return PartialDate{}, err
	}
	return PartialDate{y: int16(year)}, nil
}

// YearMonth returns the partial date of which the year and month are known,
// as NgaySinh "1968-03"; else a *DateError.
func YearMonth(year int, month time.Month) (PartialDate, error) {
	input := fmt.Sprintf("%04d-%02d", year, int(month))
	if month == 0 {
		return PartialDate{}, dateError(input, "the month is not 01 to 12",
			"Tháng 0 không đúng: tháng phải từ 1 đến 12."+askVI)
	}
	if err := checkYMD(input, year, month, 0); err != nil {
		return PartialDate{}, err
	}
	return PartialDate{y: int16(year), m: uint8(month)}, nil
}

// FullDate returns the partial date of which the whole date is known, as
// NgaySinh "1968-03-15": [PartialDateOf] of NewDate(year, month, day).
func FullDate(year int, month time.Month, day int) (PartialDate, error) {
	d, err := NewDate(year, month, day)
	return PartialDate(d), err
}
