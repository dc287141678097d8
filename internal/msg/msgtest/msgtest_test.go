package msgtest

import (
	"slices"
	"strings"
	"testing"
)

func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		vi     string
		action bool
		want   string // a part of a problem expected; "" for none
	}{
		{"Thiếu thông tin bắt buộc: họ và tên (HoVaTen). Đề nghị bổ sung.", true, ""},
		{`Ngày sinh (NgaySinh) "12/07/1996" không đúng định dạng: ghi năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng).`, true, ""},
		{`Số định danh cá nhân "05219699893" có 11 chữ số, phải đủ 12 chữ số. Đề nghị đối chiếu thẻ căn cước.`, true, ""},
		{"Hệ số lương (HeSoLuong) 4,68 không đúng: chức danh nghề nghiệp mã số V.07.05.14 (viên chức loại A2, nhóm A2.2) bậc 2 có hệ số 4,34 theo Bảng 3 ban hành kèm theo Nghị định số 204/2004/NĐ-CP.", false, ""},
		{"Gói tin theo định dạng phiên bản 1.0, đã được thay bằng phiên bản 2.0 từ ngày 01/07/2026. Đề nghị lập gói tin theo phiên bản 2.0.", true, ""},
		{"Hệ số lương (HeSoLuong) 4.68 không đúng. Đề nghị sửa.", true, "decimal point"},
		{"Ngày sinh (NgaySinh) 1987-05-08 sau ngày tuyển dụng. Đề nghị sửa.", true, "dd/mm/yyyy"},
		{"Số định danh đã có ở bản ghi /DuLieu/0. Đề nghị sửa.", true, "JSON Pointer"},
		{"SoLuongBanGhi là 3 nhưng có 2 bản ghi. Đề nghị sửa.", true, "wire name"},
		{"Họ và tên (HoVaTen) không được để trống.", true, "Đề nghị"},
		{`Ngày sinh (NgaySinh) "x" không khớp mẫu [0-9]{4}. Đề nghị sửa.`, true, "regular expression"},
		{"Không đọc được: unexpected end of input. Đề nghị kiểm tra.", true, "English"},
		{"Invalid packet. Đề nghị kiểm tra.", true, "ASCII only"},
		{"thiếu họ và tên (HoVaTen). Đề nghị bổ sung.", true, "capital"},
		{"Thiếu họ và tên (HoVaTen). Đề nghị bổ sung", true, "full stop"},
	} {
		got := Problems(tc.vi, tc.action)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("Problems(%q) = %q, want none", tc.vi, got)
		case tc.want != "" && !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tc.want) }):
			t.Errorf("Problems(%q) = %q, want one about %q", tc.vi, got, tc.want)
		}
	}
}
