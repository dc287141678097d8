package jsontext

import "fmt"

// ResetBytes makes d read data in place, as a decoder of NewBytesDecoder
// with d's limits does, keeping the caches d has built: a reader of many
// small documents, one record at a time, then allocates no decoder and
// no cache for each.
func (d *Decoder) ResetBytes(data []byte) {
	*d = Decoder{lim: d.lim, buf: data, eof: true, path: d.path[:0],
		keys: d.keys, vals: d.vals, nums: d.nums, sb: d.sb[:0]}
	if d.lim.MaxBytes > 0 && int64(len(data)) > d.lim.MaxBytes {
		d.pos = len(data)
		d.err = &Error{Kind: Limit, Offset: d.lim.MaxBytes, Msg: fmt.Sprintf("input larger than the limit of %d bytes", d.lim.MaxBytes)}
	}
}
