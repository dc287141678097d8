package hrsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
)

// postgresEnv names the environment variable with the URL of a PostgreSQL
// server for the tests; .ci/run starts one.
const postgresEnv = "CBCCVC_TEST_POSTGRES"

// opener opens a fresh, empty store for a test.
type opener struct {
	name string
	open func(t testing.TB) Store
}

var schemas atomic.Int64

// openers are the stores every test runs against: SQLite always,
// PostgreSQL when CBCCVC_TEST_POSTGRES names a server.
func openers() []opener {
	return []opener{
		{"sqlite", func(t testing.TB) Store {
			s, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "store.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
		{"postgres", func(t testing.TB) Store { return openPostgres(t) }},
	}
}

// openPostgres opens a store in a schema of its own in the test server.
func openPostgres(t testing.TB) Store {
	url := os.Getenv(postgresEnv)
	if url == "" {
		t.Skipf("no PostgreSQL server: set %s to a postgres:// URL (.ci/run starts one) to run the PostgreSQL store's tests", postgresEnv)
	}
	ctx := context.Background()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := db.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		t.Skipf("PostgreSQL at %s (%s) is not reachable: %v", postgresEnv, url, err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", url); err == nil {
			db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
			db.Close()
		}
	})
	sep := "?"
	if slices.Contains([]byte(url), '?') {
		sep = "&"
	}
	s, err := OpenPostgres(ctx, url+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStore is the suite every Store passes.
func TestStore(t *testing.T) {
	for _, o := range openers() {
		t.Run(o.name, func(t *testing.T) {
			ctx := context.Background()
			s := o.open(t)
			if _, ok, err := s.OpenBatch(ctx); ok || err != nil {
				t.Fatalf("a new store has a batch open: %v", err)
			}
			at := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
			b := Batch{ID: "0190-a", Created: at}
			if err := s.NewBatch(ctx, b); err != nil {
				t.Fatal(err)
			}
			items := func(kind packet.Kind, n int, from int) []Item {
				var out []Item
				for i := range n {
					out = append(out, Item{Kind: kind, PersonalID: fmt.Sprintf("%012d", from+i), RowKey: fmt.Sprint("row ", from+i), Record: []byte(`{"n":` + fmt.Sprint(from+i) + `}`)})
				}
				return out
			}
			if err := s.AddItems(ctx, b.ID, items(packet.KindProfiles, 3, 0)); err != nil {
				t.Fatal(err)
			}
			if err := s.AddItems(ctx, b.ID, items(packet.KindChanges, 2, 3)); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.OpenBatch(ctx)
			if !ok || err != nil || got.ID != b.ID || !got.Created.Equal(at) {
				t.Fatalf("OpenBatch: %+v %v %v", got, ok, err)
			}
			hoso, err := s.Items(ctx, b.ID, packet.KindProfiles, 0, 2)
			if err != nil || len(hoso) != 2 || hoso[0].Seq != 1 || hoso[1].RowKey != "row 1" || string(hoso[1].Record) != `{"n":1}` {
				t.Fatalf("Items: %+v %v", hoso, err)
			}
			rest, _ := s.Items(ctx, b.ID, packet.KindProfiles, hoso[1].Seq, 10)
			bd, _ := s.Items(ctx, b.ID, packet.KindChanges, 0, 10)
			if len(rest) != 1 || len(bd) != 2 || bd[0].Seq != 4 || bd[1].Kind != packet.KindChanges {
				t.Fatalf("pages: %+v %+v", rest, bd)
			}
			st := Person{PersonalID: "000000000001", Digest: "d1", Profile: []byte(`{"a":1}`), Acknowledged: at}
			if err := s.Record(ctx, b.ID, []int64{1, 2}, []Person{st}); err != nil {
				t.Fatal(err)
			}
			st.Digest, st.Profile = "d2", []byte(`{"a":2}`)
			if err := s.Record(ctx, b.ID, []int64{4}, []Person{st, {PersonalID: "000000000000", Digest: "d0", Profile: []byte("{}"), Acknowledged: at}}); err != nil {
				t.Fatal(err)
			}
			p, ok, err := s.Person(ctx, "000000000001")
			if !ok || err != nil || p.Digest != "d2" || string(p.Profile) != `{"a":2}` || !p.Acknowledged.Equal(at) {
				t.Fatalf("Person: %+v %v %v", p, ok, err)
			}
			if _, ok, _ := s.Person(ctx, "999999999999"); ok {
				t.Fatal("a person never recorded")
			}
			done, _ := s.Items(ctx, b.ID, packet.KindProfiles, 0, 10)
			if !done[0].Done || !done[1].Done || done[2].Done {
				t.Fatalf("done: %+v", done)
			}
			ids, err := s.People(ctx, "", 1)
			more, _ := s.People(ctx, ids[0], 10)
			if err != nil || !slices.Equal(ids, []string{"000000000000"}) || !slices.Equal(more, []string{"000000000001"}) {
				t.Fatalf("People: %v %v %v", ids, more, err)
			}
			if err := s.CloseBatch(ctx, b.ID); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := s.OpenBatch(ctx); ok {
				t.Fatal("closed batch still open")
			}
			if left, _ := s.Items(ctx, b.ID, packet.KindProfiles, 0, 10); len(left) != 0 {
				t.Fatalf("items of a closed batch: %v", left)
			}
		})
	}
}

// TestMigrations: opening a store twice keeps its data; a schema newer
// than the program's is refused.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record(ctx, "", nil, []Person{{PersonalID: "1", Digest: "x", Profile: []byte("{}")}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = OpenSQLite(ctx, path); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Person(ctx, "1"); !ok {
		t.Fatal("reopening lost a person")
	}
	if _, err := s.db.Exec(`UPDATE cbccvc_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := OpenSQLite(ctx, path); !errors.Is(err, ErrSchema) {
		t.Fatalf("a newer schema: %v", err)
	}
}
