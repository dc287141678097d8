package packet

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Normalize fixes every value R-TXT-001 flags, and nothing else.
func TestNormalize(t *testing.T) {
	v := newTestValidator(t)
	p := decodeFile(t, filepath.Join("testdata", "spec", "hoso.json"))
	hs := &p.Records.Profiles[0]
	hs.FullName = " Nguye\u0302\u0303n  Văn An" // decomposed ễ, stray spaces
	hs.Birthplace.Detail = "Phường Sài Gòn "
	hs.WorkHistory[1].Unit = "Văn  phòng"
	hs.Relatives[0].FullName = "Trần\tThị Bình"
	hs.Religion = "99"
	before, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var txt []string
	for _, f := range before.Findings {
		if f.Rule == RuleTextNormal {
			txt = append(txt, strings.TrimPrefix(f.Pointer, "/DuLieu/0"))
		}
	}
	changed := hs.Normalize()
	want := append(txt, "/TonGiao")
	if diff := cmp.Diff(sortedCopy(want), sortedCopy(changed)); diff != "" {
		t.Errorf("Normalize changed other values than R-TXT-001 flags, plus TonGiao (-want +got):\n%s", diff)
	}
	if hs.FullName != "Nguyễn Văn An" || hs.Religion != "00" || hs.Relatives[0].FullName != "Trần Thị Bình" {
		t.Errorf("normalised: %q %q %q", hs.FullName, hs.Religion, hs.Relatives[0].FullName)
	}
	after, err := v.ValidatePacket(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range after.Findings {
		if f.Rule == RuleTextNormal {
			t.Errorf("still %v after Normalize", f)
		}
	}
	if again := hs.Normalize(); again != nil {
		t.Errorf("a second Normalize changed %v", again)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
