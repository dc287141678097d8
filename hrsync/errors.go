package hrsync

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

var (
	// ErrDSN reports a data-source name that is not sqlite:PATH or a
	// postgres:// URL.
	ErrDSN = errors.New("hrsync: not a data-source name")
	// ErrRow reports a row of the source that is not a profile.
	ErrRow = errors.New("hrsync: a row is not a profile")
)

// dsnError is the error of a DSN of no known scheme; it names only the
// scheme, as the rest may hold a password.
func dsnError(dsn string) error {
	scheme, _, _ := strings.Cut(dsn, ":")
	return &Error{Err: ErrDSN, Value: scheme + ":…"}
}

// Error is an error of the package about a value: a data-source name, a
// row of the source.
type Error struct {
	Err   error  // ErrDSN or ErrRow
	Value string // the value, clipped; never a row's data, which is personal
	Row   string // the row's key, for ErrRow
	Cause error  // why, if known
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%v: %q", e.Err, clip.String(e.Value))
	if e.Row != "" {
		s = fmt.Sprintf("%v: row %s", e.Err, clip.String(e.Row))
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() []error { return []error{e.Err, e.Cause} }

// Messages returns what is wrong and what to do, in Vietnamese and English.
func (e *Error) Messages() (vi, en string) {
	switch e.Err {
	case ErrDSN:
		vi = fmt.Sprintf("Chuỗi kết nối cơ sở dữ liệu %q không hợp lệ. Đề nghị dùng sqlite:ĐƯỜNG_DẪN hoặc postgres://người_dùng@máy_chủ/tên_CSDL.", clip.String(e.Value))
	default:
		vi = fmt.Sprintf("Dòng %s của cơ sở dữ liệu nguồn không phải là hồ sơ (HoSo) hợp lệ. Đề nghị kiểm tra câu truy vấn: cột đầu tiên phải là hồ sơ dạng JSON.", clip.String(e.Row))
	}
	return vi, e.Error()
}
