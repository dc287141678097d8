package packet

import (
	"reflect"
	"slices"
)

// Decree 27/2026/NĐ-CP puts the national database's data among state
// secrets and groups it in ten groups; groups 3 (personal history), 9
// (assets and income) and 10 (health) are the most sensitive. An answer
// that shares profiles (CHIASE_HOSO) for a purpose that does not cover
// them leaves them out. Which purposes cover them is our reading
// (docs/guide/en/06-ndxp.md#security-and-consent): cadre work by the person's own managing agency.

// sensitiveMembers are the wire names of the HoSo members of the three
// sensitive groups (format 2.0; a 1.0 profile has none of them).
var sensitiveMembers = []string{
	"LichSuBanThan", // group 3: personal history
	"KeKhaiTaiSan",  // group 9: declarations of assets and income
	"SucKhoe",       // group 10: health
}

// SensitiveMembers returns the wire names of the HoSo members that hold
// the most sensitive groups of Decree 27/2026/NĐ-CP (3, 9 and 10), which
// an answer sharing profiles leaves out unless its purpose covers them.
func SensitiveMembers() []string { return slices.Clone(sensitiveMembers) }

// OmitSensitive clears the members of p that SensitiveMembers names and
// returns the wire names of those that held a value. A nil p holds none.
func OmitSensitive(p *Profile) []string {
	if p == nil {
		return nil
	}
	return clearMembers(reflect.ValueOf(p).Elem(), profileInfo(), sensitiveMembers)
}

// clearMembers sets to zero the fields of v (described by ti) whose wire
// names are in names, and returns the names of those that were not zero.
func clearMembers(v reflect.Value, ti *typeInfo, names []string) []string {
	var cleared []string
	for _, name := range names {
		f, ok := ti.field(name)
		if !ok {
			continue
		}
		fv := v.Field(f.index)
		if !fv.IsZero() {
			cleared = append(cleared, name)
		}
		fv.SetZero()
	}
	return cleared
}
