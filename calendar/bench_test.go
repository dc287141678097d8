package calendar

import (
	"bytes"
	"testing"
	"time"
)

func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(bytes.NewReader(embedded)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewLunarYear(b *testing.B) {
	for b.Loop() {
		newLunarYear(2033, vietnamOffset) // a year with a leap month
	}
}

// A deadline in a computed year: after the first, the year is cached.
func BenchmarkDeadlineComputed(b *testing.B) {
	c := Default()
	t := time.Date(2030, 1, 30, 0, 0, 0, 0, Vietnam)
	b.ReportAllocs()
	for b.Loop() {
		c.Deadline(t)
	}
}
