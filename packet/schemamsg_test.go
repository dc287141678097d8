package packet

import (
	"encoding/json"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// notVietnamese are what a Vietnamese message must never hold: a regular
// expression, a URN, a schema keyword or the jsonschema package's English.
var notVietnamese = []string{
	"[0-9]{", "{", "^", "urn:", "$defs", "#/",
	"required", "additionalProperties", "minLength", "maxLength", "pattern", "minimum", "maximum",
	"multipleOf", "enum", "const", "minItems", "type", "schema", "got ", "want ", "missing property",
	"not allowed", "does not match", "lược đồ", "từ khóa",
}

func checkPlainVI(t *testing.T, where, vi string) {
	t.Helper()
	if vi == "" {
		t.Errorf("%s: no Vietnamese message", where)
	}
	for _, bad := range notVietnamese {
		if strings.Contains(vi, bad) {
			t.Errorf("%s: Vietnamese message holds %q: %s", where, bad, vi)
		}
	}
}

// schemaFiles returns the embedded JSON Schemas, decoded.
func schemaFiles(t *testing.T) map[string]any {
	t.Helper()
	names, err := fs.Glob(schema.FS, "*.schema.json")
	older, _ := fs.Glob(schema.FS, "v*/*.schema.json")
	names = append(names, older...)
	if err != nil || len(older) == 0 {
		t.Fatalf("no schemas: %v", err)
	}
	out := map[string]any{}
	for _, n := range names {
		b, err := fs.ReadFile(schema.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		out[n] = doc
	}
	return out
}

// walkSchema calls visit with the location (a fragment, /$defs/date) and
// the keywords of every schema object in doc; names of properties and
// definitions are not keywords.
func walkSchema(loc string, node any, visit func(loc, keyword string, value any)) {
	m, ok := node.(map[string]any)
	if !ok {
		if a, ok := node.([]any); ok {
			for _, v := range a {
				walkSchema(loc, v, visit)
			}
		}
		return
	}
	for k, v := range m {
		visit(loc, k, v)
		switch k {
		case "properties", "$defs":
			for name, sub := range v.(map[string]any) {
				walkSchema(loc+"/"+k+"/"+name, sub, visit)
			}
		default:
			walkSchema(loc+"/"+k, v, visit)
		}
	}
}

// notAssertions are the keywords of the schemas that never fail by
// themselves: annotations, identifiers and applicators (a failure under
// them is reported by the keyword that failed).
var notAssertions = []string{"$schema", "$id", "$defs", "$ref", "title", "description", "properties", "items", "if", "then", "allOf"}

// sampleKinds is one failure of every assertion keyword, with the pointer
// it is reported at.
var sampleKinds = map[string]struct {
	ptr  string
	kind jsonschema.ErrorKind
}{
	"required":             {"/DuLieu/0/HoVaTen", &kind.Required{Missing: []string{"HoVaTen"}}},
	"additionalProperties": {"/DuLieu/0/Luong", &kind.AdditionalProperties{Properties: []string{"Luong"}}},
	"type":                 {"/DuLieu/0/Ngach/BacLuong", &kind.Type{Got: "string", Want: []string{"integer"}}},
	"minLength":            {"/DuLieu/0/HoVaTen", &kind.MinLength{Got: 0, Want: 1}},
	"maxLength":            {"/DuLieu/0/HoVaTen", &kind.MaxLength{Got: 120, Want: 100}},
	"pattern":              {"/DuLieu/0/NgaySinh", &kind.Pattern{Got: "12/07/1996", Want: "^[0-9]{4}(-(0[1-9]|1[0-2]))?$"}},
	"minimum":              {"/DuLieu/0/Ngach/BacLuong", &kind.Minimum{Got: big.NewRat(0, 1), Want: big.NewRat(1, 1)}},
	"exclusiveMinimum":     {"/DuLieu/0/Ngach/HeSoLuong", &kind.ExclusiveMinimum{Got: big.NewRat(0, 1), Want: big.NewRat(0, 1)}},
	"maximum":              {"/DuLieu/0/Ngach/PhanTramVuotKhung", &kind.Maximum{Got: big.NewRat(120, 1), Want: big.NewRat(100, 1)}},
	"enum":                 {"/ThongTinGoiTin/TrangThaiGoiTin", &kind.Enum{Got: "XONG", Want: []any{"TIEP_NHAN", "DA_XU_LY", "TU_CHOI"}}},
	"const":                {"/DuLieu/0/TrangThai", &kind.Const{Got: "KHOP", Want: "SAI_KHAC"}},
	"minItems":             {"/DuLieu/0/ThayDoi", &kind.MinItems{Got: 0, Want: 1}},
	"not":                  {"/DuLieu/0/LoaiBienDong", &kind.Not{}},
}

// TestEveryKeywordHasASentence enumerates the keywords the embedded schemas
// use: each one that can fail must have a sentence of its own, plain in
// Vietnamese, and not the catch-all one.
func TestEveryKeywordHasASentence(t *testing.T) {
	used := map[string]bool{}
	for _, doc := range schemaFiles(t) {
		walkSchema("", doc, func(_, k string, _ any) { used[k] = true })
	}
	fallbackVI, _ := schemaMessages("/DuLieu/0/HoVaTen", schema.Violation{Kind: &kind.Format{Want: "email"}})
	for k := range used {
		if slices.Contains(notAssertions, k) {
			continue
		}
		s, ok := sampleKinds[k]
		if !ok {
			t.Errorf("keyword %q is used by the schemas but has no sentence (add it to schemaMessages and sampleKinds)", k)
			continue
		}
		f := schemaFinding(s.ptr, schema.Violation{Keyword: k, SchemaLocation: schema.IDPrefix + "common#/$defs/partialDate/" + k, Kind: s.kind})
		checkPlainVI(t, k, f.MessageVI)
		if f.MessageVI == fallbackVI {
			t.Errorf("keyword %q gets the catch-all sentence", k)
		}
		if !strings.Contains(f.MessageEN, `"`+k+`"`) || !strings.Contains(f.MessageEN, schema.IDPrefix) {
			t.Errorf("keyword %q: the English message %q does not name the keyword and its location", k, f.MessageEN)
		}
		if !strings.HasSuffix(f.MessageVI, ".") {
			t.Errorf("keyword %q: %q is not a sentence", k, f.MessageVI)
		}
		t.Logf("%s:\n  %s\n  %s", k, f.MessageVI, f.MessageEN)
	}
}

// TestEveryPatternIsDescribed: every pattern of the schemas is described
// in words, by the definition or member it belongs to.
func TestEveryPatternIsDescribed(t *testing.T) {
	for file, doc := range schemaFiles(t) {
		walkSchema("", doc, func(loc, k string, _ any) {
			if k != "pattern" || strings.Contains(loc, "/if") || strings.HasSuffix(loc, "/oneLine/not") {
				return
			}
			if _, ok := formatsVI[formatName(loc+"/pattern")]; !ok {
				t.Errorf("%s#%s/pattern: no entry in formatsVI for %q", file, loc, formatName(loc+"/pattern"))
			}
		})
	}
}

// TestEveryWireNameHasALabel: every member of the model and of the
// schemas has a Vietnamese label.
func TestEveryWireNameHasALabel(t *testing.T) {
	names := map[string]bool{"GoiTin": true}
	for _, ti := range wireTypes() {
		for _, f := range ti.fields {
			names[f.name] = true
		}
	}
	for _, doc := range schemaFiles(t) {
		walkSchema("", doc, func(_, k string, v any) {
			if k == "properties" {
				for name := range v.(map[string]any) {
					names[name] = true
				}
			}
		})
	}
	for n := range names {
		if labelVI(n) == "" {
			t.Errorf("wire name %s has no label in labelsVI", n)
		}
	}
	for n, l := range labelsVI {
		if !names[n] && n != "HoSo" && n != "BienDong" && n != "KetQuaDoiKhop" && n != "KetQuaXuLy" {
			t.Errorf("labelsVI has %s, which is not a wire name", n)
		}
		if r, _ := utf8.DecodeRuneInString(l); !unicode.IsLower(r) {
			t.Errorf("label of %s %q does not start in lower case", n, l)
		}
	}
}

// TestSchemaMessages runs the validator on packets that each break one
// keyword and checks the sentence a clerk reads.
func TestSchemaMessages(t *testing.T) {
	v := newTestValidator(t)
	long := strings.Repeat("Nguyễn ", 20)
	for _, tc := range []struct {
		name, base string
		patches    []patch
		ptr        string
		vi         string // the whole Vietnamese message
	}{
		{"required", "hoso.json", []patch{del("/DuLieu/1/HoVaTen")}, "/DuLieu/1/HoVaTen",
			"Thiếu thông tin bắt buộc: họ và tên (HoVaTen). Đề nghị bổ sung."},
		{"required in an item", "hoso.json", []patch{del("/DuLieu/0/QuaTrinhCongTac/0/TuNgay")}, "/DuLieu/0/QuaTrinhCongTac/0/TuNgay",
			"Thiếu thông tin bắt buộc: từ ngày (TuNgay) của quá trình công tác thứ 1. Đề nghị bổ sung."},
		{"required in the header", "hoso.json", []patch{del("/ThongTinGoiTin/MaDonViNhan")}, "/ThongTinGoiTin/MaDonViNhan",
			"Thiếu thông tin bắt buộc: mã định danh đơn vị nhận (MaDonViNhan). Đề nghị bổ sung."},
		{"partial date", "hoso.json", []patch{set("/DuLieu/0/NgaySinh", "12/07/1996")}, "/DuLieu/0/NgaySinh",
			`Ngày sinh (NgaySinh) "12/07/1996" không đúng định dạng: ghi năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng).`},
		{"date", "hoso.json", []patch{set("/DuLieu/0/TuyenDung/NgayTuyenDung", "2012-4-9")}, "/DuLieu/0/TuyenDung/NgayTuyenDung",
			`Ngày tuyển dụng (NgayTuyenDung) của thông tin tuyển dụng là "2012-4-9", không đúng định dạng: ghi năm-tháng-ngày, ví dụ 1996-07-12.`},
		{"date-time", "hoso.json", []patch{set("/ThongTinGoiTin/ThoiGianTao", "2026-11-26 10:00")}, "/ThongTinGoiTin/ThoiGianTao",
			`Thời điểm tạo gói tin (ThoiGianTao) "2026-11-26 10:00" không đúng định dạng: ghi ngày, giờ kèm múi giờ, ví dụ 2026-03-01T08:30:00+07:00.`},
		{"uuid", "hoso.json", []patch{set("/ThongTinGoiTin/MaGoiTin", "ABC")}, "/ThongTinGoiTin/MaGoiTin",
			`Mã gói tin (MaGoiTin) "ABC" không đúng định dạng: ghi mã UUID phiên bản 4 hoặc 7 bằng chữ thường, ví dụ 01a215cb-af80-716b-be82-9fd91e1be9cd.`},
		{"country code", "hoso.json", []patch{set("/DuLieu/0/NoiSinh/QuocGia", "vn")}, "/DuLieu/0/NoiSinh/QuocGia",
			`Quốc gia (QuocGia) của nơi sinh là "vn", không đúng định dạng: ghi mã quốc gia gồm 2 chữ cái in hoa, ví dụ VN.`},
		{"telephone", "hoso.json", []patch{set("/DuLieu/0/SoDienThoai", "0912 345 678")}, "/DuLieu/0/SoDienThoai",
			`Số điện thoại (SoDienThoai) "0912 345 678" không đúng định dạng: ghi từ 6 đến 15 chữ số, có thể có dấu + ở đầu, không có dấu cách, ví dụ +84912345678.`},
		{"e-mail", "hoso.json", []patch{set("/DuLieu/0/Email", "an@")}, "/DuLieu/0/Email",
			`Thư điện tử (Email) "an@" không đúng định dạng: ghi địa chỉ thư điện tử đầy đủ, ví dụ nguyenvana@sonv.hanoi.gov.vn.`},
		{"version", "hoso.json", []patch{set("/ThongTinGoiTin/PhienBan", "1")}, "/ThongTinGoiTin/PhienBan",
			`Phiên bản định dạng (PhienBan) "1" không đúng định dạng: ghi số phiên bản dạng số chính.số phụ, ví dụ 1.0.`},
		{"empty", "hoso.json", []patch{set("/DuLieu/0/ViTriViecLam", "")}, "/DuLieu/0/ViTriViecLam",
			"Vị trí việc làm (ViTriViecLam) đang để trống. Đề nghị ghi giá trị, hoặc bỏ hẳn trường này nếu không có thông tin và trường không bắt buộc."},
		{"too long", "hoso.json", []patch{set("/DuLieu/0/TenGoiKhac", long)}, "/DuLieu/0/TenGoiKhac",
			"Tên gọi khác (TenGoiKhac) dài 140 ký tự, vượt quá 100 ký tự cho phép. Đề nghị rút gọn."},
		{"type", "hoso.json", []patch{set("/DuLieu/0/Ngach/BacLuong", "6")}, "/DuLieu/0/Ngach/BacLuong",
			"Bậc lương (BacLuong) của ngạch hoặc chức danh nghề nghiệp phải là số nguyên, không phải chuỗi ký tự. Đề nghị ghi số, không đặt trong dấu ngoặc kép."},
		{"minimum", "hoso.json", []patch{set("/DuLieu/0/QuaTrinhLuong/1/BacLuong", 0)}, "/DuLieu/0/QuaTrinhLuong/1/BacLuong",
			"Bậc lương (BacLuong) của quá trình lương thứ 2 là 0, không đúng: phải từ 1 trở lên. Đề nghị sửa lại."},
		{"negative", "hoso.json", []patch{set("/DuLieu/0/Ngach/HeSoLuong", raw("-2.5"))}, "/DuLieu/0/Ngach/HeSoLuong",
			"Hệ số lương (HeSoLuong) của ngạch hoặc chức danh nghề nghiệp là -2,5, không được là số âm. Đề nghị sửa lại."},
		{"maximum", "hoso.json", []patch{set("/DuLieu/0/Ngach/PhanTramVuotKhung", 120)}, "/DuLieu/0/Ngach/PhanTramVuotKhung",
			"Phần trăm phụ cấp thâm niên vượt khung (PhanTramVuotKhung) của ngạch hoặc chức danh nghề nghiệp là 120, không đúng: không được lớn hơn 100. Đề nghị sửa lại."},
		{"enum", "phanhoi.json", []patch{set("/ThongTinGoiTin/TrangThaiGoiTin", "XONG")}, "/ThongTinGoiTin/TrangThaiGoiTin",
			`Trạng thái gói tin (TrangThaiGoiTin) "XONG" không thuộc các giá trị được phép. Đề nghị ghi một trong các giá trị: "TIEP_NHAN", "DA_XU_LY", "TU_CHOI".`},
		{"minItems", "biendong.json", []patch{set("/DuLieu/0/ThayDoi", raw("[]"))}, "/DuLieu/0/ThayDoi",
			"Danh sách trường thay đổi (ThayDoi) không có mục nào, phải có ít nhất một mục. Đề nghị bổ sung."},
		{"unknown member", "hoso.json", []patch{set("/DuLieu/0/Luong", 5)}, "/DuLieu/0/Luong",
			`Trường "Luong" không có trong định dạng gói tin. Đề nghị bỏ trường này hoặc sửa lại tên trường cho đúng (phân biệt chữ hoa, chữ thường).`},
		{"member out of place", "hoso.json", []patch{set("/DuLieu/0/NoiSinh/HoVaTen", "An")}, "/DuLieu/0/NoiSinh/HoVaTen",
			"Họ và tên (HoVaTen) không được ghi ở vị trí này của nơi sinh. Đề nghị bỏ trường này hoặc chuyển về đúng vị trí."},
		{"an item of the wrong type", "hoso.json", []patch{set("/DuLieu/0/QuaTrinhLuong/0", "x")}, "/DuLieu/0/QuaTrinhLuong/0",
			"Quá trình lương thứ 1 phải là một nhóm thông tin, không phải chuỗi ký tự. Đề nghị sửa lại."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := applyPatches(t, cleanBase(t, tc.base, false), tc.patches)
			rep := validateString(t, v, string(treeJSON(t, tree, false)))
			var got *Finding
			for i, f := range rep.Findings {
				if f.Rule == RuleSchema && f.Pointer == tc.ptr {
					got = &rep.Findings[i]
				}
			}
			if got == nil {
				t.Fatalf("no %s finding at %s in %v", RuleSchema, tc.ptr, rep.Findings)
			}
			checkPlainVI(t, tc.name, got.MessageVI)
			if got.MessageVI != tc.vi {
				t.Errorf("MessageVI\n got %s\nwant %s", got.MessageVI, tc.vi)
			}
			if !strings.Contains(got.MessageEN, "schema keyword") || strings.Contains(got.MessageEN, "[0-9]{") {
				t.Errorf("MessageEN %q: want the keyword and no regular expression", got.MessageEN)
			}
		})
	}
}

// TestOneFindingPerValue: a value that the schemas and the model both see
// is wrong gets one finding, with the sentence a clerk reads. The number of
// decimals of a coefficient is the model's (R-SCH-002): the schemas leave
// it out, since multipleOf 0.01 means another thing in binary floating
// point; a line feed after a date fails both its pattern and the oneLine
// guard Python's $ needs, and only the pattern is reported.
func TestOneFindingPerValue(t *testing.T) {
	v := newTestValidator(t)
	for _, tc := range []struct {
		name, base string
		patches    []patch
		ptr, rule  string
		vi         string // the whole Vietnamese message
	}{
		{"three decimals", "hoso.json", []patch{set("/DuLieu/0/Ngach/HeSoLuong", raw("4.345"))}, "/DuLieu/0/Ngach/HeSoLuong", RuleValue,
			"Hệ số lương (HeSoLuong) của ngạch hoặc chức danh nghề nghiệp là 4,345, có quá 2 chữ số thập phân. Đề nghị ghi tối đa 2 chữ số sau dấu thập phân, ví dụ 4,34."},
		{"three decimals with an exponent", "hoso.json", []patch{set("/DuLieu/0/QuaTrinhLuong/1/HeSoLuong", raw("4345e-3"))}, "/DuLieu/0/QuaTrinhLuong/1/HeSoLuong", RuleValue,
			"Hệ số lương (HeSoLuong) của quá trình lương thứ 2 là 4,345, có quá 2 chữ số thập phân. Đề nghị ghi tối đa 2 chữ số sau dấu thập phân, ví dụ 4,34."},
		{"a tiny coefficient", "hoso.json", []patch{set("/DuLieu/0/Ngach/HeSoLuong", raw("1e-999999"))}, "/DuLieu/0/Ngach/HeSoLuong", RuleValue,
			"Hệ số lương (HeSoLuong) của ngạch hoặc chức danh nghề nghiệp là 1e-999999, có quá 2 chữ số thập phân. Đề nghị ghi tối đa 2 chữ số sau dấu thập phân, ví dụ 4,34."},
		{"a line feed after a date", "hoso.json", []patch{set("/DuLieu/0/NgaySinh", "1996-07-12\n")}, "/DuLieu/0/NgaySinh", RuleSchema,
			`Ngày sinh (NgaySinh) "1996-07-12\n" không đúng định dạng: ghi năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng).`},
		{"a line feed after a version", "hoso.json", []patch{set("/ThongTinGoiTin/PhienBan", "2.0\n")}, "/ThongTinGoiTin/PhienBan", RuleSchema,
			`Phiên bản định dạng (PhienBan) "2.0\n" không đúng định dạng: ghi số phiên bản dạng số chính.số phụ, ví dụ 1.0.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := applyPatches(t, cleanBase(t, tc.base, false), tc.patches)
			rep := validateString(t, v, string(treeJSON(t, tree, false)))
			var got []Finding
			for _, f := range rep.Findings {
				if f.Pointer == tc.ptr {
					got = append(got, f)
				}
			}
			if len(got) != 1 || got[0].Rule != tc.rule {
				t.Fatalf("findings at %s = %v, want one %s", tc.ptr, got, tc.rule)
			}
			checkPlainVI(t, tc.name, got[0].MessageVI)
			if got[0].MessageVI != tc.vi {
				t.Errorf("MessageVI\n got %s\nwant %s", got[0].MessageVI, tc.vi)
			}
		})
	}
}

// TestConformanceMessagesArePlain validates every packet of the
// conformance kit's validate vectors: no Vietnamese message of any finding
// holds a regular expression, a URN or an English keyword.
func TestConformanceMessagesArePlain(t *testing.T) {
	v := newTestValidator(t)
	files, err := filepath.Glob(filepath.Join("..", "conformance", "validate", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rep := validateString(t, v, string(b))
			for _, fd := range rep.Findings {
				checkPlainVI(t, fd.Rule+" "+fd.Pointer, fd.MessageVI)
			}
		})
	}
}
