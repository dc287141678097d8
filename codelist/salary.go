package codelist

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
)

// SalaryTable is a salary table (bảng lương) of Decree 204/2004/NĐ-CP,
// named by its number in the decree.
type SalaryTable int

// The two tables of professional salaries. They share the groups A3.1 to
// C1 with the same coefficients and differ in C2 and C3.
const (
	// SalaryTable2 is Bảng 2, "Bảng lương chuyên môn, nghiệp vụ đối với cán
	// bộ, công chức trong các cơ quan nhà nước": ranks (ngạch) of cadres and
	// civil servants in state agencies.
	SalaryTable2 SalaryTable = 2
	// SalaryTable3 is Bảng 3, "Bảng lương chuyên môn, nghiệp vụ đối với cán
	// bộ, viên chức trong các đơn vị sự nghiệp của Nhà nước": professional
	// titles (chức danh nghề nghiệp) of public employees.
	SalaryTable3 SalaryTable = 3
)

// String returns "Bảng 2" or "Bảng 3", as the decree names the table.
func (t SalaryTable) String() string { return "Bảng " + strconv.Itoa(int(t)) }

// SalaryTableFor returns the table that applies to a kind of person
// (LoaiDoiTuong): Table 2 for a cadre (CB) or civil servant (CC), Table 3
// for a public employee (VC). It reports false for any other kind.
//
// Table 2 covers cadres who hold a rank, as its title says ("cán bộ, công
// chức"). Cadres paid by the position-salary tables (bảng lương chức vụ of
// Resolution 730/2004/NQ-UBTVQH11, or Table 5 of the decree for commune
// cadres before 1 July 2025) hold no rank, so no rank table applies to them.
func SalaryTableFor(personKind string) (SalaryTable, bool) {
	switch personKind {
	case "CB", "CC":
		return SalaryTable2, true
	case "VC":
		return SalaryTable3, true
	}
	return 0, false
}

// SalaryScale is the coefficients (hệ số lương) of one salary group of one
// table of Decree 204/2004/NĐ-CP, step (bậc) by step. Coefficients are
// integer hundredths, never floating point: 234 is 2.34.
type SalaryScale struct {
	Table SalaryTable // the table the group belongs to
	Group string      // nhom, e.g. "A1"
	Steps []int       // coefficient of each step in hundredths, step 1 first
}

// SalaryScale returns the scale of a salary group (e.g. "A1", "A2.1", "B")
// in Table 2; it is [Set.SalaryScaleIn] of [SalaryTable2]. The Steps slice
// is the caller's own.
func (s *Set) SalaryScale(group string) (SalaryScale, bool) {
	return s.SalaryScaleIn(SalaryTable2, group)
}

// SalaryScaleIn returns the scale of a salary group in a table. The Steps
// slice is the caller's own.
func (s *Set) SalaryScaleIn(t SalaryTable, group string) (SalaryScale, bool) {
	steps, ok := s.scales[t][group]
	if !ok {
		return SalaryScale{}, false
	}
	return SalaryScale{Table: t, Group: group, Steps: slices.Clone(steps)}, true
}

// SalaryGroups returns the groups of a table, sorted; none for a table the
// Set does not hold.
func (s *Set) SalaryGroups(t SalaryTable) []string {
	return slices.Sorted(maps.Keys(s.scales[t]))
}

// Coefficient returns the coefficient of step (1 is the first step) in
// hundredths, or false if there is no such step.
func (sc SalaryScale) Coefficient(step int) (hundredths int, ok bool) {
	if step < 1 || step > len(sc.Steps) {
		return 0, false
	}
	return sc.Steps[step-1], true
}

// salaryTables is the parsed salary file: table -> group -> coefficients.
type salaryTables map[SalaryTable]map[string][]int

var embeddedScales = sync.OnceValue(func() salaryTables {
	b, err := data.ReadFile(salaryFile)
	if err != nil {
		panic(err)
	}
	m, err := parseScales(b)
	if err != nil {
		panic(fmt.Errorf("codelist: %s: %w", salaryFile, err))
	}
	return m
})

func parseScales(b []byte) (salaryTables, error) {
	var f struct {
		Ten      string `json:"ten"`
		PhienBan string `json:"phienBan"`
		Nguon    string `json:"nguon"`
		MoTa     string `json:"moTa"`
		Bang     []struct {
			Ma   SalaryTable `json:"ma"`
			Ten  string      `json:"ten"`
			Loai string      `json:"loai"`
			Nhom []struct {
				Ma   string `json:"ma"`
				HeSo []int  `json:"heSo"`
			} `json:"nhom"`
		} `json:"bang"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return nil, err
	}
	m := make(salaryTables, len(f.Bang))
	for i, t := range f.Bang {
		if _, dup := m[t.Ma]; dup || t.Ma <= 0 || len(t.Nhom) == 0 {
			return nil, fmt.Errorf("bang[%d]: duplicate or invalid table %d, or no groups", i, t.Ma)
		}
		groups := make(map[string][]int, len(t.Nhom))
		for j, g := range t.Nhom {
			if _, dup := groups[g.Ma]; dup || g.Ma == "" || len(g.HeSo) == 0 {
				return nil, fmt.Errorf("bang[%d].nhom[%d]: empty or duplicate group %q, or no steps", i, j, g.Ma)
			}
			for k, h := range g.HeSo {
				if h <= 0 || k > 0 && h <= g.HeSo[k-1] {
					return nil, fmt.Errorf("bang[%d].nhom[%d].heSo[%d]: coefficients must be positive and rising", i, j, k)
				}
			}
			groups[g.Ma] = g.HeSo
		}
		m[t.Ma] = groups
	}
	return m, nil
}
