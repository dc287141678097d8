//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package ndxp

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockJournal takes an exclusive flock(2) on the open journal, without
// waiting. The system releases it when the file is closed or the process
// dies, so a crashed run never leaves the journal locked.
func lockJournal(f *os.File, path string) (unlock func() error, err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return func() error { return nil }, nil // closing the file unlocks it
	case errors.Is(err, syscall.EWOULDBLOCK):
		return nil, journalLocked(path, lockHolder(f))
	default:
		return nil, fmt.Errorf("ndxp: journal %s: locking: %w", path, err)
	}
}
