package jsontext

import (
	"encoding/binary"
	"math/bits"
)

// NextKey is NextMemberBytes for a reader that looks members up by name:
// it returns the key, and false after the object's closing '}'. A key of
// printable ASCII with no escape, followed at once by ':' — every key of
// a packet as encoders write it — is taken eight bytes at a time, without
// the general string reader, which reads any other.
func (d *Decoder) NextKey(first bool) (key []byte, ok bool, err error) {
	if ok, err = d.memberStart(first); !ok || err != nil {
		return nil, false, err
	}
	start := d.pos + 1 // after the opening quote
	if end := plainKeyEnd(d.buf, start); end >= 0 && end+1 < len(d.buf) && d.buf[end+1] == ':' &&
		(d.lim.MaxNameLen <= 0 || end-start <= d.lim.MaxNameLen) {
		d.pos = end + 2
		return d.buf[start:end], true, nil
	}
	if key, _, err = d.stringBytes(true); err != nil {
		return nil, false, err
	}
	key = d.heldKey(key)
	if err := d.expect(':', "':' after a member name"); err != nil {
		return nil, false, err
	}
	return key, true, nil
}

// plainKeyEnd returns the index of the quote that closes the string
// starting at b[i], when all its bytes before it are printable ASCII
// other than '\\', and -1 otherwise.
func plainKeyEnd(b []byte, i int) int {
	for len(b)-i >= 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if m := specialMask(w) | w&hi8; m != 0 {
			i += bits.TrailingZeros64(m) / 8
			return quoteAt(b, i)
		}
		i += 8
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return quoteAt(b, i)
		}
	}
	return -1
}

// quoteAt returns i when b[i] is a quote, and -1 otherwise.
func quoteAt(b []byte, i int) int {
	if b[i] == '"' {
		return i
	}
	return -1
}

// KeyIs reports whether the next member of the object being walked is
// quoted, a name in quotes followed by ':', written as it stands — no
// white space around it, no escape — and then reads it, as NextKey would.
// A reader that knows which member mostly comes next settles it so with
// one comparison; when KeyIs says false, nothing is read.
func (d *Decoder) KeyIs(first bool, quoted string) bool {
	i := d.pos
	if !first {
		if i >= len(d.buf) || d.buf[i] != ',' {
			return false
		}
		i++
	}
	if len(d.buf)-i < len(quoted) || string(d.buf[i:i+len(quoted)]) != quoted || d.lim.MaxNameLen > 0 {
		return false
	}
	d.pos = i + len(quoted)
	return true
}
