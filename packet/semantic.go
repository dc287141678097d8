package packet

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"golang.org/x/text/unicode/norm"
)

// supportedMajor is the major format version this package reads.
const supportedMajor = 1

type pendingOwner struct {
	index int
	unit  identifier.AgencyCode
}

// checkerConfig configures the semantic layer.
type checkerConfig struct {
	Codes *codelist.Set // code lists; codelist.Default() when nil
	Now   time.Time     // the reader's clock; its location decides what "today" is
	Skew  time.Duration // allowed clock skew for "in the future"
}

// checker runs the semantic rules over the records of one packet, in order.
// It keeps across records only what the duplicate rule needs, in compact
// form, so that a packet of 100,000 profiles costs a few megabytes.
type checker struct {
	codes *codelist.Set
	now   time.Time
	today Date
	skew  time.Duration
	lists map[string]*codelist.List
	hdr   *Header

	// owners are the managing units of profiles read before the header,
	// checked when it comes (JSON members may come in any order).
	owners []pendingOwner

	personalIDs map[identifier.PersonalID]struct{}
	changeIDs   map[[16]byte]struct{}
}

func newChecker(cfg checkerConfig) *checker {
	if cfg.Codes == nil {
		cfg.Codes = codelist.Default()
	}
	c := &checker{codes: cfg.Codes, now: cfg.Now, today: DateOf(cfg.Now.Add(cfg.Skew)), skew: cfg.Skew,
		lists: map[string]*codelist.List{}}
	for _, name := range cfg.Codes.Names() {
		if l, ok := cfg.Codes.List(name); ok {
			c.lists[name] = l
		}
	}
	return c
}

// at builds the JSON Pointer of a value in record i; only called when a
// finding is emitted, so that valid records build no strings.
func at(i int, path ...string) string {
	var b strings.Builder
	b.WriteString("/DuLieu/")
	b.WriteString(strconv.Itoa(i))
	for _, p := range path {
		b.WriteByte('/')
		b.WriteString(p)
	}
	return b.String()
}

func finding(rule string, sev Severity, ptr, vi, en string) Finding {
	return Finding{Rule: rule, Severity: sev, Pointer: ptr, MessageVI: vi, MessageEN: en}
}

// header checks the header (R-HDR-001, -002, -004, -005).
func (c *checker) header(h *Header, emit func(Finding)) {
	c.hdr = h
	defer func() {
		for _, o := range c.owners {
			c.owner(o.index, o.unit, emit)
		}
		c.owners = nil
	}()
	if !h.Kind.Valid() {
		emit(finding("R-HDR-001", SeverityError, "/ThongTinGoiTin/LoaiGoiTin",
			fmt.Sprintf("LoaiGoiTin %q không phải HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO hay PHANHOI", h.Kind),
			fmt.Sprintf("LoaiGoiTin %q is not HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO or PHANHOI", h.Kind)))
	}
	if major, _, _ := strings.Cut(h.Version, "."); h.Version != "" {
		if n, err := strconv.Atoi(major); err == nil && n != supportedMajor {
			emit(finding("R-HDR-002", SeverityError, "/ThongTinGoiTin/PhienBan",
				fmt.Sprintf("phiên bản định dạng %s không được hỗ trợ; chỉ đọc được phiên bản %d.x", h.Version, supportedMajor),
				fmt.Sprintf("format version %s is not supported; this reader knows %d.x", h.Version, supportedMajor)))
		}
	}
	if !h.Created.IsZero() && h.Created.After(c.now.Add(c.skew)) {
		emit(finding("R-HDR-004", SeverityError, "/ThongTinGoiTin/ThoiGianTao",
			fmt.Sprintf("ThoiGianTao %s ở tương lai, quá %s so với đồng hồ bên nhận", h.Created.Format(time.RFC3339), c.skew),
			fmt.Sprintf("ThoiGianTao %s is more than %s in the future of the reader's clock", h.Created.Format(time.RFC3339), c.skew)))
	}
	if h.Kind == KindResponse && h.ReplyTo == [16]byte{} {
		emit(finding("R-HDR-005", SeverityError, "/ThongTinGoiTin/MaGoiTinThamChieu",
			"gói PHANHOI thiếu MaGoiTinThamChieu (mã gói tin được trả lời)",
			"a PHANHOI packet lacks MaGoiTinThamChieu, the packet it answers"))
	}
}

// finish checks what needs the whole packet (R-HDR-003).
func (c *checker) finish(records int, emit func(Finding)) {
	if c.hdr != nil && c.hdr.RecordCount != records {
		emit(finding("R-HDR-003", SeverityError, "/ThongTinGoiTin/SoLuongBanGhi",
			fmt.Sprintf("SoLuongBanGhi là %d nhưng gói tin có %d bản ghi", c.hdr.RecordCount, records),
			fmt.Sprintf("SoLuongBanGhi is %d but the packet holds %d records", c.hdr.RecordCount, records)))
	}
}

// code checks a code-list value (R-CODE-001); empty values are the
// schema's to report.
func (c *checker) code(list, value, ptr string, emit func(Finding)) {
	if value == "" {
		return
	}
	l, ok := c.lists[list]
	if !ok {
		return
	}
	if _, ok := l.Lookup(value); ok {
		return
	}
	emit(finding("R-CODE-001", SeverityError, ptr,
		fmt.Sprintf("giá trị %q không có trong danh mục %s (phiên bản %s)", value, l.Name, l.Version),
		fmt.Sprintf("%q is not in code list %s (version %s)", value, l.Name, l.Version)))
}

// future reports a date of a past fact that lies after today (R-DATE-001).
func (c *checker) future(d Date, ptr string, emit func(Finding)) {
	if !d.IsZero() && d.After(c.today) {
		emit(finding("R-DATE-001", SeverityError, ptr,
			fmt.Sprintf("ngày %s ở tương lai", d), fmt.Sprintf("date %s is in the future", d)))
	}
}

// beforeBirth reports an event dated before every day the birth date can
// stand for (R-DATE-005).
func (c *checker) beforeBirth(d Date, birth PartialDate, ptr, what string, emit func(Finding)) {
	if d.IsZero() || birth.IsZero() || !d.Before(birth.Earliest()) {
		return
	}
	emit(finding("R-DATE-005", SeverityError, ptr,
		fmt.Sprintf("%s ngày %s trước ngày sinh %s", what, d, birth), fmt.Sprintf("%s on %s, before the birth date %s", what, d, birth)))
}

// profile checks a HoSo record.
func (c *checker) profile(i int, p *Profile, emit func(Finding)) {
	h := c.hdr
	birth := p.BirthDate

	// SoDinhDanh: consistency with gender and birth year, duplicates.
	if !p.PersonalID.IsZero() {
		g, _ := identifier.ParseGender(p.Gender)
		for _, m := range p.PersonalID.Check(g, birth.Year()) {
			emit(finding(m.Rule, SeverityError, at(i, "SoDinhDanh"), m.MessageVI, m.MessageEN))
		}
		if c.personalIDs == nil {
			c.personalIDs = map[identifier.PersonalID]struct{}{}
		}
		if _, dup := c.personalIDs[p.PersonalID]; dup {
			emit(finding("R-DUP-001", SeverityError, at(i, "SoDinhDanh"),
				fmt.Sprintf("số định danh %s đã có ở một bản ghi trước trong gói tin", p.PersonalID),
				fmt.Sprintf("personal ID %s already appears in an earlier record of the packet", p.PersonalID)))
		} else {
			c.personalIDs[p.PersonalID] = struct{}{}
		}
	}
	c.name(p.FullName, at(i, "HoVaTen"), emit)
	c.name(p.OtherNames, at(i, "TenGoiKhac"), emit)
	c.code(codelist.ListGender, p.Gender, at(i, "GioiTinh"), emit)
	switch birth.Precision() {
	case PrecisionYear, PrecisionMonth:
		emit(finding("R-DATE-006", SeverityWarning, at(i, "NgaySinh"),
			fmt.Sprintf("ngày sinh %s chưa đủ ngày, tháng; đề nghị bổ sung", birth),
			fmt.Sprintf("birth date %s lacks the day or month; complete it", birth)))
	}
	if !birth.IsZero() {
		c.future(birth.Earliest(), at(i, "NgaySinh"), emit)
	}
	c.address(&p.Birthplace, at(i, "NoiSinh"), emit)
	c.address(&p.Hometown, at(i, "QueQuan"), emit)
	if p.PermanentAddress != nil {
		c.address(p.PermanentAddress, at(i, "ThuongTru"), emit)
	}
	if p.CurrentAddress != nil {
		c.address(p.CurrentAddress, at(i, "NoiOHienTai"), emit)
	}
	c.code(codelist.ListEthnicity, p.Ethnicity, at(i, "DanToc"), emit)
	if p.Religion != "" {
		if l, ok := c.lists[codelist.ListReligion]; ok {
			if _, ok := l.Resolve(p.Religion); !ok {
				c.code(codelist.ListReligion, p.Religion, at(i, "TonGiao"), emit)
			}
		}
	}
	c.code(codelist.ListPersonKind, p.PersonKind, at(i, "LoaiDoiTuong"), emit)

	switch {
	case p.ManagingUnit.IsZero():
	case h == nil:
		c.owners = append(c.owners, pendingOwner{i, p.ManagingUnit})
	default:
		c.owner(i, p.ManagingUnit, emit)
	}

	// TuyenDung
	rd := p.Recruitment.Date
	c.future(rd, at(i, "TuyenDung", "NgayTuyenDung"), emit)
	c.beforeBirth(rd, birth, at(i, "TuyenDung", "NgayTuyenDung"), "tuyển dụng", emit)
	if !rd.IsZero() && !birth.IsZero() && rd.Before(birth.Earliest().AddYears(18)) && !rd.Before(birth.Earliest()) {
		// Conservative: under 18 even if born on the earliest day possible.
		emit(finding("R-DATE-002", SeverityError, at(i, "TuyenDung", "NgayTuyenDung"),
			fmt.Sprintf("tuyển dụng ngày %s khi chưa đủ 18 tuổi (ngày sinh %s)", rd, birth),
			fmt.Sprintf("recruited on %s before the age of 18 (born %s)", rd, birth)))
	}
	c.text(p.Recruitment.Agency, at(i, "TuyenDung", "CoQuanTuyenDung"), emit)
	c.code(codelist.ListRecruitment, p.Recruitment.Form, at(i, "TuyenDung", "HinhThuc"), emit)
	c.text(p.JobPosition, at(i, "ViTriViecLam"), emit)

	if pos := p.Position; pos != nil {
		c.text(pos.Title, at(i, "ChucVu", "Ten"), emit)
		c.future(pos.Appointed, at(i, "ChucVu", "NgayBoNhiem"), emit)
		c.beforeBirth(pos.Appointed, birth, at(i, "ChucVu", "NgayBoNhiem"), "bổ nhiệm", emit)
	}
	c.salary(p.Rank.Code, p.Rank.Step, p.Rank.Coefficient, at(i, "Ngach"), emit)
	c.future(p.Rank.Since, at(i, "Ngach", "NgayHuong"), emit)
	c.beforeBirth(p.Rank.Since, birth, at(i, "Ngach", "NgayHuong"), "hưởng lương", emit)

	c.code(codelist.ListEducation, p.Education.Professional, at(i, "TrinhDo", "ChuyenMon"), emit)
	c.code(codelist.ListPoliticalTheory, p.Education.PoliticalTheory, at(i, "TrinhDo", "LyLuanChinhTri"), emit)
	c.code(codelist.ListStateManagement, p.Education.StateManagement, at(i, "TrinhDo", "QuanLyNhaNuoc"), emit)

	if pm := p.Party; pm != nil {
		c.future(pm.Joined, at(i, "DangVien", "NgayVaoDang"), emit)
		c.beforeBirth(pm.Joined, birth, at(i, "DangVien", "NgayVaoDang"), "vào Đảng", emit)
		c.future(pm.Official, at(i, "DangVien", "NgayChinhThuc"), emit)
		if !pm.Official.IsZero() && !pm.Joined.IsZero() && pm.Official.Before(pm.Joined) {
			emit(finding("R-DATE-005", SeverityError, at(i, "DangVien", "NgayChinhThuc"),
				fmt.Sprintf("ngày chính thức %s trước ngày vào Đảng %s", pm.Official, pm.Joined),
				fmt.Sprintf("NgayChinhThuc %s is before NgayVaoDang %s", pm.Official, pm.Joined)))
		}
	}

	c.workHistory(i, p.WorkHistory, birth, emit)
	for j := range p.SalaryHistory {
		s := &p.SalaryHistory[j]
		base := at(i, "QuaTrinhLuong", strconv.Itoa(j))
		c.future(s.Since, base+"/NgayHuong", emit)
		c.beforeBirth(s.Since, birth, base+"/NgayHuong", "hưởng lương", emit)
		c.salary(s.RankCode, s.Step, s.Coefficient, base, emit)
	}
	for j := range p.Training {
		t := &p.Training[j]
		base := at(i, "DaoTaoBoiDuong", strconv.Itoa(j))
		c.future(t.From, base+"/TuNgay", emit)
		c.beforeBirth(t.From, birth, base+"/TuNgay", "bắt đầu khóa học", emit)
		c.future(t.To, base+"/DenNgay", emit)
		c.period(t.From, t.To, base, emit)
		c.text(t.Institution, base+"/CoSoDaoTao", emit)
		c.code(codelist.ListTrainingForm, t.Form, base+"/HinhThuc", emit)
	}
	for j := range p.Awards {
		a := &p.Awards[j]
		base := at(i, "KhenThuong", strconv.Itoa(j))
		if a.Year > c.today.Year() {
			emit(finding("R-DATE-001", SeverityError, base+"/Nam", fmt.Sprintf("năm %d ở tương lai", a.Year), fmt.Sprintf("year %d is in the future", a.Year)))
		}
		if !birth.IsZero() && a.Year != 0 && a.Year < birth.Year() {
			emit(finding("R-DATE-005", SeverityError, base+"/Nam", fmt.Sprintf("khen thưởng năm %d trước năm sinh %d", a.Year, birth.Year()),
				fmt.Sprintf("an award in %d, before the birth year %d", a.Year, birth.Year())))
		}
	}
	for j := range p.Disciplines {
		d := &p.Disciplines[j]
		base := at(i, "KyLuat", strconv.Itoa(j))
		c.future(d.Date, base+"/NgayQuyetDinh", emit)
		c.beforeBirth(d.Date, birth, base+"/NgayQuyetDinh", "kỷ luật", emit)
		c.code(codelist.ListDiscipline, d.Form, base+"/HinhThuc", emit)
	}
	for j := range p.Relatives {
		r := &p.Relatives[j]
		base := at(i, "QuanHeGiaDinh", strconv.Itoa(j))
		c.code(codelist.ListRelation, r.Relation, base+"/QuanHe", emit)
		c.name(r.FullName, base+"/HoVaTen", emit)
		if r.BirthYear > c.today.Year() {
			emit(finding("R-DATE-001", SeverityError, base+"/NamSinh", fmt.Sprintf("năm sinh %d ở tương lai", r.BirthYear), fmt.Sprintf("birth year %d is in the future", r.BirthYear)))
		}
	}
	c.code(codelist.ListProfileStatus, p.Status, at(i, "TrangThai"), emit)
	if !p.UpdatedAt.IsZero() && p.UpdatedAt.After(c.now.Add(c.skew)) {
		emit(finding("R-DATE-001", SeverityError, at(i, "NgayCapNhat"),
			fmt.Sprintf("NgayCapNhat %s ở tương lai", p.UpdatedAt.Format(time.RFC3339)),
			fmt.Sprintf("NgayCapNhat %s is in the future", p.UpdatedAt.Format(time.RFC3339))))
	}
}

// owner checks that a profile's managing unit belongs to the agency that
// owns the packet (R-OWN-001): the sender of HOSO, the receiver of
// CHIASE_HOSO, which the national database sends down.
func (c *checker) owner(i int, unit identifier.AgencyCode, emit func(Finding)) {
	h := c.hdr
	owner, role, roleVI := h.Sender, "sender", "đơn vị gửi"
	if h.Kind == KindSharedProfiles {
		owner, role, roleVI = h.Receiver, "receiver", "đơn vị nhận"
	}
	if owner.IsZero() || unit.Equal(owner) || unit.IsUnder(owner) {
		return
	}
	emit(finding("R-OWN-001", SeverityError, at(i, "MaDonViQuanLy"),
		fmt.Sprintf("đơn vị quản lý %s không phải %s %s hay đơn vị trực thuộc", unit, roleVI, owner),
		fmt.Sprintf("managing unit %s is neither the %s %s nor a unit under it", unit, role, owner)))
}

// workHistory checks QuaTrinhCongTac: dates, order, overlaps.
func (c *checker) workHistory(i int, ws []WorkPeriod, birth PartialDate, emit func(Finding)) {
	for j := range ws {
		w := &ws[j]
		base := at(i, "QuaTrinhCongTac", strconv.Itoa(j))
		c.future(w.From, base+"/TuNgay", emit)
		c.beforeBirth(w.From, birth, base+"/TuNgay", "bắt đầu công tác", emit)
		c.future(w.To, base+"/DenNgay", emit)
		c.period(w.From, w.To, base, emit)
		c.text(w.Unit, base+"/DonVi", emit)
		c.text(w.Position, base+"/ChucVu", emit)
		// A period overlaps an earlier one when it starts before that one
		// ends (an open period has not ended).
		for k := range j {
			e := &ws[k]
			if w.From.IsZero() || e.From.IsZero() || (!e.To.IsZero() && e.To.Before(e.From)) || (!w.To.IsZero() && w.To.Before(w.From)) {
				continue
			}
			if (e.To.IsZero() || !w.From.After(e.To)) && (w.To.IsZero() || !e.From.After(w.To)) {
				emit(finding("R-DATE-004", SeverityWarning, base+"/TuNgay",
					fmt.Sprintf("giai đoạn công tác từ %s chồng lấn giai đoạn thứ %d (từ %s)", w.From, k+1, e.From),
					fmt.Sprintf("the period from %s overlaps period %d (from %s)", w.From, k+1, e.From)))
				break
			}
		}
	}
}

// period reports a period that ends before it starts (R-DATE-003).
func (c *checker) period(from, to Date, base string, emit func(Finding)) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		emit(finding("R-DATE-003", SeverityError, base+"/DenNgay",
			fmt.Sprintf("giai đoạn kết thúc ngày %s trước khi bắt đầu ngày %s", to, from),
			fmt.Sprintf("the period ends on %s, before it starts on %s", to, from)))
	}
}

// salary checks a rank code and its salary step and coefficient
// (R-CODE-001/002, R-LUONG-001/002); base points to the object that holds
// MaNgach, BacLuong and HeSoLuong.
func (c *checker) salary(rank string, step int, coef Decimal2, base string, emit func(Finding)) {
	if rank == "" {
		return
	}
	if !codelist.ValidRankShape(rank) {
		emit(finding("R-CODE-001", SeverityError, base+"/MaNgach",
			fmt.Sprintf("mã ngạch %q sai cấu trúc (NN.NNN, NNa.NNN hoặc V.NN.NN.NN)", rank),
			fmt.Sprintf("rank code %q has no valid shape (NN.NNN, NNa.NNN or V.NN.NN.NN)", rank)))
		return
	}
	l, ok := c.lists[codelist.ListRank]
	if !ok {
		return
	}
	e, ok := l.Lookup(rank)
	if !ok {
		emit(finding("R-CODE-002", SeverityWarning, base+"/MaNgach",
			fmt.Sprintf("mã ngạch %s đúng cấu trúc nhưng không có trong danh mục %s (phiên bản %s)", rank, l.Name, l.Version),
			fmt.Sprintf("rank code %s has a valid shape but is not in list %s (version %s)", rank, l.Name, l.Version)))
		return
	}
	scale, ok := c.codes.SalaryScale(e.Group)
	if !ok || step == 0 {
		return
	}
	want, ok := scale.Coefficient(step)
	if !ok {
		emit(finding("R-LUONG-001", SeverityError, base+"/BacLuong",
			fmt.Sprintf("bậc lương %d ngoài các bậc 1-%d của nhóm %s (ngạch %s)", step, len(scale.Steps), e.Group, rank),
			fmt.Sprintf("salary step %d is outside steps 1-%d of group %s (rank %s)", step, len(scale.Steps), e.Group, rank)))
		return
	}
	if coef != 0 && int(coef) != want {
		emit(finding("R-LUONG-002", SeverityError, base+"/HeSoLuong",
			fmt.Sprintf("hệ số lương %s không đúng; nhóm %s bậc %d có hệ số %s", coef, e.Group, step, Decimal2(want)),
			fmt.Sprintf("coefficient %s is wrong; group %s step %d has %s", coef, e.Group, step, Decimal2(want))))
	}
}

// address checks the code of an administrative unit: a province (2 digits,
// current or pre-2025) or a commune (5 digits).
func (c *checker) address(a *Address, base string, emit func(Finding)) {
	c.text(a.Detail, base+"/ChiTiet", emit)
	code := a.UnitCode
	if code == "" || (a.Country != "" && a.Country != "VN") {
		return
	}
	switch len(code) {
	case 2:
		for _, name := range []string{codelist.ListProvince, codelist.ListProvincePre2025} {
			if l, ok := c.lists[name]; ok {
				if _, ok := l.Lookup(code); ok {
					return
				}
			}
		}
	case 5:
		if codelist.ValidCommuneCode(code) {
			return
		}
	}
	emit(finding("R-CODE-001", SeverityError, base+"/MaDonViHanhChinh",
		fmt.Sprintf("mã đơn vị hành chính %q không phải mã tỉnh (danh mục Tinh hoặc TinhTruoc2025) hay mã xã 5 chữ số", code),
		fmt.Sprintf("administrative unit %q is not a province code (lists Tinh or TinhTruoc2025) or a 5-digit commune code", code)))
}

// text reports free text that is not NFC or has stray spaces (R-TXT-001).
func (c *checker) text(s, ptr string, emit func(Finding)) {
	if s == "" {
		return
	}
	if s != NormalizeText(s) {
		emit(finding("R-TXT-001", SeverityWarning, ptr,
			fmt.Sprintf("văn bản %q chưa chuẩn hóa (NFC, khoảng trắng thừa); dạng chuẩn: %q", s, NormalizeText(s)),
			fmt.Sprintf("text %q is not normalised (NFC, stray spaces); normalised: %q", s, NormalizeText(s))))
	}
}

// name checks a person's name: no digits or control characters
// (R-TXT-002), and normalised (R-TXT-001).
func (c *checker) name(s, ptr string, emit func(Finding)) {
	for _, r := range s {
		if unicode.IsDigit(r) || unicode.IsControl(r) || r == utf8.RuneError {
			emit(finding("R-TXT-002", SeverityError, ptr,
				fmt.Sprintf("họ tên %q chứa chữ số hoặc ký tự điều khiển", s),
				fmt.Sprintf("name %q contains a digit or a control character", s)))
			return
		}
	}
	c.text(s, ptr, emit)
}

// NormalizeText returns s in NFC, trimmed, with runs of spaces collapsed to
// one: the form rule R-TXT-001 asks for.
func NormalizeText(s string) string {
	if isNormalASCII(s) {
		return s
	}
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// isNormalASCII is the fast path: ASCII without stray spaces.
func isNormalASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// change checks a BienDong record.
func (c *checker) change(i int, ch *Change, emit func(Finding)) {
	if ch.ID != [16]byte{} {
		if c.changeIDs == nil {
			c.changeIDs = map[[16]byte]struct{}{}
		}
		if _, dup := c.changeIDs[ch.ID]; dup {
			emit(finding("R-DUP-001", SeverityError, at(i, "MaBienDong"),
				fmt.Sprintf("MaBienDong %s đã có ở một bản ghi trước trong gói tin", ch.ID),
				fmt.Sprintf("MaBienDong %s already appears in an earlier record of the packet", ch.ID)))
		} else {
			c.changeIDs[ch.ID] = struct{}{}
		}
	}
	c.code(codelist.ListChangeKind, ch.Kind, at(i, "LoaiBienDong"), emit)
	if d := ch.Decision; d != nil {
		c.future(d.Date, at(i, "QuyetDinh", "Ngay"), emit)
		c.text(d.Issuer, at(i, "QuyetDinh", "CoQuan"), emit)
	}
}

// match checks a KetQuaDoiKhop record.
func (c *checker) match(i int, m *MatchResult, emit func(Finding)) {
	c.code(codelist.ListMatchSource, m.Source, at(i, "Nguon"), emit)
	if !m.MatchedAt.IsZero() && m.MatchedAt.After(c.now.Add(c.skew)) {
		emit(finding("R-DATE-001", SeverityError, at(i, "ThoiGianDoiKhop"),
			fmt.Sprintf("ThoiGianDoiKhop %s ở tương lai", m.MatchedAt.Format(time.RFC3339)),
			fmt.Sprintf("ThoiGianDoiKhop %s is in the future", m.MatchedAt.Format(time.RFC3339))))
	}
}

// result checks a KetQuaXuLy record: nothing beyond the schema yet.
func (c *checker) result(int, *ProcessingResult, func(Finding)) {}
