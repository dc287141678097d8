package packet

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Date is a calendar date without a time of day (YYYY-MM-DD). The zero Date
// is "absent".
type Date struct {
	y    int16
	m, d uint8
}

// NewDate returns the date, or a *DateError if it does not exist (31 April).
func NewDate(year int, month time.Month, day int) (Date, error) {
	input := fmt.Sprintf("%04d-%02d-%02d", year, int(month), day)
	if month == 0 || day == 0 {
		return Date{}, dateError(input, "not a full date YYYY-MM-DD",
			"Thiếu ngày hoặc tháng: cần đủ ngày, tháng, năm."+askVI)
	}
	if err := checkYMD(input, year, month, day); err != nil {
		return Date{}, err
	}
	return Date{int16(year), uint8(month), uint8(day)}, nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{int16(y), uint8(m), uint8(d)}
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ErrDate reports a malformed date or partial date: the sentinel every
// *DateError wraps.
var ErrDate = errors.New("malformed date")

// ParseDate parses YYYY-MM-DD; else a *DateError.
func ParseDate(s string) (Date, error) {
	p, err := ParsePartialDate(s)
	if err != nil {
		return Date{}, err
	}
	if d, ok := p.Full(); ok {
		return d, nil
	}
	return Date{}, dateError(s, "not a full date YYYY-MM-DD",
		fmt.Sprintf("Ngày %q thiếu ngày hoặc tháng. Đề nghị ghi đủ năm-tháng-ngày, ví dụ 1996-07-12.", clip.String(s)))
}

// Year returns the year of d.
func (d Date) Year() int { return int(d.y) }

// Month returns the month of d.
func (d Date) Month() time.Month { return time.Month(d.m) }

// Day returns the day of the month of d.
func (d Date) Day() int { return int(d.d) }

// IsZero reports whether d is the zero, absent, Date.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) key() int { return int(d.y)<<9 | int(d.m)<<5 | int(d.d) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.key() < o.key() }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.key() > o.key() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch a, b := d.key(), o.key(); {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddYears returns the same day n years later (28 February for 29 February
// in a common year), as birthdays and anniversaries count.
func (d Date) AddYears(n int) Date {
	y := int(d.y) + n
	day := min(int(d.d), daysIn(y, time.Month(d.m)))
	return Date{int16(y), d.m, uint8(day)}
}

// addDays returns the date n days later (earlier for n < 0).
func (d Date) addDays(n int) Date { return DateOf(d.In(time.UTC).AddDate(0, 0, n)) }

// In returns midnight of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(int(d.y), time.Month(d.m), int(d.d), 0, 0, 0, 0, loc)
}

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// dmy returns the date as a Vietnamese text writes it: dd/mm/yyyy.
func (d Date) dmy() string { return fmt.Sprintf("%02d/%02d/%04d", d.d, d.m, d.y) }

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Precision says how much of a PartialDate is known.
type Precision uint8

// The precisions of a partial date.
const (
	PrecisionYear  Precision = iota + 1 // YYYY
	PrecisionMonth                      // YYYY-MM
	PrecisionDay                        // YYYY-MM-DD
)

// PartialDate is a date of which only the year, or the year and month, may
// be known (YYYY, YYYY-MM or YYYY-MM-DD): old records often lack the day or
// month of birth. The zero PartialDate is "absent".
type PartialDate struct {
	y    int16
	m, d uint8 // 0 = unknown
}

// ParsePartialDate parses YYYY, YYYY-MM or YYYY-MM-DD; else a *DateError.
func ParsePartialDate(s string) (PartialDate, error) {
	bad := func(why string) (PartialDate, error) {
		return PartialDate{}, dateError(s, why, fmt.Sprintf("Ngày %q không đúng định dạng hoặc không có thật: "+
			"ghi năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng). Đề nghị đối chiếu hồ sơ gốc.", clip.String(s)))
	}
	num := func(t string) (int, bool) {
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return 0, false
			}
			n = n*10 + int(t[i]-'0')
		}
		return n, true
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad("want YYYY, YYYY-MM or YYYY-MM-DD")
	}
	y, ok := num(s[:4])
	if !ok || y < 1 {
		return bad("the year is not 4 digits from 0001")
	}
	p := PartialDate{y: int16(y)}
	if len(s) == 4 {
		return p, nil
	}
	m, ok := num(s[5:7])
	if s[4] != '-' || !ok || m < 1 || m > 12 {
		return bad("the month is not 01 to 12")
	}
	p.m = uint8(m)
	if len(s) == 7 {
		return p, nil
	}
	d, ok := num(s[8:10])
	if s[7] != '-' || !ok || d < 1 || d > daysIn(y, time.Month(m)) {
		return bad("no such day in that month")
	}
	p.d = uint8(d)
	return p, nil
}

// PartialDateOf returns d as a partial date of day precision.
func PartialDateOf(d Date) PartialDate { return PartialDate(d) }

// IsZero reports whether p is absent.
func (p PartialDate) IsZero() bool { return p == PartialDate{} }

// Year returns the year.
func (p PartialDate) Year() int { return int(p.y) }

// Precision reports how much of the date is known.
func (p PartialDate) Precision() Precision {
	switch {
	case p.IsZero():
		return 0
	case p.m == 0:
		return PrecisionYear
	case p.d == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

// Full returns the date when the day is known.
func (p PartialDate) Full() (Date, bool) {
	if p.Precision() != PrecisionDay {
		return Date{}, false
	}
	return Date(p), true
}

// Earliest returns the first full date p can stand for.
func (p PartialDate) Earliest() Date {
	d := Date(p)
	if d.m == 0 {
		d.m = 1
	}
	if d.d == 0 {
		d.d = 1
	}
	return d
}

// Latest returns the last full date p can stand for.
func (p PartialDate) Latest() Date {
	d := Date(p)
	if d.m == 0 {
		d.m = 12
	}
	if d.d == 0 {
		d.d = uint8(daysIn(int(d.y), time.Month(d.m)))
	}
	return d
}

// String returns the date in the precision it is known, or "".
func (p PartialDate) String() string {
	switch p.Precision() {
	case PrecisionYear:
		return fmt.Sprintf("%04d", p.y)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", p.y, p.m)
	case PrecisionDay:
		return Date(p).String()
	}
	return ""
}

// MarshalText implements encoding.TextMarshaler.
func (p PartialDate) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *PartialDate) UnmarshalText(b []byte) error {
	v, err := ParsePartialDate(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Decimal2 is a non-negative decimal with at most two decimals, such as a
// salary coefficient (HeSoLuong 3.99), held exactly as hundredths: 3.99 is
// Decimal2(399). On the wire it is a JSON number. The zero Decimal2 is 0.
type Decimal2 int64

// ErrDecimal reports a number that is not a decimal with at most two
// decimals.
var ErrDecimal = errors.New("not a decimal with at most 2 decimals")

// maxDecimal2 keeps hundredths far from overflow, and every value exact in
// an IEEE 754 double (15 significant digits), so that RFC 8785 writes it
// back unchanged; no coefficient comes near.
const maxDecimal2 = 1e15

// ParseDecimal2 parses a JSON number whose value is a non-negative decimal
// with at most two decimals, exactly, whatever its spelling: "3.99",
// "4", "4.0", "1.10" and "399e-2" are all read; negative values, more
// decimals (3.999) and values from 10^13 on are errors.
func ParseDecimal2(s string) (Decimal2, error) {
	n, ok := parseNumber(s)
	if !ok {
		return 0, fmt.Errorf("%w: %q is not a JSON number", ErrDecimal, clip.String(s))
	}
	if n.neg {
		return 0, fmt.Errorf("%w: %q %w", ErrDecimal, clip.String(s), errNegative)
	}
	v, err := n.scaled(2, maxDecimal2)
	if err != nil {
		return 0, fmt.Errorf("%w: %q %w", ErrDecimal, clip.String(s), err)
	}
	return Decimal2(v), nil
}

// String returns the shortest JSON number for the value: 3.99, 1.1, 4.
func (d Decimal2) String() string {
	i, f := int64(d)/100, int64(d)%100
	switch {
	case f == 0:
		return strconv.FormatInt(i, 10)
	case f%10 == 0:
		return strconv.FormatInt(i, 10) + "." + strconv.FormatInt(f/10, 10)
	}
	return fmt.Sprintf("%d.%02d", i, f)
}

// MarshalJSON writes the value as a JSON number.
func (d Decimal2) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number with at most two decimals.
func (d *Decimal2) UnmarshalJSON(b []byte) error {
	v, err := ParseDecimal2(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Severity is how much a finding weighs (MucDo).
type Severity string

// The two severities.
const (
	SeverityError   Severity = "LOI"      // the record is rejected
	SeverityWarning Severity = "CANH_BAO" // the record is kept
)

// Finding is one problem in a packet (ViPham on the wire): a rule code, a
// severity, a JSON Pointer to the value (the same for a packet that arrived
// as XML) and a message in Vietnamese, with English alongside for Go
// callers. A Finding is an error.
type Finding struct {
	Rule      string   `json:"MaLoi"`    // MaLoi: rule code, e.g. R-ID-003
	Severity  Severity `json:"MucDo"`    // MucDo
	Pointer   string   `json:"DuongDan"` // DuongDan: JSON Pointer, e.g. /DuLieu/17/NgaySinh
	MessageVI string   `json:"MoTa"`     // MoTa: in Vietnamese
	MessageEN string   `json:"-"`        // in English; not on the wire
}

// Messages returns the Vietnamese and the English messages, for a program
// that shows both (the module's errors all have this method).
func (f Finding) Messages() (vi, en string) { return f.MessageVI, f.Error() }

// Error returns the rule, the place and the English message.
func (f Finding) Error() string {
	msg := f.MessageEN
	if msg == "" {
		msg = f.MessageVI
	}
	return f.Rule + " at " + f.Pointer + ": " + msg
}
