package codelist

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors, the Err of an [*Error]; test for them with [errors.Is].
var (
	// ErrUnknownCode: a code is not in its list.
	ErrUnknownCode = errors.New("unknown code")
	// ErrUnknownList: a Set has no list of that name.
	ErrUnknownList = errors.New("unknown code list")
	// ErrNoSuccessor: an entry has no equivalent in the other code system.
	ErrNoSuccessor = errors.New("no successor code")
	// ErrMalformedList: a code list file or /danh-muc answer is not valid.
	ErrMalformedList = errors.New("malformed code list")
	// ErrTooLarge: the input of Load is over [MaxSize] bytes.
	ErrTooLarge = errors.New("code list too large")
)

// Error describes a code-list failure: where it is and which sentinel it is.
// Get it with [errors.As] and test its kind with [errors.Is].
type Error struct {
	File  string // the file read by LoadFile, or the embedded file, if any
	List  string // list name (ten), if known
	Index int    // index of the entry in muc, or -1 if the error is not about one entry
	Code  string // the code (ma) concerned, if any
	Field string // JSON field name (ten, ma, keThua, …), if the error is about one field
	// Err is ErrUnknownCode, ErrUnknownList, ErrNoSuccessor,
	// ErrMalformedList or ErrTooLarge.
	Err error
	// Detail says what is wrong, in English; it may be empty.
	Detail string
}

// Error reads, for example,
//
//	codelist: data/TonGiao.json: muc[15].biDanhCua: code "99": malformed code list: alias of unknown code "77"
//	codelist: DanToc: code "77": unknown code
func (e *Error) Error() string {
	b := []byte("codelist: ")
	name := e.File
	if name == "" {
		name = e.List
	}
	if name != "" {
		b = append(b, name...)
		b = append(b, ": "...)
	}
	if e.Index >= 0 {
		b = fmt.Appendf(b, "muc[%d]", e.Index)
		if e.Field != "" {
			b = append(b, '.')
			b = append(b, e.Field...)
		}
		b = append(b, ": "...)
	} else if e.Field != "" {
		b = append(b, e.Field...)
		b = append(b, ": "...)
	}
	if e.Code != "" {
		b = fmt.Appendf(b, "code %q: ", e.Code)
	}
	if e.Err != nil {
		b = append(b, e.Err.Error()...)
	} else {
		b = append(b, "error"...)
	}
	if e.Detail != "" {
		b = append(b, ": "...)
		b = append(b, e.Detail...)
	}
	return string(b)
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Messages returns what is wrong in Vietnamese, with what to do, and in
// English (Error without the prefix), for a program that shows both (the
// module's errors all have this method).
func (e *Error) Messages() (vi, en string) {
	en = strings.TrimPrefix(e.Error(), "codelist: ")
	code := ""
	if e.Code != "" {
		code = " " + strconv.Quote(e.Code)
	}
	list := ""
	if e.List != "" {
		list = " " + e.List
	}
	switch e.Err {
	case ErrUnknownCode:
		vi = fmt.Sprintf("Mã%s không có trong danh mục dùng chung%s. Đề nghị đối chiếu danh mục và ghi đúng mã.", code, list)
	case ErrUnknownList:
		vi = fmt.Sprintf("Không có danh mục dùng chung%s. Đề nghị kiểm tra lại tên danh mục.", list)
	case ErrNoSuccessor:
		vi = fmt.Sprintf("Mã%s của danh mục%s không có mã tương ứng trong hệ mã kia. Đề nghị chọn mã tương ứng theo hồ sơ gốc.", code, list)
	case ErrTooLarge:
		vi = fmt.Sprintf("Tệp danh mục dùng chung quá lớn (vượt quá %d byte). Đề nghị kiểm tra lại tệp.", MaxSize)
	default:
		where := e.File
		if where == "" {
			where = e.List
		}
		vi = fmt.Sprintf("Tệp danh mục dùng chung %q không đúng định dạng. Đề nghị lấy lại tệp danh mục từ nguồn chính thức.", where)
	}
	return vi, en
}
