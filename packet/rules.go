package packet

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
)

// Layer is the validation layer that checks a rule (docs/guide/en/04-validation.md#three-layers-then-the-signature).
// Its values are the Vietnamese names that go into reports.
type Layer string

// The layers, in the order they run, and the signature check.
const (
	LayerFormat    Layer = "dinh-dang" // well-formedness: one JSON value or XML document, limits
	LayerSchema    Layer = "luoc-do"   // the embedded JSON Schemas
	LayerSemantic  Layer = "ngu-nghia" // what a schema cannot say
	LayerSignature Layer = "chu-ky"    // the signature, checked by the signing code
)

// The codes of the rule catalogue (docs/rules.md). Code
// that reports a finding names its rule with one of these, never with a
// literal.
const (
	RuleFormatSyntax       = "R-FMT-001" // not one well-formed JSON value or XML document, or not UTF-8
	RuleFormatDuplicateKey = "R-FMT-002" // duplicate key in a JSON object, or element twice in an XML one
	RuleFormatXMLDirective = "R-FMT-003" // XML DOCTYPE, entity declaration or processing instruction
	RuleFormatLimit        = "R-FMT-004" // over a size, depth, count or length limit
	RuleSchema             = "R-SCH-001" // JSON Schema violation
	RuleValue              = "R-SCH-002" // a value of the right shape that its type does not hold

	RuleHeaderKind        = "R-HDR-001" // unknown LoaiGoiTin, or records of another kind
	RuleHeaderVersion     = "R-HDR-002" // unsupported major PhienBan
	RuleHeaderRecordCount = "R-HDR-003" // SoLuongBanGhi differs from the number of records
	RuleHeaderFuture      = "R-HDR-004" // ThoiGianTao too far in the future
	RuleHeaderReplyTo     = "R-HDR-005" // MaGoiTinThamChieu missing on PHANHOI
	RuleHeaderSuperseded  = "R-HDR-006" // a format version a newer one has replaced (warning)

	RuleAgencyCode       = "R-ID-001" // agency code malformed
	RulePersonalID       = "R-ID-002" // personal ID malformed
	RulePersonalIDGender = "R-ID-003" // personal ID's century/gender digit disagrees
	RulePersonalIDYear   = "R-ID-004" // personal ID's year digits disagree
	RuleProfileID        = "R-ID-005" // profile ID malformed
	RuleSocialInsurance  = "R-ID-006" // social-insurance number malformed
	// RulePersonalIDBirthplace: digits 1-3 of a personal ID are no province
	// code and no country list says more: they may name the country where
	// the birth was registered abroad (warning; docs/guide/en/02-identifiers.md#personal-id--số-định-danh-cá-nhân).
	RulePersonalIDBirthplace = "R-ID-007"

	RuleOwner     = "R-OWN-001" // MaDonViQuanLy outside the owning agency
	RuleDuplicate = "R-DUP-001" // the same personal ID or MaBienDong twice in a packet

	RuleDateFuture       = "R-DATE-001" // a date of a past fact in the future
	RuleDateUnderage     = "R-DATE-002" // recruited before the age of 18
	RuleDatePeriod       = "R-DATE-003" // a period ends before it starts
	RuleDateOverlap      = "R-DATE-004" // work-history periods overlap (warning)
	RuleDateOrder        = "R-DATE-005" // NgayChinhThuc before NgayVaoDang; an event before birth
	RuleDatePartialBirth = "R-DATE-006" // birth date without day or month (warning)
	RuleDateService      = "R-DATE-007" // a fact of service before recruitment or after the end of service

	// The plausibility rules of the ten data groups of format 2.0.
	RuleHealthRange     = "R-SK-001"   // height or weight outside a plausible range
	RuleAllowanceAmount = "R-PC-001"   // an allowance both, or neither, a coefficient and a percentage
	RuleSecondment      = "R-DC-001"   // two secondments at once
	RuleGradeYear       = "R-DG-001"   // a year graded twice
	RulePersonKind      = "R-KIND-001" // an appointment form the person's kind does not allow

	RuleCode          = "R-CODE-001"  // value not in its code list
	RuleRankUnknown   = "R-CODE-002"  // rank code of valid shape but not in the list (warning)
	RuleSalaryStep    = "R-LUONG-001" // BacLuong outside the steps of the salary group
	RuleSalaryCoeff   = "R-LUONG-002" // HeSoLuong not the coefficient of the group and step
	RuleTextNormal    = "R-TXT-001"   // text not NFC or with stray spaces (warning)
	RuleNameCharacter = "R-TXT-002"   // a name with digits or control characters

	RuleChangeField      = "R-BD-001" // ThayDoi points to no field of HoSo
	RuleChangeValue      = "R-BD-002" // GiaTriMoi not valid for the field
	RuleChangeConflict   = "R-BD-003" // GiaTriCu is not the current value
	RuleChangeLate       = "R-BD-004" // reported more than 3 working days after the change arose (warning)
	RuleChangeKindMember = "R-BD-005" // a change of a 2.0 kind changes what its kind does not, or not what it is about
	RuleChangeKindItem   = "R-BD-006" // the item a change of a 2.0 kind adds disagrees with the change

	RuleSignatureMissing     = "R-SIG-001" // unsigned where a signature is required
	RuleSignatureInvalid     = "R-SIG-002" // signature does not verify
	RuleSignatureCertificate = "R-SIG-003" // signer certificate not acceptable
	RuleSignatureSigner      = "R-SIG-004" // signer is not the sender
	RuleSignatureWrapping    = "R-SIG-005" // XML signature wrapping
)

// Rule is one rule of the catalogue (docs/rules.md). A
// published code keeps its meaning for ever.
type Rule struct {
	Code          string   // e.g. "R-ID-003"
	Severity      Severity // SeverityError or SeverityWarning
	Layer         Layer    // the layer that checks it
	DescriptionVI string
	DescriptionEN string
}

// catalogue is the single source of the rules: Rules, LookupRule, the
// severities of findings and docs/rules.md all come from it. Where a rule
// applies to a fixed set of fields, its description lists them, so that the
// published table says exactly what is checked.
var catalogue = [...]Rule{
	{RuleFormatSyntax, SeverityError, LayerFormat,
		"Không phải một giá trị JSON hoặc một tài liệu XML hợp lệ, hoặc không phải UTF-8",
		"Not one well-formed JSON value or XML document, or not UTF-8"},
	{RuleFormatDuplicateKey, SeverityError, LayerFormat,
		"Khóa bị lặp trong một đối tượng JSON, hoặc phần tử con bị lặp trong một phần tử XML",
		"Duplicate key in a JSON object, or the same child element twice in an XML element that stands for an object"},
	{RuleFormatXMLDirective, SeverityError, LayerFormat,
		"XML có DOCTYPE, khai báo thực thể hoặc chỉ thị xử lý khác khai báo XML",
		"XML DOCTYPE, entity declaration or processing instruction other than the XML declaration"},
	{RuleFormatLimit, SeverityError, LayerFormat,
		"Vượt giới hạn kích thước, độ sâu, số phần tử hoặc độ dài chuỗi",
		"Over a size, depth, element-count or string-length limit"},
	{RuleSchema, SeverityError, LayerSchema,
		"Vi phạm lược đồ JSON của phiên bản định dạng mà gói tin ghi (nêu từ khóa và vị trí trong lược đồ), kể cả trường mà phiên bản đó không có (MaDinhDanhCBCCVC trong gói tin 2.0)",
		"JSON Schema violation against the schemas of the packet's format version (the finding names the keyword and the schema location), a member that version does not have included (MaDinhDanhCBCCVC in a 2.0 packet)"},
	{RuleValue, SeverityError, LayerSchema,
		"Giá trị đúng dạng nhưng không phải giá trị của kiểu dữ liệu, nên không thể chuyển nguyên vẹn giữa JSON, XML và dạng chuẩn hóa dùng để ký số: " +
			"ngày không có thật (31/02), thời điểm không có thật hoặc không viết ở dạng ngắn nhất (phần giây lẻ có số 0 ở cuối, quá 9 chữ số, +00:00 thay cho Z), " +
			"số nguyên có trị tuyệt đối lớn hơn 2^53, hệ số có quá 2 chữ số thập phân hoặc từ 10^13 trở lên, số mà dạng chuẩn hóa RFC 8785 làm đổi giá trị, giá trị null trong GiaTriCu, GiaTriMoi, GiaTriNguon, GiaTriGoc, " +
			"ký tự mà XML 1.0 không chứa được (ký tự điều khiển khác tab, xuống dòng; U+FFFE, U+FFFF), thời điểm bắt buộc bằng 0001-01-01T00:00:00Z (được hiểu là không có)",
		"A value of the right shape that is no value of its type, so that it cannot be carried whole between JSON, XML and the canonical form signatures cover: " +
			"a date that does not exist (31 February), a date-time that does not exist or is not in its shortest spelling (trailing zeros in the fraction, more than 9 fraction digits, +00:00 for Z), " +
			"an integer beyond 2^53 in absolute value, a coefficient with more than 2 decimals or from 10^13 on, a number RFC 8785 would write as another value, null in GiaTriCu, GiaTriMoi, GiaTriNguon, GiaTriGoc, " +
			"a character XML 1.0 cannot carry (a control character other than tab, line feed and carriage return; U+FFFE, U+FFFF), a required date-time of 0001-01-01T00:00:00Z (read as absent)"},
	{RuleHeaderKind, SeverityError, LayerSemantic,
		"LoaiGoiTin không phải HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO hay PHANHOI, hoặc bản ghi khác loại với LoaiGoiTin",
		"LoaiGoiTin is not HOSO, BIENDONG, DOIKHOP, CHIASE_HOSO or PHANHOI, or records of another kind than it names"},
	{RuleHeaderVersion, SeverityError, LayerSemantic,
		"Phiên bản chính của PhienBan không được hỗ trợ (SDK đọc 1.x và 2.x, lập gói tin 2.0), hoặc, với gói tin XML, khác với phiên bản của không gian tên",
		"Unsupported major PhienBan (the SDK reads 1.x and 2.x, and writes 2.0), or, in an XML packet, not the version of the namespace"},
	{RuleHeaderRecordCount, SeverityError, LayerSemantic,
		"SoLuongBanGhi khác số bản ghi trong DuLieu; DuLieu rỗng trong gói không phải PHANHOI",
		"SoLuongBanGhi differs from the number of records in DuLieu; DuLieu empty in a packet other than PHANHOI"},
	{RuleHeaderFuture, SeverityError, LayerSemantic,
		"ThoiGianTao ở tương lai, quá độ lệch đồng hồ cho phép (mặc định 5 phút)",
		"ThoiGianTao in the future beyond the allowed clock skew (5 minutes by default)"},
	{RuleHeaderReplyTo, SeverityError, LayerSemantic,
		"Thiếu MaGoiTinThamChieu trong gói PHANHOI",
		"MaGoiTinThamChieu missing on PHANHOI"},
	{RuleHeaderSuperseded, SeverityWarning, LayerSemantic,
		"Gói tin theo định dạng phiên bản 1.0, đã được thay bằng phiên bản 2.0 từ ngày 01/07/2026 (Nghị định số 27/2026/NĐ-CP); gói tin vẫn được đọc, kiểm tra theo quy tắc của phiên bản 1.0 và vẫn hợp lệ (mỗi gói tin một cảnh báo)",
		"A packet of format 1.0, which format 2.0 replaced on 1 July 2026 (Decree 27/2026/NĐ-CP); it is still read, checked under 1.0's rules, and valid (one warning per packet)"},
	{RuleAgencyCode, SeverityError, LayerSemantic,
		"Mã định danh điện tử của cơ quan, tổ chức sai cấu trúc",
		"Agency code malformed"},
	{RulePersonalID, SeverityError, LayerSemantic,
		"Số định danh cá nhân sai cấu trúc (độ dài, chữ số), hoặc chữ số thứ 1-3 không phải mã tỉnh (TinhTruoc2025) " +
			"mà cũng không có trong danh mục mã quốc gia nơi đăng ký khai sinh (QuocGiaKhaiSinh), khi danh mục này được nạp (SDK không kèm theo)",
		"Personal ID malformed (length, digits), or digits 1-3 neither a province code (TinhTruoc2025) " +
			"nor, when a list of the countries where a birth is registered (QuocGiaKhaiSinh) is loaded, a code of it (the SDK embeds none)"},
	{RulePersonalIDGender, SeverityError, LayerSemantic,
		"Chữ số thế kỷ và giới tính (chữ số thứ 4) của số định danh không khớp GioiTinh hoặc thế kỷ của năm sinh",
		"The personal ID's century/gender digit (digit 4) disagrees with GioiTinh or the birth year's century"},
	{RulePersonalIDYear, SeverityError, LayerSemantic,
		"Hai chữ số năm sinh (chữ số thứ 5-6) của số định danh không khớp năm sinh",
		"The personal ID's year digits (digits 5-6) disagree with the birth year"},
	{RuleProfileID, SeverityError, LayerSemantic,
		"Mã định danh CBCCVC (MaDinhDanhCBCCVC, chỉ có ở định dạng 1.0) sai cấu trúc hoặc sai chữ số kiểm tra",
		"National profile ID (MaDinhDanhCBCCVC, format 1.0 only) malformed or with wrong check digits"},
	{RuleSocialInsurance, SeverityError, LayerSemantic,
		"Mã số BHXH sai cấu trúc",
		"Social-insurance number malformed"},
	{RulePersonalIDBirthplace, SeverityWarning, LayerSemantic,
		"Chữ số thứ 1-3 của số định danh cá nhân không phải mã tỉnh (TinhTruoc2025) và không có danh mục mã quốc gia (QuocGiaKhaiSinh) để đối chiếu: " +
			"theo Nghị định số 137/2015/NĐ-CP, Luật Căn cước số 26/2023/QH15 và Nghị định số 70/2024/NĐ-CP, đó là mã tỉnh hoặc mã quốc gia nơi đăng ký khai sinh, " +
			"nên có thể là mã quốc gia của người đăng ký khai sinh ở nước ngoài, hoặc là mã tỉnh ghi sai (SoDinhDanh của HoSo, BienDong, KetQuaDoiKhop)",
		"Digits 1-3 of a personal ID are no province code (TinhTruoc2025) and no country list (QuocGiaKhaiSinh) is loaded to judge them: " +
			"under Decree 137/2015/NĐ-CP, the Law on Identification 26/2023/QH15 and Decree 70/2024/NĐ-CP they are the code of the province or the country where the birth was registered, " +
			"so they may be a country's code for a birth registered abroad, or a mistyped province code (SoDinhDanh of HoSo, BienDong, KetQuaDoiKhop)"},
	{RuleOwner, SeverityError, LayerSemantic,
		"Cơ quan quản lý (MaDonViQuanLy) không phải cơ quan mà gói tin thuộc về hoặc cơ quan, đơn vị trực thuộc cơ quan đó: cơ quan gửi của gói HOSO, cơ quan nhận của gói CHIASE_HOSO",
		"MaDonViQuanLy is neither the agency the packet belongs to nor a unit under it: the sender of HOSO, the receiver of CHIASE_HOSO"},
	{RuleDuplicate, SeverityError, LayerSemantic,
		"Một SoDinhDanh xuất hiện hai lần trong một gói HOSO hoặc CHIASE_HOSO, hoặc một MaBienDong xuất hiện hai lần trong một gói BIENDONG (báo ở lần thứ hai)",
		"The same SoDinhDanh twice in one HOSO or CHIASE_HOSO packet, or the same MaBienDong twice in one BIENDONG packet (reported on the second)"},
	{RuleDateFuture, SeverityError, LayerSemantic,
		"Ngày của một sự việc đã xảy ra ở tương lai, quá độ lệch đồng hồ cho phép, theo múi giờ bên nhận: " +
			"NgaySinh (ngày không đầy đủ: chỉ khi ngày sớm nhất có thể cũng ở tương lai), NgayTuyenDung, NgayBoNhiem, Ngach/NgayHuong, NgayVaoDang, NgayChinhThuc, " +
			"TuNgay và DenNgay của QuaTrinhCongTac và DaoTaoBoiDuong, QuaTrinhLuong/NgayHuong, KhenThuong/Nam (sau năm hiện tại), KyLuat/NgayQuyetDinh, " +
			"QuanHeGiaDinh/NamSinh (sau năm hiện tại), NgayCapNhat, QuyetDinh/Ngay của BienDong, ThoiGianDoiKhop; " +
			"từ phiên bản 2.0: CanCuoc/NgayCap, ToChucChinhTriXaHoi/NgayThamGia, NgayNhapNgu và NgayXuatNgu của QuanNgu, TuNgay của BoNhiem, DieuChuyen, PhuCap, LichSuBanThan, DenNgay của LichSuBanThan, " +
			"QuyetDinh/Ngay của BoNhiem, QuyHoach, DieuChuyen, ChamDut, Nam của DanhGiaXepLoai và KeKhaiTaiSan (sau năm hiện tại), KeKhaiTaiSan/NgayKeKhai, SucKhoe/NgayKham; " +
			"không áp dụng cho NgayHieuLuc, cho DenNgay của BoNhiem, DieuChuyen, PhuCap (ngày hết nhiệm kỳ, hết thời hạn mà quyết định đã định) và cho ChamDut/Ngay (quyết định nghỉ hưu ban hành trước ngày nghỉ)",
		"A date of a past fact in the future beyond the allowed clock skew, in the reader's time zone: " +
			"NgaySinh (a partial date only if even its earliest possible day is), NgayTuyenDung, NgayBoNhiem, Ngach/NgayHuong, NgayVaoDang, NgayChinhThuc, " +
			"TuNgay and DenNgay of QuaTrinhCongTac and DaoTaoBoiDuong, QuaTrinhLuong/NgayHuong, KhenThuong/Nam (after the current year), KyLuat/NgayQuyetDinh, " +
			"QuanHeGiaDinh/NamSinh (after the current year), NgayCapNhat, QuyetDinh/Ngay of BienDong, ThoiGianDoiKhop; " +
			"from format 2.0: CanCuoc/NgayCap, ToChucChinhTriXaHoi/NgayThamGia, NgayNhapNgu and NgayXuatNgu of QuanNgu, TuNgay of BoNhiem, DieuChuyen, PhuCap, LichSuBanThan, DenNgay of LichSuBanThan, " +
			"QuyetDinh/Ngay of BoNhiem, QuyHoach, DieuChuyen, ChamDut, Nam of DanhGiaXepLoai and KeKhaiTaiSan (after the current year), KeKhaiTaiSan/NgayKeKhai, SucKhoe/NgayKham; " +
			"not NgayHieuLuc, not DenNgay of BoNhiem, DieuChuyen, PhuCap (the end of a term or of a period a decision sets) and not ChamDut/Ngay (a retirement is decided before the day)"},
	{RuleDateUnderage, SeverityError, LayerSemantic,
		"Tuyển dụng khi chưa đủ 18 tuổi (NgayTuyenDung trước ngày tròn 18 tuổi; ngày sinh không đầy đủ tính theo ngày sớm nhất có thể)",
		"Recruited before the age of 18 (NgayTuyenDung before the 18th birthday; a partial birth date counts from its earliest possible day)"},
	{RuleDatePeriod, SeverityError, LayerSemantic,
		"Giai đoạn kết thúc trước khi bắt đầu (DenNgay trước TuNgay trong QuaTrinhCongTac, DaoTaoBoiDuong; từ phiên bản 2.0 trong BoNhiem, DieuChuyen, PhuCap, LichSuBanThan; " +
			"NgayXuatNgu trước NgayNhapNgu của QuanNgu; năm cuối trước năm đầu của QuyHoach/GiaiDoan)",
		"A period ends before it starts (DenNgay before TuNgay in QuaTrinhCongTac, DaoTaoBoiDuong; from format 2.0 in BoNhiem, DieuChuyen, PhuCap, LichSuBanThan; " +
			"NgayXuatNgu before NgayNhapNgu of QuanNgu; the last year before the first of QuyHoach/GiaiDoan)"},
	{RuleDateOverlap, SeverityWarning, LayerSemantic,
		"Các giai đoạn của QuaTrinhCongTac chồng lấn nhau (giai đoạn không có DenNgay là giai đoạn hiện tại; trùng đúng một ngày chuyển giao không tính)",
		"Periods of QuaTrinhCongTac overlap (a period without DenNgay is current; sharing only the handover day does not count)"},
	{RuleDateOrder, SeverityError, LayerSemantic,
		"NgayChinhThuc trước NgayVaoDang; sự việc trước ngày sinh (trước cả ngày sớm nhất mà ngày sinh có thể là): " +
			"NgayTuyenDung, NgayBoNhiem, Ngach/NgayHuong, NgayVaoDang, NgayChinhThuc, TuNgay của QuaTrinhCongTac và DaoTaoBoiDuong, " +
			"QuaTrinhLuong/NgayHuong, KyLuat/NgayQuyetDinh, KhenThuong/Nam (trước năm sinh); " +
			"từ phiên bản 2.0 các ngày, năm mà R-DATE-001 xét (trừ DenNgay, NgayXuatNgu) và ChamDut/Ngay; KeKhaiTaiSan/NgayKeKhai trước ngày đầu của năm kê khai (Nam)",
		"NgayChinhThuc before NgayVaoDang; an event before birth (before even the earliest day the birth date can stand for): " +
			"NgayTuyenDung, NgayBoNhiem, Ngach/NgayHuong, NgayVaoDang, NgayChinhThuc, TuNgay of QuaTrinhCongTac and DaoTaoBoiDuong, " +
			"QuaTrinhLuong/NgayHuong, KyLuat/NgayQuyetDinh, KhenThuong/Nam (before the birth year); " +
			"from format 2.0 the days and years R-DATE-001 judges (but DenNgay, NgayXuatNgu) and ChamDut/Ngay; KeKhaiTaiSan/NgayKeKhai before the first day of the year it declares (Nam)"},
	{RuleDatePartialBirth, SeverityWarning, LayerSemantic,
		"Ngày sinh chỉ có năm hoặc năm và tháng (đề nghị bổ sung)",
		"Birth date known only by year or year and month (complete it)"},
	{RuleDateService, SeverityError, LayerSemantic,
		"Sự việc của thời gian công tác ở ngoài thời gian công tác (từ phiên bản 2.0): trước ngày tuyển dụng (NgayTuyenDung) — TuNgay của BoNhiem, DieuChuyen, PhuCap; ChamDut/Ngay — " +
			"hoặc trước năm tuyển dụng — Nam của DanhGiaXepLoai, KeKhaiTaiSan; hoặc sau ngày chấm dứt công tác (ChamDut/Ngay) — TuNgay, DenNgay của BoNhiem, DieuChuyen, PhuCap — " +
			"hoặc sau năm chấm dứt — Nam của DanhGiaXepLoai, KeKhaiTaiSan. Sự việc trước ngày sinh là vi phạm R-DATE-005, không phải quy tắc này",
		"A fact of service outside the person's service (from format 2.0): before the recruitment day (NgayTuyenDung) — TuNgay of BoNhiem, DieuChuyen, PhuCap; ChamDut/Ngay — " +
			"or the recruitment year — Nam of DanhGiaXepLoai, KeKhaiTaiSan; or after the day service ended (ChamDut/Ngay) — TuNgay, DenNgay of BoNhiem, DieuChuyen, PhuCap — " +
			"or its year — Nam of DanhGiaXepLoai, KeKhaiTaiSan. A fact before birth is R-DATE-005's, not this rule's"},
	{RuleCode, SeverityError, LayerSemantic,
		"Giá trị không có trong danh mục (nêu tên và phiên bản danh mục): GioiTinh, DanToc (hệ mã 2008), TonGiao (mã 99 được coi như mã 00), LoaiDoiTuong, " +
			"TuyenDung/HinhThuc, TrinhDo/ChuyenMon, LyLuanChinhTri, QuanLyNhaNuoc, DaoTaoBoiDuong/HinhThuc, KyLuat/HinhThuc, QuanHeGiaDinh/QuanHe, TrangThai, " +
			"LoaiBienDong, Nguon, và từ phiên bản 2.0 mọi trường có danh mục của mười nhóm dữ liệu theo Nghị định số 27/2026/NĐ-CP " +
			"(ThanhPhanXuatThan, DoiTuongChinhSach, QuanHeGiaDinh/Phia, TrinhDo/QuocPhongAnNinh, DaoTaoBoiDuong/Loai, ToChucChinhTriXaHoi/ToChuc, QuanNgu/LucLuong, " +
			"BoNhiem/HinhThuc, QuyHoach/CapQuyHoach, DieuChuyen/Loai, PhuCap/Loai, DanhGiaXepLoai/Muc, LichSuBanThan/Loai, KeKhaiTaiSan/Loai, " +
			"SucKhoe/TinhTrang, SucKhoe/NhomMau, ChamDut/Loai); MaDonViHanhChinh của địa chỉ ở Việt Nam (mã tỉnh 2 chữ số thuộc Tinh hoặc TinhTruoc2025, hoặc mã xã 5 chữ số, thuộc danh mục Xa đối với ThuongTru và NoiOHienTai); " +
			"MaNgach sai cấu trúc (Ngach và QuaTrinhLuong); KyLuat/HinhThuc không áp dụng đối với LoaiDoiTuong theo luật có hiệu lực tại NgayQuyetDinh " +
			"(bãi nhiệm chỉ đối với cán bộ; hạ bậc lương, giáng chức không còn áp dụng đối với công chức từ 01/7/2025 và không áp dụng đối với viên chức)",
		"Value not in its code list (the finding names the list and its version): GioiTinh, DanToc (2008 system), TonGiao (99 is an alias of 00), LoaiDoiTuong, " +
			"TuyenDung/HinhThuc, TrinhDo/ChuyenMon, LyLuanChinhTri, QuanLyNhaNuoc, DaoTaoBoiDuong/HinhThuc, KyLuat/HinhThuc, QuanHeGiaDinh/QuanHe, TrangThai, " +
			"LoaiBienDong, Nguon, and from format 2.0 every member of the ten data groups of Decree 27/2026/NĐ-CP that has a code list " +
			"(ThanhPhanXuatThan, DoiTuongChinhSach, QuanHeGiaDinh/Phia, TrinhDo/QuocPhongAnNinh, DaoTaoBoiDuong/Loai, ToChucChinhTriXaHoi/ToChuc, QuanNgu/LucLuong, " +
			"BoNhiem/HinhThuc, QuyHoach/CapQuyHoach, DieuChuyen/Loai, PhuCap/Loai, DanhGiaXepLoai/Muc, LichSuBanThan/Loai, KeKhaiTaiSan/Loai, " +
			"SucKhoe/TinhTrang, SucKhoe/NhomMau, ChamDut/Loai); MaDonViHanhChinh of an address in Viet Nam (a 2-digit province of Tinh or TinhTruoc2025, or a 5-digit commune, of list Xa for ThuongTru and NoiOHienTai); " +
			"MaNgach of no valid shape (Ngach and QuaTrinhLuong); KyLuat/HinhThuc not a form the law in force on NgayQuyetDinh gives the LoaiDoiTuong " +
			"(dismissal by vote for cadres only; salary step reduction and demotion ended for civil servants on 1 July 2025 and never applied to public employees)"},
	{RuleRankUnknown, SeverityWarning, LayerSemantic,
		"Mã số ngạch hoặc mã số chức danh nghề nghiệp (MaNgach) đúng cấu trúc nhưng không có trong danh mục Ngach kèm theo (không kiểm tra được bậc và hệ số lương)",
		"Rank code of valid shape but not in the embedded Ngach list (its salary step and coefficient cannot be checked)"},
	{RuleSalaryStep, SeverityError, LayerSemantic,
		"BacLuong nằm ngoài các bậc của nhóm lương của ngạch hoặc chức danh nghề nghiệp, theo Bảng 2 (ngạch công chức, áp dụng với cán bộ, công chức) hoặc Bảng 3 (chức danh nghề nghiệp viên chức) ban hành kèm theo Nghị định số 204/2004/NĐ-CP (Ngach và QuaTrinhLuong)",
		"BacLuong outside the steps of the rank's salary group, in Table 2 (cadres, civil servants) or Table 3 (public employees) of Decree 204/2004/NĐ-CP (Ngach and QuaTrinhLuong)"},
	{RuleSalaryCoeff, SeverityError, LayerSemantic,
		"HeSoLuong không phải hệ số của nhóm và bậc đó theo Bảng 2 (ngạch công chức, áp dụng với cán bộ, công chức) hoặc Bảng 3 (chức danh nghề nghiệp viên chức) ban hành kèm theo Nghị định số 204/2004/NĐ-CP, chọn theo LoaiDoiTuong " +
			"(Ngach; QuaTrinhLuong chấp nhận hệ số của một trong hai bảng; phụ cấp vượt khung không cộng vào hệ số)",
		"HeSoLuong is not the coefficient of that group and step in Table 2 (cadres, civil servants) or Table 3 (public employees) of Decree 204/2004/NĐ-CP, chosen by LoaiDoiTuong " +
			"(Ngach; QuaTrinhLuong accepts the coefficient of either table; the seniority allowance is not part of it)"},
	textRule(RuleTextNormal, SeverityWarning, checkFreeText,
		"Văn bản chưa chuẩn hóa NFC, hoặc có khoảng trắng đầu, cuối, kép hay khác dấu cách (SDK có thể chuẩn hóa)",
		"Text not NFC-normalised, or with leading, trailing, double or non-space white space (the SDK can normalise)"),
	textRule(RuleNameCharacter, SeverityError, checkName,
		"Họ tên chứa chữ số hoặc ký tự điều khiển",
		"A name with digits or control characters"),
	{RuleHealthRange, SeverityError, LayerSemantic,
		"Chiều cao (SucKhoe/ChieuCao) ngoài khoảng 100-230 cm, hoặc cân nặng (SucKhoe/CanNang) ngoài khoảng 30-250 kg: " +
			"giá trị như vậy thường là ghi nhầm đơn vị (mét, milimét, gam, pao) hay gõ nhầm, không phải số đo của một người trưởng thành (khoảng cân nặng là cách hiểu của chúng tôi)",
		"Height (SucKhoe/ChieuCao) outside 100-230 cm, or weight (SucKhoe/CanNang) outside 30-250 kg: " +
			"such a value is most often a wrong unit (metres, millimetres, grams, pounds) or a typo, not an adult's measure (the weight range is our reading)"},
	{RuleAllowanceAmount, SeverityError, LayerSemantic,
		"Một mức phụ cấp (PhuCap) có cả hệ số (HeSo) và tỷ lệ phần trăm (PhanTram), hoặc không có cả hai: mỗi phụ cấp tính theo một cách",
		"An allowance (PhuCap) with both a coefficient (HeSo) and a percentage (PhanTram), or with neither: an allowance is paid one way"},
	{RuleSecondment, SeverityError, LayerSemantic,
		"Hai lần biệt phái (DieuChuyen có Loai BIET_PHAI) cùng lúc: một người chỉ được biệt phái đến một nơi tại một thời điểm; lần không có DenNgay là lần đang biệt phái; trùng đúng ngày chuyển giao không tính (cách hiểu của chúng tôi)",
		"Two secondments (DieuChuyen of Loai BIET_PHAI) at once: a person is seconded to one place at a time; one without DenNgay is under way; sharing only the handover day does not count (our reading)"},
	{RuleGradeYear, SeverityError, LayerSemantic,
		"Một năm được đánh giá, xếp loại chất lượng hai lần (DanhGiaXepLoai/Nam lặp lại): theo Nghị định số 90/2020/NĐ-CP, mỗi năm đánh giá, xếp loại một lần (báo ở lần thứ hai)",
		"A year graded twice (DanhGiaXepLoai/Nam repeated): under Decree 90/2020/NĐ-CP a year is assessed and graded once (reported on the second)"},
	{RulePersonKind, SeverityError, LayerSemantic,
		"Chức vụ đang giữ (BoNhiem không có DenNgay) theo hình thức bầu cử (BAU_CU) hoặc phê chuẩn (PHE_CHUAN) trong khi người đó không phải cán bộ (LoaiDoiTuong khác CB): " +
			"cán bộ là người được bầu cử, phê chuẩn, bổ nhiệm giữ chức vụ theo nhiệm kỳ; công chức, viên chức được bổ nhiệm. Lần bổ nhiệm đã kết thúc không xét, vì người đó có thể đã là cán bộ khi ấy",
		"A position still held (BoNhiem without DenNgay) by election (BAU_CU) or approval (PHE_CHUAN) when the person is no cadre (LoaiDoiTuong not CB): " +
			"cadres are elected, approved or appointed for a term; civil servants and public employees are appointed. An appointment that has ended is not judged: the person may have been a cadre then"},
	{RuleChangeField, SeverityError, LayerSemantic,
		"ThayDoi trỏ tới trường không có trong HoSo",
		"ThayDoi points to a field that does not exist in HoSo"},
	{RuleChangeValue, SeverityError, LayerSemantic,
		"GiaTriMoi không hợp lệ cho trường đó",
		"GiaTriMoi is not valid for that field"},
	{RuleChangeConflict, SeverityError, LayerSemantic,
		"GiaTriCu không phải giá trị hiện tại (xung đột), khi đã biết hồ sơ hiện tại",
		"GiaTriCu is not the current value (conflict), when the current profile is known"},
	{RuleChangeLate, SeverityWarning, LayerSemantic,
		"Biến động được gửi quá 3 ngày làm việc kể từ ngày phát sinh (QuyetDinh/Ngay nếu có quyết định, nếu không thì NgayHieuLuc) " +
			"theo Nghị định số 27/2026/NĐ-CP: ngày tạo gói tin (ThoiGianTao, giờ Việt Nam) sau hạn cập nhật; nêu hạn đã lỡ. " +
			"Ngày làm việc theo lịch làm việc kèm theo SDK: lịch nghỉ lễ chính thức của các năm đã công bố, các năm khác tính theo Bộ luật Lao động (vi phạm nêu rõ khi hạn là hạn tính toán)",
		"A change reported more than 3 working days after it arose (QuyetDinh/Ngay when there is a decision, else NgayHieuLuc) " +
			"under Decree 27/2026/NĐ-CP: the packet's ThoiGianTao (Vietnam time) is after the deadline, which the finding names. " +
			"Working days by the SDK's calendar (package calendar): the official schedules of the years announced, other years computed by the Labour Code (the finding says so)"},
	{RuleChangeKindMember, SeverityError, LayerSemantic,
		"Biến động thuộc loại có từ phiên bản 2.0 (BAU_CU, QUY_HOACH, BIET_PHAI, KET_THUC_BIET_PHAI, PHU_CAP, DANH_GIA_XEP_LOAI, KE_KHAI_TAI_SAN, SUC_KHOE) " +
			"thay đổi trường mà loại biến động đó không thay đổi, hoặc không thay đổi trường mà loại đó nói về (bảng loại biến động trong hướng dẫn); " +
			"khi đã biết hồ sơ hiện tại: KET_THUC_BIET_PHAI kết thúc một lần điều chuyển không phải biệt phái hoặc không có trong hồ sơ, BIET_PHAI mở lần biệt phái thứ hai khi lần trước chưa kết thúc",
		"A change event of a kind of format 2.0 (BAU_CU, QUY_HOACH, BIET_PHAI, KET_THUC_BIET_PHAI, PHU_CAP, DANH_GIA_XEP_LOAI, KE_KHAI_TAI_SAN, SUC_KHOE) " +
			"changes a member its kind does not change, or none of the members its kind is about (the guide's table of the kinds of change event); " +
			"when the current profile is known: a KET_THUC_BIET_PHAI ends a transfer that is no secondment or that the profile does not have, a BIET_PHAI opens a second secondment while one is open"},
	{RuleChangeKindItem, SeverityError, LayerSemantic,
		"Mục mà biến động thuộc loại có từ phiên bản 2.0 bổ sung không khớp với biến động: ngày bắt đầu (TuNgay của BoNhiem khi BAU_CU, DieuChuyen khi BIET_PHAI, PhuCap khi PHU_CAP), " +
			"ngày kê khai (KeKhaiTaiSan/NgayKeKhai) hoặc ngày khám (SucKhoe/NgayKham) khác NgayHieuLuc; ngày kết thúc (DenNgay khi KET_THUC_BIET_PHAI, PHU_CAP) khác NgayHieuLuc và ngày liền trước; " +
			"năm xếp loại (DanhGiaXepLoai/Nam) sau năm của NgayHieuLuc; số quyết định (QuyetDinh/So của BoNhiem, QuyHoach, DieuChuyen) khác quyết định của biến động; " +
			"lần điều chuyển mà BIET_PHAI bổ sung không có loại BIET_PHAI (khi biến động ghi cả mảng, xét mục cuối cùng)",
		"The item a change event of a kind of format 2.0 adds disagrees with the change: a start date (TuNgay of BoNhiem for BAU_CU, of DieuChuyen for BIET_PHAI, of PhuCap for PHU_CAP), " +
			"the day of a declaration (KeKhaiTaiSan/NgayKeKhai) or of an examination (SucKhoe/NgayKham) other than NgayHieuLuc; an end date (DenNgay for KET_THUC_BIET_PHAI, PHU_CAP) neither NgayHieuLuc nor the day before; " +
			"a year graded (DanhGiaXepLoai/Nam) after NgayHieuLuc's; a decision number (QuyetDinh/So of BoNhiem, QuyHoach, DieuChuyen) other than the change's; " +
			"a transfer a BIET_PHAI adds of another Loai than BIET_PHAI (of a whole array, its last item is judged)"},
	{RuleSignatureMissing, SeverityError, LayerSignature,
		"Gói tin chưa ký trong khi bắt buộc phải ký",
		"Unsigned packet where a signature is required"},
	{RuleSignatureInvalid, SeverityError, LayerSignature,
		"Chữ ký không hợp lệ (nội dung bị thay đổi hoặc giá trị sai)",
		"Signature does not verify (content changed or bad value)"},
	{RuleSignatureCertificate, SeverityError, LayerSignature,
		"Chứng thư người ký không tin cậy, hết hạn, bị thu hồi hoặc dùng thuật toán yếu; chữ ký không đáp ứng Thông tư số 15/2025/TT-BKHCN (RSA PKCS #1 v1.5) khi bên nhận yêu cầu đáp ứng Thông tư này",
		"Signer certificate not trusted, expired, revoked or of a weak algorithm; a signature that does not meet Circular 15/2025/TT-BKHCN (RSA PKCS #1 v1.5) when the receiver requires the circular"},
	{RuleSignatureSigner, SeverityError, LayerSignature,
		"Người ký không phải cơ quan gửi gói tin (MaDonViGui)",
		"Signer is not the sender"},
	{RuleSignatureWrapping, SeverityError, LayerSignature,
		"Chữ ký số XML đặt sai vị trí hoặc sai quy cách, có thể là hành vi tráo nội dung đã ký (signature wrapping)",
		"XML signature wrapping"},
}

// textRule is a semantic rule on the text members whose check tag has cs:
// its description lists them, from the mapping table (model.go's tags), so
// that a new member is checked and documented by its tag alone.
func textRule(code string, sev Severity, cs checkSet, vi, en string) Rule {
	return Rule{code, sev, LayerSemantic, vi + ": " + checkedMembers(cs, "từ phiên bản"), en + ": " + checkedMembers(cs, "from format")}
}

// checkedMembers lists the members of a profile and of a change event
// whose check tag has cs: those of the record itself by name, those of an
// object after its member's name, as "KhenThuong (HinhThuc, SoQuyetDinh)";
// the members a later format version adds after since, as
// "; from format 2.0: …".
func checkedMembers(cs checkSet, since string) string {
	type member struct {
		parent string
		typ    reflect.Type
		name   string
	}
	first := map[member]int{} // the first version that has it; 0: every one
	var order []member
	var walk func(ti *typeInfo, parent string, from int)
	walk = func(ti *typeInfo, parent string, from int) {
		for k := range ti.fields {
			f := &ti.fields[k]
			v := max(from, f.from)
			if f.check&cs != 0 {
				m := member{parent, ti.typ, f.name}
				if old, ok := first[m]; !ok {
					order = append(order, m)
					first[m] = v
				} else {
					first[m] = min(old, v)
				}
			} else if f.elem != nil && f.elem.checked && (f.kind == kindStruct || f.kind == kindStructPtr || f.kind == kindSlice) {
				walk(f.elem, f.name, v)
			}
		}
	}
	walk(profileInfo(), "", 0)
	walk(infoOf(reflect.TypeFor[Change]()), "BienDong", 0)

	var b strings.Builder
	for _, fv := range versions {
		from := fv.major
		if fv.major == versions[0].major {
			from = 0
		}
		var list []string
		done := map[member]bool{}
		for _, m := range order {
			if first[m] != from || done[m] {
				continue
			}
			if m.parent == "" {
				list = append(list, m.name)
				continue
			}
			var names []string
			for _, o := range order {
				if o.parent == m.parent && o.typ == m.typ && first[o] == from {
					names = append(names, o.name)
					done[o] = true
				}
			}
			list = append(list, m.parent+" ("+strings.Join(names, ", ")+")")
		}
		if len(list) == 0 {
			continue
		}
		if from != 0 {
			b.WriteString("; " + since + " " + fv.name + ": ")
		}
		b.WriteString(strings.Join(list, ", "))
	}
	return b.String()
}

// ruleIndex maps a code to its place in the catalogue.
var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(catalogue))
	for i, r := range catalogue {
		m[r.Code] = i
	}
	return m
}()

// Rules returns the catalogue, in its published order. The slice is the
// caller's own.
func Rules() []Rule {
	return append([]Rule(nil), catalogue[:]...)
}

// LookupRule returns the rule with the given code.
func LookupRule(code string) (Rule, bool) {
	i, ok := ruleIndex[code]
	if !ok {
		return Rule{}, false
	}
	return catalogue[i], true
}

// severityOf returns the severity the catalogue gives a rule; findings take
// it from here so that a rule's severity is written down once.
func severityOf(code string) Severity {
	if i, ok := ruleIndex[code]; ok {
		return catalogue[i].Severity
	}
	return SeverityError
}

// layerNames explains the layers in the header of docs/rules.md.
var layerNames = []struct {
	layer  Layer
	vi, en string
}{
	{LayerFormat, "định dạng", "well-formedness"},
	{LayerSchema, "lược đồ", "JSON Schema"},
	{LayerSemantic, "ngữ nghĩa", "semantic rules"},
	{LayerSignature, "chữ ký số", "signature"},
}

// rulesMarkdown renders the catalogue as docs/rules.md. TestRulesDoc keeps
// the file in step with it.
func rulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Bảng quy tắc kiểm tra — Validation rules\n\n")
	b.WriteString("<!-- Generated from packet.Rules() (packet/rules.go); do not edit. Regenerate with:\n")
	b.WriteString("     go test ./packet -run TestRulesDoc -update-rules-doc -->\n\n")
	b.WriteString("Mỗi vi phạm (`ViPham`) trong kết quả kiểm tra ghi mã của một quy tắc trong bảng này. ")
	b.WriteString("Mã quy tắc đã công bố thì giữ nguyên ý nghĩa. ")
	b.WriteString("Vi phạm mức `LOI` (lỗi) làm bản ghi bị từ chối; vi phạm mức `CANH_BAO` (cảnh báo) không làm bản ghi bị từ chối, ")
	b.WriteString("nhưng đơn vị cần rà soát lại thông tin. ")
	b.WriteString("Ngày sinh chỉ ghi năm (`YYYY`) hoặc năm và tháng (`YYYY-MM`) chỉ bị coi là vi phạm một quy tắc về ngày ")
	b.WriteString("khi mọi ngày có thể ứng với nó đều vi phạm quy tắc đó. ")
	b.WriteString("Gói tin được kiểm tra theo quy tắc và lược đồ của phiên bản định dạng ghi trong gói (`PhienBan`): phiên bản 2.0, ")
	b.WriteString("hoặc phiên bản 1.0 kèm một cảnh báo R-HDR-006; khi đó quy tắc R-ID-005 kiểm tra mã định danh CBCCVC, ")
	b.WriteString("mã chỉ có trong định dạng 1.0 (xem [phiên bản định dạng](guide/vi/03-anh-xa-ho-so.md#phiên-bản-định-dạng)).\n\n")
	b.WriteString("Các lớp kiểm tra, theo thứ tự thực hiện: ")
	for i, l := range layerNames {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s` (%s)", l.layer, l.vi)
	}
	b.WriteString(".\n\n")
	b.WriteString("Every finding (`ViPham`) names one of these rules. ")
	b.WriteString("Codes are stable: once published, a code keeps its meaning. ")
	b.WriteString("Severity `LOI` (error) rejects the record; `CANH_BAO` (warning) keeps it. ")
	b.WriteString("A partial birth date (`YYYY`, `YYYY-MM`) takes part in a date rule conservatively: ")
	b.WriteString("the rule fires only if it would fire for every full date the partial date can stand for. ")
	b.WriteString("A packet is checked under the rules and schemas of its format version (`PhienBan`): 2.0, ")
	b.WriteString("or 1.0 with one R-HDR-006 warning, where R-ID-005 checks the national profile ID that only 1.0 has ")
	b.WriteString("([format versions](guide/en/03-mapping.md#format-versions)).\n\n")
	b.WriteString("Layers, in the order they run: ")
	for i, l := range layerNames {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s` (%s)", l.layer, l.en)
	}
	b.WriteString(".\n\n")
	b.WriteString("| Mã / Code | Mức độ / Severity | Lớp / Layer | Mô tả | Description |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range catalogue {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.Code, r.Severity, r.Layer, escapeCell(r.DescriptionVI), escapeCell(r.DescriptionEN))
	}
	return b.Bytes()
}

// escapeCell keeps a description inside its Markdown table cell.
func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
