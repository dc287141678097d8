package codelist

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// SalaryScale is the coefficients (hệ số lương) of one salary group of
// Decree 204/2004/NĐ-CP, Table 2, step (bậc) by step. Coefficients are
// integer hundredths, never floating point: 234 is 2.34.
type SalaryScale struct {
	Group string // nhom, e.g. "A1"
	Steps []int  // coefficient of each step in hundredths, step 1 first
}

// SalaryScale returns the scale of a salary group (e.g. "A1", "A2.1", "B").
// The Steps slice is the caller's own.
func (s *Set) SalaryScale(group string) (SalaryScale, bool) {
	steps, ok := s.scales[group]
	if !ok {
		return SalaryScale{}, false
	}
	return SalaryScale{Group: group, Steps: slices.Clone(steps)}, true
}

// Coefficient returns the coefficient of step (1 is the first step) in
// hundredths, or false if there is no such step.
func (sc SalaryScale) Coefficient(step int) (hundredths int, ok bool) {
	if step < 1 || step > len(sc.Steps) {
		return 0, false
	}
	return sc.Steps[step-1], true
}

var embeddedScales = sync.OnceValue(func() map[string][]int {
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

func parseScales(b []byte) (map[string][]int, error) {
	var f struct {
		Ten      string `json:"ten"`
		PhienBan string `json:"phienBan"`
		Nguon    string `json:"nguon"`
		MoTa     string `json:"moTa"`
		Nhom     []struct {
			Ma   string `json:"ma"`
			HeSo []int  `json:"heSo"`
		} `json:"nhom"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return nil, err
	}
	m := make(map[string][]int, len(f.Nhom))
	for i, g := range f.Nhom {
		if _, dup := m[g.Ma]; dup || g.Ma == "" || len(g.HeSo) == 0 {
			return nil, fmt.Errorf("nhom[%d]: empty or duplicate group %q, or no steps", i, g.Ma)
		}
		for j, h := range g.HeSo {
			if h <= 0 || j > 0 && h <= g.HeSo[j-1] {
				return nil, fmt.Errorf("nhom[%d].heSo[%d]: coefficients must be positive and rising", i, j)
			}
		}
		m[g.Ma] = g.HeSo
	}
	return m, nil
}
