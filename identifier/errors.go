package identifier

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Kind names a kind of identifier. Its values are the kinds the CLI reports.
type Kind string

// The kinds of identifier.
const (
	KindAgency          Kind = "agency"           // mã định danh điện tử của cơ quan, tổ chức
	KindPersonal        Kind = "personal"         // số định danh cá nhân
	KindProfile         Kind = "profile"          // mã định danh CBCCVC
	KindSocialInsurance Kind = "social-insurance" // mã số BHXH
	KindNDXP            Kind = "ndxp"             // NDXP member, subsystem or service
	KindUnknown         Kind = "unknown"
)

// Sentinel errors. Every error returned by a Parse function is an *Error
// whose Err field is one of these, so callers can branch with errors.Is
// and still print the precise message.
var (
	ErrEmpty       = errors.New("empty")                            // nothing to parse
	ErrLength      = errors.New("wrong length")                     // too short, too long, or a group of the wrong width
	ErrCharacter   = errors.New("invalid character")                // a character not allowed where it stands
	ErrStructure   = errors.New("wrong structure")                  // wrong number of groups or parts
	ErrHierarchy   = errors.New("lower level without higher")       // e.g. 000.05.00.H29
	ErrCode        = errors.New("unknown code")                     // a code not in its list (member class; birthplace by ParsePersonalIDIn)
	ErrCheckDigits = errors.New("check digits do not match")        // profile ID
	ErrOldIDCard   = errors.New("old 9-digit identity-card number") // CMND in a personal-ID field
	ErrRange       = errors.New("out of range")                     // a number that does not fit its part
)

// Error reports an identifier that could not be parsed. It names the part at
// fault and, where one character is at fault, its position, in English and in
// Vietnamese (the language validation reports must use).
type Error struct {
	Kind   Kind   // which identifier was being parsed
	Input  string // the value as given
	Part   string // the part at fault, e.g. "level-1 group", "digit 4"; empty for the whole value
	Offset int    // byte offset of the first wrong character in Input, or -1 when no single character is at fault
	Err    error  // one of the sentinel errors above

	MessageEN string // what is wrong, in English
	MessageVI string // what is wrong, in Vietnamese
}

// Error returns the kind, the input and what is wrong, in English; the
// Vietnamese message is in MessageVI.
func (e *Error) Error() string {
	return fmt.Sprintf("identifier: %s %q: %s", e.Kind.nameEN(), clip.String(e.Input), e.MessageEN)
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages, for a program
// that shows both (the module's errors all have this method).
func (e *Error) Messages() (vi, en string) {
	return upperFirst(e.Kind.nameVI()) + " " + quoteValue(e.Input) + e.clauseVI() + " " + e.ActionVI(),
		e.Kind.nameEN() + " " + quoteValue(e.Input) + ": " + e.MessageEN
}

// clauseVI is MessageVI as it follows the value in a sentence: « có 11
// chữ số, phải đủ 12 chữ số.», «: ký tự thứ 6 'A' … không phải chữ số.».
func (e *Error) clauseVI() string {
	if strings.HasPrefix(e.MessageVI, "có ") || strings.HasPrefix(e.MessageVI, "dài ") {
		return " " + e.MessageVI + "."
	}
	return ": " + e.MessageVI + "."
}

// ActionVI says, in Vietnamese, what to do about the value: a sentence
// that begins «Đề nghị», to end a message that names the value in its own
// words («Số định danh cá nhân (SoDinhDanh) "07918722256" có 11 chữ số,
// phải đủ 12 chữ số. Đề nghị đối chiếu thẻ căn cước.»).
func (e *Error) ActionVI() string {
	if errors.Is(e.Err, ErrOldIDCard) {
		return "Đề nghị ghi số này vào số chứng minh nhân dân (SoCMND) và ghi số định danh cá nhân theo thẻ căn cước."
	}
	switch e.Kind {
	case KindAgency:
		return "Đề nghị đối chiếu mã định danh điện tử của cơ quan, tổ chức đã được cấp."
	case KindPersonal:
		return "Đề nghị đối chiếu thẻ căn cước."
	case KindProfile:
		return "Đề nghị đối chiếu mã định danh hồ sơ CBCCVC đã được cấp."
	case KindSocialInsurance:
		return "Đề nghị đối chiếu mã số bảo hiểm xã hội trên sổ bảo hiểm xã hội."
	case KindNDXP:
		return "Đề nghị đối chiếu thông tin kết nối do Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP) cấp."
	}
	return "Đề nghị kiểm tra lại giá trị."
}

// nameVI is how Vietnamese messages name the kind.
func (k Kind) nameVI() string {
	switch k {
	case KindAgency:
		return "mã định danh điện tử của cơ quan, tổ chức"
	case KindPersonal:
		return "số định danh cá nhân"
	case KindProfile:
		return "mã định danh hồ sơ CBCCVC"
	case KindSocialInsurance:
		return "mã số bảo hiểm xã hội"
	case KindNDXP:
		return "mã định danh trên Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)"
	}
	return "mã định danh"
}

// quoteValue quotes an input for a message, cut short if it is long.
func quoteValue(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// nameEN is how messages name the kind.
func (k Kind) nameEN() string {
	switch k {
	case KindAgency:
		return "agency code"
	case KindPersonal:
		return "personal ID"
	case KindProfile:
		return "profile ID"
	case KindSocialInsurance:
		return "social-insurance number"
	case KindNDXP:
		return "NDXP identifier"
	}
	return "identifier"
}

// newError builds an *Error. It is only reached on the failure path, so the
// happy path of every parser stays free of allocations.
func newError(k Kind, input, part string, off int, sentinel error, en, vi string) *Error {
	return &Error{Kind: k, Input: input, Part: part, Offset: off, Err: sentinel, MessageEN: en, MessageVI: vi}
}

// charError reports the character at off as not allowed, quoting it, and
// saying in both languages what was expected there.
func charError(k Kind, input, part string, off int, wantEN, wantVI string) *Error {
	r := quoteChar(input, off)
	return newError(k, input, part, off, ErrCharacter,
		fmt.Sprintf("character %d %s in the %s is not %s", off+1, r, part, wantEN),
		fmt.Sprintf("ký tự thứ %d %s trong %s không phải %s", off+1, r, partVI(part), wantVI))
}

// quoteChar quotes the (possibly multi-byte) character at byte offset off.
func quoteChar(s string, off int) string {
	for _, r := range s[off:] {
		return fmt.Sprintf("%q", r)
	}
	return `""`
}

// partVI translates the English part names used in errors.
func partVI(part string) string {
	switch part {
	case "level-1 group":
		return "nhóm mã cấp 1"
	case "level-2 group":
		return "nhóm mã cấp 2"
	case "level-3 group":
		return "nhóm mã cấp 3"
	case "level-4 group":
		return "nhóm mã cấp 4"
	case "code":
		return "mã"
	case "number":
		return "số"
	case "birthplace code":
		return "mã tỉnh nơi đăng ký khai sinh"
	case "century-gender digit":
		return "chữ số thế kỷ và giới tính"
	case "year digits":
		return "hai chữ số năm sinh"
	case "random digits":
		return "sáu chữ số ngẫu nhiên"
	case "registering agency":
		return "mã cấp 1 của cơ quan đăng ký"
	case "person kind":
		return "chữ số loại đối tượng"
	case "sequence":
		return "số thứ tự"
	case "check digits":
		return "chữ số kiểm tra"
	case "instance":
		return "mã hệ thống (instance)"
	case "member class":
		return "lớp thành viên"
	case "member code":
		return "mã thành viên"
	case "subsystem code":
		return "mã hệ thống con"
	case "service code":
		return "mã dịch vụ"
	case "service version":
		return "phiên bản dịch vụ"
	}
	return part
}
