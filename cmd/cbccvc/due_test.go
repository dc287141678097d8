package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dueFixture writes the spec's BIENDONG example with its decision on date.
func dueFixture(t *testing.T, date string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "packet", "testdata", "spec", "biendong.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `"Ngay": "2026-11-24"`, `"Ngay": "`+date+`"`, 1)
	if s == string(b) {
		t.Fatal("the spec example's decision date moved")
	}
	p := filepath.Join(t.TempDir(), "biendong.json")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDue(t *testing.T) {
	// Decided on Friday 13/02/2026, the last working day before Tết: due on
	// Wednesday 25/02/2026, the third working day after the holiday.
	tet := dueFixture(t, "2026-02-13")
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"late", []string{"due", "-now", "2026-02-26", tet}, exitInvalid,
			"2026-02-25  LATE       /DuLieu/0   a3b1c2d4-e5f6-4a7b-9c8d-0e1f2a3b4c5d  079085001234  NANG_LUONG  arose 2026-02-13 (QuyetDinh/Ngay)\n" +
				"1 change events on 2026-02-26: 1 late, 0 due today, 0 due on the next working day (2026-02-27), 0 on time\n"},
		{"last day", []string{"due", "-now", "2026-02-25", tet}, exitOK, "DUE-TODAY"},
		{"due on the next working day, across a weekend", []string{"due", tet, "-now", "2026-02-24"}, exitOK, "DUE-NEXT"},
		{"in Tết", []string{"due", "-now", "2026-02-18", tet}, exitOK, "ON-TIME"},
		{"a computed year", []string{"due", "-now", "2030-01-30", dueFixture(t, "2030-01-30")}, exitOK,
			"2030-02-11  ON-TIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) {
				t.Errorf("exit %d, want %d\n%s%s\nwant %q", code, tt.code, out, errOut, tt.out)
			}
		})
	}
	if _, out, _ := runCLI(t, "due", "-now", "2030-01-30", dueFixture(t, "2030-01-30")); !strings.Contains(out, "computed") {
		t.Errorf("a deadline in a computed year is not marked: %s", out)
	}
}

func TestDueJSON(t *testing.T) {
	code, out, _ := runCLI(t, "due", "-json", "-now", "2026-02-26", dueFixture(t, "2026-02-13"))
	var l dueLine
	if err := json.Unmarshal([]byte(out), &l); err != nil || code != exitInvalid {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if l.Due != "2026-02-25" || l.State != dueLate || l.Arose != "2026-02-13" || l.AroseFrom != "QuyetDinh/Ngay" || l.Computed {
		t.Errorf("%+v", l)
	}
}

// -calendar loads an official year: with 24/11/2026 a holiday, a change
// decided on Friday 20/11/2026 is due on 26/11/2026 instead of 25/11/2026.
func TestDueCalendar(t *testing.T) {
	cal := filepath.Join(t.TempDir(), "LichLamViec.json")
	if err := os.WriteFile(cal, []byte(`{"ten": "LichLamViec", "phienBan": "test", "nam": [{"nam": 2026, "canCu": ["test"],
		"ngay": [{"ngay": "2026-11-24", "loai": "LE_KHAC", "ghiChu": "Ngày Văn hóa Việt Nam"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p := dueFixture(t, "2026-11-20")
	if _, out, _ := runCLI(t, "due", "-now", "2026-11-20", p); !strings.HasPrefix(out, "2026-11-25 ") {
		t.Errorf("default calendar: %s", out)
	}
	if _, out, _ := runCLI(t, "due", "-now", "2026-11-20", "-calendar", cal, p); !strings.HasPrefix(out, "2026-11-26 ") {
		t.Errorf("with the file: %s", out)
	}
}

func TestDueErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"ten": "LichLamViec"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	hoso := filepath.Join("..", "..", "packet", "testdata", "spec", "hoso.json")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no file", []string{"due"}, "give one file"},
		{"two files", []string{"due", hoso, hoso}, "give one file"},
		{"not a BIENDONG packet", []string{"due", hoso}, "Loại gói tin (LoaiGoiTin) HOSO không chứa biến động"},
		{"a bad day", []string{"due", "-now", "26/02/2026", hoso}, "not a date YYYY-MM-DD"},
		{"a bad calendar", []string{"due", "-calendar", bad, hoso}, "Thiếu thông tin bắt buộc: phiên bản (phienBan)"},
		{"no such file", []string{"due", filepath.Join(t.TempDir(), "none.json")}, "none.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q, want %d and %q", code, errOut, exitUsage, tt.stderr)
			}
		})
	}
}
