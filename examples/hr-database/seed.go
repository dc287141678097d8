package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// seed creates the HR database and fills it with realistic people, the
// same every run: the generator's profiles, of which the HR database keeps
// what its tables have.
func seed(ctx context.Context, hr *sql.DB, agency identifier.AgencyCode, now time.Time) error {
	if _, err := hr.ExecContext(ctx, schema); err != nil {
		return err
	}
	tx, err := hr.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	g := packettest.New(packettest.Options{Seed: 2026, Sender: agency, Now: now})
	for i, p := range g.Profiles(people) {
		if err := insert(ctx, tx, fmt.Sprintf("NV%04d", i+1), &p); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func insert(ctx context.Context, tx *sql.Tx, key string, p *packet.Profile) error {
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	r, e := p.Rank, p.Education
	if err := exec(`INSERT INTO can_bo VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, p.PersonalID.String(), p.FullName, p.Gender, p.BirthDate.String(), p.Birthplace.UnitCode, p.Hometown.UnitCode,
		p.Ethnicity, p.Religion, p.Nationality, null(p.Phone), null(p.Email), p.PersonKind,
		p.ManagingUnit.String(), p.WorkingUnit.String(), p.Recruitment.Date.String(), p.Recruitment.Agency, p.Recruitment.Form,
		r.Code, r.Step, r.Coefficient.String(), r.Since.String(), e.GeneralSchool, e.Professional, e.PoliticalTheory,
		e.StateManagement, p.Status, p.UpdatedAt.Format(time.RFC3339)); err != nil {
		return err
	}
	for _, s := range p.SalaryHistory {
		if err := exec(`INSERT INTO qua_trinh_luong VALUES (?, ?, ?, ?, ?)`, key, s.Since.String(), s.RankCode, s.Step, s.Coefficient.String()); err != nil {
			return err
		}
	}
	for _, wp := range p.WorkHistory {
		if err := exec(`INSERT INTO qua_trinh_cong_tac VALUES (?, ?, ?, ?, ?)`, key, wp.From.String(), nullDate(wp.To), wp.Unit, null(wp.Position)); err != nil {
			return err
		}
	}
	for _, a := range p.Awards {
		if err := exec(`INSERT INTO khen_thuong VALUES (?, ?, ?, ?)`, key, a.Year, a.Form, null(a.Decision)); err != nil {
			return err
		}
	}
	for _, d := range p.Disciplines {
		if err := exec(`INSERT INTO ky_luat VALUES (?, ?, ?, ?, ?)`, key, d.Date.String(), d.Form, null(d.Decision), null(d.Reason)); err != nil {
			return err
		}
	}
	for _, f := range p.Relatives {
		var year any
		if f.BirthYear != 0 {
			year = f.BirthYear
		}
		if err := exec(`INSERT INTO quan_he_gia_dinh VALUES (?, ?, ?, ?)`, key, f.Relation, f.FullName, year); err != nil {
			return err
		}
	}
	for _, gr := range p.Grades {
		if err := exec(`INSERT INTO danh_gia_xep_loai VALUES (?, ?, ?)`, key, gr.Year, gr.Grade); err != nil {
			return err
		}
	}
	for _, t := range p.Transfers {
		if err := exec(`INSERT INTO dieu_chuyen VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, key, t.Kind, t.From.String(), nullDate(t.To), t.Unit,
			t.Decision.Number, t.Decision.Date.String(), t.Decision.Issuer); err != nil {
			return err
		}
	}
	if c := p.EndOfService; c != nil {
		return exec(`INSERT INTO cham_dut VALUES (?, ?, ?, ?, ?, ?)`, key, c.Kind, c.Date.String(), c.Decision.Number, c.Decision.Date.String(), c.Decision.Issuer)
	}
	return nil
}

func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(d packet.Date) any { return null(d.String()) }

// changeInSQL is the HR office's work of a day, in SQL: a raise, a
// transfer, a retirement and a yearly grade, each for the first person it
// fits, and the time each record changed.
func changeInSQL(ctx context.Context, hr *sql.DB, now time.Time) ([]string, error) {
	today := calendarToday(now)
	day := today.Format(time.DateOnly)
	stamp := now.Format(time.RFC3339)
	var done []string
	exec := func(q string, args ...any) error {
		_, err := hr.ExecContext(ctx, q, args...)
		return err
	}
	touch := func(key string) error {
		return exec(`UPDATE can_bo SET ngay_cap_nhat = ? WHERE ma_can_bo = ?`, stamp, key)
	}

	// A raise: the next step of the salary scale, by decision of the
	// Department of Home Affairs.
	key, rank, step, err := nextStepPerson(ctx, hr)
	if err != nil {
		return nil, err
	}
	coef, err := coefficient(rank, step+1)
	if err != nil {
		return nil, err
	}
	if err := errorsOf(
		exec(`UPDATE can_bo SET bac_luong = ?, he_so_luong = ?, ngay_huong = ? WHERE ma_can_bo = ?`, step+1, coef, day, key),
		exec(`INSERT INTO qua_trinh_luong VALUES (?, ?, ?, ?, ?)`, key, day, rank, step+1, coef),
		exec(`INSERT INTO quyet_dinh VALUES (?, 'NANG_LUONG', '215/QĐ-SNV', ?, 'Sở Nội vụ')`, key, day),
		touch(key)); err != nil {
		return nil, err
	}
	done = append(done, fmt.Sprintf("%s raised to step %d (%s)", key, step+1, coef))

	// A transfer to another unit: the current work period closes the day
	// before.
	key, to, err := transferPerson(ctx, hr, key)
	if err != nil {
		return nil, err
	}
	if err := errorsOf(
		exec(`UPDATE qua_trinh_cong_tac SET den_ngay = ? WHERE ma_can_bo = ? AND den_ngay IS NULL`, today.AddDate(0, 0, -1).Format(time.DateOnly), key),
		exec(`INSERT INTO qua_trinh_cong_tac VALUES (?, ?, NULL, ?, NULL)`, key, day, "Văn phòng Sở Nội vụ"),
		exec(`INSERT INTO dieu_chuyen VALUES (?, 'DIEU_DONG', ?, NULL, 'Văn phòng Sở Nội vụ', '216/QĐ-UBND', ?, 'UBND Thành phố')`, key, day, day),
		exec(`UPDATE can_bo SET ma_don_vi_su_dung = ? WHERE ma_can_bo = ?`, to, key),
		touch(key)); err != nil {
		return nil, err
	}
	done = append(done, fmt.Sprintf("%s transferred to %s", key, to))

	// A retirement.
	key, err = firstWhere(ctx, hr, `SELECT ma_can_bo FROM can_bo WHERE trang_thai = 'DANG_CONG_TAC'
		AND ma_can_bo NOT IN (SELECT ma_can_bo FROM cham_dut) AND ma_can_bo NOT IN (?, ?) ORDER BY ngay_sinh, ma_can_bo LIMIT 1`, done)
	if err != nil {
		return nil, err
	}
	if err := errorsOf(
		exec(`INSERT INTO cham_dut VALUES (?, 'NGHI_HUU', ?, '217/QĐ-UBND', ?, 'UBND Thành phố')`, key, day, day),
		exec(`UPDATE can_bo SET trang_thai = 'NGHI_HUU' WHERE ma_can_bo = ?`, key),
		touch(key)); err != nil {
		return nil, err
	}
	done = append(done, key+" retired")

	// This year's grade for someone else, by decision of the head of the
	// Department.
	key, err = firstWhere(ctx, hr, `SELECT ma_can_bo FROM can_bo WHERE trang_thai = 'DANG_CONG_TAC'
		AND ma_can_bo NOT IN (?, ?) ORDER BY ma_can_bo DESC LIMIT 1`, done)
	if err != nil {
		return nil, err
	}
	if err := errorsOf(
		exec(`INSERT INTO danh_gia_xep_loai VALUES (?, ?, 'HTXSNV') ON CONFLICT (ma_can_bo, nam) DO UPDATE SET muc = 'HTXSNV'`, key, today.Year()),
		exec(`INSERT INTO quyet_dinh VALUES (?, 'DANH_GIA_XEP_LOAI', '218/QĐ-SNV', ?, 'Sở Nội vụ')`, key, day),
		touch(key)); err != nil {
		return nil, err
	}
	return append(done, fmt.Sprintf("%s graded HTXSNV for %d", key, today.Year())), nil
}

func errorsOf(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// firstWhere returns the first key a query gives, with the keys of the
// first two changes as its arguments.
func firstWhere(ctx context.Context, hr *sql.DB, q string, done []string) (string, error) {
	keys := []any{"", ""}
	for i := 0; i < 2 && i < len(done); i++ {
		keys[i], _, _ = strings.Cut(done[i], " ")
	}
	var key string
	err := hr.QueryRowContext(ctx, q, keys...).Scan(&key)
	return key, err
}

// nextStepPerson is the first person of a rank of salary table 2 below its
// last step.
func nextStepPerson(ctx context.Context, hr *sql.DB) (key, rank string, step int, err error) {
	rows, err := hr.QueryContext(ctx, `SELECT ma_can_bo, ma_ngach, bac_luong FROM can_bo WHERE trang_thai = 'DANG_CONG_TAC' ORDER BY ma_can_bo`)
	if err != nil {
		return "", "", 0, err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(&key, &rank, &step); err != nil {
			return "", "", 0, err
		}
		if _, err := coefficient(rank, step+1); err == nil {
			return key, rank, step, nil
		}
	}
	return "", "", 0, fmt.Errorf("no one to raise")
}

// coefficient is the salary coefficient of a step of a rank.
func coefficient(rank string, step int) (string, error) {
	codes := codelist.Default()
	ranks, _ := codes.List(codelist.ListRank)
	e, ok := ranks.Lookup(rank)
	if !ok {
		return "", fmt.Errorf("rank %s unknown", rank)
	}
	sc, ok := codes.SalaryScale(e.Group)
	if !ok || step > len(sc.Steps) {
		return "", fmt.Errorf("rank %s has no step %d in table 2", rank, step)
	}
	return packet.Decimal2(sc.Steps[step-1]).String(), nil
}

// transferPerson is the first person after key with an open work period,
// and a unit of another person to move to.
func transferPerson(ctx context.Context, hr *sql.DB, after string) (key, to string, err error) {
	var from string
	err = hr.QueryRowContext(ctx, `SELECT c.ma_can_bo, c.ma_don_vi_su_dung FROM can_bo c WHERE c.ma_can_bo > ? AND c.trang_thai = 'DANG_CONG_TAC'
		AND EXISTS (SELECT 1 FROM qua_trinh_cong_tac w WHERE w.ma_can_bo = c.ma_can_bo AND w.den_ngay IS NULL) ORDER BY c.ma_can_bo LIMIT 1`, after).Scan(&key, &from)
	if err != nil {
		return "", "", err
	}
	err = hr.QueryRowContext(ctx, `SELECT ma_don_vi_su_dung FROM can_bo WHERE ma_don_vi_su_dung <> ? ORDER BY ma_can_bo LIMIT 1`, from).Scan(&to)
	return key, to, err
}

// same checks that the national database holds, for every row of the HR
// database, exactly the profile its view gives.
func same(ctx context.Context, hr *sql.DB, srv *ndxptest.Server, w io.Writer) error {
	n := 0
	for row, err := range hrsync.QueryRows(ctx, hr, query) {
		if err != nil {
			return err
		}
		held, ok := srv.Profile(row.Profile.PersonalID)
		a, _ := json.Marshal(&held)
		b, _ := json.Marshal(&row.Profile)
		if !ok || !bytes.Equal(a, b) {
			return fmt.Errorf("row %s: the national database holds another profile than the HR database", row.Key)
		}
		n++
	}
	fmt.Fprintf(w, "the national database holds exactly the HR database's %d profiles\n", n)
	return nil
}
