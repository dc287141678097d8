package identifier

import (
	"fmt"
	"strconv"
)

// PersonKind is the kind of person a profile describes (code list
// LoaiDoiTuong). Its number is digit 4 of a ProfileID.
type PersonKind uint8

// The kinds of person of code list LoaiDoiTuong.
const (
	Cadre          PersonKind = 1 // CB, cán bộ
	CivilServant   PersonKind = 2 // CC, công chức
	PublicEmployee PersonKind = 3 // VC, viên chức
)

// ParsePersonKind parses a LoaiDoiTuong code: "CB", "CC" or "VC".
func ParsePersonKind(code string) (PersonKind, bool) {
	switch code {
	case "CB":
		return Cadre, true
	case "CC":
		return CivilServant, true
	case "VC":
		return PublicEmployee, true
	}
	return 0, false
}

// Code returns the LoaiDoiTuong code: "CB", "CC" or "VC", or "" if k is not
// a kind.
func (k PersonKind) Code() string {
	switch k {
	case Cadre:
		return "CB"
	case CivilServant:
		return "CC"
	case PublicEmployee:
		return "VC"
	}
	return ""
}

// String returns the kind in English.
func (k PersonKind) String() string {
	switch k {
	case Cadre:
		return "cadre"
	case CivilServant:
		return "civil servant"
	case PublicEmployee:
		return "public employee"
	}
	return "PersonKind(" + strconv.Itoa(int(k)) + ")"
}

func (k PersonKind) nameVI() string {
	switch k {
	case Cadre:
		return "cán bộ"
	case CivilServant:
		return "công chức"
	case PublicEmployee:
		return "viên chức"
	}
	return "không rõ"
}

// ProfileID is the national profile ID of packet format 1.0 (mã định danh
// CBCCVC, field MaDinhDanhCBCCVC) that the national database gave a profile
// when it first accepted it. It stays only to read 1.0 packets: Decree
// 27/2026/NĐ-CP makes the personal ID the identifier of the electronic
// profile ("thống nhất sử dụng số định danh cá nhân làm mã định danh hồ sơ
// điện tử"), so format 2.0 has no profile ID and keys every profile by its
// [PersonalID]. Do not build new records on it.
//
// Its layout is the SDK's reading of Decision 356/QĐ-BNV, whose annex is
// not public: 14 characters,
//
//	H29 2 00012345 07
//	 |  |     |     +- check digits, ISO 7064 MOD 97-10 over the first 12 (A=10 … Z=35, as in IBAN)
//	 |  |     +------- sequence, 8 digits
//	 |  +------------- person kind: 1 cán bộ, 2 công chức, 3 viên chức
//	 +---------------- level-1 code of the ministry or province that registered it
//
// The zero ProfileID is "absent".
type ProfileID struct {
	c [profileIDLen]byte
}

const (
	profileIDLen = 14
	maxSequence  = 99_999_999
)

// ParseProfileID parses a national profile ID and verifies its check digits.
func ParseProfileID(s string) (ProfileID, error) {
	if s == "" {
		return ProfileID{}, newError(KindProfile, s, "", -1, ErrEmpty, "empty value", "giá trị rỗng")
	}
	if len(s) != profileIDLen {
		return ProfileID{}, newError(KindProfile, s, "", -1, ErrLength,
			fmt.Sprintf("%d characters, want %d (MX1X2, person kind, 8-digit sequence, 2 check digits)", len(s), profileIDLen),
			fmt.Sprintf("có %d ký tự, phải có %d ký tự (mã cấp 1, loại đối tượng, 8 chữ số thứ tự, 2 chữ số kiểm tra)", len(s), profileIDLen))
	}
	if s[0] < 'A' || s[0] > 'Y' {
		return ProfileID{}, charError(KindProfile, s, "registering agency", 0, "a letter A-Y", "chữ cái từ A đến Y")
	}
	for i := 1; i < profileIDLen; i++ {
		if !isDigit(s[i]) {
			return ProfileID{}, charError(KindProfile, s, profilePart(i), i, "a digit", "chữ số")
		}
	}
	if s[3] < '1' || s[3] > '3' {
		return ProfileID{}, newError(KindProfile, s, "person kind", 3, ErrRange,
			fmt.Sprintf("character 4 %q is not a person kind: 1 cán bộ, 2 công chức or 3 viên chức", s[3]),
			fmt.Sprintf("ký tự thứ 4 %q không phải loại đối tượng: 1 cán bộ, 2 công chức hoặc 3 viên chức", s[3]))
	}
	// Compare the digits themselves rather than test the remainder: 00, 01
	// and 99 leave the same remainder as 97, 98 and 02 but are never
	// issued, and accepting them would give one profile two IDs.
	if want := checkDigits(s[:12]); int(s[12]-'0')*10+int(s[13]-'0') != want {
		return ProfileID{}, newError(KindProfile, s, "check digits", 12, ErrCheckDigits,
			fmt.Sprintf("check digits %s do not match the first 12 characters (ISO 7064 MOD 97-10 gives %02d): a character is mistyped", s[12:], want),
			fmt.Sprintf("hai chữ số kiểm tra cuối là %s, trong khi 12 ký tự đầu cho chữ số kiểm tra %02d: có ký tự bị nhập sai", s[12:], want))
	}
	var p ProfileID
	copy(p.c[:], s)
	return p, nil
}

func profilePart(i int) string {
	switch {
	case i < 3:
		return "registering agency"
	case i == 3:
		return "person kind"
	case i < 12:
		return "sequence"
	}
	return "check digits"
}

// NewProfileID builds the profile ID with the given registering level-1
// code (MX1X2, e.g. "H29"), person kind and sequence number, computing its
// check digits. It is what the national database does; the sandbox and
// tests use it.
func NewProfileID(level1 string, kind PersonKind, seq uint32) (ProfileID, error) {
	if len(level1) != 3 || level1[0] < 'A' || level1[0] > 'Y' || !isDigit(level1[1]) || !isDigit(level1[2]) {
		return ProfileID{}, newError(KindProfile, level1, "registering agency", -1, ErrCharacter,
			fmt.Sprintf("level-1 code %q is not a letter A-Y and two digits", level1),
			fmt.Sprintf("mã cấp 1 %q không phải một chữ cái A-Y và hai chữ số", level1))
	}
	if kind < Cadre || kind > PublicEmployee {
		return ProfileID{}, newError(KindProfile, level1, "person kind", -1, ErrRange,
			fmt.Sprintf("person kind %d is not 1, 2 or 3", kind),
			fmt.Sprintf("loại đối tượng %d không phải 1, 2 hoặc 3", kind))
	}
	if seq > maxSequence {
		return ProfileID{}, newError(KindProfile, level1, "sequence", -1, ErrRange,
			fmt.Sprintf("sequence %d has more than 8 digits", seq),
			fmt.Sprintf("số thứ tự %d dài quá 8 chữ số", seq))
	}
	var p ProfileID
	copy(p.c[:3], level1)
	p.c[3] = '0' + byte(kind)
	for i, v := 11, seq; i >= 4; i, v = i-1, v/10 {
		p.c[i] = '0' + byte(v%10)
	}
	cd := checkDigits(string(p.c[:12]))
	p.c[12], p.c[13] = '0'+byte(cd/10), '0'+byte(cd%10)
	return p, nil
}

// mod97 returns the remainder modulo 97 of s read as a number, each letter
// standing for two digits (A=10 … Z=35), without big integers.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// checkDigits returns the ISO 7064 MOD 97-10 check digits of body.
func checkDigits(body string) int {
	return 98 - mod97(body)*100%97
}

// String returns the 14 characters, or "" for the zero ProfileID.
func (p ProfileID) String() string {
	if p.IsZero() {
		return ""
	}
	return string(p.c[:])
}

// IsZero reports whether p is the zero, absent, ProfileID.
func (p ProfileID) IsZero() bool { return p.c[0] == 0 }

// Level1 returns the level-1 code of the agency that registered the profile.
func (p ProfileID) Level1() string {
	if p.IsZero() {
		return ""
	}
	return string(p.c[:3])
}

// Kind returns the person kind of digit 4.
func (p ProfileID) Kind() PersonKind {
	if p.IsZero() {
		return 0
	}
	return PersonKind(p.c[3] - '0')
}

// Sequence returns the 8-digit sequence number.
func (p ProfileID) Sequence() uint32 {
	var v uint32
	for _, c := range p.c[4:12] {
		v = v*10 + uint32(c-'0')
	}
	return v
}

// Explain returns the parts of the ID with their meanings.
func (p ProfileID) Explain() []Part {
	if p.IsZero() {
		return nil
	}
	reg, regEN := "mã cấp 1 của cơ quan đăng ký hồ sơ", "level-1 code of the registering agency"
	if c, err := ParseAgencyCode(p.Level1()); err == nil {
		if e, ok := c.Level1Agency(); ok {
			reg += ": " + e.Name
			regEN += ": " + e.Name
		}
	}
	return []Part{
		{Name: "level1", Value: p.Level1(), Meaning: reg, MeaningEN: regEN},
		{Name: "kind", Value: string(p.c[3:4]), Meaning: p.Kind().nameVI(), MeaningEN: p.Kind().String()},
		{Name: "sequence", Value: string(p.c[4:12]), Meaning: "số thứ tự", MeaningEN: "sequence number"},
		{Name: "check", Value: string(p.c[12:]), Meaning: "chữ số kiểm tra ISO 7064 MOD 97-10 (đúng)", MeaningEN: "ISO 7064 MOD 97-10 check digits (correct)"},
	}
}

// MarshalText implements encoding.TextMarshaler; the zero ID is empty text.
func (p ProfileID) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return []byte{}, nil
	}
	return p.c[:], nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text is an error.
func (p *ProfileID) UnmarshalText(b []byte) error {
	v, err := ParseProfileID(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
