package identifier

import (
	"encoding/json"
	"testing"
)

func TestParseProfileIDValid(t *testing.T) {
	// The three profile IDs of the spec's example packets.
	tests := []struct {
		in     string
		level1 string
		kind   PersonKind
		seq    uint32
	}{
		{"H2910000004208", "H29", Cadre, 42},
		{"H2920001234507", "H29", CivilServant, 12345},
		{"H2930001234652", "H29", PublicEmployee, 12346},
	}
	for _, tt := range tests {
		p, err := ParseProfileID(tt.in)
		if err != nil {
			t.Fatalf("ParseProfileID(%q): %v", tt.in, err)
		}
		if p.String() != tt.in || p.Level1() != tt.level1 || p.Kind() != tt.kind || p.Sequence() != tt.seq {
			t.Errorf("%s: got %s %s %v %d", tt.in, p, p.Level1(), p.Kind(), p.Sequence())
		}
		gen, err := NewProfileID(tt.level1, tt.kind, tt.seq)
		if err != nil || gen != p {
			t.Errorf("NewProfileID(%s, %v, %d) = %s, %v; want %s", tt.level1, tt.kind, tt.seq, gen, err, tt.in)
		}
		if parts := p.Explain(); len(parts) != 4 || parts[1].Value != tt.in[3:4] {
			t.Errorf("Explain = %+v", parts)
		}
	}
}

func TestNewProfileIDRoundTrip(t *testing.T) {
	for _, l1 := range []string{"A00", "G09", "H29", "K54", "Y99"} {
		for k := Cadre; k <= PublicEmployee; k++ {
			for _, seq := range []uint32{0, 1, 97, 12345678, 99_999_999} {
				p, err := NewProfileID(l1, k, seq)
				if err != nil {
					t.Fatalf("NewProfileID(%s, %d, %d): %v", l1, k, seq, err)
				}
				q, err := ParseProfileID(p.String())
				if err != nil || q != p {
					t.Fatalf("ParseProfileID(%s) = %v, %v", p, q, err)
				}
			}
		}
	}
}

func TestNewProfileIDInvalid(t *testing.T) {
	tests := []struct {
		level1 string
		kind   PersonKind
		seq    uint32
		err    error
		part   string
	}{
		{"h29", CivilServant, 1, ErrCharacter, "registering agency"},
		{"Z29", CivilServant, 1, ErrCharacter, "registering agency"},
		{"H2", CivilServant, 1, ErrCharacter, "registering agency"},
		{"H2X", CivilServant, 1, ErrCharacter, "registering agency"},
		{"H29", 0, 1, ErrRange, "person kind"},
		{"H29", 4, 1, ErrRange, "person kind"},
		{"H29", CivilServant, 100_000_000, ErrRange, "sequence"},
	}
	for _, tt := range tests {
		_, err := NewProfileID(tt.level1, tt.kind, tt.seq)
		assertError(t, err, KindProfile, tt.level1, tt.err, tt.part, -1)
	}
}

func TestParseProfileIDInvalid(t *testing.T) {
	tests := []struct {
		in     string
		err    error
		part   string
		offset int
	}{
		{"", ErrEmpty, "", -1},
		{"H292000123450", ErrLength, "", -1},
		{"H29200012345077", ErrLength, "", -1},
		{"h2920001234507", ErrCharacter, "registering agency", 0},
		{"Z2920001234507", ErrCharacter, "registering agency", 0},
		{"12920001234507", ErrCharacter, "registering agency", 0},
		{"HX920001234507", ErrCharacter, "registering agency", 1},
		{"H29C0001234507", ErrCharacter, "person kind", 3},
		{"H2920001234O07", ErrCharacter, "sequence", 11},
		{"H292000123450A", ErrCharacter, "check digits", 13},
		{"H2900001234507", ErrRange, "person kind", 3},
		{"H2940001234507", ErrRange, "person kind", 3},
		{"H2920001234508", ErrCheckDigits, "check digits", 12},
		{"H2920001234570", ErrCheckDigits, "check digits", 12},
		{"H2910420008000", ErrCheckDigits, "check digits", 12}, // 00 ≡ 97 (mod 97), but only 97 is issued
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseProfileID(tt.in)
			assertError(t, err, KindProfile, tt.in, tt.err, tt.part, tt.offset)
		})
	}
}

// The check digits catch every single-character substitution and every
// transposition of two adjacent different characters (among digits; the
// leading letter cannot be swapped with a digit and still parse).
func TestProfileIDCheckDigitsCatchTypos(t *testing.T) {
	p, _ := NewProfileID("H29", CivilServant, 1234567)
	s := []byte(p.String())
	for i := 1; i < len(s); i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == s[i] {
				continue
			}
			typo := append([]byte(nil), s...)
			typo[i] = d
			if _, err := ParseProfileID(string(typo)); err == nil {
				t.Errorf("substitution at %d accepted: %s", i, typo)
			}
		}
	}
	for l := byte('A'); l <= 'Y'; l++ {
		if l == s[0] {
			continue
		}
		typo := append([]byte{l}, s[1:]...)
		if _, err := ParseProfileID(string(typo)); err == nil {
			t.Errorf("letter substitution accepted: %s", typo)
		}
	}
	for i := 1; i+1 < len(s); i++ {
		if s[i] == s[i+1] {
			continue
		}
		typo := append([]byte(nil), s...)
		typo[i], typo[i+1] = typo[i+1], typo[i]
		if _, err := ParseProfileID(string(typo)); err == nil {
			t.Errorf("transposition at %d accepted: %s", i, typo)
		}
	}
}

func TestProfileIDText(t *testing.T) {
	var v struct {
		ID ProfileID `json:"MaDinhDanhCBCCVC,omitzero"`
	}
	if b, _ := json.Marshal(v); string(b) != `{}` {
		t.Errorf("zero ID marshalled as %s", b)
	}
	if err := json.Unmarshal([]byte(`{"MaDinhDanhCBCCVC":"H2920001234507"}`), &v); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(v); string(b) != `{"MaDinhDanhCBCCVC":"H2920001234507"}` {
		t.Errorf("Marshal = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"MaDinhDanhCBCCVC":"H2920001234508"}`), &v); err == nil {
		t.Error("wrong check digits unmarshalled")
	}
}

func TestPersonKind(t *testing.T) {
	for _, tt := range []struct {
		code string
		k    PersonKind
	}{{"CB", Cadre}, {"CC", CivilServant}, {"VC", PublicEmployee}} {
		k, ok := ParsePersonKind(tt.code)
		if !ok || k != tt.k || k.Code() != tt.code {
			t.Errorf("ParsePersonKind(%q) = %v, %v", tt.code, k, ok)
		}
	}
	if _, ok := ParsePersonKind("cc"); ok {
		t.Error("lower-case kind accepted")
	}
	if PersonKind(9).Code() != "" || PersonKind(9).String() != "PersonKind(9)" {
		t.Error("unknown kind has a code")
	}
}
