package calendar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"time"
)

// MaxSize is the largest input Load reads, in bytes.
const MaxSize = 1 << 20

// FileName is the name (ten) a calendar file must carry.
const FileName = "LichLamViec"

// Load reads a calendar in the format of the embedded file:
//
//	{"ten": "LichLamViec", "phienBan": "2026.12", "nguon": "…", "moTa": "…",
//	 "nam": [{"nam": 2026, "canCu": ["Thông báo số 9441/TB-BNV …"],
//	          "ngay": [{"ngay": "2026-01-01", "loai": "TET_DUONG_LICH"},
//	                   {"ngay": "2026-01-02", "loai": "NGHI_HOAN_DOI", "hoanDoiVoi": "2026-01-10"},
//	                   {"ngay": "2026-01-10", "loai": "LAM_BU", "hoanDoiVoi": "2026-01-02"}]}]}
//
// Each year lists every holiday (also one on a weekend), every
// compensatory day and both days of every swap; a day not listed is a
// working day from Monday to Friday and a day off on Saturday and Sunday.
// The years of the file are official; the others are computed. Load checks
// what can be checked: no unknown member; a year once, within
// MinYear..MaxYear, with its sources; dates YYYY-MM-DD of their year, each
// once; a known kind (loai); fixed holidays on their dates (1/1, 30/4, 1/5,
// Quốc khánh 1–3/9), Tết within ten days of lunar New Year's day, Hùng
// Kings' day within a day of the 10th of the 3rd lunar month; compensatory
// and swapped-off days from Monday to Friday, days worked on a weekend;
// both days of a swap naming each other; a name (ghiChu) for LE_KHAC.
//
// Errors about the content are [*Error] values naming the member.
func Load(r io.Reader) (*Calendar, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("calendar: reading: %w", err)
	}
	if len(data) > MaxSize {
		return nil, &Error{Err: ErrTooLarge,
			MessageEN: fmt.Sprintf("over %d bytes", MaxSize),
			MessageVI: fmt.Sprintf("Tệp lịch làm việc lớn hơn %d byte. Đề nghị kiểm tra lại tệp.", MaxSize)}
	}
	return parse(data)
}

// LoadFile is Load of the named file; an [*Error] it returns has File set.
func LoadFile(path string) (*Calendar, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := Load(f)
	if e, ok := errors.AsType[*Error](err); ok {
		e.File = path
	}
	return c, err
}

// malformed is an ErrMalformed error at field.
func malformed(field, vi, en string) error {
	return &Error{Field: field, Err: ErrMalformed, MessageVI: vi, MessageEN: en}
}

// member is one member of a JSON object that parse accepts.
type member struct {
	name string
	dst  any
}

// decodeObject decodes raw, a JSON object at path, into members, and
// rejects members it does not know.
func decodeObject(raw json.RawMessage, path string, members []member) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		where := path
		if where == "" {
			where = "tệp"
		}
		return malformed(path,
			fmt.Sprintf("Nội dung (%s) không phải một đối tượng JSON hợp lệ. Đề nghị kiểm tra lại tệp lịch.", where),
			"not a JSON object"+jsonDetail(err))
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		i := slices.IndexFunc(members, func(m member) bool { return m.name == k })
		field := join(path, k)
		if i < 0 {
			return malformed(field,
				fmt.Sprintf("Tệp lịch có mục không được định nghĩa (%s). Đề nghị bỏ mục này.", field),
				"unknown member")
		}
		if err := json.Unmarshal(obj[k], members[i].dst); err != nil {
			return malformed(field,
				fmt.Sprintf("Giá trị của mục %s sai kiểu dữ liệu. Đề nghị kiểm tra lại tệp lịch.", field),
				"wrong JSON type"+jsonDetail(err))
		}
	}
	return nil
}

func jsonDetail(err error) string {
	if e, ok := errors.AsType[*json.SyntaxError](err); ok {
		return fmt.Sprintf(": invalid JSON at byte %d", e.Offset)
	}
	if e, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return ": got a JSON " + e.Value
	}
	return ""
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// wireDay is one day as the file has it.
type wireDay struct {
	date, swap time.Time
	kind       Kind
	note       string
	path       string
}

func parse(data []byte) (*Calendar, error) {
	c := &Calendar{years: map[int]*Year{}}
	var years []json.RawMessage
	if err := decodeObject(data, "", []member{
		{"ten", &c.name}, {"phienBan", &c.version}, {"nguon", &c.source}, {"moTa", new(string)}, {"nam", &years},
	}); err != nil {
		return nil, err
	}
	if c.name != FileName {
		return nil, malformed("ten",
			fmt.Sprintf("Tên tệp (ten) %q không đúng: tệp lịch làm việc phải có tên %q. Đề nghị kiểm tra đúng tệp.", c.name, FileName),
			fmt.Sprintf("ten is %q, want %q", c.name, FileName))
	}
	if c.version == "" {
		return nil, malformed("phienBan", "Thiếu thông tin bắt buộc: phiên bản (phienBan). Đề nghị bổ sung.", "missing or empty")
	}
	all := map[jdn]*wireDay{} // every day of the file, for the swaps
	for i, raw := range years {
		yr, days, err := parseYear(raw, fmt.Sprintf("nam[%d]", i))
		if err != nil {
			return nil, err
		}
		if _, dup := c.years[yr.Year]; dup {
			return nil, malformed(fmt.Sprintf("nam[%d].nam", i),
				fmt.Sprintf("Năm (nam) %d có hai lần trong tệp lịch. Đề nghị gộp thành một.", yr.Year),
				fmt.Sprintf("year %d appears twice", yr.Year))
		}
		c.years[yr.Year] = yr
		for _, d := range days {
			all[dateJDN(d.date)] = d
		}
	}
	for _, yr := range c.years {
		for _, d := range yr.Days {
			if err := checkSwap(all[dateJDN(d.Date)], all, c.years); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// parseYear reads and checks one year, at path.
func parseYear(raw json.RawMessage, path string) (*Year, []*wireDay, error) {
	var (
		y       *int
		sources []string
		items   []json.RawMessage
	)
	if err := decodeObject(raw, path, []member{{"nam", &y}, {"canCu", &sources}, {"ngay", &items}}); err != nil {
		return nil, nil, err
	}
	if y == nil {
		return nil, nil, malformed(join(path, "nam"), "Thiếu thông tin bắt buộc: năm (nam). Đề nghị bổ sung.", "missing")
	}
	if *y < MinYear || *y > MaxYear {
		return nil, nil, malformed(join(path, "nam"),
			fmt.Sprintf("Năm (nam) %d nằm ngoài khoảng %d–%d. Đề nghị kiểm tra lại.", *y, MinYear, MaxYear),
			fmt.Sprintf("year %d outside %d-%d", *y, MinYear, MaxYear))
	}
	if len(sources) == 0 || slices.Contains(sources, "") {
		return nil, nil, malformed(join(path, "canCu"),
			fmt.Sprintf("Thiếu căn cứ (canCu) của lịch năm %d: phải nêu văn bản công bố lịch nghỉ. Đề nghị bổ sung.", *y),
			fmt.Sprintf("no source for year %d: name the documents the schedule is from", *y))
	}
	wd := make([]*wireDay, 0, len(items))
	seen := map[jdn]int{}
	for j, item := range items {
		d, err := parseDay(item, fmt.Sprintf("%s.ngay[%d]", path, j), *y)
		if err != nil {
			return nil, nil, err
		}
		if k, dup := seen[dateJDN(d.date)]; dup {
			return nil, nil, malformed(join(d.path, "ngay"),
				fmt.Sprintf("Ngày (ngay) %s có hai lần trong lịch năm %d (lần đầu ở mục thứ %d). Đề nghị giữ một.", viDate(d.date), *y, k+1),
				fmt.Sprintf("%s appears twice in year %d (first at ngay[%d])", d.date.Format(time.DateOnly), *y, k))
		}
		seen[dateJDN(d.date)] = j
		wd = append(wd, d)
	}
	days := make([]Day, len(wd))
	for j, d := range wd {
		days[j] = Day{Date: d.date, Kind: d.kind, SwapWith: d.swap, Note: d.note}
	}
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return newYear(*y, true, sources, days), wd, nil
}

// parseDay reads and checks one day of year y, at path.
func parseDay(raw json.RawMessage, path string, y int) (*wireDay, error) {
	var date, kind, swap, note string
	if err := decodeObject(raw, path, []member{{"ngay", &date}, {"loai", &kind}, {"hoanDoiVoi", &swap}, {"ghiChu", &note}}); err != nil {
		return nil, err
	}
	d := &wireDay{kind: Kind(kind), note: note, path: path}
	var err error
	if d.date, err = parseDate(date, join(path, "ngay"), "Ngày (ngay)"); err != nil {
		return nil, err
	}
	if d.date.Year() != y {
		return nil, malformed(join(path, "ngay"),
			fmt.Sprintf("Ngày (ngay) %s không thuộc năm %d. Đề nghị ghi ngày này vào lịch của năm %d.", viDate(d.date), y, d.date.Year()),
			fmt.Sprintf("%s is not in year %d", date, y))
	}
	if !d.kind.Valid() {
		return nil, malformed(join(path, "loai"),
			fmt.Sprintf("Loại ngày (loai) %q của ngày %s không có trong danh mục loại ngày của lịch làm việc. Đề nghị dùng một trong các loại TET_DUONG_LICH, TET_AM_LICH, GIO_TO_HUNG_VUONG, CHIEN_THANG, QUOC_TE_LAO_DONG, QUOC_KHANH, LE_KHAC, NGHI_BU, NGHI_HOAN_DOI, LAM_BU.", kind, viDate(d.date)),
			fmt.Sprintf("kind %q of %s is not a kind of day", kind, date))
	}
	if swap != "" {
		if d.swap, err = parseDate(swap, join(path, "hoanDoiVoi"), "Ngày hoán đổi (hoanDoiVoi)"); err != nil {
			return nil, err
		}
	}
	if err := checkDay(d); err != nil {
		return nil, err
	}
	return d, nil
}

func parseDate(s, field, label string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Vietnam)
	if err != nil {
		return time.Time{}, malformed(field,
			fmt.Sprintf("%s %q không đúng định dạng: ghi năm-tháng-ngày, ví dụ 2026-01-01. Đề nghị sửa lại.", label, s),
			fmt.Sprintf("%q is not a date YYYY-MM-DD", s))
	}
	return t, nil
}

// viDate writes a date as Vietnamese text does, dd/mm/yyyy.
func viDate(t time.Time) string { return t.Format("02/01/2006") }

var weekdayVI = [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// checkDay checks what one day can say about itself.
func checkDay(d *wireDay) error {
	wrong := func(field, vi, en string) error { return malformed(join(d.path, field), vi, en) }
	name := fmt.Sprintf("%s (%s) %s", d.kind.NameVI(), d.kind, viDate(d.date))
	iso := d.date.Format(time.DateOnly)
	weekend := isWeekend(d.date.Weekday())
	switch {
	case (d.kind == KindCompensatory || d.kind == KindSwappedOff) && weekend:
		return wrong("ngay",
			fmt.Sprintf("Ngày %s rơi vào %s: ngày nghỉ bù, nghỉ hoán đổi phải là ngày làm việc từ thứ Hai đến thứ Sáu. Đề nghị kiểm tra lại.", name, weekdayVI[d.date.Weekday()]),
			fmt.Sprintf("%s %s is a %s: a compensatory or swapped day off must be Monday to Friday", d.kind, iso, d.date.Weekday()))
	case d.kind == KindSwappedWork && !weekend:
		return wrong("ngay",
			fmt.Sprintf("Ngày %s rơi vào %s: ngày làm bù phải là thứ Bảy hoặc Chủ nhật. Đề nghị kiểm tra lại.", name, weekdayVI[d.date.Weekday()]),
			fmt.Sprintf("%s %s is a %s: a day worked by a swap must be a Saturday or Sunday", d.kind, iso, d.date.Weekday()))
	case (d.kind == KindSwappedOff || d.kind == KindSwappedWork) && d.swap.IsZero():
		return wrong("hoanDoiVoi",
			fmt.Sprintf("Thiếu thông tin bắt buộc: ngày hoán đổi (hoanDoiVoi) của ngày %s. Đề nghị bổ sung.", name),
			fmt.Sprintf("%s %s lacks the other day of its swap", d.kind, iso))
	case d.kind != KindSwappedOff && d.kind != KindSwappedWork && !d.swap.IsZero():
		return wrong("hoanDoiVoi",
			fmt.Sprintf("Ngày %s không phải ngày hoán đổi nhưng có ngày hoán đổi (hoanDoiVoi). Đề nghị bỏ mục này hoặc sửa loại ngày.", name),
			fmt.Sprintf("%s %s is not a swapped day but has hoanDoiVoi", d.kind, iso))
	case d.kind == KindOtherHoliday && d.note == "":
		return wrong("ghiChu",
			fmt.Sprintf("Thiếu thông tin bắt buộc: tên ngày lễ (ghiChu) của ngày %s. Đề nghị bổ sung.", name),
			fmt.Sprintf("LE_KHAC %s lacks its name in ghiChu", iso))
	}
	return checkHolidayDate(d, name, iso)
}

// checkHolidayDate checks that a holiday lies where the law puts it.
func checkHolidayDate(d *wireDay, name, iso string) error {
	m, day := d.date.Month(), d.date.Day()
	ok, where, whereEN := true, "", ""
	switch d.kind {
	case KindNewYear:
		ok, where, whereEN = m == time.January && day == 1, "ngày 01/01", "1 January"
	case KindVictory:
		ok, where, whereEN = m == time.April && day == 30, "ngày 30/4", "30 April"
	case KindLabour:
		ok, where, whereEN = m == time.May && day == 1, "ngày 01/5", "1 May"
	case KindNational:
		ok, where, whereEN = m == time.September && day >= 1 && day <= 3, "ngày 02/9 hoặc ngày liền kề (01/9, 03/9)", "2 September or an adjacent day"
	case KindTet:
		ny := lunarToSolar(d.date.Year(), 1, 1, vietnamOffset)
		off := dateJDN(d.date) - ny
		ok = off >= -10 && off <= 10
		where = "trong vòng 10 ngày trước hoặc sau mùng 1 Tết " + viDate(jdnDate(ny))
		whereEN = "within ten days of lunar New Year's day, " + jdnDate(ny).Format(time.DateOnly)
	case KindHungKings:
		h := lunarToSolar(d.date.Year(), 3, 10, vietnamOffset)
		off := dateJDN(d.date) - h
		ok = off >= -1 && off <= 1
		where = "ngày 10 tháng 3 âm lịch, tức " + viDate(jdnDate(h))
		whereEN = "the 10th day of the 3rd lunar month, " + jdnDate(h).Format(time.DateOnly)
	}
	if ok {
		return nil
	}
	return malformed(join(d.path, "ngay"),
		fmt.Sprintf("Ngày %s không đúng: theo Bộ luật Lao động, ngày lễ này là %s. Đề nghị kiểm tra lại.", name, where),
		fmt.Sprintf("%s on %s: the Labour Code puts it on %s", d.kind, iso, whereEN))
}

// checkSwap checks that the other day of a swap, when its year is in the
// file, is listed with the other kind and names d back.
func checkSwap(d *wireDay, all map[jdn]*wireDay, years map[int]*Year) error {
	if d == nil || d.swap.IsZero() {
		return nil
	}
	want := KindSwappedWork
	if d.kind == KindSwappedWork {
		want = KindSwappedOff
	}
	if _, inFile := years[d.swap.Year()]; !inFile {
		return nil
	}
	o := all[dateJDN(d.swap)]
	if o != nil && o.kind == want && dateJDN(o.swap) == dateJDN(d.date) {
		return nil
	}
	return malformed(join(d.path, "hoanDoiVoi"),
		fmt.Sprintf("Ngày hoán đổi (hoanDoiVoi) %s của ngày %s (%s) %s phải có trong lịch với loại %s và ghi ngày hoán đổi là %s. Đề nghị bổ sung hoặc sửa lại.",
			viDate(d.swap), d.kind.NameVI(), d.kind, viDate(d.date), want, viDate(d.date)),
		fmt.Sprintf("the other day of the swap, %s, must be listed as %s with hoanDoiVoi %s",
			d.swap.Format(time.DateOnly), want, d.date.Format(time.DateOnly)))
}
