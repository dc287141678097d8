package packet

import (
	"slices"
	"strings"
	"testing"
)

// TestBinderPointers checks the JSON Pointers and wire names the binder
// gives its findings: member names, indexes, and object keys of a free
// value escaped (~0, ~1), under the record's and the header's pointers.
func TestBinderPointers(t *testing.T) {
	tree := map[string]any{
		"Nguon": 5.0,
		"ChenhLech": []any{
			map[string]any{"TruongDuLieu": "/HoVaTen", "GiaTriGoc": map[string]any{"a/b~c": []any{1.0, "x\x01"}}},
		},
	}
	var got []Finding
	bindRecord("KetQuaDoiKhop", tree, 7, 2, func(f Finding) { got = append(got, f) }, false)
	bindHeader(map[string]any{"SoLuongBanGhi": "x"}, func(f Finding) { got = append(got, f) })
	for _, want := range []struct{ pointer, en string }{
		{"/DuLieu/7/Nguon", ""},
		{"/DuLieu/7/ChenhLech/0/GiaTriGoc/a~1b~0c/1", "a~1b~0c holds U+0001"},
		{"/ThongTinGoiTin/SoLuongBanGhi", ""},
	} {
		i := slices.IndexFunc(got, func(f Finding) bool { return f.Pointer == want.pointer })
		if i < 0 {
			t.Errorf("no finding at %s in %v", want.pointer, got)
			continue
		}
		if !strings.Contains(got[i].MessageEN, want.en) {
			t.Errorf("finding at %s: %q, want it to say %q", want.pointer, got[i].MessageEN, want.en)
		}
	}
}
