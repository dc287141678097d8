package jcs

import (
	"slices"
	"sort"
)

// A packet writes thousands of objects of a few kinds, each kind's members
// in the order of its Go struct, which is not the canonical one. So a
// parser remembers, for a sequence of keys it has sorted, the order it
// sorted them in: an object whose keys come in a sequence it has met is
// put in order by that, without comparing keys, and has no duplicate key,
// since the sequence it matched had none.

// Bounds of the memory of orders, so that input made of ever new objects
// costs a bounded amount beside sorting.
const (
	orderSlots      = 1024 // sequences remembered by one parser, at most
	orderProbes     = 4    // slots a sequence may take, from its fingerprint's
	maxOrderMembers = 256  // members of an object whose order is remembered
)

// orders is what a parser remembers of the orders of keys.
type orders struct {
	slots   *[orderSlots]int32 // by a sequence's fingerprint, its entry plus one
	entries []orderEntry
	seqs    []byte   // the sequences: each key's length (two bytes), then the key
	perms   []int32  // the orders: the written place of each member in order
	orig    []member // scratch: the members in written order
}

// orderEntry is a sequence of keys remembered, at seqs[s0:s1], and its
// order, at perms[p0:p1].
type orderEntry struct{ s0, s1, p0, p1 int }

// fingerprint is a cheap hash of a sequence of keys, from their lengths
// and their first and last bytes; ok is false when a key is too long to
// remember.
func (p *parser) fingerprint(ms []member) (slot int, ok bool) {
	h := uint64(len(ms))
	for _, m := range ms {
		k := p.key(m)
		if len(k) > 0xFFFF {
			return 0, false
		}
		f := uint64(len(k))
		if len(k) > 0 {
			f |= uint64(k[0])<<16 | uint64(k[len(k)-1])<<24
		}
		h = (h ^ f) * 0x100000001b3
	}
	return int((h ^ h>>32) % orderSlots), true
}

// matches tells whether the keys of ms are the sequence seq.
func (p *parser) matches(ms []member, seq []byte) bool {
	for _, m := range ms {
		k := p.key(m)
		if len(seq) < 2 {
			return false
		}
		n := int(seq[0])<<8 | int(seq[1])
		if n != len(k) || len(seq) < 2+n || string(seq[2:2+n]) != string(k) {
			return false
		}
		seq = seq[2+n:]
	}
	return len(seq) == 0
}

// sortMembers puts ms, the members of an object in written order, in
// canonical order; when two have the same key, it returns false and the
// place in that order of the second.
func (p *parser) sortMembers(ms []member) (dup int, ok bool) {
	o := &p.orders
	o.orig = append(o.orig[:0], ms...)
	slot, remember := p.fingerprint(ms)
	remember = remember && len(ms) <= maxOrderMembers
	if remember && o.slots != nil {
		for i := range orderProbes {
			e := o.slots[(slot+i)%orderSlots] - 1
			if e < 0 {
				break
			}
			if en := o.entries[e]; p.matches(ms, o.seqs[en.s0:en.s1]) {
				for i, w := range o.perms[en.p0:en.p1] {
					ms[i] = o.orig[w]
				}
				return 0, true
			}
		}
	}
	slices.SortFunc(ms, func(a, b member) int { return compareKeys(p.key(a), p.key(b)) })
	for i := 1; i < len(ms); i++ {
		if compareKeys(p.key(ms[i-1]), p.key(ms[i])) == 0 {
			return i, false
		}
	}
	if remember {
		p.remember(slot, ms)
	}
	return 0, true
}

// remember keeps the order of ms, sorted, in the first free slot from
// slot, unless the orderProbes slots from it hold others already.
func (p *parser) remember(slot int, ms []member) {
	o := &p.orders
	if o.slots == nil {
		o.slots = new([orderSlots]int32)
	}
	free := -1
	for i := range orderProbes {
		if o.slots[(slot+i)%orderSlots] == 0 {
			free = (slot + i) % orderSlots
			break
		}
	}
	if free < 0 {
		return
	}
	en := orderEntry{s0: len(o.seqs), p0: len(o.perms)}
	for _, m := range o.orig {
		k := p.key(m)
		o.seqs = append(append(o.seqs, byte(len(k)>>8), byte(len(k))), k...)
	}
	for _, m := range ms {
		// The written order is that of the members' offsets.
		o.perms = append(o.perms, int32(sort.Search(len(o.orig), func(j int) bool { return o.orig[j].start >= m.start })))
	}
	en.s1, en.p1 = len(o.seqs), len(o.perms)
	o.entries = append(o.entries, en)
	o.slots[free] = int32(len(o.entries))
}
