package packettest

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Defect is a mistake the generator makes on purpose, so that tests and
// demos can show a rule at work. Each breaks the rule Rule names, at the
// value Field points to, and on a profile the generator made no other
// rule: a validator reports exactly one finding for it.
//
// Only mistakes the model can hold are defects. Those that need a value
// the model's types refuse — a personal ID of 11 digits (R-ID-002), a
// malformed agency code (R-ID-001), a duplicate JSON key (R-FMT-002) —
// are made at the byte level, by editing an encoded packet.
//
// Injecting a defect draws nothing from the random stream: the other
// records of a packet are the same with and without defects.
type Defect int

// The defects, each named after what it does.
const (
	// DefectGenderDigit flips GioiTinh, which then disagrees with the
	// personal ID's century/gender digit: R-ID-003.
	DefectGenderDigit Defect = iota + 1
	// DefectBirthYear moves NgaySinh a year earlier (a year later for a
	// birth in 2000, to keep the century), so that it disagrees with the
	// personal ID's year digits: R-ID-004.
	DefectBirthYear
	// DefectOwner sets MaDonViQuanLy to a unit of another province
	// (000.00.12.H49, or 000.00.12.H41 for a sender under H49): R-OWN-001.
	DefectOwner
	// DefectDuplicate repeats the previous record, as it was made before
	// any defect: the same personal ID twice, R-DUP-001, reported on the
	// second. Record 0 has no previous record: the first later record
	// without a defect of its own repeats record 0 instead.
	DefectDuplicate
	// DefectFutureDate sets Ngach/NgayHuong a year after today: R-DATE-001.
	DefectFutureDate
	// DefectUnder18 sets TuyenDung/NgayTuyenDung to the day before the
	// 18th birthday: R-DATE-002.
	DefectUnder18
	// DefectPeriodOrder ends the first work period the day before it
	// starts: R-DATE-003.
	DefectPeriodOrder
	// DefectOverlap starts the second work period a month before the first
	// ends, or, with a single period, adds a second, concurrent one:
	// R-DATE-004, a warning.
	DefectOverlap
	// DefectPartyDates dates NgayChinhThuc a year before NgayVaoDang (the
	// two dates swapped): R-DATE-005.
	DefectPartyDates
	// DefectPartialBirthDate keeps only the year of NgaySinh: R-DATE-006,
	// a warning.
	DefectPartialBirthDate
	// DefectUnknownCode sets DanToc to "99", which list DanToc lacks:
	// R-CODE-001.
	DefectUnknownCode
	// DefectSalaryStep sets Ngach/BacLuong one past the last step of the
	// rank's salary group: R-LUONG-001.
	DefectSalaryStep
	// DefectSalaryCoefficient sets Ngach/HeSoLuong to the coefficient of
	// the next step (of the previous one at the last step): R-LUONG-002.
	DefectSalaryCoefficient
	// DefectSpaces doubles the space after the family name in HoVaTen:
	// R-TXT-001, a warning.
	DefectSpaces
	// DefectNameDigits appends " 2" to HoVaTen, as some systems number
	// namesakes: R-TXT-002.
	DefectNameDigits

	// The defects of the format 2.0 groups: they make members that only
	// format 2.0 has, so a 1.0 generator's packets get schema findings too.

	// DefectServiceDate starts the first allowance (PhuCap) the day
	// before recruitment: R-DATE-007.
	DefectServiceDate
	// DefectHeight writes the height (SucKhoe/ChieuCao) in metres, 2:
	// R-SK-001.
	DefectHeight
	// DefectAllowanceBoth gives the first allowance both a coefficient and
	// a percentage: R-PC-001, at its PhanTram.
	DefectAllowanceBoth
	// DefectSecondments replaces the transfers by two secondments under
	// way at once: R-DC-001, at the second.
	DefectSecondments
	// DefectGradeTwice grades the first year graded a second time, as the
	// next item: R-DG-001.
	DefectGradeTwice
	// DefectElection gives a person who is no cadre (a cadre becomes a
	// civil servant) a position held by election (BAU_CU): R-KIND-001.
	DefectElection
)

type defectInfo struct {
	name, rule, field string
	severity          packet.Severity
	vi, en            string
}

var defectInfos = [...]defectInfo{
	DefectGenderDigit:       {"gender-digit", packet.RulePersonalIDGender, "/SoDinhDanh", packet.SeverityError, "Số định danh cá nhân (SoDinhDanh): chữ số thứ 4 không khớp giới tính (GioiTinh). Đề nghị đối chiếu thẻ căn cước.", "the personal ID's gender digit disagrees with GioiTinh"},
	DefectBirthYear:         {"birth-year", packet.RulePersonalIDYear, "/SoDinhDanh", packet.SeverityError, "Số định danh cá nhân (SoDinhDanh): chữ số thứ 5-6 không khớp năm sinh (NgaySinh). Đề nghị đối chiếu thẻ căn cước.", "the personal ID's year digits disagree with NgaySinh"},
	DefectOwner:             {"owner", packet.RuleOwner, "/MaDonViQuanLy", packet.SeverityError, "Mã định danh cơ quan quản lý (MaDonViQuanLy) không phải đơn vị gửi hay đơn vị trực thuộc. Đề nghị đối chiếu cơ quan quản lý của hồ sơ.", "MaDonViQuanLy is neither the sender nor a unit under it"},
	DefectDuplicate:         {"duplicate", packet.RuleDuplicate, "/SoDinhDanh", packet.SeverityError, "Số định danh cá nhân (SoDinhDanh) đã có ở một bản ghi trước của gói tin. Đề nghị gộp hai hồ sơ làm một.", "SoDinhDanh already appears in an earlier record of the packet"},
	DefectFutureDate:        {"future-date", packet.RuleDateFuture, "/Ngach/NgayHuong", packet.SeverityError, "Ngày hưởng (NgayHuong) của ngạch hoặc chức danh nghề nghiệp ở tương lai. Đề nghị đối chiếu quyết định và ghi đúng ngày.", "NgayHuong is in the future"},
	DefectUnder18:           {"under-18", packet.RuleDateUnderage, "/TuyenDung/NgayTuyenDung", packet.SeverityError, "Ngày tuyển dụng (NgayTuyenDung): người được tuyển dụng chưa đủ 18 tuổi. Đề nghị đối chiếu quyết định tuyển dụng và ngày sinh.", "the person was recruited before the age of 18"},
	DefectPeriodOrder:       {"period-order", packet.RuleDatePeriod, "/QuaTrinhCongTac/0/DenNgay", packet.SeverityError, "Đến ngày (DenNgay) của quá trình công tác thứ 1 trước từ ngày (TuNgay). Đề nghị đối chiếu văn bản gốc và ghi đúng hai ngày.", "a work period ends before it starts"},
	DefectOverlap:           {"overlap", packet.RuleDateOverlap, "/QuaTrinhCongTac/1/TuNgay", packet.SeverityWarning, "Quá trình công tác thứ 2 trùng thời gian với quá trình công tác thứ 1. Đề nghị đối chiếu quyết định và ghi đúng từ ngày, đến ngày.", "two work periods overlap"},
	DefectPartyDates:        {"party-dates", packet.RuleDateOrder, "/DangVien/NgayChinhThuc", packet.SeverityError, "Ngày chính thức (NgayChinhThuc) trước ngày vào Đảng (NgayVaoDang). Đề nghị đối chiếu hồ sơ đảng viên.", "NgayChinhThuc is before NgayVaoDang"},
	DefectPartialBirthDate:  {"partial-birth-date", packet.RuleDatePartialBirth, "/NgaySinh", packet.SeverityWarning, "Ngày sinh (NgaySinh) chỉ có năm sinh. Đề nghị bổ sung ngày, tháng sinh theo thẻ căn cước.", "NgaySinh gives only the year"},
	DefectUnknownCode:       {"unknown-code", packet.RuleCode, "/DanToc", packet.SeverityError, "Dân tộc (DanToc) không có trong danh mục dùng chung. Đề nghị ghi một mã của danh mục này.", "DanToc is not in code list DanToc"},
	DefectSalaryStep:        {"salary-step", packet.RuleSalaryStep, "/Ngach/BacLuong", packet.SeverityError, "Bậc lương (BacLuong) ngoài các bậc của nhóm lương. Đề nghị đối chiếu quyết định xếp lương.", "BacLuong is outside the steps of the salary group"},
	DefectSalaryCoefficient: {"salary-coefficient", packet.RuleSalaryCoeff, "/Ngach/HeSoLuong", packet.SeverityError, "Hệ số lương (HeSoLuong) không đúng hệ số của bậc lương. Đề nghị đối chiếu quyết định xếp lương.", "HeSoLuong is not the coefficient of the step"},
	DefectSpaces:            {"spaces", packet.RuleTextNormal, "/HoVaTen", packet.SeverityWarning, "Họ và tên (HoVaTen) có khoảng trắng kép. Đề nghị bỏ khoảng trắng thừa.", "HoVaTen has a double space"},
	DefectNameDigits:        {"name-digits", packet.RuleNameCharacter, "/HoVaTen", packet.SeverityError, "Họ và tên (HoVaTen) có chữ số. Đề nghị đối chiếu thẻ căn cước và ghi đúng họ tên.", "HoVaTen has a digit"},
	DefectServiceDate:       {"service-date", packet.RuleDateService, "/PhuCap/0/TuNgay", packet.SeverityError, "Từ ngày (TuNgay) của phụ cấp thứ 1 trước ngày tuyển dụng. Đề nghị đối chiếu quyết định hưởng phụ cấp.", "an allowance starts before recruitment"},
	DefectHeight:            {"height", packet.RuleHealthRange, "/SucKhoe/ChieuCao", packet.SeverityError, "Chiều cao (ChieuCao) ghi bằng mét, không phải xăng-ti-mét. Đề nghị ghi chiều cao theo xăng-ti-mét.", "the height is in metres"},
	DefectAllowanceBoth:     {"allowance-both", packet.RuleAllowanceAmount, "/PhuCap/0/PhanTram", packet.SeverityError, "Phụ cấp thứ 1 có cả hệ số (HeSo) và tỷ lệ phần trăm (PhanTram). Đề nghị chỉ ghi một trong hai.", "an allowance has both a coefficient and a percentage"},
	DefectSecondments:       {"secondments", packet.RuleSecondment, "/DieuChuyen/1/TuNgay", packet.SeverityError, "Hai lần biệt phái trùng thời gian. Đề nghị ghi đến ngày (DenNgay) của lần biệt phái trước.", "two secondments at once"},
	DefectGradeTwice:        {"grade-twice", packet.RuleGradeYear, "/DanhGiaXepLoai/1/Nam", packet.SeverityError, "Một năm được đánh giá, xếp loại chất lượng hai lần. Đề nghị giữ một kết quả của năm đó.", "a year graded twice"},
	DefectElection:          {"election", packet.RulePersonKind, "/BoNhiem/0/HinhThuc", packet.SeverityError, "Hình thức (HinhThuc) bầu cử: công chức không giữ chức vụ do bầu cử. Đề nghị đối chiếu quyết định bổ nhiệm.", "a civil servant holds a position by election"},
}

// Defects returns every defect, in order.
func Defects() []Defect {
	var out []Defect
	for d := DefectGenderDigit; d <= DefectElection; d++ {
		out = append(out, d)
	}
	return out
}

// DefectsFor returns the defects a generator of format version phienBan
// ("1.0", "2.0"; "" is packet.Version) can make: those of the ten data
// groups need format 2.0.
func DefectsFor(phienBan string) []Defect {
	n, err := packet.MajorVersion(cmp.Or(phienBan, packet.Version))
	if err == nil && n >= 2 {
		return Defects()
	}
	return Defects()[:DefectNameDigits]
}

func (d Defect) valid() bool { return d >= DefectGenderDigit && d <= DefectElection }

// String returns the defect's name, e.g. "gender-digit".
func (d Defect) String() string {
	if !d.valid() {
		return "Defect(" + strconv.Itoa(int(d)) + ")"
	}
	return defectInfos[d].name
}

// Rule returns the code of the rule the defect breaks, e.g. "R-ID-003";
// "" for an unknown defect.
func (d Defect) Rule() string {
	if !d.valid() {
		return ""
	}
	return defectInfos[d].rule
}

// Field returns the JSON Pointer, within the record, of the value the
// rule's finding points to, e.g. "/SoDinhDanh": a validator reports the
// defect of record i at /DuLieu/i followed by it.
func (d Defect) Field() string {
	if !d.valid() {
		return ""
	}
	return defectInfos[d].field
}

// Severity returns the severity of the rule the defect breaks: LOI, or
// CANH_BAO for DefectOverlap, DefectPartialBirthDate and DefectSpaces.
func (d Defect) Severity() packet.Severity {
	if !d.valid() {
		return ""
	}
	return defectInfos[d].severity
}

// finding returns the finding a validator reports for the defect in record
// i, with a short message.
func (d Defect) finding(i int) packet.Finding {
	in := defectInfos[d]
	return packet.Finding{Rule: in.rule, Severity: in.severity, Pointer: packet.RecordPointer(i, in.field),
		MessageVI: in.vi, MessageEN: in.en}
}

// ParseDefect returns the defect with the given name.
func ParseDefect(name string) (Defect, bool) {
	for _, d := range Defects() {
		if d.String() == name {
			return d, true
		}
	}
	return 0, false
}

// defectFor returns the defect record i gets: with DefectEvery k, every
// k-th record gets the next defect in turn; by default record i gets
// defect i, so each defect appears once, in the first records.
func (g *Generator) defectFor(i int) (Defect, bool) {
	ds := g.opt.Defects
	if len(ds) == 0 {
		return 0, false
	}
	k := g.opt.DefectEvery
	if k <= 0 {
		if i < len(ds) && ds[i].valid() {
			return ds[i], true
		}
		return 0, false
	}
	if i%k != 0 {
		return 0, false
	}
	d := ds[(i/k)%len(ds)]
	return d, d.valid()
}

// inject makes defect d in p, a profile the generator made. It draws
// nothing from the random stream, and replaces rather than edits the
// slices it changes, which p may share.
func (g *Generator) inject(d Defect, p *packet.Profile) {
	birth := p.BirthDate.Earliest()
	switch d {
	case DefectGenderDigit:
		if p.Gender == identifier.GenderMale.Code() {
			p.Gender = identifier.GenderFemale.Code()
		} else {
			p.Gender = identifier.GenderMale.Code()
		}
	case DefectBirthYear:
		n := -1
		if birth.Year()%100 == 0 {
			n = 1
		}
		p.BirthDate = packet.PartialDateOf(birth.AddYears(n))
	case DefectOwner:
		other := "H49"
		if g.opt.Sender.Level1() == other {
			other = "H41"
		}
		p.ManagingUnit = identifier.MustParseAgencyCode("000.00.12." + other).In(g.opt.Sender.Form())
	case DefectFutureDate:
		p.Rank.Since = g.today.AddYears(1)
	case DefectUnder18:
		p.Recruitment.Date = addDays(birth.AddYears(18), -1)
	case DefectPeriodOrder:
		ws := slices.Clone(p.WorkHistory)
		ws[0].To = addDays(ws[0].From, -1)
		p.WorkHistory = ws
	case DefectOverlap:
		ws := slices.Clone(p.WorkHistory)
		if len(ws) >= 2 && !ws[0].To.IsZero() {
			ws[1].From = maxDate(addMonths(ws[0].To, -1), addDays(ws[0].From, 1))
		} else {
			first := ws[0]
			concurrent := packet.WorkPeriod{From: addDays(first.From, max(0, daysBetween(first.From, g.today))/2),
				Unit: first.Unit, Position: "Kiêm nhiệm " + first.Position}
			if first.Position == "" {
				concurrent.Position = "Kiêm nhiệm"
			}
			ws = append([]packet.WorkPeriod{first, concurrent}, ws[1:]...)
		}
		p.WorkHistory = ws
	case DefectPartyDates:
		if p.Party != nil && !p.Party.Official.IsZero() {
			p.Party = &packet.PartyMembership{Joined: p.Party.Official, Official: p.Party.Joined}
		} else {
			joined := p.Recruitment.Date
			p.Party = &packet.PartyMembership{Joined: joined, Official: joined.AddYears(-1)}
		}
	case DefectPartialBirthDate:
		p.BirthDate, _ = packet.YearOnly(birth.Year()) // the year of a real date: never an error
	case DefectUnknownCode:
		p.Ethnicity = "99"
	case DefectSalaryStep:
		p.Rank.Step = len(g.scales[p.Rank.Code]) + 1
	case DefectSalaryCoefficient:
		steps := g.scales[p.Rank.Code]
		s := p.Rank.Step // the next step's coefficient is steps[s]
		if s >= len(steps) {
			s -= 2
		}
		p.Rank.Coefficient = packet.Decimal2(steps[s])
	case DefectSpaces:
		p.FullName = replaceFirstSpace(p.FullName, "  ")
	case DefectNameDigits:
		p.FullName += " 2"
	default:
		g.injectGroups(d, p)
	}
}

// injectGroups makes the defects of the format 2.0 groups.
func (g *Generator) injectGroups(d Defect, p *packet.Profile) {
	recruited := p.Recruitment.Date
	switch d {
	case DefectServiceDate:
		as := slices.Clone(p.Allowances)
		if len(as) == 0 {
			as = []packet.Allowance{{Kind: "KHAC", Coefficient: packet.Decimal2(10)}}
		}
		as[0].From, as[0].To = addDays(recruited, -1), packet.Date{}
		p.Allowances = as
	case DefectHeight:
		h := packet.Health{Condition: "TOT", WeightKG: 60, BloodType: "O+", Examined: g.today}
		if p.Health != nil {
			h = *p.Health
		}
		h.HeightCM = 2
		p.Health = &h
	case DefectAllowanceBoth:
		as := slices.Clone(p.Allowances)
		if len(as) == 0 {
			as = []packet.Allowance{{Kind: "KHAC", From: recruited}}
		}
		pct := 10
		as[0].Percent = &pct
		if as[0].Coefficient == 0 {
			as[0].Coefficient = packet.Decimal2(10)
		}
		p.Allowances = as
	case DefectSecondments:
		first := minDate(recruited.AddYears(1), g.today)
		second := maxDate(first, addDays(g.today, -30))
		dec := func(day packet.Date) packet.Decision {
			return packet.Decision{Number: "1/QĐ-BP", Date: day, Issuer: p.Recruitment.Agency}
		}
		p.Transfers = []packet.Transfer{
			{Kind: "BIET_PHAI", From: first, Unit: "Ủy ban nhân dân xã", Decision: dec(first)},
			{Kind: "BIET_PHAI", From: second, Unit: "Văn phòng Ủy ban nhân dân tỉnh", Decision: dec(second)},
		}
	case DefectGradeTwice:
		gs := p.Grades
		if len(gs) == 0 {
			gs = []packet.YearlyGrade{{Year: recruited.Year(), Grade: "HTNV"}}
		}
		again := packet.YearlyGrade{Year: gs[0].Year, Grade: "HTNV"}
		p.Grades = slices.Concat(gs[:1], []packet.YearlyGrade{again}, gs[1:])
	case DefectElection:
		if p.PersonKind == identifier.Cadre.Code() {
			p.PersonKind = identifier.CivilServant.Code()
		}
		title := "Phó Chủ tịch Hội đồng nhân dân"
		if p.Position != nil {
			title = p.Position.Title
		}
		p.Appointments = []packet.Appointment{{Position: title, Form: "BAU_CU", From: recruited,
			Decision: packet.Decision{Number: "1/NQ-HĐND", Date: recruited, Issuer: "Hội đồng nhân dân"}}}
	}
}

func replaceFirstSpace(s, with string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i] + with + s[i+1:]
		}
	}
	return s + with
}
