//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package ndxp

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// lockJournal, where flock(2) is missing, creates path.lock exclusively and
// writes the process ID into it; unlock removes it. A run that dies leaves
// it behind: the error then names a process that no longer runs, and the
// file must be removed by hand.
func lockJournal(_ *os.File, path string) (unlock func() error, err error) {
	name := path + ".lock"
	lf, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		data, _ := os.ReadFile(name)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
		e := journalLocked(path, pid)
		e.MessageEN += "; if no upload is running, remove " + name
		e.MessageVI += fmt.Sprintf(" Nếu không có lượt gửi nào đang chạy, đề nghị xóa tệp %q.", name)
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("ndxp: journal %s: locking: %w", path, err)
	}
	_, werr := fmt.Fprintf(lf, "%d\n", os.Getpid())
	if cerr := lf.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(name)
		return nil, fmt.Errorf("ndxp: journal %s: locking: %w", path, werr)
	}
	return func() error { return os.Remove(name) }, nil
}
