package calendar

import (
	"math"
	"sync"

	"github.com/6tail/lunar-go/ShouXingUtil"
)

// The lunar calendar of Viet Nam is the Chinese lunisolar calendar reckoned
// at UTC+7 (Viet Nam's time since 1968) instead of UTC+8. The rules are the
// same: a month begins on the day of a new moon; month 11 is the month that
// holds the winter solstice; in a year of 13 months (from one month 11 to the
// next) the first month without a major solar term is the leap month. The
// hour of difference moves a month's first day when a new moon falls between
// 23:00 and midnight in Viet Nam: Tết 2007 was on 17 February in Viet Nam and
// 18 February in China, Tết 2030 is on 2 February and 3 February. So the
// dates are computed here at UTC+7. The solar terms and ΔT come from
// github.com/6tail/lunar-go (its high-precision series); the new moons from
// Meeus, Astronomical Algorithms (2nd ed.), chapter 49, whose error is well
// under a minute. The tests check this code at UTC+8 against lunar-go's own
// calendar, month by month.

const (
	vietnamOffset = 7.0 // hours east of UTC of Viet Nam's lunar calendar
	j2000         = 2451545.0
	synodicMonth  = 29.530588861
)

// jdn is a Julian day number: the count of civil days.
type jdn int

// localDay is the civil day, in a zone tz hours east of UTC, of the moment
// jd (a Julian date in UT).
func localDay(jd, tz float64) jdn { return jdn(math.Floor(jd + 0.5 + tz/24)) }

// newMoon returns the moment of new moon number k (k = 0 is the new moon of
// 6 January 2000) as a Julian date in UT.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := 2451550.09766 + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4
	e := 1 - 0.002516*t - 0.0000074*t2
	m := rad(2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3)
	mp := rad(201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4)
	f := rad(160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4)
	om := rad(124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3)
	s := math.Sin
	c := -0.40720*s(mp) + 0.17241*e*s(m) + 0.01608*s(2*mp) + 0.01039*s(2*f) +
		0.00739*e*s(mp-m) - 0.00514*e*s(mp+m) + 0.00208*e*e*s(2*m) -
		0.00111*s(mp-2*f) - 0.00057*s(mp+2*f) + 0.00056*e*s(2*mp+m) -
		0.00042*s(3*mp) + 0.00042*e*s(m+2*f) + 0.00038*e*s(m-2*f) -
		0.00024*e*s(2*mp-m) - 0.00017*s(om) - 0.00007*s(mp+2*m) +
		0.00004*s(2*mp-2*f) + 0.00004*s(3*m) + 0.00003*s(mp+m-2*f) +
		0.00003*s(2*mp+2*f) - 0.00003*s(mp+m+2*f) + 0.00003*s(mp-m+2*f) -
		0.00002*s(mp-m-2*f) - 0.00002*s(3*mp+m) + 0.00002*s(4*mp)
	// The planetary arguments.
	a := [14]float64{
		299.77 + 0.107408*kf - 0.009173*t2, 251.88 + 0.016321*kf, 251.83 + 26.651886*kf,
		349.42 + 36.412478*kf, 84.66 + 18.206239*kf, 141.74 + 53.303771*kf,
		207.14 + 2.453732*kf, 154.84 + 7.306860*kf, 34.52 + 27.261239*kf,
		207.19 + 0.121824*kf, 291.34 + 1.844379*kf, 161.72 + 24.198154*kf,
		239.56 + 25.513099*kf, 331.55 + 3.592518*kf,
	}
	coef := [14]float64{325, 165, 164, 126, 110, 62, 60, 56, 47, 42, 40, 37, 35, 23}
	for i := range a {
		c += coef[i] * 1e-6 * s(rad(a[i]))
	}
	jde += c
	return jde - ShouXingUtil.DtT(jde-j2000) // TT to UT
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

// majorTerm returns the moment (a Julian date in UT) at which the Sun's
// apparent longitude is n·30°, counted on from the March equinox of 1999
// (n = 0), lunar-go's origin: the major solar terms (trung khí).
// solstice(y) is the winter solstice of year y.
func majorTerm(n int) float64 {
	// lunar-go answers in Beijing time, days from J2000.
	return ShouXingUtil.QiAccurate(float64(n)*math.Pi/6) + j2000 - 8.0/24
}

// solstice is the number of the major term of the winter solstice of year y.
func solstice(y int) int { return 12*(y-1999) + 9 }

// lunarYear is the frame of one lunar year: the new moon that starts month
// 11 of the previous year, and the leap month after it, if any.
type lunarYear struct {
	k11  int // number of the new moon starting month 11 of the year before
	leap int // the leap month is the leap-th month after month 11; 0: none
	tz   float64
}

// month11 returns the number of the new moon that starts the month holding
// the winter solstice of Gregorian year y.
func month11(y int, tz float64) int {
	sol := majorTerm(solstice(y))
	day := localDay(sol, tz)
	k := int(math.Floor((sol - 2451550.09766) / synodicMonth))
	for localDay(newMoon(k), tz) > day {
		k--
	}
	for localDay(newMoon(k+1), tz) <= day {
		k++
	}
	return k
}

// newLunarYear frames lunar year y: the one whose first month begins near
// the start of Gregorian year y.
func newLunarYear(y int, tz float64) lunarYear {
	ly := lunarYear{k11: month11(y-1, tz), tz: tz}
	if month11(y, tz)-ly.k11 < 13 {
		return ly
	}
	// Thirteen months: the first one with no major term is the leap month.
	first := solstice(y - 1)
	terms := make([]jdn, 0, 14)
	for n := first; n <= first+13; n++ {
		terms = append(terms, localDay(majorTerm(n), tz))
	}
	for i := 1; i <= 12; i++ {
		start, end := localDay(newMoon(ly.k11+i), tz), localDay(newMoon(ly.k11+i+1), tz)
		has := false
		for _, d := range terms {
			if start <= d && d < end {
				has = true
				break
			}
		}
		if !has {
			ly.leap = i
			break
		}
	}
	return ly
}

// day returns the civil day of day d of (non-leap) month m, counted from
// month 11 of the year before: m = 11 and 12 are those of the year before.
func (ly lunarYear) day(m, d int) jdn {
	n := (m - 11 + 12) % 12
	if ly.leap != 0 && ly.leap <= n {
		n++
	}
	return localDay(newMoon(ly.k11+n), ly.tz) + jdn(d-1)
}

// lunarToSolar returns the Julian day number of day d of month m (not the
// leap month) of lunar year y, at tz hours east of UTC.
func lunarToSolar(y, m, d int, tz float64) jdn {
	if m >= 11 {
		y++
	}
	return cachedLunarYear(y, tz).day(m, d)
}

type lunarKey struct {
	y  int
	tz float64
}

// lunarYears caches the frames of the years asked for: a calendar file
// names the same year on every Tết day it lists. Callers stay within a few
// hundred years, so the cache stays small.
var lunarYears sync.Map // lunarKey → lunarYear

func cachedLunarYear(y int, tz float64) lunarYear {
	k := lunarKey{y, tz}
	if v, ok := lunarYears.Load(k); ok {
		return v.(lunarYear)
	}
	ly := newLunarYear(y, tz)
	lunarYears.Store(k, ly)
	return ly
}
