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

	// ListCommune names the commune list since 1 July 2025 (5-digit codes
	// of letter 1027/CTK-CSCL). It is not embedded: a caller loads it and
	// adds it with Set.With.
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
