package hrsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Config configures an Engine. Store and JournalDir are required, and
// Client to Sync (Plan sends nothing).
type Config struct {
	// Client signs and sends; it needs a signer (ndxp.WithSigner).
	Client *ndxp.Client
	// Store keeps the acknowledged profiles and the batch being sent.
	Store Store
	// JournalDir is where the uploader keeps the journals of the batch
	// being sent (sync-<batch>-<kind>.journal), removed when it is done.
	JournalDir string
	// Upload configures the uploads: packet size, concurrency, format,
	// polling, PhanMemGui, progress, clock and calendar. Kind and Journal
	// are the engine's.
	Upload ndxp.UploaderConfig
	// Now is the clock of batches and of the acknowledged states; default
	// Upload.Now, else time.Now.
	Now func() time.Time
	// NewID makes the IDs of batches and change events; default uuid.NewV7.
	NewID func() (uuid.UUID, error)
	// Answered, if set, is called with the national database's answer to
	// each record sent, in order, before its effect is recorded: to write
	// the results back to the HR database. A run that finishes a stopped
	// one calls it again for the records answered before: write them back
	// keyed by the record (the personal ID, the MaBienDong).
	Answered func(Answer) error
}

// Row is one person's current profile in the agency's HR system.
type Row struct {
	// Key names the row in the source, for reports: its primary key, a
	// staff number. Empty: the personal ID.
	Key     string
	Profile packet.Profile
	// Decisions are the decisions behind changes that the profile records
	// without their whole decision, by their number (SoQuyetDinh of an
	// award or a discipline) or, for a change with no number in the
	// profile, by the kind of change event (NANG_LUONG; DIEU_DONG,
	// BO_NHIEM, NGHI_HUU for the members of format 1.0). Without one,
	// such a change goes as a plain update (CAP_NHAT).
	Decisions map[string]packet.Decision
}

// Engine keeps an agency's profiles in the national database in step
// with its HR system. Make one with New.
type Engine struct {
	cfg Config
}

// New returns an engine.
func New(cfg Config) (*Engine, error) {
	if cfg.Store == nil || cfg.JournalDir == "" {
		return nil, errors.New("hrsync: Config needs Store and JournalDir")
	}
	if cfg.Now == nil {
		cfg.Now = cfg.Upload.Now
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Upload.Now = cfg.Now
	if cfg.NewID == nil {
		cfg.NewID = uuid.NewV7
	}
	return &Engine{cfg: cfg}, nil
}

// Report is the outcome of a Sync.
type Report struct {
	// Resumed is set when a batch an earlier run left unfinished was
	// sent and recorded first.
	Resumed bool
	// Rows read from the source, and of them: new people (sent whole,
	// HOSO), people whose profile changed (change events, BIENDONG, or
	// sent whole again when a member was removed: Resent), unchanged.
	Rows, New, Changed, Resent, Unchanged int
	// Events is the number of change events made.
	Events int
	// Untyped are the changes sent as a plain update (CAP_NHAT).
	Untyped []Untyped
	// Vanished are the personal IDs the national database holds from
	// earlier runs that the source no longer has. Nothing is sent for
	// them: the end of service is a change of the profile (ChamDut,
	// TrangThai) with its decision, which the source must still give.
	Vanished []string
	// Duplicates are the rows whose personal ID an earlier row had;
	// they are not sent.
	Duplicates []string
	// Accepted, Warned and Refused count the records the national
	// database answered: THANH_CONG, CANH_BAO, LOI. Accepted and warned
	// ones are recorded as acknowledged.
	Accepted, Warned, Refused int
	// RefusedRecords are the records refused, with their rows.
	RefusedRecords []Answer
	// Late are the change events reported after their deadline of three
	// working days; DueSoon those due the day they were sent or the next
	// working day.
	Late, DueSoon []Due
	// Uploads are the uploader's reports, HOSO then BIENDONG, of each
	// batch sent (a resumed one first).
	Uploads []*ndxp.UploadReport
}

// Untyped is a change sent as a plain update.
type Untyped struct {
	RowKey, PersonalID string
	Field              string // its JSON Pointer into HoSo
	Kind               string // the kind that would carry it with its decision, or empty
}

// Answer is the national database's answer to one record sent.
type Answer struct {
	RowKey, PersonalID string
	Kind               packet.Kind         // HOSO or BIENDONG
	ChangeID           uuid.UUID           // MaBienDong of a change event
	ChangeKind         string              // its LoaiBienDong
	Status             packet.RecordStatus // THANH_CONG, CANH_BAO or LOI (also for a record of a packet refused whole)
	Violations         []packet.Finding
}

// Due is a change event with its deadline.
type Due struct {
	RowKey string
	ndxp.DueChange
}

// Sync sends what changed since the national database last acknowledged
// each person: the whole profile (HOSO) of a person it does not hold, the
// change events (BIENDONG) of a changed profile. First it finishes the
// batch of a run that stopped, if any. A row with an error is skipped and
// is the error of Sync, after the rest is sent. When Sync returns an
// error, run it again: nothing is lost or sent twice.
func (e *Engine) Sync(ctx context.Context, rows iter.Seq2[Row, error]) (*Report, error) {
	rep := &Report{}
	if e.cfg.Client == nil {
		return rep, errors.New("hrsync: Sync needs Config.Client")
	}
	st := e.cfg.Store
	if b, open, err := st.OpenBatch(ctx); err != nil {
		return rep, err
	} else if open {
		rep.Resumed = true
		if err := e.send(ctx, b, rep); err != nil {
			return rep, err
		}
	}
	if err := e.removeJournals(""); err != nil {
		return rep, err
	}
	b, err := e.newBatch(ctx)
	if err != nil {
		return rep, err
	}
	rowErr, err := e.plan(ctx, b, rows, rep)
	if err != nil {
		return rep, err
	}
	if err := e.send(ctx, b, rep); err != nil {
		return rep, err
	}
	return rep, rowErr
}

// Plan reports what Sync would send, sending and storing nothing: the
// records are given to emit, in order.
func (e *Engine) Plan(ctx context.Context, rows iter.Seq2[Row, error], emit func(Item) error) (*Report, error) {
	rep := &Report{}
	p := planner{e: e, rep: rep, seen: map[string]bool{}, emit: emit}
	rowErr, err := p.rows(ctx, rows)
	if err == nil {
		err = p.vanished(ctx)
	}
	if err != nil {
		return rep, err
	}
	return rep, rowErr
}

func (e *Engine) newBatch(ctx context.Context) (Batch, error) {
	id, err := e.cfg.NewID()
	if err != nil {
		return Batch{}, err
	}
	b := Batch{ID: id.String(), Created: e.cfg.Now()}
	return b, e.cfg.Store.NewBatch(ctx, b)
}

// plan reads the rows and writes the batch's records to the store.
func (e *Engine) plan(ctx context.Context, b Batch, rows iter.Seq2[Row, error], rep *Report) (rowErr, err error) {
	const chunk = 500
	var buf []Item
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := e.cfg.Store.AddItems(ctx, b.ID, buf)
		buf = buf[:0]
		return err
	}
	p := planner{e: e, rep: rep, seen: map[string]bool{}, emit: func(it Item) error {
		buf = append(buf, it)
		if len(buf) == chunk {
			return flush()
		}
		return nil
	}}
	if rowErr, err = p.rows(ctx, rows); err != nil {
		return rowErr, err
	}
	if err := flush(); err != nil {
		return rowErr, err
	}
	return rowErr, p.vanished(ctx)
}

// planner turns rows into the records of a batch.
type planner struct {
	e    *Engine
	rep  *Report
	seen map[string]bool // personal IDs read: a few dozen bytes a person
	emit func(Item) error
}

func (p *planner) rows(ctx context.Context, rows iter.Seq2[Row, error]) (rowErr, err error) {
	for row, err := range rows {
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return rowErr, err
			}
			rowErr = errors.Join(rowErr, err)
			continue
		}
		if err := ctx.Err(); err != nil {
			return rowErr, err
		}
		p.rep.Rows++
		if err := p.row(ctx, row); err != nil {
			return rowErr, err
		}
	}
	return rowErr, nil
}

// row plans the records of one row.
func (p *planner) row(ctx context.Context, row Row) error {
	pid := row.Profile.PersonalID.String()
	if row.Key == "" {
		row.Key = pid
	}
	if p.seen[pid] {
		p.rep.Duplicates = append(p.rep.Duplicates, row.Key)
		return nil
	}
	p.seen[pid] = true
	enc, digest, err := encodeProfile(&row.Profile)
	if err != nil {
		return fmt.Errorf("hrsync: row %s: %w", row.Key, err)
	}
	prev, known, err := p.e.cfg.Store.Person(ctx, pid)
	switch {
	case err != nil:
		return err
	case !known:
		p.rep.New++
		return p.emit(Item{Kind: packet.KindProfiles, PersonalID: pid, RowKey: row.Key, Record: enc})
	case prev.Digest == digest:
		p.rep.Unchanged++
		return nil
	}
	p.rep.Changed++
	var old packet.Profile
	if err := json.Unmarshal(prev.Profile, &old); err != nil {
		return fmt.Errorf("hrsync: the store's profile of row %s: %w", row.Key, err)
	}
	d, err := packet.Diff(old, row.Profile)
	if err != nil {
		return fmt.Errorf("hrsync: row %s: %w", row.Key, err)
	}
	plan, err := packet.ChangeEvents(&old, &row.Profile, d, packet.EventOptions{NewID: p.e.cfg.NewID, Decision: row.decision})
	if err != nil {
		return err
	}
	if len(plan.Removals) > 0 {
		p.rep.Resent++
		return p.emit(Item{Kind: packet.KindProfiles, PersonalID: pid, RowKey: row.Key, Record: enc})
	}
	for _, u := range plan.Untyped {
		p.rep.Untyped = append(p.rep.Untyped, Untyped{RowKey: row.Key, PersonalID: pid, Field: u.Field, Kind: u.Kind})
	}
	for i := range plan.Events {
		b, err := json.Marshal(&plan.Events[i])
		if err != nil {
			return err
		}
		p.rep.Events++
		if err := p.emit(Item{Kind: packet.KindChanges, PersonalID: pid, RowKey: row.Key, Record: b}); err != nil {
			return err
		}
	}
	return nil
}

// decision looks a decision up in the row's: by number, else by kind.
func (r *Row) decision(kind, number string, _ packet.Date) (packet.Decision, bool) {
	if number != "" {
		if d, ok := r.Decisions[number]; ok {
			return d, true
		}
	}
	d, ok := r.Decisions[kind]
	return d, ok
}

// vanished lists the people of the store the rows did not have.
func (p *planner) vanished(ctx context.Context) error {
	after := ""
	for {
		ids, err := p.e.cfg.Store.People(ctx, after, 1000)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			if !p.seen[id] {
				p.rep.Vanished = append(p.rep.Vanished, id)
			}
		}
		after = ids[len(ids)-1]
	}
}

// encodeProfile returns the JSON of a profile and its digest.
func encodeProfile(p *packet.Profile) ([]byte, string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:]), nil
}

// journal is the uploader's journal of one kind of a batch.
func (e *Engine) journal(batch string, kind packet.Kind) string {
	return filepath.Join(e.cfg.JournalDir, "sync-"+batch+"-"+string(kind)+".journal")
}

// removeJournals removes the journals of batches other than keep, which
// a run that stopped after recording its batch may have left.
func (e *Engine) removeJournals(keep string) error {
	old, err := filepath.Glob(filepath.Join(e.cfg.JournalDir, "sync-*.journal"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if keep != "" && (f == e.journal(keep, packet.KindProfiles) || f == e.journal(keep, packet.KindChanges)) {
			continue
		}
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
