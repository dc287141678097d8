package packettest

import (
	"encoding/binary"
	"iter"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/google/uuid"
)

// Software is what generated packets give as PhanMemGui.
const Software = "cbccvc-go packettest"

// PartialBirthDatePercent is the share, in percent, of profiles whose birth
// date is known only by its year when Options.PartialBirthDates is set.
const PartialBirthDatePercent = 3

// Options configure a Generator. The zero Options give the defaults.
type Options struct {
	// Seed selects the output; the same seed and options give the same
	// packets. Zero means 1.
	Seed uint64

	// Sender is the agency whose profiles are made (MaDonViGui of HOSO and
	// BIENDONG); MaDonViQuanLy and MaDonViSuDung are it or units under it.
	// Zero means 000.00.00.H29, the People's Committee of TP. Hồ Chí Minh.
	Sender identifier.AgencyCode

	// Receiver is the national database (MaDonViNhan of HOSO and
	// BIENDONG, MaDonViGui of DOIKHOP, CHIASE_HOSO and PHANHOI). Zero
	// means 000.00.00.G09, the Ministry of Home Affairs.
	Receiver identifier.AgencyCode

	// Now is "today" and the creation time of packets: every date the
	// generator writes lies before it. Zero means 2026-11-26T10:00:00+07:00,
	// a fixed time, so that the output does not depend on the clock.
	Now time.Time

	// PartialBirthDates gives PartialBirthDatePercent percent of the
	// profiles a birth date known only by its year, as old records have
	// (a R-DATE-006 warning). Off by default, so that generated packets
	// have no finding at all.
	PartialBirthDates bool

	// Defects are mistakes to make on purpose, each in one record, so that
	// it breaks one rule (see Defect). By default (DefectEvery 0) record i
	// gets Defects[i]: each defect once, in the first records. With
	// DefectEvery k > 0, records 0, k, 2k, … get the defects in turn,
	// cycling through the list. Defects shape profiles: in HOSO and
	// CHIASE_HOSO packets the records are those profiles; in the other
	// kinds they are only the profiles the records are about.
	Defects     []Defect
	DefectEvery int

	// Version is the format version of the packets (PhienBan). Empty means
	// packet.Version; "1.0" makes packets of the superseded format 1.0,
	// with its national profile IDs (MaDinhDanhCBCCVC), for testing
	// readers and migration.
	Version string
}

// Generator makes realistic packets. Same seed and options, same output,
// on every platform: it draws from a PCG generator (math/rand/v2), never
// from the clock or a map's order. A Generator is not safe for concurrent
// use.
//
// Each call continues the stream: two calls of Profile return two
// different people. Personal IDs are unique among the first million
// profiles of a Generator; it keeps only the previous profile, so that a
// packet of any size can be generated with constant memory.
type Generator struct {
	opt Options
	rng *rand.Rand
	// groupsRng draws the members of the ten data groups of format 2.0,
	// so that the rest of a 2.0 packet is the same as its 1.0 twin: the
	// main stream never sees those draws.
	groupsRng *rand.Rand
	// endRng draws the end of service (ChamDut), for the same reason: a
	// profile without one is the same as before it was drawn.
	endRng *rand.Rand
	codes  *codelist.Set
	org    *org
	today  packet.Date

	// From the code lists.
	provincesOld []codelist.Entry          // TinhTruoc2025, birthplaces in personal IDs
	successor    map[string]string         // TinhTruoc2025 code -> Tinh code
	localOld     []int                     // indices in provincesOld of the provinces now part of the sender's
	scales       map[string][]int          // rank code -> coefficients of its salary group
	groups       map[string]string         // rank code -> salary group
	ranks        map[string]codelist.Entry // rank code -> entry

	idKey uint64 // key of the permutation that makes the random digits of personal IDs
	ids   uint32 // personal IDs issued
	seq   uint32 // the next national profile ID sequence

	n          int             // profiles made: the index of the next in the defect schedule
	prev       *packet.Profile // the previous profile as made, before any defect
	first      *packet.Profile // profile 0, when a DefectDuplicate on it waits for a record to copy it into
	lastDefect Defect          // the defect of the last profile, or 0

	// tenGroups is set when the version has the members of the ten data
	// groups of Decree 27/2026/NĐ-CP (format 2.0).
	tenGroups bool
}

// New returns a generator with the options.
func New(opt Options) *Generator {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Sender.IsZero() {
		opt.Sender = identifier.MustParseAgencyCode("000.00.00.H29")
	}
	if opt.Receiver.IsZero() {
		opt.Receiver = identifier.NationalDatabase()
	}
	if opt.Version == "" {
		opt.Version = packet.Version
	}
	if opt.Now.IsZero() {
		opt.Now = time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	}
	opt.Defects = append([]Defect(nil), opt.Defects...)
	codes := codelist.Default()
	g := &Generator{
		opt:       opt,
		rng:       rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)),
		groupsRng: rand.New(rand.NewPCG(opt.Seed^0x5851f42d4c957f2d, opt.Seed+0x14057b7ef767814f)),
		endRng:    rand.New(rand.NewPCG(opt.Seed^0xda942042e4dd58b5, opt.Seed+0x2545f4914f6cdd1d)),
		codes:     codes,
		org:       newOrg(opt.Sender, codes),
		today:     packet.DateOf(opt.Now),
		successor: map[string]string{},
		scales:    map[string][]int{},
		groups:    map[string]string{},
		ranks:     map[string]codelist.Entry{},
	}
	g.tenGroups = packet.VersionHas(opt.Version, "HoSo", "/SucKhoe")
	g.idKey = g.rng.Uint64()
	g.seq = 1 + uint32(g.rng.IntN(5_000_000))
	for _, e := range entries(codes, codelist.ListProvincePre2025) {
		s, ok := codes.Successor(codelist.ListProvincePre2025, e.Code)
		if !ok {
			continue
		}
		g.successor[e.Code] = s.Code
		if s.Code == g.org.province {
			g.localOld = append(g.localOld, len(g.provincesOld))
		}
		g.provincesOld = append(g.provincesOld, e)
	}
	for _, e := range entries(codes, codelist.ListRank) {
		if sc, ok := codes.SalaryScale(e.Group); ok {
			g.scales[e.Code] = sc.Steps
			g.groups[e.Code] = e.Group
			g.ranks[e.Code] = e
		}
	}
	for _, l := range allLadders {
		for _, r := range l.ranks {
			if _, ok := g.scales[r]; !ok {
				panic("packettest: rank " + r + " has no salary group in the code lists")
			}
		}
	}
	return g
}

// entries returns the entries of a list that are not aliases.
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

// Options returns the options of g, with the defaults filled in.
func (g *Generator) Options() Options {
	o := g.opt
	o.Defects = append([]Defect(nil), o.Defects...)
	return o
}

// Profile returns the next profile, with its defect if the schedule
// (Options.Defects) gives it one.
func (g *Generator) Profile() packet.Profile {
	i := g.n
	g.n++
	p, partial := g.profile()
	made := cloneProfile(p)
	g.lastDefect = 0
	d, ok := g.defectFor(i)
	switch {
	case ok && d == DefectDuplicate && i == 0:
		// Nothing to repeat yet: a later record without a defect of its
		// own repeats this one.
		g.first = &made
	case ok && d == DefectDuplicate:
		p = cloneProfile(*g.prev)
		g.lastDefect = d
	case ok:
		g.inject(d, &p)
		g.lastDefect = d
	case g.first != nil:
		p = cloneProfile(*g.first)
		g.first = nil
		g.lastDefect = DefectDuplicate
	case partial:
		p.BirthDate, _ = packet.YearOnly(p.BirthDate.Year()) // the year of a real date: never an error
	}
	g.prev = &made
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

// EachProfile yields the next n profiles one at a time, with their index
// from 0, so that a packet of any size can be written with constant
// memory. It is Profiles without the slice.
func (g *Generator) EachProfile(n int) iter.Seq2[int, packet.Profile] {
	return func(yield func(int, packet.Profile) bool) {
		for i := range n {
			if !yield(i, g.Profile()) {
				return
			}
		}
	}
}

// Header returns the header of a packet of the kind with n records, as
// Packet makes it. With Records it writes a packet of any size through a
// packet.Encoder, and the packet is the one Packet would have returned:
//
//	enc := packet.NewEncoder(w, packet.FormatJSON, g.Header(kind, n))
//	for r := range g.Records(kind, n) {
//		if err := enc.Encode(r); err != nil { … }
//	}
//	err := enc.Close(nil)
//
// HOSO and BIENDONG go from Options.Sender to Options.Receiver; DOIKHOP,
// CHIASE_HOSO and PHANHOI come back from the receiver. A PHANHOI answers a
// HOSO packet that is not returned: MaGoiTinThamChieu is its ID.
func (g *Generator) Header(kind packet.Kind, n int) packet.Header {
	n = max(n, 0)
	h := packet.Header{ID: g.uuid(), Kind: kind, Version: g.opt.Version, Sender: g.opt.Sender, Receiver: g.opt.Receiver,
		Created: g.opt.Now, RecordCount: n, Software: Software}
	switch kind {
	case packet.KindMatches, packet.KindSharedProfiles, packet.KindResponse:
		h.Sender, h.Receiver = g.opt.Receiver, g.opt.Sender
	}
	if kind == packet.KindResponse {
		h.ReplyTo = g.uuid()
		h.State = packet.StateProcessed
	}
	return h
}

// Records yields the next n records of a packet of the kind, one at a
// time: a *packet.Profile for HOSO and CHIASE_HOSO (with
// MaDinhDanhCBCCVC), a *packet.Change for BIENDONG, a *packet.MatchResult
// for DOIKHOP (mostly KHOP, some SAI_KHAC with ChenhLech, a few
// KHONG_TIM_THAY) and a *packet.ProcessingResult for PHANHOI (THANH_CONG,
// or the finding of the record's defect). Each record is made from the
// next profile. An unknown kind yields nothing.
func (g *Generator) Records(kind packet.Kind, n int) iter.Seq[packet.Record] {
	return func(yield func(packet.Record) bool) {
		if !kind.Valid() {
			return
		}
		for i := range n {
			var r packet.Record
			p := g.Profile()
			switch kind {
			case packet.KindProfiles:
				r = &p
			case packet.KindSharedProfiles:
				if packet.VersionHas(g.opt.Version, "HoSo", "/MaDinhDanhCBCCVC") {
					p.ProfileID = g.profileID(&p)
				}
				r = &p
			case packet.KindChanges:
				c := g.Change(p)
				r = &c
			case packet.KindMatches:
				m := g.match(&p)
				r = &m
			case packet.KindResponse:
				res := packet.ProcessingResult{Index: i, Key: p.PersonalID.String(), Status: packet.RecordOK}
				if d := g.lastDefect; d != 0 {
					res.Violations = []packet.Finding{d.finding(i)}
					res.Status = packet.StatusOf(res.Violations)
				}
				if res.Status != packet.RecordError && packet.VersionHas(g.opt.Version, "KetQuaXuLy", "/MaDinhDanhCBCCVC") {
					res.ProfileID = g.profileID(&p)
				}
				r = &res
			}
			if !yield(r) {
				return
			}
		}
	}
}

// Packet returns a packet of the kind with n records: Header and Records
// together. See Records for what each kind holds. An unknown kind gives a
// header and no records.
func (g *Generator) Packet(kind packet.Kind, n int) *packet.Packet {
	n = max(n, 0)
	p := &packet.Packet{Header: g.Header(kind, n)}
	rs := &p.Records
	switch kind {
	case packet.KindProfiles, packet.KindSharedProfiles:
		rs.Profiles = make([]packet.Profile, 0, n)
	case packet.KindChanges:
		rs.Changes = make([]packet.Change, 0, n)
	case packet.KindMatches:
		rs.Matches = make([]packet.MatchResult, 0, n)
	case packet.KindResponse:
		rs.Results = make([]packet.ProcessingResult, 0, n)
	}
	for r := range g.Records(kind, n) {
		switch r := r.(type) {
		case *packet.Profile:
			rs.Profiles = append(rs.Profiles, *r)
		case *packet.Change:
			rs.Changes = append(rs.Changes, *r)
		case *packet.MatchResult:
			rs.Matches = append(rs.Matches, *r)
		case *packet.ProcessingResult:
			rs.Results = append(rs.Results, *r)
		}
	}
	p.Header.RecordCount = rs.Len()
	return p
}

// Reply returns the PHANHOI packet with which the national database
// answers a HOSO or BIENDONG packet, given the findings of validating it
// (a packet.Report's Findings): one KetQuaXuLy per record, LOI if the
// record has an error, CANH_BAO if it has only warnings, THANH_CONG if it
// has neither, with the record's findings as ViPham, in the format version
// of the packet it answers (the latest when that one is not read). In
// format 1.0 only, a profile that is accepted gets a national profile ID:
// its own MaDinhDanhCBCCVC, or a new one. A packet with an error outside its records (in its header), or of
// another kind, is rejected whole: TrangThaiGoiTin TU_CHOI and no records.
func (g *Generator) Reply(to *packet.Packet, findings []packet.Finding) *packet.Packet {
	version := packet.ReplyVersion(to.Header.Version)
	h := packet.Header{ID: g.uuid(), Kind: packet.KindResponse, Version: version,
		Sender: to.Header.Receiver, Receiver: to.Header.Sender, Created: g.opt.Now,
		ReplyTo: to.Header.ID, Software: Software, State: packet.StateProcessed}
	reply := &packet.Packet{Header: h}
	byRecord := map[int][]packet.Finding{}
	for _, f := range findings {
		i, ok := f.Record()
		if !ok {
			if f.Severity == packet.SeverityError {
				reply.Header.State = packet.StateRejected
			}
			continue
		}
		if f.MessageVI == "" {
			f.MessageVI = f.MessageEN
		}
		if f.MessageVI == "" {
			f.MessageVI = f.Rule
		}
		byRecord[i] = append(byRecord[i], f)
	}
	if k := to.Header.Kind; k != packet.KindProfiles && k != packet.KindChanges {
		reply.Header.State = packet.StateRejected
	}
	if reply.Header.State == packet.StateRejected {
		return reply
	}
	level1 := to.Header.Sender.Level1()
	if level1 == "" {
		level1 = g.opt.Sender.Level1()
	}
	n := len(to.Records.Profiles) + len(to.Records.Changes)
	for i := range n {
		res := packet.ProcessingResult{Index: i, Status: packet.StatusOf(byRecord[i]), Violations: byRecord[i]}
		if i < len(to.Records.Profiles) {
			p := &to.Records.Profiles[i]
			res.Key = p.PersonalID.String()
			if res.Status != packet.RecordError && packet.VersionHas(version, "KetQuaXuLy", "/MaDinhDanhCBCCVC") {
				res.ProfileID = p.ProfileID
				if res.ProfileID.IsZero() {
					res.ProfileID = g.newProfileID(level1, p.PersonKind)
				}
			}
		} else {
			res.Key = to.Records.Changes[i-len(to.Records.Profiles)].ID.String()
		}
		reply.Records.Results = append(reply.Records.Results, res)
	}
	reply.Header.RecordCount = len(reply.Records.Results)
	return reply
}

// profileID returns a new national profile ID for p, as the national
// database assigns one to the sender's profiles.
func (g *Generator) profileID(p *packet.Profile) identifier.ProfileID {
	return g.newProfileID(g.opt.Sender.Level1(), p.PersonKind)
}

func (g *Generator) newProfileID(level1, personKind string) identifier.ProfileID {
	k, ok := identifier.ParsePersonKind(personKind)
	if !ok {
		k = identifier.CivilServant
	}
	id, err := identifier.NewProfileID(level1, k, g.seq)
	if err != nil {
		return identifier.ProfileID{}
	}
	g.seq++
	if g.seq >= 100_000_000 {
		g.seq = 1
	}
	return id
}

// uuid returns a version-7 UUID whose time is Options.Now and whose other
// bits come from the seed, so that packets are reproducible.
func (g *Generator) uuid() uuid.UUID {
	var u uuid.UUID
	ms := uint64(g.opt.Now.UnixMilli())
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	r := g.rng.Uint32()
	u[6], u[7] = 0x70|byte(r>>8)&0x0f, byte(r) // version 7
	u[8] = 0x80 | u[8]&0x3f                    // variant 10 (RFC 9562)
	return u
}

// personalID returns a personal ID that states the birthplace, gender and
// birth year. Its last six digits are a keyed permutation of the count of
// IDs issued, so no two of the first million are equal.
func (g *Generator) personalID(province string, gender identifier.Gender, year int) identifier.PersonalID {
	digit := (year/100 - 19) * 2
	if gender == identifier.GenderFemale {
		digit++
	}
	k := g.ids % 1_000_000
	g.ids++
	// A 4-round Feistel network on the two halves, each 0-999, is a
	// permutation of 0-999999.
	l, r := k/1000, k%1000
	for round := range uint64(4) {
		f := uint32(mix(g.idKey^round<<32^uint64(r)) % 1000)
		l, r = r, (l+f)%1000
	}
	var b [12]byte
	b[0] = '0'
	b[1], b[2] = province[0], province[1]
	b[3] = byte('0' + digit)
	b[4], b[5] = byte('0'+year/10%10), byte('0'+year%10)
	suffix := l*1000 + r
	for i := 11; i >= 6; i-- {
		b[i] = byte('0' + suffix%10)
		suffix /= 10
	}
	return identifier.MustParsePersonalID(string(b[:]))
}

// mix is SplitMix64's finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// cloneProfile returns a copy of p that shares no slice or pointer with it.
func cloneProfile(p packet.Profile) packet.Profile {
	clonePtr := func(a *packet.Address) *packet.Address {
		if a == nil {
			return nil
		}
		c := *a
		return &c
	}
	p.PermanentAddress = clonePtr(p.PermanentAddress)
	p.CurrentAddress = clonePtr(p.CurrentAddress)
	if p.Position != nil {
		c := *p.Position
		p.Position = &c
	}
	if p.Party != nil {
		c := *p.Party
		p.Party = &c
	}
	if p.Rank.ExtraPercent != nil {
		c := *p.Rank.ExtraPercent
		p.Rank.ExtraPercent = &c
	}
	p.Education.Languages = slices.Clone(p.Education.Languages)
	p.WorkHistory = slices.Clone(p.WorkHistory)
	p.SalaryHistory = slices.Clone(p.SalaryHistory)
	p.Training = slices.Clone(p.Training)
	p.Awards = slices.Clone(p.Awards)
	p.Disciplines = slices.Clone(p.Disciplines)
	p.Relatives = slices.Clone(p.Relatives)
	// Format 2.0.
	p.IDCard = clonePointer(p.IDCard)
	p.PolicyBeneficiary = clonePointer(p.PolicyBeneficiary)
	p.MilitaryService = clonePointer(p.MilitaryService)
	p.Health = clonePointer(p.Health)
	p.EndOfService = clonePointer(p.EndOfService)
	p.Organisations = slices.Clone(p.Organisations)
	p.Appointments = slices.Clone(p.Appointments)
	p.Planning = slices.Clone(p.Planning)
	p.Transfers = slices.Clone(p.Transfers)
	p.Allowances = slices.Clone(p.Allowances)
	for i := range p.Allowances {
		p.Allowances[i].Percent = clonePointer(p.Allowances[i].Percent)
	}
	p.Grades = slices.Clone(p.Grades)
	p.PersonalHistory = slices.Clone(p.PersonalHistory)
	p.AssetDeclarations = slices.Clone(p.AssetDeclarations)
	return p
}

// clonePointer returns a pointer to a copy of *v, or nil.
func clonePointer[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}

// Random helpers.

func (g *Generator) intn(n int) int { return g.rng.IntN(n) }

// chance is true with probability pct percent.
func (g *Generator) chance(pct int) bool { return g.rng.IntN(100) < pct }

func pick[T any](g *Generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// weightedIndex picks an index with probability proportional to its weight.
func (g *Generator) weightedIndex(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func weighted[T any](g *Generator, items []T, weights []int) T {
	return items[g.weightedIndex(weights)]
}

// Date helpers. Dates are computed in UTC, where every day has 24 hours.

func mustDate(y int, m time.Month, d int) packet.Date {
	v, err := packet.NewDate(y, m, d)
	if err != nil {
		panic(err) // callers pass days that exist
	}
	return v
}

func addDays(d packet.Date, n int) packet.Date {
	return packet.DateOf(d.In(time.UTC).AddDate(0, 0, n))
}

// addMonths returns the same day n months later, or the last day of that
// month if it is shorter.
func addMonths(d packet.Date, n int) packet.Date {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return mustDate(first.Year(), first.Month(), min(d.Day(), last))
}

func firstOfMonth(d packet.Date) packet.Date { return mustDate(d.Year(), d.Month(), 1) }

func daysBetween(a, b packet.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

// fullYears returns how many whole years after a b is.
func fullYears(a, b packet.Date) int {
	n := b.Year() - a.Year()
	if a.AddYears(n).After(b) {
		n--
	}
	return n
}

func minDate(a, b packet.Date) packet.Date {
	if a.Before(b) {
		return a
	}
	return b
}

func maxDate(a, b packet.Date) packet.Date {
	if a.After(b) {
		return a
	}
	return b
}

// dateBetween returns a uniformly random date in [from, to]; from if to is
// not after it.
func (g *Generator) dateBetween(from, to packet.Date) packet.Date {
	days := daysBetween(from, to)
	if days <= 0 {
		return from
	}
	return addDays(from, g.rng.IntN(days+1))
}
