package hrsync

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"
)

// OpenDB opens the database a DSN names, sqlite:PATH or a postgres:// (or
// postgresql://) URL, with the drivers the stores use.
func OpenDB(dsn string) (*sql.DB, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return sql.Open("sqlite", "file:"+strings.TrimPrefix(dsn, "sqlite:")+"?_pragma=busy_timeout(10000)")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return sql.Open("pgx", dsn)
	}
	return nil, dsnError(dsn)
}

// The columns of a query's rows that QueryRows reads beside the first,
// by name.
const (
	// ColumnKey names the row, for reports (its primary key, a staff
	// number); without it, a row is named by its personal ID.
	ColumnKey = "khoa"
	// ColumnDecisions holds the decisions behind the row's changes, as a
	// JSON object: by number (SoQuyetDinh) or by kind of change event,
	// the QuyetDinh {So, Ngay, CoQuan}; see Row.Decisions.
	ColumnDecisions = "quyet_dinh"
)

// QueryRows runs a query whose rows are the agency's people, one a row,
// with the HoSo as a JSON document in the first column (both SQLite and
// PostgreSQL build one natively: json_object, json_build_object), and
// optionally the columns ColumnKey and ColumnDecisions. A row whose HoSo
// does not decode into the model whole (a member it does not know, a
// malformed date) is an *Error wrapping ErrRow, and the rows go on.
func QueryRows(ctx context.Context, db *sql.DB, query string) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			yield(Row{}, fmt.Errorf("hrsync: the query: %w", err))
			return
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			yield(Row{}, err)
			return
		}
		key, dec := -1, -1
		for i, c := range cols {
			switch strings.ToLower(c) {
			case ColumnKey:
				key = i
			case ColumnDecisions:
				dec = i
			}
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for n := 1; rows.Next(); n++ {
			if err := rows.Scan(ptrs...); err != nil {
				yield(Row{}, err)
				return
			}
			r := Row{Key: "dòng " + strconv.Itoa(n)}
			if key >= 0 && vals[key].Valid {
				r.Key = vals[key].String
			}
			if err := decodeRow(&r, vals[0], vals, dec); err != nil {
				if !yield(Row{}, err) {
					return
				}
				continue
			}
			if key < 0 {
				r.Key = ""
			}
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(Row{}, err)
		}
	}
}

// decodeRow decodes a row's HoSo and decisions, refusing a member the
// model does not have rather than dropping it.
func decodeRow(r *Row, hoso sql.NullString, vals []sql.NullString, dec int) error {
	bad := func(err error) error { return &Error{Err: ErrRow, Row: r.Key, Cause: err} }
	if !hoso.Valid {
		return bad(fmt.Errorf("the first column is NULL"))
	}
	d := json.NewDecoder(strings.NewReader(hoso.String))
	d.DisallowUnknownFields()
	if err := d.Decode(&r.Profile); err != nil {
		return bad(err)
	}
	if dec >= 0 && vals[dec].Valid && vals[dec].String != "" {
		d := json.NewDecoder(bytes.NewReader([]byte(vals[dec].String)))
		d.DisallowUnknownFields()
		var m map[string]packet.Decision
		if err := d.Decode(&m); err != nil {
			return bad(fmt.Errorf("column %s: %w", ColumnDecisions, err))
		}
		r.Decisions = m
	}
	return nil
}
