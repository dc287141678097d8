package jsontext

import (
	"bytes"
	"sync"
	"sync/atomic"
)

// A reader that holds a whole document may also skip finding where each
// record ends before handing it on: it cuts a large array of records
// where an element seems to begin (FirstKey, Cut), and a worker reads the
// elements from one cut up to the next (ReadPieces). A cut may be wrong —
// inside an element where a nested object begins alike — so a cut counts
// only when the worker before it, which began at the array's first
// element or at a cut that counted, read elements up to exactly there;
// otherwise the array is read again in order. The work stays linear: the
// pieces do not overlap, a worker reads nothing outside its own, and the
// search for cuts moves forward only.

// A Piece is the elements of an array from the one that begins at Start up
// to the one that begins at Next, or to the array's end, and what a
// worker found reading them.
type Piece[R any] struct {
	Start, Next int
	End         int   // past the array's ']' when it ends in the piece, else 0
	Err         error // the reading's: the piece does not count
	// Result is the worker's, for the caller to take. A piece is reused
	// once taken, Result with it, so that a worker may reuse its memory.
	Result R
	done   chan struct{}
}

// AtNext tells that the element after one read, which ends at offset, is
// the next piece's first: the worker has read its piece.
func (c *Piece[R]) AtNext(data []byte, offset int64) bool {
	return SkipSpace(data, int(offset)) == c.Next
}

// ReadPieces reads the array of data whose '[' ends at open, when its
// first element is an object whose first key has no escape: the array is
// cut every chunk bytes or so (Cut), and the pieces are read by read on
// workers goroutines, at most two for each worker ahead of the one taken;
// newRead makes each worker's read, which sets the piece's End, Err and
// Result. take takes the pieces in order, while they count. ReadPieces
// returns the offset past the array's ']', or 0 when the array is to be
// read again in order: a piece that failed, or did not follow the one
// before, or that take refused.
func ReadPieces[R any](data []byte, open, chunk, workers int, newRead func() func(*Piece[R]), take func(*Piece[R]) bool) (end int) {
	first, key := FirstKey(data, open)
	if key == nil {
		return 0
	}
	work := make(chan *Piece[R], 2*workers)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		read := newRead()
		wg.Go(func() {
			for c := range work {
				if !stop.Load() {
					read(c)
				}
				close(c.done)
			}
		})
	}
	end = gatherPieces(data, first, key, chunk, 2*workers, work, take)
	stop.Store(true)
	close(work)
	wg.Wait()
	return end
}

// gatherPieces cuts the array whose first element begins at first, with
// key, hands the pieces to work, at most ahead at a time, and has take
// take them in order; it returns ReadPieces' end.
func gatherPieces[R any](data []byte, first int, key []byte, chunk, ahead int, work chan<- *Piece[R], take func(*Piece[R]) bool) (end int) {
	var queue, free []*Piece[R]
	for next := first; ; {
		for len(queue) < ahead && next < len(data) {
			var c *Piece[R]
			if k := len(free); k > 0 {
				c, free = free[k-1], free[:k-1]
			} else {
				c = new(Piece[R])
			}
			c.Start, c.End, c.Err, c.done = next, 0, nil, make(chan struct{})
			next = Cut(data, next+chunk, key)
			c.Next = next
			queue = append(queue, c)
			work <- c
		}
		if len(queue) == 0 {
			return 0
		}
		c := queue[0]
		queue = queue[1:]
		if <-c.done; c.Err != nil || !take(c) {
			return 0
		}
		if c.End > 0 {
			return c.End
		}
		free = append(free, c)
	}
}

// FirstKey returns where the first element of an array begins, from
// in[i] past its '[', and its first member's key as written, quotes
// included, when it is an object whose first key has no escape; key is
// nil otherwise.
func FirstKey(in []byte, i int) (first int, key []byte) {
	first = SkipSpace(in, i)
	k := SkipSpace(in, first+1)
	if first >= len(in) || in[first] != '{' || k >= len(in) || in[k] != '"' {
		return 0, nil
	}
	n := bytes.IndexByte(in[k+1:], '"')
	if n < 0 || bytes.IndexByte(in[k+1:k+1+n], '\\') >= 0 {
		return 0, nil
	}
	return first, in[k : k+2+n]
}

// Cut returns where the first element at or after from that begins as
// {key: after a ',' begins; len(in) when there is none. It reads forward
// only: cuts made one after another read in once.
func Cut(in []byte, from int, key []byte) int {
	for at := from + 1; at < len(in); {
		i := bytes.Index(in[at:], key)
		if i < 0 {
			break
		}
		k := at + i
		at = k + len(key)
		if j := SkipSpace(in, at); j >= len(in) || in[j] != ':' {
			continue
		}
		b := skipSpaceBack(in, k-1)
		if b < from || in[b] != '{' {
			continue
		}
		if c := skipSpaceBack(in, b-1); c >= 0 && in[c] == ',' {
			return b
		}
	}
	return len(in)
}

// skipSpaceBack returns the index of the last byte of b at or before i that
// is not white space; -1 when there is none.
func skipSpaceBack(b []byte, i int) int {
	for i >= 0 && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i--
	}
	return i
}
