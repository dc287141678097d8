package packet

import "time"

// CheckRecordsSemantic runs the semantic layer alone, as a Validator does
// (the header, then every record, then the packet's end), over records
// already decoded, and returns the number of findings: the benchmark of
// the semantic layer uses it.
func CheckRecordsSemantic(h *Header, recs []Record, now time.Time) int {
	n := 0
	emit := func(Finding) { n++ }
	c := newChecker(checkerConfig{Now: now})
	c.header(h, emit)
	for i, r := range recs {
		c.record(i, r, emit)
	}
	c.finish(len(recs), emit)
	return n
}
