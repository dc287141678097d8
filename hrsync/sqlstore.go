package hrsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver of database/sql, as "pgx"
	_ "modernc.org/sqlite"             // the pure-Go SQLite driver: nothing for the user to install

	"github.com/cbccvc/cbccvc-go/packet"
)

// SQLStore is the Store in an SQL database: an SQLite file (OpenSQLite)
// or a PostgreSQL database (OpenPostgres). Its tables are named cbccvc_*;
// their schema is versioned (table cbccvc_schema), and a newer SDK
// migrates it when it opens the store. The store holds the profiles the
// national database acknowledged, with the sensitive groups: keep it as
// the HR database itself is kept.
type SQLStore struct {
	db       *sql.DB
	postgres bool
}

// migrations are the schema's versions, in order: migration i brings the
// schema to version i+1. Never edit one that was released: add one.
var migrations = []string{
	`CREATE TABLE cbccvc_person (
		personal_id  TEXT PRIMARY KEY,
		digest       TEXT NOT NULL,
		profile      TEXT NOT NULL,
		acknowledged TEXT NOT NULL
	);
	CREATE TABLE cbccvc_batch (
		id      TEXT PRIMARY KEY,
		created TEXT NOT NULL
	);
	CREATE TABLE cbccvc_outbox (
		batch_id    TEXT NOT NULL REFERENCES cbccvc_batch (id),
		seq         BIGINT NOT NULL,
		kind        TEXT NOT NULL,
		personal_id TEXT NOT NULL,
		row_key     TEXT NOT NULL,
		record      TEXT NOT NULL,
		done        INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (batch_id, seq)
	)`,
}

// SchemaVersion is the version of the store's schema this package writes.
func SchemaVersion() int { return len(migrations) }

// ErrSchema reports a store whose schema is newer than this package's.
var ErrSchema = errors.New("hrsync: the store's schema is newer than this program's")

// OpenSQLite opens, creating it if need be, the store in the SQLite file
// at path.
func OpenSQLite(ctx context.Context, path string) (*SQLStore, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, fmt.Errorf("hrsync: %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; the store's calls come one at a time
	return open(ctx, db, false, path)
}

// OpenPostgres opens the store in the PostgreSQL database of a URL
// (postgres://user:password@host:5432/db), creating its tables if need be.
func OpenPostgres(ctx context.Context, url string) (*SQLStore, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("hrsync: PostgreSQL: %w", err)
	}
	return open(ctx, db, true, "PostgreSQL")
}

// Open opens the store a DSN names: sqlite:PATH, or a postgres:// or
// postgresql:// URL.
func Open(ctx context.Context, dsn string) (*SQLStore, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return OpenPostgres(ctx, dsn)
	}
	return nil, dsnError(dsn)
}

func open(ctx context.Context, db *sql.DB, postgres bool, name string) (*SQLStore, error) {
	s := &SQLStore{db: db, postgres: postgres}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("hrsync: %s: %w", name, err)
	}
	return s, nil
}

// migrate brings the schema to SchemaVersion, one version per transaction.
func (s *SQLStore) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS cbccvc_schema (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	for {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var v int
		err = tx.QueryRowContext(ctx, `SELECT version FROM cbccvc_schema`).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.ExecContext(ctx, `INSERT INTO cbccvc_schema (version) VALUES (0)`)
		}
		if err == nil && v > len(migrations) {
			err = fmt.Errorf("%w: version %d, this program knows %d", ErrSchema, v, len(migrations))
		}
		if err != nil || v == len(migrations) {
			return errors.Join(err, tx.Rollback())
		}
		for _, stmt := range strings.Split(migrations[v], ";") {
			if _, err = tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration to version %d: %w", v+1, err)
			}
		}
		if _, err = tx.ExecContext(ctx, s.q(`UPDATE cbccvc_schema SET version = ?`), v+1); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}

// q writes a query's placeholders as the database wants them: ? for
// SQLite, $1, $2 … for PostgreSQL.
func (s *SQLStore) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

const timeLayout = time.RFC3339Nano

// Person implements Store.
func (s *SQLStore) Person(ctx context.Context, personalID string) (Person, bool, error) {
	p := Person{PersonalID: personalID}
	var profile, ack string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT digest, profile, acknowledged FROM cbccvc_person WHERE personal_id = ?`), personalID).
		Scan(&p.Digest, &profile, &ack)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, false, nil
	}
	if err != nil {
		return Person{}, false, fmt.Errorf("hrsync: store: %w", err)
	}
	p.Profile = []byte(profile)
	p.Acknowledged, err = time.Parse(timeLayout, ack)
	return p, true, err
}

// Profile implements Store.
func (s *SQLStore) Profile(ctx context.Context, personalID string) ([]byte, bool, error) {
	var profile string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT profile FROM cbccvc_person WHERE personal_id = ?`), personalID).Scan(&profile)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("hrsync: store: %w", err)
	}
	return []byte(profile), true, nil
}

// People implements Store.
func (s *SQLStore) People(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT personal_id FROM cbccvc_person WHERE personal_id > ? ORDER BY personal_id LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("hrsync: store: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// OpenBatch implements Store.
func (s *SQLStore) OpenBatch(ctx context.Context) (Batch, bool, error) {
	var b Batch
	var created string
	err := s.db.QueryRowContext(ctx, `SELECT id, created FROM cbccvc_batch ORDER BY created LIMIT 1`).Scan(&b.ID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Batch{}, false, nil
	}
	if err != nil {
		return Batch{}, false, fmt.Errorf("hrsync: store: %w", err)
	}
	b.Created, err = time.Parse(timeLayout, created)
	return b, true, err
}

// NewBatch implements Store.
func (s *SQLStore) NewBatch(ctx context.Context, b Batch) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO cbccvc_batch (id, created) VALUES (?, ?)`), b.ID, b.Created.Format(timeLayout))
	return wrap(err)
}

// AddItems implements Store.
func (s *SQLStore) AddItems(ctx context.Context, batch string, items []Item) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(seq), 0) FROM cbccvc_outbox WHERE batch_id = ?`), batch).Scan(&last); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO cbccvc_outbox (batch_id, seq, kind, personal_id, row_key, record) VALUES (?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, it := range items {
			if _, err := stmt.ExecContext(ctx, batch, last+int64(i)+1, string(it.Kind), it.PersonalID, it.RowKey, string(it.Record)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Items implements Store.
func (s *SQLStore) Items(ctx context.Context, batch string, kind packet.Kind, after int64, limit int) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT seq, personal_id, row_key, record, done FROM cbccvc_outbox
		WHERE batch_id = ? AND kind = ? AND seq > ? ORDER BY seq LIMIT ?`), batch, string(kind), after, limit)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it := Item{Kind: kind}
		var rec string
		var done int
		if err := rows.Scan(&it.Seq, &it.PersonalID, &it.RowKey, &rec, &done); err != nil {
			return nil, wrap(err)
		}
		it.Record, it.Done = []byte(rec), done != 0
		out = append(out, it)
	}
	return out, wrap(rows.Err())
}

// Record implements Store.
func (s *SQLStore) Record(ctx context.Context, batch string, done []int64, states []Person) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		put, err := tx.PrepareContext(ctx, s.q(`INSERT INTO cbccvc_person (personal_id, digest, profile, acknowledged) VALUES (?, ?, ?, ?)
			ON CONFLICT (personal_id) DO UPDATE SET digest = excluded.digest, profile = excluded.profile, acknowledged = excluded.acknowledged`))
		if err != nil {
			return err
		}
		defer put.Close()
		for _, p := range states {
			if _, err := put.ExecContext(ctx, p.PersonalID, p.Digest, string(p.Profile), p.Acknowledged.Format(timeLayout)); err != nil {
				return err
			}
		}
		mark, err := tx.PrepareContext(ctx, s.q(`UPDATE cbccvc_outbox SET done = 1 WHERE batch_id = ? AND seq = ?`))
		if err != nil {
			return err
		}
		defer mark.Close()
		for _, seq := range done {
			if _, err := mark.ExecContext(ctx, batch, seq); err != nil {
				return err
			}
		}
		return nil
	})
}

// CloseBatch implements Store.
func (s *SQLStore) CloseBatch(ctx context.Context, batch string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM cbccvc_outbox WHERE batch_id = ?`), batch); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`DELETE FROM cbccvc_batch WHERE id = ?`), batch)
		return err
	})
}

// Close implements Store.
func (s *SQLStore) Close() error { return s.db.Close() }

func (s *SQLStore) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	if err := f(tx); err != nil {
		return wrap(errors.Join(err, tx.Rollback()))
	}
	return wrap(tx.Commit())
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("hrsync: store: %w", err)
}
