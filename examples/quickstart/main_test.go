package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
)

// TestRun runs the quickstart as the README's first command does, and
// checks the account it gives of each step of the round trip, on two fixed
// days: the outcome never depends on the day the test runs.
func TestRun(t *testing.T) {
	for _, tc := range []struct {
		day time.Time
	}{
		{time.Date(2026, 11, 26, 10, 0, 0, 0, ict)},
		{time.Date(2031, 2, 28, 9, 0, 0, 0, ict)},
	} {
		t.Run(tc.day.Format(time.DateOnly), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out strings.Builder
			if err := run(ctx, &out, ndxptest.ClockFrom(tc.day)); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, want := range []string{
				"personal ID 079085001234: birth registered in TP. Hồ Chí Minh, male, born 1985",
				"R-ID-004",
				"Decision 20/2020 form H29.12",
				"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1",
				"5 records, valid: false",
				"LOI R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong",
				"bytes signed: TIEP_NHAN, signed by 000.00.00.G09",
				"DA_XU_LY:",
				"record 0 (",
				") LOI: R-LUONG-002 /DuLieu/0/Ngach/HeSoLuong",
				"THANH_CONG, national profile ID H29",
				"DOIKHOP, 8 results, signed by 000.00.00.G09, verified",
				"CHIASE_HOSO, 4 profiles, signed by 000.00.00.G09, verified",
				"bad signature value",
				"The sandbox received 1 packet, processed 1, stores 4 profiles.",
			} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// ict is Vietnam's time.
var ict = time.FixedZone("ICT", 7*3600)
