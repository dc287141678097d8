package jsontext

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// A packet's records are read in two steps, so that one reader can feed
// many workers: the reader finds where a record ends (RawValue), which is
// cheap, and hands its bytes on; a worker reads them (ResetAt, then Value
// or its own walk), which is the costly part. What the worker's read finds
// — a value or the first error, with its offset, pointer and limit — is
// what reading the whole document with Value would have found there.

// At says where a value read on its own stands in the document it was cut
// from.
type At struct {
	Offset  int64  // of the value's first byte
	Pointer string // the JSON Pointer of the value
	Depth   int    // the objects and arrays open around it
}

// Depth returns how many objects and arrays are open where the reader is.
func (d *Decoder) Depth() int { return d.depth }

// ResetAt makes d read data in place, as a decoder of NewBytesDecoder with
// d's limits does, keeping the caches d has built; data is a value cut
// from a document at at, so that offsets, pointers and the depth limit are
// those of the whole document.
func (d *Decoder) ResetAt(data []byte, at At) {
	*d = Decoder{lim: d.lim, buf: data, eof: true, base: at.Offset, depth: at.Depth, prefix: at.Pointer,
		path: d.path[:0], keys: d.keys, vals: d.vals, nums: d.nums, sb: d.sb[:0]}
	if d.lim.MaxBytes > 0 && at.Offset+int64(len(data)) > d.lim.MaxBytes {
		d.pos = len(data)
		d.err = &Error{Kind: Limit, Offset: d.lim.MaxBytes, Pointer: at.Pointer, Msg: fmt.Sprintf("input larger than the limit of %d bytes", d.lim.MaxBytes)}
	}
}

// Raw is a value's bytes, as RawValue found them.
type Raw struct {
	Bytes  []byte // valid until the next read
	Offset int64  // of the first byte
	// Fits tells that the value is within the limits for sure — depth,
	// strings, member names, numbers — so that reading it fails, if at
	// all, on its syntax; when false, it may be over one.
	Fits bool
}

// RawValue reads the next value, when it is an object or an array of at
// most limit bytes, only as far as to find where it ends: it follows
// strings and brackets and checks nothing else. Reading raw.Bytes on their
// own (ResetAt, Value) gives exactly what Value would have given here,
// value or error, since a well-formed prefix of a value nests as its
// brackets do.
//
// Otherwise — another kind of value, one longer than limit or with a
// string longer than the limits allow, an input that ends or fails before
// the value does — it reads the value with Value from its first byte
// instead, and returns what Value returns, with raw.Bytes nil: any failure
// is then met where a reader that did not look ahead meets it.
func (d *Decoder) RawValue(limit int) (raw Raw, v any, err error) {
	c, ok := d.skipSpace()
	if !ok {
		return Raw{}, nil, d.unexpectedEnd()
	}
	if c != '{' && c != '[' {
		v, err = d.Value()
		return Raw{}, v, err
	}
	if end, st, ok := d.scanValue(limit); ok {
		start := d.pos
		d.pos = end
		return Raw{Bytes: d.buf[start:end], Offset: d.base + int64(start), Fits: st.fit(d.lim, d.depth)}, nil, nil
	}
	v, err = d.Value()
	return Raw{}, v, err
}

// rawStats are what scanValue measures of a value for Raw.Fits: bytes as
// they stand, escapes included, which are no fewer than those they decode
// to.
type rawStats struct {
	depth  int // deepest nesting
	str    int // longest string, names included
	name   int // longest member name: a string before ':'
	number int // longest run of bytes outside strings that are not punctuation or space
}

func (st *rawStats) fit(lim Limits, depth int) bool {
	within := func(n, limit int) bool { return limit <= 0 || n <= limit }
	return within(depth+st.depth, lim.MaxDepth) && within(st.str, lim.MaxStringLen) &&
		within(st.name, lim.MaxNameLen) && within(st.number, lim.MaxNumberLen)
}

// scanValue finds the end of the object or array at d.pos, reading more
// input as it needs, without moving d.pos but by how much a refill moved
// it, and measures it. It gives up (false) where RawValue says.
func (d *Decoder) scanValue(limit int) (end int, st rawStats, ok bool) {
	// A string, escapes included, that a reader checking at this refill
	// might find over its limit: the shorter of the two, since a key is
	// not told from a value here. 0: no limit.
	strMax := 0
	for _, n := range []int{d.lim.MaxStringLen, d.lim.MaxNameLen} {
		if n > 0 && (strMax == 0 || 6*n+6 < strMax) {
			strMax = 6*n + 6
		}
	}
	sc := rawScan{strStart: -1, other: d.pos}
	for i := d.pos; ; {
		if i, end = sc.scan(d.buf, i); end > 0 {
			return end, sc.rawStats, true
		}
		if i-d.pos > limit || sc.strStart >= 0 && strMax > 0 && i-(sc.strStart+1) > strMax {
			return 0, st, false
		}
		shift, ok := d.more(d.pos)
		i -= shift
		sc.other -= shift
		if sc.strStart >= 0 {
			sc.strStart -= shift
		}
		if !ok {
			return 0, st, false
		}
	}
}

// rawScan is where scanValue is in a value, and what it has measured.
type rawScan struct {
	rawStats
	depth    int // the objects and arrays open
	strStart int // the index of the quote that opened the string being read, or -1
	last     int // the length of the last string
	other    int // the index of the first byte of the run of other bytes being read
}

// scan reads b from i to the end of the value, and returns the index past
// it; or, where b ends first, 0 and where to read on from: b's end, or a
// backslash that ends it, whose escaped byte, which may be a quote, is to
// be read with it.
//
// It keeps its state in variables and calls nothing, so that the state
// stays in registers: eight bytes at a time inside strings, which are most
// of a record, and byte by byte outside.
func (sc *rawScan) scan(b []byte, i int) (next, end int) {
	st, depth, strStart, last, other := sc.rawStats, sc.depth, sc.strStart, sc.last, sc.other
scan:
	for i < len(b) {
		if strStart >= 0 {
			for ; len(b)-i >= 8; i += 8 {
				w := binary.LittleEndian.Uint64(b[i:])
				q, e := w^(lo8*'"'), w^(lo8*'\\')
				// The lowest high bit set marks the first zero byte of q or e.
				if m := ((q-lo8)&^q | (e-lo8)&^e) & hi8; m != 0 {
					i += bits.TrailingZeros64(m) >> 3
					break
				}
			}
			for i < len(b) && b[i] != '"' && b[i] != '\\' {
				i++
			}
			switch {
			case i >= len(b):
				break scan
			case b[i] == '\\':
				if i+1 >= len(b) {
					break scan // read the escaped byte first: it may be a quote
				}
				i += 2
				continue
			}
			last = i - strStart - 1
			st.str = max(st.str, last)
			strStart = -1
			i++
			other = i
			continue
		}
		c := rawClass[b[i]]
		if c == rawOther {
			i++
			continue
		}
		st.number = max(st.number, i-other)
		i++
		other = i
		switch c {
		case rawQuote:
			strStart = i - 1
		case rawColon:
			st.name = max(st.name, last)
		case rawOpen:
			depth++
			st.depth = max(st.depth, depth)
		case rawClose:
			if depth--; depth == 0 {
				end = i
				break scan
			}
		}
	}
	sc.rawStats, sc.depth, sc.strStart, sc.last, sc.other = st, depth, strStart, last, other
	return i, end
}

// The classes of bytes outside strings, for scanValue.
const (
	rawOther = iota // part of a number or a literal, or not JSON
	rawSpace        // white space or ','
	rawQuote
	rawColon
	rawOpen
	rawClose
)

var rawClass = func() (t [256]uint8) {
	for c, k := range map[byte]uint8{' ': rawSpace, '\t': rawSpace, '\n': rawSpace, '\r': rawSpace, ',': rawSpace,
		'"': rawQuote, ':': rawColon, '{': rawOpen, '[': rawOpen, '}': rawClose, ']': rawClose} {
		t[c] = k
	}
	return t
}()
