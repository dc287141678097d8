package packet

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
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

// skipped is a record read as bytes, and its check by a worker.
type skipped struct {
	ev   event
	err  error
	done chan struct{}
}

// readHeaderParallel is readHeader with the records, read as bytes, checked
// by workers (a Skipper each), and every other step taken in the
// document's order: the first error is readHeader's.
func (d *Decoder) readHeaderParallel(workers int) (Header, Findings, error) {
	work := make(chan *skipped, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			sub := jsontext.NewBytesDecoder(nil, jsonLimits(d.lim.resolved()))
			var s jsontext.Skipper
			for c := range work {
				sub.ResetAt(c.ev.raw, jsontext.At{Offset: c.ev.offset, Pointer: "/DuLieu/" + strconv.Itoa(c.ev.index), Depth: c.ev.depth})
				if err := s.Skip(sub); err != nil {
					c.err = jsonError(err)
				}
				close(c.done)
			}
		})
	}
	defer wg.Wait()
	defer close(work)

	var queue []*skipped
	drain := func(keep int) error {
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
			if ev.raw != nil { // else read whole by the reader already
				c := &skipped{ev: ev, done: make(chan struct{})}
				work <- c
				queue = append(queue, c)
			}
			if err := drain(64 * workers); err != nil {
				return Header{}, nil, asDecodeError(err)
			}
			continue
		}
		if derr := drain(0); derr != nil {
			return Header{}, nil, asDecodeError(derr)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Header{}, nil, asDecodeError(err)
		}
		if ev.kind == evHeader {
			d.takeHeader(ev)
			fs = d.Findings()
		}
	}
	if d.header == nil {
		return Header{}, nil, ErrMissingHeader
	}
	return *d.header, fs, nil
}
