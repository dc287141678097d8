package packet

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// futureProfile stands for HoSo once the sensitive groups are in the
// model: clearMembers must clear them by their wire names, whatever their
// Go names and shapes.
type futureProfile struct {
	PersonalID identifier.PersonalID `json:"SoDinhDanh"`
	FullName   string                `json:"HoVaTen"`
	History    []futureHistory       `json:"LichSuBanThan,omitempty"`
	Assets     []futureDeclaration   `json:"KeKhaiTaiSan,omitempty"`
	Health     *futureHealth         `json:"SucKhoe,omitempty"`
}

type futureHistory struct {
	Kind    string `json:"Loai"`
	Content string `json:"NoiDung"`
}

type futureDeclaration struct {
	Year int `json:"Nam"`
}

type futureHealth struct {
	State string `json:"TinhTrang"`
}

func TestClearMembers(t *testing.T) {
	ti := describe(reflect.TypeFor[futureProfile](), map[reflect.Type]*typeInfo{})
	full := func() futureProfile {
		return futureProfile{
			PersonalID: identifier.MustParsePersonalID("079085001234"),
			FullName:   "Nguyễn Văn An",
			History:    []futureHistory{{Kind: "BI_BAT_TU", Content: "…"}},
			Assets:     []futureDeclaration{{Year: 2025}},
			Health:     &futureHealth{State: "TOT"},
		}
	}
	for _, tc := range []struct {
		name        string
		in          func() futureProfile
		names       []string
		wantCleared []string
	}{
		{"all three held", full, sensitiveMembers, []string{"LichSuBanThan", "KeKhaiTaiSan", "SucKhoe"}},
		{"only health held", func() futureProfile {
			p := full()
			p.History, p.Assets = nil, nil
			return p
		}, sensitiveMembers, []string{"SucKhoe"}},
		{"none held", func() futureProfile {
			return futureProfile{PersonalID: identifier.MustParsePersonalID("079085001234"), FullName: "Nguyễn Văn An"}
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
	p := Profile{PersonalID: identifier.MustParsePersonalID("079085001234"), FullName: "Nguyễn Văn An"}
	want := p
	// Until the sensitive groups' members are in the model, nothing of a
	// profile is cleared.
	OmitSensitive(&p)
	if !reflect.DeepEqual(p, want) {
		t.Errorf("OmitSensitive changed a profile without sensitive members: %+v", p)
	}
	names := SensitiveMembers()
	names[0] = "changed"
	if SensitiveMembers()[0] == "changed" {
		t.Error("SensitiveMembers returns the package's own slice")
	}
}
