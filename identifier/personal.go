package identifier

import (
	"fmt"
	"strconv"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// Gender is a person's gender as the population database codes it
// (code list GioiTinh: 1 Nam, 2 Nữ). The zero Gender is unknown.
type Gender uint8

// The genders of code list GioiTinh.
const (
	GenderMale   Gender = 1 // Nam
	GenderFemale Gender = 2 // Nữ
)

// ParseGender parses a GioiTinh code, "1" or "2".
func ParseGender(code string) (Gender, bool) {
	switch code {
	case "1":
		return GenderMale, true
	case "2":
		return GenderFemale, true
	}
	return 0, false
}

// Code returns the GioiTinh code, "1" or "2", or "" for an unknown gender.
func (g Gender) Code() string {
	switch g {
	case GenderMale:
		return "1"
	case GenderFemale:
		return "2"
	}
	return ""
}

// String returns "male", "female" or "unknown".
func (g Gender) String() string {
	switch g {
	case GenderMale:
		return "male"
	case GenderFemale:
		return "female"
	}
	return "unknown"
}

func (g Gender) nameVI() string {
	switch g {
	case GenderMale:
		return "nam"
	case GenderFemale:
		return "nữ"
	}
	return "không rõ"
}

// PersonalID is the 12-digit personal identification number (số định danh
// cá nhân), the number on the citizen identity card and the key that links a
// profile to the national population database (field SoDinhDanh). Under
// Decree 27/2026/NĐ-CP it is also the identifier of the electronic profile
// (mã định danh hồ sơ điện tử).
//
// Its layout is public law: Decree 137/2015/NĐ-CP Art. 13, carried into the
// Law on Identification 26/2023/QH15 and Decree 70/2024/NĐ-CP, with the
// province codes of Circular 07/2016/TT-BCA. Digits 1-3 are the code of the
// province or of the country where the birth was registered (the 63
// pre-2025 provinces' codes stay valid after the 2025 merger, so never derive
// a current province from them; see [PersonalID.Birthplace]), 4 century and
// gender, 5-6 the last two digits of the birth year, 7-12 random. There is no
// check digit.
//
// The zero PersonalID is "absent".
type PersonalID struct {
	d [12]byte // ASCII digits
}

const personalIDLen = 12

// ParsePersonalID parses a 12-digit personal ID. Every digit of the century
// and gender digit and of the year is a valid one, and digits 1-3 that are
// no province code are not an error here: they may be the code of a country
// where the birth was registered abroad ([PersonalID.Birthplace] says which;
// [ParsePersonalIDIn] refuses what a loaded country table does not know). A
// 9-digit old identity-card number (CMND) gets its own error, ErrOldIDCard:
// it belongs in SoCMND.
func ParsePersonalID(s string) (PersonalID, error) {
	if s == "" {
		return PersonalID{}, newError(KindPersonal, s, "", -1, ErrEmpty, "empty value", "giá trị rỗng")
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return PersonalID{}, charError(KindPersonal, s, "number", i, "a digit", "chữ số")
		}
	}
	if len(s) == 9 {
		return PersonalID{}, newError(KindPersonal, s, "number", -1, ErrOldIDCard,
			"9 digits: this is an old identity-card number (CMND), not a 12-digit personal ID; put it in SoCMND",
			"có 9 chữ số, là số chứng minh nhân dân cũ, không phải số định danh cá nhân 12 chữ số")
	}
	if len(s) != personalIDLen {
		return PersonalID{}, newError(KindPersonal, s, "number", -1, ErrLength,
			fmt.Sprintf("%d digits, want %d", len(s), personalIDLen),
			fmt.Sprintf("có %d chữ số, phải đủ %d chữ số", len(s), personalIDLen))
	}
	var p PersonalID
	copy(p.d[:], s)
	return p, nil
}

// ParsePersonalIDIn is ParsePersonalID that also judges digits 1-3 by the
// code lists of codes (codelist.Default() when nil): when they are neither a
// province code of list TinhTruoc2025 nor, codes having a non-empty country
// list QuocGiaKhaiSinh, a code of it, the error wraps ErrCode. Without a
// country list it refuses no birthplace code, as ParsePersonalID.
func ParsePersonalIDIn(s string, codes *codelist.Set) (PersonalID, error) {
	p, err := ParsePersonalID(s)
	if err != nil {
		return PersonalID{}, err
	}
	if b := p.BirthplaceIn(codes); b.Kind == BirthplaceUnknown {
		return PersonalID{}, newError(KindPersonal, s, "birthplace code", 0, ErrCode,
			fmt.Sprintf("the birthplace code %s (digits 1-3) is neither a province code of Circular 07/2016/TT-BCA nor in the country list %s", s[:3], codelist.ListBirthCountry),
			fmt.Sprintf("ba chữ số đầu %s không phải mã tỉnh nơi đăng ký khai sinh theo Thông tư số 07/2016/TT-BCA, cũng không có trong danh mục mã quốc gia nơi đăng ký khai sinh (%s)", s[:3], codelist.ListBirthCountry))
	}
	return p, nil
}

// MustParsePersonalID is like ParsePersonalID but panics on error; it is for
// constants in programs and tests.
func MustParsePersonalID(s string) PersonalID {
	p, err := ParsePersonalID(s)
	if err != nil {
		panic(err)
	}
	return p
}

// BirthplaceKind says what digits 1-3 of a personal ID are, as far as the
// code lists can tell. The zero BirthplaceKind is that of the zero
// PersonalID.
type BirthplaceKind uint8

// The kinds of birthplace code.
const (
	// BirthplaceProvince: a province code of list TinhTruoc2025 (the
	// 63 pre-2025 provinces, zero-padded), so the birth was registered in
	// Viet Nam.
	BirthplaceProvince BirthplaceKind = iota + 1
	// BirthplaceCountry: not a province code, but a code of the loaded
	// country list QuocGiaKhaiSinh: the birth was registered abroad.
	BirthplaceCountry
	// BirthplaceUnlisted: not a province code, and no country list is
	// loaded to say more. The law allows a country code here (a birth
	// registered abroad), so the code may be right or mistyped: a warning,
	// not an error.
	BirthplaceUnlisted
	// BirthplaceUnknown: neither a province code nor a code of the loaded
	// country list: the ID is wrong.
	BirthplaceUnknown
)

// String returns "province", "country", "province or country" or
// "unknown", and "" for the zero kind.
func (k BirthplaceKind) String() string {
	switch k {
	case BirthplaceProvince:
		return "province"
	case BirthplaceCountry:
		return "country"
	case BirthplaceUnlisted:
		return "province or country"
	case BirthplaceUnknown:
		return "unknown"
	}
	return ""
}

// Birthplace is what digits 1-3 of a personal ID ([PersonalID.BirthProvinceCode])
// name: the province or the country where the birth was registered.
type Birthplace struct {
	Kind BirthplaceKind // what the code lists say the code is
	// Name is the province's name before the 1 July 2025 merger (list
	// TinhTruoc2025), e.g. "TP. Hồ Chí Minh", or the country's name; "" for
	// a code of neither list.
	Name string
}

// Birthplace returns what digits 1-3 name, by the embedded code lists
// (codelist.Default()), which have no country list: a code that is no
// province code is BirthplaceUnlisted.
func (p PersonalID) Birthplace() Birthplace { return p.BirthplaceIn(nil) }

// BirthplaceIn returns what digits 1-3 name, by the province list
// TinhTruoc2025 and the country list QuocGiaKhaiSinh of codes
// (codelist.Default() when nil). A province code wins over a country code.
// A country list that is absent or empty tells nothing: a code of neither
// list is then BirthplaceUnlisted, not BirthplaceUnknown.
func (p PersonalID) BirthplaceIn(codes *codelist.Set) Birthplace {
	if p.IsZero() {
		return Birthplace{}
	}
	if codes == nil {
		codes = codelist.Default()
	}
	var b Birthplace
	if e, ok := p.provinceIn(codes); ok {
		b.Kind, b.Name = BirthplaceProvince, e.Name
		return b
	}
	countries, ok := codes.List(codelist.ListBirthCountry)
	switch {
	case !ok || countries.Len() == 0:
		b.Kind = BirthplaceUnlisted
	default:
		// The conversion does not escape, so the compiler keeps it off the heap.
		if e, ok := countries.Lookup(string(p.d[:3])); ok {
			b.Kind, b.Name = BirthplaceCountry, e.Name
		} else {
			b.Kind = BirthplaceUnknown
		}
	}
	return b
}

// HasProvinceCode reports whether digits 1-3 are a province code of the
// embedded list TinhTruoc2025: false for the zero PersonalID and for a code
// that may name a country (see [PersonalID.Birthplace]).
func (p PersonalID) HasProvinceCode() bool {
	_, ok := p.provinceIn(codelist.Default())
	return ok
}

// provinceIn looks digits 1-3 up in the pre-2025 province list of codes;
// those codes are the statistics codes zero-padded to three digits.
func (p PersonalID) provinceIn(codes *codelist.Set) (codelist.Entry, bool) {
	if p.d[0] != '0' {
		return codelist.Entry{}, false
	}
	l, ok := codes.List(codelist.ListProvincePre2025)
	if !ok {
		return codelist.Entry{}, false
	}
	// The conversion does not escape, so the compiler keeps it off the heap.
	return l.Lookup(string(p.d[1:3]))
}

// String returns the 12 digits, or "" for the zero PersonalID.
func (p PersonalID) String() string {
	if p.IsZero() {
		return ""
	}
	return string(p.d[:])
}

// IsZero reports whether p is the zero, absent, PersonalID.
func (p PersonalID) IsZero() bool { return p.d[0] == 0 }

// BirthProvinceCode returns digits 1-3, e.g. "079": the code of the
// province or, for a birth registered abroad, of the country where the birth
// was registered. [PersonalID.Birthplace] says which.
func (p PersonalID) BirthProvinceCode() string {
	if p.IsZero() {
		return ""
	}
	return string(p.d[:3])
}

// BirthProvince returns the name of the province where the birth was
// registered, as it was named before the 1 July 2025 merger
// (code list TinhTruoc2025), e.g. "TP. Hồ Chí Minh", or "" when digits 1-3
// are no province code.
func (p PersonalID) BirthProvince() string {
	e, _ := p.provinceIn(codelist.Default())
	return e.Name
}

// Gender returns the gender digit 4 states: even male, odd female.
func (p PersonalID) Gender() Gender {
	if p.IsZero() {
		return 0
	}
	if (p.d[3]-'0')%2 == 0 {
		return GenderMale
	}
	return GenderFemale
}

// Century returns the first year of the century of birth digit 4 states:
// 1900 for 0 and 1, 2000 for 2 and 3, up to 2300 for 8 and 9.
func (p PersonalID) Century() int {
	if p.IsZero() {
		return 0
	}
	return 1900 + int(p.d[3]-'0')/2*100
}

// BirthYear returns the year of birth: the century of digit 4 plus digits 5-6.
func (p PersonalID) BirthYear() int {
	if p.IsZero() {
		return 0
	}
	return p.Century() + int(p.d[4]-'0')*10 + int(p.d[5]-'0')
}

// Digits names the digits of a personal ID that disagree with what is
// recorded beside it. A packet's validator names the rule each breaks.
type Digits string

// The parts of a personal ID that a recorded gender or birth year can
// contradict.
const (
	DigitsCenturyGender Digits = "century-gender digit" // digit 4: the century of birth and the gender
	DigitsYear          Digits = "year digits"          // digits 5-6: the last two digits of the birth year
)

// Mismatch is a disagreement between a personal ID and the gender or birth
// year recorded beside it.
type Mismatch struct {
	Part      Digits // which digits disagree: DigitsCenturyGender or DigitsYear
	Offset    int    // byte offset of the part in the ID: 3 or 4
	MessageEN string
	MessageVI string
}

// Check compares what p states with a recorded gender and birth year (a
// partial birth date always has its year). A zero gender or year is not
// checked. It returns every mismatch, in digit order, or nil.
func (p PersonalID) Check(g Gender, birthYear int) []Mismatch {
	if p.IsZero() {
		return nil
	}
	var out []Mismatch
	digit := p.d[3]
	if g != 0 && g != p.Gender() {
		out = append(out, Mismatch{
			Part: DigitsCenturyGender, Offset: 3,
			MessageEN: fmt.Sprintf("digit 4 (%c) states %s, but the recorded gender is %s", digit, p.Gender(), g),
			MessageVI: fmt.Sprintf("chữ số thứ 4 (%c) ứng với giới tính %s, nhưng giới tính ghi trong hồ sơ là %s", digit, p.Gender().nameVI(), g.nameVI()),
		})
	}
	if birthYear != 0 {
		if c := birthYear / 100 * 100; c != p.Century() {
			out = append(out, Mismatch{
				Part: DigitsCenturyGender, Offset: 3,
				MessageEN: fmt.Sprintf("digit 4 (%c) states birth in the %ds, but the recorded birth year is %d", digit, p.Century(), birthYear),
				MessageVI: fmt.Sprintf("chữ số thứ 4 (%c) ứng với thế kỷ sinh %d-%d, nhưng năm sinh ghi trong hồ sơ là %d", digit, p.Century(), p.Century()+99, birthYear),
			})
		}
		if yy := birthYear % 100; yy != p.BirthYear()%100 {
			yearDigits := string(p.d[4:6])
			out = append(out, Mismatch{
				Part: DigitsYear, Offset: 4,
				MessageEN: fmt.Sprintf("digits 5-6 (%s) state a birth year ending in %s, but the recorded birth year is %d", yearDigits, yearDigits, birthYear),
				MessageVI: fmt.Sprintf("chữ số thứ 5-6 (%s) ứng với năm sinh tận cùng %s, nhưng năm sinh ghi trong hồ sơ là %d", yearDigits, yearDigits, birthYear),
			})
		}
	}
	return out
}

// Explain returns the parts of the ID with their meanings.
func (p PersonalID) Explain() []Part {
	if p.IsZero() {
		return nil
	}
	y := strconv.Itoa(p.BirthYear())
	vi, en := p.Birthplace().meaning(string(p.d[:3]))
	return []Part{
		{Name: "birthplace", Value: string(p.d[:3]), Meaning: vi, MeaningEN: en},
		{Name: "century-gender", Value: string(p.d[3:4]),
			Meaning:   fmt.Sprintf("giới tính %s, sinh trong các năm %d-%d", p.Gender().nameVI(), p.Century(), p.Century()+99),
			MeaningEN: fmt.Sprintf("%s, born %d-%d", p.Gender(), p.Century(), p.Century()+99)},
		{Name: "year", Value: string(p.d[4:6]), Meaning: "năm sinh " + y, MeaningEN: "born in " + y},
		{Name: "random", Value: string(p.d[6:]), Meaning: "số ngẫu nhiên", MeaningEN: "random digits"},
	}
}

// meaning says what the birthplace code means, in Vietnamese and English.
func (b Birthplace) meaning(code string) (vi, en string) {
	switch b.Kind {
	case BirthplaceProvince:
		return "nơi đăng ký khai sinh: " + b.Name + " (tỉnh trước 01/7/2025)",
			"birth registered in " + b.Name + " (province before 1 July 2025)"
	case BirthplaceCountry:
		return "nơi đăng ký khai sinh: " + b.Name + " (đăng ký khai sinh ở nước ngoài)",
			"birth registered abroad, in " + b.Name
	case BirthplaceUnknown:
		return "mã nơi đăng ký khai sinh: " + code + " không phải mã tỉnh, cũng không có trong danh mục mã quốc gia",
			"birthplace code: " + code + " is neither a province code nor in the country list"
	}
	return "mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh: " + code + " không phải mã tỉnh, có thể là mã quốc gia (đăng ký khai sinh ở nước ngoài)",
		"province or country where the birth was registered: " + code + " is no province code, so it may be a country's (birth registered abroad)"
}

// MarshalText implements encoding.TextMarshaler; the zero ID is empty text.
func (p PersonalID) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return []byte{}, nil
	}
	return p.d[:], nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text is an error.
func (p *PersonalID) UnmarshalText(b []byte) error {
	v, err := ParsePersonalID(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
