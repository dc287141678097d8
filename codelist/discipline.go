package codelist

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// DisciplineRegime is the forms of discipline (codes of [ListDiscipline])
// that the law gives one kind of person over the period the law was in
// force. Cadres (CB) are disciplined by reprimand, warning, removal from
// office or dismissal by vote (bãi nhiệm); civil servants (CC) lost salary
// step reduction and demotion on 1 July 2025; public employees (VC) were
// never subject to them.
type DisciplineRegime struct {
	PersonKind string    // loaiDoiTuong: CB, CC or VC
	Forms      []string  // hinhThuc: codes of list HinhThucKyLuat
	ValidFrom  time.Time // hieuLucTu: first day in force, 00:00 UTC
	// ValidUntil (hieuLucDen) is the first day no longer in force; zero
	// means open.
	ValidUntil time.Time
	// Basis (canCu) is the article and law, in Vietnamese, as a finding
	// cites it: «Điều 36 Luật Cán bộ, công chức số 80/2025/QH15 …».
	Basis string
}

// Allows reports whether form is one of the regime's forms.
func (r DisciplineRegime) Allows(form string) bool { return slices.Contains(r.Forms, form) }

// InForce reports whether the regime is in force on the calendar day of t.
func (r DisciplineRegime) InForce(t time.Time) bool {
	return Entry{ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil}.ValidOn(t)
}

// DisciplineRegimes returns the regimes of a kind of person, earliest
// first: the one in force on the calendar day of on, or every one when on
// is zero. It returns none for a day before the first law the Set knows
// (a cadre before 2010, a public employee before 2012) and for an unknown
// kind. The Forms slices are the caller's own.
func (s *Set) DisciplineRegimes(personKind string, on time.Time) []DisciplineRegime {
	var out []DisciplineRegime
	for _, r := range s.discipline {
		if r.PersonKind == personKind && (on.IsZero() || r.InForce(on)) {
			r.Forms = slices.Clone(r.Forms)
			out = append(out, r)
		}
	}
	return out
}

var embeddedDiscipline = sync.OnceValue(func() []DisciplineRegime {
	b, err := data.ReadFile(disciplineFile)
	if err != nil {
		panic(err)
	}
	rs, err := parseDiscipline(b)
	if err != nil {
		panic(fmt.Errorf("codelist: %s: %w", disciplineFile, err))
	}
	return rs
})

// parseDiscipline reads the regimes file. The regimes of one kind must not
// overlap, so that a day has at most one; the forms are checked against
// the HinhThucKyLuat list by the tests, which see both files.
func parseDiscipline(b []byte) ([]DisciplineRegime, error) {
	var f struct {
		Ten      string `json:"ten"`
		PhienBan string `json:"phienBan"`
		Nguon    string `json:"nguon"`
		MoTa     string `json:"moTa"`
		QuyDinh  []struct {
			LoaiDoiTuong string   `json:"loaiDoiTuong"`
			HieuLucTu    string   `json:"hieuLucTu"`
			HieuLucDen   string   `json:"hieuLucDen"`
			HinhThuc     []string `json:"hinhThuc"`
			CanCu        string   `json:"canCu"`
		} `json:"quyDinh"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return nil, err
	}
	out := make([]DisciplineRegime, 0, len(f.QuyDinh))
	for i, q := range f.QuyDinh {
		r := DisciplineRegime{PersonKind: q.LoaiDoiTuong, Forms: q.HinhThuc, Basis: q.CanCu}
		var err error
		if r.ValidFrom, err = parseDate(q.HieuLucTu); err != nil || r.ValidFrom.IsZero() {
			return nil, fmt.Errorf("quyDinh[%d].hieuLucTu: missing or not a date", i)
		}
		if r.ValidUntil, err = parseDate(q.HieuLucDen); err != nil {
			return nil, fmt.Errorf("quyDinh[%d].hieuLucDen: %w", i, err)
		}
		switch {
		case r.PersonKind == "" || len(r.Forms) == 0 || r.Basis == "":
			return nil, fmt.Errorf("quyDinh[%d]: loaiDoiTuong, hinhThuc and canCu are required", i)
		case !r.ValidUntil.IsZero() && !r.ValidFrom.Before(r.ValidUntil):
			return nil, fmt.Errorf("quyDinh[%d].hieuLucDen: not after hieuLucTu", i)
		}
		for _, o := range out {
			if o.PersonKind == r.PersonKind && overlaps(o, r) {
				return nil, fmt.Errorf("quyDinh[%d]: overlaps another regime of %s", i, r.PersonKind)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func overlaps(a, b DisciplineRegime) bool {
	aEndsFirst := !a.ValidUntil.IsZero() && !a.ValidUntil.After(b.ValidFrom)
	bEndsFirst := !b.ValidUntil.IsZero() && !b.ValidUntil.After(a.ValidFrom)
	return !aEndsFirst && !bEndsFirst
}
