package calendar

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedLoads(t *testing.T) {
	c, err := Load(bytes.NewReader(embedded))
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range c.OfficialYears() {
		yr, _ := c.Year(y)
		if !yr.Official || len(yr.Sources) < 2 {
			t.Errorf("%d: an embedded year names the law and the notice it is from", y)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	year := func(days string) string {
		return `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 2027, "canCu": ["x"], "ngay": [` + days + `]}]}`
	}
	tests := []struct {
		name, in, field, en, vi string
	}{
		{"not JSON", `{`, "", "not a JSON object", "không phải một đối tượng JSON"},
		{"wrong name", `{"ten": "TonGiao", "phienBan": "x", "nam": []}`, "ten", `want "LichLamViec"`, "phải có tên"},
		{"no version", `{"ten": "LichLamViec", "nam": []}`, "phienBan", "missing", "phiên bản (phienBan)"},
		{"unknown member", `{"ten": "LichLamViec", "phienBan": "x", "x": 1}`, "x", "unknown member", "không được định nghĩa"},
		{"year twice", `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 2027, "canCu": ["x"]}, {"nam": 2027, "canCu": ["x"]}]}`, "nam[1].nam", "twice", "hai lần"},
		{"year out of range", `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 1800, "canCu": ["x"]}]}`, "nam[0].nam", "outside", "nằm ngoài"},
		{"no source", `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 2027}]}`, "nam[0].canCu", "no source", "Thiếu căn cứ (canCu)"},
		{"wrong type", `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": "2027"}]}`, "nam[0].nam", "wrong JSON type", "sai kiểu dữ liệu"},
		{"bad date", year(`{"ngay": "01/01/2027", "loai": "TET_DUONG_LICH"}`), "nam[0].ngay[0].ngay", "not a date", "ghi năm-tháng-ngày"},
		{"date of another year", year(`{"ngay": "2028-01-01", "loai": "TET_DUONG_LICH"}`), "nam[0].ngay[0].ngay", "not in year 2027", "không thuộc năm 2027"},
		{"date twice", year(`{"ngay": "2027-01-01", "loai": "TET_DUONG_LICH"}, {"ngay": "2027-01-01", "loai": "NGHI_BU"}`), "nam[0].ngay[1].ngay", "twice", "01/01/2027"},
		{"unknown kind", year(`{"ngay": "2027-01-01", "loai": "NGHI"}`), "nam[0].ngay[0].loai", "not a kind of day", `Loại ngày (loai) "NGHI"`},
		{"holiday off its date", year(`{"ngay": "2027-05-02", "loai": "QUOC_TE_LAO_DONG"}`), "nam[0].ngay[0].ngay", "1 May", "ngày 01/5"},
		{"Tết far from lunar New Year", year(`{"ngay": "2027-03-01", "loai": "TET_AM_LICH"}`), "nam[0].ngay[0].ngay", "lunar New Year", "06/02/2027"},
		{"Hùng Kings off its date", year(`{"ngay": "2027-04-20", "loai": "GIO_TO_HUNG_VUONG"}`), "nam[0].ngay[0].ngay", "2027-04-16", "16/04/2027"},
		{"compensatory on a weekend", year(`{"ngay": "2027-01-02", "loai": "NGHI_BU"}`), "nam[0].ngay[0].ngay", "Monday to Friday", "thứ Bảy"},
		{"worked on a weekday", year(`{"ngay": "2027-01-04", "loai": "LAM_BU", "hoanDoiVoi": "2027-01-09"}`), "nam[0].ngay[0].ngay", "Saturday or Sunday", "thứ Hai"},
		{"swap without its other day", year(`{"ngay": "2027-01-04", "loai": "NGHI_HOAN_DOI"}`), "nam[0].ngay[0].hoanDoiVoi", "lacks", "Thiếu thông tin bắt buộc"},
		{"swap not listed back", year(`{"ngay": "2027-01-04", "loai": "NGHI_HOAN_DOI", "hoanDoiVoi": "2027-01-09"}`), "nam[0].ngay[0].hoanDoiVoi", "must be listed as LAM_BU", "09/01/2027"},
		{"swap date on a holiday", year(`{"ngay": "2027-01-01", "loai": "TET_DUONG_LICH", "hoanDoiVoi": "2027-01-09"}`), "nam[0].ngay[0].hoanDoiVoi", "not a swapped day", "không phải ngày hoán đổi"},
		{"other holiday without a name", year(`{"ngay": "2027-11-24", "loai": "LE_KHAC"}`), "nam[0].ngay[0].ghiChu", "lacks its name", "tên ngày lễ (ghiChu)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.in))
			e, ok := errors.AsType[*Error](err)
			if !ok || !errors.Is(err, ErrMalformed) {
				t.Fatalf("err = %v, want an *Error wrapping ErrMalformed", err)
			}
			if e.Field != tt.field || !strings.Contains(e.MessageEN, tt.en) || !strings.Contains(e.MessageVI, tt.vi) {
				t.Errorf("Field %q, EN %q, VI %q; want %q, %q, %q", e.Field, e.MessageEN, e.MessageVI, tt.field, tt.en, tt.vi)
			}
			if !strings.HasPrefix(e.Error(), "calendar: ") || !strings.HasSuffix(e.MessageVI, ".") {
				t.Errorf("Error() %q, VI %q", e.Error(), e.MessageVI)
			}
		})
	}
}

func TestLoadLimits(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxSize+1)
	if _, err := Load(bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	// A holiday later law adds, named, loads.
	in := `{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 2027, "canCu": ["x"], "ngay": [{"ngay": "2027-11-24", "loai": "LE_KHAC", "ghiChu": "Ngày Văn hóa Việt Nam"}]}]}`
	c, err := Load(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkingDay(day("2027-11-24")) {
		t.Error("24/11/2027 is a holiday in the loaded file")
	}
}

func TestLoadFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lich.json")
	if err := os.WriteFile(p, []byte(`{"ten": "LichLamViec"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(p)
	e, ok := errors.AsType[*Error](err)
	if !ok || e.File != p || !strings.Contains(err.Error(), p+": phienBan") {
		t.Errorf("err = %v", err)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want not-exist", err)
	}
}

// FuzzLoad checks that Load never panics and fails only with its own
// errors.
func FuzzLoad(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte(`{"ten": "LichLamViec", "phienBan": "x", "nam": [{"nam": 2027, "canCu": ["x"], "ngay": [{"ngay": "2027-01-04", "loai": "NGHI_HOAN_DOI", "hoanDoiVoi": "2028-01-08"}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Load(bytes.NewReader(b))
		if err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("error not an *Error: %v", err)
			}
			return
		}
		for _, y := range c.OfficialYears() {
			c.IsWorkingDay(day("2027-01-01").AddDate(y-2027, 0, 0))
		}
	})
}
