package packet

import (
	"reflect"
	"slices"
	"strings"
	"sync"
)

// ChangeKind is a kind of change event (LoaiBienDong) and the members of
// HoSo a change of the kind changes. The kinds are one table, below;
// ChangeKinds, LookupChangeKind and ChangeKindsOf read it, and rule
// R-BD-005 holds a change event of a kind of format 2.0 to it.
type ChangeKind struct {
	// Code is the value of LoaiBienDong, e.g. DANH_GIA_XEP_LOAI.
	Code string
	// Since is the format version (PhienBan) that has the kind: "1.0" for
	// the kinds of the first format, "2.0" for those of the ten data
	// groups of Decree 27/2026/NĐ-CP.
	Since string
	// Subject are the JSON Pointers of the HoSo members the kind is about
	// (e.g. /DanhGiaXepLoai): a change of a 2.0 kind changes at least one
	// of them.
	Subject []string
	// Along are the members a change of the kind may change with its
	// subject (e.g. /QuaTrinhCongTac, closed and opened by an appointment).
	Along []string
	// AnyMember is set for CAP_NHAT alone: an update may change any member
	// but SoDinhDanh, and has neither Subject nor Along.
	AnyMember bool
	// Decision is whether a change of the kind carries out a decision, so
	// that its QuyetDinh is required: every kind but CAP_NHAT and the two
	// the person makes or undergoes without one (KE_KHAI_TAI_SAN, SUC_KHOE).
	Decision bool
}

// Changes reports whether a change of kind k may change the field at
// pointer (a JSON Pointer into HoSo, e.g. /PhuCap/2/DenNgay): whether its
// first member is one of k's Subject or Along, or k is CAP_NHAT.
func (k ChangeKind) Changes(pointer string) bool {
	if k.AnyMember {
		return true
	}
	m := memberPointer(pointer)
	return slices.Contains(k.Subject, m) || slices.Contains(k.Along, m)
}

// About reports whether pointer names a field of one of k's Subject.
func (k ChangeKind) About(pointer string) bool {
	return slices.Contains(k.Subject, memberPointer(pointer))
}

// strict reports whether rule R-BD-005 holds a change of the kind to its
// members: the kinds of format 2.0. The kinds of 1.0 keep the meaning
// they had there, where no rule tied a kind to members; their members
// below say what a change of the kind usually touches.
func (k ChangeKind) strict() bool { return k.Since != "1.0" && !k.AnyMember }

// memberPointer returns the first member of a JSON Pointer, as a pointer:
// /DanhGiaXepLoai for /DanhGiaXepLoai/3/Muc.
func memberPointer(pointer string) string {
	if !strings.HasPrefix(pointer, "/") {
		return ""
	}
	if i := strings.IndexByte(pointer[1:], '/'); i >= 0 {
		return pointer[:i+1]
	}
	return pointer
}

// changeKindRow is a row of the table: the members by their Go names, so
// that the wire names stay in the mapping table (the json tags).
type changeKindRow struct {
	code, since     string
	subject, along  []string
	decision, isAny bool
}

func members(goNames ...string) []string { return goNames }

// The codes of the kinds of change event that the checks of R-BD-005
// and R-BD-006 single out; the table below is where each kind is defined.
const (
	changeUpdate      = "CAP_NHAT"
	changeElection    = "BAU_CU"
	changePlanning    = "QUY_HOACH"
	changeSecondment  = "BIET_PHAI"
	changeSecondEnd   = "KET_THUC_BIET_PHAI"
	changeAllowance   = "PHU_CAP"
	changeGrade       = "DANH_GIA_XEP_LOAI"
	changeDeclaration = "KE_KHAI_TAI_SAN"
	changeHealth      = "SUC_KHOE"
	// transferSecondment is the Loai of a secondment in DieuChuyen (code
	// list LoaiDieuChuyen).
	transferSecondment = "BIET_PHAI"
)

// changeKindTable is the one table of the kinds of change event.
//
// The kinds of format 1.0 are the format's (LoaiBienDong); their members
// here are our reading of what each changes, for tools that sort the
// differences of two profiles into change events.
//
// The kinds of format 2.0 are our reading: Decree 27/2026/NĐ-CP, Art. 5,
// names the facts of the ten groups (election, appointment, planning,
// secondment, allowances, quality grading, declarations of assets and
// income, health) but no kinds of change event, and its Appendix is not
// public. Their codes follow the code lists of the members they change
// (BAU_CU of HinhThucBoNhiem, BIET_PHAI of LoaiDieuChuyen) or the member
// itself (DANH_GIA_XEP_LOAI, PHU_CAP, QUY_HOACH, KE_KHAI_TAI_SAN,
// SUC_KHOE); KET_THUC_BIET_PHAI, the end of a secondment, is ours.
var changeKindTable = [...]changeKindRow{
	{code: "TUYEN_DUNG", since: "1.0", decision: true, subject: members("Recruitment"),
		along: members("PersonKind", "ManagingUnit", "WorkingUnit", "JobPosition", "Rank", "WorkHistory", "SalaryHistory", "Allowances", "Status")},
	{code: "BO_NHIEM", since: "1.0", decision: true, subject: members("Position", "Appointments"),
		along: members("JobPosition", "WorkHistory", "Allowances", "Planning")},
	{code: "DIEU_DONG", since: "1.0", decision: true, subject: members("WorkingUnit", "ManagingUnit", "Transfers"),
		along: members("WorkHistory", "Position", "JobPosition", "Appointments", "Allowances")},
	{code: "LUAN_CHUYEN", since: "1.0", decision: true, subject: members("WorkingUnit", "ManagingUnit", "Transfers"),
		along: members("WorkHistory", "Position", "JobPosition", "Appointments", "Allowances")},
	{code: "NANG_LUONG", since: "1.0", decision: true, subject: members("Rank"),
		along: members("SalaryHistory", "Allowances")},
	{code: "KHEN_THUONG", since: "1.0", decision: true, subject: members("Awards")},
	{code: "KY_LUAT", since: "1.0", decision: true, subject: members("Disciplines"),
		along: members("Rank", "SalaryHistory", "Position", "Appointments", "Allowances", "WorkHistory", "Status", "EndOfService")},
	{code: "NGHI_HUU", since: "1.0", decision: true, subject: members("Status", "EndOfService"),
		along: members("WorkHistory", "Position", "Appointments", "Allowances")},
	{code: "THOI_VIEC", since: "1.0", decision: true, subject: members("Status", "EndOfService"),
		along: members("WorkHistory", "Position", "Appointments", "Allowances")},
	{code: "TU_TRAN", since: "1.0", decision: true, subject: members("Status", "EndOfService"),
		along: members("WorkHistory", "Position", "Appointments", "Allowances")},
	{code: changeUpdate, since: "1.0", isAny: true},

	// Format 2.0: the ten data groups.
	{code: changeElection, since: "2.0", decision: true, subject: members("Appointments"),
		along: members("Position", "JobPosition", "WorkHistory", "Allowances")},
	{code: changePlanning, since: "2.0", decision: true, subject: members("Planning")},
	{code: changeSecondment, since: "2.0", decision: true, subject: members("Transfers"), along: members("WorkHistory")},
	{code: changeSecondEnd, since: "2.0", decision: true, subject: members("Transfers"), along: members("WorkHistory")},
	{code: changeAllowance, since: "2.0", decision: true, subject: members("Allowances")},
	{code: changeGrade, since: "2.0", decision: true, subject: members("Grades")},
	{code: changeDeclaration, since: "2.0", subject: members("AssetDeclarations")},
	{code: changeHealth, since: "2.0", subject: members("Health")},
}

// changeKinds is the table with the members' wire pointers, built once.
var changeKinds = sync.OnceValue(func() []ChangeKind {
	pt := reflect.TypeFor[Profile]()
	wire := func(goNames []string) []string {
		var out []string
		for _, n := range goNames {
			sf, ok := pt.FieldByName(n)
			if !ok {
				panic("packet: change kind table: no member " + n + " in Profile") // a defect in the table; every test would catch it
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			out = append(out, "/"+name)
		}
		return out
	}
	out := make([]ChangeKind, len(changeKindTable))
	for i, r := range changeKindTable {
		out[i] = ChangeKind{Code: r.code, Since: r.since, Subject: wire(r.subject), Along: wire(r.along), AnyMember: r.isAny, Decision: r.decision}
	}
	return out
})

// ChangeKinds returns the kinds of change event, those of format 1.0
// first; the slice and its members are the caller's own.
func ChangeKinds() []ChangeKind {
	out := slices.Clone(changeKinds())
	for i := range out {
		out[i].Subject, out[i].Along = slices.Clone(out[i].Subject), slices.Clone(out[i].Along)
	}
	return out
}

// LookupChangeKind returns the kind of change event whose LoaiBienDong is
// code.
func LookupChangeKind(code string) (ChangeKind, bool) {
	for _, k := range changeKinds() {
		if k.Code == code {
			k.Subject, k.Along = slices.Clone(k.Subject), slices.Clone(k.Along)
			return k, true
		}
	}
	return ChangeKind{}, false
}

// ChangeKindsOf returns the kinds of change event that are about the
// member of HoSo at pointer (its first member is one of their Subject),
// in the table's order: [DANH_GIA_XEP_LOAI] for /DanhGiaXepLoai/4, [BO_NHIEM
// BAU_CU] for /BoNhiem. A member no kind is about (a phone number) is
// CAP_NHAT's: the result is then empty.
func ChangeKindsOf(pointer string) []ChangeKind {
	var out []ChangeKind
	for _, k := range ChangeKinds() {
		if k.About(pointer) {
			out = append(out, k)
		}
	}
	return out
}

// changeKind returns the table's kind of code, shared (not to be changed).
func changeKind(code string) (*ChangeKind, bool) {
	ks := changeKinds()
	for i := range ks {
		if ks[i].Code == code {
			return &ks[i], true
		}
	}
	return nil, false
}
