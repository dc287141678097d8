package calendar

import (
	"slices"
	"time"
)

// computedSources is what a computed year names as its source.
var computedSources = []string{
	"Tính theo Điều 111 khoản 3 và Điều 112 khoản 1 Bộ luật Lao động số 45/2019/QH14 và âm lịch Việt Nam (múi giờ UTC+7); " +
		"chưa có thông báo chính thức về lịch nghỉ của năm này, không có ngày hoán đổi. " +
		"Computed by the Labour Code 2019 Art. 111(3) and 112(1) and the Vietnamese lunar calendar (UTC+7); " +
		"no official schedule for this year yet, and no swapped days.",
}

// nationalDaySince is the first year with two days for Quốc khánh: the
// Labour Code 2019 took effect on 1 January 2021.
const nationalDaySince = 2021

// computeYear computes the schedule of year y by the rules the official
// schedules of 2020-2026 follow:
//   - 1 January; 30 April; 1 May; 10th day of the 3rd lunar month;
//   - Tết: the two days before lunar New Year's day and its first three
//     days;
//   - 2 September and the adjacent day that joins it to a weekend: 3
//     September when the 2nd is a Sunday, Monday or Thursday, else
//     1 September (before 2021, 2 September only);
//   - each holiday on a Saturday or Sunday gives a compensatory day, the
//     next day from Monday to Friday that is neither a holiday nor already
//     a compensatory day (Art. 111(3)).
//
// Swaps are decided year by year and are never computed.
func computeYear(y int) *Year {
	var hol []Day
	add := func(t time.Time, k Kind) { hol = append(hol, Day{Date: t, Kind: k}) }
	add(civilDate(y, time.January, 1), KindNewYear)
	ny := jdnDate(lunarToSolar(y, 1, 1, vietnamOffset))
	for i := -2; i <= 2; i++ {
		add(ny.AddDate(0, 0, i), KindTet)
	}
	add(jdnDate(lunarToSolar(y, 3, 10, vietnamOffset)), KindHungKings)
	add(civilDate(y, time.April, 30), KindVictory)
	add(civilDate(y, time.May, 1), KindLabour)
	nd := civilDate(y, time.September, 2)
	add(nd, KindNational)
	if y >= nationalDaySince {
		switch nd.Weekday() {
		case time.Sunday, time.Monday, time.Thursday:
			add(nd.AddDate(0, 0, 1), KindNational)
		default:
			add(nd.AddDate(0, 0, -1), KindNational)
		}
	}
	slices.SortStableFunc(hol, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return newYear(y, false, computedSources, withCompensation(hol))
}

// withCompensation adds to the sorted holidays the compensatory days of
// those on a weekend, and returns them all sorted. A compensatory day that
// falls in the next year is left out: a computed year holds its own days.
func withCompensation(hol []Day) []Day {
	taken := make(map[jdn]bool, len(hol))
	for _, h := range hol {
		taken[dateJDN(h.Date)] = true
	}
	days := slices.Clone(hol)
	for _, h := range hol {
		if !isWeekend(h.Date.Weekday()) {
			continue
		}
		d := h.Date.AddDate(0, 0, 1)
		for isWeekend(d.Weekday()) || taken[dateJDN(d)] {
			d = d.AddDate(0, 0, 1)
		}
		taken[dateJDN(d)] = true
		if d.Year() == h.Date.Year() {
			days = append(days, Day{Date: d, Kind: KindCompensatory})
		}
	}
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return days
}

// civilDate is midnight of a date in Vietnam.
func civilDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Vietnam) }

// unixEpochJDN is the Julian day number of 1 January 1970.
const unixEpochJDN = 2440588

// jdnDate is midnight in Vietnam of Julian day number n.
func jdnDate(n jdn) time.Time {
	t := time.Unix(int64(n-unixEpochJDN)*86400, 0).UTC()
	return civilDate(t.Year(), t.Month(), t.Day())
}

// dateJDN is the Julian day number of the date of t in its location.
func dateJDN(t time.Time) jdn {
	y, m, d := t.Date()
	return jdn(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400) + unixEpochJDN
}
