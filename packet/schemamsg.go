package packet

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// A schema violation becomes a finding a clerk can act on: the field named
// in words, the value, what is wrong and what to write instead, in plain
// Vietnamese and English. The keyword and the schema location go at the end
// of the English message only; no regular expression is ever shown: a
// pattern is described by the name of the definition or member it belongs
// to (formatsVI).

// schemaFinding returns the R-SCH-001 finding of v, a violation at the
// JSON Pointer ptr of the packet.
func schemaFinding(ptr string, v schema.Violation) Finding {
	vi, en := schemaMessages(ptr, v)
	return Finding{Rule: RuleSchema, Severity: SeverityError, Pointer: ptr, MessageVI: vi,
		MessageEN: fmt.Sprintf("%s (schema keyword %q at %s)", en, v.Keyword, v.SchemaLocation)}
}

// schemaVersion returns the major format version of the schema a keyword
// location is in (urn:vn:gov:bnv:cbccvc:schema:2:hoso#/… is 2).
func schemaVersion(loc string) (int, bool) {
	for _, v := range versions {
		if strings.HasPrefix(loc, schema.IDPrefixOf(v.major)) {
			return v.major, true
		}
	}
	return 0, false
}

// schemaMessages says what v, a violation at ptr, means, in Vietnamese and
// in English, without the technical detail.
func schemaMessages(ptr string, v schema.Violation) (vi, en string) {
	s := subjectOf(ptr)
	switch k := v.Kind.(type) {
	case *kind.Required:
		return fmt.Sprintf("Thiếu thông tin bắt buộc: %s%s. Đề nghị bổ sung.", s.vi, s.ctx),
			s.en + " is required"
	case *kind.AdditionalProperties:
		if major, ok := schemaVersion(v.SchemaLocation); ok {
			if f := versionedField(ptr); f != nil && !f.in(major) {
				vio := notInVersion(ptr, f, major)
				return vio.MessageVI, strings.TrimPrefix(vio.MessageEN, `schema keyword "additionalProperties": `)
			}
		}
		if s.known {
			return fmt.Sprintf("%s không được ghi ở vị trí này%s. Đề nghị bỏ trường này hoặc chuyển về đúng vị trí.", s.cap(), s.ctx),
				s.en + " is not allowed here"
		}
		return fmt.Sprintf("%s không có trong định dạng gói tin%s. Đề nghị bỏ trường này hoặc sửa lại tên trường cho đúng (phân biệt chữ hoa, chữ thường).", s.cap(), s.ctx),
			s.en + " is not a member of the format here"
	case *kind.Type:
		return typeMessages(s, k)
	case *kind.MinLength:
		if k.Got == 0 {
			return fmt.Sprintf("%s%s đang để trống. Đề nghị ghi giá trị, hoặc bỏ hẳn trường này nếu không có thông tin và trường không bắt buộc.", s.cap(), s.ctx),
				s.en + " is empty"
		}
		return fmt.Sprintf("%s%s có %d ký tự, phải có ít nhất %d ký tự. Đề nghị bổ sung.", s.cap(), s.ctx, k.Got, k.Want),
			fmt.Sprintf("%s has %d characters, fewer than %d", s.en, k.Got, k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("%s%s dài %d ký tự, vượt quá %d ký tự cho phép. Đề nghị rút gọn.", s.cap(), s.ctx, k.Got, k.Want),
			fmt.Sprintf("%s has %d characters, more than %d", s.en, k.Got, k.Want)
	case *kind.Pattern:
		f := formatOf(v.SchemaLocation)
		return fmt.Sprintf("%s không đúng định dạng: %s.", s.with(quoteValue(k.Got)), f.vi),
			fmt.Sprintf("%s %s is not %s", s.en, quoteValue(k.Got), f.en)
	case *kind.Minimum:
		if k.Want.Sign() == 0 {
			return fmt.Sprintf("%s không được là số âm. Đề nghị sửa lại.", s.with(numberVI(k.Got))),
				fmt.Sprintf("%s %s is negative", s.en, ratString(k.Got))
		}
		return fmt.Sprintf("%s không đúng: phải từ %s trở lên. Đề nghị sửa lại.", s.with(numberVI(k.Got)), numberVI(k.Want)),
			fmt.Sprintf("%s %s is less than %s", s.en, ratString(k.Got), ratString(k.Want))
	case *kind.ExclusiveMinimum:
		if k.Want.Sign() == 0 && k.Got.Sign() == 0 {
			return fmt.Sprintf("%s không đúng: hệ số 0 là không có hệ số. Đề nghị ghi hệ số đúng, hoặc bỏ trường này nếu không có.", s.with(numberVI(k.Got))),
				fmt.Sprintf("%s %s is not above 0: a coefficient of 0 is none, leave the member out", s.en, ratString(k.Got))
		}
		if k.Want.Sign() == 0 {
			return fmt.Sprintf("%s không được là số âm. Đề nghị sửa lại.", s.with(numberVI(k.Got))),
				fmt.Sprintf("%s %s is negative", s.en, ratString(k.Got))
		}
		return fmt.Sprintf("%s không đúng: phải lớn hơn %s. Đề nghị sửa lại.", s.with(numberVI(k.Got)), numberVI(k.Want)),
			fmt.Sprintf("%s %s is not more than %s", s.en, ratString(k.Got), ratString(k.Want))
	case *kind.Maximum:
		return fmt.Sprintf("%s không đúng: không được lớn hơn %s. Đề nghị sửa lại.", s.with(numberVI(k.Got)), numberVI(k.Want)),
			fmt.Sprintf("%s %s is more than %s", s.en, ratString(k.Got), ratString(k.Want))
	case *kind.Enum:
		want := valuesString(k.Want)
		return fmt.Sprintf("%s không thuộc các giá trị được phép. Đề nghị ghi một trong các giá trị: %s.", s.with(valueString(k.Got)), want),
			fmt.Sprintf("%s %s is not one of %s", s.en, valueString(k.Got), want)
	case *kind.Const:
		return fmt.Sprintf("%s không đúng. Đề nghị ghi %s.", s.with(valueString(k.Got)), valueString(k.Want)),
			fmt.Sprintf("%s %s is not %s", s.en, valueString(k.Got), valueString(k.Want))
	case *kind.MinItems:
		if k.Want == 1 {
			return fmt.Sprintf("%s%s không có mục nào, phải có ít nhất một mục. Đề nghị bổ sung.", s.cap(), s.ctx),
				s.en + " is empty: it must have at least one item"
		}
		return fmt.Sprintf("%s%s có %d mục, phải có ít nhất %d mục. Đề nghị bổ sung.", s.cap(), s.ctx, k.Got, k.Want),
			fmt.Sprintf("%s has %d items, fewer than %d", s.en, k.Got, k.Want)
	case *kind.Not:
		return fmt.Sprintf("%s%s có giá trị không được phép ở vị trí này. Đề nghị sửa lại.", s.cap(), s.ctx),
			s.en + " has a value not allowed here"
	case *kind.FalseSchema:
		return fmt.Sprintf("%s không được ghi ở vị trí này%s. Đề nghị bỏ đi.", s.cap(), s.ctx),
			s.en + " is not allowed here"
	}
	return fmt.Sprintf("%s%s không đúng định dạng gói tin. Đề nghị đối chiếu tài liệu mô tả định dạng gói tin.", s.cap(), s.ctx),
		s.en + " does not have the form of the format"
}

// typeMessages is the message of a value of the wrong JSON type.
func typeMessages(s subject, k *kind.Type) (vi, en string) {
	want := make([]string, len(k.Want))
	for i, t := range k.Want {
		want[i] = typeVI(t)
	}
	action := "Đề nghị sửa lại."
	if k.Got == "string" && (k.Want[0] == "integer" || k.Want[0] == "number") {
		action = "Đề nghị ghi số, không đặt trong dấu ngoặc kép."
	}
	return fmt.Sprintf("%s%s phải là %s, không phải %s. %s", s.cap(), s.ctx, strings.Join(want, " hoặc "), typeVI(k.Got), action),
		fmt.Sprintf("%s is a JSON %s, want %s", s.en, k.Got, strings.Join(k.Want, " or "))
}

// typeVI names a JSON type in words.
func typeVI(t string) string {
	switch t {
	case "string":
		return "chuỗi ký tự"
	case "integer":
		return "số nguyên"
	case "number":
		return "số"
	case "object":
		return "một nhóm thông tin"
	case "array":
		return "một danh sách"
	case "boolean":
		return "giá trị đúng hoặc sai"
	case "null":
		return "giá trị rỗng"
	}
	return "giá trị khác"
}

// subject is the value a message is about: in Vietnamese, the field in words
// with its wire name (vi), where it is (ctx, «của quá trình công tác thứ
// 1»); in English, its wire name.
type subject struct {
	vi, ctx, en string
	known       bool // the name is a member of the format
}

// cap returns vi with its first letter upper case, to start a sentence.
func (s subject) cap() string {
	r, n := utf8.DecodeRuneInString(s.vi)
	return string(unicode.ToUpper(r)) + s.vi[n:]
}

// with returns the start of a sentence about the value v of s: «Ngày sinh
// (NgaySinh) "12/07/1996"», or with where it is, «Bậc lương (BacLuong) của
// quá trình lương thứ 2 là 0,».
func (s subject) with(v string) string {
	if s.ctx == "" {
		return s.cap() + " " + v
	}
	return s.cap() + s.ctx + " là " + v + ","
}

// subjectOf describes the value at the JSON Pointer ptr of a packet.
func subjectOf(ptr string) subject {
	segs := pointerSegments(ptr)
	if len(segs) == 0 {
		return subject{vi: "gói tin", en: "the packet", known: true}
	}
	last := len(segs) - 1
	if n, ok := itemNumber(segs[last]); ok && last > 0 {
		s := subject{vi: itemVI(segs[last-1], n), en: fmt.Sprintf("item %d of %s", n, clip.String(segs[last-1])), known: true}
		s.ctx = contextVI(segs[:last-1])
		return s
	}
	name := segs[last]
	s := subject{en: clip.String(name), ctx: contextVI(segs[:last])}
	if l := labelVI(name); l != "" {
		s.vi, s.known = l+" ("+name+")", true
	} else {
		s.vi = "trường " + quoteValue(name)
	}
	return s
}

// contextVI says where the value whose parents are segs is, by its nearest
// parent: «của quá trình công tác thứ 1», «của nơi sinh»; nothing for a
// member of the header or of a record itself.
func contextVI(segs []string) string {
	last := len(segs) - 1
	if last < 0 || (last == 0 && segs[0] == "ThongTinGoiTin") {
		return ""
	}
	if n, ok := itemNumber(segs[last]); ok && last > 0 {
		if segs[last-1] == "DuLieu" {
			return ""
		}
		return " của " + itemVI(segs[last-1], n)
	}
	if l := labelVI(segs[last]); l != "" {
		return " của " + l
	}
	return ""
}

// itemVI names the n-th item (from 1) of the array member array.
func itemVI(array string, n int) string {
	if array == "DuLieu" {
		return "bản ghi thứ " + strconv.Itoa(n)
	}
	l := labelVI(array)
	if l == "" {
		l = "mục"
	}
	return l + " thứ " + strconv.Itoa(n)
}

// itemNumber returns the number, from 1, of the array item named by the
// pointer segment seg.
func itemNumber(seg string) (int, bool) {
	if !isIndex(seg) {
		return 0, false
	}
	n, err := strconv.Atoi(seg)
	return n + 1, err == nil
}

func pointerSegments(ptr string) []string {
	if ptr == "" {
		return nil
	}
	segs := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return segs
}

// format describes, in words, the form a pattern of the schemas asks for.
type format struct{ vi, en string }

// formatsVI describes every pattern of the schemas, by the name of the
// definition ($defs) or of the member it belongs to. The tests check that
// every pattern of the embedded schemas has an entry.
var formatsVI = map[string]format{
	"date": {"ghi năm-tháng-ngày, ví dụ 1996-07-12",
		"a date YYYY-MM-DD, e.g. 1996-07-12"},
	"partialDate": {"ghi năm-tháng-ngày, ví dụ 1996-07-12 (hoặc 1996, 1996-07 nếu chỉ biết năm, tháng)",
		"a date YYYY-MM-DD, or YYYY-MM or YYYY when only the year or month is known, e.g. 1996-07-12"},
	"dateTime": {"ghi ngày, giờ kèm múi giờ, ví dụ 2026-03-01T08:30:00+07:00",
		"an RFC 3339 date-time with a UTC offset, e.g. 2026-03-01T08:30:00+07:00"},
	"uuid": {"ghi mã UUID phiên bản 4 hoặc 7 bằng chữ thường, ví dụ 01a215cb-af80-716b-be82-9fd91e1be9cd",
		"a lower-case UUID of version 4 or 7, e.g. 01a215cb-af80-716b-be82-9fd91e1be9cd"},
	"countryCode": {"ghi mã quốc gia gồm 2 chữ cái in hoa, ví dụ VN",
		"an ISO 3166-1 alpha-2 country code in upper case, e.g. VN"},
	"fieldPointer": {"ghi đường dẫn tới một trường của hồ sơ, bắt đầu bằng dấu /, ví dụ /Ngach/HeSoLuong",
		"a JSON Pointer to a field of HoSo, e.g. /Ngach/HeSoLuong"},
	"PhienBan": {"ghi số phiên bản dạng số chính.số phụ, ví dụ 1.0",
		"a version major.minor, e.g. 1.0"},
	"SoCMND": {"ghi đúng 9 chữ số của giấy chứng minh nhân dân",
		"an old identity-card number of 9 digits"},
	"SoDienThoai": {"ghi từ 6 đến 15 chữ số, có thể có dấu + ở đầu, không có dấu cách, ví dụ +84912345678",
		"a telephone number of 6 to 15 digits with an optional leading +, e.g. +84912345678"},
	"Email": {"ghi địa chỉ thư điện tử đầy đủ, ví dụ nguyenvana@sonv.hanoi.gov.vn",
		"an e-mail address, e.g. nguyenvana@sonv.hanoi.gov.vn"},
	"GiaoDucPhoThong": {"ghi dạng lớp/hệ, ví dụ 12/12",
		"grade/system, e.g. 12/12"},
	"GiaiDoan": {"ghi năm đầu-năm cuối của giai đoạn, ví dụ 2026-2031",
		"a period first year-last year, e.g. 2026-2031"},
	"MaLoi": {"ghi mã quy tắc dạng R-NHÓM-ba chữ số, ví dụ R-ID-003",
		"a rule code R-GROUP-NNN, e.g. R-ID-003"},
	"DuongDan": {"ghi đường dẫn bắt đầu bằng dấu /, ví dụ /DuLieu/0/NgaySinh",
		"a JSON Pointer, e.g. /DuLieu/0/NgaySinh"},
}

// formatOf returns the description of the pattern at the schema location
// loc (…#/$defs/partialDate/pattern, …#/properties/SoCMND/pattern).
func formatOf(loc string) format {
	_, frag, _ := strings.Cut(loc, "#")
	if f, ok := formatsVI[formatName(frag)]; ok {
		return f
	}
	return format{"không đúng với định dạng quy định cho trường này. Đề nghị đối chiếu tài liệu mô tả định dạng gói tin",
		"in the form the format asks for"}
}

// formatName returns the name of the definition or member whose pattern the
// schema location fragment frag is.
func formatName(frag string) string {
	segs := strings.Split(strings.TrimSuffix(frag, "/pattern"), "/")
	if len(segs) < 2 {
		return ""
	}
	return segs[len(segs)-1]
}

// quoteValue quotes a string value for a message, cut to a short prefix so
// that a hostile value is never echoed whole.
func quoteValue(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		r := []rune(s)
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// valueString writes a JSON value of an instance or a schema.
func valueString(v any) string {
	switch v := v.(type) {
	case string:
		return quoteValue(v)
	case nil:
		return "null"
	}
	s := fmt.Sprint(v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// valuesString lists the values of an enum.
func valuesString(vs []any) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = valueString(v)
	}
	return strings.Join(out, ", ")
}

// ratString writes r in decimal, with no more digits than it needs.
func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return cutNumber(r.Num().String())
	}
	s := strings.TrimRight(r.FloatString(20), "0")
	return cutNumber(s)
}

// numberVI writes r with a decimal comma.
func numberVI(r *big.Rat) string { return msg.Number(ratString(r)) }

// cutNumber keeps a number of a message short.
func cutNumber(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// ptrProfileID is the pointer of a profile's national ID
// (MaDinhDanhCBCCVC) inside its record.
var ptrProfileID = "/" + wireName[Profile]("ProfileID")

// sharedWithoutID is the finding of a CHIASE_HOSO profile without its
// national ID, at ptr: a requirement of the packet kind, checked in Go.
func sharedWithoutID(ptr string) Finding {
	s := subjectOf(ptr)
	return Finding{Rule: RuleSchema, Severity: SeverityError, Pointer: ptr,
		MessageVI: fmt.Sprintf("Thiếu thông tin bắt buộc: %s. Hồ sơ trong gói tin chia sẻ hồ sơ (CHIASE_HOSO) phải có mã này. Đề nghị bổ sung.", s.vi),
		MessageEN: fmt.Sprintf(`%s is required in a CHIASE_HOSO profile (schema keyword "required", checked by the packet kind)`, s.en)}
}
