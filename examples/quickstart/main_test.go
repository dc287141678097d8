package main

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/examples/internal/exampletest"
)

// TestRun runs the quickstart as the README's first command does, and
// checks the account it gives of each step of the round trip, on two fixed
// days: the outcome never depends on the day the test runs.
func TestRun(t *testing.T) {
	exampletest.Check(t, run, []string{
		"personal ID 079085001234: birth registered in TP. Hồ Chí Minh, male, born 1985",
		"1958: year digits: digits 5-6 (85)",
		"Decision 20/2020 form H29.12",
		"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1",
		"5 records, valid: false",
		"LOI R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong",
		"bytes signed: TIEP_NHAN, signed by 000.00.00.G09",
		"DA_XU_LY:",
		"record 0 (",
		") LOI: R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong",
		") THANH_CONG\n",
		"DOIKHOP, 8 results, signed by 000.00.00.G09, verified",
		"CHIASE_HOSO, 4 profiles, signed by 000.00.00.G09, verified",
		", working in 000.00.",
		"bad signature value",
		"The sandbox received 1 packet, processed 1, stores 4 profiles.",
	})
}
