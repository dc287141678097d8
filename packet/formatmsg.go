package packet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The findings of the format layer (R-FMT-…, and the XML shapes the schema
// layer reports while reading) said in words a clerk or an agency's IT staff
// can act on: where in the packet, what is wrong, what to do. The English
// detail of the readers (the byte offset, the token found) stays in the
// English message.

// recordPlaceVI names the part of the packet the JSON Pointer ptr is in:
// «bản ghi thứ 2», «phần thông tin chung của gói tin»; "" for the packet.
func recordPlaceVI(segs []string) string {
	if len(segs) == 0 {
		return ""
	}
	switch segs[0] {
	case "DuLieu":
		if len(segs) > 1 {
			if n, ok := itemNumber(segs[1]); ok {
				return "bản ghi thứ " + strconv.Itoa(n)
			}
		}
		return labelVI("DuLieu")
	case "ThongTinGoiTin":
		return labelVI("ThongTinGoiTin")
	}
	return ""
}

// placeVI says where in the packet the value at ptr is, to follow a
// sentence's subject: « (tại họ và tên (HoVaTen) của bản ghi thứ 1)».
// Deep pointers are named by their record only.
func placeVI(ptr string) string {
	segs := pointerSegments(ptr)
	rec := recordPlaceVI(segs)
	switch {
	case len(segs) == 0:
		return ""
	case len(segs) == 2 && segs[0] == "ThongTinGoiTin":
		return " (tại " + subjectOf(ptr).vi + " của " + rec + ")"
	case len(segs) <= 2 || len(segs) > 5:
		if rec == "" {
			return " (tại " + subjectOf(ptr).vi + ")"
		}
		return " (tại " + rec + ")"
	}
	s := subjectOf(ptr)
	return " (tại " + s.vi + s.ctx + " của " + rec + ")"
}

// memberVI names the member at ptr as the subject of a sentence, with the
// record it is in: «Họ và tên (HoVaTen) của bản ghi thứ 1».
func memberVI(ptr string) string {
	segs := pointerSegments(ptr)
	s := subjectOf(ptr)
	out := s.cap() + s.ctx
	if len(segs) > 2 {
		out += " của " + recordPlaceVI(segs)
	}
	return out
}

// duplicateVI is the message of a member written twice in one object, at
// ptr (R-FMT-002), in JSON and in XML.
func duplicateVI(ptr string) string {
	return memberVI(ptr) + " được ghi hai lần trong cùng một nhóm thông tin: mỗi trường chỉ được ghi một lần. " +
		"Đề nghị bỏ lần ghi thừa, giữ giá trị đúng."
}

// syntaxVI is the message of a packet that is not well-formed (R-FMT-001):
// detail is the reader's English, which tells a cut file and bytes that
// are not UTF-8 from any other mistake.
func syntaxVI(format Format, ptr, detail string) string {
	place := placeVI(ptr)
	switch {
	case strings.Contains(detail, "UTF-8"):
		return "Gói tin có ký tự không phải UTF-8" + place + ". Đề nghị lưu lại tệp ở dạng UTF-8 rồi kiểm tra lại."
	case strings.Contains(detail, "end of input"), strings.Contains(detail, "unexpected EOF"), strings.Contains(detail, "end of the XML"):
		return "Gói tin bị cắt cụt, dữ liệu kết thúc đột ngột" + place + ". Đề nghị xuất lại hoặc sao chép lại tệp đầy đủ."
	}
	if format == FormatXML {
		return "Gói tin không phải tài liệu XML hợp lệ" + place + ". Đề nghị xuất lại tệp từ phần mềm quản lý hồ sơ CBCCVC, " +
			"hoặc kiểm tra các thẻ mở, thẻ đóng nếu đã sửa tệp bằng tay."
	}
	return "Gói tin không phải JSON hợp lệ" + place + ". Đề nghị xuất lại tệp từ phần mềm quản lý hồ sơ CBCCVC, " +
		"hoặc kiểm tra dấu ngoặc, dấu phẩy, dấu ngoặc kép nếu đã sửa tệp bằng tay."
}

// lastNumber finds the limit in a reader's English message ("… the limit
// of 32").
var lastNumber = regexp.MustCompile(`\d+`)

// limitVI is the message of a packet over a limit of the reader
// (R-FMT-004), from the reader's English message.
func limitVI(ptr, detail string) string {
	n := ""
	if all := lastNumber.FindAllString(detail, -1); len(all) > 0 {
		n = all[len(all)-1]
	}
	place := placeVI(ptr)
	switch {
	case strings.Contains(detail, "input larger"):
		return "Gói tin lớn hơn giới hạn " + n + " byte. Đề nghị chia dữ liệu thành nhiều gói tin nhỏ hơn."
	case strings.Contains(detail, "records"):
		return "Gói tin có nhiều hơn " + n + " bản ghi, quá giới hạn cho phép. Đề nghị chia dữ liệu thành nhiều gói tin nhỏ hơn."
	case strings.Contains(detail, "elements nested"), strings.Contains(detail, "nesting"):
		return "Dữ liệu lồng nhau quá " + n + " cấp" + place + ", gói tin đúng định dạng không lồng sâu như vậy. Đề nghị kiểm tra lại cấu trúc tệp."
	case strings.Contains(detail, "elements"):
		return "Gói tin có nhiều hơn " + n + " phần tử XML, quá giới hạn cho phép. Đề nghị chia dữ liệu thành nhiều gói tin nhỏ hơn."
	case strings.Contains(detail, "number"):
		return "Có số dài quá giới hạn " + n + " byte" + place + ". Đề nghị kiểm tra lại giá trị số này."
	}
	return "Có chuỗi ký tự dài quá giới hạn " + n + " byte" + place + ". Đề nghị rút gọn hoặc kiểm tra lại giá trị này."
}

// directiveVI is the message of an XML DOCTYPE, entity declaration or
// processing instruction (R-FMT-003); target is the instruction's, "" for
// a declaration.
func directiveVI(target string) string {
	const action = " Đề nghị bỏ đi: gói tin chỉ được có khai báo XML ở dòng đầu tiên."
	if target == "" {
		return "Gói tin XML có khai báo DOCTYPE hoặc khai báo thực thể, là nội dung không được dùng trong gói tin vì lý do an toàn." + action
	}
	return fmt.Sprintf("Gói tin XML có chỉ thị xử lý <?%s?>, là nội dung không được dùng trong gói tin.", target) + action
}

// textValueVI is the message of an element inside a member that holds
// text.
func textValueVI(ptr, name string) string {
	return fmt.Sprintf("%s chỉ chứa văn bản, nhưng có phần tử con tên (%s). Đề nghị bỏ phần tử con này.", memberVI(ptr), name)
}

// strayTextVI is the message of text between the elements of a member
// that holds elements.
func strayTextVI(ptr string) string {
	return memberVI(ptr) + " có văn bản xen giữa các phần tử con. Đề nghị bỏ phần văn bản này."
}

// wrongItemVI is the message of an element of a list that is not the
// list's item element.
func wrongItemVI(ptr, name, item string) string {
	segs := pointerSegments(ptr)
	list := segs[:max(0, len(segs)-1)]
	return fmt.Sprintf("%s có phần tử tên (%s), trong khi mỗi mục phải là phần tử tên (%s). Đề nghị đổi tên phần tử cho đúng.",
		memberVI("/"+strings.Join(list, "/")), name, item)
}

// afterRootVI is the message of content after the root element of an XML
// packet.
const afterRootVI = "Có nội dung sau phần tử gói tin (GoiTin), trong khi tài liệu XML chỉ có một phần tử gốc. Đề nghị bỏ phần nội dung thừa ở cuối tệp."

// unknownRecordVI is the message of a record, the index-th (from 0), of no
// kind the format has.
func unknownRecordVI(index int) string {
	return fmt.Sprintf("Bản ghi thứ %d không thuộc loại bản ghi nào của định dạng gói tin. Đề nghị đối chiếu loại gói tin (LoaiGoiTin) và lập lại bản ghi.", index+1)
}
