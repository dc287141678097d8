package packet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/internal/panics"
	"github.com/cbccvc/cbccvc-go/packet/schema"
)

// Validator checks packets in three layers — well-formedness, JSON Schema,
// semantic rules — and reports every finding with its rule code, in
// document order. It reads a packet one record at a time, so the memory it
// needs does not grow with the number of records (only with the number of
// findings). A Validator is safe for concurrent use.
//
// The zero Validator validates as NewValidator() does, with the embedded
// schemas, codelist.Default(), the system clock in Vietnam's time, a skew
// of 5 minutes and DefaultLimits(); a nil *Validator returns ErrNil.
type Validator struct {
	schemas  map[int]*schemaSet // by major format version
	custom   []*schema.Schemas  // WithSchemas
	codes    *codelist.Set
	workdays *calendar.Calendar
	now      func() time.Time
	skew     time.Duration
	skewSet  bool // WithSkew was given: a zero skew is then no skew, not the default
	limits   Limits
	format   Format
	progress func(records int)
	// recycled, when set, is called with each record before the
	// collector recycles it (validation.recycle): tests write it over.
	recycled func(Record)
	// trees makes the reader read records into trees itself, as it did
	// before the workers read them: the reference the pipeline's tests
	// compare with.
	trees bool
}

// ValidatorOption configures a Validator.
type ValidatorOption func(*Validator)

// WithCodeLists validates codes against s instead of codelist.Default().
func WithCodeLists(s *codelist.Set) ValidatorOption { return func(v *Validator) { v.codes = s } }

// WithCalendar counts working days (rule R-BD-004) by c instead of
// calendar.Default(), e.g. with an official year loaded from a file.
func WithCalendar(c *calendar.Calendar) ValidatorOption { return func(v *Validator) { v.workdays = c } }

// WithClock sets the clock that decides what is in the future (rules
// R-HDR-004, R-DATE-001); dates are compared in the clock's location.
func WithClock(now func() time.Time) ValidatorOption { return func(v *Validator) { v.now = now } }

// WithSkew sets the allowed clock skew for "in the future" (default 5 minutes).
func WithSkew(d time.Duration) ValidatorOption {
	return func(v *Validator) { v.skew, v.skewSet = d, true }
}

// WithLimits sets the well-formedness limits (default DefaultLimits()).
func WithLimits(l Limits) ValidatorOption { return func(v *Validator) { v.limits = l } }

// WithFormat fixes the format instead of detecting it.
func WithFormat(f Format) ValidatorOption { return func(v *Validator) { v.format = f } }

// WithProgress calls f after each record read, with the number read so far,
// so that a tool can show progress on a long run.
func WithProgress(f func(records int)) ValidatorOption { return func(v *Validator) { v.progress = f } }

// vietnam is the location "today" is measured in when the clock has none.
var vietnam = time.FixedZone("ICT", 7*60*60)

// NewValidator returns a validator with the embedded schemas and opts.
func NewValidator(opts ...ValidatorOption) (*Validator, error) {
	v := &Validator{}
	for _, o := range opts {
		o(v)
	}
	return v.withDefaults()
}

// withDefaults returns v with what it lacks filled in, so that the zero
// Validator validates as NewValidator() does.
func (v *Validator) withDefaults() (*Validator, error) {
	if v.schemas != nil && v.codes != nil && v.now != nil {
		return v, nil
	}
	w := *v
	if w.schemas == nil {
		s, err := schemaSets(w.custom)
		if err != nil {
			return nil, err
		}
		w.schemas = s
	}
	if w.codes == nil {
		w.codes = codelist.Default()
	}
	if w.now == nil {
		w.now = func() time.Time { return time.Now().In(vietnam) }
	}
	if !w.skewSet {
		w.skew, w.skewSet = 5*time.Minute, true
	}
	return &w, nil
}

// Report is the outcome of validating one packet.
type Report struct {
	Format   Format    // the packet's format, detected or given
	Header   *Header   // the header, when it could be read
	Records  int       // records read
	Findings []Finding // the findings, in document order, within Limits.MaxFindings
	// Omitted counts the findings not listed, over Limits.MaxRecordFindings
	// or Limits.MaxFindings. When some of them are errors, a R-FMT-004
	// finding at the end of the record or of the report says how many.
	Omitted int
	// Stopped tells that a well-formedness failure ended the reading: its
	// finding (R-FMT-001 to R-FMT-004) is the last, and the packet was not
	// read to its end. A R-FMT-004 finding of a report not stopped says
	// that findings were left out (Omitted).
	Stopped bool
	// Unchecked counts the records only counted, not checked: once the
	// report is full and an error was left out, the packet is known to be
	// invalid and nothing more about its records could be listed.
	Unchecked int
}

// Valid reports whether no finding is an error (warnings do not count);
// a nil *Report is not valid.
func (r *Report) Valid() bool {
	if r == nil {
		return false
	}
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			return false
		}
	}
	return true
}

// Validate reads a packet from r and reports its findings. The error is for
// what is not a finding: the reader failing, or ctx being done; the report
// then holds the findings so far.
func (v *Validator) Validate(ctx context.Context, r io.Reader) (*Report, error) {
	rep := &Report{}
	switch {
	case v == nil:
		return rep, fmt.Errorf("packet: Validate on a nil *Validator: %w", ErrNil)
	case ctx == nil:
		return rep, fmt.Errorf("packet: Validate with a nil context: %w", ErrNil)
	case r == nil:
		return rep, fmt.Errorf("packet: Validate with a nil io.Reader: %w", ErrNil)
	}
	v, err := v.withDefaults()
	if err != nil {
		return rep, err
	}
	run := validation{v: v, ctx: ctx, rep: rep}
	return rep, run.runSafe(r)
}

// runSafe is run, with a panic on the caller's goroutine as its error too.
func (s *validation) runSafe(r io.Reader) (err error) {
	defer panics.Recover(ErrPanic, &err)
	return s.run(r)
}

// ValidatePacket validates a packet held in memory, by encoding it as JSON
// and validating the bytes, so that it is judged exactly as a receiver
// would judge it.
func (v *Validator) ValidatePacket(ctx context.Context, p *Packet) (*Report, error) {
	if p == nil {
		return &Report{}, fmt.Errorf("packet: ValidatePacket with a nil *Packet: %w", ErrNil)
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(encodeWhole(p, pw)) }()
	rep, err := v.Validate(ctx, pr)
	pr.Close()
	return rep, err
}

// encodeWhole encodes p as JSON, with a record count that may be wrong
// (R-HDR-003 reports it); a panic is its error.
func encodeWhole(p *Packet, w io.Writer) (err error) {
	defer panics.Recover(ErrPanic, &err)
	err = p.Encode(w, FormatJSON)
	if errors.Is(err, ErrRecordCount) {
		err = nil
	}
	return err
}

// validation is the state of one Validate call. One goroutine reads the
// packet, and of a JSON record only finds where it ends; workers read
// records, check their schema, bind them and run the
// semantic rules that judge a record alone, which is most of the cost; the
// collector puts their results back in document order and runs the rules
// that need the records in order (duplicates) or the header, which are
// cheap. At most a few batches of records per worker are in flight, so
// memory does not grow with the packet.
type validation struct {
	v   *Validator
	ctx context.Context
	rep *Report

	lim        readLimits
	tr         treeReader
	check      *checker     // the semantic rules, for the collector only
	rules      *recordRules // check's record-local rules, read-only: for the workers
	headerTree any
	envelope   map[string]any // members other than the header and the records, for the envelope schema
	raws       sync.Pool      // *[]byte: buffers for the bytes of the batches in flight
	batches    sync.Pool      // *itemBatch: batches of records the collector is done with
	recs       sync.Pool      // Record: the records the collector is done with, for the workers to bind into (validation.recycle)
	deferred   []deferredKind // records read before the header, whose kind is checked when it comes
	buf        []Finding      // findings of the part being collected
	stopped    bool           // a well-formedness failure ended the reading

	// Findings over Limits.MaxFindings, and those of them that are errors.
	omitted, omittedErrors int
	firstUnchecked         int // index of the first record only counted
	// full is set, once the report is full and an error left out, for the
	// reader: the rest of the records are only counted, since nothing more
	// about them can be listed and the packet is known to be invalid.
	full atomic.Bool
}

// deferredKind is a record read before the header: its kind, and the
// members it has that not every format version has, are checked when the
// header comes.
type deferredKind struct {
	index    int
	name     string
	versions []versionedMember
}

// itemBatch is events on their way from the reader to the collector, in
// document order: records, up to batchRecords or batchBytes of them, which
// a worker checks first, or one other event. Records go in batches so that
// what the pipeline costs for each — handing on, waiting, copying their
// bytes — is paid once for many.
type itemBatch struct {
	items []item
	raw   *[]byte       // the records' bytes, ev.raw of each, in one pooled buffer the worker gives back
	done  chan struct{} // closed by the worker; nil when no worker has anything to do
}

// The size of a batch of records: a few to each worker at a time, so
// that memory does not grow with the packet (a profile is a few
// kilobytes).
const (
	batchRecords = 16
	batchBytes   = 64 << 10
)

// item is one event on its way from the reader to the collector.
type item struct {
	ev         event
	kind       Kind  // the packet's kind, as far as it is known
	major      int   // the packet's format version, 0 while not known
	headerSeen bool  // the header came before the record
	unchecked  bool  // a record only counted, once the report is full (validation.full)
	fatal      error // the reader's last word, or a worker's (a record not well-formed)
	rawEnd     int   // where ev.raw ends in its batch's buffer, while the batch is built; 0: no bytes

	// Filled by a worker.
	name     string   // record kind
	early    *Finding // a record refused before any check (R-HDR-001)
	checked  bool     // the record's schema and binding were checked: rec and findings are its
	rec      Record
	reusable bool // rec is fastRecord's and nothing but the item holds it: the collector recycles it
	findings []Finding
	err      error // a panic of the worker
}

func (s *validation) emit(f Finding) { s.buf = append(s.buf, f) }

// flush sorts the findings of one part of the packet into document order
// and appends them to the report.
func (s *validation) flush(root *typeInfo, index int) {
	if len(s.buf) == 0 {
		return
	}
	sortFindings(s.buf, root, index)
	s.list(s.buf, index)
	s.buf = s.buf[:0]
}

// list appends the findings of one part of the packet (record index, or -1
// for the header and the envelope) to the report, as far as the limits
// allow, and counts the others.
func (s *validation) list(fs []Finding, index int) {
	room := len(fs)
	if m := s.lim.MaxFindings; m > 0 {
		room = max(0, m-len(s.rep.Findings))
	}
	perRecord := index >= 0 && s.lim.MaxRecordFindings > 0 && s.lim.MaxRecordFindings < room
	if perRecord {
		room = s.lim.MaxRecordFindings
	}
	keep := min(len(fs), room)
	s.rep.Findings = append(s.rep.Findings, fs[:keep]...)
	left := fs[keep:]
	if len(left) == 0 {
		return
	}
	s.rep.Omitted += len(left)
	errs := countErrors(left)
	if perRecord {
		// The record's own note, so that the record is refused for the
		// errors left out as it would be for those listed.
		if errs > 0 {
			s.rep.Findings = append(s.rep.Findings, omittedFinding(RecordPointer(index, ""), len(left), errs, s.lim.MaxRecordFindings))
		}
		return
	}
	s.omitted += len(left)
	s.omittedErrors += errs
	if s.omittedErrors > 0 {
		s.full.Store(true)
	}
}

// onlyCount makes a record checked after the report became full one only
// counted. The reader hands records on ahead of the collector, so which of
// them it saw the report full for (item.unchecked) depends on timing; the
// collector, in document order, is the one that decides, and a report
// reads the same however fast each side ran.
func (s *validation) onlyCount(it *item) {
	if it.checked && s.full.Load() {
		it.checked, it.unchecked = false, true
		it.rec, it.findings = nil, nil
	}
}

func countErrors(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

// omittedFinding says that n findings of a record, errs of them errors,
// are not listed over the limit of max findings for one record.
func omittedFinding(pointer string, n, errs, max int) Finding {
	return Finding{Rule: RuleFormatLimit, Severity: SeverityError, Pointer: pointer,
		MessageEN: fmt.Sprintf("%d more findings on this record, %d of them errors, are not listed: a report lists at most %d for one record", n, errs, max),
		MessageVI: fmt.Sprintf("Bản ghi còn %d vi phạm khác (trong đó %d lỗi) không được liệt kê: báo cáo chỉ liệt kê tối đa %d vi phạm cho mỗi bản ghi. Đề nghị sửa các lỗi đã nêu rồi kiểm tra lại gói tin.", n, errs, max)}
}

// fullFinding ends a report that reached Limits.MaxFindings with an error
// left out: how many findings it left out, and which records it only counted.
func (s *validation) fullFinding() Finding {
	max := s.lim.MaxFindings
	en := fmt.Sprintf("a report lists at most %d findings: %d more, %d of them errors, are not listed", max, s.omitted, s.omittedErrors)
	vi := fmt.Sprintf("Báo cáo chỉ liệt kê tối đa %d vi phạm: còn %d vi phạm khác (trong đó %d lỗi) không được liệt kê", max, s.omitted, s.omittedErrors)
	if n := s.rep.Unchecked; n > 0 {
		en += fmt.Sprintf(", and the %d records from /DuLieu/%d on were counted, not checked", n, s.firstUnchecked)
		vi += fmt.Sprintf("; %d bản ghi từ vị trí (ViTri) %d trở đi chỉ được đếm, không được kiểm tra", n, s.firstUnchecked)
	}
	return Finding{Rule: RuleFormatLimit, Severity: SeverityError, Pointer: "", MessageEN: en,
		MessageVI: vi + ". Đề nghị sửa các lỗi đã nêu rồi kiểm tra lại gói tin."}
}

func (s *validation) run(r io.Reader) error {
	tr, f, err := newTreeReader(r, s.v.format, s.v.limits)
	s.rep.Format = f
	if err != nil {
		return s.fatal(err)
	}
	s.lim = s.v.limits.resolved()
	s.check = newChecker(checkerConfig{Codes: s.v.codes, Calendar: s.v.workdays, Now: s.v.now(), Skew: s.v.skew})
	s.rules = s.check.recordRules
	s.tr = tr
	s.envelope = map[string]any{}

	// A panic in a worker or the collector stops the reading (through
	// ctx) and is Validate's error; the collector drains what is in flight,
	// so that every goroutine ends.
	ctx, cancel := context.WithCancelCause(s.ctx)
	defer cancel(nil)
	s.ctx = ctx
	workers := max(1, runtime.GOMAXPROCS(0))
	work := make(chan *itemBatch, 2*workers)
	ordered := make(chan *itemBatch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			dec := jsontext.NewBytesDecoder(nil, jsonLimits(s.lim))
			for b := range work {
				for i := range b.items {
					s.process(&b.items[i], dec)
				}
				if b.raw != nil {
					s.raws.Put(b.raw) // nothing holds the bytes once the records are processed
				}
				close(b.done)
			}
		})
	}
	var panicked error
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for b := range ordered {
			if b.done != nil {
				<-b.done
			}
			for i := range b.items {
				if panicked != nil || s.stopped {
					break
				}
				if panicked = s.collectSafe(&b.items[i]); panicked != nil {
					cancel(panicked)
				} else if s.stopped {
					// A worker found a record not well-formed: the reader,
					// which only found where records end, read on past it.
					cancel(errStopped)
				}
			}
			if b.done != nil {
				clear(b.items) // what the collector took it has kept
				b.items, b.raw, b.done = b.items[:0], nil, nil
				s.batches.Put(b)
			}
		}
	}()

	ioErr := s.readSafe(tr, work, ordered)
	close(work)
	close(ordered)
	wg.Wait()
	<-collected
	if panicked != nil {
		return panicked
	}
	if ioErr != nil && !s.stopped {
		return ioErr
	}
	if !s.stopped {
		// The envelope and the record count mean nothing for a packet that
		// could not be read to its end.
		s.finish()
	}
	if s.omittedErrors > 0 {
		s.rep.Findings = append(s.rep.Findings, s.fullFinding())
	}
	return nil
}

// readSafe is read, with a panic as its error.
func (s *validation) readSafe(tr treeReader, work, ordered chan<- *itemBatch) (err error) {
	defer panics.Recover(ErrPanic, &err)
	return s.read(tr, work, ordered)
}

// collectSafe is collect, with a panic of the collector or of the item's
// worker as its error; the item's worker is done with it.
func (s *validation) collectSafe(it *item) (err error) {
	defer panics.Recover(ErrPanic, &err)
	if it.err != nil {
		return it.err
	}
	s.collect(it)
	return nil
}

// errStopped ends the reading when a worker found a record not
// well-formed: nothing after it is read, as nothing after a reader's own
// fatal error is.
var errStopped = errors.New("packet: a record is not well-formed")

// read reads events and hands them on in order, records in batches,
// which also go to the workers. It returns what is not a finding: a
// failing reader, or ctx done; the records read before are handed on.
func (s *validation) read(tr treeReader, work, ordered chan<- *itemBatch) error {
	var kind Kind // LoaiGoiTin as soon as the header is read, to name JSON records
	headerSeen := false
	major := 0 // the format version, from the XML namespace or the header
	switch r := tr.(type) {
	case *jsonPacketReader:
		r.raw = !s.v.trees // the workers read the records (validation.process)
	case *xmlPacketReader:
		if !s.v.trees {
			// Bound from their tokens by the embedded schemas' plans,
			// unless the schemas were replaced (validation.prebound).
			r.handOn = true // the workers bind the records (validation.fast)
			r.bindFast(func(major int) bool { return s.schemas(major).embedded })
		}
	}
	var cur *itemBatch // the records read and not yet handed on
	handOn := func() {
		if cur != nil {
			cur.seal()
			work <- cur
			ordered <- cur
			cur = nil
		}
	}
	defer handOn()
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		ev, err := tr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var fe *formatError
			if !errors.As(err, &fe) {
				return err
			}
			handOn()
			ordered <- &itemBatch{items: []item{{fatal: err}}}
			return nil
		}
		if major == 0 {
			major = tr.version() // known once the root element is read
		}
		if ev.kind != evRecord {
			if ev.kind == evHeader {
				headerSeen = true
				if m, ok := ev.tree.(map[string]any); ok {
					k, _ := m["LoaiGoiTin"].(string)
					kind = Kind(k)
					if major == 0 {
						major = treeVersion(m)
					}
				}
			}
			handOn()
			ordered <- &itemBatch{items: []item{{ev: ev}}}
			continue
		}
		if cur == nil {
			cur = s.newBatch()
		}
		// only counted: see validation.full
		it := item{ev: ev, kind: kind, major: major, headerSeen: headerSeen, unchecked: s.full.Load()}
		if ev.raw != nil {
			// The reader's until its next read: copied.
			*cur.raw = append(*cur.raw, ev.raw...)
			it.ev.raw, it.rawEnd = nil, len(*cur.raw)
		}
		cur.items = append(cur.items, it)
		if len(cur.items) >= batchRecords || len(*cur.raw) >= batchBytes {
			handOn()
		}
	}
}

// newBatch returns an empty batch of records, with a buffer for their
// bytes, both from their pools.
func (s *validation) newBatch() *itemBatch {
	p, _ := s.raws.Get().(*[]byte)
	if p == nil {
		// Grown by append to what the batches hold: a batch of small
		// records should not cost a buffer of batchBytes, and the pool
		// may drop what it holds at any time.
		p = new([]byte)
	}
	b, _ := s.batches.Get().(*itemBatch)
	if b == nil {
		b = &itemBatch{items: make([]item, 0, batchRecords)}
	}
	b.raw, b.done = p, make(chan struct{})
	*b.raw = (*b.raw)[:0]
	return b
}

// seal points each record of a batch to its bytes, once the buffer they
// were copied into has stopped growing.
func (b *itemBatch) seal() {
	start := 0
	for i := range b.items {
		if it := &b.items[i]; it.rawEnd > 0 {
			it.ev.raw = (*b.raw)[start:it.rawEnd:it.rawEnd]
			start = it.rawEnd
		}
	}
}

// recordNameFor names the kind of a record: by its element in XML; in JSON
// by the header's kind, unless its members say it is another.
func recordNameFor(ev event, tree any, kind Kind) string {
	if ev.name != "" {
		return ev.name
	}
	g := guessRecordName(tree)
	if kind.Valid() && (g == "" || g == kind.RecordName()) {
		return kind.RecordName()
	}
	return g
}

// process does the costly part of a record: it reads the record from its
// bytes, names its kind, checks its schema and binds it — straight from
// the bytes when fastRecord can, which is most of the time — and runs the
// semantic rules that judge it alone. A record not well-formed is the
// item's fatal error; a panic its err.
func (s *validation) process(it *item, dec *jsontext.Decoder) {
	defer panics.Recover(ErrPanic, &it.err)
	defer s.release(it)
	if !s.fast(it) {
		tree, err := recordTree(dec, it.ev)
		if err != nil {
			it.fatal = err
			return
		}
		if s.admit(it, tree) {
			s.checkRecord(it, tree)
		}
	}
	if it.checked {
		s.rules.local(it.ev.index, it.rec, func(f Finding) { it.findings = append(it.findings, f) })
	}
}

// release lets go of the record's bytes and tree, which the worker gives
// back with its batch: the collector needs the model only.
func (s *validation) release(it *item) {
	it.ev.raw, it.ev.tree = nil, nil
}

// fast binds a record with fastRecord, when the header has named its kind
// and version, and reports whether that was the whole of the record's
// check; when it was, nothing of the schema or the binding is to report.
func (s *validation) fast(it *item) bool {
	if it.ev.rec != nil {
		return s.prebound(it)
	}
	raw := it.ev.rawRecord()
	if it.ev.xmlJSON {
		return raw != nil && s.xmlRecord(it, raw)
	}
	if raw == nil || it.major == 0 || !it.kind.Valid() || it.unchecked || !s.schemas(it.major).embedded {
		return false
	}
	name := it.kind.RecordName()
	old, _ := s.recs.Get().(Record)
	rec, ok := fastRecordReusing(name, raw, it.major, old)
	if !ok {
		if old != nil {
			s.recs.Put(old) // written over in part, and still nobody else's
		}
		return false
	}
	s.bound(it, name, rec)
	it.reusable = true
	return true
}

// bound takes a record fastRecord or the XML reader bound, with nothing
// to report of its schema or binding.
func (s *validation) bound(it *item, name string, rec Record) {
	it.name, it.rec, it.checked = name, rec, true
	if p, ok := rec.(*Profile); ok && it.kind == KindSharedProfiles && it.major == 1 && p.ProfileID.IsZero() {
		// Bound without a finding, the ID is zero only when the member is
		// absent: see checkRecord.
		it.findings = append(it.findings, sharedWithoutID(RecordPointer(it.ev.index, ptrProfileID)))
	}
}

// xmlRecord binds raw, the JSON the XML reader wrote of a record's tree,
// with fastRecord, and reports whether that was the whole of its check,
// as prebound does.
func (s *validation) xmlRecord(it *item, raw []byte) bool {
	if it.unchecked || it.headerSeen && it.kind.Valid() && it.ev.name != it.kind.RecordName() {
		return false
	}
	rec, ok := fastRecord(it.ev.name, raw, it.major)
	if ok {
		s.bound(it, it.ev.name, rec)
	}
	return ok
}

// prebound takes a record the XML reader bound from its tokens, which
// comes without a tree, and reports whether that was the whole of its
// check: not when the record is only counted, nor when its kind is not
// the packet's, which admit reports without the tree.
func (s *validation) prebound(it *item) bool {
	if it.unchecked || it.headerSeen && it.kind.Valid() && it.ev.name != it.kind.RecordName() {
		return false
	}
	s.bound(it, it.ev.name, it.ev.rec)
	return true
}

// admit names a record's kind from its tree and reports whether its schema
// and binding are to be checked: not when its kind is not the packet's or
// none known (a R-HDR-001 finding, early), nor when it is only counted.
func (s *validation) admit(it *item, tree any) bool {
	it.name = recordNameFor(it.ev, tree, it.kind)
	var f Finding
	switch {
	case it.headerSeen && it.kind.Valid() && it.name != it.kind.RecordName():
		f = kindMismatch(it.ev.index, it.name, it.kind)
	case recordInfo(it.name) == nil:
		// The header, when it came, names no kind: with one, the name
		// would be its record's or a mismatch.
		f = Finding{Rule: RuleHeaderKind, Severity: SeverityError, Pointer: RecordPointer(it.ev.index, ""),
			MessageEN: "a record of no known kind", MessageVI: "bản ghi không thuộc loại nào đã biết"}
	default:
		return !it.unchecked
	}
	it.early, it.unchecked = &f, false
	return false
}

// checkRecord checks a record's schema and binds it, from its tree.
func (s *validation) checkRecord(it *item, tree any) {
	it.checked = true
	emit := func(f Finding) { it.findings = append(it.findings, f) }
	prefix := RecordPointer(it.ev.index, "")
	sch, keep := s.schemas(it.major), func(schema.Violation) bool { return true }
	if it.major == 0 {
		// Before the header, the record is checked with the latest
		// version's schema but for which members it has, which is
		// checked when the header says the version.
		keep = func(v schema.Violation) bool {
			return v.Keyword != "additionalProperties" || versionedField(v.Pointer) == nil
		}
	}
	schemaViolations(sch.record(it.name), tree, prefix, keep, emit)
	if it.kind == KindSharedProfiles && it.major == 1 {
		// A profile the national database shares back has its national ID:
		// a requirement of the packet kind, which the record schema cannot see.
		if m, ok := tree.(map[string]any); ok {
			if _, ok := m["MaDinhDanhCBCCVC"]; !ok {
				emit(sharedWithoutID(prefix + ptrProfileID))
			}
		}
	}
	it.rec = bindRecord(it.name, tree, it.ev.index, it.major, firstOnValue(emit, it.findings), true)
}

// collect runs in document order.
func (s *validation) collect(it *item) {
	if it.fatal != nil {
		s.fatal(it.fatal)
		s.stopped = true
		return
	}
	switch it.ev.kind {
	case evHeader:
		s.header(it.ev.tree)
	case evSignature:
		s.envelope["ChuKySo"] = it.ev.tree
	case evUnknown:
		s.envelope[it.ev.name] = it.ev.tree
	case evData:
		s.envelope["DuLieu"] = []any{} // its records are checked one by one; the envelope schema sees that it is there
	case evRecord:
		s.rep.Records++
		s.onlyCount(it)
		if it.unchecked {
			if s.rep.Unchecked == 0 {
				s.firstUnchecked = it.ev.index
			}
			s.rep.Unchecked++
		}
		if s.rep.Header == nil && it.early == nil {
			s.deferred = append(s.deferred, deferredKind{it.ev.index, it.name, versionedMembers(it.rec)})
		}
		if it.early != nil {
			s.list([]Finding{*it.early}, it.ev.index)
		}
		if it.checked {
			s.buf = append(s.buf, it.findings...)
			s.check.inOrder(it.ev.index, it.rec, s.emit)
			s.flush(recordInfo(it.name), it.ev.index)
		}
		if s.v.progress != nil {
			s.v.progress(s.rep.Records)
		}
		s.recycle(it)
	}
}

// recycle gives a record the workers bound from JSON back to them, once
// the collector is done with it, so that a run allocates little per
// record: the report and the checker keep only values copied from it
// (strings, which are never written over, and identifiers), nothing that
// points into its memory. Records of the XML path, of the exact path, and
// those Decode gives to its callers are never recycled.
func (s *validation) recycle(it *item) {
	if !it.reusable || it.rec == nil {
		return
	}
	if s.v.recycled != nil {
		s.v.recycled(it.rec)
	}
	s.recs.Put(it.rec)
	it.rec, it.reusable = nil, false
}

// fatal records a well-formedness failure as a finding; any other error is
// returned as it is.
func (s *validation) fatal(err error) error {
	var fe *formatError
	if errors.As(err, &fe) {
		s.rep.Findings = append(s.rep.Findings, fe.finding())
		s.rep.Stopped = true
		return nil
	}
	return err
}

func (s *validation) header(tree any) {
	s.headerTree = tree
	// The reader knows the XML namespace once it has read the root, which
	// happened before it sent the header.
	s.check.syntaxMajor = s.tr.version()
	major := s.check.syntaxMajor
	if m, ok := tree.(map[string]any); ok && major == 0 {
		major = treeVersion(m)
	}
	schemaFindings(s.schemas(major).header, tree, ptrHeader, nil, s.emit)
	h := bindHeader(tree, firstOnValue(s.emit, slices.Clone(s.buf)))
	s.rep.Header = &h
	s.check.header(&h, s.emit)
	s.flush(headerInfo(), -1)
	for _, d := range s.deferred {
		var fs []Finding
		if want := h.Kind.RecordName(); want != "" && d.name != want {
			fs = append(fs, kindMismatch(d.index, d.name, h.Kind))
		}
		for _, m := range d.versions {
			if major != 0 && !m.field.in(major) {
				fs = append(fs, notInVersion(m.pointer(d.index), m.field, major))
			}
		}
		s.list(fs, d.index)
	}
	s.deferred = nil
}

// firstOnValue passes on the binder's findings but those on a value the
// schema already reported: one value, one finding.
func firstOnValue(emit func(Finding), schema []Finding) func(Finding) {
	if len(schema) == 0 {
		return emit
	}
	return func(f Finding) {
		for _, g := range schema {
			if g.Pointer == f.Pointer {
				return
			}
		}
		emit(f)
	}
}

func kindMismatch(index int, got string, k Kind) Finding {
	what := clip.String(got)
	if what == "" {
		what = "unknown"
	}
	return Finding{Rule: RuleHeaderKind, Severity: SeverityError, Pointer: RecordPointer(index, ""),
		MessageEN: fmt.Sprintf("a %s record in a %s packet, which holds %s records", what, k, k.RecordName()),
		MessageVI: fmt.Sprintf("Bản ghi thứ %d là bản ghi loại %s, trong khi gói tin loại %s chỉ chứa bản ghi loại %s. Đề nghị chuyển bản ghi này sang gói tin đúng loại, hoặc sửa loại gói tin (LoaiGoiTin).",
			index+1, recordKindVI(what), k, recordKindVI(k.RecordName()))}
}

// schemas returns the schemas of format version major, or of the latest
// version when major is 0 or one this package does not read (R-HDR-002).
func (s *validation) schemas(major int) *schemaSet {
	if sch, ok := s.v.schemas[major]; ok {
		return sch
	}
	return s.v.schemas[latest().major]
}

// treeVersion returns the major version of a header tree's PhienBan when
// this package reads that version, else 0.
func treeVersion(header map[string]any) int {
	pb, _ := header["PhienBan"].(string)
	n, err := MajorVersion(pb)
	if _, ok := formatVersionOf(n); err != nil || !ok {
		return 0
	}
	return n
}

// schemaFindings validates tree and emits a R-SCH-001 finding per violation
// whose pointer keep accepts (all when keep is nil), prefixed with prefix.
func schemaFindings(sch checkFunc, tree any, prefix string, keep func(string) bool, emit func(Finding)) {
	schemaViolations(sch, tree, prefix, func(v schema.Violation) bool { return keep == nil || keep(prefix+v.Pointer) }, emit)
}

// schemaViolations validates tree and emits a R-SCH-001 finding per
// violation keep accepts, its pointer prefixed with prefix.
func schemaViolations(sch checkFunc, tree any, prefix string, keep func(schema.Violation) bool, emit func(Finding)) {
	for _, vio := range sch(tree) {
		if keep(vio) && !restatesPattern(vio) {
			emit(schemaFinding(prefix+vio.Pointer, vio))
		}
	}
}

// restatesPattern reports a violation of the schemas' oneLine guard, which
// goes with every ^…$ pattern so that Python's $, which also matches before
// a final line feed, means what it means in other validators. A value it
// refuses fails the pattern beside it too: that is the finding, one per
// value.
func restatesPattern(v schema.Violation) bool {
	return v.Keyword == "not" && strings.HasSuffix(v.SchemaLocation, "#/$defs/oneLine/not")
}

func (s *validation) finish() {
	env := make(map[string]any, len(s.envelope)+1)
	for k, val := range s.envelope {
		env[k] = val
	}
	if s.headerTree != nil {
		env["ThongTinGoiTin"] = s.headerTree
	}
	if _, ok := env["DuLieu"]; !ok && s.rep.Format == FormatXML {
		// In XML an empty array and an absent one are the same value, and
		// encoders omit both (docs/guide/en/03-mapping.md#the-xml-form): a packet without records
		// has no DuLieu element.
		env["DuLieu"] = []any{}
	}
	// The header was checked when it came; here, only the rest.
	major := s.tr.version()
	if h := s.rep.Header; major == 0 && h != nil {
		if v, err := headerVersion(h); err == nil {
			major = v.major
		}
	}
	schemaFindings(s.schemas(major).envelope, env, "", func(p string) bool { return !strings.HasPrefix(p, ptrHeader+"/") }, s.emit)
	s.flush(nil, -1)
	if s.rep.Header != nil {
		s.check.finish(s.rep.Records, s.emit)
		s.flush(nil, -1)
	}
}

// sortFindings puts the findings of one record (or the header) into the
// order their values come in the format's tables, keeping the layer order
// for findings on the same value.
func sortFindings(fs []Finding, root *typeInfo, index int) {
	if len(fs) < 2 || root == nil {
		return
	}
	prefix := ptrHeader
	if index >= 0 {
		prefix = RecordPointer(index, "")
	}
	keys := make(map[string][]int, len(fs))
	for _, f := range fs {
		if _, ok := keys[f.Pointer]; !ok {
			keys[f.Pointer] = pointerOrder(root, strings.TrimPrefix(f.Pointer, prefix))
		}
	}
	slices.SortStableFunc(fs, func(a, b Finding) int { return slices.Compare(keys[a.Pointer], keys[b.Pointer]) })
}

// pointerOrder maps a JSON Pointer inside a record to a sort key: the
// table position of each member, the index of each array item. Members the
// tables do not know sort after those they do.
func pointerOrder(root *typeInfo, p string) []int {
	var key []int
	ti := root
	for seg := range strings.SplitSeq(strings.TrimPrefix(p, "/"), "/") {
		if seg == "" {
			continue
		}
		if n, err := strconv.Atoi(seg); err == nil && ti != nil {
			key = append(key, n)
			continue
		}
		pos := 1 << 20
		var next *typeInfo
		if ti != nil {
			if i, ok := ti.byName[seg]; ok {
				pos = i
				next = ti.fields[i].elem
			}
		}
		key = append(key, pos)
		ti = next
	}
	return key
}

// recordKindVI names a kind of record in words with its wire name: «biến
// động (BienDong)».
func recordKindVI(name string) string {
	if l := labelVI(name); l != "" {
		return l + " (" + name + ")"
	}
	return quoteValue(name)
}
