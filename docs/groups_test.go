package docs_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
)

// The guide's tables of the ten data groups name every member of HoSo of
// format 2.0, field by field, in both languages: a member added to the
// model without its row fails here.
func TestGuideGroupTables(t *testing.T) {
	for _, page := range []struct{ file, heading string }{
		{"guide/en/03-mapping.md", "### Group by group, field by field"},
		{"guide/vi/03-anh-xa-ho-so.md", "### Từng nhóm, từng trường"},
	} {
		b, err := os.ReadFile(filepath.Join(repoRoot, "docs", filepath.FromSlash(page.file)))
		if err != nil {
			t.Fatal(err)
		}
		_, section, ok := strings.Cut(string(b), page.heading)
		if !ok {
			t.Fatalf("%s: no section %q", page.file, page.heading)
		}
		section, _, _ = strings.Cut(section, "\n## ")
		for _, path := range memberPaths(reflect.TypeFor[packet.Profile](), "") {
			if path == "NgayCapNhat" {
				continue // the record's, no group's: the section says so
			}
			if !strings.Contains(section, "`"+path+"`") {
				t.Errorf("%s: the group tables do not name %s", page.file, path)
			}
		}
		if n := strings.Count(section, "\n#### "); n != 10 {
			t.Errorf("%s: %d group tables, want 10", page.file, n)
		}
	}
}

// memberPaths returns the paths of the members of format 2.0 under t as
// the group tables write them: A/B for a member of an object, A/…/B for a
// member of an array's item; an address or a decision is one member.
func memberPaths(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || f.Tag.Get("v") == "1" {
			continue
		}
		ft, item := f.Type, ""
		switch ft.Kind() {
		case reflect.Pointer:
			ft = ft.Elem()
		case reflect.Slice:
			if ft.Elem().Kind() == reflect.Struct {
				ft, item = ft.Elem(), "/…"
			}
		}
		path := prefix + name
		if ft.Kind() != reflect.Struct || ft == reflect.TypeFor[packet.Address]() || ft == reflect.TypeFor[packet.Decision]() ||
			ft.PkgPath() != reflect.TypeFor[packet.Profile]().PkgPath() || ft == reflect.TypeFor[packet.Date]() ||
			ft == reflect.TypeFor[packet.PartialDate]() {
			out = append(out, path)
			continue
		}
		out = append(out, memberPaths(ft, path+item+"/")...)
	}
	return out
}
