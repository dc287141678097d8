package calendar

import (
	"errors"
	"fmt"
)

// Sentinel errors, the Err of an [*Error]; test for them with [errors.Is].
var (
	// ErrMalformed: a calendar file is not valid.
	ErrMalformed = errors.New("malformed calendar")
	// ErrTooLarge: the input of Load is over MaxSize bytes.
	ErrTooLarge = errors.New("calendar too large")
	// ErrYearRange: a year outside MinYear..MaxYear.
	ErrYearRange = errors.New("year out of range")
)

// Error is a calendar failure, in English and in Vietnamese, wrapping one of
// the sentinels above.
type Error struct {
	File  string // the file read by LoadFile, or the embedded file, if any
	Field string // where in the file, e.g. nam[1].ngay[4].loai; empty for the whole input
	Err   error  // ErrMalformed, ErrTooLarge or ErrYearRange

	MessageEN string // what is wrong, in English
	MessageVI string // what is wrong, in Vietnamese
}

// Error reads, for example,
//
//	calendar: lich.json: nam[0].ngay[3].loai: kind "NGHI" of 2026-05-01 is not a kind of day
func (e *Error) Error() string {
	b := []byte("calendar: ")
	if e.File != "" {
		b = append(b, e.File...)
		b = append(b, ": "...)
	}
	if e.Field != "" {
		b = append(b, e.Field...)
		b = append(b, ": "...)
	}
	b = append(b, e.MessageEN...)
	return string(b)
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

func yearRangeError(y int) error {
	return &Error{Err: ErrYearRange,
		MessageEN: fmt.Sprintf("year %d is outside %d-%d, the years this calendar can compute", y, MinYear, MaxYear),
		MessageVI: fmt.Sprintf("Năm %d nằm ngoài khoảng %d–%d mà lịch tính được. Đề nghị nạp lịch chính thức của năm đó.", y, MinYear, MaxYear)}
}

// Messages returns what is wrong, in Vietnamese and in English, without the
// package prefix of Error.
func (e *Error) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }
