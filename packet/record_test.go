package packet

import "testing"

func TestFindingRecord(t *testing.T) {
	for _, c := range []struct {
		pointer string
		want    int // -1: not in a record
	}{
		{"/DuLieu/17/NgaySinh", 17},
		{"/DuLieu/0", 0},
		{"/DuLieu/3/QuaTrinhCongTac/1/TuNgay", 3},
		{"/DuLieu/999999999/HoVaTen", 999999999},
		{"/ThongTinGoiTin/SoLuongBanGhi", -1},
		{"", -1},
		{"/DuLieu", -1},
		{"/DuLieu/", -1},
		{"/DuLieu//NgaySinh", -1},
		{"/DuLieu/-1", -1},
		{"/DuLieu/01", -1},
		{"/DuLieu/1x", -1},
		{"/DuLieu/9999999999", -1}, // beyond any packet the limits let through
		{"/DuLieuKhac/1", -1},
		{"DuLieu/1", -1},
	} {
		i, ok := Finding{Pointer: c.pointer}.Record()
		if ok != (c.want >= 0) || i != c.want {
			t.Errorf("%q: Record() = %d, %v; want %d", c.pointer, i, ok, c.want)
		}
	}
}

func TestRecordPointer(t *testing.T) {
	for _, c := range []struct {
		index  int
		within string
		want   string
	}{
		{17, "/NgaySinh", "/DuLieu/17/NgaySinh"},
		{0, "", "/DuLieu/0"},
		{3, "/QuaTrinhCongTac/1/TuNgay", "/DuLieu/3/QuaTrinhCongTac/1/TuNgay"},
		{999999999, "/HoVaTen", "/DuLieu/999999999/HoVaTen"},
	} {
		got := RecordPointer(c.index, c.within)
		if got != c.want {
			t.Errorf("RecordPointer(%d, %q) = %q, want %q", c.index, c.within, got, c.want)
		}
		if i, ok := (Finding{Pointer: got}).Record(); !ok || i != c.index {
			t.Errorf("Record() of %q = %d, %v", got, i, ok)
		}
		if b := AppendRecordPointer([]byte("x"), c.index, c.within); string(b) != "x"+c.want {
			t.Errorf("AppendRecordPointer(\"x\", %d, %q) = %q, want %q", c.index, c.within, b, "x"+c.want)
		}
	}
}

func TestAppendRecordPointerAllocs(t *testing.T) {
	buf := make([]byte, 0, 64)
	if n := testing.AllocsPerRun(100, func() { buf = AppendRecordPointer(buf[:0], 123456, "/QuaTrinhCongTac/1/TuNgay") }); n != 0 {
		t.Errorf("AppendRecordPointer into room enough: %v allocations, want 0", n)
	}
}

func TestPacketPointer(t *testing.T) {
	for _, c := range []struct{ field, want string }{
		{"Header", "/ThongTinGoiTin"},
		{"Records", "/DuLieu"},
		{"Signature", "/ChuKySo"},
		{"Kind", "/ThongTinGoiTin/LoaiGoiTin"},
		{"RecordCount", "/ThongTinGoiTin/SoLuongBanGhi"},
		{"Version", "/ThongTinGoiTin/PhienBan"},
		{"PersonalID", ""}, // a record's member, not the packet's
		{"", ""},
		{"LoaiGoiTin", ""}, // a wire name, not a Go field
	} {
		if got := PacketPointer(c.field); got != c.want {
			t.Errorf("PacketPointer(%q) = %q, want %q", c.field, got, c.want)
		}
	}
}
