package ndxp

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// UploaderConfig configures an Uploader. A zero field takes its default.
type UploaderConfig struct {
	// Kind is the kind of the packets: packet.KindProfiles (HOSO, the
	// default) or packet.KindChanges (BIENDONG).
	Kind packet.Kind
	// MaxRecords is the most records in one packet; default 1,000.
	MaxRecords int
	// MaxBytes is the most bytes of one packet's encoding before signing
	// (the signature adds a few kilobytes); default 32 MiB.
	MaxBytes int64
	// Concurrency is the number of packets signed and in flight at once;
	// default 4.
	Concurrency int
	// Journal is the file of the upload's journal (see the format below).
	// With it, an upload that stopped for any reason — a crash, a kill,
	// a network failure past the retries — resumes when run again with the
	// same records in the same order: packets the service has answered are
	// not sent again, packets it may have seen are sent again under the
	// same MaGoiTin, which it answers idempotently. Without it, nothing
	// survives the process.
	Journal string
	// Format of the packets: packet.FormatJSON (default) or packet.FormatXML.
	Format packet.Format
	// PollInterval is how often a packet's result is polled; default
	// DefaultPollInterval.
	PollInterval time.Duration
	// Software is written as PhanMemGui in each packet's header.
	Software string
	// Progress, if set, is called after each step, one call at a time.
	Progress func(Progress)
	// Now is the clock for the packets' creation time; default time.Now.
	// The deadlines of change events are judged on it.
	Now func() time.Time
	// Calendar counts the working days of the deadlines of change events
	// (UploadReport.Late and DueSoon); default calendar.Default().
	Calendar *calendar.Calendar
}

// Progress counts an upload's steps so far.
type Progress struct {
	Records  int // records read from the input
	Packets  int // packets made, or found in the journal
	Sent     int // packets the service acknowledged
	Done     int // packets with a final answer
	Accepted int // records accepted (THANH_CONG)
	Warned   int // records accepted with warnings (CANH_BAO)
	Refused  int // records refused (LOI), including those of packets refused whole
	Resumed  int // packets answered in an earlier run, from the journal
}

// UploadReport is the outcome of an upload; a nil one has no records.
type UploadReport struct {
	Progress
	Packets []PacketResult // in input order

	// For an upload of change events (BIENDONG), judged when their packets
	// were made, in input order: Late are those reported after their
	// deadline, which the service answers with R-BD-004 (CANH_BAO); DueSoon
	// those whose deadline is the day their packet was made or the next
	// working day. Decree 27/2026/NĐ-CP gives three working days from the
	// day a change arose.
	Late    []DueChange
	DueSoon []DueChange
}

// DueChange is a change event of an upload, with its deadline.
type DueChange struct {
	Index      int                   // position in the input
	ID         uuid.UUID             // MaBienDong
	PersonalID identifier.PersonalID // SoDinhDanh
	Arose      packet.Date           // the day the change arose (Change.Arose)
	ByDecision bool                  // Arose is the decision's date, not NgayHieuLuc
	Due        packet.Date           // the last day for reporting it
	Official   bool                  // every year from Arose to Due has an official holiday schedule
	Made       time.Time             // when its packet was made (ThoiGianTao)
	Rule       string                // packet.RuleChangeLate for a late one; empty for one due soon
}

// PacketResult is the outcome of one packet of an upload.
type PacketResult struct {
	ID      uuid.UUID
	First   int          // position in the input of the packet's first record
	Count   int          // its number of records
	State   packet.State // packet.StateProcessed or packet.StateRejected
	Results []packet.ProcessingResult
}

// RefusedRecords returns the processing results of the records that were refused
// (TrangThai LOI), with their positions in the input.
func (r *UploadReport) RefusedRecords() iter.Seq2[int, packet.ProcessingResult] {
	return func(yield func(int, packet.ProcessingResult) bool) {
		if r == nil {
			return
		}
		for _, p := range r.Packets {
			for _, res := range p.Results {
				if res.Status == packet.RecordError && !yield(p.First+res.Index, res) {
					return
				}
			}
		}
	}
}

// Uploader sends any number of records to the national database: it cuts
// them into packets by record count and size, signs each with the client's
// signer, submits them with bounded concurrency, polls their results and
// keeps a journal. Make one with Client.Uploader: a nil or zero Uploader
// uploads nothing, and Upload returns ErrOption.
type Uploader struct {
	c   *Client
	cfg UploaderConfig
}

// Uploader returns an uploader sending through c, which needs a signer
// (WithSigner).
func (c *Client) Uploader(cfg UploaderConfig) *Uploader {
	if cfg.Kind == "" {
		cfg.Kind = packet.KindProfiles
	}
	if cfg.MaxRecords <= 0 {
		cfg.MaxRecords = 1000
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 32 << 20
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Format == packet.FormatAuto {
		cfg.Format = packet.FormatJSON
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Calendar == nil {
		cfg.Calendar = calendar.Default()
	}
	return &Uploader{c: c, cfg: cfg}
}

// Profiles adapts a slice of profiles to Upload's input.
func Profiles(ps []packet.Profile) iter.Seq[packet.Record] {
	return func(yield func(packet.Record) bool) {
		for i := range ps {
			if !yield(&ps[i]) {
				return
			}
		}
	}
}

// Changes adapts a slice of change events to Upload's input.
func Changes(cs []packet.Change) iter.Seq[packet.Record] {
	return func(yield func(packet.Record) bool) {
		for i := range cs {
			if !yield(&cs[i]) {
				return
			}
		}
	}
}

// FromChannel adapts a channel to Upload's input; the input ends when the
// channel is closed.
func FromChannel[R packet.Record](ch <-chan R) iter.Seq[packet.Record] {
	return func(yield func(packet.Record) bool) {
		for r := range ch {
			if !yield(r) {
				return
			}
		}
	}
}

// upload is one run of Upload.
type upload struct {
	u     *Uploader
	build packet.Builder // the headers: sender, receiver, software, clock
	j     *journal

	mu       sync.Mutex // guards the journal, progress and report
	progress Progress
	results  map[int]PacketResult // by first position
	late     []DueChange
	dueSoon  []DueChange
}

// job is one packet to sign and send.
type job struct {
	header   packet.Header
	first    int
	unsigned []byte
}

// Upload sends records and waits for the service's answers. It returns the
// report, and an error if the upload stopped before every record had its
// answer: then, with a journal, run it again with the same records.
// A record refused by the service is not an error: see UploadReport.RefusedRecords.
// A panic in Progress or in records is recovered, after every goroutine of
// the upload has ended, and returned as an error matching ErrPanic.
func (u *Uploader) Upload(ctx context.Context, records iter.Seq[packet.Record]) (*UploadReport, error) {
	if u == nil || u.c == nil {
		return nil, &LocalError{Err: ErrOption,
			MessageEN: "an Uploader not made by Client.Uploader",
			MessageVI: "Bộ gửi hồ sơ (Uploader) chưa được khởi tạo. Đề nghị tạo bằng Client.Uploader."}
	}
	if err := u.c.ready(ctx); err != nil {
		return nil, err
	}
	if records == nil {
		return nil, &LocalError{Err: ErrNil,
			MessageEN: "Upload of a nil sequence of records",
			MessageVI: "Không có danh sách bản ghi để gửi. Đề nghị truyền các bản ghi, ví dụ ndxp.Profiles(danhSachHoSo)."}
	}
	run, err := u.start()
	if err != nil {
		return nil, err
	}
	defer run.j.close()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range u.cfg.Concurrency {
		wg.Go(func() {
			for jb := range jobs {
				if err := recovered(func() error { return run.send(ctx, jb) }); err != nil {
					cancel(err)
				}
			}
		})
	}
	// A panic of the producer (the caller's records or Progress) must not
	// leave the workers waiting: it is the upload's error, as theirs are.
	err = recovered(func() error { return run.produce(ctx, records, jobs) })
	close(jobs)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause // a worker's failure, which cancelled the producer
	} else if err == nil {
		err = context.Cause(ctx)
	}
	return run.report(), journalError(u.cfg.Journal, err)
}

func (u *Uploader) start() (*upload, error) {
	c := u.c
	if c.signer == nil {
		return nil, errors.New("ndxp: upload: the client has no signer (WithSigner)")
	}
	if u.cfg.Kind != packet.KindProfiles && u.cfg.Kind != packet.KindChanges {
		return nil, fmt.Errorf("ndxp: upload: a %s packet cannot be submitted, only HOSO and BIENDONG", u.cfg.Kind)
	}
	if u.cfg.Format != packet.FormatJSON && u.cfg.Format != packet.FormatXML {
		return nil, fmt.Errorf("ndxp: upload: format %v is not JSON or XML", u.cfg.Format)
	}
	sender := c.Agency()
	if sender.IsZero() {
		codes := signing.AgencyCodes(c.signer.Certificate())
		if len(codes) != 1 {
			return nil, fmt.Errorf("ndxp: upload: cannot tell the sending agency: configure WithXRoadClient (the certificate names %d agency codes)", len(codes))
		}
		sender = codes[0]
	}
	receiver, ok := c.service.Subsystem.Member.Agency()
	if !ok {
		return nil, fmt.Errorf("ndxp: upload: the service %s is not an agency's: no receiver for MaDonViNhan", c.service)
	}
	j := memoryJournal()
	if u.cfg.Journal != "" {
		var err error
		if j, err = openJournal(u.cfg.Journal, sender.Canonical(), u.cfg.Kind); err != nil {
			return nil, journalError(u.cfg.Journal, err)
		}
	}
	build := packet.Builder{Sender: sender, Receiver: receiver, Software: u.cfg.Software, Now: u.cfg.Now}
	return &upload{u: u, build: build, j: j, results: map[int]PacketResult{}}, nil
}

// produce reads the records, cuts packets, journals each before handing it
// to the workers, and skips the packets the journal says were answered.
func (r *upload) produce(ctx context.Context, records iter.Seq[packet.Record], jobs chan<- job) error {
	cfg := r.u.cfg
	var (
		batch      []packet.Record
		batchFirst int
		replay     *journaled // the journaled packet being read again
		i          int
	)
	next := r.j.nextStart(0)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := r.emitNew(ctx, batch, batchFirst, jobs)
		batch = nil
		return err
	}
	for rec := range records {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		if rec == nil || rec.RecordName() != cfg.Kind.RecordName() {
			return fmt.Errorf("ndxp: upload: record %d is %s, not a %s record", i, recordName(rec), cfg.Kind.RecordName())
		}
		r.step(func(p *Progress) { p.Records++ })
		if replay == nil && i == next {
			if err := flush(); err != nil {
				return err
			}
			replay, batchFirst = r.j.byFirst[i], i
		}
		if replay != nil {
			batch = append(batch, rec)
			if len(batch) == replay.line.Count {
				if err := r.emitAgain(ctx, batch, batchFirst, replay, jobs); err != nil {
					return err
				}
				batch, replay = nil, nil
				next = r.j.nextStart(i + 1)
			}
			i++
			continue
		}
		if len(batch) >= cfg.MaxRecords {
			if err := flush(); err != nil {
				return err
			}
		}
		if len(batch) == 0 {
			batchFirst = i
		}
		batch = append(batch, rec)
		i++
	}
	if err := context.Cause(ctx); err != nil {
		return err
	}
	if replay != nil {
		return fmt.Errorf("ndxp: upload: the input ended at record %d, inside packet %s (records %d to %d): %w",
			i, replay.line.ID, replay.line.First, replay.line.First+replay.line.Count-1, ErrJournalMismatch)
	}
	if next >= 0 {
		return fmt.Errorf("ndxp: upload: the input ended at record %d, before packet %s of the journal (from record %d): %w",
			i, r.j.byFirst[next].line.ID, next, ErrJournalMismatch)
	}
	return flush()
}

func recordName(r packet.Record) string {
	if r == nil {
		return "nil"
	}
	return r.RecordName()
}

// emitNew makes new packets of batch: one, unless its encoding is over
// MaxBytes; then it cuts the batch where the records' average size says a
// packet fits, and tries again with the rest. Measuring the packet it is
// about to send costs nothing in the usual case, where the record count is
// the limit reached first.
func (r *upload) emitNew(ctx context.Context, batch []packet.Record, first int, jobs chan<- job) error {
	limit := r.u.cfg.MaxBytes
	for len(batch) > 0 {
		k := len(batch)
		for {
			h, err := r.build.Header(r.u.cfg.Kind, k)
			if err != nil {
				return fmt.Errorf("ndxp: upload: %w", err)
			}
			b, err := r.encode(h, batch[:k], first)
			if err != nil {
				return err
			}
			if int64(len(b)) <= limit {
				r.noteDeadlines(batch[:k], first, h.Created)
				if err := r.queue(ctx, h, first, b, nil, jobs); err != nil {
					return err
				}
				break
			}
			if k == 1 {
				return fmt.Errorf("ndxp: upload: record %d alone makes a packet of %d bytes, more than MaxBytes %d", first, len(b), limit)
			}
			k = max(1, min(k-1, int(float64(k)*float64(limit)/float64(len(b))*0.98)))
		}
		batch, first = batch[k:], first+k
	}
	return nil
}

// emitAgain makes the journaled packet again, which must encode to the
// same bytes, and sends it unless the journal has its answer.
func (r *upload) emitAgain(ctx context.Context, batch []packet.Record, first int, again *journaled, jobs chan<- job) error {
	h, err := r.header(again.line.ID, again.line.Created, len(batch))
	if err != nil {
		return err
	}
	b, err := r.encode(h, batch, first)
	if err != nil {
		return err
	}
	r.noteDeadlines(batch, first, h.Created)
	return r.queue(ctx, h, first, b, again, jobs)
}

// header is the header of the journaled packet id of n records, made at
// created: the one it was sent with.
func (r *upload) header(id uuid.UUID, created time.Time, n int) (packet.Header, error) {
	b := r.build
	b.NewID = func() (uuid.UUID, error) { return id, nil }
	b.Now = func() time.Time { return created }
	h, err := b.Header(r.u.cfg.Kind, n)
	if err != nil {
		return h, fmt.Errorf("ndxp: upload: %w", err)
	}
	return h, nil
}

// encode writes the unsigned packet.
func (r *upload) encode(h packet.Header, batch []packet.Record, first int) ([]byte, error) {
	var b bytes.Buffer
	enc := packet.NewEncoder(&b, r.u.cfg.Format, h)
	for _, rec := range batch {
		if err := enc.Encode(rec); err != nil {
			return nil, fmt.Errorf("ndxp: upload: packet of records %d to %d: %w", first, first+len(batch)-1, err)
		}
	}
	if err := enc.Close(nil); err != nil {
		return nil, fmt.Errorf("ndxp: upload: packet of records %d to %d: %w", first, first+len(batch)-1, err)
	}
	return b.Bytes(), nil
}

// queue journals a new packet before handing it to the workers; a
// journaled one must be the same bytes, and is not sent again if the
// journal has its answer.
func (r *upload) queue(ctx context.Context, h packet.Header, first int, unsigned []byte, again *journaled, jobs chan<- job) error {
	sum := sha256.Sum256(unsigned)
	digest := hex.EncodeToString(sum[:])
	n := h.RecordCount

	r.mu.Lock()
	r.progress.Packets++
	if again != nil {
		if again.line.SHA256 != digest {
			r.mu.Unlock()
			return fmt.Errorf("ndxp: upload: records %d to %d are not those of packet %s in the journal: %w",
				first, first+n-1, h.ID, ErrJournalMismatch)
		}
		if again.done {
			r.finishLocked(first, n, h.ID, again.state, again.results, true)
			r.mu.Unlock()
			r.report1()
			return nil
		}
	} else if err := r.j.record(journalLine{Event: "packet", ID: h.ID, First: first, Count: n, Created: h.Created, SHA256: digest}); err != nil {
		r.mu.Unlock()
		return err
	}
	r.mu.Unlock()
	r.report1()
	select {
	case jobs <- job{header: h, first: first, unsigned: unsigned}:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// send signs a packet, submits it and waits for its answer.
func (r *upload) send(ctx context.Context, jb job) error {
	c := r.u.c
	signed, err := c.signer.Sign(ctx, jb.unsigned)
	if err != nil {
		return fmt.Errorf("ndxp: upload: signing packet %s: %w", jb.header.ID, err)
	}
	rq := &request{ep: wire.Submit, body: signed, contentType: mediaType(r.u.cfg.Format), idemKey: jb.header.ID.String()}
	a, err := c.do(ctx, rq)
	if err != nil {
		return fmt.Errorf("ndxp: upload: packet %s (records %d to %d): %w", jb.header.ID, jb.first, jb.first+jb.header.RecordCount-1, err)
	}
	ack, err := c.verifyAnswer(ctx, rq, a, packet.KindResponse, jb.header.ID)
	if err != nil {
		return err
	}
	r.mu.Lock()
	err = r.j.record(journalLine{Event: "sent", ID: jb.header.ID, State: ack.State()})
	r.progress.Sent++
	r.mu.Unlock()
	if err != nil {
		return err
	}
	r.report1()

	final := ack
	if ack.State() == packet.StateReceived {
		if final, err = c.Wait(ctx, jb.header.ID, r.u.cfg.PollInterval); err != nil {
			return fmt.Errorf("ndxp: upload: %w", err)
		}
	}
	results := final.Packet.Records.Results
	if final.State() == packet.StateProcessed && len(results) != jb.header.RecordCount {
		return fmt.Errorf("ndxp: upload: packet %s: the answer has %d results for %d records: %w",
			jb.header.ID, len(results), jb.header.RecordCount, ErrUnexpectedAnswer)
	}
	r.mu.Lock()
	err = r.j.record(journalLine{Event: "done", ID: jb.header.ID, State: final.State(), Results: journalResults(results)})
	if err == nil {
		r.finishLocked(jb.first, jb.header.RecordCount, jb.header.ID, final.State(), results, false)
	}
	r.mu.Unlock()
	r.report1()
	return err
}

// finishLocked counts a packet's final answer.
func (r *upload) finishLocked(first, count int, id uuid.UUID, state packet.State, results []packet.ProcessingResult, resumed bool) {
	p := &r.progress
	p.Done++
	if resumed {
		p.Resumed++
	}
	if state == packet.StateRejected {
		p.Refused += count
	} else {
		for _, res := range results {
			switch res.Status {
			case packet.RecordOK:
				p.Accepted++
			case packet.RecordWarning:
				p.Warned++
			default:
				p.Refused++
			}
		}
	}
	r.results[first] = PacketResult{ID: id, First: first, Count: count, State: state, Results: results}
}

// step changes the progress and reports it.
func (r *upload) step(f func(*Progress)) {
	r.mu.Lock()
	f(&r.progress)
	r.mu.Unlock()
	r.report1()
}

// report1 calls the progress callback, one call at a time.
func (r *upload) report1() {
	if r.u.cfg.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.u.cfg.Progress(r.progress)
}

func (r *upload) report() *UploadReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := &UploadReport{Progress: r.progress, Late: slices.Clone(r.late), DueSoon: slices.Clone(r.dueSoon)}
	for _, first := range slices.Sorted(maps.Keys(r.results)) {
		rep.Packets = append(rep.Packets, r.results[first])
	}
	return rep
}

// noteDeadlines judges the deadlines of the change events of a packet made
// at made: late, or due that day or the next working day.
func (r *upload) noteDeadlines(batch []packet.Record, first int, made time.Time) {
	cal := r.u.cfg.Calendar
	y, m, d := made.In(calendar.Vietnam).Date()
	next := cal.AddWorkingDays(time.Date(y, m, d, 0, 0, 0, 0, calendar.Vietnam), 1)
	for i, rec := range batch {
		ch, ok := rec.(*packet.Change)
		if !ok {
			continue
		}
		arose, byDecision := ch.Arose()
		if arose.IsZero() {
			continue // no date to count from: the service reports the missing date
		}
		dl := cal.Deadline(arose.In(calendar.Vietnam))
		dc := DueChange{Index: first + i, ID: ch.ID, PersonalID: ch.PersonalID, Arose: arose, ByDecision: byDecision,
			Due: packet.DateOf(dl.Due), Official: dl.Official, Made: made}
		r.mu.Lock()
		switch {
		case dl.Late(made):
			dc.Rule = packet.RuleChangeLate
			r.late = append(r.late, dc)
		case !dl.Due.After(next):
			r.dueSoon = append(r.dueSoon, dc)
		}
		r.mu.Unlock()
	}
}
