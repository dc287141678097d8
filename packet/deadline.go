package packet

import (
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
)

// This file is rule R-BD-004: Decree 27/2026/NĐ-CP gives the employing
// agency three working days to update the national database after a
// change. The day a change arises is its decision's date when it has a
// decision, else the day it takes effect (NgayHieuLuc): format 1.0 has no
// other date of the change.

// pendingChange is a change event read before the header.
type pendingChange struct {
	rec        int
	arose      Date
	byDecision bool
}

// Arose returns the day the change arose, from which its deadline counts:
// its decision's date when it has a decision with a date (byDecision),
// else its NgayHieuLuc. It is zero when the change has neither.
func (ch *Change) Arose() (day Date, byDecision bool) {
	if ch.Decision != nil && !ch.Decision.Date.IsZero() {
		return ch.Decision.Date, true
	}
	return ch.Effective, false
}

// late checks R-BD-004 for record i, or keeps it for the header.
func (c *checker) late(i int, ch *Change, emit func(Finding)) {
	p := pendingChange{rec: i}
	p.arose, p.byDecision = ch.Arose()
	if p.arose.IsZero() {
		return // reported by the decoder or the schema
	}
	if !c.haveHeader {
		c.pendingLate = append(c.pendingLate, p)
		return
	}
	c.judgeLate(p, emit)
}

// judgeLate reports a change of a BIENDONG packet made after its deadline.
func (c *checker) judgeLate(p pendingChange, emit func(Finding)) {
	if c.kind != KindChanges || c.created.IsZero() {
		return
	}
	dl := c.workdays.Deadline(p.arose.In(calendar.Vietnam))
	if !dl.Late(c.created) {
		return
	}
	l, labelVI, wire := at(p.rec, "NgayHieuLuc"), "Ngày hiệu lực", "NgayHieuLuc"
	if p.byDecision {
		l, labelVI, wire = at(p.rec, "QuyetDinh").in("Ngay"), "Ngày ký quyết định", "QuyetDinh/Ngay"
	}
	const dmy = "02/01/2006"
	made := c.created.In(calendar.Vietnam)
	vi := fmt.Sprintf("%s (%s) %s: biến động được gửi sau hạn cập nhật %s (%d ngày làm việc kể từ ngày phát sinh biến động)%s; "+
		"gói tin được tạo ngày %s (ThoiGianTao). Đề nghị cập nhật biến động trong thời hạn %d ngày làm việc "+
		"theo Nghị định số 27/2026/NĐ-CP.",
		labelVI, wire, dl.Arose.Format(dmy), dl.Due.Format(dmy), calendar.UpdateWorkingDays, c.computedNoteVI(dl),
		made.Format(dmy), calendar.UpdateWorkingDays)
	en := fmt.Sprintf("change reported late: it arose on %s (%s); the deadline, %d working days later, was %s%s; "+
		"the packet was made on %s (ThoiGianTao, Vietnam time)",
		dl.Arose.Format(time.DateOnly), wire, calendar.UpdateWorkingDays, dl.Due.Format(time.DateOnly), c.computedNoteEN(dl),
		made.Format(time.DateOnly))
	report(emit, RuleChangeLate, l.String(), vi, en)
}

// unofficialYear is the first year from the change to its deadline that
// has no official schedule in the calendar, or 0.
func (c *checker) unofficialYear(dl calendar.Deadline) int {
	for y := dl.Arose.Year(); y <= dl.Due.Year(); y++ {
		if yr, err := c.workdays.Year(y); err != nil || !yr.Official {
			return y
		}
	}
	return 0
}

func (c *checker) computedNoteVI(dl calendar.Deadline) string {
	if dl.Official {
		return ""
	}
	return fmt.Sprintf(" (hạn tính theo Bộ luật Lao động vì năm %d chưa có lịch nghỉ lễ chính thức)", c.unofficialYear(dl))
}

func (c *checker) computedNoteEN(dl calendar.Deadline) string {
	if dl.Official {
		return ""
	}
	return fmt.Sprintf(" (computed by the Labour Code: no official holiday schedule for %d)", c.unofficialYear(dl))
}
