package hrsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

var (
	agency = identifier.MustParseAgencyCode("000.00.00.H29")
	today  = time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
)

// world is an HR system's rows at two moments: before and after a round
// of changes (raises, transfers, awards, retirements, updates, a member
// removed, a person gone), and the events they should make.
type world struct {
	before, after []Row
}

func makeWorld(n int) world {
	g := packettest.New(packettest.Options{Seed: 21, Sender: agency, Now: today})
	var w world
	removed := false
	for i, p := range g.Profiles(n) {
		w.before = append(w.before, Row{Key: "nv-" + p.PersonalID.String()[8:], Profile: p})
		q := p
		decisions := map[string]packet.Decision{}
		switch {
		case i == 2:
			continue // gone from the source
		case i%3 == 0:
			c := g.Change(p)
			var fs []packet.Finding
			if q, fs = packet.Apply(p, c); len(fs) > 0 {
				panic(fs[0].MessageEN)
			}
			q.UpdatedAt = today.Add(-time.Hour)
			if c.Decision != nil {
				decisions[c.Kind] = *c.Decision
				decisions[c.Decision.Number] = *c.Decision
			}
		case !removed && p.Position != nil:
			q.Position, removed = nil, true // a member removed: the profile goes whole again
		}
		w.after = append(w.after, Row{Key: "nv-" + p.PersonalID.String()[8:], Profile: q, Decisions: decisions})
	}
	return w
}

func rowsOf(rs []Row) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// env is a sandbox and an engine's configuration against it.
type env struct {
	srv *ndxptest.Server
	cfg Config
}

// pki is the sandbox's PKI, made once: making keys is most of the cost of
// starting a sandbox.
var pki = sync.OnceValue(func() *signingtest.PKI {
	p, err := signingtest.NewPKI(signingtest.Config{At: today})
	if err != nil {
		panic(err)
	}
	return p
})

func newEnv(t *testing.T, st Store) *env {
	srv := ndxptest.NewServer(t, ndxptest.Config{Now: func() time.Time { return today }, PKI: pki()})
	return &env{srv: srv, cfg: Config{
		Client:     srv.Client(agency),
		Store:      st,
		JournalDir: t.TempDir(),
		Upload:     ndxp.UploaderConfig{MaxRecords: 7, Concurrency: 2, PollInterval: time.Millisecond, Software: "hrsync test"},
		Now:        func() time.Time { return today },
	}}
}

func (e *env) sync(t *testing.T, ctx context.Context, rows []Row) (*Report, error) {
	t.Helper()
	eng, err := New(e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	return eng.Sync(ctx, rowsOf(rows))
}

// holds checks that the sandbox holds exactly the profiles of rows (and
// those of people gone from them).
func (e *env) holds(t *testing.T, rows []Row, gone int) {
	t.Helper()
	held := e.srv.Profiles()
	if len(held) != len(rows)+gone {
		t.Fatalf("the sandbox holds %d profiles, want %d", len(held), len(rows)+gone)
	}
	for _, r := range rows {
		p, ok := e.srv.Profile(r.Profile.PersonalID)
		if !ok {
			t.Fatalf("row %s: not in the sandbox", r.Key)
		}
		a, _ := json.Marshal(&p)
		b, _ := json.Marshal(&r.Profile)
		if !bytes.Equal(a, b) {
			t.Fatalf("row %s: the sandbox holds\n%s\nthe source\n%s", r.Key, a, b)
		}
	}
}

func TestSync(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			w := makeWorld(60)
			e := newEnv(t, o.open(t))
			rep, err := e.sync(t, ctx, w.before)
			if err != nil {
				t.Fatal(err)
			}
			if rep.New != 60 || rep.Accepted+rep.Warned != 60 || rep.Refused != 0 {
				t.Fatalf("first sync: %+v", rep)
			}
			e.holds(t, w.before, 0)

			rep, err = e.sync(t, ctx, w.after)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("second sync: %d changed (%d sent whole), %d events, %d untyped changes, %d unchanged, vanished %v",
				rep.Changed, rep.Resent, rep.Events, len(rep.Untyped), rep.Unchanged, rep.Vanished)
			if rep.New != 0 || rep.Resent != 1 || rep.Changed < 15 || len(rep.Vanished) != 1 || rep.Refused != 0 {
				t.Fatalf("second sync: %+v", rep)
			}
			if rep.Vanished[0] != w.before[2].Profile.PersonalID.String() {
				t.Errorf("vanished %v", rep.Vanished)
			}
			e.holds(t, w.after, 1)

			rep, err = e.sync(t, ctx, w.after)
			if err != nil || rep.Unchanged != len(w.after) || len(rep.Uploads) != 0 {
				t.Fatalf("third sync, nothing changed: %+v %v", rep, err)
			}
		})
	}
}

// crashStore stops the run at its step-th call: before the call is
// carried out, or after, as a crash would.
type crashStore struct {
	Store
	step, n int
	after   bool
	cancel  context.CancelFunc
}

var errCrash = errors.New("crash")

func (c *crashStore) at(do func() error) error {
	c.n++
	if c.n != c.step {
		return do()
	}
	if c.after {
		do()
	}
	c.cancel()
	return errCrash
}

func (c *crashStore) NewBatch(ctx context.Context, b Batch) error {
	return c.at(func() error { return c.Store.NewBatch(ctx, b) })
}
func (c *crashStore) AddItems(ctx context.Context, batch string, items []Item) error {
	return c.at(func() error { return c.Store.AddItems(ctx, batch, items) })
}
func (c *crashStore) Record(ctx context.Context, batch string, done []int64, states []Person) error {
	return c.at(func() error { return c.Store.Record(ctx, batch, done, states) })
}
func (c *crashStore) CloseBatch(ctx context.Context, batch string) error {
	return c.at(func() error { return c.Store.CloseBatch(ctx, batch) })
}

// TestSyncCrash stops the two syncs at every step — each write to the
// store, before and after it, and each step of the uploads — and runs
// them again: the sandbox ends with exactly the source's profiles, every
// record processed once.
func TestSyncCrash(t *testing.T) {
	w := makeWorld(12)
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			if o.name == "postgres" && testing.Short() {
				t.Skip("-short")
			}
			var wantRecords int
			for step := 1; ; step++ {
				for _, after := range []bool{false, true} {
					e := newEnv(t, nil)
					cs := &crashStore{Store: o.open(t), step: step, after: after}
					e.cfg.Store = cs
					progress := 0
					e.cfg.Upload.Progress = func(ndxp.Progress) {
						progress++
						if cs.n < step && progress == step {
							cs.cancel()
						}
					}
					crashed := 0
					for _, rows := range [][]Row{w.before, w.after} {
						for {
							ctx, cancel := context.WithCancel(context.Background())
							cs.cancel = cancel
							_, err := e.sync(t, ctx, rows)
							cancel()
							if err == nil {
								break
							}
							if !errors.Is(err, errCrash) && !errors.Is(err, context.Canceled) {
								t.Fatalf("step %d: %v", step, err)
							}
							if crashed++; crashed > 1 {
								t.Fatalf("step %d: crashed twice", step)
							}
							cs.step = -1 // the rerun does not crash
						}
					}
					e.holds(t, w.after, 1)
					st := e.srv.Stats()
					if wantRecords == 0 {
						wantRecords = st.RecordsProcessed
					}
					if st.RecordsProcessed != wantRecords {
						t.Fatalf("step %d (after %v): %d records processed, want %d: a record was sent twice", step, after, st.RecordsProcessed, wantRecords)
					}
					if crashed == 0 {
						t.Logf("%d steps, %d records processed each time", step-1, wantRecords)
						return
					}
				}
			}
		})
	}
}
