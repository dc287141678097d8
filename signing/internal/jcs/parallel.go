package jcs

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// A packet is one object whose records are the elements of one large
// array (DuLieu), and the canonical form of an element depends on nothing
// outside it. So a large array of objects at the top level is
// canonicalised on all cores, without reading it first to find where its
// elements end: the records of a packet all begin with the same key, so
// the array is cut, every chunk bytes or so, before the next element
// that begins as the first one does ({"SoDinhDanh": in a packet), and
// each piece goes to a worker with a parser of its own. A cut may be
// wrong — inside an element, where a nested object begins alike, or past
// the array — so a worker reads elements from its cut until it comes to
// the next one, and the next piece is taken only if the worker met an
// element beginning exactly there; the worker that meets the array's ']'
// ends it. The first piece begins at the first element, so each piece
// taken begins at an element: what the workers write is what reading
// alone writes. Anything unusual — a cut missed, an error anywhere — and
// the array is read again by the one parser, from its start, so that what
// is refused is refused with the very error, at the very offset, that
// reading alone gives. The work stays linear: the pieces do not overlap
// and a worker reads nothing outside its piece, the search for cuts moves
// forward only, and reading again reads the array once more.
//
// A worker reorders in place as the one parser does, within twice the
// bytes of its piece; what is left beyond that is written in order when
// the piece is appended to the output (layout), which moves each byte
// once.

// Tuning of the parallel path; a test makes them small.
type tuning struct {
	minArray int // bytes of input left below which an array is read alone
	chunk    int // bytes of elements a worker takes at a time
	workers  int // 0: GOMAXPROCS
}

var defaultTuning = tuning{minArray: 1 << 20, chunk: 256 << 10}

// piece is the input from start up to the element that begins at next,
// or to the end of the array, and what a worker made of it.
type piece struct {
	start, next int
	out         layout
	end         int // past the array's ']' when the array ends here, else 0
	err         error
	done        chan struct{}
}

// parallelArray canonicalises the array that starts at p.d's next byte,
// when it is large and of objects, on all cores, and moves p.d past it;
// ok is false when it did not, and p.d is where it was.
func (p *parser) parallelArray() (ok bool) {
	workers := p.tune.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := int(p.d.Offset())
	if workers < 2 || len(p.in)-start < p.tune.minArray {
		return false
	}
	first, key := jsontext.FirstKey(p.in, start+1) // past the '['
	if key == nil {
		return false
	}
	depth := p.d.Depth()

	work := make(chan *piece, 2*workers)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := parser{in: p.in, tune: p.tune, d: jsontext.NewBytesDecoder(nil, jsontext.Limits{MaxDepth: MaxDepth})}
			for c := range work {
				if !stop.Load() {
					w.piece(c, depth+1)
				}
				close(c.done)
			}
		})
	}
	mark := len(p.out)
	end := p.gather(first, key, 2*workers, work)
	stop.Store(true)
	close(work)
	wg.Wait()
	if end == 0 {
		p.out = p.out[:mark]
		return false
	}
	p.d.ResetAt(p.in[end:], jsontext.At{Offset: int64(end), Depth: depth})
	return true
}

// gather cuts the array whose first element begins at first, with key,
// hands the pieces to work, at most ahead of them at a time, and writes
// what the workers made of them in order; it returns the offset past the
// array's ']', or 0 when the array is to be read again.
func (p *parser) gather(first int, key []byte, ahead int, work chan<- *piece) (end int) {
	var queue []*piece
	var free []layout
	next := first
	p.out = append(p.out, '[')
	for n := 0; ; n++ {
		for len(queue) < ahead && next < len(p.in) {
			c := &piece{start: next, done: make(chan struct{})}
			next = jsontext.Cut(p.in, next+p.tune.chunk, key)
			c.next = next
			if k := len(free); k > 0 {
				c.out, free = free[k-1], free[:k-1]
			}
			queue = append(queue, c)
			work <- c
		}
		if len(queue) == 0 {
			return 0
		}
		c := queue[0]
		queue = queue[1:]
		<-c.done
		if c.err != nil {
			return 0
		}
		if n > 0 {
			p.out = append(p.out, ',')
		}
		p.out = c.out.appendTo(p.out)
		if c.end > 0 {
			p.out = append(p.out, ']')
			return c.end
		}
		free = append(free, c.out)
	}
}

// piece canonicalises the elements of c, in an array with around objects
// and arrays open.
func (p *parser) piece(c *piece, around int) {
	p.layout = c.out
	p.out, p.fix, p.fixMembers = p.out[:0], p.fix[:0], p.fixMembers[:0]
	p.moved, p.budget = 0, 2*(c.next-c.start)
	if p.out == nil {
		p.out = make([]byte, 0, min(c.next-c.start, 2*p.tune.chunk)+p.tune.chunk/16+16)
	}
	p.d.ResetAt(p.in[c.start:c.next], jsontext.At{Offset: int64(c.start), Depth: around})
	c.err = p.elements(c)
	c.out = p.layout
}

// elements reads the elements of c up to c.next or the array's end; the
// decoder has the piece's bytes only, so that an element that crosses
// c.next, where the cut was wrong, ends in an error.
func (p *parser) elements(c *piece) error {
	for first := true; ; first = false {
		more, err := p.d.NextElement(first)
		if err != nil {
			return err
		}
		if !more {
			c.end = int(p.d.Offset())
			return nil
		}
		if !first {
			if jsontext.SkipSpace(p.in, int(p.d.Offset())) == c.next {
				return nil
			}
			p.out = append(p.out, ',')
		}
		b, err := p.d.Peek()
		if err != nil {
			return err
		}
		if err := p.value(b); err != nil {
			return err
		}
	}
}
