package codelist_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// communeKinds are the three kinds of commune-level unit, as the names begin.
var communeKinds = [...]string{"Xã ", "Phường ", "Đặc khu "}

// communeKind returns the index in communeKinds of the kind name begins with,
// or -1.
func communeKind(name string) int {
	return slices.IndexFunc(communeKinds[:], func(k string) bool { return strings.HasPrefix(name, k) })
}

// TestCommuneEntries checks each entry of Xa on its own: a five-digit code,
// a clean name of one of the three kinds, a province of Tinh, confirmed,
// valid from 1 July 2025 with no end.
func TestCommuneEntries(t *testing.T) {
	xa := mustList(t, codelist.ListCommune)
	tinh := mustList(t, codelist.ListProvince)
	cutover := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	codes := map[string]bool{}
	for e := range xa.All() {
		if !codelist.ValidCommuneCode(e.Code) || codes[e.Code] {
			t.Errorf("code %q: not five digits, or repeated", e.Code)
		}
		codes[e.Code] = true
		if e.Name == "" || !norm.NFC.IsNormalString(e.Name) || strings.Join(strings.Fields(e.Name), " ") != e.Name {
			t.Errorf("%s: name %q is empty, not NFC or not single-spaced", e.Code, e.Name)
		}
		if k := communeKind(e.Name); k < 0 || len(e.Name) == len(communeKinds[k]) {
			t.Errorf("%s: name %q is not Xã, Phường or Đặc khu followed by a name", e.Code, e.Name)
		}
		if _, ok := tinh.Lookup(e.Group); !ok {
			t.Errorf("%s %s: province %q not in Tinh", e.Code, e.Name, e.Group)
		}
		if !e.Confirmed || !e.ValidFrom.Equal(cutover) || !e.ValidUntil.IsZero() || e.AliasOf != "" || e.Successor != "" {
			t.Errorf("%s: confirmed %v, valid %v–%v, alias %q, successor %q", e.Code, e.Confirmed, e.ValidFrom, e.ValidUntil, e.AliasOf, e.Successor)
		}
	}
	if len(codes) != 3321 {
		t.Errorf("%d communes, want 3321", len(codes))
	}
}

// TestCommunesByProvince checks, for each of the 34 provinces, the number
// of xã, phường and đặc khu against the resolutions of the Standing
// Committee of the National Assembly that made them (1654/NQ-UBTVQH15 to
// 1687/NQ-UBTVQH15 of 16 June 2025, each ending "Sau khi sắp xếp, … có N
// đơn vị hành chính cấp xã, gồm …"), and that the file keeps the
// appendix's order: each province's communes in one run, provinces in the
// order of their codes.
func TestCommunesByProvince(t *testing.T) {
	tests := []struct {
		province, name     string
		resolution         int
		xa, phuong, dacKhu int
	}{
		{"01", "Hà Nội", 1656, 75, 51, 0},
		{"04", "Cao Bằng", 1657, 53, 3, 0},
		{"08", "Tuyên Quang", 1684, 117, 7, 0},
		{"11", "Điện Biên", 1661, 42, 3, 0},
		{"12", "Lai Châu", 1670, 36, 2, 0},
		{"14", "Sơn La", 1681, 67, 8, 0},
		{"15", "Lào Cai", 1673, 89, 10, 0},
		{"19", "Thái Nguyên", 1683, 77, 15, 0},
		{"20", "Lạng Sơn", 1672, 61, 4, 0},
		{"22", "Quảng Ninh", 1679, 22, 30, 2},
		{"24", "Bắc Ninh", 1658, 66, 33, 0},
		{"25", "Phú Thọ", 1676, 133, 15, 0},
		{"31", "Hải Phòng", 1669, 67, 45, 2},
		{"33", "Hưng Yên", 1666, 93, 11, 0},
		{"37", "Ninh Bình", 1674, 97, 32, 0},
		{"38", "Thanh Hóa", 1686, 147, 19, 0},
		{"40", "Nghệ An", 1678, 119, 11, 0},
		{"42", "Hà Tĩnh", 1665, 60, 9, 0},
		{"44", "Quảng Trị", 1680, 69, 8, 1},
		{"46", "Huế", 1675, 19, 21, 0},
		{"48", "Đà Nẵng", 1659, 70, 23, 1},
		{"51", "Quảng Ngãi", 1677, 86, 9, 1},
		{"52", "Gia Lai", 1664, 110, 25, 0},
		{"56", "Khánh Hòa", 1667, 48, 16, 1},
		{"66", "Đắk Lắk", 1660, 88, 14, 0},
		{"68", "Lâm Đồng", 1671, 103, 20, 1},
		{"75", "Đồng Nai", 1662, 72, 23, 0},
		{"79", "TP. Hồ Chí Minh", 1685, 54, 113, 1},
		{"80", "Tây Ninh", 1682, 82, 14, 0},
		{"82", "Đồng Tháp", 1663, 82, 20, 0},
		{"86", "Vĩnh Long", 1687, 105, 19, 0},
		{"91", "An Giang", 1654, 85, 14, 3},
		{"92", "Cần Thơ", 1668, 72, 31, 0},
		{"96", "Cà Mau", 1655, 55, 9, 0},
	}
	xa := mustList(t, codelist.ListCommune)
	tinh := mustList(t, codelist.ListProvince)
	counts := map[string][3]int{}
	var order []string // provinces in the order their runs begin
	for e := range xa.All() {
		if len(order) == 0 || order[len(order)-1] != e.Group {
			order = append(order, e.Group)
		}
		if k := communeKind(e.Name); k >= 0 {
			c := counts[e.Group]
			c[k]++
			counts[e.Group] = c
		}
	}
	if len(order) != len(tests) || !slices.IsSorted(order) {
		t.Errorf("provinces in %d runs, want %d in the order of their codes: %v", len(order), len(tests), order)
	}
	var total [3]int
	for _, tt := range tests {
		t.Run(tt.province, func(t *testing.T) {
			if p := mustLookup(t, tinh, tt.province); p.Name != tt.name {
				t.Errorf("Tinh %s is %q, want %q", tt.province, p.Name, tt.name)
			}
			got, want := counts[tt.province], [3]int{tt.xa, tt.phuong, tt.dacKhu}
			if got != want {
				t.Errorf("%s: xã, phường, đặc khu = %v, want %v (Resolution %d/NQ-UBTVQH15)", tt.name, got, want, tt.resolution)
			}
		})
		total[0], total[1], total[2] = total[0]+tt.xa, total[1]+tt.phuong, total[2]+tt.dacKhu
	}
	if total != [3]int{2621, 687, 13} {
		t.Errorf("the table sums to %v xã, phường, đặc khu, want 2621, 687, 13", total)
	}
	if tinh.Len() != len(tests) {
		t.Errorf("Tinh has %d provinces, the table %d", tinh.Len(), len(tests))
	}
}

// TestCommuneLookup spot-checks entries as the appendix writes them, among
// them every special zone (đặc khu).
func TestCommuneLookup(t *testing.T) {
	xa := mustList(t, codelist.ListCommune)
	for _, tt := range []struct{ code, name, province string }{
		{"00070", "Phường Hoàn Kiếm", "01"},               // Stt 1
		{"00226", "Phường Văn Miếu - Quốc Tử Giám", "01"}, // broken over two lines in the appendix
		{"04630", "Xã Tú Lệ", "15"},                       // broken over three lines
		{"24823", "Phường 1 Bảo Lộc", "68"},               // a number in the name
		{"26740", "Phường Sài Gòn", "79"},                 //
		{"31894", "Xã Châu Thới", "96"},                   // Stt 3321
		{"06994", "Đặc khu Vân Đồn", "22"},                //
		{"07192", "Đặc khu Cô Tô", "22"},                  //
		{"11914", "Đặc khu Cát Hải", "31"},                //
		{"11948", "Đặc khu Bạch Long Vĩ", "31"},           //
		{"19742", "Đặc khu Cồn Cỏ", "44"},                 //
		{"20333", "Đặc khu Hoàng Sa", "48"},               //
		{"21548", "Đặc khu Lý Sơn", "51"},                 //
		{"22736", "Đặc khu Trường Sa", "56"},              //
		{"23272", "Đặc khu Phú Quý", "68"},                //
		{"26732", "Đặc khu Côn Đảo", "79"},                //
		{"31078", "Đặc khu Phú Quốc", "91"},               //
		{"31105", "Đặc khu Thổ Châu", "91"},               //
		{"31108", "Đặc khu Kiên Hải", "91"},               //
	} {
		if e := mustLookup(t, xa, tt.code); e.Name != tt.name || e.Group != tt.province {
			t.Errorf("%s = %q in %s, want %q in %s", tt.code, e.Name, e.Group, tt.name, tt.province)
		}
	}
	// Codes of communes merged away in 2025 are not in the list.
	for _, code := range []string{"00073", "26734", "00001"} {
		if _, ok := xa.Lookup(code); ok {
			t.Errorf("%s is in Xa", code)
		}
	}
}
