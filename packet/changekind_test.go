package packet

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/google/go-cmp/cmp"
)

// The table of kinds and code list LoaiBienDong have the same codes; every
// member the table names is a member of HoSo in the version of the kind;
// the schema requires QuyetDinh exactly for the kinds with a decision.
func TestChangeKindTable(t *testing.T) {
	list, ok := codelist.Default().List(codelist.ListChangeKind)
	if !ok {
		t.Fatal("no code list LoaiBienDong")
	}
	var codes, noDecision []string
	for _, k := range ChangeKinds() {
		codes = append(codes, k.Code)
		if _, ok := list.Lookup(k.Code); !ok {
			t.Errorf("%s is not in code list LoaiBienDong", k.Code)
		}
		if !k.Decision {
			noDecision = append(noDecision, k.Code)
		}
		if k.AnyMember != (k.Code == changeUpdate) || k.AnyMember && len(k.Subject)+len(k.Along) > 0 || !k.AnyMember && len(k.Subject) == 0 {
			t.Errorf("%s: AnyMember %v with Subject %v, Along %v", k.Code, k.AnyMember, k.Subject, k.Along)
		}
		for _, m := range slices.Concat(k.Subject, k.Along) {
			if !VersionHas(k.Since, "HoSo", m) && !VersionHas("2.0", "HoSo", m) {
				t.Errorf("%s: %s is not a member of HoSo", k.Code, m)
			}
			if k.Since == "2.0" && !VersionHas("2.0", "HoSo", m) {
				t.Errorf("%s: %s is not a member of HoSo 2.0", k.Code, m)
			}
		}
	}
	for e := range list.All() {
		if !slices.Contains(codes, e.Code) {
			t.Errorf("code list LoaiBienDong has %s, the table has not", e.Code)
		}
	}
	b, err := schema.FS.ReadFile("biendong.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		If struct {
			Properties struct {
				LoaiBienDong struct {
					Not struct {
						Enum []string `json:"enum"`
					} `json:"not"`
				}
			} `json:"properties"`
		} `json:"if"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(noDecision, s.If.Properties.LoaiBienDong.Not.Enum); diff != "" {
		t.Errorf("kinds without a decision (-table +schema):\n%s", diff)
	}
}

func TestChangeKindsOf(t *testing.T) {
	codes := func(ks []ChangeKind) []string {
		var out []string
		for _, k := range ks {
			out = append(out, k.Code)
		}
		return out
	}
	for ptr, want := range map[string][]string{
		"/DanhGiaXepLoai/4":     {"DANH_GIA_XEP_LOAI"},
		"/DanhGiaXepLoai":       {"DANH_GIA_XEP_LOAI"},
		"/BoNhiem":              {"BO_NHIEM", "BAU_CU"},
		"/DieuChuyen/0/DenNgay": {"DIEU_DONG", "LUAN_CHUYEN", "BIET_PHAI", "KET_THUC_BIET_PHAI"},
		"/SucKhoe/ChieuCao":     {"SUC_KHOE"},
		"/KeKhaiTaiSan/1":       {"KE_KHAI_TAI_SAN"},
		"/SoDienThoai":          nil,
		"SucKhoe":               nil,
	} {
		if diff := cmp.Diff(want, codes(ChangeKindsOf(ptr))); diff != "" {
			t.Errorf("ChangeKindsOf(%q) (-want +got):\n%s", ptr, diff)
		}
	}
	k, ok := LookupChangeKind("PHU_CAP")
	if !ok || !k.Changes("/PhuCap/3/DenNgay") || k.Changes("/Ngach") || k.Since != "2.0" || !k.Decision {
		t.Errorf("LookupChangeKind(PHU_CAP) = %+v, %v", k, ok)
	}
	k.Subject[0] = "/Ngach" // the caller's copy
	if k2, _ := LookupChangeKind("PHU_CAP"); k2.Subject[0] != "/PhuCap" {
		t.Errorf("LookupChangeKind shares the table: %v", k2.Subject)
	}
	if u, _ := LookupChangeKind("CAP_NHAT"); !u.Changes("/SoDienThoai") || u.Decision {
		t.Errorf("CAP_NHAT = %+v", u)
	}
	if _, ok := LookupChangeKind("THANG_CHUC"); ok {
		t.Error("LookupChangeKind found an unknown kind")
	}
}

// kindChange is a change event of kind with one item.
func kindChange(kind, effective, field, newValue string) Change {
	ch := semChange()
	ch.Kind, ch.Effective = kind, semDate(effective)
	ch.Decision.Date = semDate("2026-11-24")
	ch.Fields = []FieldChange{{Field: field, NewValue: json.RawMessage(newValue)}}
	return ch
}

func TestSemanticChangeKind(t *testing.T) {
	const c0 = "/DuLieu/0/"
	const eff = "2026-11-25"
	dec := `"QuyetDinh":{"So":"789/QĐ-SNV","Ngay":"2026-11-24","CoQuan":"Sở Nội vụ TP. Hồ Chí Minh"}`
	cases := []struct {
		name string
		ch   Change
		mut  func(ch *Change)
		want []Finding
	}{
		{"a grade", kindChange("DANH_GIA_XEP_LOAI", eff, "/DanhGiaXepLoai/3", `{"Nam":2026,"Muc":"HTTNV"}`), nil, nil},
		{"a grade of a year to come", kindChange("DANH_GIA_XEP_LOAI", eff, "/DanhGiaXepLoai/3", `{"Nam":2027,"Muc":"HTTNV"}`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/Nam")}},
		{"a grade as a whole array", kindChange("DANH_GIA_XEP_LOAI", eff, "/DanhGiaXepLoai", `[{"Nam":2025,"Muc":"HTTNV"},{"Nam":2027,"Muc":"HTNV"}]`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/1/Nam")}},
		{"a grade that changes the salary too", kindChange("DANH_GIA_XEP_LOAI", eff, "/DanhGiaXepLoai/3", `{"Nam":2026,"Muc":"HTTNV"}`),
			func(ch *Change) {
				ch.Fields = append(ch.Fields, FieldChange{Field: "/Ngach/BacLuong", OldValue: []byte("6"), NewValue: []byte("7")})
			}, []Finding{semErr(RuleChangeKindMember, c0+"ThayDoi/1/TruongDuLieu")}},
		{"a grade that grades nothing", kindChange("DANH_GIA_XEP_LOAI", eff, "/SoDienThoai", `"0909000000"`), nil,
			[]Finding{semErr(RuleChangeKindMember, c0+"ThayDoi/0/TruongDuLieu"), semErr(RuleChangeKindMember, c0+"LoaiBienDong")}},
		{"a refused item is R-BD-002's alone", kindChange("DANH_GIA_XEP_LOAI", eff, "/DanhGiaXepLoai/3", `{"Nam":"2026","Muc":"HTTNV"}`), nil,
			[]Finding{semErr(RuleChangeValue, c0+"ThayDoi/0/GiaTriMoi")}},
		{"a 1.0 kind is not held to the table", semChange(), func(ch *Change) {
			ch.Fields = append(ch.Fields, FieldChange{Field: "/SoDienThoai", NewValue: []byte(`"0909000000"`)})
		}, nil},
		{"an allowance", kindChange("PHU_CAP", eff, "/PhuCap/2", `{"Loai":"TRACH_NHIEM","HeSo":0.2,"TuNgay":"2026-11-25"}`), nil, nil},
		{"an allowance from another day", kindChange("PHU_CAP", eff, "/PhuCap/2", `{"Loai":"TRACH_NHIEM","HeSo":0.2,"TuNgay":"2026-11-01"}`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/TuNgay")}},
		{"an allowance ended the day before", kindChange("PHU_CAP", eff, "/PhuCap/1/DenNgay", `"2026-11-24"`), func(ch *Change) {
			ch.Fields = append(ch.Fields, FieldChange{Field: "/PhuCap/2", NewValue: []byte(`{"Loai":"TRACH_NHIEM","HeSo":0.3,"TuNgay":"2026-11-25"}`)})
		}, nil},
		{"an allowance ended a month before", kindChange("PHU_CAP", eff, "/PhuCap/1/DenNgay", `"2026-10-24"`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi")}},
		{"a secondment", kindChange("BIET_PHAI", eff, "/DieuChuyen/0", `{"Loai":"BIET_PHAI","TuNgay":"2026-11-25","DonViDen":"UBND xã Cần Giờ",`+dec+`}`), func(ch *Change) {
			ch.Fields = append(ch.Fields, FieldChange{Field: "/QuaTrinhCongTac/2", NewValue: []byte(`{"TuNgay":"2026-11-25","DonVi":"UBND xã Cần Giờ"}`)})
		}, nil},
		{"a secondment of another decision, as a rotation", kindChange("BIET_PHAI", eff, "/DieuChuyen/0",
			`{"Loai":"LUAN_CHUYEN","TuNgay":"2026-11-25","DonViDen":"UBND xã Cần Giờ","QuyetDinh":{"So":"1/QĐ-UBND","Ngay":"2026-11-24","CoQuan":"UBND"}}`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/Loai"), semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/QuyetDinh/So")}},
		{"the end of a secondment", kindChange("KET_THUC_BIET_PHAI", eff, "/DieuChuyen/1/DenNgay", `"2026-11-25"`), nil, nil},
		{"the end of a secondment a year before", kindChange("KET_THUC_BIET_PHAI", eff, "/DieuChuyen/1/DenNgay", `"2025-11-25"`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi")}},
		{"an election from another day", kindChange("BAU_CU", eff, "/BoNhiem/0", `{"ChucVu":"Chủ tịch UBND xã","HinhThuc":"BAU_CU","TuNgay":"2026-11-20",`+dec+`}`), nil,
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/TuNgay")}},
		{"planning", kindChange("QUY_HOACH", eff, "/QuyHoach/0", `{"ChucDanh":"Phó Giám đốc Sở","GiaiDoan":"2026-2031","CapQuyHoach":"CAP_VU_SO",`+dec+`}`), nil, nil},
		{"a declaration without a decision", kindChange("KE_KHAI_TAI_SAN", eff, "/KeKhaiTaiSan/0",
			`{"Nam":2026,"Loai":"HANG_NAM","NgayKeKhai":"2026-11-25","TongThuNhap":250000000,"BienDongTu300Trieu":false}`), func(ch *Change) { ch.Decision = nil }, nil},
		{"a declaration of another day", kindChange("KE_KHAI_TAI_SAN", eff, "/KeKhaiTaiSan/0",
			`{"Nam":2026,"Loai":"HANG_NAM","NgayKeKhai":"2026-11-20","TongThuNhap":250000000,"BienDongTu300Trieu":false}`), func(ch *Change) { ch.Decision = nil },
			[]Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/NgayKeKhai")}},
		{"an examination", kindChange("SUC_KHOE", eff, "/SucKhoe", `{"TinhTrang":"TOT","ChieuCao":165,"CanNang":60,"NhomMau":"O+","NgayKham":"2026-11-25"}`),
			func(ch *Change) { ch.Decision = nil }, nil},
		{"an examination of another day", kindChange("SUC_KHOE", eff, "/SucKhoe", `{"TinhTrang":"TOT","ChieuCao":165,"CanNang":60,"NhomMau":"O+","NgayKham":"2026-10-25"}`),
			func(ch *Change) { ch.Decision = nil }, []Finding{semErr(RuleChangeKindItem, c0+"ThayDoi/0/GiaTriMoi/NgayKham")}},
		{"one value of an examination", kindChange("SUC_KHOE", eff, "/SucKhoe/CanNang", `61`), func(ch *Change) { ch.Decision = nil }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch := tc.ch
			if tc.mut != nil {
				tc.mut(&ch)
			}
			s := &semFindings{t: t}
			c := semChecker(semNow)
			h := semHeader(1)
			h.Kind = KindChanges
			c.header(&h, s.emit)
			c.record(0, &ch, s.emit)
			c.finish(1, s.emit)
			semDiff(t, tc.want, s.fs)
		})
	}
}

// Apply holds a secondment's start and end to the profile (R-BD-005).
func TestApplySecondment(t *testing.T) {
	p := semBase()
	p.Transfers = []Transfer{
		{Kind: "DIEU_DONG", From: semDate("2020-01-01"), Unit: "Sở Tài chính", Decision: Decision{Number: "1/QĐ", Date: semDate("2019-12-20"), Issuer: "UBND"}},
		{Kind: "BIET_PHAI", From: semDate("2025-01-01"), Unit: "UBND xã Cần Giờ", Decision: Decision{Number: "2/QĐ", Date: semDate("2024-12-20"), Issuer: "UBND"}},
	}
	start := `{"Loai":"BIET_PHAI","TuNgay":"2026-11-25","DonViDen":"UBND xã Bình Chánh","QuyetDinh":{"So":"789/QĐ-SNV","Ngay":"2026-11-24","CoQuan":"Sở Nội vụ"}}`
	cases := []struct {
		name string
		ch   Change
		want []Finding
	}{
		{"end the open secondment", kindChange("KET_THUC_BIET_PHAI", "2026-11-25", "/DieuChuyen/1/DenNgay", `"2026-11-24"`), nil},
		{"end a transfer", kindChange("KET_THUC_BIET_PHAI", "2026-11-25", "/DieuChuyen/0/DenNgay", `"2026-11-24"`),
			[]Finding{semErr(RuleChangeKindMember, "/ThayDoi/0/TruongDuLieu")}},
		{"end a transfer the profile does not have", kindChange("KET_THUC_BIET_PHAI", "2026-11-25", "/DieuChuyen/2/DenNgay", `"2026-11-24"`),
			[]Finding{semErr(RuleChangeKindMember, "/ThayDoi/0/TruongDuLieu")}},
		{"a second open secondment", kindChange("BIET_PHAI", "2026-11-25", "/DieuChuyen/2", start),
			[]Finding{semErr(RuleChangeKindMember, "/LoaiBienDong")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, fs := Apply(p, tc.ch)
			semDiff(t, tc.want, fs)
			if len(fs) > 0 && !reflect.DeepEqual(out, p) {
				t.Error("Apply changed the profile despite findings")
			}
		})
	}
	// Once the first is ended, a new one may start.
	ended, fs := Apply(p, kindChange("KET_THUC_BIET_PHAI", "2026-11-25", "/DieuChuyen/1/DenNgay", `"2026-11-24"`))
	semDiff(t, nil, fs)
	next, fs := Apply(ended, kindChange("BIET_PHAI", "2026-11-25", "/DieuChuyen/2", start))
	semDiff(t, nil, fs)
	if len(next.Transfers) != 3 || next.Transfers[2].Unit != "UBND xã Bình Chánh" {
		t.Errorf("transfers after the change: %+v", next.Transfers)
	}
}
