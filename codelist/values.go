package codelist

// Codes of the small closed lists whose values a vendor's mapping code
// types, so that a typing mistake fails to compile instead of coming back
// as a finding. The sex (GioiTinh) and the kind of person (LoaiDoiTuong)
// are identifier.Gender and identifier.PersonKind, with their Code method.
// A test keeps these constants and the embedded lists the same.

// GenderNoInformation is the code of GioiTinh for a sex not recorded
// (Chưa có thông tin); its other codes are identifier.GenderMale.Code() and
// identifier.GenderFemale.Code().
const GenderNoInformation = "0"

// The codes of TrangThai, the status of a profile (HoSo).
const (
	StatusWorking     = "DANG_CONG_TAC"   // Đang công tác
	StatusRetired     = "NGHI_HUU"        // Nghỉ hưu
	StatusResigned    = "THOI_VIEC"       // Thôi việc
	StatusTransferred = "CHUYEN_CONG_TAC" // Chuyển công tác
	StatusDeceased    = "TU_TRAN"         // Từ trần
)

// The codes of HinhThucTuyenDung, the form of recruitment (TuyenDung).
const (
	RecruitmentExam     = "THI_TUYEN" // Thi tuyển
	RecruitmentSelect   = "XET_TUYEN" // Xét tuyển
	RecruitmentTransfer = "TIEP_NHAN" // Tiếp nhận
	RecruitmentOther    = "KHAC"      // Khác
)

// The codes of TrinhDoChuyenMon, the professional qualification.
const (
	EducationDoctorate    = "TIEN_SI"   // Tiến sĩ
	EducationMaster       = "THAC_SI"   // Thạc sĩ
	EducationBachelor     = "DAI_HOC"   // Đại học
	EducationCollege      = "CAO_DANG"  // Cao đẳng
	EducationIntermediate = "TRUNG_CAP" // Trung cấp
	EducationElementary   = "SO_CAP"    // Sơ cấp
	EducationOther        = "KHAC"      // Khác
)
