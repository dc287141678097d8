package packet

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The XML decoder's start elements are its own until its next token: an
// element is named by what it was, not by the last element read inside it.
func TestXMLElementNamedBeforeItsChildren(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "valid", "HOSO.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// A period of work written as a course: its children end with <ChucVu>.
	doc := bytes.Replace(b, []byte("<GiaiDoan>"), []byte("<KhoaHoc>"), 1)
	doc = bytes.Replace(doc, []byte("</GiaiDoan>"), []byte("</KhoaHoc>"), 1)
	rep, err := newTestValidator(t).Validate(context.Background(), bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].MessageEN, "element <KhoaHoc> in <QuaTrinhCongTac>") {
		t.Errorf("findings %v, want one about <KhoaHoc>", rep.Findings)
	}

	// A member the envelope does not have, with children of its own.
	doc = bytes.Replace(b, []byte("<DuLieu>"), []byte("<GhiChu><Dong>một</Dong></GhiChu><DuLieu>"), 1)
	_, fs, err := Decode(bytes.NewReader(doc), FormatXML, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Pointer != "/GhiChu" {
		t.Errorf("findings %v, want one at /GhiChu", fs)
	}

	x := newXMLTreeReader(strings.NewReader(`<X><A><B>1</B></A><C>2</C></X>`), Limits{}.resolved())
	var root xpath
	if _, err := x.token(&root); err != nil {
		t.Fatal(err)
	}
	got, err := x.untyped(&root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"A": map[string]any{"B": "1"}, "C": "2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("untyped element (-want +got):\n%s", diff)
	}
}
