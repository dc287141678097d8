package packet

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/calendar"
)

func TestSemanticChangeLate(t *testing.T) {
	const c0 = "/DuLieu/0/"
	cases := []struct {
		name    string
		created string // ThoiGianTao
		mut     func(ch *Change)
		want    []Finding
		vi, en  string // in the message, when there is one
	}{
		{"on time", "2026-11-26T10:00:00+07:00", func(ch *Change) {}, nil, "", ""},
		{"on the last day", "2026-11-27T23:59:00+07:00", func(ch *Change) {}, nil, "", ""},
		{"the day after, in Vietnam time", "2026-11-27T17:30:00Z", func(ch *Change) {},
			[]Finding{semWarn(RuleChangeLate, c0+"QuyetDinh/Ngay")}, "hạn cập nhật 27/11/2026", "was 2026-11-27"},
		{"across Tết 2026", "2026-02-26T09:00:00+07:00", func(ch *Change) { ch.Decision.Date = semDate("2026-02-13") },
			[]Finding{semWarn(RuleChangeLate, c0+"QuyetDinh/Ngay")},
			"Ngày ký quyết định (QuyetDinh/Ngay) 13/02/2026: biến động được gửi sau hạn cập nhật 25/02/2026", "deadline, 3 working days later, was 2026-02-25"},
		{"within the days after Tết", "2026-02-25T16:00:00+07:00", func(ch *Change) { ch.Decision.Date = semDate("2026-02-13") }, nil, "", ""},
		{"no decision: from NgayHieuLuc", "2026-11-26T10:00:00+07:00", func(ch *Change) {
			ch.Kind, ch.Decision, ch.Effective = "CAP_NHAT", nil, semDate("2026-11-20")
		}, []Finding{semWarn(RuleChangeLate, c0+"NgayHieuLuc")}, "Ngày hiệu lực (NgayHieuLuc) 20/11/2026", "(NgayHieuLuc)"},
		{"a declaration of format 2.0, without a decision: from NgayHieuLuc", "2026-11-26T10:00:00+07:00", func(ch *Change) {
			ch.Kind, ch.Decision, ch.Effective = "KE_KHAI_TAI_SAN", nil, semDate("2026-11-20")
			ch.Fields = []FieldChange{{Field: "/KeKhaiTaiSan/0", NewValue: []byte(`{"Nam":2026,"Loai":"HANG_NAM","NgayKeKhai":"2026-11-20","TongThuNhap":1,"BienDongTu300Trieu":false}`)}}
		}, []Finding{semWarn(RuleChangeLate, c0+"NgayHieuLuc")}, "Ngày hiệu lực (NgayHieuLuc) 20/11/2026", "(NgayHieuLuc)"},
		{"a grade of format 2.0: from its decision", "2026-11-26T10:00:00+07:00", func(ch *Change) {
			ch.Kind, ch.Decision.Date = "DANH_GIA_XEP_LOAI", semDate("2026-11-13")
			ch.Fields = []FieldChange{{Field: "/DanhGiaXepLoai/0", NewValue: []byte(`{"Nam":2026,"Muc":"HTNV"}`)}}
		}, []Finding{semWarn(RuleChangeLate, c0+"QuyetDinh/Ngay")}, "Ngày ký quyết định (QuyetDinh/Ngay) 13/11/2026", "2026-11-18"},
		{"no decision, effective later", "2026-11-26T10:00:00+07:00", func(ch *Change) { ch.Kind, ch.Decision = "CAP_NHAT", nil }, nil, "", ""},
		{"a computed year says so", "2026-11-26T10:00:00+07:00", func(ch *Change) { ch.Decision.Date = semDate("2023-06-01") },
			[]Finding{semWarn(RuleChangeLate, c0+"QuyetDinh/Ngay")},
			"hạn cập nhật 06/06/2023 (3 ngày làm việc kể từ ngày phát sinh biến động) (hạn tính theo Bộ luật Lao động vì năm 2023 chưa có lịch nghỉ lễ chính thức)",
			"no official holiday schedule for 2023"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch := semChange()
			tc.mut(&ch)
			s := &semFindings{t: t}
			c := semChecker(semTime("2026-12-31T10:00:00+07:00")) // no ThoiGianTao here is in the future
			h := semHeader(1)
			h.Kind, h.Created = KindChanges, semTime(tc.created)
			c.header(&h, s.emit)
			c.record(0, &ch, s.emit)
			semDiff(t, tc.want, s.fs)
			if len(s.fs) == 1 && (!strings.Contains(s.fs[0].MessageVI, tc.vi) || !strings.Contains(s.fs[0].MessageEN, tc.en)) {
				t.Errorf("messages\n%s\n%s\nwant %q, %q", s.fs[0].MessageVI, s.fs[0].MessageEN, tc.vi, tc.en)
			}
		})
	}
}

// A change read before the header is judged when the header comes; a
// change in a packet of another kind is not judged.
func TestSemanticChangeLateBeforeHeader(t *testing.T) {
	ch := semChange()
	ch.Decision.Date = semDate("2026-02-13")
	for _, kind := range []Kind{KindChanges, KindProfiles} {
		s := &semFindings{t: t}
		c := semChecker(semNow)
		c.record(0, &ch, s.emit)
		h := semHeader(1)
		h.Kind, h.Created = kind, semTime("2026-02-26T09:00:00+07:00")
		c.header(&h, s.emit)
		var want []Finding
		if kind == KindChanges {
			want = []Finding{semWarn(RuleChangeLate, "/DuLieu/0/QuyetDinh/Ngay")}
		}
		semDiff(t, want, s.fs)
	}
}

// WithCalendar replaces the calendar: with 24/11/2026 a holiday (as a law
// making Ngày Văn hóa Việt Nam one would), a change decided on Friday
// 20/11/2026 is due on 26/11/2026, not 25/11/2026.
func TestWithCalendar(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("testdata", "spec", "biendong.json"))
	if err != nil {
		t.Fatal(err)
	}
	late := strings.Replace(string(doc), `"Ngay": "2026-11-24"`, `"Ngay": "2026-11-20"`, 1)
	if late == string(doc) {
		t.Fatal("the spec example's decision date moved")
	}
	rep := validateString(t, newTestValidator(t), late)
	if got := rules(rep.Findings); len(got) != 1 || got[0] != RuleChangeLate+"@/DuLieu/0/QuyetDinh/Ngay" ||
		!strings.Contains(rep.Findings[0].MessageVI, "25/11/2026") {
		t.Fatalf("default calendar: %v", rep.Findings)
	}
	cal, err := calendar.Load(strings.NewReader(`{"ten": "LichLamViec", "phienBan": "test", "nam": [{"nam": 2026, "canCu": ["test"],
		"ngay": [{"ngay": "2026-11-24", "loai": "LE_KHAC", "ghiChu": "Ngày Văn hóa Việt Nam"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rep = validateString(t, newTestValidator(t, WithCalendar(calendar.Default().With(cal))), late)
	if len(rep.Findings) != 0 {
		t.Errorf("with 24/11 a holiday: %v", rep.Findings)
	}
}

func TestChangeArose(t *testing.T) {
	d1, d2 := semDate("2026-11-20"), semDate("2026-11-24")
	for _, tc := range []struct {
		name     string
		ch       Change
		want     Date
		decision bool
	}{
		{"decision with a date", Change{Effective: d2, Decision: &Decision{Date: d1}}, d1, true},
		{"decision without a date", Change{Effective: d2, Decision: &Decision{Number: "789/QĐ-SNV"}}, d2, false},
		{"no decision", Change{Effective: d2}, d2, false},
		{"no date at all", Change{}, Date{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, decision := tc.ch.Arose()
			if got != tc.want || decision != tc.decision {
				t.Errorf("Arose() = %v, %v; want %v, %v", got, decision, tc.want, tc.decision)
			}
		})
	}
}
