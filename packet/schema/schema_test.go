package schema

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// The examples in testdata/examples are copies of the spec's examples
// (spec/examples); testdata/xml holds further XML packets derived from the
// JSON examples of the kinds the spec gives only in JSON.

func compile(tb testing.TB) *Schemas {
	tb.Helper()
	s, err := Compile()
	if err != nil {
		tb.Fatalf("Compile: %v", err)
	}
	return s
}

// load decodes a file of testdata as the validator sees it.
func load(tb testing.TB, name string) any {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return v
}

// lookup returns the value at the JSON Pointer ptr (no escapes) in v.
func lookup(tb testing.TB, v any, ptr string) any {
	tb.Helper()
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i >= len(x) {
				tb.Fatalf("lookup %s: bad index %q", ptr, tok)
			}
			v = x[i]
		default:
			tb.Fatalf("lookup %s: %T has no member %q", ptr, v, tok)
		}
	}
	return v
}

func parentOf(tb testing.TB, v any, ptr string) (map[string]any, string) {
	tb.Helper()
	i := strings.LastIndexByte(ptr, '/')
	obj, ok := lookup(tb, v, ptr[:i]).(map[string]any)
	if !ok {
		tb.Fatalf("%s: parent is not an object", ptr)
	}
	return obj, ptr[i+1:]
}

// An edit changes a decoded instance: it sets the member at ptr to val, or
// deletes it if del.
type edit struct {
	ptr string
	val any
	del bool
}

func set(ptr string, val any) edit { return edit{ptr: ptr, val: val} }
func del(ptr string) edit          { return edit{ptr: ptr, del: true} }

func (e edit) apply(tb testing.TB, v any) {
	tb.Helper()
	obj, name := parentOf(tb, v, e.ptr)
	if e.del {
		if _, ok := obj[name]; !ok {
			tb.Fatalf("delete %s: no such member", e.ptr)
		}
		delete(obj, name)
		return
	}
	obj[name] = e.val
}

type pk struct{ Pointer, Keyword string }

func pointersAndKeywords(vs []Violation) []pk {
	out := make([]pk, len(vs))
	for i, v := range vs {
		out[i] = pk{v.Pointer, v.Keyword}
	}
	return out
}

func TestCompile(t *testing.T) {
	s := compile(t)
	for name, sch := range map[string]*jsonschema.Schema{
		"Envelope": s.Envelope, "Packet": s.Packet, "Header": s.Header, "Profile": s.Profile, "Change": s.Change,
		"MatchResult": s.MatchResult, "ProcessingResult": s.ProcessingResult,
	} {
		if sch == nil {
			t.Errorf("Schemas.%s is nil", name)
		}
	}
	for kind, want := range map[string]*jsonschema.Schema{
		"HOSO": s.Profile, "CHIASE_HOSO": s.Profile, "BIENDONG": s.Change,
		"DOIKHOP": s.MatchResult, "PHANHOI": s.ProcessingResult, "hoso": nil, "": nil,
	} {
		if got := s.Record(kind); got != want {
			t.Errorf("Record(%q) = %v, want %v", kind, got, want)
		}
	}
}

// TestSchemaFiles checks the published files: valid JSON without duplicate
// keys, draft 2020-12, the $id of the file name, and embedded as they are
// on disk.
func TestSchemaFiles(t *testing.T) {
	if got := Versions(); !slices.Equal(got, []int{1, 2}) || got[len(got)-1] != Latest {
		t.Errorf("Versions() = %v, want [1 2] ending with Latest %d", got, Latest)
	}
	if IDPrefix != IDPrefixOf(Latest) {
		t.Errorf("IDPrefix %s is not IDPrefixOf(Latest) %s", IDPrefix, IDPrefixOf(Latest))
	}
	for _, major := range Versions() {
		dir, err := Dir(major)
		if err != nil {
			t.Fatal(err)
		}
		checkSchemaFiles(t, dir, IDPrefixOf(major))
	}
	if _, err := Dir(9); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Dir(9) = %v, want fs.ErrNotExist", err)
	}
}

func checkSchemaFiles(t *testing.T, dir, idPrefix string) {
	names, err := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range names {
		names[i] = filepath.Base(names[i])
	}
	want := []string{Common, Envelope, Packet, Profile, Change, MatchResult, ProcessingResult}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("schema files in %s = %v, want %v", dir, names, want)
	}
	for _, base := range append(names, XSD) {
		name := path.Join(dir, base)
		disk, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		embedded, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Errorf("%s not embedded: %v", name, err)
		} else if !bytes.Equal(disk, embedded) {
			t.Errorf("%s: embedded copy differs from the file", name)
		}
		if base == XSD {
			if err := xml.Unmarshal(disk, new(xsdNode)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		doc, err := decodeOrdered(disk)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		root, ok := doc.(object)
		if !ok {
			t.Errorf("%s: not a JSON object", name)
			continue
		}
		if got := root.get("$schema"); got != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %v", name, got)
		}
		if got, want := root.get("$id"), idPrefix+strings.TrimSuffix(base, ".schema.json"); got != want {
			t.Errorf("%s: $id = %v, want %s", name, got, want)
		}
		if s, _ := root.get("title").(string); s == "" {
			t.Errorf("%s: no title", name)
		}
		checkDescriptions(t, name, "", root)
	}
}

// checkDescriptions reports a property without a description in
// Vietnamese and English ("vi. — en.").
func checkDescriptions(t *testing.T, file, at string, v any) {
	switch x := v.(type) {
	case object:
		if props, ok := x.get("properties").(object); ok && x.get("type") == "object" {
			for _, m := range props {
				d, _ := m.v.(object).get("description").(string)
				if !strings.Contains(d, " — ") {
					t.Errorf("%s: %s/properties/%s: description %q is not Vietnamese — English", file, at, m.k, d)
				}
			}
		}
		for _, m := range x {
			if m.k == "if" {
				continue // a condition names members declared elsewhere
			}
			checkDescriptions(t, file, at+"/"+m.k, m.v)
		}
	case []any:
		for i, e := range x {
			checkDescriptions(t, file, at+"/"+strconv.Itoa(i), e)
		}
	}
}

// TestExamples validates every JSON example: the envelope, the header
// alone, and each record with the schema of its kind.
func TestExamples(t *testing.T) {
	s := compile(t)
	names, _ := filepath.Glob("testdata/examples/*.json")
	if len(names) != 4 {
		t.Fatalf("found %d JSON examples, want 4", len(names))
	}
	kinds := map[string]bool{}
	for _, path := range names {
		name := filepath.Base(path)
		doc := load(t, "examples/"+name)
		if err := s.Envelope.Validate(doc); err != nil {
			t.Errorf("%s: envelope: %v", name, Violations(err))
		}
		if err := s.Header.Validate(lookup(t, doc, "/ThongTinGoiTin")); err != nil {
			t.Errorf("%s: header: %v", name, Violations(err))
		}
		kind, _ := lookup(t, doc, "/ThongTinGoiTin/LoaiGoiTin").(string)
		kinds[kind] = true
		rec := s.Record(kind)
		if rec == nil {
			t.Fatalf("%s: no record schema for %q", name, kind)
		}
		records, _ := lookup(t, doc, "/DuLieu").([]any)
		if len(records) == 0 {
			t.Errorf("%s: no records", name)
		}
		for i, r := range records {
			if err := rec.Validate(r); err != nil {
				t.Errorf("%s: /DuLieu/%d: %v", name, i, Violations(err))
			}
		}
		if err := s.Packet.Validate(doc); err != nil {
			t.Errorf("%s: whole packet: %v", name, Violations(err))
		}
	}
	for _, k := range []string{"HOSO", "BIENDONG", "DOIKHOP", "PHANHOI"} {
		if !kinds[k] {
			t.Errorf("no example of kind %s", k)
		}
	}
}

// TestWholePacket: the whole-packet schema checks each record with the
// schema of the kind LoaiGoiTin names, at its pointer in the packet, and
// leaves the records of an unknown kind to rule R-HDR-001.
func TestWholePacket(t *testing.T) {
	s := compile(t)
	v1, err := CompileVersion(1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		file  string
		v1    bool
		edits []edit
		want  []pk // nil: valid
	}{
		{"HOSO", "hoso.json", false, nil, nil},
		{"a record without HoVaTen", "hoso.json", false, []edit{del("/DuLieu/0/HoVaTen")}, []pk{{"/DuLieu/0/HoVaTen", "required"}}},
		{"a header without MaGoiTin", "hoso.json", false, []edit{del("/ThongTinGoiTin/MaGoiTin")}, []pk{{"/ThongTinGoiTin/MaGoiTin", "required"}}},
		{"CHIASE_HOSO", "hoso.json", false, []edit{set("/ThongTinGoiTin/LoaiGoiTin", "CHIASE_HOSO")}, nil},
		{"a change in a DOIKHOP packet", "biendong.json", false, []edit{set("/ThongTinGoiTin/LoaiGoiTin", "DOIKHOP")},
			[]pk{{"/DuLieu/0/LoaiBienDong", "additionalProperties"}, {"/DuLieu/0/MaBienDong", "additionalProperties"}, {"/DuLieu/0/NgayHieuLuc", "additionalProperties"},
				{"/DuLieu/0/Nguon", "required"}, {"/DuLieu/0/QuyetDinh", "additionalProperties"}, {"/DuLieu/0/ThayDoi", "additionalProperties"}, {"/DuLieu/0/ThoiGianDoiKhop", "required"}, {"/DuLieu/0/TrangThai", "required"}}},
		{"an unknown kind", "hoso.json", false, []edit{set("/ThongTinGoiTin/LoaiGoiTin", "HOSO_MOI"), set("/DuLieu/0/Luong", json.Number("5"))}, nil},
		{"BIENDONG", "biendong.json", false, nil, nil},
		{"a change with an unknown member", "biendong.json", false, []edit{set("/DuLieu/0/GhiChu", "x")}, []pk{{"/DuLieu/0/GhiChu", "additionalProperties"}}},
		{"DOIKHOP", "doikhop.json", false, nil, nil},
		{"PHANHOI with no records", "phanhoi.json", false, []edit{set("/DuLieu", []any{}), set("/ThongTinGoiTin/SoLuongBanGhi", json.Number("0"))}, nil},
		{"DuLieu not an array", "phanhoi.json", false, []edit{set("/DuLieu", map[string]any{})}, []pk{{"/DuLieu", "type"}}},
		// Format 1.0: a profile the national database shares carries its
		// national profile ID, which a record schema cannot require.
		{"1.0 CHIASE_HOSO", "hoso.json", true, []edit{set("/ThongTinGoiTin/LoaiGoiTin", "CHIASE_HOSO"), set("/ThongTinGoiTin/PhienBan", "1.0"),
			set("/DuLieu/0/MaDinhDanhCBCCVC", "H2920001234507")}, nil},
		{"1.0 CHIASE_HOSO without the profile ID", "hoso.json", true, []edit{set("/ThongTinGoiTin/LoaiGoiTin", "CHIASE_HOSO"), set("/ThongTinGoiTin/PhienBan", "1.0")}, []pk{{"/DuLieu/0/MaDinhDanhCBCCVC", "required"}}},
		{"1.0 HOSO without the profile ID", "hoso.json", true, []edit{set("/ThongTinGoiTin/PhienBan", "1.0")}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := load(t, "examples/"+tc.file)
			for _, e := range tc.edits {
				e.apply(t, doc)
			}
			if m, _ := doc.(map[string]any); m != nil {
				if records, _ := m["DuLieu"].([]any); len(records) > 1 {
					m["DuLieu"] = records[:1] // one record's violations are enough
				}
			}
			sch := s.Packet
			if tc.v1 {
				sch = v1.Packet
			}
			err := sch.Validate(doc)
			if got := pointersAndKeywords(Violations(err)); !slices.Equal(got, tc.want) {
				t.Errorf("violations = %v, want %v\n%v", got, tc.want, err)
			}
		})
	}
}

// TestPortableSchemas checks what makes the schemas mean the same in every
// validator (ajv, python-jsonschema, this package; conformance's
// TestValidatorsAgreeWithTheSDK runs them): every $ref is absolute, as the
// RefResolver of python-jsonschema before 4.18 resolves no fragment against
// a URN; no multipleOf, which binary floating point judges otherwise (4.35
// is no multiple of 0.01 there), and no format, which validators assert or
// not by their options; patterns only in the syntax ECMAScript (with the u
// flag), Python's re and RE2 read alike: no class escape (\d is any
// Unicode digit in Python), no lookaround, no backreference; and every
// ^…$ pattern that cannot match a line feed goes with the oneLine guard,
// since Python's $ also matches before a final line feed.
func TestPortableSchemas(t *testing.T) {
	names, _ := fs.Glob(FS, "*.schema.json")
	more, _ := fs.Glob(FS, "v*/*.schema.json")
	unescapedDot := regexp.MustCompile(`(^|[^\\])\.`)
	classEscape := regexp.MustCompile(`\\[dDwWsSbBpPkx0-9]|\(\?`)
	for _, name := range append(names, more...) {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		var walk func(at string, v any)
		walk = func(at string, v any) {
			switch x := v.(type) {
			case []any:
				for i, e := range x {
					walk(at+"/"+strconv.Itoa(i), e)
				}
			case map[string]any:
				if ref, ok := x["$ref"].(string); ok && !strings.HasPrefix(ref, "urn:vn:gov:bnv:cbccvc:schema:") {
					t.Errorf("%s#%s: $ref %q is not absolute", name, at, ref)
				}
				for _, k := range []string{"multipleOf", "format"} {
					if _, ok := x[k]; ok && !strings.HasSuffix(at, "/properties") {
						t.Errorf("%s#%s: keyword %s", name, at, k)
					}
				}
				if p, ok := x["pattern"].(string); ok && !strings.HasSuffix(at, "/properties") {
					if _, err := regexp.Compile(p); err != nil {
						t.Errorf("%s#%s: pattern %q: %v", name, at, p, err)
					}
					if classEscape.MatchString(p) {
						t.Errorf("%s#%s: pattern %q has an escape or group the three dialects read otherwise", name, at, p)
					}
					lineFeedFree := !strings.Contains(p, "[^") && !unescapedDot.MatchString(p)
					ref, _ := x["$ref"].(string)
					guarded := strings.HasSuffix(ref, "common#/$defs/oneLine")
					if strings.HasPrefix(p, "^") && strings.HasSuffix(p, "$") && lineFeedFree && !guarded {
						t.Errorf("%s#%s: pattern %q without the oneLine guard", name, at, p)
					}
				}
				for k, e := range x {
					walk(at+"/"+k, e)
				}
			}
		}
		walk("", doc)
	}
}

func TestMutations(t *testing.T) {
	s := compile(t)
	const envelope = -1
	long := strings.Repeat("Ễ", 101) // 101 characters, 303 bytes
	tests := []struct {
		name   string
		file   string // in testdata/examples
		record int    // index in DuLieu, or envelope
		edits  []edit
		want   []pk // nil: valid
	}{
		// HoSo
		{"missing HoVaTen", "hoso.json", 0, []edit{del("/HoVaTen")}, []pk{{"/HoVaTen", "required"}}},
		{"HoVaTen of 101 characters", "hoso.json", 0, []edit{set("/HoVaTen", long)}, []pk{{"/HoVaTen", "maxLength"}}},
		{"HoVaTen of 100 characters", "hoso.json", 0, []edit{set("/HoVaTen", long[len("Ễ"):])}, nil},
		{"HoVaTen empty", "hoso.json", 0, []edit{set("/HoVaTen", "")}, []pk{{"/HoVaTen", "minLength"}}},
		{"extra member", "hoso.json", 0, []edit{set("/BiDanh", "An")}, []pk{{"/BiDanh", "additionalProperties"}}},
		{"extra member in Ngach", "hoso.json", 0, []edit{set("/Ngach/Nhom", "A1")}, []pk{{"/Ngach/Nhom", "additionalProperties"}}},
		{"BacLuong a string", "hoso.json", 0, []edit{set("/Ngach/BacLuong", "6")}, []pk{{"/Ngach/BacLuong", "type"}}},
		{"BacLuong 0", "hoso.json", 0, []edit{set("/Ngach/BacLuong", json.Number("0"))}, []pk{{"/Ngach/BacLuong", "minimum"}}},
		{"BacLuong 6.5", "hoso.json", 0, []edit{set("/Ngach/BacLuong", json.Number("6.5"))}, []pk{{"/Ngach/BacLuong", "type"}}},
		// The number of decimals is the model's (R-SCH-002): multipleOf 0.01
		// means another thing in the binary floating point most validators
		// compute in.
		{"HeSoLuong 3.999", "hoso.json", 0, []edit{set("/Ngach/HeSoLuong", json.Number("3.999"))}, nil},
		{"HeSoLuong 3.990", "hoso.json", 0, []edit{set("/Ngach/HeSoLuong", json.Number("3.990"))}, nil},
		{"HeSoLuong negative", "hoso.json", 0, []edit{set("/Ngach/HeSoLuong", json.Number("-3.99"))}, []pk{{"/Ngach/HeSoLuong", "exclusiveMinimum"}}},
		{"HeSoLuong 0", "hoso.json", 0, []edit{set("/Ngach/HeSoLuong", json.Number("0"))}, []pk{{"/Ngach/HeSoLuong", "exclusiveMinimum"}}},
		{"HeSoPhuCap 0", "hoso.json", 2, []edit{set("/ChucVu/HeSoPhuCap", json.Number("0.00"))}, []pk{{"/ChucVu/HeSoPhuCap", "exclusiveMinimum"}}},
		{"HeSoLuong 434e-2", "hoso.json", 0, []edit{set("/Ngach/HeSoLuong", json.Number("434e-2"))}, nil},
		{"HeSoPhuCap 1.105", "hoso.json", 2, []edit{set("/ChucVu/HeSoPhuCap", json.Number("1.105"))}, nil},
		{"NgaySinh month 13", "hoso.json", 0, []edit{set("/NgaySinh", "1985-13-01")}, []pk{{"/NgaySinh", "pattern"}}},
		// Python's $ matches before a final line feed: the oneLine guard
		// refuses it there too.
		{"NgaySinh and a line feed", "hoso.json", 0, []edit{set("/NgaySinh", "1985-03-12\n")}, []pk{{"/NgaySinh", "not"}, {"/NgaySinh", "pattern"}}},
		{"SoCMND and a line feed", "hoso.json", 2, []edit{set("/SoCMND", "012345678\n")}, []pk{{"/SoCMND", "not"}, {"/SoCMND", "pattern"}}},
		{"NgaySinh year and month", "hoso.json", 0, []edit{set("/NgaySinh", "1985-03")}, nil},
		{"NgayHuong partial", "hoso.json", 0, []edit{set("/Ngach/NgayHuong", "2023-09")}, []pk{{"/Ngach/NgayHuong", "pattern"}}},
		{"PhanTramVuotKhung 101", "hoso.json", 0, []edit{set("/Ngach/PhanTramVuotKhung", json.Number("101"))}, []pk{{"/Ngach/PhanTramVuotKhung", "maximum"}}},
		{"PhanTramVuotKhung 100", "hoso.json", 0, []edit{set("/Ngach/PhanTramVuotKhung", json.Number("100"))}, nil},
		{"missing HinhThuc of TuyenDung", "hoso.json", 0, []edit{del("/TuyenDung/HinhThuc")}, []pk{{"/TuyenDung/HinhThuc", "required"}}},
		{"two members missing", "hoso.json", 0, []edit{del("/TuyenDung/HinhThuc"), del("/TuyenDung/CoQuanTuyenDung")},
			[]pk{{"/TuyenDung/CoQuanTuyenDung", "required"}, {"/TuyenDung/HinhThuc", "required"}}},
		{"DiaChi without MaDonViHanhChinh", "hoso.json", 0, []edit{del("/NoiSinh/MaDonViHanhChinh")}, []pk{{"/NoiSinh/MaDonViHanhChinh", "required"}}},
		{"QuocTich lower case", "hoso.json", 0, []edit{set("/QuocTich", "vn")}, []pk{{"/QuocTich", "pattern"}}},
		{"SoCMND of 12 digits", "hoso.json", 2, []edit{set("/SoCMND", "001068009876")}, []pk{{"/SoCMND", "pattern"}}},
		{"SoHieuCBCCVC of 21", "hoso.json", 0, []edit{set("/SoHieuCBCCVC", strings.Repeat("9", 21))}, []pk{{"/SoHieuCBCCVC", "maxLength"}}},
		{"ViTriViecLam of 201", "hoso.json", 0, []edit{set("/ViTriViecLam", strings.Repeat("x", 201))}, []pk{{"/ViTriViecLam", "maxLength"}}},
		{"Email without domain", "hoso.json", 0, []edit{set("/Email", "nvan@")}, []pk{{"/Email", "pattern"}}},
		{"Email with atext", "hoso.json", 0, []edit{set("/Email", "o'brien+ban.to-chuc@sg-1.gov.vn")}, nil},
		{"Email with two @", "hoso.json", 0, []edit{set("/Email", "a@b@c.vn")}, []pk{{"/Email", "pattern"}}},
		{"SoDienThoai with spaces", "hoso.json", 0, []edit{set("/SoDienThoai", "090 123 4567")}, []pk{{"/SoDienThoai", "pattern"}}},
		{"GiaoDucPhoThong", "hoso.json", 0, []edit{set("/TrinhDo/GiaoDucPhoThong", "12")}, []pk{{"/TrinhDo/GiaoDucPhoThong", "pattern"}}},
		{"NamSinh 1899", "hoso.json", 0, []edit{set("/QuanHeGiaDinh/0/NamSinh", json.Number("1899"))}, []pk{{"/QuanHeGiaDinh/0/NamSinh", "minimum"}}},
		{"NgayCapNhat without offset", "hoso.json", 0, []edit{set("/NgayCapNhat", "2026-11-20T09:30:00")}, []pk{{"/NgayCapNhat", "pattern"}}},
		{"HoVaTen an array", "hoso.json", 0, []edit{set("/HoVaTen", []any{"Nguyễn", "Văn", "An"})}, []pk{{"/HoVaTen", "type"}}},
		{"violations in document order of indexes", "hoso.json", 0, []edit{
			set("/QuaTrinhLuong", []any{
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": "x", "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "BacLuong": json.Number("5"), "HeSoLuong": json.Number("3.66")},
				map[string]any{"NgayHuong": "2020-09-01", "MaNgach": "01.003", "HeSoLuong": json.Number("3.66")},
			}),
			del("/HoVaTen"),
		}, []pk{{"/HoVaTen", "required"}, {"/QuaTrinhLuong/2/BacLuong", "type"}, {"/QuaTrinhLuong/10/BacLuong", "required"}}},
		// What a semantic rule checks is not the schema's business.
		{"semantic only: bad identifiers and codes", "hoso.json", 0, []edit{
			set("/SoDinhDanh", "12345"),            // R-ID-002
			set("/MaDonViQuanLy", "H29"),           // R-ID-001
			set("/SoBHXH", "abc"),                  // R-ID-006
			set("/GioiTinh", "3"),                  // R-CODE-001
			set("/DanToc", "Kinh"),                 // R-CODE-001
			set("/Ngach/MaNgach", "99.999"),        // R-CODE-001, R-CODE-002
			set("/TrangThai", "DANG_LAM"),          // R-CODE-001
			set("/NoiSinh/MaDonViHanhChinh", "00"), // R-CODE-001
			set("/HoVaTen", "Nguyễn  Văn An 2"),    // R-TXT-001, R-TXT-002
			set("/Ngach/BacLuong", json.Number("12")),
			set("/Ngach/HeSoLuong", json.Number("9.99")),  // R-LUONG-001, R-LUONG-002
			set("/TuyenDung/NgayTuyenDung", "1990-01-01"), // R-DATE-002
		}, nil},

		// BienDong
		{"ThayDoi empty", "biendong.json", 0, []edit{set("/ThayDoi", []any{})}, []pk{{"/ThayDoi", "minItems"}}},
		{"QuyetDinh missing on NANG_LUONG", "biendong.json", 0, []edit{del("/QuyetDinh")}, []pk{{"/QuyetDinh", "required"}}},
		{"QuyetDinh missing on CAP_NHAT", "biendong.json", 0, []edit{del("/QuyetDinh"), set("/LoaiBienDong", "CAP_NHAT")}, nil},
		{"QuyetDinh present on CAP_NHAT", "biendong.json", 0, []edit{set("/LoaiBienDong", "CAP_NHAT")}, nil},
		{"LoaiBienDong missing", "biendong.json", 0, []edit{del("/LoaiBienDong"), del("/QuyetDinh")}, []pk{{"/LoaiBienDong", "required"}}},
		{"LoaiBienDong unknown", "biendong.json", 0, []edit{set("/LoaiBienDong", "THANG_CHUC")}, nil}, // R-CODE-001
		{"MaBienDong upper case", "biendong.json", 0, []edit{set("/MaBienDong", "A3B1C2D4-E5F6-4A7B-9C8D-0E1F2A3B4C5D")}, []pk{{"/MaBienDong", "pattern"}}},
		{"GiaTriCu absent", "biendong.json", 0, []edit{del("/ThayDoi/0/GiaTriCu")}, nil},
		{"GiaTriMoi missing", "biendong.json", 0, []edit{del("/ThayDoi/1/GiaTriMoi")}, []pk{{"/ThayDoi/1/GiaTriMoi", "required"}}},
		{"GiaTriMoi any value", "biendong.json", 0, []edit{
			set("/ThayDoi/0/GiaTriMoi", map[string]any{"MaDonViHanhChinh": "79"}),
			set("/ThayDoi/1/GiaTriMoi", nil),
			set("/ThayDoi/2/GiaTriMoi", []any{json.Number("1"), "a"}),
		}, nil},
		{"TruongDuLieu not a pointer", "biendong.json", 0, []edit{set("/ThayDoi/0/TruongDuLieu", "Ngach/BacLuong")}, []pk{{"/ThayDoi/0/TruongDuLieu", "pattern"}}},
		{"TruongDuLieu to a missing field", "biendong.json", 0, []edit{set("/ThayDoi/0/TruongDuLieu", "/Ngach/Nhom")}, nil}, // R-BD-001
		{"QuyetDinh.Ngay not a date", "biendong.json", 0, []edit{set("/QuyetDinh/Ngay", "20/08/2026")}, []pk{{"/QuyetDinh/Ngay", "pattern"}}},

		// KetQuaDoiKhop
		{"SAI_KHAC without ChenhLech", "doikhop.json", 1, []edit{del("/ChenhLech")}, []pk{{"/ChenhLech", "required"}}},
		{"SAI_KHAC with ChenhLech empty", "doikhop.json", 1, []edit{set("/ChenhLech", []any{})}, []pk{{"/ChenhLech", "minItems"}}},
		{"KHOP without ChenhLech", "doikhop.json", 0, nil, nil},
		{"TrangThai unknown", "doikhop.json", 0, []edit{set("/TrangThai", "KHAC")}, []pk{{"/TrangThai", "enum"}}},
		{"Nguon unknown", "doikhop.json", 0, []edit{set("/Nguon", "THUE")}, nil}, // R-CODE-001
		{"GiaTriGoc missing", "doikhop.json", 1, []edit{del("/ChenhLech/0/GiaTriGoc")}, []pk{{"/ChenhLech/0/GiaTriGoc", "required"}}},
		{"ThoiGianDoiKhop in UTC", "doikhop.json", 0, []edit{set("/ThoiGianDoiKhop", "2026-11-26T03:59:00.5Z")}, nil},

		// KetQuaXuLy
		{"LOI without ViPham", "phanhoi.json", 0, []edit{set("/TrangThai", "LOI")}, []pk{{"/ViPham", "required"}}},
		{"CANH_BAO with ViPham empty", "phanhoi.json", 2, []edit{set("/ViPham", []any{})}, []pk{{"/ViPham", "minItems"}}},
		{"TrangThai unknown", "phanhoi.json", 0, []edit{set("/TrangThai", "OK")}, []pk{{"/TrangThai", "enum"}}},
		{"ViTri negative", "phanhoi.json", 0, []edit{set("/ViTri", json.Number("-1"))}, []pk{{"/ViTri", "minimum"}}},
		{"ViPham MucDo unknown", "phanhoi.json", 2, []edit{set("/ViPham/0/MucDo", "NGHIEM_TRONG")}, []pk{{"/ViPham/0/MucDo", "enum"}}},
		{"ViPham DuongDan root", "phanhoi.json", 2, []edit{set("/ViPham/0/DuongDan", "")}, nil},

		// Envelope and header
		{"PHANHOI without TrangThaiGoiTin", "phanhoi.json", envelope, []edit{del("/ThongTinGoiTin/TrangThaiGoiTin")},
			[]pk{{"/ThongTinGoiTin/TrangThaiGoiTin", "required"}}},
		{"HOSO without TrangThaiGoiTin", "hoso.json", envelope, nil, nil},
		{"TrangThaiGoiTin unknown", "phanhoi.json", envelope, []edit{set("/ThongTinGoiTin/TrangThaiGoiTin", "XONG")},
			[]pk{{"/ThongTinGoiTin/TrangThaiGoiTin", "enum"}}},
		{"MaGoiTin upper case", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/MaGoiTin", "0193F5B2-7C1E-7A3B-9D4E-2F6A8B1C3D5E")},
			[]pk{{"/ThongTinGoiTin/MaGoiTin", "pattern"}}},
		{"MaGoiTin UUID v1", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/MaGoiTin", "0193f5b2-7c1e-1a3b-9d4e-2f6a8b1c3d5e")},
			[]pk{{"/ThongTinGoiTin/MaGoiTin", "pattern"}}},
		{"ThoiGianTao without offset", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/ThoiGianTao", "2026-11-26T10:00:00")},
			[]pk{{"/ThongTinGoiTin/ThoiGianTao", "pattern"}}},
		{"PhienBan not major.minor", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/PhienBan", "1")},
			[]pk{{"/ThongTinGoiTin/PhienBan", "pattern"}}},
		{"PhanMemGui of 101", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/PhanMemGui", strings.Repeat("x", 101))},
			[]pk{{"/ThongTinGoiTin/PhanMemGui", "maxLength"}}},
		{"SoLuongBanGhi a string", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/SoLuongBanGhi", "3")},
			[]pk{{"/ThongTinGoiTin/SoLuongBanGhi", "type"}}},
		{"DuLieu missing", "hoso.json", envelope, []edit{del("/DuLieu")}, []pk{{"/DuLieu", "required"}}},
		{"DuLieu not an array", "hoso.json", envelope, []edit{set("/DuLieu", map[string]any{})}, []pk{{"/DuLieu", "type"}}},
		{"extra header member", "hoso.json", envelope, []edit{set("/ThongTinGoiTin/UuTien", "CAO")},
			[]pk{{"/ThongTinGoiTin/UuTien", "additionalProperties"}}},
		{"ChuKySo an object", "hoso.json", envelope, []edit{set("/ChuKySo", map[string]any{"DinhDang": "CMS", "GiaTri": "MIIB"})}, nil},
		{"ChuKySo a string", "hoso.json", envelope, []edit{set("/ChuKySo", "MIIB")}, []pk{{"/ChuKySo", "type"}}},
		{"semantic only: header", "phanhoi.json", envelope, []edit{
			set("/ThongTinGoiTin/LoaiGoiTin", "HOSO_MOI"),                   // R-HDR-001
			set("/ThongTinGoiTin/PhienBan", "2.0"),                          // R-HDR-002
			set("/ThongTinGoiTin/SoLuongBanGhi", json.Number("99")),         // R-HDR-003
			set("/ThongTinGoiTin/ThoiGianTao", "2999-01-01T00:00:00+07:00"), // R-HDR-004
			set("/ThongTinGoiTin/MaDonViGui", "G09"),                        // R-ID-001
			set("/DuLieu", []any{json.Number("42")}),                        // records are checked one by one
		}, nil},
		{"semantic only: PHANHOI without MaGoiTinThamChieu", "phanhoi.json", envelope, []edit{del("/ThongTinGoiTin/MaGoiTinThamChieu")}, nil}, // R-HDR-005
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.name, func(t *testing.T) {
			doc := load(t, "examples/"+tt.file)
			sch, inst := s.Envelope, doc
			if tt.record != envelope {
				kind, _ := lookup(t, doc, "/ThongTinGoiTin/LoaiGoiTin").(string)
				sch, inst = s.Record(kind), lookup(t, doc, "/DuLieu/"+strconv.Itoa(tt.record))
			}
			for _, e := range tt.edits {
				e.apply(t, inst)
			}
			err := sch.Validate(inst)
			vs := Violations(err)
			if got := pointersAndKeywords(vs); !slices.Equal(got, tt.want) {
				t.Errorf("violations = %v, want %v\n%v", got, tt.want, err)
			}
			if (err == nil) != (tt.want == nil) {
				t.Errorf("Validate error = %v, want error: %t", err, tt.want != nil)
			}
			for _, v := range vs {
				if v.Message == "" || !strings.HasPrefix(v.SchemaLocation, IDPrefix) || !strings.Contains(v.SchemaLocation, "#") {
					t.Errorf("incomplete violation %#v", v)
				}
			}
		})
	}
}

func TestViolationDetails(t *testing.T) {
	s := compile(t)
	doc := load(t, "examples/hoso.json")
	rec := lookup(t, doc, "/DuLieu/0").(map[string]any)
	rec["Ngach"].(map[string]any)["BacLuong"] = "6"
	delete(rec, "HoVaTen")
	delete(rec["TuyenDung"].(map[string]any), "HinhThuc")
	rec["a/b~c"] = true
	rec["NgaySinh"] = "1985-3-12"

	err := fmt.Errorf("record 0: %w", s.Profile.Validate(rec))
	got := Violations(err)
	want := []Violation{
		{"/HoVaTen", "required", IDPrefix + "hoso#/required", "missing property 'HoVaTen'", &kind.Required{Missing: []string{"HoVaTen"}}},
		{"/Ngach/BacLuong", "type", IDPrefix + "hoso#/$defs/Ngach/properties/BacLuong/type", "got string, want integer", &kind.Type{Got: "string", Want: []string{"integer"}}},
		{"/NgaySinh", "pattern", IDPrefix + "common#/$defs/partialDate/pattern", "", nil},
		{"/TuyenDung/HinhThuc", "required", IDPrefix + "hoso#/$defs/TuyenDung/required", "missing property 'HinhThuc'", &kind.Required{Missing: []string{"HinhThuc"}}},
		{"/a~1b~0c", "additionalProperties", IDPrefix + "hoso#/additionalProperties", "additional properties 'a/b~c' not allowed", &kind.AdditionalProperties{Properties: []string{"a/b~c"}}},
	}
	if len(got) != len(want) {
		t.Fatalf("Violations = %v, want %v", got, want)
	}
	for i := range want {
		if want[i].Message == "" { // the pattern message quotes the regexp
			want[i].Message = got[i].Message
			if !strings.Contains(got[i].Message, "1985-3-12") {
				t.Errorf("message %q does not quote the value", got[i].Message)
			}
			p, ok := got[i].Kind.(*kind.Pattern)
			if !ok || p.Got != "1985-3-12" {
				t.Errorf("violation %d: Kind = %#v, want a *kind.Pattern with the value", i, got[i].Kind)
			}
			want[i].Kind = got[i].Kind
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("violation %d = %#v, want %#v", i, got[i], want[i])
		}
	}
	if got, want := got[1].String(), `at "/Ngach/BacLuong": type: got string, want integer`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}

	// The header alone, as a streaming validator meets it.
	hdr := lookup(t, load(t, "examples/phanhoi.json"), "/ThongTinGoiTin").(map[string]any)
	delete(hdr, "TrangThaiGoiTin")
	if got, want := pointersAndKeywords(Violations(s.Header.Validate(hdr))), []pk{{"/TrangThaiGoiTin", "required"}}; !slices.Equal(got, want) {
		t.Errorf("header violations = %v, want %v", got, want)
	}
	// The whole instance of the wrong type.
	if got, want := pointersAndKeywords(Violations(s.Profile.Validate("HoSo"))), []pk{{"", "type"}}; !slices.Equal(got, want) {
		t.Errorf("violations of a string = %v, want %v", got, want)
	}

	for _, err := range []error{nil, errors.New("not a validation error"), io.EOF} {
		if got := Violations(err); got != nil {
			t.Errorf("Violations(%v) = %v, want nil", err, got)
		}
	}
}

// TestConcurrent validates from many goroutines with one Schemas (run with
// -race).
func TestConcurrent(t *testing.T) {
	s := compile(t)
	docs := []any{load(t, "examples/hoso.json"), load(t, "examples/biendong.json"), load(t, "examples/doikhop.json"), load(t, "examples/phanhoi.json")}
	bad := load(t, "examples/hoso.json")
	delete(lookup(t, bad, "/DuLieu/1").(map[string]any), "HoVaTen")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				doc := docs[(g+i)%len(docs)]
				if err := s.Envelope.Validate(doc); err != nil {
					t.Error(err)
				}
				kind := lookup(t, doc, "/ThongTinGoiTin/LoaiGoiTin").(string)
				for _, r := range lookup(t, doc, "/DuLieu").([]any) {
					if err := s.Record(kind).Validate(r); err != nil {
						t.Error(err)
					}
				}
				if vs := Violations(s.Profile.Validate(lookup(t, bad, "/DuLieu/1"))); len(vs) != 1 {
					t.Errorf("got %v, want one violation", vs)
				}
			}
		})
	}
	wg.Wait()
}

// TestXSDMatchesJSONSchemas checks that the XSD and the JSON Schemas agree:
// every object of the JSON Schemas is a complex type of the same name in the
// XSD, with the same members in the same order, the same required ones, the
// same nested types and the same array item elements.
func TestXSDMatchesJSONSchemas(t *testing.T) {
	for _, major := range Versions() {
		dir, _ := Dir(major)
		t.Run(dir, func(t *testing.T) { xsdMatchesJSONSchemas(t, dir) })
	}
}

func xsdMatchesJSONSchemas(t *testing.T, dir string) {
	xsdTypes := readXSD(t, dir)
	roots := map[string]string{Profile: "HoSo", Change: "BienDong", MatchResult: "KetQuaDoiKhop", ProcessingResult: "KetQuaXuLy"}
	seen := map[string]bool{}
	for _, name := range []string{Common, Envelope, Profile, Change, MatchResult, ProcessingResult} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := decodeOrdered(data)
		if err != nil {
			t.Fatal(err)
		}
		root := doc.(object)
		objs := map[string]object{}
		if r, ok := roots[name]; ok {
			objs[r] = root
		}
		if defs, ok := root.get("$defs").(object); ok {
			for _, d := range defs {
				if o := d.v.(object); o.get("type") == "object" {
					objs[d.k] = o
				}
			}
		}
		for typ, o := range objs {
			seen[typ] = true
			want, ok := xsdTypes[typ]
			if !ok {
				t.Errorf("%s: %s is not a complex type of the XSD", name, typ)
				continue
			}
			if got := jsonMembers(o); !slices.Equal(got, want) {
				t.Errorf("%s: %s:\nJSON members %v\nXSD elements %v", name, typ, got, want)
			}
		}
	}
	for typ := range xsdTypes {
		if !seen[typ] && typ != "DuLieu" && typ != "GiaTri" {
			t.Errorf("XSD complex type %s has no JSON Schema object", typ)
		}
	}
}

// A member is a member of an object type, as the JSON Schema and the XSD
// describe it.
type member struct {
	Name     string
	Required bool
	Type     string // a named object type, or ""
	Item     string // the item type of an array, or ""
}

func jsonMembers(o object) []member {
	var req []string
	if r, ok := o.get("required").([]any); ok {
		for _, x := range r {
			req = append(req, x.(string))
		}
	}
	var out []member
	for _, p := range o.get("properties").(object) {
		m := member{Name: p.k, Required: slices.Contains(req, p.k)}
		prop := p.v.(object)
		m.Type = objectRef(prop.get("$ref"))
		if items, ok := prop.get("items").(object); ok {
			m.Item = objectRef(items.get("$ref"))
		}
		out = append(out, m)
	}
	return out
}

// objectRef returns the name of the definition ref refers to if it is an
// object type (named in upper camel case), or "".
func objectRef(ref any) string {
	s, _ := ref.(string)
	name := s[strings.LastIndexByte(s, '/')+1:]
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return ""
	}
	return name
}

// xsdNode is an element of the XSD, generically.
type xsdNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xsdNode  `xml:",any"`
}

func (n xsdNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n xsdNode) child(name string) (xsdNode, bool) {
	for _, c := range n.Children {
		if c.XMLName.Local == name {
			return c, true
		}
	}
	return xsdNode{}, false
}

// readXSD returns the members of the named complex types of the goitin.xsd
// in dir.
func readXSD(t *testing.T, dir string) map[string][]member {
	data, err := os.ReadFile(filepath.Join(dir, XSD))
	if err != nil {
		t.Fatal(err)
	}
	var root xsdNode
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	complexTypes := map[string]bool{}
	for _, c := range root.Children {
		if c.XMLName.Local == "complexType" {
			complexTypes[c.attr("name")] = true
		}
	}
	out := map[string][]member{}
	for _, c := range root.Children {
		if c.XMLName.Local != "complexType" {
			continue
		}
		seq, ok := c.child("sequence")
		if !ok {
			out[c.attr("name")] = nil
			continue
		}
		var ms []member
		for _, e := range seq.Children {
			if e.XMLName.Local != "element" {
				continue
			}
			m := member{Name: e.attr("name"), Required: e.attr("minOccurs") != "0"}
			if typ := e.attr("type"); complexTypes[typ] && typ != "GiaTri" {
				m.Type = typ
			}
			if ct, ok := e.child("complexType"); ok {
				s, _ := ct.child("sequence")
				item, _ := s.child("element")
				m.Item = item.attr("type")
				if item.attr("name") != item.attr("type") || item.attr("maxOccurs") != "unbounded" {
					t.Errorf("XSD %s/%s: item element %s of type %s", c.attr("name"), m.Name, item.attr("name"), item.attr("type"))
				}
			}
			ms = append(ms, m)
		}
		out[c.attr("name")] = ms
	}
	return out
}

// object is a JSON object that keeps the order of its members.
type object []struct {
	k string
	v any
}

func (o object) get(k string) any {
	for _, m := range o {
		if m.k == k {
			return m.v
		}
	}
	return nil
}

// decodeOrdered decodes one JSON value, objects as object, and refuses
// duplicate keys and trailing data.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o object
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			if slices.ContainsFunc(o, func(m struct {
				k string
				v any
			}) bool {
				return m.k == k
			}) {
				return nil, fmt.Errorf("duplicate key %q", k)
			}
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			o = append(o, struct {
				k string
				v any
			}{k, v})
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

// TestXMLExamples validates the XML examples, and broken variants of them,
// with xmllint and goitin.xsd.
func TestXMLExamples(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed: apt-get install libxml2-utils")
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	hoso, biendong := read("examples/hoso.xml"), read("examples/biendong.xml")
	keKhai := func(bienDong string) string {
		return "<KeKhaiTaiSan><LanKeKhai><Nam>2025</Nam><Loai>HANG_NAM</Loai><NgayKeKhai>2025-12-20</NgayKeKhai>" +
			"<TongThuNhap>300000000</TongThuNhap><BienDongTu300Trieu>" + bienDong + "</BienDongTu300Trieu></LanKeKhai></KeKhaiTaiSan>\n      "
	}
	replace := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("%q not in the example", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	const signature = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>`

	tests := []struct {
		name  string
		doc   string
		valid bool
		want  string // in xmllint's message when invalid
	}{
		{"hoso.xml", hoso, true, ""},
		{"biendong.xml", biendong, true, ""},
		{"phanhoi.xml", read("xml/phanhoi.xml"), true, ""},
		{"doikhop.xml", read("xml/doikhop.xml"), true, ""},
		{"GiaTriMoi an object", read("xml/biendong-object.xml"), true, ""},
		{"signed", replace(hoso, "</GoiTin>", signature+"\n</GoiTin>"), true, ""},
		{"no DuLieu", replace(biendong, biendong[strings.Index(biendong, "  <DuLieu>"):strings.Index(biendong, "</GoiTin>")], ""), true, ""},
		{"empty DuLieu", replace(biendong, biendong[strings.Index(biendong, "<DuLieu>"):strings.Index(biendong, "</GoiTin>")], "<DuLieu/>\n"), true, ""},

		{"element out of order", replace(hoso, "<SoDinhDanh>079085001234</SoDinhDanh>\n      <HoVaTen>Nguyễn Văn An</HoVaTen>",
			"<HoVaTen>Nguyễn Văn An</HoVaTen>\n      <SoDinhDanh>079085001234</SoDinhDanh>"), false, "HoVaTen"},
		{"header out of order", replace(hoso, "<LoaiGoiTin>HOSO</LoaiGoiTin>\n    <PhienBan>2.0</PhienBan>",
			"<PhienBan>2.0</PhienBan>\n    <LoaiGoiTin>HOSO</LoaiGoiTin>"), false, "PhienBan"},
		{"unknown element", replace(hoso, "<HoVaTen>Nguyễn Văn An</HoVaTen>", "<HoVaTen>Nguyễn Văn An</HoVaTen><BiDanh>An</BiDanh>"), false, "BiDanh"},
		{"BacLuong abc", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong>abc</BacLuong>"), false, "BacLuong"},
		{"BacLuong 0", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong>0</BacLuong>"), false, "BacLuong"},
		{"BacLuong +6", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong>+6</BacLuong>"), false, "BacLuong"},
		// As in the JSON Schemas, the number of decimals is the model's.
		{"HeSoLuong 3.999", replace(hoso, "<HeSoLuong>3.99</HeSoLuong>", "<HeSoLuong>3.999</HeSoLuong>"), true, ""},
		// Numbers are spelled as in JSON, read by value; no white space.
		{"HeSoLuong 399e-2", replace(hoso, "<HeSoLuong>3.99</HeSoLuong>", "<HeSoLuong>399e-2</HeSoLuong>"), true, ""},
		{"HeSoLuong 0.0e1", replace(hoso, "<HeSoLuong>3.99</HeSoLuong>", "<HeSoLuong>0.0e1</HeSoLuong>"), false, "HeSoLuong"},
		{"HeSoLuong 03.99", replace(hoso, "<HeSoLuong>3.99</HeSoLuong>", "<HeSoLuong>03.99</HeSoLuong>"), false, "HeSoLuong"},
		{"BacLuong 6.0", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong>6.0</BacLuong>"), true, ""},
		{"SoLuongBanGhi 3.0", replace(hoso, "<SoLuongBanGhi>3<", "<SoLuongBanGhi>3.0<"), true, ""},
		{"SoLuongBanGhi 3e0", replace(hoso, "<SoLuongBanGhi>3<", "<SoLuongBanGhi>3e0<"), false, "SoLuongBanGhi"},
		{"PhanTramVuotKhung 100", replace(hoso, "<PhanTramVuotKhung>0<", "<PhanTramVuotKhung>100<"), true, ""},
		{"PhanTramVuotKhung 101", replace(hoso, "<PhanTramVuotKhung>0<", "<PhanTramVuotKhung>101<"), false, "PhanTramVuotKhung"},
		{"Nam 1900", replace(hoso, "<Nam>2021<", "<Nam>1900<"), true, ""},
		{"Nam 1899", replace(hoso, "<Nam>2021<", "<Nam>1899<"), false, "Nam"},
		{"Nam 10000", replace(hoso, "<Nam>2021<", "<Nam>10000<"), true, ""},
		{"BacLuong 6.5", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong>6.5</BacLuong>"), false, "BacLuong"},
		{"BacLuong and spaces", replace(hoso, "<BacLuong>6</BacLuong>", "<BacLuong> 6\n</BacLuong>"), false, "BacLuong"},
		{"NgaySinh and a line feed", replace(hoso, "<NgaySinh>1985-03-12</NgaySinh>", "<NgaySinh>1985-03-12\n</NgaySinh>"), false, "NgaySinh"},
		{"BienDongTu300Trieu false", replace(hoso, "<TrangThai>", keKhai("false")+"<TrangThai>"), true, ""},
		{"BienDongTu300Trieu 0", replace(hoso, "<TrangThai>", keKhai("0")+"<TrangThai>"), false, "BienDongTu300Trieu"},
		{"BienDongTu300Trieu and spaces", replace(hoso, "<TrangThai>", keKhai(" false\n")+"<TrangThai>"), false, "BienDongTu300Trieu"},
		{"missing HoVaTen", replace(hoso, "<HoVaTen>Nguyễn Văn An</HoVaTen>", ""), false, "HoVaTen"},
		{"empty HoVaTen", replace(hoso, "<HoVaTen>Nguyễn Văn An</HoVaTen>", "<HoVaTen></HoVaTen>"), false, "HoVaTen"},
		{"NgaySinh month 13", replace(hoso, "<NgaySinh>1985-03-12</NgaySinh>", "<NgaySinh>1985-13-12</NgaySinh>"), false, "NgaySinh"},
		{"MaGoiTin upper case", replace(hoso, "0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e", "0193F5B2-7C1E-7A3B-9D4E-2F6A8B1C3D5E"), false, "MaGoiTin"},
		{"ThoiGianTao without offset", replace(hoso, "2026-11-26T10:00:00+07:00", "2026-11-26T10:00:00"), false, "ThoiGianTao"},
		{"empty container", replace(hoso, "<KhenThuong>", "<KyLuat></KyLuat>\n      <KhenThuong>"), false, "KyLuat"},
		{"wrong item element", replace(replace(hoso, "<LanKhenThuong>", "<GiaiDoan>"), "</LanKhenThuong>", "</GiaiDoan>"), false, "GiaiDoan"},
		{"attribute", replace(hoso, "<HoSo>", `<HoSo id="1">`), false, "id"},
		{"ThayDoi missing", replace(biendong, biendong[strings.Index(biendong, "<ThayDoi>"):strings.Index(biendong, "</BienDong>")], ""), false, "ThayDoi"},
		{"ThayDoi empty", replace(biendong, biendong[strings.Index(biendong, "<ThayDoi>"):strings.Index(biendong, "</BienDong>")], "<ThayDoi></ThayDoi>\n    "), false, "MucThayDoi"},
		{"signature not last", replace(hoso, "<DuLieu>", signature+"<DuLieu>"), false, "DuLieu"},
		{"no namespace", replace(hoso, ` xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"`, ""), false, "GoiTin"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strconv.Itoa(i)+".xml")
			if err := os.WriteFile(path, []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("xmllint", "--noout", "--schema", XSD, path).CombinedOutput()
			if tt.valid {
				if err != nil {
					t.Errorf("xmllint: %v\n%s", err, out)
				}
				return
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("xmllint accepted the document (err %v)\n%s", err, out)
			}
			if !bytes.Contains(out, []byte("fails to validate")) || !bytes.Contains(out, []byte(tt.want)) {
				t.Errorf("xmllint output does not mention %q:\n%s", tt.want, out)
			}
		})
	}
}

func BenchmarkValidateProfile(b *testing.B) {
	s := compile(b)
	rec := lookup(b, load(b, "examples/hoso.json"), "/DuLieu/0")
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Profile.Validate(rec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCompileFS compiles schemas from a directory, as replacement schemas
// are loaded, and refuses a directory that lacks one of the files.
func TestCompileFS(t *testing.T) {
	s, err := CompileFS(os.DirFS("v1"), 1)
	if err != nil || s.Version != 1 || s.Profile == nil || s.Header == nil {
		t.Fatalf("CompileFS(v1) = %+v, %v", s, err)
	}
	if err := s.Header.Validate(map[string]any{}); err == nil {
		t.Error("an empty header is valid by the compiled schemas")
	}
	if _, err := CompileFS(os.DirFS("testdata"), 2); err == nil {
		t.Error("CompileFS of a directory without the schemas: no error")
	}
}
