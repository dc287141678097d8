package packet

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// Words the semantic layer's findings share, so that every rule says a
// member, a record, a date and a time the same way (the form of
// internal/msg): the member in words with its wire name, where it is, the
// value as a Vietnamese text writes it.

// valueAt starts a sentence about the value v of the member at l: «Ngày
// sinh (NgaySinh) 12/07/1996», «Từ ngày (TuNgay) của quá trình công tác
// thứ 2 là 03/08/2019,».
func valueAt(l loc, v string) string { return subjectOf(l.String()).with(v) }

// clauseAt is valueAt followed by a comma, to start a sentence whose
// next clause says what is wrong with the value.
func clauseAt(l loc, v string) string {
	s := valueAt(l, v)
	if !strings.HasSuffix(s, ",") {
		s += ","
	}
	return s
}

// wordsVI names the member name inside a sentence: «từ ngày (TuNgay)».
func wordsVI(name string) string {
	if l := labelVI(name); l != "" {
		return l + " (" + name + ")"
	}
	return "trường " + quoteValue(name)
}

// recordVI names the i-th record (from 0) of the packet: «bản ghi thứ 1».
func recordVI(i int) string { return "bản ghi thứ " + strconv.Itoa(i+1) }

// partialVI writes a birth date as a Vietnamese text does: 08/05/1987,
// 05/1987 or 1987.
func partialVI(b PartialDate) string {
	e := b.Earliest()
	switch b.Precision() {
	case PrecisionDay:
		return e.dmy()
	case PrecisionMonth:
		return fmt.Sprintf("%02d/%04d", e.Month(), e.Year())
	}
	return fmt.Sprintf("%04d", e.Year())
}

// clockVI writes a time as a Vietnamese text does: «08:30:00 ngày
// 01/03/2026 (UTC+07:00)».
func clockVI(t time.Time) string { return t.Format("15:04:05 ngày 02/01/2006 (UTC-07:00)") }

// fromBirthVI says the birth date an age is counted from: «ngày sinh
// 08/05/1987», or for a partial date, «ngày 01/01/1987, ngày sớm nhất của
// năm sinh 1987».
func fromBirthVI(b PartialDate) string {
	if b.Precision() == PrecisionDay {
		return "ngày sinh " + b.Earliest().dmy()
	}
	return "ngày " + b.Earliest().dmy() + ", ngày sớm nhất của " + birthWordsVI(b)
}

// The members of the header the findings name.
var (
	nKind        = wireName[Header]("Kind")
	nCreated     = wireName[Header]("Created")
	nReplyTo     = wireName[Header]("ReplyTo")
	nRecordCount = wireName[Header]("RecordCount")
)

// mismatchVI is the message of a personal ID whose digits disagree with
// the gender or the birth year of the profile (R-ID-003, R-ID-004); what
// says which digits and how.
func mismatchVI(id identifier.PersonalID, what string) string {
	return fmt.Sprintf("%s %s: %s. Đề nghị đối chiếu thẻ căn cước, rồi sửa số định danh cá nhân, giới tính (%s) hoặc ngày sinh (%s) cho đúng.",
		fieldVI(nPersonalID), id, what, wireName[Profile]("Gender"), nBirthDate)
}
