package codelist_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/cbccvc/cbccvc-go/codelist"
)

var allLists = []string{
	codelist.ListGender, codelist.ListEthnicity, codelist.ListEthnicity1979, codelist.ListReligion,
	codelist.ListProvince, codelist.ListProvincePre2025, codelist.ListPersonKind, codelist.ListRank,
	codelist.ListEducation, codelist.ListPoliticalTheory, codelist.ListStateManagement,
	codelist.ListRecruitment, codelist.ListTrainingForm, codelist.ListDiscipline, codelist.ListRelation,
	codelist.ListProfileStatus, codelist.ListChangeKind, codelist.ListMatchSource,
	codelist.ListPacketState, codelist.ListMatchStatus, codelist.ListResultStatus,
	codelist.ListLevel1Agency, codelist.ListCommune,
	codelist.ListBackground, codelist.ListWarInvalidClass, codelist.ListPolicyFamily, codelist.ListFamilySide,
	codelist.ListHistoryKind, codelist.ListAppointmentForm, codelist.ListPlanningLevel, codelist.ListTransferKind,
	codelist.ListEndOfService, codelist.ListDefenceSecurity, codelist.ListTrainingKind, codelist.ListAllowanceKind, codelist.ListGrade,
	codelist.ListOrganisation, codelist.ListForce, codelist.ListDeclarationKind, codelist.ListHealth,
	codelist.ListBloodGroup,
}

func mustList(t testing.TB, name string) *codelist.List {
	t.Helper()
	l, ok := codelist.Default().List(name)
	if !ok {
		t.Fatalf("Default has no list %q", name)
	}
	return l
}

func mustLookup(t testing.TB, l *codelist.List, code string) codelist.Entry {
	t.Helper()
	e, ok := l.Lookup(code)
	if !ok {
		t.Fatalf("%s: no code %q", l.Name, code)
	}
	return e
}

func TestDefaultNames(t *testing.T) {
	got := codelist.Default().Names()
	want := slices.Sorted(slices.Values(allLists))
	if !slices.Equal(got, want) {
		t.Errorf("Names() = %v\nwant %v", got, want)
	}
}

// TestCounts pins the size of every list and how many values are confirmed,
// so that a change to the data or its flags is deliberate.
func TestCounts(t *testing.T) {
	tests := []struct {
		list             string
		total, confirmed int
	}{
		{codelist.ListGender, 3, 0},
		{codelist.ListEthnicity, 55, 20},
		{codelist.ListEthnicity1979, 54, 11},
		{codelist.ListReligion, 16, 15},
		{codelist.ListProvince, 34, 34},
		{codelist.ListProvincePre2025, 63, 63},
		{codelist.ListPersonKind, 3, 0},
		{codelist.ListRank, 33, 11},
		{codelist.ListEducation, 7, 0},
		{codelist.ListPoliticalTheory, 5, 0},
		{codelist.ListStateManagement, 5, 0},
		{codelist.ListRecruitment, 4, 0},
		{codelist.ListTrainingForm, 6, 0},
		{codelist.ListDiscipline, 7, 7},
		{codelist.ListRelation, 12, 0},
		{codelist.ListProfileStatus, 5, 0},
		{codelist.ListChangeKind, 19, 0},
		{codelist.ListMatchSource, 2, 0},
		{codelist.ListPacketState, 3, 0},
		{codelist.ListMatchStatus, 3, 0},
		{codelist.ListResultStatus, 3, 0},
		{codelist.ListLevel1Agency, 36, 30},
		{codelist.ListCommune, 3321, 3321},
		{codelist.ListBackground, 11, 0},
		{codelist.ListWarInvalidClass, 4, 0},
		{codelist.ListPolicyFamily, 6, 0},
		{codelist.ListFamilySide, 2, 0},
		{codelist.ListHistoryKind, 4, 0},
		{codelist.ListAppointmentForm, 4, 0},
		{codelist.ListPlanningLevel, 5, 0},
		{codelist.ListTransferKind, 3, 0},
		{codelist.ListEndOfService, 6, 0},
		{codelist.ListDefenceSecurity, 6, 0},
		{codelist.ListTrainingKind, 8, 0},
		{codelist.ListAllowanceKind, 8, 0},
		{codelist.ListGrade, 4, 0},
		{codelist.ListOrganisation, 7, 0},
		{codelist.ListForce, 2, 0},
		{codelist.ListDeclarationKind, 4, 0},
		{codelist.ListHealth, 3, 0},
		{codelist.ListBloodGroup, 8, 0},
	}
	if len(tests) != len(allLists) {
		t.Fatalf("test covers %d lists, want %d", len(tests), len(allLists))
	}
	for _, tt := range tests {
		l := mustList(t, tt.list)
		confirmed := 0
		for e := range l.All() {
			if e.Confirmed {
				confirmed++
			}
		}
		if l.Len() != tt.total || confirmed != tt.confirmed {
			t.Errorf("%s: %d entries, %d confirmed; want %d, %d", tt.list, l.Len(), confirmed, tt.total, tt.confirmed)
		}
		if l.Version == "" || l.Source == "" || l.Description == "" {
			t.Errorf("%s: empty version, source or description", tt.list)
		}
	}
}

// TestEmbeddedFiles loads each file as a user would and compares it with
// Default, and checks that a file is named after its list.
func TestEmbeddedFiles(t *testing.T) {
	files, err := filepath.Glob("data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if base := filepath.Base(f); base == "bangluong.json" || base == "kyluat.json" {
			continue // not code lists
		}
		n++
		l, err := codelist.LoadFile(f)
		if err != nil {
			t.Errorf("LoadFile: %v", err)
			continue
		}
		if want := strings.TrimSuffix(filepath.Base(f), ".json"); l.Name != want {
			t.Errorf("%s holds list %q", f, l.Name)
		}
		assertEqualLists(t, l, mustList(t, l.Name))
	}
	if n != len(allLists) {
		t.Errorf("%d list files, want %d", n, len(allLists))
	}
}

// combiningMark returns the first combining mark (U+0300–U+036F, U+0323 …)
// in s: Vietnamese in NFC has none, decomposed text has them.
func combiningMark(s string) (rune, bool) {
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			return r, true
		}
	}
	return 0, false
}

func TestNFC(t *testing.T) {
	for _, s := range []string{"Nu\u0303", "Nư\u0303", "Đa\u0323i", "Hoa\u0300"} {
		if _, found := combiningMark(s); !found {
			t.Fatalf("combiningMark misses the mark in decomposed %q", s)
		}
	}
	check := func(where, s string) {
		if r, found := combiningMark(s); found {
			t.Errorf("%s: %q has combining mark %U (not NFC)", where, s, r)
		}
	}
	for _, name := range codelist.Default().Names() {
		l := mustList(t, name)
		check(name+" nguon", l.Source)
		check(name+" moTa", l.Description)
		for e := range l.All() {
			check(name+" "+e.Code, e.Name)
		}
	}
}

// TestDocListsEveryList keeps the overview in doc.go in step with the data.
func TestDocListsEveryList(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(src), "//", " ")), " ")
	for _, name := range append(slices.Clone(allLists), codelist.ListBirthCountry) {
		if !strings.Contains(doc, " "+name+" (") && !strings.Contains(doc, " "+name+":") {
			t.Errorf("doc.go does not describe list %s", name)
		}
	}
}

func TestEthnicSystems(t *testing.T) {
	s := codelist.Default()
	tests := []struct {
		sys  codelist.EthnicSystem
		code string
		name string
	}{
		{codelist.Ethnic2008, "04", "Mường"},
		{codelist.Ethnic1979, "04", "Hoa"},
		{codelist.Ethnic2008, "06", "Hoa"},
		{codelist.Ethnic1979, "06", "Mường"},
		{codelist.Ethnic2008, "05", "Khơ Me"},
		{codelist.Ethnic1979, "05", "Khơ-me"},
		{codelist.Ethnic2008, "43", "Ngái"},
		{codelist.Ethnic1979, "11", "Ngái"},
		{codelist.Ethnic2008, "55", "Người nước ngoài"},
	}
	for _, tt := range tests {
		eth, e, err := s.Ethnicity(tt.sys, tt.code)
		if err != nil || e.Name != tt.name || eth != (codelist.Ethnicity{System: tt.sys, Code: tt.code}) {
			t.Errorf("Ethnicity(%v, %q) = %v, %q, %v; want %q", tt.sys, tt.code, eth, e.Name, err, tt.name)
		}
	}
	a, _, _ := s.Ethnicity(codelist.Ethnic2008, "01")
	b, _, _ := s.Ethnicity(codelist.Ethnic1979, "01")
	if a == b {
		t.Error("Kinh 2008 == Kinh 1979: systems must not compare equal")
	}
	if got := codelist.Ethnic2008.String() + " " + codelist.Ethnic1979.String(); got != "TCTK-1019-2008 TCTK-121-1979" {
		t.Errorf("String() = %q", got)
	}
	if codelist.EthnicSystem(9).ListName() != "" || codelist.EthnicSystem(9).String() != "EthnicSystem(9)" {
		t.Error("unknown system")
	}

	_, _, err := s.Ethnicity(codelist.Ethnic2008, "77")
	var ce *codelist.Error
	if !errors.Is(err, codelist.ErrUnknownCode) || !errors.As(err, &ce) || ce.List != "DanToc" || ce.Code != "77" {
		t.Errorf("Ethnicity(2008, 77) error = %v", err)
	}
	if _, _, err := s.Ethnicity(codelist.EthnicSystem(9), "01"); !errors.Is(err, codelist.ErrUnknownList) {
		t.Errorf("Ethnicity(9, 01) error = %v", err)
	}
	if _, _, err := codelist.NewSet().Ethnicity(codelist.Ethnic2008, "01"); !errors.Is(err, codelist.ErrUnknownList) {
		t.Errorf("Ethnicity on an empty set: error = %v", err)
	}
}

func TestConvertEthnicity(t *testing.T) {
	s := codelist.Default()
	tests := []struct {
		from codelist.Ethnicity
		to   codelist.EthnicSystem
		want string
	}{
		{codelist.Ethnicity{System: codelist.Ethnic2008, Code: "04"}, codelist.Ethnic1979, "06"}, // Mường
		{codelist.Ethnicity{System: codelist.Ethnic1979, Code: "04"}, codelist.Ethnic2008, "06"}, // Hoa
		{codelist.Ethnicity{System: codelist.Ethnic2008, Code: "05"}, codelist.Ethnic1979, "05"}, // Khmer
		{codelist.Ethnicity{System: codelist.Ethnic1979, Code: "11"}, codelist.Ethnic2008, "43"}, // Ngái
		{codelist.Ethnicity{System: codelist.Ethnic2008, Code: "52"}, codelist.Ethnic1979, "54"}, // Rơ Măm
		{codelist.Ethnicity{System: codelist.Ethnic1979, Code: "01"}, codelist.Ethnic1979, "01"}, // same system
	}
	for _, tt := range tests {
		got, err := s.ConvertEthnicity(tt.from, tt.to)
		if err != nil || got != (codelist.Ethnicity{System: tt.to, Code: tt.want}) {
			t.Errorf("ConvertEthnicity(%v, %v) = %v, %v; want %s", tt.from, tt.to, got, err, tt.want)
		}
	}

	// 2008 -> 1979 -> 2008 is the identity, and the names agree up to spelling.
	fold := func(s string) string {
		return strings.NewReplacer("-", "", " ", "", "H", "", "h", "").Replace(strings.ToLower(s))
	}
	seen := map[string]bool{}
	for i := 1; i <= 54; i++ {
		code := twoDigits(i)
		e08 := codelist.Ethnicity{System: codelist.Ethnic2008, Code: code}
		e79, err := s.ConvertEthnicity(e08, codelist.Ethnic1979)
		if err != nil {
			t.Errorf("2008 %s: %v", code, err)
			continue
		}
		back, err := s.ConvertEthnicity(e79, codelist.Ethnic2008)
		if err != nil || back != e08 {
			t.Errorf("2008 %s -> 1979 %s -> %v, %v", code, e79.Code, back, err)
		}
		if seen[e79.Code] {
			t.Errorf("1979 %s is the image of two 2008 codes", e79.Code)
		}
		seen[e79.Code] = true
		_, n08, _ := s.Ethnicity(codelist.Ethnic2008, code)
		_, n79, _ := s.Ethnicity(codelist.Ethnic1979, e79.Code)
		if a, b := fold(n08.Name), fold(n79.Name); a != b && !strings.Contains(a, b) && !strings.Contains(b, a) &&
			!(a == "giẻtriêng" && b == "giétriêng") {
			t.Errorf("2008 %s %q maps to 1979 %s %q", code, n08.Name, e79.Code, n79.Name)
		}
	}

	_, err := s.ConvertEthnicity(codelist.Ethnicity{System: codelist.Ethnic2008, Code: "55"}, codelist.Ethnic1979)
	if !errors.Is(err, codelist.ErrNoSuccessor) {
		t.Errorf("2008 55 -> 1979: error = %v, want ErrNoSuccessor", err)
	}
	_, err = s.ConvertEthnicity(codelist.Ethnicity{System: codelist.Ethnic1979, Code: "55"}, codelist.Ethnic2008)
	if !errors.Is(err, codelist.ErrUnknownCode) {
		t.Errorf("1979 55 -> 2008: error = %v, want ErrUnknownCode", err)
	}
}

func twoDigits(i int) string { return string([]byte{byte('0' + i/10), byte('0' + i%10)}) }

func TestReligionAlias(t *testing.T) {
	l := mustList(t, codelist.ListReligion)
	if e := mustLookup(t, l, "99"); e.AliasOf != "00" {
		t.Errorf("99: AliasOf = %q, want 00", e.AliasOf)
	}
	if e, ok := l.Resolve("99"); !ok || e.Code != "00" || e.Name != "Không" {
		t.Errorf(`Resolve("99") = %+v, %v`, e, ok)
	}
	if e, ok := l.Resolve("14"); !ok || e.Code != "14" || e.Name != "Mặc Môn" {
		t.Errorf(`Resolve("14") = %+v, %v`, e, ok)
	}
	if _, ok := l.Resolve("15"); ok {
		t.Error(`Resolve("15") found`)
	}
}

func TestProvinces(t *testing.T) {
	s := codelist.Default()
	cur := mustList(t, codelist.ListProvince)
	old := mustList(t, codelist.ListProvincePre2025)
	if old.SuccessorList != codelist.ListProvince {
		t.Fatalf("TinhTruoc2025.SuccessorList = %q", old.SuccessorList)
	}
	cutover := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	reached := map[string]int{}
	for e := range old.All() {
		if len(e.Code) != 2 || !e.ValidUntil.Equal(cutover) || !e.ValidFrom.IsZero() {
			t.Errorf("old %s: code shape or validity %v–%v", e.Code, e.ValidFrom, e.ValidUntil)
		}
		next, ok := s.Successor(codelist.ListProvincePre2025, e.Code)
		if !ok || next.Code != e.Successor {
			t.Errorf("old %s %s: successor %q not in Tinh", e.Code, e.Name, e.Successor)
		}
		reached[next.Code]++
	}
	for e := range cur.All() {
		if reached[e.Code] == 0 {
			t.Errorf("Tinh %s %s is no old province's successor", e.Code, e.Name)
		}
		if len(e.Code) != 2 || !e.ValidFrom.Equal(cutover) || !e.ValidUntil.IsZero() {
			t.Errorf("Tinh %s: code shape or validity %v–%v", e.Code, e.ValidFrom, e.ValidUntil)
		}
	}
	for _, tt := range []struct{ old, cur, name string }{
		{"02", "08", "Tuyên Quang"},
		{"10", "15", "Lào Cai"},
		{"46", "46", "Huế"},
		{"77", "79", "TP. Hồ Chí Minh"},
		{"93", "92", "Cần Thơ"},
		{"89", "91", "An Giang"},
	} {
		if e, ok := s.Successor(codelist.ListProvincePre2025, tt.old); !ok || e.Code != tt.cur || e.Name != tt.name {
			t.Errorf("Successor(%s) = %s %s, want %s %s", tt.old, e.Code, e.Name, tt.cur, tt.name)
		}
	}
	if _, ok := s.Successor(codelist.ListProvincePre2025, "03"); ok {
		t.Error("Successor of unknown code found")
	}
	if _, ok := s.Successor(codelist.ListProvince, "01"); ok {
		t.Error("Successor in a list without successors found")
	}
	if _, ok := s.Successor("Nope", "01"); ok {
		t.Error("Successor in unknown list found")
	}
}

func TestValidOn(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	old := mustLookup(t, mustList(t, codelist.ListProvincePre2025), "02")
	cur := mustLookup(t, mustList(t, codelist.ListProvince), "08")
	tests := []struct {
		at       time.Time
		old, cur bool
	}{
		{time.Date(2025, 6, 30, 23, 59, 0, 0, ict), true, false},
		// Still 30 June in UTC, but 1 July where the time was read.
		{time.Date(2025, 7, 1, 0, 30, 0, 0, ict), false, true},
		{time.Date(2025, 6, 30, 20, 0, 0, 0, time.UTC), true, false},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), false, true},
		{time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), true, false},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, ict), false, true},
	}
	for _, tt := range tests {
		if got := old.ValidOn(tt.at); got != tt.old {
			t.Errorf("old 02 ValidOn(%v) = %v", tt.at, got)
		}
		if got := cur.ValidOn(tt.at); got != tt.cur {
			t.Errorf("Tinh 08 ValidOn(%v) = %v", tt.at, got)
		}
	}
	if !(codelist.Entry{}).ValidOn(time.Time{}) {
		t.Error("an entry without bounds must always be valid")
	}
}

func TestLevel1Agency(t *testing.T) {
	l := mustList(t, codelist.ListLevel1Agency)
	for e := range l.All() {
		c := e.Code
		if len(c) != 3 || c[0] < 'A' || c[0] > 'Y' || c[1] < '0' || c[1] > '9' || c[2] < '0' || c[2] > '9' {
			t.Errorf("%q is not of the shape MX1X2", c)
		}
	}
	if e := mustLookup(t, l, "G09"); e.Name != "Bộ Nội vụ" || !e.Confirmed {
		t.Errorf("G09 = %+v", e)
	}
	july := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, code := range []string{"H54", "K54", "H30"} {
		if e := mustLookup(t, l, code); !e.ValidUntil.Equal(july) {
			t.Errorf("%s closes %v, want 2025-07-01", code, e.ValidUntil)
		}
	}
	for _, code := range []string{"H20", "H29", "H41", "K41", "H49", "H56", "H57", "K57", "G01"} {
		if e := mustLookup(t, l, code); !e.ValidUntil.IsZero() {
			t.Errorf("%s closes %v, want open", code, e.ValidUntil)
		}
	}
}

func TestRanks(t *testing.T) {
	s := codelist.Default()
	l := mustList(t, codelist.ListRank)
	for e := range l.All() {
		if !codelist.ValidRankShape(e.Code) {
			t.Errorf("%s: not of a rank shape", e.Code)
		}
		if _, ok := s.SalaryScale(e.Group); !ok {
			t.Errorf("%s: salary group %q not in the table", e.Code, e.Group)
		}
	}
	for code, group := range map[string]string{"01.001": "A3.1", "01.003": "A1", "06a.031": "A0", "01.005": "B", "V.07.05.14": "A2.2"} {
		if e := mustLookup(t, l, code); e.Group != group {
			t.Errorf("%s: group %q, want %q", code, e.Group, group)
		}
	}
}

func TestValidRankShape(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"01.003", true},
		{"06a.031", true},
		{"V.07.05.13", true},
		{"99z.999", true},
		{"1.003", false},
		{"01.0031", false},
		{"01.03", false},
		{"06A.031", false},
		{"06a031", false},
		{"0a6.031", false},
		{"V.7.05.13", false},
		{"V.07.05.1", false},
		{"v.07.05.13", false},
		{"V-07.05.13", false},
		{"V.07.05.1a", false},
		{"X.07.05.13", false},
		{"01,003", false},
		{"０1.003", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := codelist.ValidRankShape(tt.code); got != tt.want {
			t.Errorf("ValidRankShape(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestValidCommuneCode(t *testing.T) {
	for code, want := range map[string]bool{
		"00004": true, "26734": true, "0004": false, "000004": false, "0000a": false, "": false,
		"１２３４５": false, " 0004": false,
	} {
		if got := codelist.ValidCommuneCode(code); got != want {
			t.Errorf("ValidCommuneCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestSalaryScale(t *testing.T) {
	s := codelist.Default()
	tests := []struct {
		group string
		step  int
		want  int
		ok    bool
	}{
		{"A1", 1, 234, true},
		{"A1", 6, 399, true},
		{"A1", 9, 498, true},
		{"A1", 10, 0, false},
		{"A1", 0, 0, false},
		{"A1", -1, 0, false},
		{"A3.1", 6, 800, true},
		{"A2.2", 8, 638, true},
		{"A0", 10, 489, true},
		{"B", 12, 406, true},
		{"B", 13, 0, false},
		{"C1", 1, 165, true},
	}
	for _, tt := range tests {
		sc, ok := s.SalaryScale(tt.group)
		if !ok {
			t.Fatalf("no scale %q", tt.group)
		}
		if got, ok := sc.Coefficient(tt.step); got != tt.want || ok != tt.ok {
			t.Errorf("%s step %d = %d, %v; want %d, %v", tt.group, tt.step, got, ok, tt.want, tt.ok)
		}
	}
	for group, n := range map[string]int{"A3.1": 6, "A3.2": 6, "A2.1": 8, "A2.2": 8, "A1": 9, "A0": 10, "B": 12, "C1": 12} {
		if sc, _ := s.SalaryScale(group); len(sc.Steps) != n || sc.Group != group {
			t.Errorf("%s: %d steps, want %d", group, len(sc.Steps), n)
		}
	}
	if _, ok := s.SalaryScale("A4"); ok {
		t.Error("unknown group found")
	}
	sc, _ := s.SalaryScale("A1")
	sc.Steps[0] = 1
	if again, _ := s.SalaryScale("A1"); again.Steps[0] != 234 {
		t.Error("changing a returned scale changed the Set")
	}
	if sc, ok := codelist.NewSet().SalaryScale("B"); !ok || len(sc.Steps) != 12 {
		t.Error("NewSet lacks the embedded salary table")
	}
}

func TestWith(t *testing.T) {
	def := codelist.Default()
	l, err := codelist.Load(strings.NewReader(`{"ten":"Tinh","phienBan":"2026.01","muc":[{"ma":"01","ten":"Thủ đô Hà Nội"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := def.With(l)
	l.Name = "Changed" // the Set holds its own copy
	got, ok := s.List(codelist.ListProvince)
	if !ok || got.Len() != 1 || got.Version != "2026.01" {
		t.Fatalf("With: Tinh = %+v", got)
	}
	if e := mustLookup(t, got, "01"); e.Name != "Thủ đô Hà Nội" {
		t.Errorf("With: 01 = %q", e.Name)
	}
	if def := mustList(t, codelist.ListProvince); def.Len() != 34 || def.Version != "2025.07" {
		t.Errorf("With changed Default: Tinh has %d entries, version %s", def.Len(), def.Version)
	}
	if len(s.Names()) != len(def.Names()) {
		t.Errorf("With: %d lists, want %d", len(s.Names()), len(def.Names()))
	}
	// Successors into the replaced list follow the new one.
	if _, ok := s.Successor(codelist.ListProvincePre2025, "02"); ok {
		t.Error("Successor found 08 in a Tinh list without it")
	}

	// A list got from a Set is a copy too.
	g := mustList(t, codelist.ListReligion)
	g.Name, g.Version = "X", "X"
	if again := mustList(t, codelist.ListReligion); again.Name != "TonGiao" || again.Version != "2025.07" {
		t.Error("changing a returned List changed Default")
	}

	var zero codelist.Set
	if _, ok := zero.List(codelist.ListGender); ok || len(zero.Names()) != 0 {
		t.Error("zero Set not empty")
	}
	if n := zero.With(l).Names(); !slices.Equal(n, []string{"Changed"}) {
		t.Errorf("zero.With: %v", n)
	}
	if n := codelist.NewSet(nil, l).Names(); !slices.Equal(n, []string{"Changed"}) {
		t.Errorf("NewSet: %v", n)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, name := range codelist.Default().Names() {
		l := mustList(t, name)
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		back, err := codelist.Load(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("%s: reload: %v", name, err)
		}
		assertEqualLists(t, back, l)
	}
}

func assertEqualLists(t testing.TB, got, want *codelist.List) {
	t.Helper()
	if got.Name != want.Name || got.Version != want.Version || got.Source != want.Source ||
		got.Description != want.Description || got.SuccessorList != want.SuccessorList {
		t.Errorf("header %q differs: %+v vs %+v", want.Name, got, want)
	}
	if a, b := slices.Collect(got.All()), slices.Collect(want.All()); !slices.Equal(a, b) {
		t.Errorf("%s: entries differ:\n%+v\n%+v", want.Name, a, b)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	l := mustList(t, codelist.ListEthnicity)
	if n := testing.AllocsPerRun(100, func() {
		l.Lookup("43")
		l.Lookup("99")
		l.Resolve("43")
		if !codelist.ValidRankShape("V.07.05.13") || !codelist.ValidCommuneCode("26734") {
			panic("shape")
		}
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	// The identifier package looks codes up this way on every parse: the
	// List copy must stay on the stack.
	s := codelist.Default()
	if n := testing.AllocsPerRun(100, func() {
		l, _ := s.List(codelist.ListProvincePre2025)
		l.Lookup("79")
		s.Successor(codelist.ListProvincePre2025, "77")
	}); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func BenchmarkLookup(b *testing.B) {
	for _, tt := range []struct{ list, code string }{
		{codelist.ListProvincePre2025, "77"},
		{codelist.ListCommune, "26740"},
	} {
		b.Run(tt.list, func(b *testing.B) {
			l := mustList(b, tt.list)
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := l.Lookup(tt.code); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

func BenchmarkValidRankShape(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !codelist.ValidRankShape("06a.031") {
			b.Fatal("rejected")
		}
	}
}
