package packet

// labelsVI names, in Vietnamese, every member of the wire format: the one
// table that turns a wire name into the words a finding uses («Thiếu thông
// tin bắt buộc: họ và tên (HoVaTen)»). A name has one label wherever it
// stands; a label is lower case, as it reads inside a sentence. The tests
// check that every wire name of the model and of the schemas has one.
var labelsVI = map[string]string{
	// The envelope and the header.
	"GoiTin":            "gói tin",
	"ThongTinGoiTin":    "phần thông tin chung của gói tin",
	"DuLieu":            "phần dữ liệu của gói tin",
	"ChuKySo":           "chữ ký số",
	"MaGoiTin":          "mã gói tin",
	"LoaiGoiTin":        "loại gói tin",
	"PhienBan":          "phiên bản định dạng",
	"MaDonViGui":        "mã định danh đơn vị gửi",
	"MaDonViNhan":       "mã định danh đơn vị nhận",
	"ThoiGianTao":       "thời điểm tạo gói tin",
	"MaGoiTinThamChieu": "mã gói tin được phản hồi",
	"SoLuongBanGhi":     "số bản ghi",
	"PhanMemGui":        "phần mềm gửi",
	"TrangThaiGoiTin":   "trạng thái gói tin",
	"DinhDang":          "định dạng chữ ký",
	"GiaTri":            "giá trị chữ ký",

	// Records.
	"HoSo":          "hồ sơ",
	"BienDong":      "biến động",
	"KetQuaDoiKhop": "kết quả đối khớp",
	"KetQuaXuLy":    "kết quả xử lý",

	// HoSo.
	"MaDinhDanhCBCCVC": "mã định danh hồ sơ CBCCVC",
	"SoDinhDanh":       "số định danh cá nhân",
	"SoCMND":           "số chứng minh nhân dân",
	"SoHieuCBCCVC":     "số hiệu cán bộ, công chức, viên chức",
	"HoVaTen":          "họ và tên",
	"TenGoiKhac":       "tên gọi khác",
	"GioiTinh":         "giới tính",
	"NgaySinh":         "ngày sinh",
	"NoiSinh":          "nơi sinh",
	"QueQuan":          "quê quán",
	"ThuongTru":        "nơi thường trú",
	"NoiOHienTai":      "nơi ở hiện tại",
	"DanToc":           "dân tộc",
	"TonGiao":          "tôn giáo",
	"QuocTich":         "quốc tịch",
	"SoBHXH":           "mã số bảo hiểm xã hội",
	"SoDienThoai":      "số điện thoại",
	"Email":            "thư điện tử",
	"LoaiDoiTuong":     "loại đối tượng",
	"MaDonViQuanLy":    "mã định danh cơ quan quản lý",
	"MaDonViSuDung":    "mã định danh đơn vị sử dụng",
	"TuyenDung":        "thông tin tuyển dụng",
	"ViTriViecLam":     "vị trí việc làm",
	"ChucVu":           "chức vụ",
	"Ngach":            "ngạch hoặc chức danh nghề nghiệp",
	"TrinhDo":          "trình độ",
	"DangVien":         "thông tin đảng viên",
	"QuaTrinhCongTac":  "quá trình công tác",
	"QuaTrinhLuong":    "quá trình lương",
	"DaoTaoBoiDuong":   "đào tạo, bồi dưỡng",
	"KhenThuong":       "khen thưởng",
	"KyLuat":           "kỷ luật",
	"QuanHeGiaDinh":    "quan hệ gia đình",
	"TrangThai":        "trạng thái",
	"NgayCapNhat":      "thời điểm cập nhật",

	// HoSo, format 2.0: the ten data groups of Decree 27/2026/NĐ-CP.
	"CanCuoc":             "thông tin thẻ căn cước",
	"ThanhPhanXuatThan":   "thành phần gia đình xuất thân",
	"DoiTuongChinhSach":   "đối tượng chính sách",
	"ToChucChinhTriXaHoi": "tổ chức chính trị - xã hội",
	"QuanNgu":             "thông tin quân ngũ",
	"BoNhiem":             "quá trình bổ nhiệm",
	"QuyHoach":            "quy hoạch",
	"DieuChuyen":          "điều động, luân chuyển, biệt phái",
	"PhuCap":              "phụ cấp",
	"DanhGiaXepLoai":      "đánh giá, xếp loại chất lượng",
	"LichSuBanThan":       "lịch sử bản thân",
	"KeKhaiTaiSan":        "kê khai tài sản, thu nhập",
	"SucKhoe":             "tình trạng sức khỏe",
	"ChamDut":             "thông tin chấm dứt công tác",

	// DiaChi.
	"MaDonViHanhChinh": "mã đơn vị hành chính",
	"ChiTiet":          "địa chỉ chi tiết",
	"QuocGia":          "quốc gia",

	// TuyenDung, ChucVu, Ngach, DangVien.
	"NgayTuyenDung":     "ngày tuyển dụng",
	"CoQuanTuyenDung":   "cơ quan tuyển dụng",
	"HinhThuc":          "hình thức",
	"Ten":               "tên chức vụ",
	"NgayBoNhiem":       "ngày bổ nhiệm",
	"HeSoPhuCap":        "hệ số phụ cấp chức vụ",
	"MaNgach":           "mã số ngạch, chức danh nghề nghiệp",
	"BacLuong":          "bậc lương",
	"HeSoLuong":         "hệ số lương",
	"NgayHuong":         "ngày hưởng",
	"PhanTramVuotKhung": "phần trăm phụ cấp thâm niên vượt khung",
	"NgayVaoDang":       "ngày vào Đảng",
	"NgayChinhThuc":     "ngày chính thức",

	// TrinhDo.
	"GiaoDucPhoThong": "trình độ giáo dục phổ thông",
	"ChuyenMon":       "trình độ chuyên môn",
	"LyLuanChinhTri":  "trình độ lý luận chính trị",
	"QuanLyNhaNuoc":   "trình độ quản lý nhà nước",
	"NgoaiNgu":        "ngoại ngữ",
	"NgonNgu":         "ngôn ngữ",
	"TinHoc":          "trình độ tin học",
	"QuocPhongAnNinh": "trình độ quốc phòng và an ninh",

	// The members of the format 2.0 groups.
	"NgayCap":            "ngày cấp",
	"NoiCap":             "nơi cấp",
	"ThuongBinhHang":     "hạng thương binh",
	"GiaDinhChinhSach":   "gia đình chính sách",
	"ToChuc":             "tổ chức",
	"NgayThamGia":        "ngày tham gia",
	"NgayNhapNgu":        "ngày nhập ngũ",
	"NgayXuatNgu":        "ngày xuất ngũ",
	"QuanHamCaoNhat":     "quân hàm cao nhất",
	"LucLuong":           "lực lượng",
	"ChucDanh":           "chức danh",
	"GiaiDoan":           "giai đoạn",
	"CapQuyHoach":        "cấp quy hoạch",
	"Loai":               "loại",
	"DonViDen":           "đơn vị đến",
	"HeSo":               "hệ số",
	"PhanTram":           "tỷ lệ phần trăm",
	"Muc":                "mức xếp loại",
	"NoiDung":            "nội dung",
	"NgayKeKhai":         "ngày kê khai",
	"TongThuNhap":        "tổng thu nhập",
	"BienDongTu300Trieu": "biến động tài sản, thu nhập từ 300 triệu đồng trở lên",
	"TinhTrang":          "tình trạng sức khỏe",
	"ChieuCao":           "chiều cao",
	"CanNang":            "cân nặng",
	"NhomMau":            "nhóm máu",
	"NgayKham":           "ngày khám",
	"DanhHieu":           "danh hiệu thi đua",
	"Phia":               "phía gia đình",
	"NgheNghiep":         "nghề nghiệp",
	"NoiO":               "nơi ở",

	// The items of the arrays.
	"TuNgay":        "từ ngày",
	"DenNgay":       "đến ngày",
	"DonVi":         "đơn vị công tác",
	"CoSoDaoTao":    "cơ sở đào tạo",
	"ChuyenNganh":   "chuyên ngành",
	"VanBang":       "văn bằng, chứng chỉ",
	"Nam":           "năm",
	"SoQuyetDinh":   "số quyết định",
	"NgayQuyetDinh": "ngày quyết định",
	"LyDo":          "lý do",
	"QuanHe":        "quan hệ",
	"NamSinh":       "năm sinh",
	"ThongTin":      "thông tin khác",

	// BienDong.
	"MaBienDong":   "mã biến động",
	"LoaiBienDong": "loại biến động",
	"NgayHieuLuc":  "ngày hiệu lực",
	"QuyetDinh":    "quyết định",
	"So":           "số, ký hiệu quyết định",
	"Ngay":         "ngày",
	"CoQuan":       "cơ quan ban hành",
	"ThayDoi":      "danh sách trường thay đổi",
	"TruongDuLieu": "đường dẫn tới trường dữ liệu",
	"GiaTriCu":     "giá trị cũ",
	"GiaTriMoi":    "giá trị mới",

	// KetQuaDoiKhop.
	"Nguon":           "nguồn đối khớp",
	"ThoiGianDoiKhop": "thời điểm đối khớp",
	"ChenhLech":       "danh sách sai khác",
	"GiaTriNguon":     "giá trị của đơn vị",
	"GiaTriGoc":       "giá trị gốc",

	// KetQuaXuLy.
	"ViTri":      "vị trí bản ghi",
	"KhoaBanGhi": "khóa bản ghi",
	"ViPham":     "danh sách vi phạm",
	"MaLoi":      "mã quy tắc",
	"MucDo":      "mức độ",
	"DuongDan":   "đường dẫn",
	"MoTa":       "mô tả",
}

// labelVI returns the Vietnamese label of the wire name, or "" for a name
// the format does not have.
func labelVI(wire string) string { return labelsVI[wire] }

// FieldLabel returns the Vietnamese words for a member of the wire format,
// as findings name it (HoVaTen: "họ và tên"), or "" for a name the format
// does not have. A tool that groups findings by field shows it beside the
// wire name.
func FieldLabel(wire string) string { return labelVI(wire) }
