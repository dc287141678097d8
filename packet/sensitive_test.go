package packet

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// clearMembers clears members by their wire names, whatever their Go
// names and shapes, and skips a name the type lacks.
func TestClearMembers(t *testing.T) {
	ti := profileInfo()
	full := func() Profile { return tenGroups(t).Records.Profiles[0] }
	for _, tc := range []struct {
		name        string
		in          func() Profile
		names       []string
		wantCleared []string
	}{
		{"all three held", full, sensitiveMembers, []string{"LichSuBanThan", "KeKhaiTaiSan", "SucKhoe"}},
		{"only health held", func() Profile {
			p := full()
			p.PersonalHistory, p.AssetDeclarations = nil, nil
			return p
		}, sensitiveMembers, []string{"SucKhoe"}},
		{"none held", func() Profile {
			return Profile{PersonalID: identifier.MustParsePersonalID("079085001234"), FullName: "Nguyễn Văn An"}
		}, sensitiveMembers, nil},
		{"a name the type lacks is skipped", full, []string{"KhongCo", "SucKhoe"}, []string{"SucKhoe"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.in()
			got := clearMembers(reflect.ValueOf(&p).Elem(), ti, tc.names)
			if !slices.Equal(got, tc.wantCleared) {
				t.Errorf("cleared %v, want %v", got, tc.wantCleared)
			}
			for _, name := range tc.names {
				if f, ok := ti.field(name); ok && !reflect.ValueOf(p).Field(f.index).IsZero() {
					t.Errorf("%s still holds a value", name)
				}
			}
			if p.PersonalID.IsZero() || p.FullName == "" {
				t.Errorf("a member that is not sensitive was cleared: %+v", p)
			}
		})
	}
}

func TestOmitSensitive(t *testing.T) {
	if got := OmitSensitive(nil); got != nil {
		t.Errorf("OmitSensitive(nil) = %v", got)
	}
	// Every name is a member of HoSo, of a group new in format 2.0.
	for _, name := range SensitiveMembers() {
		if !VersionHas("2.0", "HoSo", "/"+name) || VersionHas("1.0", "HoSo", "/"+name) {
			t.Errorf("sensitive member %s is not a member of HoSo from format 2.0 on", name)
		}
	}
	p := tenGroups(t).Records.Profiles[0]
	want := p
	want.PersonalHistory, want.AssetDeclarations, want.Health = nil, nil, nil
	if got := OmitSensitive(&p); !slices.Equal(got, []string{"LichSuBanThan", "KeKhaiTaiSan", "SucKhoe"}) {
		t.Errorf("OmitSensitive cleared %v", got)
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("OmitSensitive cleared more than the sensitive groups: %+v", p)
	}
	// A profile without them (as every 1.0 profile) is left as it is.
	q := want
	if got := OmitSensitive(&q); got != nil || !reflect.DeepEqual(q, want) {
		t.Errorf("OmitSensitive on a profile without sensitive members: %v", got)
	}
	names := SensitiveMembers()
	names[0] = "changed"
	if SensitiveMembers()[0] == "changed" {
		t.Error("SensitiveMembers returns the package's own slice")
	}
}
