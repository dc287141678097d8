package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"3 profiles synchronised",
		"change 0, ",
		": THANH_CONG",
		"change 2, CAP_NHAT of ",
		": LOI\n  R-BD-003 /DuLieu/2/ThayDoi/0/GiaTriCu",
		"national copy of ",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
