// Hr-database keeps the national database in step with an HR database of
// the kind Vietnamese HR software keeps: a table of people and one for
// each history (salary, work, awards, discipline, family, grades,
// transfers, end of service), in SQLite here. The view v_ho_so of
// schema.sql maps it to HoSo; hrsync sends the whole profile of each new
// person, and then, for the changes the HR office makes in SQL — a raise,
// a transfer, a retirement, a yearly grade — exactly those change events,
// and writes the national database's answers back to a table.
//
//	go run ./examples/hr-database
//
// The same with the command line: cbccvc sync --db sqlite:hr.db --query
// "SELECT ho_so, khoa, quyet_dinh FROM v_ho_so" plus the key and transport
// flags.
package main

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
)

//go:embed schema.sql
var schema string

// query is the sync's query: the HoSo, the row's key and the decisions.
const query = `SELECT ho_so, khoa, quyet_dinh FROM v_ho_so ORDER BY khoa`

// people is the size of the agency.
const people = 300

func main() {
	log.SetFlags(0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, time.Now); err != nil {
		log.Fatal(err)
	}
}

// storeDSN names the engine's store; empty: an SQLite file beside the
// HR database. The test runs the example with a PostgreSQL store too.
var storeDSN = func() string { return "" }

// run is the example at the clock now: time.Now here, fixed days in its test.
func run(ctx context.Context, w io.Writer, now func() time.Time) error {
	srv, err := ndxptest.Start(ndxptest.Config{Now: now})
	if err != nil {
		return err
	}
	defer srv.Close()
	agency := identifier.MustParseAgencyCode("000.00.00.H29")

	dir, err := os.MkdirTemp("", "hr-database")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	hr, err := hrsync.OpenDB("sqlite:" + filepath.Join(dir, "hr.db"))
	if err != nil {
		return err
	}
	defer hr.Close()
	if err := seed(ctx, hr, agency, srv.Now()); err != nil {
		return err
	}
	dsn := storeDSN()
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(dir, "cbccvc-sync.db")
	}
	st, err := hrsync.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	eng, err := hrsync.New(hrsync.Config{
		Client:     srv.Client(agency), // with a real service: ndxp.NewClient(…, ndxp.WithSigner(…))
		Store:      st,
		JournalDir: dir,
		Upload:     ndxp.UploaderConfig{PollInterval: 20 * time.Millisecond, Software: "examples/hr-database"},
		Now:        now,
		Answered:   func(a hrsync.Answer) error { return writeBack(ctx, hr, a) },
	})
	if err != nil {
		return err
	}

	rep, err := eng.Sync(ctx, hrsync.QueryRows(ctx, hr, query))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "first sync: %d rows, %d new profiles sent: %d accepted, %d with warnings, %d refused\n",
		rep.Rows, rep.New, rep.Accepted, rep.Warned, rep.Refused)
	printRefused(w, rep)

	changed, err := changeInSQL(ctx, hr, srv.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "changes made in SQL: %s\n", strings.Join(changed, "; "))

	rep, err = eng.Sync(ctx, hrsync.QueryRows(ctx, hr, query))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "second sync: %d rows, %d changed, %d unchanged, %d change events: %d accepted, %d with warnings, %d refused\n",
		rep.Rows, rep.Changed, rep.Unchanged, rep.Events, rep.Accepted, rep.Warned, rep.Refused)
	printRefused(w, rep)
	for _, u := range rep.Untyped {
		fmt.Fprintf(w, "  sent as a plain update (CAP_NHAT): %s %s\n", u.RowKey, u.Field)
	}
	for _, d := range rep.DueSoon {
		fmt.Fprintf(w, "  due by the next working day: %s, deadline %s\n", d.RowKey, d.Due)
	}
	return printResults(ctx, w, hr, srv)
}

func printRefused(w io.Writer, rep *hrsync.Report) {
	for _, r := range rep.RefusedRecords {
		fmt.Fprintf(w, "  refused: %s %s %s:", r.RowKey, r.Kind, r.ChangeKind)
		for _, f := range r.Violations {
			fmt.Fprintf(w, " %s %s", f.Rule, f.Pointer)
		}
		fmt.Fprintln(w)
	}
}

// writeBack records the national database's answer to one record in the
// HR database, once per record however often it is called.
func writeBack(ctx context.Context, hr *sql.DB, a hrsync.Answer) error {
	record, kind := "HOSO", "HOSO"
	if a.ChangeKind != "" {
		record, kind = a.ChangeID.String(), a.ChangeKind
	}
	var rules []string
	for _, f := range a.Violations {
		rules = append(rules, f.Rule)
	}
	_, err := hr.ExecContext(ctx, `INSERT INTO ket_qua_dong_bo (ma_can_bo, ban_ghi, loai, trang_thai, vi_pham) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (ma_can_bo, ban_ghi) DO UPDATE SET trang_thai = excluded.trang_thai, vi_pham = excluded.vi_pham`,
		a.RowKey, record, kind, a.Status, strings.Join(rules, " "))
	return err
}

// printResults shows the change events' answers written back, and checks
// that the sandbox holds what the HR database says.
func printResults(ctx context.Context, w io.Writer, hr *sql.DB, srv *ndxptest.Server) error {
	var total int
	if err := hr.QueryRowContext(ctx, `SELECT count(*) FROM ket_qua_dong_bo`).Scan(&total); err != nil {
		return err
	}
	fmt.Fprintf(w, "answers written back to ket_qua_dong_bo: %d\n", total)
	rows, err := hr.QueryContext(ctx, `SELECT ma_can_bo, loai, trang_thai FROM ket_qua_dong_bo WHERE loai <> 'HOSO' ORDER BY ma_can_bo, loai`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key, kind, status string
		if err := rows.Scan(&key, &kind, &status); err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s %s %s\n", key, kind, status)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return same(ctx, hr, srv, w)
}

// calendarToday is the day of t in Vietnam.
func calendarToday(t time.Time) time.Time {
	y, m, d := t.In(calendar.Vietnam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.Vietnam)
}
