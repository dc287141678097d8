package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"000.00.12.H29 is a level-2 unit under 000.00.00.H29",
		"H29.12",
		"079085001234: birth registered in TP. Hồ Chí Minh, male, born 1985",
		"R-ID-004",
		"023456789 refused",
		"H2920001234507",
		"(two digits swapped) refused",
		"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1",
		"5 records read, valid: false",
		"R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong",
		"verified: signed by 000.00.00.H29, 5 profiles",
		"one salary step changed after signing",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
