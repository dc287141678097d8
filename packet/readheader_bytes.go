package packet

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// ReadHeaderBytes is ReadHeader of a packet held in memory, its JSON
// records checked on all cores: the header, its findings and the error are
// those of ReadHeader, at the same offset. A large array of records is cut
// into pieces for the workers without being read first (readPieces).
func ReadHeaderBytes(data []byte, f Format, lim Limits) (Header, Findings, error) {
	return readHeaderBytes(data, f, lim, cutTuning{minArray: 1 << 20, chunk: 256 << 10})
}

// cutTuning is how ReadHeaderBytes cuts a large array of records for its
// workers; a test makes the sizes small.
type cutTuning struct {
	minArray int  // bytes of input left below which each record's end is found by the reader
	chunk    int  // bytes of records a worker takes at a time
	cuts     *int // when set, counts the arrays read in pieces
}

func readHeaderBytes(data []byte, f Format, lim Limits, tune cutTuning) (Header, Findings, error) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || !isJSON(data, f) {
		return ReadHeader(bytes.NewReader(data), f, lim)
	}
	d := NewDecoder(nil, FormatJSON, lim) // d.lim as given: resolved where read
	rl := lim.resolved()
	j := &jsonPacketReader{d: jsontext.NewBytesDecoder(data, jsonLimits(rl)), lim: rl, raw: true}
	d.r = j
	h, fs, err := d.readHeaderParallel(workers, func() {
		if j.readPieces(data, workers, tune) && tune.cuts != nil {
			*tune.cuts++
		}
	})
	if err != nil {
		// The error of the reading of data in one pass, at its offset.
		return ReadHeader(bytes.NewReader(data), f, lim)
	}
	return h, fs, nil
}

// isJSON tells whether data is to be read as JSON: f says so, or
// FormatAuto and DetectFormat do.
func isJSON(data []byte, f Format) bool {
	if f == FormatAuto {
		f, _ = DetectFormat(data)
	}
	return f == FormatJSON
}

// skipped is records read as bytes, checked at once by a worker: err is
// the first error among them.
type skipped struct {
	evs  []event
	err  error
	done chan struct{}
}

// readHeaderParallel is readHeader with the records, read as bytes, checked
// by workers (a Skipper each), and every other step taken in the
// document's order: the first error is readHeader's. At the start of the
// array of records, it calls pieces first, which may read all of them.
func (d *Decoder) readHeaderParallel(workers int, pieces func()) (Header, Findings, error) {
	work := make(chan *skipped, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			sub := jsontext.NewBytesDecoder(nil, jsonLimits(d.lim.resolved()))
			var s jsontext.Skipper
			for c := range work {
				c.err = skipAll(sub, &s, c.evs)
				close(c.done)
			}
		})
	}
	defer wg.Wait()
	defer close(work)

	var queue []*skipped
	var cur *skipped
	drain := func(keep int) error {
		if keep == 0 && cur != nil {
			work <- cur
			queue, cur = append(queue, cur), nil
		}
		for len(queue) > keep {
			c := queue[0]
			queue = queue[1:]
			if <-c.done; c.err != nil {
				return c.err
			}
		}
		return nil
	}
	var fs Findings
	for {
		ev, err := d.r.next()
		if err == nil && ev.kind == evRecord {
			if ev.raw == nil { // read whole by the reader already
				continue
			}
			if cur == nil {
				cur = &skipped{evs: make([]event, 0, batchSize), done: make(chan struct{})}
			}
			if cur.evs = append(cur.evs, ev); len(cur.evs) == batchSize {
				work <- cur
				queue, cur = append(queue, cur), nil
			}
			if err := drain(4 * workers); err != nil {
				return Header{}, nil, asDecodeError(err)
			}
			continue
		}
		if derr := drain(0); derr != nil {
			return Header{}, nil, asDecodeError(derr)
		}
		if err == nil && ev.kind == evData {
			pieces()
		}
		if done, err := d.headerStep(ev, err, &fs); done {
			return d.headerResult(fs, err)
		}
	}
}

// skipAll checks records read as bytes, each on its own as the reader
// would have read it in place, and returns the first error.
func skipAll(sub *jsontext.Decoder, s *jsontext.Skipper, evs []event) error {
	for _, ev := range evs {
		sub.ResetAt(ev.raw, jsontext.At{Offset: ev.offset, Pointer: RecordPointer(ev.index, ""), Depth: ev.depth})
		if err := s.Skip(sub); err != nil {
			return jsonError(err)
		}
	}
	return nil
}

// readPieces checks the records of the array whose '[' j has just read,
// when it is large and of objects, cut into pieces checked on all cores
// (jsontext.ReadPieces), without reading each first to find where it
// ends; it moves j past the array and reports true when every piece is
// fine and followed the one before. Otherwise — a cut inside a record, an
// error anywhere, more records than the limit — j is where it was, to read
// the records one by one, so that what is refused is refused as reading
// them in order refuses it.
func (j *jsonPacketReader) readPieces(data []byte, workers int, tune cutTuning) bool {
	start := int(j.d.Offset())
	if len(data)-start < tune.minArray {
		return false
	}
	depth := j.d.Depth()
	n := 0 // records
	newRead := func() func(*jsontext.Piece[int]) {
		sub := jsontext.NewBytesDecoder(nil, jsonLimits(j.lim))
		var s jsontext.Skipper
		return func(c *jsontext.Piece[int]) { c.Result, c.End, c.Err = skipPiece(sub, &s, data, c, depth) }
	}
	end := jsontext.ReadPieces(data, start, tune.chunk, workers, newRead, func(c *jsontext.Piece[int]) bool {
		n += c.Result
		return j.lim.MaxRecords <= 0 || n <= j.lim.MaxRecords
	})
	if end == 0 {
		return false
	}
	// Past the array, as reading its records and its ']' leaves j.
	j.d.ResetAt(data[end:], jsontext.At{Offset: int64(end), Depth: depth - 1})
	j.inArray, j.index = false, n
	return true
}

// skipPiece checks the records of c, in an array inside depth objects and
// arrays, itself included, and returns how many it read, and the offset
// past the array's ']' when it ends in c. The decoder has the piece's
// bytes only, so that a record that crosses c.Next, where the cut was
// wrong, ends in an error.
func skipPiece(sub *jsontext.Decoder, s *jsontext.Skipper, data []byte, c *jsontext.Piece[int], depth int) (n, end int, err error) {
	sub.ResetAt(data[c.Start:c.Next], jsontext.At{Offset: int64(c.Start), Depth: depth})
	for first := true; ; first = false {
		more, err := sub.NextElement(first)
		if err != nil {
			return n, 0, err
		}
		if !more {
			return n, int(sub.Offset()), nil
		}
		if !first && c.AtNext(data, sub.Offset()) {
			return n, 0, nil // the next piece's first record begins here
		}
		if err := s.Skip(sub); err != nil {
			return n, 0, err
		}
		n++
	}
}
