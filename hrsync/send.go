package hrsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
)

// page is how many records of a batch are read, and recorded, at once.
const page = 500

// send uploads the records of a batch, HOSO then BIENDONG, records the
// effect of every acknowledged one, and closes the batch. Each step can
// stop and be run again: the uploader's journals send nothing twice, and
// Store.Record marks each record done with its person's new state.
func (e *Engine) send(ctx context.Context, b Batch, rep *Report) error {
	for _, kind := range []packet.Kind{packet.KindProfiles, packet.KindChanges} {
		first, err := e.cfg.Store.Items(ctx, b.ID, kind, 0, 1)
		if err != nil {
			return err
		}
		if len(first) == 0 {
			continue
		}
		cfg := e.cfg.Upload
		cfg.Kind, cfg.Journal = kind, e.journal(b.ID, kind)
		var readErr error
		up, err := e.cfg.Client.Uploader(cfg).Upload(ctx, e.records(ctx, b.ID, kind, &readErr))
		if readErr != nil {
			return readErr
		}
		if err != nil {
			return err
		}
		rep.Uploads = append(rep.Uploads, up)
		if err := e.record(ctx, b.ID, kind, up, rep); err != nil {
			return err
		}
	}
	if err := e.cfg.Store.CloseBatch(ctx, b.ID); err != nil {
		return err
	}
	return e.removeJournals("")
}

// records reads the records of one kind of a batch, in order, a page at a
// time; a failure to read ends them, in *readErr.
func (e *Engine) records(ctx context.Context, batch string, kind packet.Kind, readErr *error) iter.Seq[packet.Record] {
	return func(yield func(packet.Record) bool) {
		for it, err := range e.items(ctx, batch, kind) {
			if err != nil {
				*readErr = err
				return
			}
			rec, err := decodeItem(it)
			if err != nil {
				*readErr = err
				return
			}
			if !yield(rec) {
				return
			}
		}
	}
}

// items reads the items of one kind of a batch, in order.
func (e *Engine) items(ctx context.Context, batch string, kind packet.Kind) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		var after int64
		for {
			its, err := e.cfg.Store.Items(ctx, batch, kind, after, page)
			if err != nil {
				yield(Item{}, err)
				return
			}
			for _, it := range its {
				if !yield(it, nil) {
					return
				}
			}
			if len(its) < page {
				return
			}
			after = its[len(its)-1].Seq
		}
	}
}

func decodeItem(it Item) (packet.Record, error) {
	var rec packet.Record = &packet.Change{}
	if it.Kind == packet.KindProfiles {
		rec = &packet.Profile{}
	}
	if err := json.Unmarshal(it.Record, rec); err != nil {
		return nil, fmt.Errorf("hrsync: the store's record %d of %s: %w", it.Seq, it.PersonalID, err)
	}
	return rec, nil
}

// answers are the national database's answers to an upload's records, by
// position.
type answers struct {
	results  []packet.ProcessingResult
	rejected []bool // the record's packet was refused whole
}

func answersOf(up *ndxp.UploadReport) answers {
	a := answers{results: make([]packet.ProcessingResult, up.Records), rejected: make([]bool, up.Records)}
	for _, p := range up.Packets {
		for i := p.First; i < p.First+p.Count && i < up.Records; i++ {
			a.rejected[i] = p.State == packet.StateRejected
		}
		for _, r := range p.Results {
			if i := p.First + r.Index; i >= 0 && i < up.Records {
				a.results[i] = r
			}
		}
	}
	return a
}

// accepted reports whether record i was acknowledged: THANH_CONG, or
// CANH_BAO, which the national database stores with its warnings.
func (a answers) accepted(i int) bool {
	s := a.results[i].Status
	return !a.rejected[i] && (s == packet.RecordOK || s == packet.RecordWarning)
}

// record stores the effect of the acknowledged records of one kind of a
// batch: a profile becomes its person's state, a change event is applied
// to it. Records already done, by a run that stopped, are skipped.
func (e *Engine) record(ctx context.Context, batch string, kind packet.Kind, up *ndxp.UploadReport, rep *Report) error {
	a := answersOf(up)
	due := map[int]ndxp.DueChange{}
	for _, d := range up.Late {
		due[d.Index] = d
	}
	for _, d := range up.DueSoon {
		due[d.Index] = d
	}
	r := recorder{e: e, batch: batch, states: map[string]Person{}}
	i := 0
	for it, err := range e.items(ctx, batch, kind) {
		if err != nil {
			return err
		}
		if d, ok := due[i]; ok {
			if d.Rule != "" {
				rep.Late = append(rep.Late, Due{RowKey: it.RowKey, DueChange: d})
			} else {
				rep.DueSoon = append(rep.DueSoon, Due{RowKey: it.RowKey, DueChange: d})
			}
		}
		if err := r.item(ctx, it, i, a, rep); err != nil {
			return err
		}
		if len(r.done) >= page {
			if err := r.flush(ctx); err != nil {
				return err
			}
		}
		i++
	}
	if i != up.Records {
		return fmt.Errorf("hrsync: batch %s has %d %s records, the upload %d", batch, i, kind, up.Records)
	}
	return r.flush(ctx)
}

// recorder gathers the effects of a page of records.
type recorder struct {
	e      *Engine
	batch  string
	done   []int64
	states map[string]Person // the new states of the page, by personal ID
	order  []string
}

func (r *recorder) item(ctx context.Context, it Item, i int, a answers, rep *Report) error {
	res := a.results[i]
	switch {
	case a.accepted(i) && res.Status == packet.RecordWarning:
		rep.Warned++
	case a.accepted(i):
		rep.Accepted++
	default:
		rep.Refused++
	}
	ans := Answer{RowKey: it.RowKey, PersonalID: it.PersonalID, Kind: it.Kind, Status: res.Status, Violations: res.Violations}
	if !a.accepted(i) {
		ans.Status = packet.RecordError
	}
	if it.Kind == packet.KindChanges {
		var ch packet.Change
		if err := json.Unmarshal(it.Record, &ch); err == nil {
			ans.ChangeID, ans.ChangeKind = ch.ID, ch.Kind
		}
	}
	if !a.accepted(i) {
		rep.RefusedRecords = append(rep.RefusedRecords, ans)
	}
	if r.e.cfg.Answered != nil {
		if err := r.e.cfg.Answered(ans); err != nil {
			return err
		}
	}
	if it.Done {
		return nil
	}
	r.done = append(r.done, it.Seq)
	if !a.accepted(i) {
		return nil
	}
	if it.Kind == packet.KindProfiles {
		return r.put(it.PersonalID, it.Record)
	}
	return r.apply(ctx, it)
}

// apply applies an acknowledged change event to its person's state, as
// the national database did.
func (r *recorder) apply(ctx context.Context, it Item) error {
	cur, ok := r.states[it.PersonalID]
	if !ok {
		var err error
		if cur, ok, err = r.e.cfg.Store.Person(ctx, it.PersonalID); err != nil {
			return err
		}
	}
	if !ok {
		return fmt.Errorf("hrsync: row %s: a change event was acknowledged for a person the store does not hold", it.RowKey)
	}
	var p packet.Profile
	var ch packet.Change
	if err := json.Unmarshal(cur.Profile, &p); err != nil {
		return err
	}
	if err := json.Unmarshal(it.Record, &ch); err != nil {
		return err
	}
	np, fs := packet.Apply(p, ch)
	if len(fs) > 0 {
		return fmt.Errorf("hrsync: row %s: change event %s was acknowledged but does not apply to the acknowledged profile: %v", it.RowKey, ch.ID, fs[0].MessageEN)
	}
	b, _, err := encodeProfile(&np)
	if err != nil {
		return err
	}
	return r.put(it.PersonalID, b)
}

// put records a person's new state: profile is encodeProfile's output
// (the planner's, for a HOSO record), whose digest it keeps.
func (r *recorder) put(pid string, profile []byte) error {
	sum := sha256.Sum256(profile)
	b, digest := profile, hex.EncodeToString(sum[:])
	if _, ok := r.states[pid]; !ok {
		r.order = append(r.order, pid)
	}
	r.states[pid] = Person{PersonalID: pid, Digest: digest, Profile: b, Acknowledged: r.e.cfg.Now()}
	return nil
}

// flush records the page in one transaction.
func (r *recorder) flush(ctx context.Context) error {
	states := make([]Person, 0, len(r.order))
	for _, pid := range r.order {
		states = append(states, r.states[pid])
	}
	if err := r.e.cfg.Store.Record(ctx, r.batch, r.done, states); err != nil {
		return err
	}
	r.done, r.order = r.done[:0], r.order[:0]
	clear(r.states)
	return nil
}
