package hrsync

import (
	"context"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
)

// Store keeps what the engine must remember between runs: for each person,
// the profile the national database last acknowledged, and the batch being
// sent (its outbox), so that a run that stopped anywhere is finished by
// the next before it reads the source again. Its methods are called one at
// a time. OpenSQLite and OpenPostgres return the two implementations.
type Store interface {
	// Person returns the profile the national database last acknowledged
	// for a personal ID, and whether there is one.
	Person(ctx context.Context, personalID string) (Person, bool, error)
	// Profile returns the HoSo of Person in JSON, and whether there is
	// one: all that a reader of the acknowledged profiles needs (as
	// quality.Checker.CheckStore).
	Profile(ctx context.Context, personalID string) ([]byte, bool, error)
	// People returns up to limit of the personal IDs the store holds,
	// in ascending order, after the one given ("" for the first page).
	People(ctx context.Context, after string, limit int) ([]string, error)

	// OpenBatch returns the batch a run left open, if there is one.
	OpenBatch(ctx context.Context) (Batch, bool, error)
	// NewBatch opens a batch; no other may be open.
	NewBatch(ctx context.Context, b Batch) error
	// AddItems appends records to the open batch b, in order; their Seq
	// follow those before.
	AddItems(ctx context.Context, batch string, items []Item) error
	// Items returns up to limit items of batch of the kind given, in
	// order, with Seq above after.
	Items(ctx context.Context, batch string, kind packet.Kind, after int64, limit int) ([]Item, error)
	// Record, in one transaction, stores the new acknowledged states of
	// people and marks the items done, so that an item's effect on its
	// person's state is recorded exactly once.
	Record(ctx context.Context, batch string, done []int64, states []Person) error
	// CloseBatch removes the batch and its items.
	CloseBatch(ctx context.Context, batch string) error

	// Close releases the store.
	Close() error
}

// Person is what the national database last acknowledged of a person.
type Person struct {
	PersonalID   string
	Digest       string    // SHA-256 of Profile, hexadecimal: a profile that encodes the same is unchanged
	Profile      []byte    // the HoSo, in JSON
	Acknowledged time.Time // when the engine recorded it
}

// Batch is the records of one run, kept until every one has its answer
// and its effect is recorded.
type Batch struct {
	ID      string    // a UUID; it names the uploader's journals
	Created time.Time // when the batch was made: the creation time of its packets' clock
}

// Item is one record of a batch.
type Item struct {
	Seq        int64       // its place in the batch, from 1
	Kind       packet.Kind // HOSO or BIENDONG
	PersonalID string
	RowKey     string // the row of the source it came from, for reports
	Record     []byte // the HoSo or BienDong, in JSON
	Done       bool   // its answer's effect is recorded
}
