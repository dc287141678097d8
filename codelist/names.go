package codelist

// Names of the embedded lists: the list name is also the wire name, as in
// GET /danh-muc/{ten}.
const (
	ListGender          = "GioiTinh"          // sex
	ListEthnicity       = "DanToc"            // ethnic group, 2008 code system
	ListEthnicity1979   = "DanToc1979"        // ethnic group, 1979 code system
	ListReligion        = "TonGiao"           // religion
	ListProvince        = "Tinh"              // province since 1 July 2025
	ListProvincePre2025 = "TinhTruoc2025"     // province before 1 July 2025
	ListPersonKind      = "LoaiDoiTuong"      // cadre, civil servant or public employee
	ListRank            = "Ngach"             // civil-servant rank or public-employee title
	ListEducation       = "TrinhDoChuyenMon"  // professional qualification
	ListPoliticalTheory = "LyLuanChinhTri"    // political-theory training
	ListStateManagement = "QuanLyNhaNuoc"     // state-management training
	ListRecruitment     = "HinhThucTuyenDung" // form of recruitment
	ListTrainingForm    = "HinhThucDaoTao"    // form of training
	ListDiscipline      = "HinhThucKyLuat"    // form of discipline
	ListRelation        = "QuanHe"            // family relation
	ListProfileStatus   = "TrangThai"         // status of a profile (HoSo)
	ListChangeKind      = "LoaiBienDong"      // kind of change event (BienDong)
	ListMatchSource     = "Nguon"             // source of a matching result (KetQuaDoiKhop)
	ListPacketState     = "TrangThaiGoiTin"   // state of a whole packet (PHANHOI header)
	ListMatchStatus     = "TrangThaiDoiKhop"  // state of a matching result (KetQuaDoiKhop)
	ListResultStatus    = "TrangThaiXuLy"     // state of a processing result (KetQuaXuLy)
	ListLevel1Agency    = "CoQuanCap1"        // level-1 agency code (mã cấp 1)

	// The lists of the members format 2.0 adds for the ten data groups of
	// Decree 27/2026/NĐ-CP (its group in brackets).
	ListBackground      = "ThanhPhanXuatThan"   // family background (1)
	ListWarInvalidClass = "HangThuongBinh"      // war-invalid class (1)
	ListPolicyFamily    = "GiaDinhChinhSach"    // policy family (1)
	ListFamilySide      = "Phia"                // the person's or the spouse's family (2)
	ListHistoryKind     = "LoaiLichSuBanThan"   // kind of personal-history entry (3)
	ListAppointmentForm = "HinhThucBoNhiem"     // form of appointment (4)
	ListPlanningLevel   = "CapQuyHoach"         // level of planning (4)
	ListTransferKind    = "LoaiDieuChuyen"      // transfer, rotation or secondment (4)
	ListEndOfService    = "LoaiChamDut"         // how service ended (4)
	ListDefenceSecurity = "QuocPhongAnNinh"     // defence-and-security training (5)
	ListTrainingKind    = "LoaiDaoTaoBoiDuong"  // kind of training course (5)
	ListAllowanceKind   = "LoaiPhuCap"          // kind of allowance (6)
	ListGrade           = "MucXepLoai"          // yearly quality grade (6)
	ListOrganisation    = "ToChucChinhTriXaHoi" // socio-political organisation (7)
	ListForce           = "LucLuong"            // armed force (8)
	ListDeclarationKind = "LoaiKeKhai"          // kind of asset declaration (9)
	ListHealth          = "TinhTrangSucKhoe"    // state of health (10)
	ListBloodGroup      = "NhomMau"             // blood group (10)

	// ListCommune names the commune list since 1 July 2025 (5-digit codes
	// of letter 1027/CTK-CSCL), embedded; a caller replaces it with
	// Set.With when the General Statistics Office publishes a change.
	ListCommune = "Xa"

	// ListBirthCountry names the list of the 3-digit codes of the countries
	// where a birth registered abroad is registered, which digits 1-3 of a
	// personal ID hold instead of a province code (Decree 137/2015/NĐ-CP
	// Art. 13; Law 26/2023/QH15 and Decree 70/2024/NĐ-CP). It is not
	// embedded, as we found no official public table: a caller who has one
	// loads it and adds it with Set.With. A Set without it, or with it
	// empty, cannot tell a country code from a mistyped province code.
	ListBirthCountry = "QuocGiaKhaiSinh"
)
