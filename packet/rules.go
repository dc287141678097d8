package packet

import (
	"bytes"
	"fmt"
	"strings"
)

// Layer is the validation layer that checks a rule.
type Layer string

// The layers, in the order they run (02-packets.md §2.8), and signatures.
const (
	LayerFormat    Layer = "format"    // well-formedness: one JSON value or XML document, limits
	LayerSchema    Layer = "schema"    // JSON Schema
	LayerSemantic  Layer = "semantic"  // what a schema cannot say
	LayerSignature Layer = "signature" // the signing package
)

// Rule is one rule of the catalogue (05-code-lists-and-rules.md §5.2). A
// published code keeps its meaning for ever.
type Rule struct {
	Code          string
	Severity      Severity
	Layer         Layer
	DescriptionVI string
	DescriptionEN string
}

// Rules returns the catalogue, in its published order. docs/rules.md is
// generated from it.
func Rules() []Rule {
	return []Rule{
		{"R-FMT-001", SeverityError, LayerFormat, "Không phải một giá trị JSON hoặc một tài liệu XML hợp lệ, hoặc không phải UTF-8", "not one well-formed JSON value or XML document, or not UTF-8"},
		{"R-FMT-002", SeverityError, LayerFormat, "Khóa bị lặp trong một đối tượng JSON", "duplicate key in a JSON object"},
		{"R-FMT-003", SeverityError, LayerFormat, "XML có DOCTYPE, khai báo thực thể hoặc chỉ thị xử lý khác khai báo XML", "XML DOCTYPE, entity declaration or processing instruction other than the XML declaration"},
		{"R-FMT-004", SeverityError, LayerFormat, "Vượt giới hạn kích thước, độ sâu, số phần tử hoặc độ dài chuỗi", "over a size, depth, element-count or string-length limit"},
		{"R-SCH-001", SeverityError, LayerSchema, "Vi phạm lược đồ JSON (nêu từ khóa và vị trí trong lược đồ)", "JSON Schema violation (the finding names the keyword and the schema location)"},
		{"R-HDR-001", SeverityError, LayerSemantic, "LoaiGoiTin không xác định, hoặc bản ghi khác loại với LoaiGoiTin", "unknown LoaiGoiTin, or records of another kind than it names"},
		{"R-HDR-002", SeverityError, LayerSemantic, "Phiên bản chính của PhienBan không được hỗ trợ", "unsupported major PhienBan"},
		{"R-HDR-003", SeverityError, LayerSemantic, "SoLuongBanGhi khác số bản ghi", "SoLuongBanGhi differs from the number of records"},
		{"R-HDR-004", SeverityError, LayerSemantic, "ThoiGianTao ở quá xa trong tương lai", "ThoiGianTao too far in the future"},
		{"R-HDR-005", SeverityError, LayerSemantic, "Thiếu MaGoiTinThamChieu trong gói PHANHOI", "MaGoiTinThamChieu missing on PHANHOI"},
		{"R-ID-001", SeverityError, LayerSemantic, "Mã định danh cơ quan sai cấu trúc", "agency code malformed"},
		{"R-ID-002", SeverityError, LayerSemantic, "Số định danh cá nhân sai cấu trúc (độ dài, chữ số, mã tỉnh nơi đăng ký khai sinh)", "personal ID malformed (length, digits, birthplace code)"},
		{"R-ID-003", SeverityError, LayerSemantic, "Chữ số thế kỷ và giới tính của số định danh không khớp GioiTinh hoặc thế kỷ của năm sinh", "personal ID's century/gender digit disagrees with GioiTinh or the birth year's century"},
		{"R-ID-004", SeverityError, LayerSemantic, "Hai chữ số năm sinh của số định danh không khớp năm sinh", "personal ID's year digits disagree with the birth year"},
		{"R-ID-005", SeverityError, LayerSemantic, "Mã định danh CBCCVC sai cấu trúc hoặc sai chữ số kiểm tra", "profile ID malformed"},
		{"R-ID-006", SeverityError, LayerSemantic, "Mã số BHXH sai cấu trúc", "social-insurance number malformed"},
		{"R-OWN-001", SeverityError, LayerSemantic, "MaDonViQuanLy không phải đơn vị gửi hoặc đơn vị trực thuộc", "MaDonViQuanLy is neither the sender nor a unit under it"},
		{"R-DUP-001", SeverityError, LayerSemantic, "Một số định danh xuất hiện hai lần trong một gói HOSO, hoặc một MaBienDong xuất hiện hai lần", "the same personal ID twice in one HOSO packet, or the same MaBienDong twice"},
		{"R-DATE-001", SeverityError, LayerSemantic, "Ngày ở tương lai (quá độ lệch đồng hồ cho phép)", "a date in the future (beyond the skew)"},
		{"R-DATE-002", SeverityError, LayerSemantic, "Tuyển dụng khi chưa đủ 18 tuổi", "recruited before the age of 18"},
		{"R-DATE-003", SeverityError, LayerSemantic, "Giai đoạn kết thúc trước khi bắt đầu", "a period ends before it starts"},
		{"R-DATE-004", SeverityWarning, LayerSemantic, "Các giai đoạn công tác chồng lấn nhau", "work-history periods overlap"},
		{"R-DATE-005", SeverityError, LayerSemantic, "NgayChinhThuc trước NgayVaoDang; sự kiện trước ngày sinh", "NgayChinhThuc before NgayVaoDang; an event before birth"},
		{"R-DATE-006", SeverityWarning, LayerSemantic, "Ngày sinh chỉ có năm hoặc năm và tháng (đề nghị bổ sung)", "birth date known only by year or year and month (complete it)"},
		{"R-CODE-001", SeverityError, LayerSemantic, "Giá trị không có trong danh mục (nêu tên và phiên bản danh mục)", "value not in its code list (the finding names the list and its version)"},
		{"R-CODE-002", SeverityWarning, LayerSemantic, "Mã ngạch đúng cấu trúc nhưng không có trong danh mục kèm theo", "rank code of valid shape but not in the embedded list"},
		{"R-LUONG-001", SeverityError, LayerSemantic, "BacLuong nằm ngoài các bậc của nhóm lương của ngạch", "BacLuong outside the steps of the rank's salary group"},
		{"R-LUONG-002", SeverityError, LayerSemantic, "HeSoLuong không phải hệ số của nhóm và bậc đó", "HeSoLuong is not the coefficient of that group and step"},
		{"R-TXT-001", SeverityWarning, LayerSemantic, "Văn bản chưa chuẩn hóa NFC, hoặc có khoảng trắng đầu, cuối hoặc kép (SDK có thể chuẩn hóa)", "text not NFC-normalised, or with leading, trailing or double spaces (the SDK can normalise)"},
		{"R-TXT-002", SeverityError, LayerSemantic, "Họ tên chứa chữ số hoặc ký tự điều khiển", "a name with digits or control characters"},
		{"R-BD-001", SeverityError, LayerSemantic, "ThayDoi trỏ tới trường không có trong HoSo", "ThayDoi points to a field that does not exist in HoSo"},
		{"R-BD-002", SeverityError, LayerSemantic, "GiaTriMoi không hợp lệ cho trường đó", "GiaTriMoi is not valid for that field"},
		{"R-BD-003", SeverityError, LayerSemantic, "GiaTriCu không phải giá trị hiện tại (xung đột), khi đã biết hồ sơ hiện tại", "GiaTriCu is not the current value (conflict), when the current profile is known"},
		{"R-SIG-001", SeverityError, LayerSignature, "Gói tin chưa ký trong khi bắt buộc phải ký", "unsigned packet where a signature is required"},
		{"R-SIG-002", SeverityError, LayerSignature, "Chữ ký không hợp lệ (nội dung bị thay đổi hoặc giá trị sai)", "signature does not verify (content changed or bad value)"},
		{"R-SIG-003", SeverityError, LayerSignature, "Chứng thư người ký không tin cậy, hết hạn, bị thu hồi hoặc dùng thuật toán yếu", "signer certificate not trusted, expired, revoked or of a weak algorithm"},
		{"R-SIG-004", SeverityError, LayerSignature, "Người ký không phải đơn vị gửi", "signer is not the sender"},
		{"R-SIG-005", SeverityError, LayerSignature, "Tấn công bao gói chữ ký XML (signature wrapping)", "XML signature wrapping"},
	}
}

// LookupRule returns the rule with the given code.
func LookupRule(code string) (Rule, bool) {
	for _, r := range Rules() {
		if r.Code == code {
			return r, true
		}
	}
	return Rule{}, false
}

// rulesMarkdown renders the catalogue as docs/rules.md.
func rulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Rule catalogue — danh mục quy tắc kiểm tra\n\n")
	b.WriteString("<!-- Generated from packet.Rules(); do not edit. Regenerate with:\n")
	b.WriteString("     go test ./packet -run TestRulesDoc -update-rules-doc -->\n\n")
	b.WriteString("Every finding (`ViPham`) names one of these rules. Codes are stable: once published, a code keeps its meaning.\n")
	b.WriteString("Severity `LOI` rejects the record; `CANH_BAO` keeps it with a warning.\n\n")
	b.WriteString("| Code | Severity | Layer | Mô tả | Description |\n|---|---|---|---|---|\n")
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Code, r.Severity, r.Layer, escapeCell(r.DescriptionVI), escapeCell(r.DescriptionEN))
	}
	return b.Bytes()
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
