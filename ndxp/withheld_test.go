package ndxp

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// An answer says which members it left out of which profiles; the client
// gives them by profile and refuses headers that cannot be true.
func TestWithheld(t *testing.T) {
	var members, records string
	var withHealth bool
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		p := f.gen.Packet(packet.KindSharedProfiles, 2)
		for i := range p.Records.Profiles {
			packet.OmitSensitive(&p.Records.Profiles[i])
		}
		if withHealth {
			p.Records.Profiles[1].Health = &packet.Health{Condition: "TOT", HeightCM: 160, WeightKG: 55, BloodType: "O+"}
		}
		if members != "" {
			w.Header().Set(wire.HeaderWithheldMembers, members)
		}
		if records != "" {
			w.Header().Set(wire.HeaderWithheldRecords, records)
		}
		f.write(w, s, http.StatusOK, wire.MediaJSON, f.signed(p))
	})
	all := packet.SensitiveMembers()
	for _, tc := range []struct {
		name, members, records string
		health                 bool
		want                   [2][]string // Withheld(0), Withheld(1)
		bad                    bool
	}{
		{"whole", "", "", false, [2][]string{nil, nil}, false},
		{"the second left out", "LichSuBanThan,KeKhaiTaiSan,SucKhoe", "1", false, [2][]string{nil, all}, false},
		{"both left out", "LichSuBanThan,KeKhaiTaiSan,SucKhoe", "1,0", false, [2][]string{all, all}, false},
		{"one member", "SucKhoe", "0", true, [2][]string{{"SucKhoe"}, nil}, false},
		{"members alone", "SucKhoe", "", false, [2][]string{}, true},
		{"records alone", "", "0", false, [2][]string{}, true},
		{"no such profile", "SucKhoe", "2", false, [2][]string{}, true},
		{"a profile twice", "SucKhoe", "0,0", false, [2][]string{}, true},
		{"not an index", "SucKhoe", "a", false, [2][]string{}, true},
		{"no such member", "Luong", "0", false, [2][]string{}, true},
		{"a pointer, not a member", "SucKhoe/NhomMau", "0", false, [2][]string{}, true},
		{"left out but there", "SucKhoe", "1", true, [2][]string{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			members, records, withHealth = tc.members, tc.records, tc.health
			var got []*Answer
			var err error
			for a, e := range f.client().Profiles(context.Background(), ProfileQuery{Purpose: PurposeConsent("15/2026/DY")}) {
				got, err = append(got, a), e
			}
			if tc.bad {
				if !errors.Is(err, ErrUnexpectedAnswer) {
					t.Fatalf("err %v, want ErrUnexpectedAnswer", err)
				}
				return
			}
			if err != nil || len(got) != 1 {
				t.Fatalf("%d answers, %v", len(got), err)
			}
			for i := range 2 {
				if w := got[0].Withheld(i); !slices.Equal(w, tc.want[i]) {
					t.Errorf("Withheld(%d) = %v, want %v", i, w, tc.want[i])
				}
			}
		})
	}
	var nilAnswer *Answer
	if nilAnswer.Withheld(0) != nil {
		t.Error("a nil answer withheld something")
	}
}
