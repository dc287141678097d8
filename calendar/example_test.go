package calendar_test

import (
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
)

// A change decided on the last working day before Tết 2026 must reach the
// national database by the third working day after the holiday.
func ExampleCalendar_Deadline() {
	c := calendar.Default()
	decided := time.Date(2026, time.February, 13, 0, 0, 0, 0, calendar.Vietnam)
	dl := c.Deadline(decided)
	fmt.Println(dl.Due.Format("02/01/2006"), dl.Official)
	made := time.Date(2026, time.February, 26, 9, 0, 0, 0, calendar.Vietnam)
	fmt.Println("late:", dl.Late(made))
	// Output:
	// 25/02/2026 true
	// late: true
}

func ExampleCalendar_AddWorkingDays() {
	c := calendar.Default()
	// Tuesday 29 April 2025: 30 April, 1 May and the swapped Friday 2 May are off.
	t := time.Date(2025, time.April, 29, 0, 0, 0, 0, calendar.Vietnam)
	fmt.Println(c.AddWorkingDays(t, 1).Format("Mon 02/01/2006"))
	// Output: Mon 05/05/2025
}

func ExampleCalendar_IsWorkingDay() {
	c := calendar.Default()
	for _, d := range []int{25, 26, 27} { // Saturday 26 April 2025 was worked
		t := time.Date(2025, time.April, d, 0, 0, 0, 0, calendar.Vietnam)
		fmt.Println(t.Format("Mon 02/01"), c.IsWorkingDay(t))
	}
	// Output:
	// Fri 25/04 true
	// Sat 26/04 true
	// Sun 27/04 false
}

func ExampleCalendar_Year() {
	yr, err := calendar.Default().Year(2026)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range yr.Days {
		if d.Kind == calendar.KindSwappedOff || d.Kind == calendar.KindSwappedWork {
			fmt.Println(d.Date.Format("02/01/2006"), d.Kind.NameVI(), d.SwapWith.Format("02/01"))
		}
	}
	// Output:
	// 02/01/2026 nghỉ do hoán đổi ngày làm việc 10/01
	// 10/01/2026 làm bù do hoán đổi ngày làm việc 02/01
	// 22/08/2026 làm bù do hoán đổi ngày làm việc 31/08
	// 31/08/2026 nghỉ do hoán đổi ngày làm việc 22/08
}
