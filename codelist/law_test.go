package codelist_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// The golden shape of Tables 2 and 3 of Decree 204/2004/NĐ-CP: every group
// with its number of steps, its first and last coefficient and its rise per
// step (the decree's steps rise evenly within a group).
func TestSalaryTablesGolden(t *testing.T) {
	type golden struct {
		steps, first, last, rise int
	}
	shared := map[string]golden{
		"A3.1": {6, 620, 800, 36}, "A3.2": {6, 575, 755, 36},
		"A2.1": {8, 440, 678, 34}, "A2.2": {8, 400, 638, 34},
		"A1": {9, 234, 498, 33}, "A0": {10, 210, 489, 31},
		"B": {12, 186, 406, 20}, "C1": {12, 165, 363, 18},
	}
	want := map[codelist.SalaryTable]map[string]golden{
		codelist.SalaryTable2: {"C2": {12, 150, 348, 18}, "C3": {12, 135, 333, 18}},
		codelist.SalaryTable3: {"C2": {12, 200, 398, 18}, "C3": {12, 150, 348, 18}},
	}
	s := codelist.Default()
	for table, groups := range want {
		for g, v := range shared {
			groups[g] = v
		}
		got := s.SalaryGroups(table)
		if len(got) != 10 {
			t.Errorf("%s: groups %v, want the 10 of A3.1 to C3", table, got)
		}
		for group, w := range groups {
			sc, ok := s.SalaryScaleIn(table, group)
			if !ok {
				t.Errorf("%s: no group %s", table, group)
				continue
			}
			if sc.Table != table || sc.Group != group || len(sc.Steps) != w.steps ||
				sc.Steps[0] != w.first || sc.Steps[len(sc.Steps)-1] != w.last {
				t.Errorf("%s %s = %+v, want %d steps %d…%d", table, group, sc, w.steps, w.first, w.last)
			}
			for i := 1; i < len(sc.Steps); i++ {
				if d := sc.Steps[i] - sc.Steps[i-1]; d != w.rise {
					t.Errorf("%s %s: step %d rises by %d, want %d", table, group, i+1, d, w.rise)
				}
			}
		}
	}
}

func TestSalaryTableFor(t *testing.T) {
	for kind, want := range map[string]codelist.SalaryTable{"CB": 2, "CC": 2, "VC": 3, "": 0, "cc": 0, "X": 0} {
		got, ok := codelist.SalaryTableFor(kind)
		if got != want || ok != (want != 0) {
			t.Errorf("SalaryTableFor(%q) = %v, %v; want %v", kind, got, ok, want)
		}
	}
	if s := codelist.SalaryTable3.String(); s != "Bảng 3" {
		t.Errorf("String = %q", s)
	}
	// The old call is Table 2; Table 3's C2 differs.
	old, _ := codelist.Default().SalaryScale("C2")
	t3, _ := codelist.Default().SalaryScaleIn(codelist.SalaryTable3, "C2")
	if old.Table != codelist.SalaryTable2 || old.Steps[0] != 150 || t3.Steps[0] != 200 {
		t.Errorf("SalaryScale(C2) = %+v, Table 3 C2 = %+v", old, t3)
	}
	if _, ok := codelist.Default().SalaryScaleIn(4, "A1"); ok {
		t.Error("a table the Set does not hold has a group")
	}
}

// Every rank's group is in both tables, so a rank can be judged whichever
// table the person's kind picks.
func TestRankGroupsInBothTables(t *testing.T) {
	s := codelist.Default()
	for e := range mustList(t, codelist.ListRank).All() {
		for _, table := range []codelist.SalaryTable{codelist.SalaryTable2, codelist.SalaryTable3} {
			if _, ok := s.SalaryScaleIn(table, e.Group); !ok {
				t.Errorf("%s: group %q not in %s", e.Code, e.Group, table)
			}
		}
	}
}

func TestGenderNoInformation(t *testing.T) {
	e := mustLookup(t, mustList(t, codelist.ListGender), "0")
	if e.Name != "Chưa có thông tin" {
		t.Errorf("GioiTinh 0 = %+v", e)
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDisciplineRegimes(t *testing.T) {
	s := codelist.Default()
	tests := []struct {
		kind, form, on string
		allowed        bool
		basis          string // a part of the basis cited; "" for no regime
	}{
		{"CB", "BAI_NHIEM", "2025-08-01", true, "Điều 35 Luật Cán bộ, công chức số 80/2025/QH15"},
		{"CB", "BUOC_THOI_VIEC", "2025-08-01", false, "80/2025/QH15"},
		{"CB", "HA_BAC_LUONG", "2020-01-01", false, "Điều 78 Luật Cán bộ, công chức số 22/2008/QH12"},
		{"CC", "HA_BAC_LUONG", "2025-06-30", true, "Điều 79"},
		{"CC", "HA_BAC_LUONG", "2025-07-01", false, "Điều 36 Luật Cán bộ, công chức số 80/2025/QH15"},
		{"CC", "GIANG_CHUC", "2025-07-01", false, "Nghị định số 172/2025/NĐ-CP"},
		{"CC", "BAI_NHIEM", "2024-01-01", false, "Điều 79"},
		{"CC", "BUOC_THOI_VIEC", "2026-01-01", true, "80/2025/QH15"},
		{"VC", "HA_BAC_LUONG", "2015-01-01", false, "Điều 52 Luật Viên chức số 58/2010/QH12"},
		{"VC", "CACH_CHUC", "2026-07-01", true, "Điều 7 Nghị định số 234/2026/NĐ-CP"},
		{"VC", "BAI_NHIEM", "2026-06-30", false, "58/2010/QH12"},
		{"VC", "KHIEN_TRACH", "2011-12-31", false, ""}, // before the Law on Public Employees
		{"CB", "KHIEN_TRACH", "2009-12-31", false, ""},
		{"XX", "KHIEN_TRACH", "2020-01-01", false, ""},
	}
	for _, tt := range tests {
		rs := s.DisciplineRegimes(tt.kind, day(tt.on))
		if tt.basis == "" {
			if len(rs) != 0 {
				t.Errorf("%s on %s: %d regimes, want none", tt.kind, tt.on, len(rs))
			}
			continue
		}
		if len(rs) != 1 {
			t.Errorf("%s on %s: %d regimes, want 1", tt.kind, tt.on, len(rs))
			continue
		}
		if rs[0].Allows(tt.form) != tt.allowed || !bytes.Contains([]byte(rs[0].Basis), []byte(tt.basis)) {
			t.Errorf("%s %s on %s: %+v; want allowed %v, basis with %q", tt.kind, tt.form, tt.on, rs[0], tt.allowed, tt.basis)
		}
	}
	// With no day, every regime of the kind, earliest first.
	if rs := s.DisciplineRegimes("CC", time.Time{}); len(rs) != 2 || !rs[0].Allows("HA_BAC_LUONG") || rs[1].Allows("HA_BAC_LUONG") {
		t.Errorf("CC regimes: %+v", rs)
	}
	rs := s.DisciplineRegimes("CB", time.Time{})
	rs[0].Forms[0] = "X"
	if again := s.DisciplineRegimes("CB", time.Time{}); again[0].Forms[0] == "X" {
		t.Error("changing a returned regime changed the Set")
	}
}

// Every form a regime names is a code of HinhThucKyLuat, and every code of
// the list applies to some kind at some time.
func TestDisciplineFormsInList(t *testing.T) {
	l := mustList(t, codelist.ListDiscipline)
	used := map[string]bool{}
	for _, kind := range []string{"CB", "CC", "VC"} {
		for _, r := range codelist.Default().DisciplineRegimes(kind, time.Time{}) {
			for _, f := range r.Forms {
				mustLookup(t, l, f)
				used[f] = true
			}
		}
	}
	for e := range l.All() {
		if !used[e.Code] {
			t.Errorf("%s applies to no kind of person", e.Code)
		}
	}
	// The forms the 2025 law dropped are closed in the list, with a note.
	for _, code := range []string{"HA_BAC_LUONG", "GIANG_CHUC"} {
		if e := mustLookup(t, l, code); !e.ValidUntil.Equal(day("2025-07-01")) || e.Note == "" {
			t.Errorf("%s = %+v, want closed on 2025-07-01 with a note", code, e)
		}
	}
}

// A closed rank names the rank that replaced it, in the same list, and the
// text that did.
func TestClosedRanks(t *testing.T) {
	s := codelist.Default()
	l := mustList(t, codelist.ListRank)
	closed := 0
	for e := range l.All() {
		if e.ValidUntil.IsZero() {
			continue
		}
		closed++
		next, ok := s.Successor(codelist.ListRank, e.Code)
		if !ok || !next.ValidUntil.IsZero() || e.Note == "" {
			t.Errorf("%s closed %v: successor %+v %v, note %q", e.Code, e.ValidUntil, next, ok, e.Note)
		}
	}
	if closed != 3 {
		t.Errorf("%d closed ranks, want 3 (V.07.04.10-12)", closed)
	}
	if next, _ := s.Successor(codelist.ListRank, "V.07.04.11"); next.Code != "V.07.04.31" {
		t.Errorf("V.07.04.11 -> %s, want V.07.04.31", next.Code)
	}
}

// ghiChu survives MarshalJSON and Load.
func TestNoteRoundTrip(t *testing.T) {
	l := mustList(t, codelist.ListRank)
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	back, err := codelist.Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	assertEqualLists(t, back, l)
	if e, _ := back.Lookup("V.07.04.10"); e.Note == "" {
		t.Error("ghiChu lost")
	}
}
