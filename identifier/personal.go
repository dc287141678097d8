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
// cá nhân, Decree 137/2015/NĐ-CP; Circular 07/2016/TT-BCA), the number on the
// citizen identity card and the key that links a profile to the national
// population database (field SoDinhDanh).
//
// Its digits are: 1-3 the province where the birth was registered (the 63
// pre-2025 provinces' codes; they stay valid after the 2025 merger, so never
// derive a current province from them), 4 century and gender, 5-6 the last
// two digits of the birth year, 7-12 random. There is no check digit.
//
// The zero PersonalID is "absent".
type PersonalID struct {
	d [12]byte // ASCII digits
}

const personalIDLen = 12

// ParsePersonalID parses a 12-digit personal ID. A 9-digit old identity-card
// number (CMND) gets its own error, ErrOldIDCard: it belongs in SoCMND.
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
			"9 chữ số: đây là số chứng minh nhân dân (CMND) cũ, không phải số định danh cá nhân 12 chữ số; hãy ghi vào trường SoCMND")
	}
	if len(s) != personalIDLen {
		return PersonalID{}, newError(KindPersonal, s, "number", -1, ErrLength,
			fmt.Sprintf("%d digits, want %d", len(s), personalIDLen),
			fmt.Sprintf("có %d chữ số, cần %d", len(s), personalIDLen))
	}
	var p PersonalID
	copy(p.d[:], s)
	if _, ok := p.birthProvince(); !ok {
		return PersonalID{}, newError(KindPersonal, s, "birthplace code", 0, ErrCode,
			fmt.Sprintf("the birthplace code %s (digits 1-3) is not one of the 63 province codes of Circular 07/2016/TT-BCA", s[:3]),
			fmt.Sprintf("mã tỉnh nơi đăng ký khai sinh %s (chữ số 1-3) không thuộc 63 mã tỉnh của Thông tư 07/2016/TT-BCA", s[:3]))
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

// birthProvince looks the birthplace digits up in the pre-2025 province
// list; those codes are the statistics codes zero-padded to three digits.
func (p PersonalID) birthProvince() (codelist.Entry, bool) {
	if p.d[0] != '0' {
		return codelist.Entry{}, false
	}
	l, ok := codelist.Default().List(codelist.ListProvincePre2025)
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

// BirthProvinceCode returns digits 1-3, e.g. "079".
func (p PersonalID) BirthProvinceCode() string {
	if p.IsZero() {
		return ""
	}
	return string(p.d[:3])
}

// BirthProvince returns the name of the province where the birth was
// registered, as it was named before the 1 July 2025 merger
// (code list TinhTruoc2025), e.g. "TP. Hồ Chí Minh".
func (p PersonalID) BirthProvince() string {
	e, _ := p.birthProvince()
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

// Mismatch is a disagreement between a personal ID and the gender or birth
// year recorded beside it. Rule is the code of the packet rule it breaks.
type Mismatch struct {
	Rule      string // R-ID-003 (century or gender digit) or R-ID-004 (year digits)
	Part      string // "century-gender digit" or "year digits"
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
			Rule: "R-ID-003", Part: "century-gender digit", Offset: 3,
			MessageEN: fmt.Sprintf("digit 4 (%c) states %s, but the recorded gender is %s", digit, p.Gender(), g),
			MessageVI: fmt.Sprintf("chữ số thứ 4 (%c) ứng với giới tính %s, nhưng giới tính ghi nhận là %s", digit, p.Gender().nameVI(), g.nameVI()),
		})
	}
	if birthYear != 0 {
		if c := birthYear / 100 * 100; c != p.Century() {
			out = append(out, Mismatch{
				Rule: "R-ID-003", Part: "century-gender digit", Offset: 3,
				MessageEN: fmt.Sprintf("digit 4 (%c) states birth in the %ds, but the recorded birth year is %d", digit, p.Century(), birthYear),
				MessageVI: fmt.Sprintf("chữ số thứ 4 (%c) ứng với thế kỷ sinh %d-%d, nhưng năm sinh ghi nhận là %d", digit, p.Century(), p.Century()+99, birthYear),
			})
		}
		if yy := birthYear % 100; yy != p.BirthYear()%100 {
			yearDigits := string(p.d[4:6])
			out = append(out, Mismatch{
				Rule: "R-ID-004", Part: "year digits", Offset: 4,
				MessageEN: fmt.Sprintf("digits 5-6 (%s) state a birth year ending in %s, but the recorded birth year is %d", yearDigits, yearDigits, birthYear),
				MessageVI: fmt.Sprintf("chữ số thứ 5-6 (%s) ứng với năm sinh tận cùng %s, nhưng năm sinh ghi nhận là %d", yearDigits, yearDigits, birthYear),
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
	return []Part{
		{Name: "birthplace", Value: string(p.d[:3]),
			Meaning:   "nơi đăng ký khai sinh: " + p.BirthProvince() + " (tỉnh trước 01/7/2025)",
			MeaningEN: "birth registered in " + p.BirthProvince() + " (province before 1 July 2025)"},
		{Name: "century-gender", Value: string(p.d[3:4]),
			Meaning:   fmt.Sprintf("giới tính %s, sinh trong các năm %d-%d", p.Gender().nameVI(), p.Century(), p.Century()+99),
			MeaningEN: fmt.Sprintf("%s, born %d-%d", p.Gender(), p.Century(), p.Century()+99)},
		{Name: "year", Value: string(p.d[4:6]), Meaning: "năm sinh " + y, MeaningEN: "born in " + y},
		{Name: "random", Value: string(p.d[6:]), Meaning: "số ngẫu nhiên", MeaningEN: "random digits"},
	}
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
