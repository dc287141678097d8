package ndxp

import (
	"errors"
	"fmt"
)

// ErrJournalLocked reports a journal that another upload holds: two runs
// on one journal would both send every record and interleave their lines.
var ErrJournalLocked = errors.New("ndxp: the journal is in use by another upload")

// JournalLockedError is the error of an upload whose journal another
// process holds. It wraps ErrJournalLocked.
type JournalLockedError struct {
	Path string // the journal
	PID  int    // the process holding it, 0 when the system does not say
	Err  error  // ErrJournalLocked

	MessageEN string // what is wrong and what to do, in English
	MessageVI string // the same, in Vietnamese
}

// Error returns the English message; the Vietnamese one is in MessageVI.
func (e *JournalLockedError) Error() string { return "ndxp: " + e.MessageEN }

// Unwrap returns ErrJournalLocked, for errors.Is.
func (e *JournalLockedError) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages, for a program
// that shows both (the module's errors all have this method).
func (e *JournalLockedError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

func journalLocked(path string, pid int) *JournalLockedError {
	e := &JournalLockedError{Path: path, PID: pid, Err: ErrJournalLocked}
	if pid > 0 {
		e.MessageEN = fmt.Sprintf("journal %s is in use by another upload (process %d): wait for it to finish, or stop it, then run again", path, pid)
		e.MessageVI = fmt.Sprintf("Tệp nhật ký gửi %q đang được một lượt gửi khác sử dụng (tiến trình số %d). Đề nghị chờ lượt gửi đó kết thúc hoặc dừng lượt gửi đó, rồi chạy lại.", path, pid)
	} else {
		e.MessageEN = fmt.Sprintf("journal %s is in use by another upload: wait for it to finish, or stop it, then run again", path)
		e.MessageVI = fmt.Sprintf("Tệp nhật ký gửi %q đang được một lượt gửi khác sử dụng. Đề nghị chờ lượt gửi đó kết thúc hoặc dừng lượt gửi đó, rồi chạy lại.", path)
	}
	return e
}
