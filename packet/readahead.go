package packet

import (
	"runtime"
	"sync"
)

// readAhead lets Decoder.Records bind the records of a JSON packet on
// workers while the reader reads on. The records are taken back in the
// document's order, and every other step (a header, a member of the
// envelope, an error, the exact path) is taken in that order too, after
// the records read before it: the records, findings and errors are those
// of binding in the reader. What it holds is bounded, whatever the packet:
// at most aheadRecords records per worker and aheadBytes bytes of
// records read and not yet yielded.
type readAhead struct {
	workers int
	window  int // records queued at most
	pb      parallelBinder
	wg      sync.WaitGroup
	arena   []byte // copies of the records' bytes, which the reader reuses
	bytes   int    // of the records queued
	// held is what the reader returned after the queued records, when
	// the caller stopped before they were all yielded: the next Records
	// (or Header) takes it before reading on.
	held    *event
	heldErr error
}

const (
	aheadRecords = 4 * batchSize // per worker
	aheadBytes   = 8 << 20
	arenaSize    = 64 << 10
)

// readAhead returns d's read-ahead, made on the first call, or nil when
// the records are bound in the reader: an XML packet (its reader binds
// them from its tokens), trees asked for, or one core.
func (d *Decoder) readAhead() *readAhead {
	if d.ahead != nil {
		return d.ahead
	}
	workers := d.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if _, ok := d.r.(*jsonPacketReader); !ok || d.trees || workers < 2 {
		return nil
	}
	window := d.window
	if window == 0 {
		window = aheadRecords * workers
	}
	d.ahead = &readAhead{workers: workers, window: window}
	return d.ahead
}

// start starts the workers; stop ends them once the batches handed on are
// bound, so that no goroutine outlives a Records loop.
func (ra *readAhead) start() {
	ra.pb.work = make(chan *batch, 2*ra.workers)
	for range ra.workers {
		ra.wg.Go(ra.pb.bindBatches)
	}
}

func (ra *readAhead) stop() {
	ra.pb.flush()
	close(ra.pb.work)
	ra.wg.Wait()
}

// push queues a record, its bytes copied, since the reader's are valid
// only until its next read.
func (ra *readAhead) push(d *Decoder, ev event) {
	if ev.raw != nil {
		ev.raw = ra.keep(ev.raw)
		ra.bytes += len(ev.raw)
	}
	ra.pb.queue = append(ra.pb.queue, d.dispatch(ev, &ra.pb))
}

// keep copies b into the arena. A record's bytes are read once bound, and
// the records bound from them do not share them (fastRecord and the exact
// path copy what they keep), so a chunk is dropped with its last record.
func (ra *readAhead) keep(b []byte) []byte {
	if len(b) > cap(ra.arena)-len(ra.arena) {
		if len(b) > arenaSize/4 {
			return append([]byte(nil), b...)
		}
		ra.arena = make([]byte, 0, arenaSize)
	}
	n := len(ra.arena)
	ra.arena = append(ra.arena, b...)
	return ra.arena[n:len(ra.arena):len(ra.arena)]
}

// full tells that the oldest record must be yielded before another is read.
func (ra *readAhead) full() bool {
	return len(ra.pb.queue) >= ra.window || ra.bytes > aheadBytes
}

// pop returns the oldest record queued, once its batch is bound.
func (ra *readAhead) pop() *pending {
	it := ra.pb.queue[0]
	ra.pb.queue[0] = nil
	ra.pb.queue = ra.pb.queue[1:]
	if it.ev.raw != nil {
		ra.bytes -= len(it.ev.raw)
	}
	if it.batch != nil {
		if it.batch == ra.pb.cur {
			ra.pb.flush()
		}
		<-it.batch.done
	}
	return it
}

// hold keeps what the reader returned for the next Records.
func (ra *readAhead) hold(ev event, err error) {
	ra.held, ra.heldErr = &ev, err
}

// next returns what the reader held back, else the reader's next event.
func (d *Decoder) next() (event, error) {
	if ra := d.ahead; ra != nil && ra.held != nil {
		ev, err := *ra.held, ra.heldErr
		ra.held, ra.heldErr = nil, nil
		return ev, err
	}
	return d.r.next()
}

// queued tells that records read ahead wait to be yielded.
func (d *Decoder) queued() bool {
	return d.ahead != nil && len(d.ahead.pb.queue) > 0
}

// yieldQueued yields the oldest record queued, bound by a worker or here,
// and reports whether to go on.
func (d *Decoder) yieldQueued(yield func(Record, error) bool) bool {
	it := d.ahead.pop()
	rec := it.rec
	if !it.ok {
		var err error
		if rec, err = d.exactRecord(it.ev); err != nil {
			d.err = err
			yield(nil, asDecodeError(err))
			return false
		}
	}
	return d.emit(rec, it.ev.index, yield)
}
