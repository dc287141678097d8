// Package bufread is the buffer the packet readers share: they scan bytes
// in place and, when a token runs past the end of what was read, keep its
// start and read more.
package bufread

import "io"

// MinRead is the least room Refill leaves for one read.
const MinRead = 32 << 10

// Refill moves buf[keep:] to the front of buf, makes room for at least
// MinRead more bytes, and reads once from r into that room. Offsets into
// buf move back by keep.
func Refill(r io.Reader, buf []byte, keep int) (out []byte, n int, err error) {
	if keep > 0 {
		buf = buf[:copy(buf, buf[keep:])]
	}
	if cap(buf)-len(buf) < MinRead {
		nb := make([]byte, len(buf), 2*cap(buf)+MinRead)
		copy(nb, buf)
		buf = nb
	}
	n, err = r.Read(buf[len(buf):cap(buf)])
	return buf[:len(buf)+n], n, err
}
