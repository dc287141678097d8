package packet

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// headerName is the JSON member of a packet's header.
var headerName = wireName[Packet]("Header")

// headerFirstReader hands on the events of a JSON packet held in memory
// with its header first, as if the header were the packet's first member.
// RFC 8785 sorts the members, so the records (DuLieu) of a canonical
// packet come before its header (ThongTinGoiTin), and a reader binds a
// record straight from its bytes only once it has the header: read in
// that order, every record would be read into a tree first. A header that
// is not an object or an array is left where it stands.
//
// Where the header stands is guessed first: a packet's last
// ,"ThongTinGoiTin": is read as its header, and handed on at once, so
// that records are bound while the reader reads on. The reader confirms
// the guess when it meets the header, ending at the same byte (two values
// of valid JSON that end at the same byte are one); else the reading
// fails with errWrongGuess, and is made again without guessing: the
// events before the header then wait until it is read, and come after it.
// Either way the packet is read in one pass, without moving a byte.
type headerFirstReader struct {
	r       *jsonPacketReader
	guess   *guessedHeader
	waiting []event // read before the header, to be handed on after it
	found   bool    // the header has been met, or the packet ended
	err     error   // met while looking for the header, after waiting
}

// guessedHeader is the header read where it was guessed to stand.
type guessedHeader struct {
	ev        event
	end       int64 // the offset past its value
	handed    bool  // handed on, as the first event
	confirmed bool  // met by the reader, ending at end
}

// errWrongGuess is the reading of a packet whose header is not where it
// was guessed to stand.
var errWrongGuess = errors.New("packet: the header is not where it was guessed to stand")

// guessHeader reads the value after the last ,"ThongTinGoiTin": of data,
// as the reader would read the header there; nil when there is none, or
// it is not an object or an array, or reading it fails.
func guessHeader(data []byte, lim readLimits) *guessedHeader {
	at := bytes.LastIndex(data, []byte(`,"`+headerName+`":`))
	if at < 0 {
		return nil
	}
	start := at + len(headerName) + 4
	d := jsontext.NewBytesDecoder(nil, jsonLimits(lim))
	d.ResetAt(data[start:], jsontext.At{Offset: int64(start), Pointer: "/" + headerName, Depth: 1})
	v, err := d.Value()
	if err != nil {
		return nil
	}
	switch v.(type) {
	case map[string]any, []any:
		return &guessedHeader{ev: event{kind: evHeader, tree: v}, end: d.Offset()}
	}
	return nil
}

func (h *headerFirstReader) version() int { return h.r.version() }

func (h *headerFirstReader) next() (event, error) {
	if h.guess != nil {
		return h.nextGuessed()
	}
	if !h.found {
		h.find()
	}
	if len(h.waiting) > 0 {
		ev := h.waiting[0]
		h.waiting = h.waiting[1:]
		return ev, nil
	}
	if h.err != nil {
		return event{}, h.err
	}
	return h.r.next()
}

// nextGuessed is next with the guessed header handed on first, and the
// header the reader meets taken as the guess confirmed.
func (h *headerFirstReader) nextGuessed() (event, error) {
	g := h.guess
	if !g.handed {
		g.handed = true
		return g.ev, nil
	}
	for {
		ev, err := h.r.next()
		switch {
		case err == io.EOF && !g.confirmed:
			return event{}, errWrongGuess
		case err != nil:
			return event{}, err
		case ev.kind != evHeader:
			return ev, nil
		case g.confirmed || h.r.d.Offset() != g.end:
			return event{}, errWrongGuess
		}
		g.confirmed = true
	}
}

// find reads up to the header, or to the end or an error, and lines the
// events up: the header first, when it moves.
func (h *headerFirstReader) find() {
	h.found = true
	for {
		ev, err := h.r.next()
		if err != nil {
			h.err = err
			return
		}
		if ev.kind != evHeader {
			h.waiting = append(h.waiting, ev)
			continue
		}
		switch ev.tree.(type) {
		case map[string]any, []any:
			h.waiting = append([]event{ev}, h.waiting...)
		default:
			h.waiting = append(h.waiting, ev)
		}
		return
	}
}

// DecodeBytes is Decode of a packet held in memory, its records bound on
// all cores. A JSON packet whose header comes after its records — as in
// its canonical form (RFC 8785), which sorts DuLieu before ThongTinGoiTin
// — is read with its header first, as a JSON object's members may be, so
// that every record is bound straight from its bytes: the packet is the
// one Decode reads from the same members with the header first, the
// findings the same with the header's first. An error is the one Decode
// meets reading data as it stands, at the same offset.
func DecodeBytes(data []byte, f Format, lim Limits) (*Packet, Findings, error) {
	if !isJSON(data, f) {
		return Decode(bytes.NewReader(data), f, lim)
	}
	rl := lim.resolved()
	p, fs, err := decodeHeaderFirst(data, lim, guessHeader(data, rl))
	if errors.Is(err, errWrongGuess) {
		p, fs, err = decodeHeaderFirst(data, lim, nil)
	}
	if err != nil {
		// The error of the reading of data as it stands, at its offset.
		return Decode(bytes.NewReader(data), f, lim)
	}
	return p, fs, nil
}

// decodeHeaderFirst decodes data, a JSON packet, with a headerFirstReader
// that starts from guess, if any.
func decodeHeaderFirst(data []byte, lim Limits, guess *guessedHeader) (*Packet, Findings, error) {
	d := NewDecoder(nil, FormatJSON, lim) // d.lim as given: resolved where read
	rl := lim.resolved()
	d.r = &headerFirstReader{r: &jsonPacketReader{d: jsontext.NewBytesDecoder(data, jsonLimits(rl)), lim: rl, raw: true}, guess: guess}
	return decodeParallel(d, max(runtime.GOMAXPROCS(0), 1))
}

// pending is a record read, and its binding: by a worker, straight from its
// bytes, when its batch is done; else, or when fastRecord gave up, in order.
type pending struct {
	ev          event
	name        string
	major       int
	rec         Record
	ok          bool
	batch       *batch // nil: bound in order
	afterHeader bool   // the header had been read
}

// batch is records handed to a worker at once, so that a record costs no
// channel of its own.
type batch struct {
	items []pending // of capacity batchSize, so that pointers into it hold
	done  chan struct{}
}

const batchSize = 32

// parallelBinder hands records to workers in batches and takes them back
// in order.
type parallelBinder struct {
	work  chan *batch
	cur   *batch // filling, not yet handed on
	queue []*pending
}

// bindBatches is a worker: it binds the batches handed on until there are
// no more.
func (pb *parallelBinder) bindBatches() {
	for b := range pb.work {
		for i := range b.items {
			it := &b.items[i]
			it.rec, it.ok = fastRecord(it.name, it.ev.raw, it.major)
		}
		close(b.done)
	}
}

// flush hands the batch being filled to the workers.
func (pb *parallelBinder) flush() {
	if pb.cur != nil {
		pb.work <- pb.cur
		pb.cur = nil
	}
}

// decodeParallel is decodeAll with the records that fastRecord can bind
// bound by workers, their bytes being stable (a reader of bytes in
// memory), and every other step taken in the document's order: the
// findings and the first error are those of decodeAll.
func decodeParallel(d *Decoder, workers int) (*Packet, Findings, error) {
	pb := &parallelBinder{work: make(chan *batch, 2*workers)}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(pb.bindBatches)
	}
	defer wg.Wait()
	defer close(pb.work)

	p := &Packet{}
	var early []Record
	drain := func(keep int) error {
		for len(pb.queue) > keep {
			it := pb.queue[0]
			pb.queue = pb.queue[1:]
			if it.batch != nil {
				if it.batch == pb.cur {
					pb.flush()
				}
				<-it.batch.done
			}
			if err := d.take(it, p, &early); err != nil {
				return err
			}
		}
		return nil
	}
	window := 4 * batchSize * workers
	for {
		ev, err := d.r.next()
		if ev.kind == evRecord && err == nil {
			pb.queue = append(pb.queue, d.dispatch(ev, pb))
			if err := drain(window); err != nil {
				return nil, nil, asDecodeError(err)
			}
			continue
		}
		if derr := drain(0); derr != nil {
			return nil, nil, asDecodeError(derr)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, asDecodeError(err)
		}
		switch ev.kind {
		case evHeader:
			d.takeHeader(ev)
		case evSignature, evUnknown:
			d.takeEnvelope(ev)
		}
	}
	return d.finish(p, d.findings, early)
}

// dispatch puts a record fastRecord may bind into the batch for the
// workers, and returns its place.
func (d *Decoder) dispatch(ev event, pb *parallelBinder) *pending {
	it := pending{ev: ev, afterHeader: d.header != nil}
	if raw := ev.rawRecord(); raw == nil || d.header == nil {
		return &it
	}
	name, major := d.header.Kind.RecordName(), d.major()
	if name == "" || major == 0 {
		return &it
	}
	if pb.cur == nil {
		pb.cur = &batch{items: make([]pending, 0, batchSize), done: make(chan struct{})}
	}
	it.name, it.major, it.batch = name, major, pb.cur
	b := pb.cur
	b.items = append(b.items, it)
	if len(b.items) == batchSize {
		pb.flush()
	}
	return &b.items[len(b.items)-1]
}

// take adds a record to p, as decodeAll does, once its binding is done,
// or binds it here (Decoder.record's exact path).
func (d *Decoder) take(it *pending, p *Packet, early *[]Record) error {
	rec := it.rec
	if !it.ok {
		var err error
		if rec, err = d.exactRecord(it.ev); err != nil {
			return err
		}
	}
	d.records++
	if rec == nil {
		d.findings.add(unknownKind(it.ev.index))
		return nil
	}
	if !it.afterHeader {
		*early = append(*early, rec)
	}
	p.Records.add(rec)
	return nil
}
