package packet

import "unsafe"

// Normalize puts the free text of a profile into the form rule R-TXT-001
// asks for — NFC, no leading, trailing or double spaces — and replaces the
// religion code 99, which QCVN 109's sample uses for "none", by its
// canonical 00 (code list TonGiao). Codes and identifiers are not touched.
// It returns the JSON Pointers, inside the profile, of the values it
// changed, so that a caller can tell the person who keyed them in.
func (p *Profile) Normalize() []string {
	var changed []string
	obj, plan := profileRoot(p)
	eachFreeText(obj, plan, loc{}, func(s *string, _ checkSet, l loc) {
		if n := NormalizeText(*s); n != *s {
			*s = n
			changed = append(changed, "/"+l.path())
		}
	})
	if p.Religion == "99" {
		p.Religion = "00"
		changed = append(changed, "/"+wireName[Profile]("Religion"))
	}
	return changed
}

// eachFreeText calls fn with each member of the object at obj, of plan p
// at l, whose check tag says "text" or "name", and with those of the
// objects inside it: the free text that R-TXT-001 judges and Normalize
// fixes.
func eachFreeText(obj unsafe.Pointer, p *walkPlan, l loc, fn func(s *string, cs checkSet, l loc)) {
	for k := range p.freeText {
		f := &p.freeText[k]
		if f.check&checkFreeText != 0 {
			fn(f.text(obj), f.check, l.in(f.name))
			continue
		}
		f.eachItem(obj, l, func(obj unsafe.Pointer, l loc) { eachFreeText(obj, f.elem, l, fn) })
	}
}
