package identifier

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/codelist"
)

// maxAgencyCodeLen is the length limit of Decision 20/2020/QĐ-TTg, which
// QCVN 102's amendment 1:2022 adopted for edXML OrganId.
const maxAgencyCodeLen = 35

// Form is the written form of an agency code.
type Form uint8

// The two forms an agency code is written in.
const (
	// FormQCVN102 is V1V2V3.Z1Z2.Y1Y2.MX1X2, level 1 rightmost
	// (QCVN 102:2016/BTTTT), e.g. 000.00.12.H29. Production systems use it.
	FormQCVN102 Form = iota + 1
	// FormDecision20 is MX1X2[.Y1Y2[.Z1Z2[.V1V2V3]]], level 1 leftmost
	// (Decision 20/2020/QĐ-TTg), e.g. H29.12.
	FormDecision20
)

// String names the form: "QCVN 102" or "Decision 20".
func (f Form) String() string {
	switch f {
	case FormQCVN102:
		return "QCVN 102"
	case FormDecision20:
		return "Decision 20"
	}
	return "Form(" + strconv.Itoa(int(f)) + ")"
}

// AgencyCode is the electronic identifier of an agency or organisation
// (mã định danh điện tử của cơ quan, tổ chức): the sender and receiver of a
// packet (MaDonViGui, MaDonViNhan), the unit that manages a profile
// (MaDonViQuanLy) and the member code on NDXP.
//
// It accepts both forms and remembers which one it was given: String
// returns that form, Canonical the QCVN 102 form. Two codes that name the
// same unit in different forms are Equal but not ==.
//
// The zero AgencyCode is "absent"; it is not a valid code.
type AgencyCode struct {
	s      string
	form   Form
	letter byte   // M of MX1X2
	num    uint8  // X1X2
	l2, l3 uint8  // Y1Y2, Z1Z2; 0 = none
	l4     uint16 // V1V2V3; 0 = none
}

// ParseAgencyCode parses an agency code in either form. Lower case is
// rejected, not folded: the code is an identifier, and silently fixing it
// would let two spellings of one code into a database.
func ParseAgencyCode(s string) (AgencyCode, error) {
	if s == "" {
		return AgencyCode{}, newError(KindAgency, s, "", -1, ErrEmpty,
			"empty value", "giá trị rỗng")
	}
	if len(s) > maxAgencyCodeLen {
		return AgencyCode{}, newError(KindAgency, s, "", maxAgencyCodeLen, ErrLength,
			fmt.Sprintf("%d characters, more than the %d allowed", len(s), maxAgencyCodeLen),
			fmt.Sprintf("dài %d ký tự, quá %d ký tự cho phép", len(s), maxAgencyCodeLen))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c), isUpper(c), c == '.':
		case 'a' <= c && c <= 'z':
			return AgencyCode{}, newError(KindAgency, s, "code", i, ErrCharacter,
				fmt.Sprintf("character %d %q is lower case: agency codes are upper case", i+1, c),
				fmt.Sprintf("ký tự thứ %d %q là chữ thường, trong khi mã định danh chỉ dùng chữ in hoa", i+1, c))
		default:
			return AgencyCode{}, charError(KindAgency, s, "code", i, "a digit, an upper-case letter or '.'", "chữ số, chữ in hoa hoặc dấu '.'")
		}
	}
	if isDigit(s[0]) {
		return parseQCVN102(s)
	}
	return parseDecision20(s)
}

// groups splits s at dots into at most len(dst) groups, returning their
// start offsets and the total count (which may exceed len(dst)).
func groups(s string, dst []int) int {
	n := 0
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if n < len(dst) {
				dst[n] = start
			}
			n++
			start = i + 1
		}
	}
	return n
}

// group returns the i-th group of s given its start offsets.
func group(s string, starts []int, n, i int) string {
	end := len(s)
	if i+1 < n {
		end = starts[i+1] - 1
	}
	return s[starts[i]:end]
}

func parseQCVN102(s string) (AgencyCode, error) {
	parts := [4]string{"level-4 group", "level-3 group", "level-2 group", "level-1 group"}
	var starts [4]int
	n := groups(s, starts[:])
	if n != 4 {
		return AgencyCode{}, newError(KindAgency, s, "code", -1, ErrStructure,
			fmt.Sprintf("%d dot-separated groups, want 4 (V1V2V3.Z1Z2.Y1Y2.MX1X2, QCVN 102) or a leading level-1 group MX1X2 (Decision 20/2020)", n),
			fmt.Sprintf("có %d nhóm ngăn cách bởi dấu chấm, phải có 4 nhóm theo QCVN 102:2016/BTTTT, ví dụ 000.00.00.H29, hoặc bắt đầu bằng nhóm mã cấp 1 theo Quyết định số 20/2020/QĐ-TTg, ví dụ H29", n))
	}
	widths := [4]int{3, 2, 2, 3}
	for i := range 4 {
		if g := group(s, starts[:], n, i); len(g) != widths[i] {
			return AgencyCode{}, groupWidthError(s, parts[i], starts[i], g, widths[i])
		}
	}
	c := AgencyCode{s: s, form: FormQCVN102}
	var err error
	if c.letter, c.num, err = parseLevel1(s, starts[3]); err != nil {
		return AgencyCode{}, err
	}
	l4, err := digitsGroup(s, starts[0], 3, parts[0])
	if err != nil {
		return AgencyCode{}, err
	}
	l3, err := digitsGroup(s, starts[1], 2, parts[1])
	if err != nil {
		return AgencyCode{}, err
	}
	l2, err := digitsGroup(s, starts[2], 2, parts[2])
	if err != nil {
		return AgencyCode{}, err
	}
	c.l2, c.l3, c.l4 = uint8(l2), uint8(l3), uint16(l4)
	switch {
	case c.l2 == 0 && c.l3 != 0:
		return AgencyCode{}, hierarchyError(s, starts[1], "level-3 group", 2)
	case c.l2 == 0 && c.l4 != 0:
		return AgencyCode{}, hierarchyError(s, starts[0], "level-4 group", 2)
	case c.l3 == 0 && c.l4 != 0:
		return AgencyCode{}, hierarchyError(s, starts[0], "level-4 group", 3)
	}
	return c, nil
}

func parseDecision20(s string) (AgencyCode, error) {
	var starts [4]int
	n := groups(s, starts[:])
	if n > 4 {
		return AgencyCode{}, newError(KindAgency, s, "code", -1, ErrStructure,
			fmt.Sprintf("%d dot-separated groups; the Decision 20/2020 form has at most 4 (MX1X2.Y1Y2.Z1Z2.V1V2V3) until an official text defines deeper levels", n),
			fmt.Sprintf("có %d nhóm, trong khi mã theo Quyết định số 20/2020/QĐ-TTg có tối đa 4 nhóm", n))
	}
	parts := [4]string{"level-1 group", "level-2 group", "level-3 group", "level-4 group"}
	widths := [4]int{3, 2, 2, 3}
	for i := range n {
		if g := group(s, starts[:], n, i); len(g) != widths[i] {
			return AgencyCode{}, groupWidthError(s, parts[i], starts[i], g, widths[i])
		}
	}
	c := AgencyCode{s: s, form: FormDecision20}
	var err error
	if c.letter, c.num, err = parseLevel1(s, 0); err != nil {
		return AgencyCode{}, err
	}
	var v [4]int
	for i := 1; i < n; i++ {
		if v[i], err = digitsGroup(s, starts[i], widths[i], parts[i]); err != nil {
			return AgencyCode{}, err
		}
		if v[i] == 0 {
			// In this form a group is written only when the unit exists; a
			// zero group would make two spellings of one code.
			return AgencyCode{}, newError(KindAgency, s, parts[i], starts[i], ErrRange,
				fmt.Sprintf("the %s is all zeros: in the Decision 20/2020 form a level without a unit is left out, not written as zeros", parts[i]),
				fmt.Sprintf("%s toàn chữ số 0: theo Quyết định số 20/2020/QĐ-TTg, cấp không có đơn vị thì bỏ nhóm mã đó, không ghi số 0", partVI(parts[i])))
		}
	}
	c.l2, c.l3, c.l4 = uint8(v[1]), uint8(v[2]), uint16(v[3])
	return c, nil
}

// parseLevel1 parses the MX1X2 group at off; its width is already checked.
func parseLevel1(s string, off int) (letter, num byte, err error) {
	const part = "level-1 group"
	m := s[off]
	if m < 'A' || m > 'Y' {
		return 0, 0, charError(KindAgency, s, part, off, "a letter A-Y", "chữ cái từ A đến Y")
	}
	for i := off + 1; i < off+3; i++ {
		if !isDigit(s[i]) {
			return 0, 0, charError(KindAgency, s, part, i, "a digit", "chữ số")
		}
	}
	return m, (s[off+1]-'0')*10 + s[off+2] - '0', nil
}

// digitsGroup parses an all-digit group of width w at off.
func digitsGroup(s string, off, w int, part string) (int, error) {
	v := 0
	for i := off; i < off+w; i++ {
		if !isDigit(s[i]) {
			return 0, charError(KindAgency, s, part, i, "a digit", "chữ số")
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, nil
}

func groupWidthError(s, part string, off int, g string, want int) *Error {
	return newError(KindAgency, s, part, off, ErrLength,
		fmt.Sprintf("the %s %q has %d characters, want %d", part, g, len(g), want),
		fmt.Sprintf("%s %q có %d ký tự, phải có %d ký tự", partVI(part), g, len(g), want))
}

func hierarchyError(s string, off int, part string, missing int) *Error {
	return newError(KindAgency, s, part, off, ErrHierarchy,
		fmt.Sprintf("the %s is set but the level-%d group is 00: a unit must sit under a unit of every higher level", part, missing),
		fmt.Sprintf("%s khác 00 nhưng nhóm mã cấp %d là 00: đơn vị cấp dưới phải thuộc một đơn vị ở mỗi cấp trên", partVI(part), missing))
}

// MustParseAgencyCode is like ParseAgencyCode but panics on error. It is for
// constants in programs and tests, not for input.
func MustParseAgencyCode(s string) AgencyCode {
	c, err := ParseAgencyCode(s)
	if err != nil {
		panic(err)
	}
	return c
}

// String returns the code in the form it was given (or built in).
func (c AgencyCode) String() string { return c.s }

// IsZero reports whether c is the zero, absent, code.
func (c AgencyCode) IsZero() bool { return c.form == 0 }

// Form reports which form the code was written in.
func (c AgencyCode) Form() Form { return c.form }

// Canonical returns the QCVN 102 form, e.g. 000.01.12.H29 for H29.12.01.
func (c AgencyCode) Canonical() string {
	if c.form == FormQCVN102 || c.IsZero() {
		return c.s
	}
	return c.build(FormQCVN102)
}

// Decision20 returns the Decision 20/2020 form, e.g. H29.12.01 for
// 000.01.12.H29.
func (c AgencyCode) Decision20() string {
	if c.form == FormDecision20 || c.IsZero() {
		return c.s
	}
	return c.build(FormDecision20)
}

// build writes the code's groups in form f.
func (c AgencyCode) build(f Form) string {
	if f == FormQCVN102 {
		return fmt.Sprintf("%03d.%02d.%02d.%c%02d", c.l4, c.l3, c.l2, c.letter, c.num)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%c%02d", c.letter, c.num)
	if c.l2 != 0 {
		fmt.Fprintf(&b, ".%02d", c.l2)
	}
	if c.l3 != 0 {
		fmt.Fprintf(&b, ".%02d", c.l3)
	}
	if c.l4 != 0 {
		fmt.Fprintf(&b, ".%03d", c.l4)
	}
	return b.String()
}

// In returns the same code written in form f.
func (c AgencyCode) In(f Form) AgencyCode {
	switch {
	case c.IsZero() || f == c.form:
		return c
	case f == FormQCVN102, f == FormDecision20:
		c.s = c.build(f)
	default:
		return c
	}
	c.form = f
	return c
}

// Equal reports whether c and o name the same unit, whatever their forms.
func (c AgencyCode) Equal(o AgencyCode) bool {
	return c.letter == o.letter && c.num == o.num && c.l2 == o.l2 && c.l3 == o.l3 && c.l4 == o.l4 && c.IsZero() == o.IsZero()
}

// Level returns 1 to 4: the level of the lowest unit the code names.
// It is 0 for the zero code.
func (c AgencyCode) Level() int {
	switch {
	case c.IsZero():
		return 0
	case c.l4 != 0:
		return 4
	case c.l3 != 0:
		return 3
	case c.l2 != 0:
		return 2
	}
	return 1
}

// Level1 returns the level-1 group MX1X2, e.g. "H29".
func (c AgencyCode) Level1() string {
	switch c.form {
	case FormQCVN102:
		return c.s[10:13]
	case FormDecision20:
		return c.s[:3]
	}
	return ""
}

// Parent returns the unit directly above c, in the same form, and false for a
// level-1 code (or the zero code), which has no parent.
func (c AgencyCode) Parent() (AgencyCode, bool) {
	p := c
	switch c.Level() {
	case 4:
		p.l4 = 0
	case 3:
		p.l3 = 0
	case 2:
		p.l2 = 0
	default:
		return AgencyCode{}, false
	}
	p.s = p.build(c.form)
	return p, true
}

// IsUnder reports whether c is a unit strictly below o: a descendant, not o
// itself. The forms of the two codes do not matter.
func (c AgencyCode) IsUnder(o AgencyCode) bool {
	if c.IsZero() || o.IsZero() || c.letter != o.letter || c.num != o.num {
		return false
	}
	ol := o.Level()
	if c.Level() <= ol {
		return false
	}
	switch ol {
	case 1:
		return true
	case 2:
		return c.l2 == o.l2
	case 3:
		return c.l2 == o.l2 && c.l3 == o.l3
	}
	return false
}

// Family returns what the level-1 letter stands for, and false for a letter
// no table lists. Check Family.Confirmed before relying on the meaning.
func (c AgencyCode) Family() (Family, bool) {
	if c.IsZero() {
		return Family{}, false
	}
	return LookupFamily(c.letter)
}

// Level1Agency returns the known level-1 agency of the code from the
// embedded list CoQuanCap1, and false when the list does not know it: the
// list is incomplete, so an unknown well-formed level-1 code is still valid.
func (c AgencyCode) Level1Agency() (codelist.Entry, bool) {
	if c.IsZero() {
		return codelist.Entry{}, false
	}
	l, ok := codelist.Default().List(codelist.ListLevel1Agency)
	if !ok {
		return codelist.Entry{}, false
	}
	return l.Lookup(c.Level1())
}

// ClosedOn reports whether the code's level-1 group was closed on the day of
// t, as the codes of provinces merged into another in 2025 were (Decision
// 09/2025/QĐ-TTg). A closed code stays valid in records from before; a new
// record that uses it deserves a warning.
func (c AgencyCode) ClosedOn(t time.Time) bool {
	e, ok := c.Level1Agency()
	return ok && !e.ValidUntil.IsZero() && !e.ValidOn(t)
}

// Explain returns the parts of the code with their meanings.
func (c AgencyCode) Explain() []Part {
	if c.IsZero() {
		return nil
	}
	l1 := c.Level1()
	meaning, meaningEN := "mã cấp 1 (bộ, ngành, tỉnh)", "level-1 code (ministry, sector or province)"
	if e, ok := c.Level1Agency(); ok {
		meaning, meaningEN = e.Name, e.Name
		if !e.ValidUntil.IsZero() {
			d := e.ValidUntil.Format(time.DateOnly)
			meaning += " (mã đã đóng từ " + d + ")"
			meaningEN += " (code closed since " + d + ")"
		}
	}
	parts := []Part{{Name: "level1", Value: l1, Meaning: meaning, MeaningEN: meaningEN}}
	if f, ok := c.Family(); ok {
		note, noteEN := "", ""
		if !f.Confirmed {
			note, noteEN = " (chưa được văn bản công khai xác nhận)", " (not confirmed by a public text)"
		}
		parts = append(parts, Part{Name: "family", Value: string(c.letter), Meaning: f.Name + note, MeaningEN: f.NameEN + noteEN})
	}
	for lvl, v := range [...]struct {
		n     int
		width int
	}{{int(c.l2), 2}, {int(c.l3), 2}, {int(c.l4), 3}} {
		if v.n == 0 {
			continue
		}
		parts = append(parts, Part{
			Name:      "level" + strconv.Itoa(lvl+2),
			Value:     fmt.Sprintf("%0*d", v.width, v.n),
			Meaning:   fmt.Sprintf("đơn vị cấp %d", lvl+2),
			MeaningEN: fmt.Sprintf("level-%d unit", lvl+2),
		})
	}
	return parts
}

// MarshalText implements encoding.TextMarshaler. The zero code marshals as
// empty text; tag optional fields `omitzero`.
func (c AgencyCode) MarshalText() ([]byte, error) { return []byte(c.s), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text is an error:
// an absent code is an absent member, never an empty string.
func (c *AgencyCode) UnmarshalText(b []byte) error {
	v, err := ParseAgencyCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
