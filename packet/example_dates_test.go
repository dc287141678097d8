package packet_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
)

// A birth date (NgaySinh) from an HR table whose old rows know only the
// year, or the year and month: each constructor checks that the date
// exists, and says in both languages what is wrong when it does not.
func ExampleYearMonth() {
	for _, row := range []struct{ year, month, day int }{
		{1968, 0, 0}, {1971, 3, 0}, {1975, 4, 30}, {1975, 4, 31},
	} {
		var birth packet.PartialDate
		var err error
		switch {
		case row.month == 0:
			birth, err = packet.YearOnly(row.year)
		case row.day == 0:
			birth, err = packet.YearMonth(row.year, time.Month(row.month))
		default:
			birth, err = packet.FullDate(row.year, time.Month(row.month), row.day)
		}
		var e *packet.DateError
		if errors.As(err, &e) {
			fmt.Println(e.MessageVI)
			continue
		}
		fmt.Println(birth, birth.Precision() == packet.PrecisionDay)
	}
	// Output:
	// 1968 false
	// 1971-03 false
	// 1975-04-30 true
	// Không có ngày 31 trong tháng 4/1975: tháng này có 30 ngày. Đề nghị đối chiếu hồ sơ gốc và ghi ngày có thật.
}
