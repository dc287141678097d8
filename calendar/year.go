package calendar

import (
	"slices"
	"time"
)

// Kind is what a day of a year's schedule is. Its values are the wire
// values of the calendar file (loai).
type Kind string

// The kinds of day. The holidays are those of the Labour Code 2019
// (Bộ luật Lao động số 45/2019/QH14), Art. 112(1); a holiday may fall on a
// weekend, and then gives a compensatory day (Art. 111(3)).
const (
	KindNewYear      Kind = "TET_DUONG_LICH"    // 1 January
	KindTet          Kind = "TET_AM_LICH"       // the five days of Tết
	KindHungKings    Kind = "GIO_TO_HUNG_VUONG" // 10th day of the 3rd lunar month
	KindVictory      Kind = "CHIEN_THANG"       // 30 April
	KindLabour       Kind = "QUOC_TE_LAO_DONG"  // 1 May
	KindNational     Kind = "QUOC_KHANH"        // 2 September and one adjacent day
	KindOtherHoliday Kind = "LE_KHAC"           // a holiday a later text adds; Note names it
	KindCompensatory Kind = "NGHI_BU"           // a working day off for a holiday on a weekend
	KindSwappedOff   Kind = "NGHI_HOAN_DOI"     // a working day off, swapped for a weekend day
	KindSwappedWork  Kind = "LAM_BU"            // a weekend day worked in exchange
)

var kindNames = map[Kind]struct{ vi, en string }{
	KindNewYear:      {"Tết Dương lịch", "New Year's Day"},
	KindTet:          {"Tết Âm lịch", "Tết (Lunar New Year)"},
	KindHungKings:    {"Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration"},
	KindVictory:      {"Ngày Chiến thắng", "Reunification Day"},
	KindLabour:       {"Ngày Quốc tế lao động", "International Labour Day"},
	KindNational:     {"Quốc khánh", "National Day"},
	KindOtherHoliday: {"ngày lễ khác", "other holiday"},
	KindCompensatory: {"nghỉ bù", "compensatory day off"},
	KindSwappedOff:   {"nghỉ do hoán đổi ngày làm việc", "day off by a swap"},
	KindSwappedWork:  {"làm bù do hoán đổi ngày làm việc", "weekend day worked by a swap"},
}

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool { _, ok := kindNames[k]; return ok }

// NameVI is the kind's name in Vietnamese.
func (k Kind) NameVI() string { return kindNames[k].vi }

// NameEN is the kind's name in English.
func (k Kind) NameEN() string { return kindNames[k].en }

// Holiday reports whether k is a public holiday (not a compensatory or a
// swapped day).
func (k Kind) Holiday() bool {
	switch k {
	case KindCompensatory, KindSwappedOff, KindSwappedWork:
		return false
	}
	return k.Valid()
}

// Day is one day of a year's schedule that is not an ordinary day: a
// holiday, a day off, or a weekend day worked.
type Day struct {
	Date time.Time // at midnight in Vietnam
	Kind Kind
	// SwapWith is the other day of a swap (KindSwappedOff,
	// KindSwappedWork); zero otherwise.
	SwapWith time.Time
	Note     string // ghiChu, in Vietnamese; the name of a KindOtherHoliday
}

// Year is the schedule of one year.
type Year struct {
	Year int
	// Official is true for a year from official data, false for one
	// computed by this package's rules.
	Official bool
	// Sources are the documents the schedule is from (canCu), or, for a
	// computed year, the rules it was computed by.
	Sources []string
	Days    []Day // in date order

	kinds map[int]Kind // Days by day of the year
}

// newYear indexes days, which must be sorted and of year y.
func newYear(y int, official bool, sources []string, days []Day) *Year {
	yr := &Year{Year: y, Official: official, Sources: sources, Days: days, kinds: make(map[int]Kind, len(days))}
	for _, d := range days {
		yr.kinds[d.Date.YearDay()] = d.Kind
	}
	return yr
}

// clone returns a copy the caller may change.
func (y *Year) clone() Year {
	c := *y
	c.Sources = slices.Clone(y.Sources)
	c.Days = slices.Clone(y.Days)
	c.kinds = nil
	return c
}

// DaysOff returns the days from Monday to Friday that are days off.
func (y Year) DaysOff() []time.Time {
	var out []time.Time
	for _, d := range y.Days {
		if d.Kind != KindSwappedWork && !isWeekend(d.Date.Weekday()) {
			out = append(out, d.Date)
		}
	}
	return out
}

// WorkedWeekendDays returns the weekend days that are working days.
func (y Year) WorkedWeekendDays() []time.Time {
	var out []time.Time
	for _, d := range y.Days {
		if d.Kind == KindSwappedWork {
			out = append(out, d.Date)
		}
	}
	return out
}

func sortInts(s []int) { slices.Sort(s) }
