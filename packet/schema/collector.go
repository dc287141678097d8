package schema

import (
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A Collector gathers the violations that code checking the same schemas
// without this package's compiled [jsonschema.Schema] finds — the
// validators generated from these files — and gives them as [Violations]
// gives those of jsonschema: one per member for required and
// additionalProperties, with the same messages, in the same order. The
// zero Collector is ready to use.
type Collector struct {
	leaves []leaf
}

// Add records that keyword, at the absolute keyword location schemaLoc,
// failed with k on the value at the instance location loc (its segments,
// unescaped). For not, keyword is "not" and schemaLoc ends in /not, as
// [Violations] writes it.
func (c *Collector) Add(loc []string, keyword, schemaLoc string, k jsonschema.ErrorKind) {
	c.leaves = addLeaves(c.leaves, slices.Clone(loc), keyword, schemaLoc, k)
}

// Len returns the number of violations recorded.
func (c *Collector) Len() int { return len(c.leaves) }

// Violations returns the violations recorded, in [Violations]' order, and
// empties c.
func (c *Collector) Violations() []Violation {
	if len(c.leaves) == 0 {
		return nil
	}
	slices.SortStableFunc(c.leaves, compareLeaves)
	out := make([]Violation, len(c.leaves))
	for i, l := range c.leaves {
		out[i] = l.v
	}
	c.leaves = c.leaves[:0]
	return out
}
