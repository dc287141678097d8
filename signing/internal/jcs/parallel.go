package jcs

import (
	"runtime"

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

// parallelArray canonicalises the array that starts at p.d's next byte,
// when it is large and of objects, on all cores (jsontext.ReadPieces), and
// moves p.d past it; ok is false when it did not, and p.d is where it was.
func (p *parser) parallelArray() (ok bool) {
	workers := p.tune.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	start := int(p.d.Offset())
	if workers < 2 || len(p.in)-start < p.tune.minArray {
		return false
	}
	depth := p.d.Depth()
	newRead := func() func(*jsontext.Piece[layout]) {
		w := parser{in: p.in, tune: p.tune, d: jsontext.NewBytesDecoder(nil, jsontext.Limits{MaxDepth: MaxDepth})}
		return func(c *jsontext.Piece[layout]) { w.piece(c, depth+1) }
	}
	mark := len(p.out)
	p.out = append(p.out, '[')
	pieces := 0
	end := jsontext.ReadPieces(p.in, start+1, p.tune.chunk, workers, newRead, func(c *jsontext.Piece[layout]) bool {
		if pieces++; pieces > 1 {
			p.out = append(p.out, ',')
		}
		p.out = c.Result.appendTo(p.out)
		return true
	})
	if end == 0 {
		p.out = p.out[:mark]
		return false
	}
	p.out = append(p.out, ']')
	p.d.ResetAt(p.in[end:], jsontext.At{Offset: int64(end), Depth: depth})
	return true
}

// piece canonicalises the elements of c, in an array with around objects
// and arrays open.
func (p *parser) piece(c *jsontext.Piece[layout], around int) {
	p.layout = c.Result
	p.out, p.fix, p.fixMembers = p.out[:0], p.fix[:0], p.fixMembers[:0]
	p.moved, p.budget = 0, 2*(c.Next-c.Start)
	if p.out == nil {
		p.out = make([]byte, 0, min(c.Next-c.Start, 2*p.tune.chunk)+p.tune.chunk/16+16)
	}
	p.d.ResetAt(p.in[c.Start:c.Next], jsontext.At{Offset: int64(c.Start), Depth: around})
	c.Err = p.elements(c)
	c.Result = p.layout
}

// elements reads the elements of c up to c.Next or the array's end; the
// decoder has the piece's bytes only, so that an element that crosses
// c.Next, where the cut was wrong, ends in an error.
func (p *parser) elements(c *jsontext.Piece[layout]) error {
	for first := true; ; first = false {
		more, err := p.d.NextElement(first)
		if err != nil {
			return err
		}
		if !more {
			c.End = int(p.d.Offset())
			return nil
		}
		if !first {
			if c.AtNext(p.in, p.d.Offset()) {
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
