package packet

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
)

// The semantic layer is tested on models built here, as the decoder would
// build them, from the spec's examples/hoso.json; each case breaks one rule
// (or probes one branch of it) and asserts the exact findings.

var semICT = time.FixedZone("ICT", 7*60*60)

// semNow is the clock of examples/hoso.json.
var semNow = time.Date(2026, 11, 26, 10, 0, 0, 0, semICT)

func semMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func semDate(s string) Date           { return semMust(ParseDate(s)) }
func semPartial(s string) PartialDate { return semMust(ParsePartialDate(s)) }
func semDec(s string) Decimal2        { return semMust(ParseDecimal2(s)) }
func semTime(s string) time.Time      { return semMust(time.Parse(time.RFC3339, s)) }
func semAgency(s string) identifier.AgencyCode {
	return identifier.MustParseAgencyCode(s)
}
func semPID(s string) identifier.PersonalID { return identifier.MustParsePersonalID(s) }
func semInt(n int) *int                     { return &n }

// semHeader is the header of examples/hoso.json, for a packet of n records.
func semHeader(n int) Header {
	return Header{
		ID:          uuid.MustParse("0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e"),
		Kind:        KindProfiles,
		Version:     Version,
		Sender:      semAgency("000.00.00.H29"),
		Receiver:    semAgency("000.00.00.G09"),
		Created:     semTime("2026-11-26T10:00:00+07:00"),
		RecordCount: n,
		Software:    "QLCB mẫu 1.0",
	}
}

// semProfiles returns the three profiles of examples/hoso.json, new each
// time, so that a case may change them.
func semProfiles() []Profile {
	return []Profile{
		{
			PersonalID: semPID("079085001234"),
			FullName:   "Nguyễn Văn An",
			Gender:     "1",
			BirthDate:  semPartial("1985-03-12"),
			Birthplace: Address{UnitCode: "79", Detail: "Phường Sài Gòn", Country: "VN"},
			Hometown:   Address{UnitCode: "40", Detail: "Xã Nam Đàn", Country: "VN"},
			PermanentAddress: &Address{
				UnitCode: "79", Detail: "12 Lê Lợi, Phường Sài Gòn", Country: "VN",
			},
			Ethnicity:       "01",
			Religion:        "00",
			Nationality:     "VN",
			SocialInsurance: semMust(identifier.ParseSocialInsuranceNumber("7912345678")),
			Phone:           "+84901234567",
			Email:           "nvan@snv.hochiminhcity.gov.vn",
			PersonKind:      "CC",
			ManagingUnit:    semAgency("000.00.12.H29"),
			WorkingUnit:     semAgency("000.00.12.H29"),
			Recruitment: Recruitment{
				Date:   semDate("2008-09-01"),
				Agency: "Sở Nội vụ TP. Hồ Chí Minh",
				Form:   "THI_TUYEN",
			},
			JobPosition: "Chuyên viên quản lý công chức",
			Rank: Rank{
				Code: "01.003", Step: 6, Coefficient: semDec("3.99"),
				Since: semDate("2023-09-01"), ExtraPercent: semInt(0),
			},
			Education: Education{
				GeneralSchool:   "12/12",
				Professional:    "DAI_HOC",
				PoliticalTheory: "TRUNG_CAP",
				StateManagement: "CHUYEN_VIEN",
				Languages:       []LanguageLevel{{Language: "Tiếng Anh", Level: "B1"}},
				IT:              "Ứng dụng công nghệ thông tin cơ bản",
			},
			Party: &PartyMembership{Joined: semDate("2012-05-19"), Official: semDate("2013-05-19")},
			WorkHistory: []WorkPeriod{
				{From: semDate("2008-09-01"), To: semDate("2015-12-31"), Unit: "Phòng Tổ chức, Sở Nội vụ TP. Hồ Chí Minh", Position: "Chuyên viên"},
				{From: semDate("2016-01-01"), Unit: "Phòng Công chức, viên chức, Sở Nội vụ TP. Hồ Chí Minh", Position: "Chuyên viên"},
			},
			SalaryHistory: []SalaryStep{
				{Since: semDate("2020-09-01"), RankCode: "01.003", Step: 5, Coefficient: semDec("3.66")},
				{Since: semDate("2023-09-01"), RankCode: "01.003", Step: 6, Coefficient: semDec("3.99")},
			},
			Training: []Course{{
				From: semDate("2003-09-01"), To: semDate("2007-06-30"),
				Institution: "Trường Đại học Khoa học Xã hội và Nhân văn, ĐHQG TP. Hồ Chí Minh",
				Major:       "Hành chính học", Form: "CHINH_QUY", Degree: "Cử nhân",
			}},
			Awards:    []Award{{Year: 2021, Form: "Bằng khen của Chủ tịch UBND TP. Hồ Chí Minh", Decision: "1234/QĐ-UBND"}},
			Relatives: []Relative{{Relation: "VO", FullName: "Trần Thị Bình", BirthYear: 1987, Details: "Giáo viên"}},
			Status:    "DANG_CONG_TAC",
			UpdatedAt: semTime("2026-11-20T09:30:00+07:00"),
		},
		{
			PersonalID:   semPID("040192004567"),
			FullName:     "Lê Thị Hồng Nhung",
			Gender:       "2",
			BirthDate:    semPartial("1992-11-02"),
			Birthplace:   Address{UnitCode: "40", Detail: "Xã Diễn Châu", Country: "VN"},
			Hometown:     Address{UnitCode: "40", Detail: "Xã Diễn Châu", Country: "VN"},
			Ethnicity:    "01",
			Religion:     "02",
			Nationality:  "VN",
			PersonKind:   "VC",
			ManagingUnit: semAgency("000.00.15.H29"),
			WorkingUnit:  semAgency("000.01.15.H29"),
			Recruitment: Recruitment{
				Date:   semDate("2015-08-15"),
				Agency: "Sở Giáo dục và Đào tạo TP. Hồ Chí Minh",
				Form:   "XET_TUYEN",
			},
			JobPosition: "Giáo viên trung học phổ thông",
			Rank:        Rank{Code: "V.07.05.15", Step: 4, Coefficient: semDec("3.33"), Since: semDate("2024-08-15")},
			Education: Education{
				GeneralSchool: "12/12", Professional: "THAC_SI", PoliticalTheory: "SO_CAP", StateManagement: "CHUA_QUA_DAO_TAO",
			},
			WorkHistory: []WorkPeriod{{From: semDate("2015-08-15"), Unit: "Trường THPT Nguyễn Thị Minh Khai", Position: "Giáo viên"}},
			Status:      "DANG_CONG_TAC",
			UpdatedAt:   semTime("2026-11-18T14:05:00+07:00"),
		},
		{
			PersonalID:   semPID("001068009876"),
			OldIDCard:    "012345678",
			FullName:     "Phạm Quốc Hùng",
			Gender:       "1",
			BirthDate:    semPartial("1968"),
			Birthplace:   Address{UnitCode: "01", Country: "VN"},
			Hometown:     Address{UnitCode: "37", Country: "VN"},
			Ethnicity:    "01",
			Religion:     "00",
			Nationality:  "VN",
			PersonKind:   "CB",
			ManagingUnit: semAgency("000.00.00.H29"),
			WorkingUnit:  semAgency("000.00.00.H29"),
			Recruitment: Recruitment{
				Date:   semDate("1990-03-01"),
				Agency: "UBND TP. Hồ Chí Minh",
				Form:   "TIEP_NHAN",
			},
			Position: &Position{Title: "Phó Chủ tịch UBND", Appointed: semDate("2021-06-01"), Allowance: semDec("1.1")},
			Rank:     Rank{Code: "01.001", Step: 4, Coefficient: semDec("7.28"), Since: semDate("2022-01-01")},
			Education: Education{
				GeneralSchool: "10/10", Professional: "TIEN_SI", PoliticalTheory: "CAO_CAP", StateManagement: "CHUYEN_VIEN_CAO_CAP",
			},
			Party: &PartyMembership{Joined: semDate("1995-02-03"), Official: semDate("1996-02-03")},
			Disciplines: []Discipline{{
				Date: semDate("2010-04-01"), Form: "KHIEN_TRACH", Decision: "45/QĐ-UBND", Reason: "Chậm nộp báo cáo định kỳ",
			}},
			Status:    "DANG_CONG_TAC",
			UpdatedAt: semTime("2026-11-25T08:00:00+07:00"),
		},
	}
}

// semBase is the first profile of examples/hoso.json: valid, no finding.
func semBase() Profile { return semProfiles()[0] }

// semFindings collects findings and checks each has its messages.
type semFindings struct {
	t  testing.TB
	fs []Finding
}

func (s *semFindings) emit(f Finding) {
	if f.MessageVI == "" || f.MessageEN == "" {
		s.t.Errorf("finding %s at %s lacks a message: %+v", f.Rule, f.Pointer, f)
	}
	if r, ok := LookupRule(f.Rule); !ok || r.Severity != f.Severity {
		s.t.Errorf("finding %+v: rule unknown or severity not the catalogue's", f)
	}
	s.fs = append(s.fs, f)
}

func semChecker(now time.Time) *checker {
	return newChecker(checkerConfig{Now: now})
}

// semCheckProfiles checks a HOSO packet of the profiles with header h, in
// order: header, records, finish.
func semCheckProfiles(t testing.TB, h Header, ps ...Profile) []Finding {
	t.Helper()
	s := &semFindings{t: t}
	c := semChecker(semNow)
	c.header(&h, s.emit)
	for i := range ps {
		// In the order of the record's fields, as the Validator gives them.
		rec := &semFindings{t: t}
		c.record(i, &ps[i], rec.emit)
		sortFindings(rec.fs, profileInfo(), i)
		s.fs = append(s.fs, rec.fs...)
	}
	c.finish(len(ps), s.emit)
	return s.fs
}

var semIgnoreMessages = cmpopts.IgnoreFields(Finding{}, "MessageVI", "MessageEN")

func semErr(rule, ptr string) Finding {
	return Finding{Rule: rule, Severity: SeverityError, Pointer: ptr}
}
func semWarn(rule, ptr string) Finding {
	return Finding{Rule: rule, Severity: SeverityWarning, Pointer: ptr}
}

func semDiff(t *testing.T, want, got []Finding) {
	t.Helper()
	if diff := cmp.Diff(want, got, semIgnoreMessages, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
		for _, f := range got {
			t.Logf("%s %s: %s / %s", f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
		}
	}
}

// The three profiles of examples/hoso.json have no error; the third one's
// year-only birth date is the one warning.
func TestCheckSpecProfiles(t *testing.T) {
	got := semCheckProfiles(t, semHeader(3), semProfiles()...)
	semDiff(t, []Finding{semWarn(RuleDatePartialBirth, "/DuLieu/2/NgaySinh")}, got)
}

// A record of zero values (what the decoder leaves for values it could not
// parse, and the schema reports as missing) gives no semantic finding.
func TestSemanticZeroValuesSkipped(t *testing.T) {
	semDiff(t, nil, semCheckProfiles(t, semHeader(1), Profile{}))
	s := &semFindings{t: t}
	c := semChecker(semNow)
	h := Header{}
	c.header(&h, s.emit)
	c.record(0, &Change{Decision: &Decision{}}, s.emit)
	c.record(1, &MatchResult{}, s.emit)
	c.record(2, &ProcessingResult{}, s.emit)
	semDiff(t, nil, s.fs)
}

const p0 = "/DuLieu/0/"

// semCases are mutations of semBase, each with the exact findings it gives.
var semCases = []struct {
	name string
	mut  func(p *Profile)
	want []Finding
}{
	{"valid", func(p *Profile) {}, nil},

	// R-ID-003, R-ID-004.
	{"gender disagrees with ID", func(p *Profile) { p.Gender = "2" },
		[]Finding{semErr(RulePersonalIDGender, p0+"SoDinhDanh")}},
	{"century disagrees with ID", func(p *Profile) { p.PersonalID = semPID("079285001234") },
		[]Finding{semErr(RulePersonalIDGender, p0+"SoDinhDanh")}},
	{"year digits disagree", func(p *Profile) { p.BirthDate = semPartial("1984-03-12") },
		[]Finding{semErr(RulePersonalIDYear, p0+"SoDinhDanh")}},
	{"year digits of a year-only birth date", func(p *Profile) { p.BirthDate = semPartial("1984") },
		[]Finding{semErr(RulePersonalIDYear, p0+"SoDinhDanh"), semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"unknown gender: no ID check, code finding", func(p *Profile) { p.Gender = "3" },
		[]Finding{semErr(RuleCode, p0+"GioiTinh")}},
	{"absent ID: nothing to check", func(p *Profile) { p.PersonalID = identifier.PersonalID{}; p.Gender = "2" }, nil},

	// R-OWN-001.
	{"managing unit of another province", func(p *Profile) { p.ManagingUnit = semAgency("000.00.12.H30") },
		[]Finding{semErr(RuleOwner, p0+"MaDonViQuanLy")}},
	{"managing unit is the sender", func(p *Profile) { p.ManagingUnit = semAgency("000.00.00.H29") }, nil},
	{"managing unit under the sender, Decision 20 form", func(p *Profile) { p.ManagingUnit = semAgency("H29.12.01") }, nil},
	{"managing unit is the receiver", func(p *Profile) { p.ManagingUnit = semAgency("000.00.00.G09") },
		[]Finding{semErr(RuleOwner, p0+"MaDonViQuanLy")}},

	// R-DATE-001, field by field; today (2026-11-26) is not the future.
	{"birth date tomorrow", func(p *Profile) { semBare(p); p.BirthDate = semPartial("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"NgaySinh")}},
	{"birth date today", func(p *Profile) { semBare(p); p.BirthDate = semPartial("2026-11-26") }, nil},
	{"birth month next month", func(p *Profile) { semBare(p); p.BirthDate = semPartial("2026-12") },
		[]Finding{semErr(RuleDateFuture, p0+"NgaySinh"), semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"birth month this month: may be past", func(p *Profile) { semBare(p); p.BirthDate = semPartial("2026-11") },
		[]Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"birth year next year", func(p *Profile) { semBare(p); p.BirthDate = semPartial("2027") },
		[]Finding{semErr(RuleDateFuture, p0+"NgaySinh"), semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"recruited tomorrow", func(p *Profile) { p.Recruitment.Date = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"TuyenDung/NgayTuyenDung")}},
	{"recruited today", func(p *Profile) { p.Recruitment.Date = semDate("2026-11-26") }, nil},
	{"appointed tomorrow", func(p *Profile) { p.Position = &Position{Title: "Trưởng phòng", Appointed: semDate("2026-11-27")} },
		[]Finding{semErr(RuleDateFuture, p0+"ChucVu/NgayBoNhiem")}},
	{"rank step from tomorrow", func(p *Profile) { p.Rank.Since = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"Ngach/NgayHuong")}},
	{"joined the Party tomorrow", func(p *Profile) { p.Party = &PartyMembership{Joined: semDate("2026-11-27")} },
		[]Finding{semErr(RuleDateFuture, p0+"DangVien/NgayVaoDang")}},
	{"full Party member tomorrow", func(p *Profile) { p.Party.Official = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"DangVien/NgayChinhThuc")}},
	{"work period from tomorrow", func(p *Profile) { p.WorkHistory[1].From = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"QuaTrinhCongTac/1/TuNgay")}},
	{"work period to tomorrow", func(p *Profile) { p.WorkHistory[1].To = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"QuaTrinhCongTac/1/DenNgay")}},
	{"salary step from tomorrow", func(p *Profile) { p.SalaryHistory[1].Since = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"QuaTrinhLuong/1/NgayHuong")}},
	{"course from tomorrow", func(p *Profile) { p.Training[0].From = semDate("2026-11-27"); p.Training[0].To = Date{} },
		[]Finding{semErr(RuleDateFuture, p0+"DaoTaoBoiDuong/0/TuNgay")}},
	{"course to tomorrow", func(p *Profile) { p.Training[0].To = semDate("2026-11-27") },
		[]Finding{semErr(RuleDateFuture, p0+"DaoTaoBoiDuong/0/DenNgay")}},
	{"award next year", func(p *Profile) { p.Awards[0].Year = 2027 },
		[]Finding{semErr(RuleDateFuture, p0+"KhenThuong/0/Nam")}},
	{"award this year", func(p *Profile) { p.Awards[0].Year = 2026 }, nil},
	{"discipline tomorrow", func(p *Profile) {
		p.Disciplines = []Discipline{{Date: semDate("2026-11-27"), Form: "KHIEN_TRACH"}}
	}, []Finding{semErr(RuleDateFuture, p0+"KyLuat/0/NgayQuyetDinh")}},
	{"relative born next year", func(p *Profile) { p.Relatives[0].BirthYear = 2027 },
		[]Finding{semErr(RuleDateFuture, p0+"QuanHeGiaDinh/0/NamSinh")}},
	{"updated beyond the skew", func(p *Profile) { p.UpdatedAt = semNow.Add(5*time.Minute + time.Second) },
		[]Finding{semErr(RuleDateFuture, p0+"NgayCapNhat")}},
	{"updated within the skew", func(p *Profile) { p.UpdatedAt = semNow.Add(5 * time.Minute) }, nil},
	{"updated within the skew, in UTC", func(p *Profile) { p.UpdatedAt = semNow.Add(4 * time.Minute).UTC() }, nil},

	// R-DATE-002: 18 on 2003-03-12.
	{"recruited one day before 18", func(p *Profile) { p.Recruitment.Date = semDate("2003-03-11") },
		[]Finding{semErr(RuleDateUnderage, p0+"TuyenDung/NgayTuyenDung")}},
	{"recruited on the 18th birthday", func(p *Profile) { p.Recruitment.Date = semDate("2003-03-12") }, nil},
	{"year-only birth: under 18 even if born 1 January", func(p *Profile) {
		p.BirthDate = semPartial("1985")
		p.Recruitment.Date = semDate("2002-12-31")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh"), semErr(RuleDateUnderage, p0+"TuyenDung/NgayTuyenDung")}},
	{"year-only birth: 18 if born 1 January", func(p *Profile) {
		p.BirthDate = semPartial("1985")
		p.Recruitment.Date = semDate("2003-01-01")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"month-only birth: 18 if born on the 1st", func(p *Profile) {
		p.BirthDate = semPartial("1985-03")
		p.Recruitment.Date = semDate("2003-03-15")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"month-only birth: under 18 whatever the day", func(p *Profile) {
		p.BirthDate = semPartial("1985-03")
		p.Recruitment.Date = semDate("2003-02-28")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh"), semErr(RuleDateUnderage, p0+"TuyenDung/NgayTuyenDung")}},
	{"born 29 February: 18 on 28 February", func(p *Profile) {
		p.PersonalID = semPID("079200001234")
		p.BirthDate = semPartial("2000-02-29")
		p.Recruitment.Date = semDate("2018-02-28")
	}, nil},
	{"born 29 February: under 18 the day before", func(p *Profile) {
		p.PersonalID = semPID("079200001234")
		p.BirthDate = semPartial("2000-02-29")
		p.Recruitment.Date = semDate("2018-02-27")
	}, []Finding{semErr(RuleDateUnderage, p0+"TuyenDung/NgayTuyenDung")}},

	// R-DATE-003.
	{"work period ends before it starts", func(p *Profile) { p.WorkHistory[0].To = semDate("2007-12-31") },
		[]Finding{semErr(RuleDatePeriod, p0+"QuaTrinhCongTac/0/DenNgay")}},
	{"one-day work period", func(p *Profile) { p.WorkHistory[0].To = p.WorkHistory[0].From }, nil},
	{"course ends before it starts", func(p *Profile) { p.Training[0].To = semDate("2003-08-31") },
		[]Finding{semErr(RuleDatePeriod, p0+"DaoTaoBoiDuong/0/DenNgay")}},

	// R-DATE-004.
	{"work periods overlap", func(p *Profile) { p.WorkHistory[1].From = semDate("2015-06-01") },
		[]Finding{semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/1/TuNgay")}},
	{"work periods share the handover day", func(p *Profile) { p.WorkHistory[1].From = semDate("2015-12-31") }, nil},
	{"a period without end overlaps a later one", func(p *Profile) { p.WorkHistory[0].To = Date{} },
		[]Finding{semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/1/TuNgay")}},
	{"overlap found when the list is not sorted", func(p *Profile) {
		p.WorkHistory[0], p.WorkHistory[1] = p.WorkHistory[1], p.WorkHistory[0]
		p.WorkHistory[1].To = semDate("2016-06-30")
	}, []Finding{semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/0/TuNgay")}},
	{"periods starting the same day", func(p *Profile) { p.WorkHistory[1].From = p.WorkHistory[0].From },
		[]Finding{semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/1/TuNgay")}},
	{"a period overlapping two is reported once", func(p *Profile) {
		p.WorkHistory = append(p.WorkHistory, WorkPeriod{From: semDate("2010-01-01"), To: semDate("2020-01-01"), Unit: "Văn phòng"})
	}, []Finding{semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/1/TuNgay"), semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/2/TuNgay")}},
	{"a reversed period takes no part in overlaps", func(p *Profile) { p.WorkHistory[0].To = semDate("2005-01-01") },
		[]Finding{semErr(RuleDatePeriod, p0+"QuaTrinhCongTac/0/DenNgay")}},

	// R-DATE-005.
	{"full membership before admission", func(p *Profile) { p.Party.Official = semDate("2011-05-19") },
		[]Finding{semErr(RuleDateOrder, p0+"DangVien/NgayChinhThuc")}},
	{"full membership on the day of admission", func(p *Profile) { p.Party.Official = p.Party.Joined }, nil},
	{"recruited before birth", func(p *Profile) { p.Recruitment.Date = semDate("1985-03-11") },
		[]Finding{semErr(RuleDateOrder, p0+"TuyenDung/NgayTuyenDung")}},
	{"appointed before birth", func(p *Profile) { p.Position = &Position{Title: "Trưởng phòng", Appointed: semDate("1980-01-01")} },
		[]Finding{semErr(RuleDateOrder, p0+"ChucVu/NgayBoNhiem")}},
	{"rank step before birth", func(p *Profile) { p.Rank.Since = semDate("1980-01-01") },
		[]Finding{semErr(RuleDateOrder, p0+"Ngach/NgayHuong")}},
	{"Party dates before birth", func(p *Profile) {
		p.Party = &PartyMembership{Joined: semDate("1980-01-01"), Official: semDate("1981-01-01")}
	}, []Finding{semErr(RuleDateOrder, p0+"DangVien/NgayVaoDang"), semErr(RuleDateOrder, p0+"DangVien/NgayChinhThuc")}},
	{"work period before birth", func(p *Profile) { p.WorkHistory[0].From = semDate("1980-01-01") },
		[]Finding{semErr(RuleDateOrder, p0+"QuaTrinhCongTac/0/TuNgay")}},
	{"salary step before birth", func(p *Profile) { p.SalaryHistory[0].Since = semDate("1980-01-01") },
		[]Finding{semErr(RuleDateOrder, p0+"QuaTrinhLuong/0/NgayHuong")}},
	{"course before birth", func(p *Profile) { p.Training[0].From = semDate("1980-01-01") },
		[]Finding{semErr(RuleDateOrder, p0+"DaoTaoBoiDuong/0/TuNgay")}},
	{"discipline before birth", func(p *Profile) {
		p.Disciplines = []Discipline{{Date: semDate("1980-01-01"), Form: "KHIEN_TRACH"}}
	}, []Finding{semErr(RuleDateOrder, p0+"KyLuat/0/NgayQuyetDinh")}},
	{"award before the birth year", func(p *Profile) { p.Awards[0].Year = 1984 },
		[]Finding{semErr(RuleDateOrder, p0+"KhenThuong/0/Nam")}},
	{"award in the birth year", func(p *Profile) { p.Awards[0].Year = 1985 }, nil},
	{"year-only birth: an event that may follow birth", func(p *Profile) {
		p.BirthDate = semPartial("1985")
		p.Training[0].From = semDate("1985-01-01")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},
	{"year-only birth: an event before any possible birth", func(p *Profile) {
		p.BirthDate = semPartial("1985")
		p.Training[0].From = semDate("1984-12-31")
	}, []Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh"), semErr(RuleDateOrder, p0+"DaoTaoBoiDuong/0/TuNgay")}},

	// R-DATE-006.
	{"birth year and month only", func(p *Profile) { p.BirthDate = semPartial("1985-03") },
		[]Finding{semWarn(RuleDatePartialBirth, p0+"NgaySinh")}},

	// R-CODE-001, list by list.
	{"ethnic group 99", func(p *Profile) { p.Ethnicity = "99" }, []Finding{semErr(RuleCode, p0+"DanToc")}},
	{"ethnic group 55, foreigners", func(p *Profile) { p.Ethnicity = "55" }, nil},
	{"religion 99, alias of 00", func(p *Profile) { p.Religion = "99" }, nil},
	{"religion 98", func(p *Profile) { p.Religion = "98" }, []Finding{semErr(RuleCode, p0+"TonGiao")}},
	{"kind of person", func(p *Profile) { p.PersonKind = "CV" }, []Finding{semErr(RuleCode, p0+"LoaiDoiTuong")}},
	{"form of recruitment", func(p *Profile) { p.Recruitment.Form = "THI" }, []Finding{semErr(RuleCode, p0+"TuyenDung/HinhThuc")}},
	{"qualifications", func(p *Profile) {
		p.Education.Professional, p.Education.PoliticalTheory, p.Education.StateManagement = "DH", "TC", "CV"
	}, []Finding{semErr(RuleCode, p0+"TrinhDo/ChuyenMon"), semErr(RuleCode, p0+"TrinhDo/LyLuanChinhTri"), semErr(RuleCode, p0+"TrinhDo/QuanLyNhaNuoc")}},
	{"form of training", func(p *Profile) { p.Training[0].Form = "CHINHQUY" }, []Finding{semErr(RuleCode, p0+"DaoTaoBoiDuong/0/HinhThuc")}},
	{"form of discipline", func(p *Profile) {
		p.Disciplines = []Discipline{{Date: semDate("2010-04-01"), Form: "PHE_BINH"}}
	}, []Finding{semErr(RuleCode, p0+"KyLuat/0/HinhThuc")}},
	{"family relation", func(p *Profile) { p.Relatives[0].Relation = "CHAU" }, []Finding{semErr(RuleCode, p0+"QuanHeGiaDinh/0/QuanHe")}},
	{"profile status", func(p *Profile) { p.Status = "DANG_LAM" }, []Finding{semErr(RuleCode, p0+"TrangThai")}},
	{"province code not in either list", func(p *Profile) { p.Birthplace.UnitCode = "99" }, []Finding{semErr(RuleCode, p0+"NoiSinh/MaDonViHanhChinh")}},
	{"pre-2025 province code", func(p *Profile) { p.Hometown.UnitCode = "02" }, nil},
	{"commune code", func(p *Profile) { p.PermanentAddress.UnitCode = "26740" }, nil},
	{"commune code not in Xa", func(p *Profile) { p.PermanentAddress.UnitCode = "26734" }, []Finding{semErr(RuleCode, p0+"ThuongTru/MaDonViHanhChinh")}},
	{"current-address commune code not in Xa", func(p *Profile) {
		p.CurrentAddress = &Address{UnitCode: "99999", Detail: "12 Lê Lợi", Country: "VN"}
	}, []Finding{semErr(RuleCode, p0+"NoiOHienTai/MaDonViHanhChinh")}},
	{"birthplace keeps a pre-2025 commune code", func(p *Profile) { p.Birthplace.UnitCode = "26734" }, nil},
	{"3-digit unit code", func(p *Profile) { p.PermanentAddress.UnitCode = "079" }, []Finding{semErr(RuleCode, p0+"ThuongTru/MaDonViHanhChinh")}},
	{"unit code with a letter", func(p *Profile) {
		p.CurrentAddress = &Address{UnitCode: "7A", Detail: "Phường Bến Thành"}
	}, []Finding{semErr(RuleCode, p0+"NoiOHienTai/MaDonViHanhChinh")}},
	{"address abroad", func(p *Profile) { p.Birthplace = Address{UnitCode: "75001", Detail: "Paris", Country: "FR"} }, nil},
	{"rank code of no valid shape", func(p *Profile) { p.Rank.Code = "1.003"; p.Rank.Step = 99 }, []Finding{semErr(RuleCode, p0+"Ngach/MaNgach")}},
	{"salary-history rank code of no valid shape", func(p *Profile) { p.SalaryHistory[0].RankCode = "01-003" },
		[]Finding{semErr(RuleCode, p0+"QuaTrinhLuong/0/MaNgach")}},

	// R-CODE-002.
	{"rank code not in the list", func(p *Profile) { p.Rank.Code = "01.099"; p.Rank.Step = 99 },
		[]Finding{semWarn(RuleRankUnknown, p0+"Ngach/MaNgach")}},
	{"salary-history rank code not in the list", func(p *Profile) { p.SalaryHistory[1].RankCode = "V.07.05.99" },
		[]Finding{semWarn(RuleRankUnknown, p0+"QuaTrinhLuong/1/MaNgach")}},

	// R-LUONG-001, R-LUONG-002 (A1: 9 steps, 2.34 … 4.98).
	{"step past the last", func(p *Profile) { p.Rank.Step = 10 }, []Finding{semErr(RuleSalaryStep, p0+"Ngach/BacLuong")}},
	{"last step", func(p *Profile) { p.Rank.Step, p.Rank.Coefficient = 9, semDec("4.98") }, nil},
	{"step 0 is the schema's", func(p *Profile) { p.Rank.Step = 0 }, nil},
	{"salary-history step past the last", func(p *Profile) { p.SalaryHistory[0].Step = 10 },
		[]Finding{semErr(RuleSalaryStep, p0+"QuaTrinhLuong/0/BacLuong")}},
	{"coefficient of another step", func(p *Profile) { p.Rank.Coefficient = semDec("4") },
		[]Finding{semErr(RuleSalaryCoeff, p0+"Ngach/HeSoLuong")}},
	{"salary-history coefficient", func(p *Profile) { p.SalaryHistory[0].Coefficient = semDec("3.67") },
		[]Finding{semErr(RuleSalaryCoeff, p0+"QuaTrinhLuong/0/HeSoLuong")}},
	{"beyond the last step: the last step's coefficient", func(p *Profile) {
		p.Rank.Step, p.Rank.Coefficient, p.Rank.ExtraPercent = 9, semDec("4.98"), semInt(5)
	}, nil},
	{"beyond the last step: allowance added to the coefficient", func(p *Profile) {
		p.Rank.Step, p.Rank.Coefficient, p.Rank.ExtraPercent = 9, semDec("5.23"), semInt(5)
	}, []Finding{semErr(RuleSalaryCoeff, p0+"Ngach/HeSoLuong")}},
	{"title of group A1", func(p *Profile) { p.Rank.Code = "V.07.05.15" }, nil},
	{"rank of group A2.1", func(p *Profile) { p.Rank.Code = "01.002" },
		[]Finding{semErr(RuleSalaryCoeff, p0+"Ngach/HeSoLuong")}},

	// R-TXT-001 (text fields are also covered one by one in
	// TestSemanticTextFields), R-TXT-002.
	{"double space in the name", func(p *Profile) { p.FullName = "Nguyễn  Văn An" },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen")}},
	{"leading space in the name", func(p *Profile) { p.FullName = " Nguyễn Văn An" },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen")}},
	{"trailing space in the name", func(p *Profile) { p.FullName = "Nguyễn Văn An " },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen")}},
	{"name in NFD", func(p *Profile) { p.FullName = norm.NFD.String("Nguyễn Văn An") },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen")}},
	{"no-break space in the name", func(p *Profile) { p.FullName = "Nguyễn\u00a0Văn An" },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen")}},
	{"digit in the name", func(p *Profile) { p.FullName = "Nguyễn Văn An 2" },
		[]Finding{semErr(RuleNameCharacter, p0+"HoVaTen")}},
	{"tab in the name: white space and a control character", func(p *Profile) { p.FullName = "Nguyễn\tVăn An" },
		[]Finding{semWarn(RuleTextNormal, p0+"HoVaTen"), semErr(RuleNameCharacter, p0+"HoVaTen")}},
	{"control character in the other names", func(p *Profile) { p.OtherNames = "Ba\x00" },
		[]Finding{semErr(RuleNameCharacter, p0+"TenGoiKhac")}},
	{"digit in a relative's name", func(p *Profile) { p.Relatives[0].FullName = "Trần Thị Bình 1" },
		[]Finding{semErr(RuleNameCharacter, p0+"QuanHeGiaDinh/0/HoVaTen")}},
	{"digits elsewhere are fine", func(p *Profile) { p.Birthplace.Detail = "12 Lê Lợi" }, nil},

	// Many faults at once come in the order of the fields.
	{"document order", func(p *Profile) {
		p.Relatives[0].Relation = "CHAU"
		p.Status = "X"
		p.Awards[0].Year = 2027
		p.Rank.Coefficient = semDec("4")
		p.Gender = "2"
		p.Birthplace.Detail = " Sài Gòn"
		p.Birthplace.UnitCode = "1"
		p.WorkHistory[1].From = semDate("2015-06-01")
		p.WorkHistory[1].Unit = "Phòng  Công chức"
		p.FullName = "Nguyễn  Văn 1"
	}, []Finding{
		semErr(RulePersonalIDGender, p0+"SoDinhDanh"),
		semWarn(RuleTextNormal, p0+"HoVaTen"),
		semErr(RuleNameCharacter, p0+"HoVaTen"),
		semErr(RuleCode, p0+"NoiSinh/MaDonViHanhChinh"),
		semWarn(RuleTextNormal, p0+"NoiSinh/ChiTiet"),
		semErr(RuleSalaryCoeff, p0+"Ngach/HeSoLuong"),
		semWarn(RuleDateOverlap, p0+"QuaTrinhCongTac/1/TuNgay"),
		semWarn(RuleTextNormal, p0+"QuaTrinhCongTac/1/DonVi"),
		semErr(RuleDateFuture, p0+"KhenThuong/0/Nam"),
		semErr(RuleCode, p0+"QuanHeGiaDinh/0/QuanHe"),
		semErr(RuleCode, p0+"TrangThai"),
	}},
}

// semBare leaves only the birth date's findings possible: it removes the
// ID (so that no birth date disagrees with it) and every other date.
func semBare(p *Profile) {
	p.PersonalID = identifier.PersonalID{}
	p.Recruitment.Date = Date{}
	p.Rank.Since = Date{}
	p.Party, p.WorkHistory, p.SalaryHistory, p.Training, p.Awards, p.Relatives = nil, nil, nil, nil, nil, nil
}

func TestSemanticProfile(t *testing.T) {
	for _, tc := range semCases {
		t.Run(tc.name, func(t *testing.T) {
			p := semBase()
			tc.mut(&p)
			semDiff(t, tc.want, semCheckProfiles(t, semHeader(1), p))
		})
	}
}

// Every free-text field of the documented list is checked (R-TXT-001).
func TestSemanticTextFields(t *testing.T) {
	fields := []struct {
		ptr string
		set func(p *Profile, s string)
	}{
		{"HoVaTen", func(p *Profile, s string) { p.FullName = s }},
		{"TenGoiKhac", func(p *Profile, s string) { p.OtherNames = s }},
		{"NoiSinh/ChiTiet", func(p *Profile, s string) { p.Birthplace.Detail = s }},
		{"QueQuan/ChiTiet", func(p *Profile, s string) { p.Hometown.Detail = s }},
		{"ThuongTru/ChiTiet", func(p *Profile, s string) { p.PermanentAddress.Detail = s }},
		{"NoiOHienTai/ChiTiet", func(p *Profile, s string) { p.CurrentAddress = &Address{UnitCode: "79", Detail: s} }},
		{"TuyenDung/CoQuanTuyenDung", func(p *Profile, s string) { p.Recruitment.Agency = s }},
		{"ViTriViecLam", func(p *Profile, s string) { p.JobPosition = s }},
		{"ChucVu/Ten", func(p *Profile, s string) { p.Position = &Position{Title: s} }},
		{"TrinhDo/NgoaiNgu/0/NgonNgu", func(p *Profile, s string) { p.Education.Languages[0].Language = s }},
		{"TrinhDo/NgoaiNgu/0/TrinhDo", func(p *Profile, s string) { p.Education.Languages[0].Level = s }},
		{"TrinhDo/TinHoc", func(p *Profile, s string) { p.Education.IT = s }},
		{"QuaTrinhCongTac/1/DonVi", func(p *Profile, s string) { p.WorkHistory[1].Unit = s }},
		{"QuaTrinhCongTac/1/ChucVu", func(p *Profile, s string) { p.WorkHistory[1].Position = s }},
		{"DaoTaoBoiDuong/0/CoSoDaoTao", func(p *Profile, s string) { p.Training[0].Institution = s }},
		{"DaoTaoBoiDuong/0/ChuyenNganh", func(p *Profile, s string) { p.Training[0].Major = s }},
		{"DaoTaoBoiDuong/0/VanBang", func(p *Profile, s string) { p.Training[0].Degree = s }},
		{"KhenThuong/0/HinhThuc", func(p *Profile, s string) { p.Awards[0].Form = s }},
		{"KhenThuong/0/SoQuyetDinh", func(p *Profile, s string) { p.Awards[0].Decision = s }},
		{"KyLuat/0/SoQuyetDinh", func(p *Profile, s string) {
			p.Disciplines = []Discipline{{Date: semDate("2010-04-01"), Form: "KHIEN_TRACH", Decision: s}}
		}},
		{"KyLuat/0/LyDo", func(p *Profile, s string) {
			p.Disciplines = []Discipline{{Date: semDate("2010-04-01"), Form: "KHIEN_TRACH", Reason: s}}
		}},
		{"QuanHeGiaDinh/0/HoVaTen", func(p *Profile, s string) { p.Relatives[0].FullName = s }},
		{"QuanHeGiaDinh/0/ThongTin", func(p *Profile, s string) { p.Relatives[0].Details = s }},
	}
	for _, f := range fields {
		t.Run(f.ptr, func(t *testing.T) {
			p := semBase()
			f.set(&p, "Văn  phòng")
			semDiff(t, []Finding{semWarn(RuleTextNormal, p0+f.ptr)}, semCheckProfiles(t, semHeader(1), p))
			p = semBase()
			f.set(&p, "Văn phòng")
			semDiff(t, nil, semCheckProfiles(t, semHeader(1), p))
		})
	}
}

func TestSemanticHeader(t *testing.T) {
	cases := []struct {
		name    string
		mut     func(h *Header)
		records int
		want    []Finding
	}{
		{"valid", func(h *Header) {}, 1, nil},
		{"unknown kind", func(h *Header) { h.Kind = "HOSO_MOI" }, 1,
			[]Finding{semErr(RuleHeaderKind, "/ThongTinGoiTin/LoaiGoiTin")}},
		{"absent kind is the schema's", func(h *Header) { h.Kind = "" }, 1, nil},
		{"major version 3", func(h *Header) { h.Version = "3.0" }, 1,
			[]Finding{semErr(RuleHeaderVersion, "/ThongTinGoiTin/PhienBan")}},
		{"minor version 2.7", func(h *Header) { h.Version = "2.7" }, 1, nil},
		{"version 1.0 is superseded", func(h *Header) { h.Version = "1.0" }, 1,
			[]Finding{semWarn(RuleHeaderSuperseded, "/ThongTinGoiTin/PhienBan")}},
		{"version 1.3 too", func(h *Header) { h.Version = "1.3" }, 1,
			[]Finding{semWarn(RuleHeaderSuperseded, "/ThongTinGoiTin/PhienBan")}},
		{"malformed version is the schema's", func(h *Header) { h.Version = "v2" }, 1, nil},
		{"created beyond the skew", func(h *Header) { h.Created = semNow.Add(6 * time.Minute) }, 1,
			[]Finding{semErr(RuleHeaderFuture, "/ThongTinGoiTin/ThoiGianTao")}},
		{"created at the edge of the skew", func(h *Header) { h.Created = semNow.Add(5 * time.Minute) }, 1, nil},
		{"created beyond the skew, in UTC", func(h *Header) { h.Created = semNow.Add(6 * time.Minute).UTC() }, 1,
			[]Finding{semErr(RuleHeaderFuture, "/ThongTinGoiTin/ThoiGianTao")}},
		{"response without reference", func(h *Header) { h.Kind, h.State = KindResponse, "DA_XU_LY" }, 1,
			[]Finding{semErr(RuleHeaderReplyTo, "/ThongTinGoiTin/MaGoiTinThamChieu")}},
		{"response with reference", func(h *Header) {
			h.Kind, h.State, h.ReplyTo = KindResponse, "DA_XU_LY", uuid.MustParse("0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e")
		}, 1, nil},
		{"count too high", func(h *Header) { h.RecordCount = 4 }, 1,
			[]Finding{semErr(RuleHeaderRecordCount, "/ThongTinGoiTin/SoLuongBanGhi")}},
		{"empty HOSO", func(h *Header) { h.RecordCount = 0 }, 0,
			[]Finding{semErr(RuleHeaderRecordCount, "/DuLieu")}},
		{"empty HOSO, count 1", func(h *Header) {}, 0,
			[]Finding{semErr(RuleHeaderRecordCount, "/ThongTinGoiTin/SoLuongBanGhi"), semErr(RuleHeaderRecordCount, "/DuLieu")}},
		{"empty PHANHOI", func(h *Header) {
			h.Kind, h.State, h.ReplyTo, h.RecordCount = KindResponse, "TU_CHOI", uuid.MustParse("0193f5b2-7c1e-7a3b-9d4e-2f6a8b1c3d5e"), 0
		}, 0, nil},
		{"every fault", func(h *Header) {
			h.Kind, h.Version, h.Created, h.RecordCount = "X", "3.1", semNow.Add(time.Hour), 2
		}, 1, []Finding{
			semErr(RuleHeaderKind, "/ThongTinGoiTin/LoaiGoiTin"),
			semErr(RuleHeaderVersion, "/ThongTinGoiTin/PhienBan"),
			semErr(RuleHeaderFuture, "/ThongTinGoiTin/ThoiGianTao"),
			semErr(RuleHeaderRecordCount, "/ThongTinGoiTin/SoLuongBanGhi"),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := semHeader(1)
			tc.mut(&h)
			s := &semFindings{t: t}
			c := semChecker(semNow)
			c.header(&h, s.emit)
			c.finish(tc.records, s.emit)
			semDiff(t, tc.want, s.fs)
		})
	}
}

// A CHIASE_HOSO packet is sent by the national database to the agency that
// owns the profiles: their managing unit must be the receiver or under it.
func TestSemanticOwnerShared(t *testing.T) {
	h := semHeader(2)
	h.Kind, h.Sender, h.Receiver = KindSharedProfiles, semAgency("000.00.00.G09"), semAgency("000.00.00.H29")
	ps := semProfiles()[:2]
	ps[1].ManagingUnit = semAgency("000.00.01.G09")
	semDiff(t, []Finding{semErr(RuleOwner, "/DuLieu/1/MaDonViQuanLy")}, semCheckProfiles(t, h, ps...))
}

// Records may come before the header in JSON: ownership is judged when the
// header comes, every other rule at once.
func TestSemanticRecordsBeforeHeader(t *testing.T) {
	s := &semFindings{t: t}
	c := semChecker(semNow)
	ps := semProfiles()
	ps[0].ManagingUnit = semAgency("000.00.12.H30")
	ps[1].Ethnicity = "99"
	for i := range ps {
		c.record(i, &ps[i], s.emit)
	}
	semDiff(t, []Finding{semErr(RuleCode, "/DuLieu/1/DanToc"), semWarn(RuleDatePartialBirth, "/DuLieu/2/NgaySinh")}, s.fs)
	s.fs = nil
	h := semHeader(3)
	c.header(&h, s.emit)
	c.finish(3, s.emit)
	semDiff(t, []Finding{semErr(RuleOwner, "/DuLieu/0/MaDonViQuanLy")}, s.fs)
}

func TestSemanticDuplicateProfiles(t *testing.T) {
	ps := semProfiles()
	ps = append(ps, ps[0], ps[2])
	semDiff(t, []Finding{
		semWarn(RuleDatePartialBirth, "/DuLieu/2/NgaySinh"),
		semErr(RuleDuplicate, "/DuLieu/3/SoDinhDanh"),
		semErr(RuleDuplicate, "/DuLieu/4/SoDinhDanh"),
		semWarn(RuleDatePartialBirth, "/DuLieu/4/NgaySinh"),
	}, semCheckProfiles(t, semHeader(5), ps...))
}

// semChange is the record of examples/biendong.json.
func semChange() Change {
	return Change{
		ID:         uuid.MustParse("a3b1c2d4-e5f6-4a7b-9c8d-0e1f2a3b4c5d"),
		PersonalID: semPID("079085001234"),
		Kind:       "NANG_LUONG",
		Effective:  semDate("2026-12-01"),
		Decision:   &Decision{Number: "789/QĐ-SNV", Date: semDate("2026-11-24"), Issuer: "Sở Nội vụ TP. Hồ Chí Minh"},
		Fields: []FieldChange{
			{Field: "/Ngach/BacLuong", OldValue: []byte("6"), NewValue: []byte("7")},
			{Field: "/Ngach/HeSoLuong", OldValue: []byte("3.99"), NewValue: []byte("4.32")},
		},
	}
}

func TestSemanticChange(t *testing.T) {
	const c0 = "/DuLieu/0/"
	cases := []struct {
		name string
		mut  func(ch *Change)
		want []Finding
	}{
		{"valid", func(ch *Change) {}, nil},
		{"effective in the future", func(ch *Change) { ch.Effective = semDate("2027-01-01") }, nil},
		{"unknown kind", func(ch *Change) { ch.Kind = "THANG_CHUC" }, []Finding{semErr(RuleCode, c0+"LoaiBienDong")}},
		{"decision tomorrow", func(ch *Change) { ch.Decision.Date = semDate("2026-11-27") },
			[]Finding{semErr(RuleDateFuture, c0+"QuyetDinh/Ngay")}},
		{"decision text", func(ch *Change) { ch.Decision.Number, ch.Decision.Issuer = "789/QĐ-SNV ", "Sở  Nội vụ" },
			[]Finding{semWarn(RuleTextNormal, c0+"QuyetDinh/So"), semWarn(RuleTextNormal, c0+"QuyetDinh/CoQuan")}},
		{"no decision (CAP_NHAT)", func(ch *Change) { ch.Kind, ch.Decision = "CAP_NHAT", nil }, nil},
		{"a field HoSo does not have", func(ch *Change) { ch.Fields[0].Field = "/Ngach/Luong" },
			[]Finding{semErr(RuleChangeField, c0+"ThayDoi/0/TruongDuLieu")}},
		{"the key itself", func(ch *Change) { ch.Fields[0].Field = "/SoDinhDanh" },
			[]Finding{semErr(RuleChangeField, c0+"ThayDoi/0/TruongDuLieu")}},
		{"a new value of the wrong type", func(ch *Change) { ch.Fields[0].NewValue = []byte(`"bốn"`) },
			[]Finding{semErr(RuleChangeValue, c0+"ThayDoi/0/GiaTriMoi")}},
		{"a pointer of the wrong shape is the schema's", func(ch *Change) { ch.Fields[0].Field = "Ngach" }, nil},
		{"an absent new value is the schema's", func(ch *Change) { ch.Fields[0].NewValue = nil }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch := semChange()
			tc.mut(&ch)
			s := &semFindings{t: t}
			c := semChecker(semNow)
			h := semHeader(1)
			h.Kind = KindChanges
			c.header(&h, s.emit)
			c.record(0, &ch, s.emit)
			c.finish(1, s.emit)
			semDiff(t, tc.want, s.fs)
		})
	}
}

func TestSemanticDuplicateChanges(t *testing.T) {
	s := &semFindings{t: t}
	c := semChecker(semNow)
	h := semHeader(3)
	h.Kind = KindChanges
	c.header(&h, s.emit)
	a, b := semChange(), semChange()
	b.ID = uuid.MustParse("a3b1c2d4-e5f6-4a7b-9c8d-0e1f2a3b4c5e")
	for i, ch := range []Change{a, b, a} {
		c.record(i, &ch, s.emit)
	}
	c.finish(3, s.emit)
	semDiff(t, []Finding{semErr(RuleDuplicate, "/DuLieu/2/MaBienDong")}, s.fs)
	if !strings.Contains(s.fs[0].MessageVI, "bản ghi thứ 1") {
		t.Errorf("message does not name the first record: %s", s.fs[0].MessageVI)
	}
}

func TestSemanticMatchAndResult(t *testing.T) {
	s := &semFindings{t: t}
	c := semChecker(semNow)
	h := semHeader(3)
	h.Kind, h.Sender, h.Receiver = KindMatches, semAgency("000.00.00.G09"), semAgency("000.00.00.H29")
	c.header(&h, s.emit)
	ok := MatchResult{PersonalID: semPID("079085001234"), Source: "DAN_CU", Status: "KHOP", MatchedAt: semTime("2026-11-26T09:59:00+07:00")}
	bad := ok
	bad.Source, bad.MatchedAt = "CCCD", semNow.Add(time.Hour)
	edge := ok
	edge.MatchedAt = semNow.Add(5 * time.Minute)
	for i, m := range []MatchResult{ok, bad, edge} {
		c.record(i, &m, s.emit)
	}
	c.record(3, &ProcessingResult{Index: 9, Key: "x", Status: "?"}, s.emit)
	c.finish(3, s.emit)
	semDiff(t, []Finding{semErr(RuleCode, "/DuLieu/1/Nguon"), semErr(RuleDateFuture, "/DuLieu/1/ThoiGianDoiKhop")}, s.fs)
}

// "Today" is the reader's: at 03:00 on 27 November in Viet Nam it is still
// 26 November in UTC.
func TestSemanticTodayInReadersLocation(t *testing.T) {
	instant := time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC)
	p := semBase()
	p.Recruitment.Date = semDate("2026-11-27")
	p.UpdatedAt = instant
	for _, tc := range []struct {
		now  time.Time
		want []Finding
	}{
		{instant.In(semICT), nil},
		{instant, []Finding{semErr(RuleDateFuture, p0+"TuyenDung/NgayTuyenDung")}},
	} {
		s := &semFindings{t: t}
		c := semChecker(tc.now)
		h := semHeader(1)
		h.Created = instant
		c.header(&h, s.emit)
		c.record(0, &p, s.emit)
		semDiff(t, tc.want, s.fs)
	}
}

func TestSemanticConfig(t *testing.T) {
	p := semBase()
	p.UpdatedAt = semNow.Add(time.Minute)
	for _, tc := range []struct {
		skew time.Duration
		want []Finding
	}{
		{0, nil}, // the default, 5 minutes
		{-1, []Finding{semErr(RuleDateFuture, p0+"NgayCapNhat")}}, // none
		{30 * time.Second, []Finding{semErr(RuleDateFuture, p0+"NgayCapNhat")}},
	} {
		s := &semFindings{t: t}
		c := newChecker(checkerConfig{Now: semNow, Skew: tc.skew})
		c.record(0, &p, s.emit)
		semDiff(t, tc.want, s.fs)
	}

	// Without a Set, the embedded lists; with one, its lists, and no
	// judgement where it has none.
	if c := newChecker(checkerConfig{}); c.lists[codelist.ListEthnicity] == nil || c.today.IsZero() {
		t.Error("newChecker without Codes or Now has no lists or no clock")
	}
	gender, _ := codelist.Default().List(codelist.ListGender)
	s := &semFindings{t: t}
	c := newChecker(checkerConfig{Now: semNow, Codes: codelist.NewSet(gender)})
	q := semBase()
	q.Ethnicity, q.Gender, q.Rank.Code = "99", "3", "01.099"
	c.record(0, &q, s.emit)
	semDiff(t, []Finding{semErr(RuleCode, p0+"GioiTinh")}, s.fs)
}

// Messages name the value, the list and its version.
func TestSemanticMessages(t *testing.T) {
	p := semBase()
	p.Ethnicity = "99"
	p.Rank.Step = 10
	p.FullName = "Nguyễn  Văn An"
	fs := semCheckProfiles(t, semHeader(1), p)
	want := [][]string{
		{`"Nguyễn  Văn An"`, `"Nguyễn Văn An"`},
		{`"99"`, "DanToc", "2025.07"},
		{"10", " 9 ", "A1", "01.003"},
	}
	if len(fs) != len(want) {
		t.Fatalf("got %d findings, want %d: %v", len(fs), len(want), fs)
	}
	for i, f := range fs {
		for _, w := range want[i] {
			if !strings.Contains(f.MessageVI, w) || !strings.Contains(f.MessageEN, w) {
				t.Errorf("%s: messages %q / %q do not name %s", f.Rule, f.MessageVI, f.MessageEN, w)
			}
		}
	}
}

func TestSemanticNormalizeText(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn Văn An")
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{"  Nguyễn   Văn\tAn \n", "Nguyễn Văn An"},
		{nfd, "Nguyễn Văn An"},
		{" " + nfd + "  ", "Nguyễn Văn An"},
		{"Nguyễn\u00a0Văn\u3000An", "Nguyễn Văn An"},
		{"Sở Nội vụ TP. Hồ Chí Minh", "Sở Nội vụ TP. Hồ Chí Minh"},
		{"北京  市", "北京 市"},
		{"   ", ""},
	} {
		got := NormalizeText(tc.in)
		if got != tc.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if NormalizeText(got) != got || !isNormalText(got) {
			t.Errorf("NormalizeText(%q) = %q is not normal itself", tc.in, got)
		}
		if isNormalText(tc.in) != (tc.in == tc.want) {
			t.Errorf("isNormalText(%q) = %v", tc.in, isNormalText(tc.in))
		}
	}
	s := "Trường Đại học Khoa học Xã hội và Nhân văn, ĐHQG TP. Hồ Chí Minh"
	if n := testing.AllocsPerRun(100, func() { _ = NormalizeText(s) }); n != 0 {
		t.Errorf("NormalizeText of normal text allocates %v times", n)
	}
}

// isNormalText trusts runes below U+0300 and in U+1E00-U+1EFF to be NFC
// starters that compose with none of their kind; check that against the
// tables of the norm package, pair by pair.
func TestSemanticNormalTextFastPath(t *testing.T) {
	var rs []rune
	for r := rune(0); r <= 0x1EFF; r++ {
		if nfcStarter(r) {
			rs = append(rs, r)
		}
	}
	for _, r := range rs {
		if p := norm.NFC.PropertiesString(string(r)); p.CCC() != 0 || !norm.NFC.IsNormalString(string(r)) {
			t.Fatalf("%U is not an NFC starter", r)
		}
	}
	if testing.Short() {
		return
	}
	buf := make([]byte, 0, 8)
	for _, a := range rs {
		for _, b := range rs {
			buf = utf8AppendRune(utf8AppendRune(buf[:0], a), b)
			if !norm.NFC.IsNormal(buf) {
				t.Fatalf("%U %U is not NFC", a, b)
			}
		}
	}
}

func utf8AppendRune(b []byte, r rune) []byte { return append(b, string(r)...) }

// Checking a valid profile allocates nothing once the checker has seen as
// many IDs as the packet holds.
func TestCheckProfileAllocs(t *testing.T) {
	c := semChecker(semNow)
	h := semHeader(1)
	c.header(&h, func(Finding) {})
	p := semBase()
	fail := func(f Finding) { t.Errorf("unexpected finding %v", f) }
	c.record(0, &p, fail)
	n := testing.AllocsPerRun(100, func() {
		clear(c.personalIDs)
		c.record(0, &p, fail)
	})
	if n != 0 {
		t.Errorf("checking a valid profile allocates %v times", n)
	}
}

func BenchmarkCheckProfile(b *testing.B) {
	ids := make([]identifier.PersonalID, 1024)
	for k := range ids {
		ids[k] = semPID(fmt.Sprintf("079085%06d", k))
	}
	c := semChecker(semNow)
	h := semHeader(len(ids))
	c.header(&h, func(Finding) {})
	p := semBase()
	fail := func(f Finding) { b.Fatalf("unexpected finding %v", f) }
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if n%len(ids) == 0 {
			clear(c.personalIDs)
		}
		p.PersonalID = ids[n%len(ids)]
		c.record(n%len(ids), &p, fail)
		n++
	}
}

// semCountries is a country list of the kind a caller who has the official
// table loads (QuocGiaKhaiSinh); its codes are made up for the test.
func semCountries(t testing.TB, codes ...string) *codelist.List {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"ten": "QuocGiaKhaiSinh", "phienBan": "thu-nghiem", "muc": [`)
	for i, c := range codes {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"ma": %q, "ten": "Quốc gia %s"}`, c, c)
	}
	b.WriteString("]}")
	l, err := codelist.Load(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Digits 1-3 of a personal ID are the code of the province or of the
// country where the birth was registered (docs/guide/en/02-identifiers.md#personal-id--số-định-danh-cá-nhân): no province
// code is a warning naming both readings, unless a loaded country list
// does not have it either; then it is an error. Every record that carries
// a personal ID is judged.
func TestSemanticBirthplace(t *testing.T) {
	const at = "/DuLieu/0/SoDinhDanh"
	withCountries := codelist.Default().With(semCountries(t, "200"))
	empty := codelist.Default().With(semCountries(t))
	gender, _ := codelist.Default().List(codelist.ListGender)
	tests := []struct {
		name  string
		codes *codelist.Set
		id    string
		want  []Finding
	}{
		{"province", nil, "079085001234", nil},
		{"no province, no country list", nil, "003085001234", []Finding{semWarn(RulePersonalIDBirthplace, at)}},
		{"outside every province, no country list", nil, "200085001234", []Finding{semWarn(RulePersonalIDBirthplace, at)}},
		{"no province, empty country list", empty, "003085001234", []Finding{semWarn(RulePersonalIDBirthplace, at)}},
		{"a country of the list", withCountries, "200085001234", nil},
		{"a province, with a country list", withCountries, "079085001234", nil},
		{"in neither list", withCountries, "003085001234", []Finding{semErr(RulePersonalID, at)}},
		{"no province list: no judgement", codelist.NewSet(gender), "003085001234", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := semPID(tt.id)
			p := semBase()
			p.PersonalID = id
			ch := semChange()
			ch.PersonalID = id
			m := MatchResult{PersonalID: id, Source: "DAN_CU", Status: "KHOP", MatchedAt: semTime("2026-11-26T09:59:00+07:00")}
			for name, check := range map[string]func(c *checker, emit func(Finding)){
				"HoSo":          func(c *checker, emit func(Finding)) { c.record(0, &p, emit) },
				"BienDong":      func(c *checker, emit func(Finding)) { c.record(0, &ch, emit) },
				"KetQuaDoiKhop": func(c *checker, emit func(Finding)) { c.record(0, &m, emit) },
			} {
				s := &semFindings{t: t}
				check(newChecker(checkerConfig{Now: semNow, Codes: tt.codes}), s.emit)
				var got []Finding
				for _, f := range s.fs {
					if f.Pointer == at {
						got = append(got, f)
					}
				}
				t.Run(name, func(t *testing.T) { semDiff(t, tt.want, got) })
			}
		})
	}
}

// The messages name the code, both readings or the list that refused it,
// and what to do, in the form of the Vietnamese style guide.
func TestSemanticBirthplaceMessages(t *testing.T) {
	p := semBase()
	p.PersonalID = semPID("003085001234")
	for _, tc := range []struct {
		codes  *codelist.Set
		vi, en []string
	}{
		{nil,
			[]string{`Số định danh cá nhân (SoDinhDanh) "003085001234": ba chữ số đầu 003 không phải mã tỉnh`, "Thông tư số 07/2016/TT-BCA", "có thể là mã quốc gia nơi đăng ký khai sinh", "Đề nghị đối chiếu thẻ căn cước."},
			[]string{`SoDinhDanh "003085001234"`, "digits 1-3 (003)", "not a province code", "country where the birth was registered abroad"}},
		{codelist.Default().With(semCountries(t, "200")),
			[]string{`Số định danh cá nhân (SoDinhDanh) "003085001234"`, "cũng không có trong danh mục mã quốc gia nơi đăng ký khai sinh (danh mục QuocGiaKhaiSinh, phiên bản thu-nghiem)", "Đề nghị đối chiếu thẻ căn cước."},
			[]string{"neither a province code", "QuocGiaKhaiSinh (version thu-nghiem)"}},
	} {
		s := &semFindings{t: t}
		newChecker(checkerConfig{Now: semNow, Codes: tc.codes}).profile(0, &p, s.emit)
		if len(s.fs) != 1 {
			t.Fatalf("findings %v", s.fs)
		}
		for _, w := range tc.vi {
			if !strings.Contains(s.fs[0].MessageVI, w) {
				t.Errorf("MessageVI %q lacks %q", s.fs[0].MessageVI, w)
			}
		}
		for _, w := range tc.en {
			if !strings.Contains(s.fs[0].MessageEN, w) {
				t.Errorf("MessageEN %q lacks %q", s.fs[0].MessageEN, w)
			}
		}
	}
}

// Through the Validator: a packet whose ID may name a country stays valid
// with a warning; with a country list that does not have the code
// (WithCodeLists), it is invalid.
func TestValidateBirthplaceCountryList(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("testdata", "invalid", "R-ID-007.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		opts  []ValidatorOption
		valid bool
		rule  string
	}{
		{"embedded lists", nil, true, RulePersonalIDBirthplace},
		{"with a country list without 003", []ValidatorOption{WithCodeLists(codelist.Default().With(semCountries(t, "200")))}, false, RulePersonalID},
		{"with a country list with 003", []ValidatorOption{WithCodeLists(codelist.Default().With(semCountries(t, "003")))}, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := validateString(t, newTestValidator(t, tc.opts...), string(doc))
			var rules []string
			for _, f := range rep.Findings {
				rules = append(rules, f.Rule)
			}
			want := []string{}
			if tc.rule != "" {
				want = []string{tc.rule}
			}
			if rep.Valid() != tc.valid || !cmp.Equal(rules, want, cmpopts.EquateEmpty()) {
				t.Errorf("Valid() = %v, rules %v; want %v, %v", rep.Valid(), rules, tc.valid, want)
			}
		})
	}
}

// isNormalText and nameFault read the runes of Vietnamese text straight
// from their bytes; they must agree with the plain definitions on any
// string, valid UTF-8 or not. The strings are drawn, with a fixed seed,
// from runes at the edges of the fast paths.
func TestSemanticTextFastPathsAgree(t *testing.T) {
	normal := func(s string) bool { return norm.NFC.String(strings.Join(strings.Fields(s), " ")) == s }
	fault := func(s string) (rune, int) {
		k := 0
		for _, r := range s {
			k++
			if unicode.IsDigit(r) || unicode.IsControl(r) {
				return r, k
			}
		}
		return 0, 0
	}
	pieces := []string{"a", "Z", " ", "  ", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "7", "\u0085", "\u00a0", "\u0080", "\u009f",
		"đ", "Ơ", "ư", "\u02ff", "\u0300", "\u0301", "\u0303", "ạ", "ỹ", "\u1dff", "\u1e00", "\u1eff", "\u1f00", "\u0660", "\u0669",
		"\u1680", "\u2000", "\u3000", "\u00b2", "\ufffd", "\xc2", "\xe1\xb8", "\xe1", "\xff", "\xc0\x80", "\xed\xa0\x80", "北", "😀",
		norm.NFD.String("ễ"), "e\u0302"}
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 200_000 {
		var b strings.Builder
		for range n%7 + 1 {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := isNormalText(s), normal(s); got != want {
			t.Fatalf("isNormalText(%q) = %v, want %v", s, got, want)
		}
		gr, gk := nameFault(s)
		if wr, wk := fault(s); gr != wr || gk != wk {
			t.Fatalf("nameFault(%q) = %U, %d, want %U, %d", s, gr, gk, wr, wk)
		}
	}
}
