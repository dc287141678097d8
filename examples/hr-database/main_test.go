package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

var want = []string{
	"first sync: 300 rows, 300 new profiles sent: 300 accepted, 0 with warnings, 0 refused",
	"second sync: 300 rows, 4 changed, 296 unchanged, 5 change events: 5 accepted, 0 with warnings, 0 refused",
	"answers written back to ket_qua_dong_bo: 305",
	" NANG_LUONG THANH_CONG",
	" DIEU_DONG THANH_CONG",
	" NGHI_HUU THANH_CONG",
	" DANH_GIA_XEP_LOAI THANH_CONG",
	" CAP_NHAT THANH_CONG", // NgayCapNhat, which a kind of format 2.0 may not change
	"the national database holds exactly the HR database's 300 profiles",
}

// TestRun runs the example on two fixed days, with its state in SQLite,
// and checks every step: the first sync, the changes, the second sync's
// events, the answers written back, and the national database's profiles.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, want)
}

// TestRunPostgres runs it with the engine's state in PostgreSQL, when
// CBCCVC_TEST_POSTGRES names a server (.ci/run starts one).
func TestRunPostgres(t *testing.T) {
	url := os.Getenv("CBCCVC_TEST_POSTGRES")
	if url == "" {
		t.Skip("no PostgreSQL server: set CBCCVC_TEST_POSTGRES to a postgres:// URL (.ci/run starts one) to run the example with a PostgreSQL store")
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // after the schemas' cleanups, which run first
	n := 0
	storeDSN = func() string {
		n++
		schema := fmt.Sprintf("hr_example_%d_%d", os.Getpid(), n)
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("PostgreSQL at CBCCVC_TEST_POSTGRES: %v", err)
		}
		t.Cleanup(func() { db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE") })
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		return url + sep + "search_path=" + schema
	}
	defer func() { storeDSN = func() string { return "" } }()
	exampletest.Check(t, run, want)
}
