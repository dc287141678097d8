// Package calendar is the working-day calendar of Viet Nam's state sector,
// for the duty of Decree 27/2026/NĐ-CP (Nghị định số 27/2026/NĐ-CP ngày
// 19/01/2026 của Chính phủ) to update the national database on cadres,
// civil servants and public employees within three working days of a
// change.
//
// A working day is a day from Monday to Friday that is not a public
// holiday, a compensatory day off or a day off swapped for a weekend day; a
// Saturday or Sunday worked in exchange is one too.
//
//	c := calendar.Default()
//	c.IsWorkingDay(t)                    // is the date of t a working day?
//	c.AddWorkingDays(t, 3)               // three working days after the date of t
//	dl := c.Deadline(decisionDate)       // the last day to report a change
//	dl.Late(packetTime)                  // was the packet made after it?
//	yr, err := c.Year(2026)              // the holidays and swapped days of a year
//
// # Public holidays (public law)
//
// The Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14), Art. 112(1):
// 1 January; five days of Tết, chosen each year around lunar New Year's
// day; Hùng Kings' day, the 10th day of the 3rd lunar month; 30 April;
// 1 May; 2 September and one day before or after it. Art. 112(3): the Prime
// Minister fixes the days of Tết and the day next to 2 September each year.
// Art. 111(3): a holiday on a weekly rest day gives a day off on the next
// working day (nghỉ bù). Each year the Government may also swap a working
// day for a weekend day (hoán đổi ngày làm việc), announced with the
// holidays by the Ministry of Labour, Invalids and Social Affairs until
// 2025, by the Ministry of Home Affairs since.
//
// # Official years
//
// The embedded file data/LichLamViec.json holds the schedules announced for
// the state sector, each year naming its documents (canCu):
//
//   - 2024: Công văn 8662/VPCP-KGVX (03/11/2023), Thông báo 5015/TB-LĐTBXH
//     (22/11/2023), Công văn 2450/VPCP-KGVX (12/4/2024: Monday 29 April off,
//     Saturday 4 May worked);
//   - 2025: Công văn 8726/VPCP-KGVX (26/11/2024) and the Ministry of
//     Labour's notice of 03/12/2024 (Friday 2 May off, Saturday 26 April
//     worked);
//   - 2026: Công văn 12729/VPCP-KGVX (25/12/2025: Friday 2 January off,
//     Saturday 10 January worked), Thông báo 9441/TB-BNV (16/10/2025:
//     Monday 31 August off, Saturday 22 August worked).
//
// # Computed years (our reading)
//
// Other years, from MinYear to MaxYear, are computed, and say so: their
// Year.Official and Deadline.Official are false, so that a report can say
// that a deadline is the SDK's reckoning. The rules are those the official
// schedules of 2020 to 2026 all follow: Tết is the two days before lunar
// New Year's day and its first three days; the day next to 2 September is
// the one that joins it to a weekend (3 September when the 2nd is a Sunday,
// Monday or Thursday, else 1 September); each holiday on a weekend gives
// the next free day from Monday to Friday. Swaps are never computed. Before
// 2021, 2 September is one day, as under the Labour Code 2012.
//
// The lunar calendar is Viet Nam's, reckoned at UTC+7: it differs from the
// Chinese one in some years (Tết 2030 is on 2 February in Viet Nam, 3
// February in China). The solar terms come from github.com/6tail/lunar-go;
// the tests check this package's lunar months against it, reckoned at UTC+8,
// for every month from 1930 to 2199.
//
// Pending: the Government's Resolution 30/NQ-CP (2026) asks for an
// amendment of Art. 112 making 24 November (Ngày Văn hóa Việt Nam) a
// holiday; until a law does, it is not one here. When it is, or when a
// year's schedule is announced, load a file of the same format:
//
//	o, err := calendar.LoadFile("LichLamViec-2027.json")
//	c := calendar.Default().With(o) // the file's years replace the others
//
// A loaded year is taken whole: it lists every holiday, compensatory day
// and swapped day of that year.
package calendar
