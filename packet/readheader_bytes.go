package packet

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// ReadHeaderBytes is ReadHeader of a packet held in memory, its JSON
// records checked on all cores: the header, its findings and the error are
// those of ReadHeader, at the same offset.
func ReadHeaderBytes(data []byte, f Format, lim Limits) (Header, Findings, error) {
	workers := runtime.GOMAXPROCS(0)
	if workers < 2 || !isJSON(data, f) {
		return ReadHeader(bytes.NewReader(data), f, lim)
	}
	d := NewDecoder(nil, FormatJSON, lim) // d.lim as given: resolved where read
	rl := lim.resolved()
	d.r = &jsonPacketReader{d: jsontext.NewBytesDecoder(data, jsonLimits(rl)), lim: rl, raw: true}
	h, fs, err := d.readHeaderParallel(workers)
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
// document's order: the first error is readHeader's.
func (d *Decoder) readHeaderParallel(workers int) (Header, Findings, error) {
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
