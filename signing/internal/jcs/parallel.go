package jcs

import (
	"runtime"
	"sync"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// A packet is one object whose records are the elements of one large
// array (DuLieu), and the canonical form of an element depends on nothing
// outside it. So a large array of objects or arrays at the top level is
// canonicalised on all cores: the reader finds where each element ends
// (jsontext's RawValue, which reads no value), hands chunks of elements to
// workers, each with a parser of its own, and writes their outputs in
// order. Anything unusual — an element that is not an object or array, an
// error anywhere — and the array is read again by the one parser, from its
// start, so that what is refused is refused with the very error, at the
// very offset, that reading alone gives.

// Tuning of the parallel path; a test makes them small.
type tuning struct {
	minArray int // bytes of an array below which it is read alone
	chunk    int // bytes of elements a worker takes at a time
	workers  int // 0: GOMAXPROCS
}

var defaultTuning = tuning{minArray: 1 << 20, chunk: 256 << 10}

// chunk is a run of elements of the array, in[lo:hi] as spans, and what a
// worker made of them.
type chunk struct {
	spans []jsontext.Raw
	out   []byte
	err   error
	done  chan struct{}
}

// parallelArray canonicalises the array that starts at p.d's next byte,
// when it is large, on all cores, and moves p.d past it; ok is false when
// it did not, and p.d is where it was.
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
	scan := jsontext.NewBytesDecoder(nil, jsontext.Limits{MaxDepth: MaxDepth})
	scan.ResetAt(p.in[start:], jsontext.At{Offset: int64(start), Depth: depth})

	work := make(chan *chunk, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := parser{in: p.in, budget: 2 * p.tune.chunk, tune: p.tune}
			for c := range work {
				c.out, c.err = w.elements(c.spans, depth+1)
				close(c.done)
			}
		})
	}
	var chunks []*chunk
	end, scanned := p.scanElements(scan, func(c *chunk) bool {
		chunks = append(chunks, c)
		work <- c
		return true
	})
	close(work)
	wg.Wait()
	if !scanned {
		return false
	}
	for _, c := range chunks {
		if c.err != nil {
			return false
		}
	}
	p.out = append(p.out, '[')
	for i, c := range chunks {
		if i > 0 {
			p.out = append(p.out, ',')
		}
		p.out = append(p.out, c.out...)
	}
	p.out = append(p.out, ']')
	p.d.ResetAt(p.in[end:], jsontext.At{Offset: int64(end), Depth: depth})
	return true
}

// scanElements finds the elements of the array at scan's next byte, and
// hands them on in chunks; it returns the offset past the array's ']',
// and false if an element is not an object or array, or anything fails.
func (p *parser) scanElements(scan *jsontext.Decoder, hand func(*chunk) bool) (end int, ok bool) {
	if scan.BeginArray() != nil {
		return 0, false
	}
	var cur *chunk
	size := 0
	flush := func() bool {
		if cur == nil {
			return true
		}
		c := cur
		cur, size = nil, 0
		return hand(c)
	}
	for first := true; ; first = false {
		more, err := scan.NextElement(first)
		if err != nil {
			return 0, false
		}
		if !more {
			break
		}
		raw, _, err := scan.RawValue(len(p.in))
		if err != nil || raw.Bytes == nil {
			return 0, false
		}
		if cur == nil {
			cur = &chunk{done: make(chan struct{})}
		}
		cur.spans = append(cur.spans, raw)
		if size += len(raw.Bytes); size >= p.tune.chunk && !flush() {
			return 0, false
		}
	}
	if !flush() {
		return 0, false
	}
	return int(scan.Offset()), true
}

// elements canonicalises the elements of spans, each with around objects
// and arrays open around it, and returns them separated by commas.
func (p *parser) elements(spans []jsontext.Raw, around int) ([]byte, error) {
	size := 0
	for _, s := range spans {
		size += len(s.Bytes)
	}
	p.out = make([]byte, 0, size+size/16+16)
	p.fix, p.fixMembers, p.moved = p.fix[:0], p.fixMembers[:0], 0
	if p.d == nil {
		p.d = jsontext.NewBytesDecoder(nil, jsontext.Limits{MaxDepth: MaxDepth})
	}
	for i, s := range spans {
		if i > 0 {
			p.out = append(p.out, ',')
		}
		p.d.ResetAt(s.Bytes, jsontext.At{Offset: s.Offset, Depth: around})
		c, err := p.d.Peek()
		if err == nil {
			err = p.value(c)
		}
		if err == nil {
			err = p.d.End()
		}
		if err != nil {
			return nil, lexError(err)
		}
	}
	return p.result(), nil
}
