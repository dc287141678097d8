package ndxp

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Withheld returns the members of HoSo (wire names, e.g. SucKhoe) that
// the national database left out of profile i of a CHIASE_HOSO answer
// because the pull's purpose does not cover them, and nil when profile i
// is whole. Decree 27/2026/NĐ-CP counts personal history, assets and
// income, and health (groups 3, 9 and 10, packet.SensitiveMembers) as the
// most sensitive data; a pull gets them only for cadre work by the
// person's own managing agency. A member Withheld names is unknown, not
// empty: keep what you hold of it rather than clear it. A member it does
// not name and the profile does not have, the person has no data in.
//
// The service says what it withheld in the answer's headers
// (X-Withheld-Members, X-Withheld-Records; our reading, see the guide's
// page on NDXP); the client refuses an answer whose headers name a
// profile it does not hold, a member HoSo does not have, or a member the
// profile holds after all (ErrUnexpectedAnswer).
func (a *Answer) Withheld(i int) []string {
	if a == nil || !slices.Contains(a.withheldRecords, i) {
		return nil
	}
	return slices.Clone(a.withheldMembers)
}

// readWithheld reads the withheld headers of a CHIASE_HOSO answer into
// ans, or says what is wrong with them.
func readWithheld(ans *Answer, members, records string) error {
	if members == "" && records == "" {
		return nil
	}
	if members == "" || records == "" {
		return fmt.Errorf("%s %q with %s %q: want both or neither", wire.HeaderWithheldMembers, members, wire.HeaderWithheldRecords, records)
	}
	ps := ans.Packet.Records.Profiles
	for _, name := range strings.Split(members, ",") {
		if !packet.VersionHas(ans.Packet.Header.Version, "HoSo", "/"+name) || strings.Contains(name, "/") {
			return fmt.Errorf("%s names %q, no member of HoSo %s", wire.HeaderWithheldMembers, clip(name), ans.Packet.Header.Version)
		}
		ans.withheldMembers = append(ans.withheldMembers, name)
	}
	for _, s := range strings.Split(records, ",") {
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= len(ps) || slices.Contains(ans.withheldRecords, i) {
			return fmt.Errorf("%s %q: want the indexes of the answer's %d profiles, each once", wire.HeaderWithheldRecords, clip(records), len(ps))
		}
		if name, ok := holds(&ps[i], ans.withheldMembers); ok {
			return fmt.Errorf("profile %d holds %s, which %s says was left out", i, name, wire.HeaderWithheldMembers)
		}
		ans.withheldRecords = append(ans.withheldRecords, i)
	}
	return nil
}

// holds returns the first of the members (wire names) that p has a value
// in.
func holds(p *packet.Profile, members []string) (string, bool) {
	v := reflect.ValueOf(p).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if slices.Contains(members, name) && !v.Field(i).IsZero() {
			return name, true
		}
	}
	return "", false
}
