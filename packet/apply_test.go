package packet

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestApplySpecExample(t *testing.T) {
	profiles := decodeFile(t, filepath.Join("testdata", "spec", "hoso.json")).Records.Profiles
	change := decodeFile(t, filepath.Join("testdata", "spec", "biendong.json")).Records.Changes[0]
	before := profiles[0]
	after, findings := Apply(before, change)
	if findings != nil {
		t.Fatalf("Apply: %v", findings)
	}
	if after.Rank.Step != 7 || after.Rank.Coefficient != 432 || after.Rank.Since.String() != "2026-09-01" {
		t.Errorf("rank after = %+v", after.Rank)
	}
	// Nothing else changed.
	after.Rank = before.Rank
	if diff := cmp.Diff(jsonOf(t, before), jsonOf(t, after)); diff != "" {
		t.Errorf("Apply changed more than the rank:\n%s", diff)
	}
	// Applying it twice is a conflict: GiaTriCu no longer holds.
	again, findings := Apply(mustApply(t, before, change), change)
	if len(findings) != 3 || findings[0].Rule != "R-BD-003" || findings[0].Pointer != "/ThayDoi/0/GiaTriCu" {
		t.Errorf("second Apply findings = %v", findings)
	}
	if again.Rank.Step != 7 {
		t.Error("a failed Apply changed the profile")
	}
}

func mustApply(t *testing.T, p Profile, c Change) Profile {
	t.Helper()
	out, fs := Apply(p, c)
	if fs != nil {
		t.Fatal(fs)
	}
	return out
}

func TestApplyFindings(t *testing.T) {
	p := decodeFile(t, filepath.Join("testdata", "spec", "hoso.json")).Records.Profiles[0]
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	tests := []struct {
		name   string
		fields []FieldChange
		want   []string // rule@pointer
	}{
		{"unknown field", []FieldChange{{Field: "/Ngach/Luong", NewValue: raw(`1`)}}, []string{"R-BD-001@/ThayDoi/0/TruongDuLieu"}},
		{"not a pointer", []FieldChange{{Field: "Ngach", NewValue: raw(`1`)}}, []string{"R-BD-001@/ThayDoi/0/TruongDuLieu"}},
		{"the key itself", []FieldChange{{Field: "/SoDinhDanh", OldValue: raw(`"079085001234"`), NewValue: raw(`"001068009876"`)}}, []string{"R-BD-001@/ThayDoi/0/TruongDuLieu"}},
		{"wrong type", []FieldChange{{Field: "/Ngach/BacLuong", OldValue: raw(`6`), NewValue: raw(`"7"`)}}, []string{"R-BD-002@/ThayDoi/0/GiaTriMoi"}},
		{"three decimals", []FieldChange{{Field: "/Ngach/HeSoLuong", OldValue: raw(`3.99`), NewValue: raw(`4.321`)}}, []string{"R-BD-002@/ThayDoi/0/GiaTriMoi"}},
		{"bad agency code", []FieldChange{{Field: "/MaDonViSuDung", OldValue: raw(`"000.00.12.H29"`), NewValue: raw(`"000.05.00.H29"`)}}, []string{"R-BD-002@/ThayDoi/0/GiaTriMoi"}},
		{"bad date", []FieldChange{{Field: "/Ngach/NgayHuong", OldValue: raw(`"2023-09-01"`), NewValue: raw(`"2026-02-30"`)}}, []string{"R-BD-002@/ThayDoi/0/GiaTriMoi"}},
		{"conflict", []FieldChange{{Field: "/Ngach/BacLuong", OldValue: raw(`5`), NewValue: raw(`7`)}}, []string{"R-BD-003@/ThayDoi/0/GiaTriCu"}},
		{"old value missing", []FieldChange{{Field: "/Ngach/BacLuong", NewValue: raw(`7`)}}, []string{"R-BD-003@/ThayDoi/0/GiaTriCu"}},
		{"equal numbers spelled differently", []FieldChange{{Field: "/Ngach/HeSoLuong", OldValue: raw(`3.990`), NewValue: raw(`4.32`)}}, nil},
		{"a new optional object", []FieldChange{{Field: "/NoiOHienTai", NewValue: raw(`{"MaDonViHanhChinh":"79","ChiTiet":"1 Lê Duẩn"}`)}}, nil},
		{"append to history", []FieldChange{{Field: "/KhenThuong/1", NewValue: raw(`{"Nam":2025,"HinhThuc":"Chiến sĩ thi đua cơ sở"}`)}}, nil},
		{"first item of an absent array", []FieldChange{{Field: "/KyLuat/0", NewValue: raw(`{"NgayQuyetDinh":"2024-01-02","HinhThuc":"KHIEN_TRACH"}`)}}, nil},
		{"second item of an absent array", []FieldChange{{Field: "/KyLuat/1", NewValue: raw(`{"NgayQuyetDinh":"2024-01-02","HinhThuc":"KHIEN_TRACH"}`)}}, []string{"R-BD-001@/ThayDoi/0/TruongDuLieu"}},
		{"unknown member in object", []FieldChange{{Field: "/NoiOHienTai", NewValue: raw(`{"Tinh":"79"}`)}}, []string{"R-BD-002@/ThayDoi/0/GiaTriMoi"}},
		{"all reported", []FieldChange{
			{Field: "/X", NewValue: raw(`1`)},
			{Field: "/Ngach/BacLuong", OldValue: raw(`6`), NewValue: raw(`7`)},
			{Field: "/Ngach/HeSoLuong", OldValue: raw(`9`), NewValue: raw(`4.32`)},
		}, []string{"R-BD-001@/ThayDoi/0/TruongDuLieu", "R-BD-003@/ThayDoi/2/GiaTriCu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fs := Apply(p, Change{Kind: "CAP_NHAT", Fields: tt.fields})
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+"@"+f.Pointer)
				if f.MessageEN == "" || f.MessageVI == "" {
					t.Errorf("finding %+v lacks a message", f)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if fs != nil && jsonOf(t, out) != jsonOf(t, p) {
				t.Error("profile changed although findings were returned")
			}
		})
	}
}

// jsonOf is the JSON form of a value, for comparing models whose
// identifier fields are unexported.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
