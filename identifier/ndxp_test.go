package identifier

import (
	"encoding/json"
	"testing"
)

func TestParseService(t *testing.T) {
	want := NationalService()
	for _, in := range []string{"VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1", "VN:GOV:000.00.00.G09:CSDLCBCCVC:cbccvc:v1"} {
		got, err := ParseService(in)
		if err != nil {
			t.Fatalf("ParseService(%q): %v", in, err)
		}
		if got != want {
			t.Errorf("ParseService(%q) = %+v, want %+v", in, got, want)
		}
	}
	if s := want.String(); s != "VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1" {
		t.Errorf("String() = %q", s)
	}
	if s := want.ConfigString(); s != "VN:GOV:000.00.00.G09:CSDLCBCCVC:cbccvc:v1" {
		t.Errorf("ConfigString() = %q", s)
	}
	noVersion, err := ParseService("VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc")
	if err != nil || noVersion.Version != "" || noVersion.String() != "VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc" {
		t.Errorf("service without version = %+v, %v", noVersion, err)
	}
	a, ok := want.Subsystem.Member.Agency()
	if !ok || a.Canonical() != "000.00.00.G09" {
		t.Errorf("Agency() = %v, %v", a, ok)
	}
}

func TestParseMemberAndSubsystem(t *testing.T) {
	m, err := ParseMember("VN:COM:0101234567-001")
	if err != nil || m.Class != ClassCOM || m.Code != "0101234567-001" || m.String() != "VN/COM/0101234567-001" {
		t.Errorf("ParseMember = %+v, %v", m, err)
	}
	if _, ok := m.Agency(); ok {
		t.Error("a COM member has an agency code")
	}
	s, err := ParseSubsystem("VN/GOV/H29.12/QLCB")
	if err != nil || s.Code != "QLCB" || s.ConfigString() != "VN:GOV:H29.12:QLCB" {
		t.Errorf("ParseSubsystem = %+v, %v", s, err)
	}
	var v struct {
		Client Subsystem `json:"client"`
	}
	if err := json.Unmarshal([]byte(`{"client":"VN:GOV:000.00.00.H29:QLCB"}`), &v); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(v); string(b) != `{"client":"VN/GOV/000.00.00.H29/QLCB"}` {
		t.Errorf("Marshal = %s", b)
	}
}

func TestParseNDXPInvalid(t *testing.T) {
	tests := []struct {
		parse  func(string) error
		in     string
		err    error
		part   string
		offset int
	}{
		{member, "", ErrEmpty, "", -1},
		{member, "VN/GOV", ErrStructure, "", -1},
		{member, "VN/GOV/000.00.00.H29/QLCB", ErrStructure, "", -1},
		{subsystem, "VN/GOV/000.00.00.H29", ErrStructure, "", -1},
		{service, "VN/GOV/000.00.00.H29/QLCB", ErrStructure, "", -1},
		{service, "VN/GOV/000.00.00.H29/QLCB/a/b/c", ErrStructure, "", -1},
		{member, "/GOV/000.00.00.H29", ErrEmpty, "instance", 0},
		{subsystem, "VN/GOV/000.00.00.H29/", ErrEmpty, "subsystem code", 21},
		{member, "VN/GOV:000.00.00.H29", ErrStructure, "", -1},
		{subsystem, "VN/GOV/000.00.00.H29/QL CB", ErrCharacter, "subsystem code", 23},
		{subsystem, "VN/GOV/000.00.00.H29/QLCB:x", ErrCharacter, "subsystem code", 25},
		{member, "VN/ORG/000.00.00.H29", ErrCode, "member class", 3},
		{member, "VN/gov/000.00.00.H29", ErrCode, "member class", 3},
		{member, "VN/GOV/000.05.00.H29", ErrCode, "member code", 7},
		{member, "VN/COM/01012345", ErrCode, "member code", 7},
		{member, "VN:COM:0101234567_001", ErrCharacter, "member code", 17},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assertError(t, tt.parse(tt.in), KindNDXP, tt.in, tt.err, tt.part, tt.offset)
		})
	}
}

func member(s string) error    { _, err := ParseMember(s); return err }
func subsystem(s string) error { _, err := ParseSubsystem(s); return err }
func service(s string) error   { _, err := ParseService(s); return err }
