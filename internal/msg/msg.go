// Package msg is the one implementation of the module's bilingual errors.
//
// Every error a user of the module may see carries two messages: one in
// Vietnamese, for the clerk or the agency's IT staff who must act on it, and
// one in English, for the developer and the logs. Each package keeps its own
// exported error type (identifier.Error, codelist.Error, ndxp.Error,
// signing.Error, packet.Finding …) wrapping one of its sentinel errors, so
// that errors.Is and errors.As work as usual; each of those types has a
// Messages method, which is what this package reads.
//
// The Vietnamese message follows the form
//
//	<Nhãn> (<TênTrường>) <giá trị>: <sai gì>. Đề nghị <làm gì>.
//
// and never holds English, a schema keyword, a URN or a regular expression:
// the technical detail is in the English message.
package msg

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
)

// Messenger is implemented by every bilingual error of the module.
type Messenger interface {
	// Messages returns what is wrong and what to do, in Vietnamese and in
	// English, without the package prefix of Error.
	Messages() (vi, en string)
}

// Split returns the two messages of err for a person to read: the
// Vietnamese message of the first bilingual error in err's chain, and
// err's own text (with the context its callers wrapped around it) in
// English. An error from outside the module gets a Vietnamese message for
// the common cases (a file that does not exist or cannot be read, a
// cancelled run) and, for any other, one that points to the English line.
func Split(err error) (vi, en string) {
	if err == nil {
		return "", ""
	}
	en = err.Error()
	var m Messenger
	if errors.As(err, &m) {
		if vi, _ = m.Messages(); vi != "" {
			return vi, en
		}
	}
	return fallbackVI(err), en
}

// fallbackVI says in Vietnamese what an error from outside the module means.
func fallbackVI(err error) string {
	var pe *fs.PathError
	path := ""
	if errors.As(err, &pe) {
		path = " " + quote(pe.Path)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "Không tìm thấy tệp" + path + ". Đề nghị kiểm tra lại đường dẫn."
	case errors.Is(err, fs.ErrPermission):
		return "Không có quyền truy cập tệp" + path + ". Đề nghị kiểm tra quyền đọc, ghi của tài khoản chạy lệnh."
	case errors.Is(err, fs.ErrExist):
		return "Tệp" + path + " đã có. Đề nghị chọn tên khác hoặc xóa tệp cũ."
	case errors.Is(err, context.Canceled):
		return "Lệnh đã bị dừng trước khi hoàn thành."
	case errors.Is(err, context.DeadlineExceeded):
		return "Hết thời gian chờ. Đề nghị kiểm tra kết nối rồi chạy lại."
	case pe != nil:
		return "Không đọc, ghi được tệp" + path + ". Đề nghị xem chi tiết kỹ thuật ở dòng tiếng Anh."
	}
	return "Không thực hiện được. Đề nghị xem chi tiết kỹ thuật ở dòng tiếng Anh."
}

// quote quotes a value for a Vietnamese message.
func quote(s string) string { return fmt.Sprintf("%q", s) }

// Number writes a number of the wire form (a decimal point) the way a
// Vietnamese text writes it, with a decimal comma: 4.34 → 4,34.
func Number(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}
