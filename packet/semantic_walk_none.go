//go:build nosemwalk

package packet

import "unsafe"

// checkedCodedProfile is checkedCoded of a Profile, by its walk plan: the
// build without the generated walks, in which go generate writes them
// again when the model has changed.
func (c *recordRules) checkedCodedProfile(p *Profile, l *loc, lf *life, emit func(Finding)) bool {
	return c.checkedCoded(unsafe.Pointer(p), profilePlanOnce(), l, lf, emit)
}
