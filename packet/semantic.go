package packet

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/cbccvc/cbccvc-go/calendar"
	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"
)

// This file is the semantic layer (docs/guide/en/04-validation.md#three-layers-then-the-signature):
// the rules of the catalogue (docs/rules.md) about the decoded model. The decoder
// reports the values it cannot parse (R-ID-001/002/005/006, dates) and
// leaves them zero; the schema reports missing members. So a zero value here
// is never judged again: every check skips it.

const (
	// defaultSkew is how far in the future a time may be before it is
	// "in the future": the clocks of sender and reader differ.
	defaultSkew = 5 * time.Minute
)

// checkerConfig configures the semantic layer.
type checkerConfig struct {
	Codes *codelist.Set // code lists; codelist.Default() when nil
	// Calendar counts working days (R-BD-004); calendar.Default() when nil.
	Calendar *calendar.Calendar
	// Now is the reader's clock; its location decides which day "today"
	// is (Viet Nam is UTC+7). The zero Time means time.Now().
	Now time.Time
	// Skew is the allowed clock skew for "in the future": zero means
	// 5 minutes, a negative value none.
	Skew time.Duration
}

// recordRules is the semantic layer's configuration — the clock, the code
// lists, the salary tables — and, as its methods, the rules that judge one
// record alone. It is never written after newRecordRules returns, and the
// rules read nothing else: the validation workers run them concurrently,
// each on its own record, in any order.
type recordRules struct {
	limit time.Time // Now+Skew: a later time is in the future
	today Date      // the day of limit, in Now's location

	// The code lists, looked up once: Set.List copies. lists are those
	// of the members with a list tag, by name; the others are those the
	// rules about addresses, ranks and discipline use.
	lists                                    map[string]*codelist.List
	codedLists                               []*codelist.List // the same, by their index in codedLists()
	codeSets                                 []codeSet        // their codes, by the same index
	province, provincePre2025, rank, commune *codelist.List
	disciplineForms                          *codelist.List
	// codes judges the birthplace digits of personal IDs (R-ID-007,
	// R-ID-002) by its province list and its country list, if any.
	codes     *codelist.Set
	countries *codelist.List // QuocGiaKhaiSinh, for messages; nil when not loaded

	// scales are the coefficients of the steps of each salary group of
	// Tables 2 and 3 of Decree 204/2004/NĐ-CP, looked up once:
	// Set.SalaryScaleIn copies.
	scales map[codelist.SalaryTable]map[string][]int
	// ranks are the steps of each rank code of list Ngach of a valid
	// shape, in each table, for salaryOK: one lookup for the common case
	// of a rank, step and coefficient that agree.
	ranks map[string]rankSteps
	// discipline are the forms of discipline the law gives each kind of
	// person, by period (DisciplineRegimes copies).
	discipline map[string][]codelist.DisciplineRegime
}

// checker runs the semantic rules over the header and the records of one
// packet, in document order: the record-local rules of its recordRules,
// and those that need the header or the records before (duplicates,
// ownership, lateness, the members a change may set in the header's
// version). Across records it keeps only what the duplicate and
// ownership rules need, in compact form: a packet of 100,000 profiles
// costs it a few megabytes.
type checker struct {
	*recordRules

	// syntaxMajor is the format version the syntax names before the
	// header (the XML namespace); 0 for JSON. major is the packet's, once
	// the header names one this package reads.
	syntaxMajor, major int

	workdays *calendar.Calendar // R-BD-004

	// From the header.
	haveHeader bool
	kind       Kind
	created    time.Time             // ThoiGianTao
	count      int                   // SoLuongBanGhi
	owner      identifier.AgencyCode // the agency the profiles belong to (R-OWN-001)
	ownerIsRcv bool                  // owner is the receiver (CHIASE_HOSO), not the sender

	// pending are the managing units of profiles read before the header,
	// judged when it comes: JSON members may come in any order.
	pending []pendingOwner
	// pendingLate are the change events read before the header (R-BD-004).
	pendingLate []pendingChange

	// The keys seen so far, with the index of the record that had them
	// first (R-DUP-001).
	personalIDs map[identifier.PersonalID]int32
	changeIDs   map[uuid.UUID]int32
}

type pendingOwner struct {
	rec  int
	unit identifier.AgencyCode
}

func newChecker(cfg checkerConfig) *checker {
	c := &checker{recordRules: newRecordRules(cfg), workdays: cfg.Calendar}
	if c.workdays == nil {
		c.workdays = calendar.Default()
	}
	return c
}

func newRecordRules(cfg checkerConfig) *recordRules {
	codes := cfg.Codes
	if codes == nil {
		codes = codelist.Default()
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	switch {
	case cfg.Skew == 0:
		cfg.Skew = defaultSkew
	case cfg.Skew < 0:
		cfg.Skew = 0
	}
	limit := now.Add(cfg.Skew)
	c := &recordRules{limit: limit, today: DateOf(limit), scales: salaryScales(codes), discipline: map[string][]codelist.DisciplineRegime{}}
	list := func(name string) *codelist.List {
		l, _ := codes.List(name)
		return l
	}
	c.lists = map[string]*codelist.List{}
	c.codedLists = make([]*codelist.List, 0, len(codedLists()))
	for _, name := range codedLists() {
		c.lists[name] = list(name)
		c.codedLists = append(c.codedLists, c.lists[name])
		c.codeSets = append(c.codeSets, newCodeSet(c.lists[name]))
	}
	c.province = list(codelist.ListProvince)
	c.provincePre2025 = list(codelist.ListProvincePre2025)
	c.rank = list(codelist.ListRank)
	c.disciplineForms = list(codelist.ListDiscipline)
	c.commune = list(codelist.ListCommune) // embedded; nil in a Set built without it
	c.codes = codes
	c.countries = list(codelist.ListBirthCountry) // not embedded either
	for _, kind := range [...]string{"CB", "CC", "VC"} {
		c.discipline[kind] = codes.DisciplineRegimes(kind, time.Time{})
	}
	c.ranks = rankTable(c.rank, c.scales)
	return c
}

// rankSteps are the coefficients of the steps of a rank's group in Tables
// 2 and 3, and whether the table has the group.
type rankSteps struct {
	steps [2][]int
	has   [2]bool
}

// rankTable returns the steps of the rank codes of list, by code; only
// those of a valid shape, the others being salary's to report.
func rankTable(list *codelist.List, scales map[codelist.SalaryTable]map[string][]int) map[string]rankSteps {
	m := map[string]rankSteps{}
	if list == nil {
		return m
	}
	for e := range list.All() {
		e, _ := list.Lookup(e.Code) // the entry salary finds
		if !codelist.ValidRankShape(e.Code) {
			continue
		}
		var r rankSteps
		for k, t := range [...]codelist.SalaryTable{codelist.SalaryTable2, codelist.SalaryTable3} {
			r.steps[k], r.has[k] = scales[t][e.Group]
		}
		m[e.Code] = r
	}
	return m
}

func salaryScales(codes *codelist.Set) map[codelist.SalaryTable]map[string][]int {
	m := map[codelist.SalaryTable]map[string][]int{}
	for _, t := range [...]codelist.SalaryTable{codelist.SalaryTable2, codelist.SalaryTable3} {
		m[t] = map[string][]int{}
		for _, g := range codes.SalaryGroups(t) {
			sc, _ := codes.SalaryScaleIn(t, g)
			m[t][g] = sc.Steps
		}
	}
	return m
}

// loc is where a value lies in record rec: /DuLieu/rec, then up to four
// steps, each a member name or an array index. It becomes a JSON Pointer
// only when a finding is reported, so a valid record costs no strings.
type loc struct {
	rec  int
	n    int
	step [4]struct {
		name  string // "" for an array index
		index int
	}
}

// at is member of record rec.
func at(rec int, member string) loc { return loc{rec: rec}.in(member) }

// in is member name of the object at l.
func (l loc) in(name string) loc {
	l.step[l.n].name = name
	l.n++
	return l
}

// item is item j of the array at l.
func (l loc) item(j int) loc {
	l.step[l.n].index = j
	l.n++
	return l
}

// push makes l the member name of the object at l, as in does, in place:
// the walks keep one loc for a whole record, and copy it only to report.
func (l *loc) push(name string) {
	l.step[l.n] = struct {
		name  string
		index int
	}{name: name}
	l.n++
}

// pushItem makes l item j of the array at l, in place.
func (l *loc) pushItem(j int) {
	l.step[l.n] = struct {
		name  string
		index int
	}{index: j}
	l.n++
}

// pop undoes the last push or pushItem.
func (l *loc) pop() { l.n-- }

// name is the wire name of the value, or of the array it is an item of,
// for messages.
func (l loc) name() string {
	for k := l.n - 1; k >= 0; k-- {
		if l.step[k].name != "" {
			return l.step[k].name
		}
	}
	return ""
}

// String returns the JSON Pointer. The names need no escaping: none holds
// '~' or '/'.
func (l loc) String() string {
	b := AppendRecordPointer(make([]byte, 0, 64), l.rec, "")
	for _, s := range l.step[:l.n] {
		b = append(b, '/')
		if s.name != "" {
			b = append(b, s.name...)
		} else {
			b = strconv.AppendInt(b, int64(s.index), 10)
		}
	}
	return string(b)
}

// report emits a finding of rule, with the severity of the catalogue.
func report(emit func(Finding), rule, pointer, vi, en string) {
	emit(Finding{Rule: rule, Severity: severityOf(rule), Pointer: pointer, MessageVI: vi, MessageEN: en})
}

// The members the rules of 1.0 judge by name, from the mapping table, as
// the rules of the groups do (semantic_groups.go). Free text is judged by
// the check tags instead.
var (
	nRecords   = wireName[Packet]("Records")
	ptrRecords = "/" + nRecords

	ptrKind        = headerPointer("Kind")
	ptrVersion     = headerPointer("Version")
	ptrCreated     = headerPointer("Created")
	ptrReplyTo     = headerPointer("ReplyTo")
	ptrRecordCount = headerPointer("RecordCount")
	nSender        = wireName[Header]("Sender")
	nReceiver      = wireName[Header]("Receiver")

	nPersonalID       = wireName[Profile]("PersonalID")
	nBirthDate        = wireName[Profile]("BirthDate")
	nBirthplace       = wireName[Profile]("Birthplace")
	nHometown         = wireName[Profile]("Hometown")
	nPermanentAddress = wireName[Profile]("PermanentAddress")
	nCurrentAddress   = wireName[Profile]("CurrentAddress")
	nUnitCode         = wireName[Address]("UnitCode")
	nManagingUnit     = wireName[Profile]("ManagingUnit")
	nRecruitment      = wireName[Profile]("Recruitment")
	nPosition         = wireName[Profile]("Position")
	nAppointed        = wireName[Position]("Appointed")
	nRank             = wireName[Profile]("Rank")
	nRankSince        = wireName[Rank]("Since")
	nParty            = wireName[Profile]("Party")
	nPartyJoined      = wireName[PartyMembership]("Joined")
	nPartyOfficial    = wireName[PartyMembership]("Official")
	nWorkHistory      = wireName[Profile]("WorkHistory")
	nWorkFrom         = wireName[WorkPeriod]("From")
	nWorkTo           = wireName[WorkPeriod]("To")
	nSalaryHistory    = wireName[Profile]("SalaryHistory")
	nSalarySince      = wireName[SalaryStep]("Since")
	nTraining         = wireName[Profile]("Training")
	nCourseFrom       = wireName[Course]("From")
	nCourseTo         = wireName[Course]("To")
	nAwards           = wireName[Profile]("Awards")
	nAwardYear        = wireName[Award]("Year")
	nDisciplines      = wireName[Profile]("Disciplines")
	nDisciplineDate   = wireName[Discipline]("Date")
	nDisciplineForm   = wireName[Discipline]("Form")
	nRelatives        = wireName[Profile]("Relatives")
	nRelativeBorn     = wireName[Relative]("BirthYear")
	nUpdatedAt        = wireName[Profile]("UpdatedAt")

	// The members of a rank (Ngach) and of a step of the salary history
	// (MocLuong) that salary judges.
	rankSalary = salaryNames{wireName[Rank]("Code"), wireName[Rank]("Step"), wireName[Rank]("Coefficient")}
	stepSalary = salaryNames{wireName[SalaryStep]("RankCode"), wireName[SalaryStep]("Step"), wireName[SalaryStep]("Coefficient")}

	nChangeID       = wireName[Change]("ID")
	nChangePerson   = wireName[Change]("PersonalID")
	nChangeDecision = wireName[Change]("Decision")
	nDecisionDate   = wireName[Decision]("Date")
	nChangeFields   = wireName[Change]("Fields")
	nMatchPerson    = wireName[MatchResult]("PersonalID")
	nMatchedAt      = wireName[MatchResult]("MatchedAt")
)

// headerPointer is the JSON Pointer of the header member goName.
func headerPointer(goName string) string {
	return "/" + wireName[Packet]("Header") + "/" + wireName[Header](goName)
}

// header checks the header (R-HDR-001, -002, -004, -005) and remembers what
// the records' rules need. It then judges the owners of the profiles read
// before it.
//
// A closed agency code (AgencyCode.ClosedOn) deserves a warning (docs/guide/en/02-identifiers.md#agency-code--mã-định-danh-điện-tử-của-cơ-quan-tổ-chức), but the catalogue has no warning code for it, so
// none is given.
func (c *checker) header(h *Header, emit func(Finding)) {
	c.haveHeader = true
	c.kind = h.Kind
	c.count = h.RecordCount
	c.created = h.Created
	switch h.Kind {
	case KindProfiles:
		c.owner, c.ownerIsRcv = h.Sender, false
	case KindSharedProfiles:
		c.owner, c.ownerIsRcv = h.Receiver, true
	}

	if h.Kind != "" && !h.Kind.Valid() {
		report(emit, RuleHeaderKind, ptrKind,
			fmt.Sprintf("%s %s không đúng: chỉ có các loại HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO và PHANHOI. Đề nghị ghi một trong các loại này.", fieldVI(nKind), quoteValue(string(h.Kind))),
			fmt.Sprintf("LoaiGoiTin %q is not HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO or PHANHOI", clip.String(string(h.Kind))))
	}
	c.version(h, emit)
	if !h.Created.IsZero() && h.Created.After(c.limit) {
		lim := c.limit.In(h.Created.Location()).Format(time.RFC3339) // for the English message
		report(emit, RuleHeaderFuture, ptrCreated,
			fmt.Sprintf("%s %s ở tương lai, muộn hơn giờ hiện tại của bên nhận cộng độ lệch cho phép, %s. Đề nghị kiểm tra đồng hồ của máy lập gói tin rồi lập lại gói tin.",
				fieldVI(nCreated), clockVI(h.Created), clockVI(c.limit.In(h.Created.Location()))),
			fmt.Sprintf("ThoiGianTao %s is in the future: later than %s (the reader's clock plus the allowed skew)", h.Created.Format(time.RFC3339), lim))
	}
	if h.Kind == KindResponse && h.ReplyTo == (uuid.UUID{}) {
		report(emit, RuleHeaderReplyTo, ptrReplyTo,
			"Thiếu thông tin bắt buộc: "+wordsVI(nReplyTo)+". Gói tin phản hồi (PHANHOI) phải ghi mã của gói tin mà nó phản hồi. Đề nghị bổ sung.",
			"a PHANHOI packet lacks MaGoiTinThamChieu, the ID of the packet it answers")
	}

	for _, p := range c.pending {
		c.ownerCheck(p.rec, p.unit, emit)
	}
	c.pending = nil
	for _, p := range c.pendingLate {
		c.judgeLate(p, emit)
	}
	c.pendingLate = nil
}

// version checks PhienBan: a version this package reads (R-HDR-002), the
// one the XML namespace names (R-HDR-002), the current one (R-HDR-006).
func (c *checker) version(h *Header, emit func(Finding)) {
	n, err := MajorVersion(h.Version)
	if err != nil {
		return // a version of another shape is the schema's to report
	}
	v, ok := formatVersionOf(n)
	if ok {
		c.major = n
	}
	switch {
	case !ok:
		report(emit, RuleHeaderVersion, ptrVersion,
			fmt.Sprintf("Phiên bản định dạng (PhienBan) %q không được hỗ trợ; chỉ đọc được các phiên bản %s. Đề nghị lập gói tin theo phiên bản %s.",
				clip.String(h.Version), strings.Join(SupportedVersions(), ", "), Version),
			fmt.Sprintf("PhienBan %q has major version %d, which is not supported; this reader knows %s",
				clip.String(h.Version), n, strings.Join(SupportedVersions(), ", ")))
	case c.syntaxMajor != 0 && n != c.syntaxMajor:
		ns, _ := formatVersionOf(c.syntaxMajor)
		report(emit, RuleHeaderVersion, ptrVersion,
			fmt.Sprintf("Phiên bản định dạng (PhienBan) %q khác với phiên bản %s mà không gian tên của phần tử gói tin (GoiTin) thể hiện. Đề nghị ghi phiên bản định dạng và không gian tên của cùng một phiên bản.",
				clip.String(h.Version), ns.name),
			fmt.Sprintf("PhienBan %q is not version %s of the XML namespace %s", clip.String(h.Version), ns.name, ns.namespace))
	case !v.supersededOn.IsZero():
		report(emit, RuleHeaderSuperseded, ptrVersion,
			fmt.Sprintf("Gói tin theo định dạng phiên bản %s, đã được thay bằng phiên bản %s từ ngày %s (%s). Đề nghị lập gói tin theo phiên bản %s; lệnh cbccvc migrate chuyển gói tin phiên bản %s sang phiên bản %s.",
				v.name, Version, v.supersededOn.dmy(), v.supersededBy, Version, v.name, Version),
			fmt.Sprintf("a packet of format %s, which format %s replaced on %s (%s); cbccvc migrate turns it into %s",
				v.name, Version, v.supersededOn, v.supersededByEN, Version))
	}
}

// finish checks what needs the whole packet (R-HDR-003). It does nothing
// when no header was read.
func (c *checker) finish(records int, emit func(Finding)) {
	if !c.haveHeader {
		return
	}
	if c.count != records {
		report(emit, RuleHeaderRecordCount, ptrRecordCount,
			fmt.Sprintf("%s là %d nhưng %s có %d bản ghi. Đề nghị ghi đúng số bản ghi của gói tin.", fieldVI(nRecordCount), c.count, wordsVI(nRecords), records),
			fmt.Sprintf("SoLuongBanGhi is %d but DuLieu holds %d records", c.count, records))
	}
	if records == 0 && c.kind.Valid() && c.kind != KindResponse {
		report(emit, RuleHeaderRecordCount, ptrRecords,
			fmt.Sprintf("%s không có bản ghi nào, trong khi chỉ gói tin phản hồi (PHANHOI) mới được không có bản ghi; gói tin này thuộc loại %s. Đề nghị bổ sung bản ghi, hoặc kiểm tra lại %s.", fieldVI(nRecords), c.kind, wordsVI(nKind)),
			fmt.Sprintf("DuLieu is empty in a %s packet; only PHANHOI may have no records", c.kind))
	}
}

// record checks record i by every rule: those of the record alone, then
// those that need the header or the records before it. The Validator runs
// the two parts apart, local in its workers and inOrder in its collector;
// sorted by pointer, as every report is, the findings are the same.
func (c *checker) record(i int, rec Record, emit func(Finding)) {
	c.local(i, rec, emit)
	c.inOrder(i, rec, emit)
}

// local checks record i, of any kind, by the rules that judge it alone. A
// KetQuaXuLy has none: its states are the schema's enumerations, and its
// ViPham are the answered packet's findings.
func (c *recordRules) local(i int, rec Record, emit func(Finding)) {
	switch rec := rec.(type) {
	case *Profile:
		c.profile(i, rec, emit)
	case *Change:
		c.change(i, rec, emit)
	case *MatchResult:
		c.match(i, rec, emit)
	}
}

// inOrder checks record i by the rules that need the records before it
// (R-DUP-001) or the header (R-OWN-001, R-BD-004, and the members a change
// may set in the header's version), after local. It must see the records
// in document order.
func (c *checker) inOrder(i int, rec Record, emit func(Finding)) {
	switch rec := rec.(type) {
	case *Profile:
		c.profileInOrder(i, rec, emit)
	case *Change:
		c.changeInOrder(i, rec, emit)
	}
}

// profile checks a HoSo record by the rules that judge it alone. Its
// findings come mostly in the order of the record's fields; the Validator
// sorts them into that order.
func (c *recordRules) profile(i int, p *Profile, emit func(Finding)) {
	birth := p.BirthDate
	c.identity(i, p, emit)
	c.career(i, p, birth, emit)
	c.workHistory(i, p.WorkHistory, birth, emit)
	c.histories(i, p, birth, emit)
	c.pastTime(p.UpdatedAt, at(i, nUpdatedAt), emit)
	// The dates of the groups of 2.0 and the free text of every member,
	// by the check tags (R-TXT-001, R-TXT-002).
	codeMiss := c.groups(i, p, emit)
	// Every value from a code list (R-CODE-001), by the model's list tags,
	// when groups found one outside its list. TonGiao 99 is in its list as
	// an alias of 00, so it passes here; normalising it to 00 is the
	// normaliser's work.
	if codeMiss {
		obj, plan := profileRoot(p)
		c.coded(obj, plan, loc{rec: i}, emit)
	}
}

// profileInOrder checks the personal ID of a HoSo record against the
// records before it (R-DUP-001), and its managing unit against the
// packet's owner (R-OWN-001), or keeps the unit until the header comes.
func (c *checker) profileInOrder(i int, p *Profile, emit func(Finding)) {
	if !p.PersonalID.IsZero() {
		if first, dup := c.seenPersonalID(p.PersonalID, i); dup {
			report(emit, RuleDuplicate, at(i, nPersonalID).String(),
				fmt.Sprintf("%s %s đã có ở %s của gói tin: mỗi người chỉ có một hồ sơ trong một gói tin. Đề nghị gộp hai hồ sơ làm một, hoặc đối chiếu lại số định danh cá nhân.", fieldVI(nPersonalID), p.PersonalID, recordVI(first)),
				fmt.Sprintf("SoDinhDanh %s already appears in record /DuLieu/%d of the packet; one profile per person in a packet", p.PersonalID, first))
		}
	}
	if !p.ManagingUnit.IsZero() {
		if c.haveHeader {
			c.ownerCheck(i, p.ManagingUnit, emit)
		} else {
			c.pending = append(c.pending, pendingOwner{i, p.ManagingUnit})
		}
	}
}

// identity checks who the person is: the personal ID against the birth
// date and gender, the addresses.
func (c *recordRules) identity(i int, p *Profile, emit func(Finding)) {
	if !p.PersonalID.IsZero() {
		c.birthplace(p.PersonalID, at(i, nPersonalID), emit)
		// Check moves the ID to the heap (its messages slice it), so it is
		// called only when it has something to say.
		g, _ := identifier.ParseGender(p.Gender)
		if y := p.BirthDate.Year(); g != 0 && g != p.PersonalID.Gender() || y != 0 && y != p.PersonalID.BirthYear() {
			for _, m := range p.PersonalID.Check(g, y) {
				report(emit, mismatchRule(m), at(i, nPersonalID).String(), mismatchVI(p.PersonalID, m.MessageVI), m.MessageEN)
			}
		}
	}
	c.birthDate(p.BirthDate, at(i, nBirthDate), emit)
	c.address(&p.Birthplace, at(i, nBirthplace), false, emit)
	c.address(&p.Hometown, at(i, nHometown), false, emit)
	if p.PermanentAddress != nil {
		c.address(p.PermanentAddress, at(i, nPermanentAddress), true, emit)
	}
	if p.CurrentAddress != nil {
		c.address(p.CurrentAddress, at(i, nCurrentAddress), true, emit)
	}
}

// career checks the dates of recruitment, position, rank and party
// membership, and the rank's salary.
func (c *recordRules) career(i int, p *Profile, birth PartialDate, emit func(Finding)) {
	born := earliestBirth(birth)
	// Recruited under 18 (adult) needs a year of recruitment before the
	// year of the 19th birthday.
	if d := p.Recruitment.Date; c.doubtful(d, born) || !d.IsZero() && !born.IsZero() && d.Year() < born.Year()+19 {
		rd := at(i, nRecruitment).in(nRecruitDate)
		c.pastDate(d, rd, emit)
		c.adult(d, birth, rd, emit)
		c.afterBirth(d, birth, rd, emit)
	}
	if pos := p.Position; pos != nil && c.doubtful(pos.Appointed, born) {
		c.pastDate(pos.Appointed, at(i, nPosition).in(nAppointed), emit)
		c.afterBirth(pos.Appointed, birth, at(i, nPosition).in(nAppointed), emit)
	}

	rk := &p.Rank
	if sc := (salaryCase{p.PersonKind, rk.Code, rk.Step, rk.Coefficient, rk.ExtraPercent != nil && *rk.ExtraPercent > 0, false}); !c.salaryOK(sc) {
		c.salary(sc, at(i, nRank), rankSalary, emit)
	}
	if c.doubtful(rk.Since, born) {
		c.pastDate(rk.Since, at(i, nRank).in(nRankSince), emit)
		c.afterBirth(rk.Since, birth, at(i, nRank).in(nRankSince), emit)
	}

	if pm := p.Party; pm != nil {
		lj, lo := at(i, nParty).in(nPartyJoined), at(i, nParty).in(nPartyOfficial)
		c.pastDate(pm.Joined, lj, emit)
		c.afterBirth(pm.Joined, birth, lj, emit)
		c.pastDate(pm.Official, lo, emit)
		if !pm.Official.IsZero() && !pm.Joined.IsZero() && pm.Official.Before(pm.Joined) {
			report(emit, RuleDateOrder, lo.String(),
				fmt.Sprintf("%s trước %s %s: ngày vào Đảng chính thức phải sau ngày vào Đảng. Đề nghị đối chiếu hồ sơ đảng viên.", valueAt(lo, pm.Official.dmy()), wordsVI(nPartyJoined), pm.Joined.dmy()),
				fmt.Sprintf("NgayChinhThuc %s is before NgayVaoDang %s: full membership comes after admission", pm.Official, pm.Joined))
		} else {
			c.afterBirth(pm.Official, birth, lo, emit)
		}
	}
}

// histories checks the items of the salary history, training, awards,
// disciplines and relatives. Most items have nothing to report: the
// location of a value is built only for a value that may.
func (c *recordRules) histories(i int, p *Profile, birth PartialDate, emit func(Finding)) {
	born := earliestBirth(birth)
	for j := range p.SalaryHistory {
		s := &p.SalaryHistory[j]
		if c.doubtful(s.Since, born) {
			l := at(i, nSalaryHistory).item(j).in(nSalarySince)
			c.pastDate(s.Since, l, emit)
			c.afterBirth(s.Since, birth, l, emit)
		}
		// The person's kind may have been another when the step was held.
		if sc := (salaryCase{p.PersonKind, s.RankCode, s.Step, s.Coefficient, false, true}); !c.salaryOK(sc) {
			c.salary(sc, at(i, nSalaryHistory).item(j), stepSalary, emit)
		}
	}
	for j := range p.Training {
		t := &p.Training[j]
		if c.doubtful(t.From, born) {
			l := at(i, nTraining).item(j).in(nCourseFrom)
			c.pastDate(t.From, l, emit)
			c.afterBirth(t.From, birth, l, emit)
		}
		if t.To.After(c.today) || !t.To.IsZero() && t.To.Before(t.From) {
			l := at(i, nTraining).item(j).in(nCourseTo)
			c.pastDate(t.To, l, emit)
			c.period(t.From, t.To, l, emit)
		}
	}
	for j := range p.Awards {
		a := &p.Awards[j]
		if a.Year == 0 || a.Year <= c.today.Year() && (birth.IsZero() || a.Year >= birth.Year()) {
			continue
		}
		l := at(i, nAwards).item(j).in(nAwardYear)
		c.pastYear(a.Year, l, emit)
		if !birth.IsZero() && a.Year < birth.Year() {
			report(emit, RuleDateOrder, l.String(),
				fmt.Sprintf("%s trước năm sinh %d. Đề nghị đối chiếu quyết định khen thưởng.", valueAt(l, strconv.Itoa(a.Year)), birth.Year()),
				fmt.Sprintf("Nam %d of the award is before the birth year %d", a.Year, birth.Year()))
		}
	}
	for j := range p.Disciplines {
		d := &p.Disciplines[j]
		l := at(i, nDisciplines).item(j)
		c.pastDate(d.Date, l.in(nDisciplineDate), emit)
		c.afterBirth(d.Date, birth, l.in(nDisciplineDate), emit)
		c.disciplineKind(p.PersonKind, d, l.in(nDisciplineForm), emit)
	}
	for j := range p.Relatives {
		if y := p.Relatives[j].BirthYear; y > c.today.Year() {
			c.pastYear(y, at(i, nRelatives).item(j).in(nRelativeBorn), emit)
		}
	}
}

// earliestBirth is the first day a birth date can stand for, or the zero
// Date, before every other, when it is unknown.
func earliestBirth(birth PartialDate) Date {
	if birth.IsZero() {
		return Date{}
	}
	return birth.Earliest()
}

// doubtful reports whether d, the date of a past fact of a person born no
// earlier than born (earliestBirth), may break R-DATE-001 (pastDate) or
// R-DATE-005 (afterBirth).
func (c *recordRules) doubtful(d, born Date) bool {
	return d.After(c.today) || !d.IsZero() && d.Before(born)
}

// mismatchRule names the rule that a disagreement between a personal ID
// and the gender or birth year beside it breaks.
func mismatchRule(m identifier.Mismatch) string {
	if m.Part == identifier.DigitsYear {
		return RulePersonalIDYear
	}
	return RulePersonalIDGender
}

// birthplace judges digits 1-3 of a personal ID, the code of the province
// or of the country where the birth was registered (docs/guide/en/02-identifiers.md#personal-id--số-định-danh-cá-nhân):
// no province code is a warning naming both readings (R-ID-007), unless
// a loaded country list does not have it either (R-ID-002). A Set without
// the province list judges nothing.
func (c *recordRules) birthplace(id identifier.PersonalID, l loc, emit func(Finding)) {
	if c.provincePre2025 == nil {
		return
	}
	switch id.BirthplaceIn(c.codes).Kind {
	case identifier.BirthplaceUnlisted:
		code := id.BirthProvinceCode()
		report(emit, RulePersonalIDBirthplace, l.String(),
			fmt.Sprintf("Số định danh cá nhân (SoDinhDanh) %q: ba chữ số đầu %s không phải mã tỉnh nơi đăng ký khai sinh theo Thông tư số 07/2016/TT-BCA; "+
				"nếu công dân đăng ký khai sinh ở nước ngoài thì đây có thể là mã quốc gia nơi đăng ký khai sinh. Đề nghị đối chiếu thẻ căn cước.", id, code),
			fmt.Sprintf("SoDinhDanh %q: digits 1-3 (%s) are not a province code of Circular 07/2016/TT-BCA; "+
				"they may be the code of the country where the birth was registered abroad. Check the number against the identity card.", id, code))
	case identifier.BirthplaceUnknown:
		code := id.BirthProvinceCode()
		report(emit, RulePersonalID, l.String(),
			fmt.Sprintf("Số định danh cá nhân (SoDinhDanh) %q: ba chữ số đầu %s không phải mã tỉnh theo Thông tư số 07/2016/TT-BCA, "+
				"cũng không có trong danh mục mã quốc gia nơi đăng ký khai sinh (danh mục %s, phiên bản %s). Đề nghị đối chiếu thẻ căn cước.",
				id, code, codelist.ListBirthCountry, versionOf(c.countries)),
			fmt.Sprintf("SoDinhDanh %q: digits 1-3 (%s) are neither a province code of Circular 07/2016/TT-BCA "+
				"nor in code list %s (version %s) of the countries where a birth is registered abroad",
				id, code, codelist.ListBirthCountry, versionOf(c.countries)))
	}
}

// seenPersonalID records id for record i and reports whether an earlier
// record had it, and which.
func (c *checker) seenPersonalID(id identifier.PersonalID, i int) (int, bool) {
	if c.personalIDs == nil {
		c.personalIDs = map[identifier.PersonalID]int32{}
	}
	if first, ok := c.personalIDs[id]; ok {
		return int(first), true
	}
	c.personalIDs[id] = int32(i)
	return 0, false
}

// ownerCheck checks that a profile's managing unit belongs to the agency
// that owns the packet (R-OWN-001): the sender of HOSO; the receiver of
// CHIASE_HOSO, which the national database sends down to it.
func (c *checker) ownerCheck(i int, unit identifier.AgencyCode, emit func(Finding)) {
	if c.owner.IsZero() || unit.Equal(c.owner) || unit.IsUnder(c.owner) {
		return
	}
	roleVI, roleEN, field := "đơn vị gửi", "sender", nSender
	if c.ownerIsRcv {
		roleVI, roleEN, field = "đơn vị nhận", "receiver", nReceiver
	}
	report(emit, RuleOwner, at(i, nManagingUnit).String(),
		fmt.Sprintf("%s %s không phải %s gói tin (%s %s) hay một đơn vị trực thuộc %s: gói tin loại %s chỉ chứa hồ sơ do %s quản lý. Đề nghị đối chiếu cơ quan quản lý của hồ sơ, hoặc gửi hồ sơ từ đúng đơn vị.",
			fieldVI(nManagingUnit), unit, roleVI, field, c.owner, roleVI, c.kind, roleVI),
		fmt.Sprintf("MaDonViQuanLy %s is neither the %s %s (%s of the %s packet) nor a unit under it", unit, roleEN, c.owner, field, c.kind))
}

// birthDate checks NgaySinh: in the future only if even its earliest
// possible day is (R-DATE-001), and complete (R-DATE-006).
func (c *recordRules) birthDate(b PartialDate, l loc, emit func(Finding)) {
	if b.IsZero() {
		return
	}
	if e := b.Earliest(); e.After(c.today) {
		report(emit, RuleDateFuture, l.String(),
			fmt.Sprintf("%s ở tương lai, sau ngày hiện tại %s. Đề nghị đối chiếu thẻ căn cước và ghi đúng ngày sinh.", valueAt(l, partialVI(b)), c.today.dmy()),
			fmt.Sprintf("NgaySinh %s is in the future: after today, %s", b, c.today))
	}
	switch b.Precision() {
	case PrecisionYear:
		report(emit, RuleDatePartialBirth, l.String(),
			fmt.Sprintf("%s chỉ có năm sinh. Đề nghị bổ sung ngày, tháng sinh theo thẻ căn cước.", valueAt(l, partialVI(b))),
			fmt.Sprintf("NgaySinh %s gives only the year; complete the day and month", b))
	case PrecisionMonth:
		report(emit, RuleDatePartialBirth, l.String(),
			fmt.Sprintf("%s chỉ có tháng và năm sinh. Đề nghị bổ sung ngày sinh theo thẻ căn cước.", valueAt(l, partialVI(b))),
			fmt.Sprintf("NgaySinh %s gives only the year and month; complete the day", b))
	}
}

// pastDate reports a date of a past fact that lies after today
// (R-DATE-001).
func (c *recordRules) pastDate(d Date, l loc, emit func(Finding)) {
	if d.IsZero() || !d.After(c.today) {
		return
	}
	report(emit, RuleDateFuture, l.String(),
		fmt.Sprintf("%s ở tương lai, sau ngày hiện tại %s. Đề nghị đối chiếu văn bản gốc và ghi đúng ngày.", valueAt(l, d.dmy()), c.today.dmy()),
		fmt.Sprintf("%s %s is in the future: after today, %s", l.name(), d, c.today))
}

// pastYear is pastDate for a year (R-DATE-001).
func (c *recordRules) pastYear(y int, l loc, emit func(Finding)) {
	if y == 0 || y <= c.today.Year() {
		return
	}
	report(emit, RuleDateFuture, l.String(),
		fmt.Sprintf("%s ở tương lai, sau năm hiện tại %d. Đề nghị đối chiếu văn bản gốc và ghi đúng năm.", valueAt(l, strconv.Itoa(y)), c.today.Year()),
		fmt.Sprintf("%s %d is in the future: after the current year, %d", l.name(), y, c.today.Year()))
}

// pastTime is pastDate for a date-time (R-DATE-001).
func (c *recordRules) pastTime(t time.Time, l loc, emit func(Finding)) {
	if t.IsZero() || !t.After(c.limit) {
		return
	}
	lim := c.limit.In(t.Location()).Format(time.RFC3339)
	report(emit, RuleDateFuture, l.String(),
		fmt.Sprintf("%s ở tương lai, muộn hơn giờ hiện tại của bên nhận cộng độ lệch cho phép, %s. Đề nghị kiểm tra đồng hồ của máy lập gói tin và ghi đúng thời điểm.", valueAt(l, clockVI(t)), clockVI(c.limit.In(t.Location()))),
		fmt.Sprintf("%s %s is in the future: later than %s (the reader's clock plus the allowed skew)", l.name(), t.Format(time.RFC3339), lim))
}

// birthEN describes the earliest day a birth date can stand for, for the
// English messages.
func birthEN(b PartialDate) string {
	if b.Precision() == PrecisionDay {
		return "the birth date " + b.String()
	}
	return "the earliest day NgaySinh " + b.String() + " can stand for, " + b.Earliest().String()
}

// afterBirth reports an event dated before birth (R-DATE-005). With a
// partial birth date it fires only if the event is before every day the
// birth date can stand for.
func (c *recordRules) afterBirth(d Date, birth PartialDate, l loc, emit func(Finding)) {
	if d.IsZero() || birth.IsZero() || !d.Before(birth.Earliest()) {
		return
	}
	report(emit, RuleDateOrder, l.String(),
		fmt.Sprintf("%s trước %s. Đề nghị đối chiếu văn bản gốc và ghi đúng ngày.", valueAt(l, d.dmy()), birthWordsVI(birth)),
		fmt.Sprintf("%s %s is before %s", l.name(), d, birthEN(birth)))
}

// adult reports a recruitment before the age of 18 (R-DATE-002). With a
// partial birth date it counts from the earliest day the date can stand
// for, the birth that makes the person oldest: if even that person is
// under 18, every possible one is. A recruitment before birth is
// R-DATE-005's, not this rule's.
func (c *recordRules) adult(d Date, birth PartialDate, l loc, emit func(Finding)) {
	if d.IsZero() || birth.IsZero() {
		return
	}
	b := birth.Earliest()
	eighteen := b.AddYears(18)
	if !d.Before(eighteen) || d.Before(b) {
		return
	}
	report(emit, RuleDateUnderage, l.String(),
		fmt.Sprintf("%s người được tuyển dụng chưa đủ 18 tuổi (tính từ %s, đủ 18 tuổi ngày %s). Đề nghị đối chiếu quyết định tuyển dụng và ngày sinh (%s).", clauseAt(l, d.dmy()), fromBirthVI(birth), eighteen.dmy(), nBirthDate),
		fmt.Sprintf("%s %s: the person was under 18 (counting from %s, 18 on %s)", l.name(), d, birthEN(birth), eighteen))
}

// period reports a period that ends before it starts (R-DATE-003), at its
// last day, at lt (DenNgay).
func (c *recordRules) period(from, to Date, lt loc, emit func(Finding)) {
	if from.IsZero() || to.IsZero() || !to.Before(from) {
		return
	}
	report(emit, RuleDatePeriod, lt.String(),
		fmt.Sprintf("%s trước ngày bắt đầu %s: giai đoạn kết thúc trước khi bắt đầu. Đề nghị đối chiếu văn bản gốc và ghi đúng hai ngày.", valueAt(lt, to.dmy()), from.dmy()),
		fmt.Sprintf("DenNgay %s is before TuNgay %s: the period ends before it starts", to, from))
}

// workHistory checks QuaTrinhCongTac: dates, order and overlaps
// (R-DATE-001, -003, -004, -005).
func (c *recordRules) workHistory(i int, ws []WorkPeriod, birth PartialDate, emit func(Finding)) {
	born := earliestBirth(birth)
	for j := range ws {
		w := &ws[j]
		k, over := overlapped(ws, j)
		if !over && !c.doubtful(w.From, born) && !w.To.After(c.today) && (w.To.IsZero() || !w.To.Before(w.From)) {
			continue // nothing to report: no location to build
		}
		l := at(i, nWorkHistory).item(j)
		c.pastDate(w.From, l.in(nWorkFrom), emit)
		if over {
			e := &ws[k]
			endVI, endEN := "chưa kết thúc", "not ended"
			if !e.To.IsZero() {
				endVI, endEN = "đến ngày "+e.To.dmy(), "to "+e.To.String()
			}
			report(emit, RuleDateOverlap, l.in(nWorkFrom).String(),
				fmt.Sprintf("%s trùng thời gian với %s thứ %d (từ ngày %s, %s). Đề nghị đối chiếu quyết định và ghi đúng từ ngày, đến ngày của hai giai đoạn.",
					valueAt(l.in(nWorkFrom), w.From.dmy()), labelVI(nWorkHistory), k+1, e.From.dmy(), endVI),
				fmt.Sprintf("the work period from %s overlaps period /DuLieu/%d/QuaTrinhCongTac/%d (from %s, %s)", w.From, i, k, e.From, endEN))
		}
		c.afterBirth(w.From, birth, l.in(nWorkFrom), emit)
		c.pastDate(w.To, l.in(nWorkTo), emit)
		c.period(w.From, w.To, l.in(nWorkTo), emit)
	}
}

// overlapped reports whether period j of ws overlaps a period that starts
// before it (or on the same day, earlier in the list), and which: the
// finding goes on the later of two overlapping periods, as if the list were
// sorted by TuNgay. A period without DenNgay is current and has no end. Two
// periods that share only the day one ends and the other starts do not
// overlap: a handover day is often written in both. Periods without TuNgay
// or that end before they start (R-DATE-003) take no part. The lists are
// short, so comparing every pair costs less than sorting a copy.
func overlapped(ws []WorkPeriod, j int) (int, bool) {
	w := &ws[j]
	if !validPeriod(w) {
		return 0, false
	}
	for k := range ws {
		e := &ws[k]
		if k == j || !validPeriod(e) {
			continue
		}
		switch cmp := e.From.Compare(w.From); {
		case cmp > 0, cmp == 0 && k > j:
			continue // e is the later one
		case cmp == 0:
			return k, true // both cover their first day
		}
		if e.To.IsZero() || w.From.Before(e.To) {
			return k, true
		}
	}
	return 0, false
}

func validPeriod(w *WorkPeriod) bool {
	return !w.From.IsZero() && (w.To.IsZero() || !w.To.Before(w.From))
}

// salaryCase is a rank code with the salary step and coefficient beside it.
type salaryCase struct {
	kind string   // LoaiDoiTuong of the person: it picks the salary table
	rank string   // MaNgach
	step int      // BacLuong
	coef Decimal2 // HeSoLuong
	// beyond is true when the person draws a seniority allowance beyond
	// the last step (PhanTramVuotKhung > 0): the step is still one of the
	// group's and the coefficient still that step's, as the allowance is
	// paid on top of it.
	beyond bool
	// past is true for a step of the salary history, held perhaps under
	// another kind: the coefficient of either table is accepted.
	past bool
}

// salaryTable is the table of Decree 204/2004/NĐ-CP that applies: the
// person kind's (Table 2 for CB and CC, Table 3 for VC), or, for a kind
// outside the list, the one the code's shape points to.
func salaryTable(kind, rank string) codelist.SalaryTable {
	if t, ok := codelist.SalaryTableFor(kind); ok {
		return t
	}
	if strings.HasPrefix(rank, "V.") {
		return codelist.SalaryTable3
	}
	return codelist.SalaryTable2
}

// salaryNames are the wire names of the members of an object that holds a
// rank code, a salary step and a coefficient: MaNgach, BacLuong, HeSoLuong.
type salaryNames struct{ code, step, coef string }

// salaryOK reports, with one lookup, that salary has nothing to say of
// sc in the common case: a rank code of list Ngach, and the step and
// coefficient of its group. False leaves it to salary.
func (c *recordRules) salaryOK(sc salaryCase) bool {
	if sc.rank == "" {
		return true
	}
	r, ok := c.ranks[sc.rank]
	if !ok {
		return false
	}
	k := 0
	if salaryTable(sc.kind, sc.rank) == codelist.SalaryTable3 {
		k = 1
	}
	steps := r.steps[k]
	switch {
	case !r.has[k] || sc.step < 1:
		return true
	case sc.step > len(steps):
		return false
	}
	return sc.coef == 0 || sc.coef == Decimal2(steps[sc.step-1])
}

// salary checks a rank code and the salary step and coefficient beside it
// (R-CODE-001, R-CODE-002, R-LUONG-001, R-LUONG-002); l is the object that
// holds them, under the names n.
func (c *recordRules) salary(sc salaryCase, l loc, n salaryNames, emit func(Finding)) {
	rank, step, coef := sc.rank, sc.step, sc.coef
	if rank == "" {
		return
	}
	if !codelist.ValidRankShape(rank) {
		report(emit, RuleCode, l.in(n.code).String(),
			fmt.Sprintf("%s sai cấu trúc: mã số ngạch công chức gồm 2 chữ số, dấu chấm và 3 chữ số, ví dụ 01.003; mã số chức danh nghề nghiệp viên chức có dạng như V.07.05.14. Đề nghị đối chiếu quyết định bổ nhiệm ngạch hoặc chức danh nghề nghiệp.", valueAt(l.in(n.code), quoteValue(rank))),
			fmt.Sprintf("MaNgach %q has no valid shape: a rank code is NN.NNN or NNa.NNN, a professional-title code V.NN.NN.NN (list Ngach%s)", clip.String(rank), listVersion(c.rank)))
		return
	}
	if c.rank == nil {
		return
	}
	e, ok := c.rank.Lookup(rank)
	if !ok {
		report(emit, RuleRankUnknown, l.in(n.code).String(),
			fmt.Sprintf("%s đúng cấu trúc nhưng không có trong danh mục ngạch, chức danh nghề nghiệp (phiên bản %s), nên chưa kiểm tra được bậc lương và hệ số lương. Đề nghị đối chiếu quyết định bổ nhiệm, hoặc cập nhật danh mục dùng chung.", valueAt(l.in(n.code), rank), c.rank.Version),
			fmt.Sprintf("MaNgach %s has a valid shape but is not in list Ngach (version %s); its salary step and coefficient are not checked", rank, c.rank.Version))
		return
	}
	table := salaryTable(sc.kind, rank)
	steps, ok := c.scales[table][e.Group]
	if !ok || step < 1 {
		// A step below 1 is the schema's to report (minimum 1).
		return
	}
	if step > len(steps) {
		rankVI, rankEN := rankWords(rank, table, e.Group)
		report(emit, RuleSalaryStep, l.in(n.step).String(),
			fmt.Sprintf("Bậc lương (BacLuong) %d không đúng: %s chỉ có bậc 1 đến bậc %d theo %s ban hành kèm theo Nghị định số 204/2004/NĐ-CP. Đề nghị đối chiếu quyết định xếp lương.",
				step, rankVI, len(steps), table),
			fmt.Sprintf("BacLuong %d is wrong: %s has steps 1 to %d only in Table %d of Decree 204/2004/NĐ-CP", step, rankEN, len(steps), int(table)))
		return
	}
	want := Decimal2(steps[step-1])
	if coef == 0 || coef == want || sc.past && c.inOtherTable(table, e.Group, step, coef) {
		return
	}
	rankVI, rankEN := rankWords(rank, table, e.Group)
	var noteVI, noteEN string
	if sc.beyond {
		noteVI, noteEN = " Phụ cấp thâm niên vượt khung không cộng vào hệ số lương.", "; the seniority allowance is not added to HeSoLuong"
	}
	report(emit, RuleSalaryCoeff, l.in(n.coef).String(),
		fmt.Sprintf("Hệ số lương (HeSoLuong) %s không đúng: %s bậc %d có hệ số %s theo %s ban hành kèm theo Nghị định số 204/2004/NĐ-CP.%s Đề nghị đối chiếu quyết định xếp lương.",
			decimalVI(coef), rankVI, step, decimalVI(want), table, noteVI),
		fmt.Sprintf("HeSoLuong %s is wrong: %s step %d has coefficient %s in Table %d of Decree 204/2004/NĐ-CP%s", coef, rankEN, step, want, int(table), noteEN))
}

// inOtherTable reports whether coef is the coefficient of the step in the
// table other than t.
func (c *recordRules) inOtherTable(t codelist.SalaryTable, group string, step int, coef Decimal2) bool {
	other := codelist.SalaryTable2
	if t == other {
		other = codelist.SalaryTable3
	}
	steps := c.scales[other][group]
	return step <= len(steps) && Decimal2(steps[step-1]) == coef
}

// rankWords names a rank in words, as the decree's tables do: «ngạch mã số
// 01.003 (công chức loại A1)», «chức danh nghề nghiệp mã số V.07.05.14
// (viên chức loại A2, nhóm A2.2)».
func rankWords(rank string, t codelist.SalaryTable, group string) (vi, en string) {
	what, whatEN := "ngạch mã số", "rank"
	if strings.HasPrefix(rank, "V.") {
		what, whatEN = "chức danh nghề nghiệp mã số", "professional title"
	}
	who, whoEN := "công chức", "civil servant"
	if t == codelist.SalaryTable3 {
		who, whoEN = "viên chức", "public employee"
	}
	class := group
	if i := strings.IndexByte(group, '.'); i > 0 {
		class = group[:i] // A3.1 is group 1 of class A3
	} else if strings.HasPrefix(group, "C") {
		class = "C" // C1 is group 1 of class C
	}
	if class == group {
		return fmt.Sprintf("%s %s (%s loại %s)", what, rank, who, class),
			fmt.Sprintf("%s %s (%s class %s)", whatEN, rank, whoEN, class)
	}
	return fmt.Sprintf("%s %s (%s loại %s, nhóm %s)", what, rank, who, class, group),
		fmt.Sprintf("%s %s (%s class %s, group %s)", whatEN, rank, whoEN, class, group)
}

// decimalVI writes a coefficient with a decimal comma, as Vietnamese text
// does: 4,34.
func decimalVI(d Decimal2) string { return strings.Replace(d.String(), ".", ",", 1) }

// disciplineKind reports a form of discipline that the law in force on the
// decision day does not give the person's kind (R-CODE-001): bãi nhiệm is
// for cadres only, hạ bậc lương and giáng chức ended for civil servants on
// 1 July 2025 and never applied to public employees. Without a decision
// day it fires only if no law the Set knows ever gave the form to the
// kind; a day before the first such law is not judged.
func (c *recordRules) disciplineKind(kind string, d *Discipline, l loc, emit func(Finding)) {
	regimes := c.discipline[kind]
	if d.Form == "" || len(regimes) == 0 || c.disciplineForms == nil {
		return
	}
	if _, known := c.disciplineForms.Lookup(d.Form); !known {
		return // R-CODE-001 already, as a value outside the list
	}
	var cited *codelist.DisciplineRegime
	for k := range regimes {
		r := &regimes[k]
		if !d.Date.IsZero() && !r.InForce(d.Date.In(time.UTC)) {
			continue
		}
		if r.Allows(d.Form) {
			return
		}
		cited = r // the latest that applies
	}
	if cited == nil {
		return
	}
	var forms []string
	for _, f := range cited.Forms {
		if e, ok := c.disciplineForms.Lookup(f); ok {
			forms = append(forms, strings.ToLower(e.Name))
		}
	}
	whenVI, whenEN := "", ""
	if !d.Date.IsZero() {
		whenVI = fmt.Sprintf(" tại ngày quyết định %02d/%02d/%04d", d.Date.Day(), d.Date.Month(), d.Date.Year())
		whenEN = " on the decision day " + d.Date.String()
	}
	report(emit, RuleCode, l.String(),
		fmt.Sprintf("Hình thức kỷ luật (HinhThuc) %q không áp dụng đối với %s (LoaiDoiTuong %q) theo %s%s: chỉ có các hình thức %s. Đề nghị đối chiếu quyết định kỷ luật.",
			d.Form, personKindVI(kind), kind, cited.Basis, whenVI, strings.Join(forms, ", ")),
		fmt.Sprintf("HinhThuc %q is not a form of discipline for LoaiDoiTuong %q under the law in force%s (%s; list %s, version %s): the forms are %s",
			d.Form, kind, whenEN, cited.Basis, c.disciplineForms.Name, c.disciplineForms.Version, strings.Join(cited.Forms, ", ")))
}

func personKindVI(kind string) string {
	switch kind {
	case "CB":
		return "cán bộ"
	case "CC":
		return "công chức"
	}
	return "viên chức"
}

// coded checks the values of the members of the object at obj, of plan
// p at l, that come from a code list (a list tag in model.go), and of the
// objects inside it that have such members (R-CODE-001).
func (c *recordRules) coded(obj unsafe.Pointer, p *walkPlan, l loc, emit func(Finding)) {
	for k := range p.coded {
		f := &p.coded[k]
		if f.list < 0 {
			f.eachItem(obj, l, func(obj unsafe.Pointer, l loc) { c.coded(obj, f.elem, l, emit) })
			continue
		}
		if v := *f.text(obj); !c.inList(f.list, v) {
			c.code(c.codedLists[f.list], v, l.in(f.name), emit)
		}
	}
}

// inList reports whether value passes R-CODE-001 in the code list of index
// list, as code judges it: empty, in the list, or no list to judge by.
func (c *recordRules) inList(list int, value string) bool {
	return value == "" || c.codeSets[list].has(value)
}

// codedLists are the names of the code lists the model's list tags name.
var codedLists = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var names []string
	for _, ti := range wireTypes() {
		for _, f := range ti.fields {
			if f.list != "" && !seen[f.list] {
				seen[f.list] = true
				names = append(names, f.list)
			}
		}
	}
	slices.Sort(names)
	return names
})

// code checks a code-list value (R-CODE-001). An empty value is the
// schema's to report; a list the Set lacks checks nothing. Aliases (TonGiao
// 99) are members; so are closed codes, which old records keep.
func (c *recordRules) code(list *codelist.List, value string, l loc, emit func(Finding)) {
	if value == "" || list == nil {
		return
	}
	if _, ok := list.Lookup(value); ok {
		return
	}
	report(emit, RuleCode, l.String(),
		fmt.Sprintf("%s %s%s không có trong danh mục dùng chung (%s, phiên bản %s). Đề nghị ghi một mã của danh mục này.", fieldVI(l.name()), quoteValue(value), l.ownerVI(), list.Name, list.Version),
		fmt.Sprintf("%s %q is not in code list %s (version %s)", l.name(), clip.String(value), list.Name, list.Version))
}

func listVersion(l *codelist.List) string {
	if l == nil {
		return ""
	}
	return ", phiên bản " + l.Version
}

// address checks the code of the administrative unit of an address in Viet
// Nam (R-CODE-001); its text is the check tags' (R-TXT-001). A province
// code may be current (Tinh) or from before the 2025 merger
// (TinhTruoc2025), which old addresses keep. The commune of a current
// address (current is true: ThuongTru, NoiOHienTai) must be in list Xa, the
// communes since 1 July 2025; a birthplace or home town may keep the code
// of a commune merged away that year, so for it, as for any address when
// the Set has no Xa, a commune code is any 5 digits. The code of an address
// abroad is not Viet Nam's to judge.
func (c *recordRules) address(a *Address, l loc, current bool, emit func(Finding)) {
	code := a.UnitCode
	switch {
	case code == "" || a.Country != "" && a.Country != "VN":
		// Nothing to judge.
	case current && c.commune != nil && codelist.ValidCommuneCode(code):
		if _, ok := c.commune.Lookup(code); !ok {
			where := l.name()
			report(emit, RuleCode, l.in(nUnitCode).String(),
				fmt.Sprintf("Mã đơn vị hành chính (MaDonViHanhChinh) %q của %s (%s): không có trong danh mục xã, phường, đặc khu từ ngày 01/7/2025 (danh mục Xa, phiên bản %s). "+
					"Đề nghị ghi mã đơn vị hành chính cấp xã hiện hành theo Phụ lục I ban hành kèm theo Công văn số 1027/CTK-CSCL ngày 25/6/2025 của Cục Thống kê.",
					code, labelsVI[where], where, c.commune.Version),
				fmt.Sprintf("MaDonViHanhChinh %q of %s is not in code list Xa (version %s), the communes, wards and special zones since 1 July 2025",
					code, where, c.commune.Version))
		}
	case !c.validUnit(code):
		p := l.in(nUnitCode)
		report(emit, RuleCode, p.String(),
			fmt.Sprintf("%s %s%s không phải mã tỉnh 2 chữ số của danh mục dùng chung (Tinh, phiên bản %s; TinhTruoc2025, phiên bản %s), cũng không phải mã xã 5 chữ số. "+
				"Đề nghị ghi mã đơn vị hành chính theo danh mục dùng chung.",
				fieldVI(nUnitCode), quoteValue(code), p.ownerVI(), versionOf(c.province), versionOf(c.provincePre2025)),
			fmt.Sprintf("MaDonViHanhChinh %q is neither a 2-digit province code of list Tinh (version %s) or TinhTruoc2025 (version %s) nor a 5-digit commune code",
				clip.String(code), versionOf(c.province), versionOf(c.provincePre2025)))
	}
}

func (c *recordRules) validUnit(code string) bool {
	switch len(code) {
	case 2:
		for _, l := range [...]*codelist.List{c.province, c.provincePre2025} {
			if l != nil {
				if _, ok := l.Lookup(code); ok {
					return true
				}
			}
		}
		return c.province == nil && c.provincePre2025 == nil // no list to judge by
	case 5:
		return codelist.ValidCommuneCode(code)
	}
	return false
}

func versionOf(l *codelist.List) string {
	if l == nil {
		return "-"
	}
	return l.Version
}

// text reports free text that is not in the form NormalizeText gives
// (R-TXT-001).
func (c *recordRules) text(s string, l loc, emit func(Finding)) {
	if isNormalText(s) {
		return
	}
	n := NormalizeText(s)
	vi, en := textFaults(s)
	report(emit, RuleTextNormal, l.String(),
		fmt.Sprintf("%s chưa được chuẩn hóa: %s. Đề nghị ghi %s.", valueAt(l, quoteValue(s)), vi, quoteValue(n)),
		fmt.Sprintf("%s %q is not normalised: %s; normalised: %q", l.name(), clip.String(s), en, clip.String(n)))
}

// freeTextAt judges s, the free text at l whose check tag is cs: a name
// (R-TXT-001, R-TXT-002) or other text (R-TXT-001).
func (c *recordRules) freeTextAt(s string, cs checkSet, l loc, emit func(Finding)) {
	if cs&checkName != 0 {
		c.name(s, l, emit)
	} else {
		c.text(s, l, emit)
	}
}

// freeText judges the free text of the object at obj, of plan p at l, and
// of the objects inside it, by their check tags.
func (c *recordRules) freeText(obj unsafe.Pointer, p *walkPlan, l loc, emit func(Finding)) {
	eachFreeText(obj, p, l, func(s *string, cs checkSet, l loc) { c.freeTextAt(*s, cs, l, emit) })
}

// textFaults says what is wrong with text that is not normal, in
// Vietnamese and in English.
func textFaults(s string) (vi, en string) {
	var fv, fe []string
	add := func(v, e string) { fv, fe = append(fv, v), append(fe, e) }
	if !norm.NFC.IsNormalString(s) {
		add("chưa ở dạng Unicode dựng sẵn (NFC)", "not in Unicode NFC")
	}
	trimmed := strings.TrimSpace(s)
	if trimmed != s {
		add("có khoảng trắng ở đầu hoặc cuối", "leading or trailing white space")
	}
	if hasInnerSpaceFault(trimmed) {
		add("có khoảng trắng kép hoặc khoảng trắng khác dấu cách", "double white space or white space other than a space")
	}
	return strings.Join(fv, ", "), strings.Join(fe, ", ")
}

func hasInnerSpaceFault(s string) bool {
	prev := false
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prev || r != ' ') {
			return true
		}
		prev = sp
	}
	return false
}

// name checks a person's name: normalised (R-TXT-001), and without digits
// or control characters (R-TXT-002).
func (c *recordRules) name(s string, l loc, emit func(Finding)) {
	c.text(s, l, emit)
	r, k := nameFault(s)
	if k == 0 {
		return
	}
	what, whatEN := "chữ số", "a digit"
	if unicode.IsControl(r) {
		what, whatEN = "ký tự điều khiển", "a control character"
	}
	report(emit, RuleNameCharacter, l.String(),
		fmt.Sprintf("%s có %s %q (U+%04X) ở ký tự thứ %d, trong khi họ tên không được chứa chữ số hay ký tự điều khiển. Đề nghị đối chiếu thẻ căn cước và ghi đúng họ tên.", valueAt(l, quoteValue(s)), what, r, r, k),
		fmt.Sprintf("%s %q has %s %q (U+%04X) at character %d; a name has no digits or control characters", l.name(), clip.String(s), whatEN, r, r, k))
}

// nameFault returns the first digit or control character of s and its
// place in characters from 1, a place a person can count; k is 0 when s
// has neither. ASCII, and the letters below U+0660 and in U+1E00-U+1EFF,
// where no digit is, are judged without the unicode tables.
func nameFault(s string) (r rune, k int) {
	for i := 0; i < len(s); {
		k++
		if b := s[i]; b < utf8.RuneSelf {
			if '0' <= b && b <= '9' || b < ' ' || b == 0x7F {
				return rune(b), k
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case 0x80 <= r && r <= 0x9F:
			return r, k // C1 controls
		case r < 0x660, 0x1E00 <= r && r <= 0x1EFF:
		case unicode.IsDigit(r) || unicode.IsControl(r):
			return r, k
		}
	}
	return 0, 0
}

// NormalizeText returns s in the form rule R-TXT-001 asks of free text and
// names: Unicode NFC, no white space at either end, and every run of white
// space inside replaced by one space (U+0020). Text already in that form
// is returned as it is, without allocating. Normalising never changes what
// a reader sees, so the SDK may apply it to what it sends.
func NormalizeText(s string) string {
	if isNormalText(s) {
		return s
	}
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// change checks a BienDong record by the rules that judge it alone.
func (c *recordRules) change(i int, ch *Change, emit func(Finding)) {
	if !ch.PersonalID.IsZero() {
		c.birthplace(ch.PersonalID, at(i, nChangePerson), emit)
	}
	obj, plan := changeRoot(ch)
	c.coded(obj, plan, loc{rec: i}, emit)
	c.freeText(obj, plan, loc{rec: i}, emit)
	// NgayHieuLuc may lie in the future: a decision may take effect later.
	if d := ch.Decision; d != nil {
		c.pastDate(d.Date, at(i, nChangeDecision).in(nDecisionDate), emit)
	}
}

// changeInOrder checks a BienDong record by the rules that need the
// records before it (R-DUP-001) or the header: its lateness (R-BD-004) and
// the members it sets, which the header's format version has or not
// (R-BD-001, R-BD-002, then R-BD-005 and R-BD-006).
func (c *checker) changeInOrder(i int, ch *Change, emit func(Finding)) {
	if ch.ID != (uuid.UUID{}) {
		if c.changeIDs == nil {
			c.changeIDs = map[uuid.UUID]int32{}
		}
		if first, dup := c.changeIDs[ch.ID]; dup {
			report(emit, RuleDuplicate, at(i, nChangeID).String(),
				fmt.Sprintf("%s %s đã có ở %s của gói tin: mỗi biến động có một mã riêng. Đề nghị tạo mã mới cho biến động này.", fieldVI(nChangeID), ch.ID, recordVI(int(first))),
				fmt.Sprintf("MaBienDong %s already appears in record /DuLieu/%d of the packet; each change has its own ID", ch.ID, first))
		} else {
			c.changeIDs[ch.ID] = int32(i)
		}
	}
	c.late(i, ch, emit)
	// R-BD-003 needs the current profile (Apply); the other two do not. A
	// pointer of the wrong shape and an absent GiaTriMoi are the schema's.
	root := profileInfo()
	var refused []bool // for R-BD-005 and R-BD-006, of a kind they judge
	if k, ok := changeKind(ch.Kind); ok && k.strict() {
		refused = make([]bool, len(ch.Fields))
	}
	for k, fc := range ch.Fields {
		if len(fc.NewValue) == 0 || !pointerShaped(fc.Field) {
			if refused != nil {
				refused[k] = true
			}
			continue
		}
		if _, bad := checkFieldChange(root, at(i, nChangeFields).item(k).String(), fc, c.major); bad != nil {
			emit(*bad)
			if refused != nil {
				refused[k] = true
			}
		}
	}
	if refused != nil {
		checkChangeKind(ch, loc{rec: i}.String(), refused, emit)
	}
}

// pointerShaped reports whether s has the schema's shape of a field
// pointer, ^(/[^/]+)+$.
func pointerShaped(s string) bool {
	if s == "" || s[0] != '/' || s[len(s)-1] == '/' {
		return false
	}
	return !strings.Contains(s, "//")
}

// match checks a KetQuaDoiKhop record.
func (c *recordRules) match(i int, m *MatchResult, emit func(Finding)) {
	if !m.PersonalID.IsZero() {
		c.birthplace(m.PersonalID, at(i, nMatchPerson), emit)
	}
	obj, plan := matchRoot(m)
	c.coded(obj, plan, loc{rec: i}, emit)
	c.pastTime(m.MatchedAt, at(i, nMatchedAt), emit)
}
