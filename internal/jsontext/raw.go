package jsontext

import "fmt"

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
	if d.keys == nil {
		d.keys = make(map[string]string, 256)
	}
	if d.lim.MaxBytes > 0 && at.Offset+int64(len(data)) > d.lim.MaxBytes {
		d.pos = len(data)
		d.err = &Error{Kind: Limit, Offset: d.lim.MaxBytes, Pointer: at.Pointer, Msg: fmt.Sprintf("input larger than the limit of %d bytes", d.lim.MaxBytes)}
	}
}

// RawValue reads the next value, when it is an object or an array of at
// most limit bytes, only as far as to find where it ends: it follows strings
// and brackets and checks nothing else. It returns the value's bytes, valid
// until the next read, and the offset of the first; reading them on their
// own (ResetAt, Value) gives exactly what Value would have given here,
// value or error, since a well-formed prefix of a value nests as its
// brackets do.
//
// Otherwise — another kind of value, one longer than limit or with a string
// longer than the limits allow, an input that ends or fails before the
// value does — it reads the value with Value from its first byte instead,
// and returns what Value returns, with raw nil: any failure is then met
// where a reader that did not look ahead meets it.
func (d *Decoder) RawValue(limit int) (raw []byte, offset int64, v any, err error) {
	c, ok := d.skipSpace()
	if !ok {
		return nil, 0, nil, d.unexpectedEnd()
	}
	if c != '{' && c != '[' {
		v, err = d.Value()
		return nil, 0, v, err
	}
	if end, ok := d.scanValue(limit); ok {
		start := d.pos
		d.pos = end
		return d.buf[start:end], d.base + int64(start), nil, nil
	}
	v, err = d.Value()
	return nil, 0, v, err
}

// scanValue finds the end of the object or array at d.pos, reading more
// input as it needs, without moving d.pos but by how much a refill moved
// it. It gives up (false) where RawValue says.
func (d *Decoder) scanValue(limit int) (end int, ok bool) {
	// A string, escapes included, that a reader checking at this refill
	// might find over its limit: the shorter of the two, since a key is
	// not told from a value here. 0: no limit.
	strMax := 0
	for _, n := range []int{d.lim.MaxStringLen, d.lim.MaxNameLen} {
		if n > 0 && (strMax == 0 || 6*n+6 < strMax) {
			strMax = 6*n + 6
		}
	}
	i, depth := d.pos, 0
	inString, strStart := false, 0
	for {
		for i < len(d.buf) {
			if inString {
				i, _ = scanPlain(d.buf, i)
				if i >= len(d.buf) {
					break
				}
				switch d.buf[i] {
				case '"':
					inString = false
				case '\\':
					if i+1 >= len(d.buf) {
						goto more // read the escaped byte first: it may be a quote
					}
					i++
				}
				i++ // a control character too: the full read reports it
				continue
			}
			switch d.buf[i] {
			case '"':
				inString, strStart = true, i
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1, true
				}
			}
			i++
		}
	more:
		if i-d.pos > limit || inString && strMax > 0 && i-(strStart+1) > strMax {
			return 0, false
		}
		shift, ok := d.more(d.pos)
		i -= shift
		strStart -= shift
		if !ok {
			return 0, false
		}
	}
}
