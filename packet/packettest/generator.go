package packettest

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/google/uuid"
)

// Options configure a Generator. The zero Options give the defaults.
type Options struct {
	Seed     uint64                // default 1
	Sender   identifier.AgencyCode // default 000.00.00.H29 (TP. Hồ Chí Minh)
	Receiver identifier.AgencyCode // default 000.00.00.G09 (Ministry of Home Affairs)
	Now      time.Time             // "today" and the packets' creation time; default 2026-11-26T10:00:00+07:00

	// PartialBirthDates gives about 3% of profiles a year-only birth date,
	// as old records have (a R-DATE-006 warning). Off by default, so that
	// generated packets are free of findings.
	PartialBirthDates bool

	// Defects are injected on purpose, each into every DefectEvery-th
	// record (default: only into record 0), one defect per record in turn.
	Defects     []Defect
	DefectEvery int
}

// Generator makes realistic packets. Same seed and options, same output,
// on every platform. A Generator is not safe for concurrent use.
type Generator struct {
	opt   Options
	rng   *rand.Rand
	codes *codelist.Set
	n     int // profiles made
	seen  map[identifier.PersonalID]bool
	last  *packet.Profile

	provincesOld []codelist.Entry
	provincesNew []codelist.Entry
	civilRanks   []codelist.Entry
	titleRanks   []codelist.Entry
}

// New returns a generator.
func New(opt Options) *Generator {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Sender.IsZero() {
		opt.Sender = identifier.MustParseAgencyCode("000.00.00.H29")
	}
	if opt.Receiver.IsZero() {
		opt.Receiver = identifier.MustParseAgencyCode("000.00.00.G09")
	}
	if opt.Now.IsZero() {
		opt.Now = time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	}
	g := &Generator{opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), codes: codelist.Default(),
		seen: map[identifier.PersonalID]bool{}}
	g.provincesOld = entries(g.codes, codelist.ListProvincePre2025)
	g.provincesNew = entries(g.codes, codelist.ListProvince)
	for _, e := range entries(g.codes, codelist.ListRank) {
		if _, ok := g.codes.SalaryScale(e.Group); !ok {
			continue
		}
		if strings.HasPrefix(e.Code, "V.") {
			g.titleRanks = append(g.titleRanks, e)
		} else if strings.HasPrefix(e.Code, "01.00") {
			g.civilRanks = append(g.civilRanks, e)
		}
	}
	return g
}

func entries(s *codelist.Set, name string) []codelist.Entry {
	l, ok := s.List(name)
	if !ok {
		panic("packettest: no code list " + name) // the embedded lists are tested
	}
	var out []codelist.Entry
	for e := range l.All() {
		if e.AliasOf == "" {
			out = append(out, e)
		}
	}
	return out
}

func pick[T any](g *Generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// weighted picks from items with weights.
func weighted[T any](g *Generator, items []T, weights []int) T {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return items[i]
		}
		n -= w
	}
	return items[len(items)-1]
}

var (
	familyNames   = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	familyWeights = []int{38, 11, 9, 7, 5, 4, 4, 4, 3, 2, 2, 2, 2, 1, 1, 1}
	middleMale    = []string{"Văn", "Đức", "Minh", "Hữu", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Quang"}
	middleFemale  = []string{"Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Phương", "Hồng", "Bích", "Mai"}
	givenMale     = []string{"An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Việt", "Đạt", "Thắng", "Trung", "Tài", "Hiếu", "Lâm"}
	givenFemale   = []string{"Anh", "Bình", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến"}
	communes      = []string{"Phường Sài Gòn", "Phường Bến Thành", "Xã Nam Đàn", "Phường Ba Đình", "Xã Yên Thành", "Phường Hải Châu", "Xã Cần Giờ", "Phường Ninh Kiều", "Xã Tân Phú", "Phường Hòa Bình"}
	streets       = []string{"Lê Lợi", "Nguyễn Huệ", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ", "Phan Chu Trinh", "Nguyễn Trãi"}
	universities  = []string{"Trường Đại học Khoa học Xã hội và Nhân văn", "Học viện Hành chính Quốc gia", "Trường Đại học Kinh tế", "Trường Đại học Luật", "Trường Đại học Sư phạm", "Trường Đại học Bách khoa"}
	majors        = []string{"Hành chính học", "Luật", "Kinh tế", "Quản trị nhân lực", "Công nghệ thông tin", "Sư phạm Toán", "Kế toán"}
	departments   = []string{"Phòng Tổ chức", "Phòng Tổng hợp", "Văn phòng", "Phòng Công chức, viên chức", "Phòng Tài chính", "Thanh tra"}
)

// Profile returns the next profile.
func (g *Generator) Profile() packet.Profile {
	p := g.profile()
	if d, ok := g.defectFor(g.n); ok {
		g.inject(d, &p)
	}
	g.n++
	g.last = &p
	return p
}

// Profiles returns the next n profiles.
func (g *Generator) Profiles(n int) []packet.Profile {
	out := make([]packet.Profile, n)
	for i := range out {
		out[i] = g.Profile()
	}
	return out
}

// EachProfile yields the next n profiles one at a time, so that a huge
// packet can be written with constant memory.
func (g *Generator) EachProfile(n int) iter.Seq2[int, packet.Profile] {
	return func(yield func(int, packet.Profile) bool) {
		for i := range n {
			if !yield(i, g.Profile()) {
				return
			}
		}
	}
}

func (g *Generator) date(y, m, d int) packet.Date {
	v, err := packet.NewDate(y, time.Month(m), d)
	if err != nil {
		panic(err) // callers pass valid days
	}
	return v
}

// dateBetween returns a uniformly random date in [from, to].
func (g *Generator) dateBetween(from, to packet.Date) packet.Date {
	a, b := from.In(time.UTC), to.In(time.UTC)
	days := int(b.Sub(a).Hours() / 24)
	if days <= 0 {
		return from
	}
	return packet.DateOf(a.AddDate(0, 0, g.rng.IntN(days+1)))
}

func (g *Generator) today() packet.Date { return packet.DateOf(g.opt.Now) }

func (g *Generator) profile() packet.Profile {
	female := g.rng.IntN(100) < 52
	gender := identifier.GenderMale
	middle, given := middleMale, givenMale
	if female {
		gender, middle, given = identifier.GenderFemale, middleFemale, givenFemale
	}
	family := weighted(g, familyNames, familyWeights)
	name := family + " " + pick(g, middle) + " " + pick(g, given)

	birth := g.dateBetween(g.date(1966, 1, 1), g.date(2003, 12, 31))
	birthProvince := pick(g, g.provincesOld)
	id := g.personalID(birthProvince.Code, gender, birth.Year())
	today := g.today()

	p := packet.Profile{
		PersonalID:  id,
		FullName:    name,
		Gender:      gender.Code(),
		BirthDate:   packet.PartialDateOf(birth),
		Birthplace:  g.address(false),
		Hometown:    g.address(false),
		Ethnicity:   weighted(g, []string{"01", "02", "03", "04", "05", "07", "08"}, []int{86, 2, 2, 2, 2, 2, 4}),
		Religion:    weighted(g, []string{"00", "01", "02", "08"}, []int{80, 10, 8, 2}),
		Nationality: "VN",
		PersonKind:  weighted(g, []string{"CC", "VC", "CB"}, []int{45, 45, 10}),
		Status:      "DANG_CONG_TAC",
	}
	if g.rng.IntN(100) < 90 {
		a := g.address(true)
		p.PermanentAddress = &a
	}
	if g.opt.PartialBirthDates && g.rng.IntN(100) < 3 {
		p.BirthDate = packet.YearOnly(birth.Year())
	}
	p.SocialInsurance, _ = identifier.ParseSocialInsuranceNumber(fmt.Sprintf("%s%08d", p.Birthplace.UnitCode, g.rng.IntN(100_000_000)))
	p.Phone = fmt.Sprintf("+849%08d", g.rng.IntN(100_000_000))
	p.Email = fmt.Sprintf("%s.%d@%s", emailName(name), g.n+1, "snv.gov.vn")

	unit := g.unit()
	p.ManagingUnit, p.WorkingUnit = unit, unit

	// Recruited between 22 and 30, and not after today.
	earliest := birth.AddYears(22)
	latest := birth.AddYears(30)
	if latest.After(today) {
		latest = today
	}
	if earliest.After(latest) {
		earliest = birth.AddYears(18)
	}
	recruited := g.dateBetween(earliest, latest)
	p.Recruitment = packet.Recruitment{Date: recruited, Agency: "Sở Nội vụ", Form: weighted(g, []string{"THI_TUYEN", "XET_TUYEN", "TIEP_NHAN"}, []int{60, 30, 10})}
	p.JobPosition = pick(g, []string{"Chuyên viên quản lý nhân sự", "Chuyên viên tổng hợp", "Giáo viên", "Kế toán", "Chuyên viên pháp chế"})

	// Rank and salary: a step every three years since recruitment.
	ranks := g.civilRanks
	if p.PersonKind == "VC" && len(g.titleRanks) > 0 {
		ranks = g.titleRanks
	}
	rank := pick(g, ranks)
	scale, _ := g.codes.SalaryScale(rank.Group)
	steps := 1
	for steps < len(scale.Steps) && !recruited.AddYears(3*steps).After(today) {
		steps++
	}
	g.salary(&p, rank.Code, scale.Steps, recruited, steps)
	if steps == len(scale.Steps) && g.rng.IntN(2) == 0 {
		v := 0
		p.Rank.ExtraPercent = &v
	}

	p.Education = packet.Education{
		GeneralSchool:   "12/12",
		Professional:    weighted(g, []string{"DAI_HOC", "THAC_SI", "TIEN_SI", "CAO_DANG"}, []int{65, 28, 4, 3}),
		PoliticalTheory: weighted(g, []string{"TRUNG_CAP", "CAO_CAP", "SO_CAP", "CU_NHAN"}, []int{50, 20, 25, 5}),
		StateManagement: weighted(g, []string{"CHUYEN_VIEN", "CHUYEN_VIEN_CHINH", "CHUYEN_VIEN_CAO_CAP"}, []int{70, 25, 5}),
		IT:              "Ứng dụng công nghệ thông tin cơ bản",
	}
	if g.rng.IntN(100) < 80 {
		p.Education.Languages = []packet.LanguageLevel{{Language: "Tiếng Anh", Level: pick(g, []string{"A2", "B1", "B2"})}}
	}
	gradStart := maxDate(birth.AddYears(18), recruited.AddYears(-5))
	p.Training = []packet.Course{{
		From: g.date(gradStart.Year(), 9, 1), To: g.date(gradStart.Year()+4, 6, 30),
		Institution: pick(g, universities), Major: pick(g, majors), Form: "CHINH_QUY", Degree: "Cử nhân",
	}}
	if !p.Training[0].To.Before(recruited) {
		p.Training[0].To = recruited.AddYears(-1)
		p.Training[0].From = maxDate(birth.AddYears(18), recruited.AddYears(-5))
		if !p.Training[0].From.Before(p.Training[0].To) {
			p.Training = nil
		}
	}

	if g.rng.IntN(100) < 40 {
		joined := g.dateBetween(maxDate(birth.AddYears(20), recruited), maxDate(birth.AddYears(20), recruited).AddYears(5))
		if joined.AddYears(1).Before(today) {
			p.Party = &packet.PartyMembership{Joined: joined, Official: joined.AddYears(1)}
		}
	}
	g.workHistory(&p, recruited, today)
	if g.rng.IntN(100) < 35 && recruited.Year() < today.Year()-1 {
		p.Awards = []packet.Award{{Year: g.rng.IntN(today.Year()-recruited.Year()) + recruited.Year() + 1, Form: "Bằng khen", Decision: fmt.Sprintf("%d/QĐ-UBND", 100+g.rng.IntN(9000))}}
		if p.Awards[0].Year > today.Year() {
			p.Awards[0].Year = today.Year()
		}
	}
	if g.rng.IntN(100) < 3 {
		p.Disciplines = []packet.Discipline{{Date: g.dateBetween(recruited, today), Form: "KHIEN_TRACH", Decision: fmt.Sprintf("%d/QĐ-UBND", 10+g.rng.IntN(900)), Reason: "Chậm nộp báo cáo định kỳ"}}
	}
	g.family(&p, birth, today)
	p.UpdatedAt = g.opt.Now.Add(-time.Duration(1+g.rng.IntN(30*24)) * time.Hour).Truncate(time.Second)
	return p
}

func maxDate(a, b packet.Date) packet.Date {
	if a.After(b) {
		return a
	}
	return b
}

// personalID makes an ID consistent with the birthplace, gender and birth
// year, unique within the generator.
func (g *Generator) personalID(province string, gender identifier.Gender, year int) identifier.PersonalID {
	digit := (year/100 - 19) * 2
	if gender == identifier.GenderFemale {
		digit++
	}
	for {
		s := fmt.Sprintf("0%s%d%02d%06d", province, digit, year%100, g.rng.IntN(1_000_000))
		id, err := identifier.ParsePersonalID(s)
		if err != nil {
			panic(err) // the province comes from the list the parser uses
		}
		if !g.seen[id] {
			g.seen[id] = true
			return id
		}
	}
}

func (g *Generator) address(street bool) packet.Address {
	prov := pick(g, g.provincesNew)
	detail := pick(g, communes)
	if street {
		detail = fmt.Sprintf("%d %s, %s", 1+g.rng.IntN(300), pick(g, streets), detail)
	}
	return packet.Address{UnitCode: prov.Code, Detail: detail, Country: "VN"}
}

// unit returns the sender or a level-2 or level-3 unit under it.
func (g *Generator) unit() identifier.AgencyCode {
	s := g.opt.Sender
	if s.Level() != 1 || g.rng.IntN(10) == 0 {
		return s
	}
	l2 := 1 + g.rng.IntN(30)
	code := fmt.Sprintf("000.00.%02d.%s", l2, s.Level1())
	if g.rng.IntN(3) == 0 {
		code = fmt.Sprintf("000.%02d.%02d.%s", 1+g.rng.IntN(20), l2, s.Level1())
	}
	return identifier.MustParseAgencyCode(code)
}

func (g *Generator) salary(p *packet.Profile, rank string, coefs []int, recruited packet.Date, steps int) {
	for s := 1; s <= steps; s++ {
		since := recruited.AddYears(3 * (s - 1))
		if s > 1 {
			since = g.date(since.Year(), int(since.Month()), 1)
		}
		p.SalaryHistory = append(p.SalaryHistory, packet.SalaryStep{Since: since, RankCode: rank, Step: s, Coefficient: packet.Decimal2(coefs[s-1])})
	}
	last := p.SalaryHistory[len(p.SalaryHistory)-1]
	p.Rank = packet.Rank{Code: rank, Step: last.Step, Coefficient: last.Coefficient, Since: last.Since}
	if len(p.SalaryHistory) == 1 {
		p.SalaryHistory = nil
	}
}

func (g *Generator) workHistory(p *packet.Profile, recruited, today packet.Date) {
	from := recruited
	n := 1 + g.rng.IntN(3)
	for i := range n {
		w := packet.WorkPeriod{From: from, Unit: pick(g, departments) + ", Sở Nội vụ", Position: "Chuyên viên"}
		if i < n-1 {
			end := from.AddYears(2 + g.rng.IntN(5))
			if !end.Before(today) {
				p.WorkHistory = append(p.WorkHistory, w)
				return
			}
			w.To = end
			next := packet.DateOf(end.In(time.UTC).AddDate(0, 0, 1))
			p.WorkHistory = append(p.WorkHistory, w)
			from = next
			continue
		}
		p.WorkHistory = append(p.WorkHistory, w)
	}
}

func (g *Generator) family(p *packet.Profile, birth, today packet.Date) {
	if today.Year()-birth.Year() < 26 || g.rng.IntN(100) < 20 {
		return
	}
	spouse, fam := "VO", givenFemale
	middle := middleFemale
	if p.Gender == "2" {
		spouse, fam, middle = "CHONG", givenMale, middleMale
	}
	p.Relatives = append(p.Relatives, packet.Relative{Relation: spouse,
		FullName:  weighted(g, familyNames, familyWeights) + " " + pick(g, middle) + " " + pick(g, fam),
		BirthYear: birth.Year() + g.rng.IntN(7) - 3, Details: pick(g, []string{"Giáo viên", "Kỹ sư", "Bác sĩ", "Kinh doanh"})})
	for range g.rng.IntN(3) {
		y := birth.Year() + 25 + g.rng.IntN(10)
		if y > today.Year() {
			break
		}
		mid, giv := middleMale, givenMale
		if g.rng.IntN(2) == 0 {
			mid, giv = middleFemale, givenFemale
		}
		name := strings.Fields(p.FullName)[0] + " " + pick(g, mid) + " " + pick(g, giv)
		p.Relatives = append(p.Relatives, packet.Relative{Relation: "CON", FullName: name, BirthYear: y})
	}
}

// emailName turns a Vietnamese name into an ASCII mailbox name:
// "Nguyễn Văn An" -> "annv".
func emailName(name string) string {
	parts := strings.Fields(name)
	var b strings.Builder
	b.WriteString(strings.ToLower(asciiFold(parts[len(parts)-1])))
	for _, p := range parts[:len(parts)-1] {
		b.WriteString(strings.ToLower(asciiFold(string([]rune(p)[:1]))))
	}
	return b.String()
}

// asciiFold removes Vietnamese diacritics.
func asciiFold(s string) string {
	const from = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
	const to = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD"
	fr, tr := []rune(from), []rune(to)
	m := make(map[rune]rune, len(fr))
	for i, r := range fr {
		m[r] = tr[i]
	}
	var b strings.Builder
	for _, r := range s {
		if a, ok := m[r]; ok {
			r = a
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Change returns a plausible change event for p: the next salary step, a
// new phone number, or an appointment.
func (g *Generator) Change(p packet.Profile) packet.Change {
	c := packet.Change{ID: g.uuid(), PersonalID: p.PersonalID}
	today := g.today()
	rank, _ := g.codes.List(codelist.ListRank)
	e, _ := rank.Lookup(p.Rank.Code)
	scale, hasScale := g.codes.SalaryScale(e.Group)
	switch {
	case hasScale && p.Rank.Step < len(scale.Steps) && g.rng.IntN(2) == 0:
		c.Kind = "NANG_LUONG"
		c.Effective = g.date(today.Year(), int(today.Month()), 1)
		c.Decision = &packet.Decision{Number: fmt.Sprintf("%d/QĐ-SNV", 100+g.rng.IntN(900)), Date: c.Effective, Issuer: "Sở Nội vụ"}
		c.Fields = []packet.FieldChange{
			field("/Ngach/BacLuong", p.Rank.Step, p.Rank.Step+1),
			field("/Ngach/HeSoLuong", p.Rank.Coefficient, packet.Decimal2(scale.Steps[p.Rank.Step])),
			field("/Ngach/NgayHuong", p.Rank.Since, c.Effective),
		}
	case p.Position == nil && g.rng.IntN(2) == 0:
		c.Kind = "BO_NHIEM"
		c.Effective = g.date(today.Year(), int(today.Month()), 1)
		c.Decision = &packet.Decision{Number: fmt.Sprintf("%d/QĐ-UBND", 100+g.rng.IntN(900)), Date: c.Effective, Issuer: "Ủy ban nhân dân"}
		pos := packet.Position{Title: "Phó Trưởng phòng", Appointed: c.Effective, Allowance: 40}
		nf := field("/ChucVu", nil, pos)
		nf.OldValue = nil
		c.Fields = []packet.FieldChange{nf}
	default:
		c.Kind = "CAP_NHAT"
		c.Effective = today
		newPhone := fmt.Sprintf("+849%08d", g.rng.IntN(100_000_000))
		c.Fields = []packet.FieldChange{field("/SoDienThoai", p.Phone, newPhone)}
	}
	return c
}

func field(ptr string, old, new any) packet.FieldChange {
	enc := func(v any) json.RawMessage {
		if v == nil {
			return nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return b
	}
	return packet.FieldChange{Field: ptr, OldValue: enc(old), NewValue: enc(new)}
}

// uuid returns a version-7 UUID whose time is the generator's clock and
// whose random bits come from the seed, so that packets are reproducible.
func (g *Generator) uuid() uuid.UUID {
	var u uuid.UUID
	ms := uint64(g.opt.Now.UnixMilli())
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	r := g.rng.Uint32()
	u[6], u[7] = 0x70|byte(r>>8)&0x0f, byte(r)
	u[8] = 0x80 | u[8]&0x3f
	return u
}

func (g *Generator) header(kind packet.Kind, n int) packet.Header {
	h := packet.Header{ID: g.uuid(), Kind: kind, Version: packet.Version, Sender: g.opt.Sender, Receiver: g.opt.Receiver,
		Created: g.opt.Now, RecordCount: n, Software: "cbccvc-go packettest"}
	switch kind {
	case packet.KindMatches, packet.KindSharedProfiles, packet.KindResponse:
		h.Sender, h.Receiver = g.opt.Receiver, g.opt.Sender
	}
	if kind == packet.KindResponse {
		h.ReplyTo = g.uuid()
		h.State = "DA_XU_LY"
	}
	return h
}

// Header returns the header of a packet of kind with n records, as
// Packet would make it; with EachProfile it writes big packets with an
// Encoder.
func (g *Generator) Header(kind packet.Kind, n int) packet.Header { return g.header(kind, n) }

// Packet returns a packet of kind with n records.
func (g *Generator) Packet(kind packet.Kind, n int) *packet.Packet {
	p := &packet.Packet{Header: g.header(kind, n)}
	switch kind {
	case packet.KindProfiles:
		p.Records.Profiles = g.Profiles(n)
	case packet.KindSharedProfiles:
		p.Records.Profiles = g.Profiles(n)
		for i := range p.Records.Profiles {
			hs := &p.Records.Profiles[i]
			k, _ := identifier.ParsePersonKind(hs.PersonKind)
			hs.ProfileID, _ = identifier.NewProfileID(g.opt.Sender.Level1(), k, uint32(g.n-n+i+1))
		}
	case packet.KindChanges:
		for range n {
			p.Records.Changes = append(p.Records.Changes, g.Change(g.profile()))
		}
	case packet.KindMatches:
		for _, hs := range g.Profiles(n) {
			m := packet.MatchResult{PersonalID: hs.PersonalID, Source: weighted(g, []string{"DAN_CU", "BHXH"}, []int{70, 30}),
				MatchedAt: g.opt.Now.Add(-time.Minute).Truncate(time.Second)}
			m.Status = weighted(g, []string{"KHOP", "SAI_KHAC", "KHONG_TIM_THAY"}, []int{85, 12, 3})
			if m.Status == "SAI_KHAC" {
				b := hs.BirthDate.Earliest()
				other := packet.DateOf(b.In(time.UTC).AddDate(0, 0, 10))
				m.Differences = []packet.Difference{{Field: "/NgaySinh", AgencyValue: mustJSON(hs.BirthDate), AuthoritativeValue: mustJSON(packet.PartialDateOf(other))}}
			}
			p.Records.Matches = append(p.Records.Matches, m)
		}
	case packet.KindResponse:
		for i, hs := range g.Profiles(n) {
			k, _ := identifier.ParsePersonKind(hs.PersonKind)
			id, _ := identifier.NewProfileID(g.opt.Sender.Level1(), k, uint32(g.n-n+i+1))
			p.Records.Results = append(p.Records.Results, packet.ProcessingResult{Index: i, Key: hs.PersonalID.String(), Status: "THANH_CONG", ProfileID: id})
		}
	}
	return p
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
