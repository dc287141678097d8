package identifier

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseAgencyCodeValid(t *testing.T) {
	tests := []struct {
		in        string
		form      Form
		level     int
		level1    string
		canonical string
		dec20     string
		parent    string // "" at level 1
	}{
		{"000.00.00.G09", FormQCVN102, 1, "G09", "000.00.00.G09", "G09", ""},
		{"000.00.12.H29", FormQCVN102, 2, "H29", "000.00.12.H29", "H29.12", "000.00.00.H29"},
		{"000.01.12.H29", FormQCVN102, 3, "H29", "000.01.12.H29", "H29.12.01", "000.00.12.H29"},
		{"001.01.12.H29", FormQCVN102, 4, "H29", "001.01.12.H29", "H29.12.01.001", "000.01.12.H29"},
		{"999.99.99.Y99", FormQCVN102, 4, "Y99", "999.99.99.Y99", "Y99.99.99.999", "000.99.99.Y99"},
		{"000.00.18.G12", FormQCVN102, 2, "G12", "000.00.18.G12", "G12.18", "000.00.00.G12"},
		{"000.00.00.A00", FormQCVN102, 1, "A00", "000.00.00.A00", "A00", ""},
		{"H29", FormDecision20, 1, "H29", "000.00.00.H29", "H29", ""},
		{"G09.20", FormDecision20, 2, "G09", "000.00.20.G09", "G09.20", "G09"},
		{"H29.12.01", FormDecision20, 3, "H29", "000.01.12.H29", "H29.12.01", "H29.12"},
		{"H29.12.01.001", FormDecision20, 4, "H29", "001.01.12.H29", "H29.12.01.001", "H29.12.01"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseAgencyCode(tt.in)
			if err != nil {
				t.Fatalf("ParseAgencyCode(%q): %v", tt.in, err)
			}
			if got := c.String(); got != tt.in {
				t.Errorf("String() = %q, want the form given, %q", got, tt.in)
			}
			if c.Form() != tt.form {
				t.Errorf("Form() = %v, want %v", c.Form(), tt.form)
			}
			if c.Level() != tt.level {
				t.Errorf("Level() = %d, want %d", c.Level(), tt.level)
			}
			if c.Level1() != tt.level1 {
				t.Errorf("Level1() = %q, want %q", c.Level1(), tt.level1)
			}
			if c.Canonical() != tt.canonical {
				t.Errorf("Canonical() = %q, want %q", c.Canonical(), tt.canonical)
			}
			if c.Decision20() != tt.dec20 {
				t.Errorf("Decision20() = %q, want %q", c.Decision20(), tt.dec20)
			}
			p, ok := c.Parent()
			if ok != (tt.parent != "") || p.String() != tt.parent {
				t.Errorf("Parent() = %q, %v; want %q", p, ok, tt.parent)
			}
			if ok && p.Form() != c.Form() {
				t.Errorf("Parent() form %v, want the child's form %v", p.Form(), c.Form())
			}
			if ok && !c.IsUnder(p) {
				t.Errorf("%s.IsUnder(parent %s) = false", c, p)
			}
			// The other form names the same unit.
			other := MustParseAgencyCode(tt.canonical)
			if tt.form == FormQCVN102 {
				other = MustParseAgencyCode(tt.dec20)
			}
			if !c.Equal(other) || !other.Equal(c) {
				t.Errorf("%s and %s are not Equal", c, other)
			}
			if c.In(other.Form()) != other {
				t.Errorf("In(%v) = %#v, want %#v", other.Form(), c.In(other.Form()), other)
			}
		})
	}
}

func TestParseAgencyCodeInvalid(t *testing.T) {
	tests := []struct {
		in     string
		err    error
		part   string
		offset int
	}{
		{"", ErrEmpty, "", -1},
		{strings.Repeat("1", 36), ErrLength, "", 35},
		{"000.00.12.h29", ErrCharacter, "code", 10},
		{"000.00.12.H2 9", ErrCharacter, "code", 12},
		{"000-00-12-H29", ErrCharacter, "code", 3},
		{"000.00.12.Hà", ErrCharacter, "code", 11},
		{"000.00.12", ErrStructure, "code", -1},
		{"000.00.00.12.H29", ErrStructure, "code", -1},
		{"00.00.12.H29", ErrLength, "level-4 group", 0},
		{"000.0.12.H29", ErrLength, "level-3 group", 4},
		{"000.00.123.H29", ErrLength, "level-2 group", 7},
		{"000.00.12.H2", ErrLength, "level-1 group", 10},
		{"000.00.12.", ErrLength, "level-1 group", 10},
		{"000.00.12.Z29", ErrCharacter, "level-1 group", 10},
		{"000.00.12.129", ErrCharacter, "level-1 group", 10},
		{"000.00.12.HA9", ErrCharacter, "level-1 group", 11},
		{"00A.00.12.H29", ErrCharacter, "level-4 group", 2},
		{"000.0B.12.H29", ErrCharacter, "level-3 group", 5},
		{"000.00.1C.H29", ErrCharacter, "level-2 group", 8},
		{"000.05.00.H29", ErrHierarchy, "level-3 group", 4},
		{"005.00.00.H29", ErrHierarchy, "level-4 group", 0},
		{"005.00.12.H29", ErrHierarchy, "level-4 group", 0},
		{"Z29", ErrCharacter, "level-1 group", 0},
		{"H2", ErrLength, "level-1 group", 0},
		{"H29.1", ErrLength, "level-2 group", 4},
		{"H29.12.1", ErrLength, "level-3 group", 7},
		{"H29.12.01.01", ErrLength, "level-4 group", 10},
		{"H29.00", ErrRange, "level-2 group", 4},
		{"H29.12.00", ErrRange, "level-3 group", 7},
		{"H29.12.01.000", ErrRange, "level-4 group", 10},
		{"H29.12.01.001.01", ErrStructure, "code", -1},
		{"H29..12", ErrLength, "level-2 group", 4},
		{".H29", ErrLength, "level-1 group", 0},
		{"H29.1A", ErrCharacter, "level-2 group", 5},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseAgencyCode(tt.in)
			assertError(t, err, KindAgency, tt.in, tt.err, tt.part, tt.offset)
		})
	}
}

// assertError checks that err is an *Error with the given details and
// messages in both languages.
func assertError(t *testing.T, err error, kind Kind, in string, sentinel error, part string, offset int) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error = %v, want %v", err, sentinel)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.Kind != kind || e.Input != in || e.Part != part || e.Offset != offset {
		t.Errorf("Error{Kind: %q, Input: %q, Part: %q, Offset: %d}, want {%q, %q, %q, %d}",
			e.Kind, e.Input, e.Part, e.Offset, kind, in, part, offset)
	}
	if e.MessageEN == "" || e.MessageVI == "" || e.MessageEN == e.MessageVI {
		t.Errorf("messages EN %q, VI %q: want both, and different", e.MessageEN, e.MessageVI)
	}
	if !strings.Contains(err.Error(), e.MessageEN) {
		t.Errorf("Error() = %q, does not contain the English message", err.Error())
	}
}

func TestAgencyCodeIsUnder(t *testing.T) {
	tests := []struct {
		c, o string
		want bool
	}{
		{"000.00.12.H29", "000.00.00.H29", true},
		{"000.01.12.H29", "000.00.00.H29", true},
		{"001.01.12.H29", "000.00.12.H29", true},
		{"001.01.12.H29", "000.01.12.H29", true},
		{"H29.12.01", "000.00.12.H29", true}, // forms may differ
		{"000.00.12.H29", "H29", true},
		{"000.00.00.H29", "000.00.00.H29", false}, // not strictly under itself
		{"000.00.00.H29", "000.00.12.H29", false}, // a parent is not under its child
		{"000.00.12.H29", "000.00.13.H29", false},
		{"000.01.12.H29", "000.01.13.H29", false},
		{"001.01.12.H29", "000.02.12.H29", false},
		{"000.00.12.H30", "000.00.00.H29", false},
		{"000.00.12.K29", "000.00.00.H29", false},
	}
	for _, tt := range tests {
		if got := MustParseAgencyCode(tt.c).IsUnder(MustParseAgencyCode(tt.o)); got != tt.want {
			t.Errorf("%s.IsUnder(%s) = %v, want %v", tt.c, tt.o, got, tt.want)
		}
	}
	var zero AgencyCode
	if zero.IsUnder(MustParseAgencyCode("H29")) || MustParseAgencyCode("H29.01").IsUnder(zero) {
		t.Error("IsUnder with a zero code = true")
	}
}

func TestAgencyCodeFamily(t *testing.T) {
	tests := []struct {
		code      string
		ok        bool
		confirmed bool
		name      string
	}{
		{"000.00.00.G09", true, true, "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"},
		{"000.00.00.H29", true, true, "Ủy ban nhân dân cấp tỉnh"},
		{"000.00.00.K54", true, true, "Hội đồng nhân dân cấp tỉnh"},
		{"000.00.00.A01", true, false, "Cơ quan của Đảng"},
		{"000.00.00.F01", true, false, "Kiểm toán Nhà nước"},
		{"000.00.00.M01", false, false, ""},
	}
	for _, tt := range tests {
		f, ok := MustParseAgencyCode(tt.code).Family()
		if ok != tt.ok || f.Confirmed != tt.confirmed || f.Name != tt.name {
			t.Errorf("%s.Family() = %+v, %v; want confirmed %v, name %q, %v", tt.code, f, ok, tt.confirmed, tt.name, tt.ok)
		}
		if ok && (f.Letter != tt.code[10] || f.NameEN == "") {
			t.Errorf("%s.Family() = %+v: wrong letter or no English name", tt.code, f)
		}
	}
}

func TestAgencyCodeLevel1Agency(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	beforeMerger := time.Date(2025, 6, 30, 23, 0, 0, 0, ict)
	afterMerger := time.Date(2025, 7, 1, 0, 30, 0, 0, ict) // still 30 June in UTC
	tests := []struct {
		code        string
		name        string // "" = unknown to the table
		closedAfter bool
	}{
		{"000.00.00.G09", "Bộ Nội vụ", false},
		{"G12.18", "Bộ Tài chính", false},
		{"000.00.00.H29", "Ủy ban nhân dân Thành phố Hồ Chí Minh", false},
		{"000.00.00.H54", "Ủy ban nhân dân tỉnh Thái Bình", true},
		{"000.00.00.H30", "Ủy ban nhân dân tỉnh Hậu Giang", true},
		{"000.00.00.G98", "", false}, // well-formed, unknown: still valid
	}
	for _, tt := range tests {
		c := MustParseAgencyCode(tt.code)
		e, ok := c.Level1Agency()
		if ok != (tt.name != "") {
			t.Errorf("%s.Level1Agency() ok = %v, want %v", tt.code, ok, tt.name != "")
			continue
		}
		if ok && !strings.Contains(e.Name, nameCore(tt.name)) {
			t.Errorf("%s.Level1Agency().Name = %q, want it to name %q", tt.code, e.Name, nameCore(tt.name))
		}
		if c.ClosedOn(beforeMerger) {
			t.Errorf("%s.ClosedOn(30 June 2025) = true", tt.code)
		}
		if got := c.ClosedOn(afterMerger); got != tt.closedAfter {
			t.Errorf("%s.ClosedOn(1 July 2025 ICT) = %v, want %v", tt.code, got, tt.closedAfter)
		}
	}
}

// nameCore drops the generic prefix of an agency name, so that the test
// does not depend on how the list abbreviates "Ủy ban nhân dân".
func nameCore(name string) string {
	for _, p := range []string{"Ủy ban nhân dân Thành phố ", "Ủy ban nhân dân tỉnh "} {
		if strings.HasPrefix(name, p) {
			return strings.TrimPrefix(name, p)
		}
	}
	return name
}

func TestAgencyCodeExplain(t *testing.T) {
	parts := MustParseAgencyCode("001.01.12.H54").Explain()
	got := map[string]string{}
	for _, p := range parts {
		if p.Meaning == "" || p.MeaningEN == "" {
			t.Errorf("part %+v lacks a meaning", p)
		}
		got[p.Name] = p.Value
	}
	want := map[string]string{"level1": "H54", "family": "H", "level2": "12", "level3": "01", "level4": "001"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Explain part %q = %q, want %q (all: %+v)", k, got[k], v, parts)
		}
	}
	if !strings.Contains(parts[0].MeaningEN, "closed since 2025-07-01") {
		t.Errorf("Explain level1 = %q, want it to say the code is closed", parts[0].MeaningEN)
	}
	if (AgencyCode{}).Explain() != nil {
		t.Error("zero code explains to parts")
	}
}

func TestAgencyCodeText(t *testing.T) {
	type rec struct {
		Sender   AgencyCode `json:"MaDonViGui"`
		Optional AgencyCode `json:"MaDonViNhan,omitzero"`
	}
	var r rec
	if err := json.Unmarshal([]byte(`{"MaDonViGui":"000.00.12.H29"}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Sender.Canonical() != "000.00.12.H29" || !r.Optional.IsZero() {
		t.Fatalf("decoded %+v", r)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"MaDonViGui":"000.00.12.H29"}` {
		t.Errorf("Marshal = %s", out)
	}
	for _, bad := range []string{`{"MaDonViGui":""}`, `{"MaDonViGui":"000.05.00.H29"}`} {
		err := json.Unmarshal([]byte(bad), &r)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Unmarshal(%s) error = %v, want an *Error", bad, err)
		}
	}
}

func TestAgencyCodeZero(t *testing.T) {
	var z AgencyCode
	if !z.IsZero() || z.Level() != 0 || z.Level1() != "" || z.String() != "" || z.Canonical() != "" {
		t.Errorf("zero code: %#v", z)
	}
	if _, ok := z.Parent(); ok {
		t.Error("zero code has a parent")
	}
	if _, ok := z.Family(); ok {
		t.Error("zero code has a family")
	}
	if z.Equal(MustParseAgencyCode("000.00.00.A00")) {
		t.Error("zero code Equal to a real one")
	}
}
