package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPagesHaveMarkers checks that both pages hold every table's markers
// once, so that a run rewrites each table in both languages.
func TestPagesHaveMarkers(t *testing.T) {
	for l, page := range pages {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", page))
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			if _, err := replaceBetween(string(data), tb.name, ""); err != nil {
				t.Errorf("%s (%s): %v", page, l.pick("en", "vi"), err)
			}
		}
	}
}

// TestTables renders every table from saved benchmark output, in both
// languages, and checks their numbers are written each language's way.
func TestTables(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "bench.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var res results
	res.parse(f)
	for _, tb := range tables {
		for _, l := range []lang{english, vietnamese} {
			block, err := tb.block(res, l)
			if err != nil {
				t.Fatalf("%s: %v", tb.name, err)
			}
			if !strings.Contains(block, "GOMAXPROCS 2") || strings.Count(block, "\n|") < 2 {
				t.Errorf("%s:\n%s", tb.name, block)
			}
		}
	}
	if _, err := tables[1].block(results{}, english); err == nil {
		t.Error("a table rendered without its benchmarks")
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		x      float64
		d      int
		en, vi string
	}{
		{1234.5, 1, "1,234.5", "1.234,5"},
		{43.74, 2, "43.74", "43,74"},
		{1234567, 0, "1,234,567", "1.234.567"},
		{-12, 0, "-12", "-12"},
	} {
		if got := english.num(c.x, c.d); got != c.en {
			t.Errorf("english.num(%v, %d) = %q, want %q", c.x, c.d, got, c.en)
		}
		if got := vietnamese.num(c.x, c.d); got != c.vi {
			t.Errorf("vietnamese.num(%v, %d) = %q, want %q", c.x, c.d, got, c.vi)
		}
	}
	if got := vietnamese.duration(1.234e9); got != "1,23 s" {
		t.Errorf("vietnamese.duration(1.234e9) = %q", got)
	}
}
