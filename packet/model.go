package packet

import (
	"encoding/json"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/google/uuid"
)

// The wire names in the struct tags below are the format's (02-packets.md);
// the order of the fields is the order of the spec's tables, which is the
// element order of the XML form. Code-list values are plain strings so that
// a value outside its list is kept and reported (rule R-CODE-001) rather
// than lost in decoding.

// Kind is the kind of a packet (LoaiGoiTin).
type Kind string

// The five packet kinds and the flow of the decision each carries.
const (
	KindProfiles       Kind = "HOSO"        // HoSo records, agency -> national database
	KindChanges        Kind = "BIENDONG"    // BienDong records, agency -> national database
	KindMatches        Kind = "DOIKHOP"     // KetQuaDoiKhop records, national database -> agency
	KindSharedProfiles Kind = "CHIASE_HOSO" // HoSo records, national database -> agency
	KindResponse       Kind = "PHANHOI"     // KetQuaXuLy records, national database -> agency
)

// Kinds returns the five packet kinds in the order of the spec.
func Kinds() []Kind {
	return []Kind{KindProfiles, KindChanges, KindMatches, KindSharedProfiles, KindResponse}
}

// Valid reports whether k is one of the five kinds.
func (k Kind) Valid() bool { return k.RecordName() != "" }

// RecordName returns the wire name of the kind's records: HoSo, BienDong,
// KetQuaDoiKhop or KetQuaXuLy; "" for an unknown kind.
func (k Kind) RecordName() string {
	switch k {
	case KindProfiles, KindSharedProfiles:
		return "HoSo"
	case KindChanges:
		return "BienDong"
	case KindMatches:
		return "KetQuaDoiKhop"
	case KindResponse:
		return "KetQuaXuLy"
	}
	return ""
}

// Version is the format version this package writes by default
// (PhienBan): 2.0, the format of Decree 27/2026/NĐ-CP. A packet keeps the
// version its header names; [SupportedVersions] are the ones it reads.
const Version = "2.0"

// Packet is one unit of exchange (gói tin). Exactly one of the record
// slices is used, the one Header.Kind names. The zero Packet has no header
// and no records (it encodes, and fails validation); a nil *Packet is
// ErrNil to Encode and ValidatePacket.
type Packet struct {
	Header    Header     `json:"ThongTinGoiTin"`
	Records   Records    `json:"DuLieu"`
	Signature *Signature `json:"ChuKySo,omitempty"`
}

// Records holds the records of a packet (DuLieu), by kind.
type Records struct {
	Profiles []Profile          // HoSo, in HOSO and CHIASE_HOSO
	Changes  []Change           // BienDong, in BIENDONG
	Matches  []MatchResult      // KetQuaDoiKhop, in DOIKHOP
	Results  []ProcessingResult // KetQuaXuLy, in PHANHOI
}

// Len returns the number of records of every kind together.
func (r Records) Len() int {
	return len(r.Profiles) + len(r.Changes) + len(r.Matches) + len(r.Results)
}

// Header is the packet header (ThongTinGoiTin).
type Header struct {
	ID          uuid.UUID             `json:"MaGoiTin"`                   // MaGoiTin: unique per sender, v4 or v7; the idempotency key on NDXP
	Kind        Kind                  `json:"LoaiGoiTin"`                 // LoaiGoiTin
	Version     string                `json:"PhienBan"`                   // PhienBan: format version, "2.0" (Version)
	Sender      identifier.AgencyCode `json:"MaDonViGui"`                 // MaDonViGui: sending agency; must match the signer
	Receiver    identifier.AgencyCode `json:"MaDonViNhan"`                // MaDonViNhan: receiving agency
	Created     time.Time             `json:"ThoiGianTao"`                // ThoiGianTao: creation time, with its UTC offset
	ReplyTo     uuid.UUID             `json:"MaGoiTinThamChieu,omitzero"` // MaGoiTinThamChieu: the packet a PHANHOI answers
	RecordCount int                   `json:"SoLuongBanGhi"`              // SoLuongBanGhi: number of records in DuLieu
	Software    string                `json:"PhanMemGui,omitempty"`       // PhanMemGui: sending software and version
	State       string                `json:"TrangThaiGoiTin,omitempty"`  // TrangThaiGoiTin: TIEP_NHAN, DA_XU_LY or TU_CHOI, on PHANHOI
}

// Signature is the JSON form of a packet's signature (ChuKySo); the signing
// package makes and checks it. XML packets carry an enveloped ds:Signature
// instead.
type Signature struct {
	Format string `json:"DinhDang"` // DinhDang: "CMS"
	Value  string `json:"GiaTri"`   // GiaTri: base64 of the DER CMS SignedData
}

// Profile is a profile of a cadre, civil servant or public employee (HoSo).
type Profile struct {
	ProfileID        identifier.ProfileID             `json:"MaDinhDanhCBCCVC,omitzero" v:"1"` // MaDinhDanhCBCCVC: national profile ID, format 1.0 only
	PersonalID       identifier.PersonalID            `json:"SoDinhDanh"`                      // SoDinhDanh: 12-digit personal ID, the profile's key (Decree 27/2026/NĐ-CP)
	OldIDCard        string                           `json:"SoCMND,omitempty"`                // SoCMND: old 9-digit identity-card number
	StaffNumber      string                           `json:"SoHieuCBCCVC,omitempty"`          // SoHieuCBCCVC: the agency's own number for the person
	FullName         string                           `json:"HoVaTen"`                         // HoVaTen: full name as on the birth certificate
	OtherNames       string                           `json:"TenGoiKhac,omitempty"`            // TenGoiKhac: other names
	Gender           string                           `json:"GioiTinh"`                        // GioiTinh: code list GioiTinh
	BirthDate        PartialDate                      `json:"NgaySinh"`                        // NgaySinh: birth date, possibly partial
	Birthplace       Address                          `json:"NoiSinh"`                         // NoiSinh: place of birth
	Hometown         Address                          `json:"QueQuan"`                         // QueQuan: home town
	PermanentAddress *Address                         `json:"ThuongTru,omitempty"`             // ThuongTru: permanent residence
	CurrentAddress   *Address                         `json:"NoiOHienTai,omitempty"`           // NoiOHienTai: current residence
	Ethnicity        string                           `json:"DanToc"`                          // DanToc: code list DanToc (2008 system)
	Religion         string                           `json:"TonGiao"`                         // TonGiao: code list TonGiao
	Nationality      string                           `json:"QuocTich"`                        // QuocTich: ISO 3166-1 alpha-2
	SocialInsurance  identifier.SocialInsuranceNumber `json:"SoBHXH,omitzero"`                 // SoBHXH: social-insurance number
	Phone            string                           `json:"SoDienThoai,omitempty"`           // SoDienThoai
	Email            string                           `json:"Email,omitempty"`                 // Email
	PersonKind       string                           `json:"LoaiDoiTuong"`                    // LoaiDoiTuong: CB, CC or VC
	ManagingUnit     identifier.AgencyCode            `json:"MaDonViQuanLy"`                   // MaDonViQuanLy: the sender or a unit under it
	WorkingUnit      identifier.AgencyCode            `json:"MaDonViSuDung"`                   // MaDonViSuDung: where the person works
	Recruitment      Recruitment                      `json:"TuyenDung"`                       // TuyenDung
	JobPosition      string                           `json:"ViTriViecLam,omitempty"`          // ViTriViecLam: job position
	Position         *Position                        `json:"ChucVu,omitempty"`                // ChucVu: leadership position
	Rank             Rank                             `json:"Ngach"`                           // Ngach: rank or professional title, and salary
	Education        Education                        `json:"TrinhDo"`                         // TrinhDo
	Party            *PartyMembership                 `json:"DangVien,omitempty"`              // DangVien: Communist Party membership
	WorkHistory      []WorkPeriod                     `json:"QuaTrinhCongTac,omitempty"`       // QuaTrinhCongTac
	SalaryHistory    []SalaryStep                     `json:"QuaTrinhLuong,omitempty"`         // QuaTrinhLuong
	Training         []Course                         `json:"DaoTaoBoiDuong,omitempty"`        // DaoTaoBoiDuong
	Awards           []Award                          `json:"KhenThuong,omitempty"`            // KhenThuong
	Disciplines      []Discipline                     `json:"KyLuat,omitempty"`                // KyLuat
	Relatives        []Relative                       `json:"QuanHeGiaDinh,omitempty"`         // QuanHeGiaDinh
	Status           string                           `json:"TrangThai"`                       // TrangThai: code list TrangThai
	UpdatedAt        time.Time                        `json:"NgayCapNhat"`                     // NgayCapNhat: when the agency last changed the profile
}

// Address is an address as QCVN 109:2017 writes it (DiaChi).
type Address struct {
	UnitCode string `json:"MaDonViHanhChinh"`  // MaDonViHanhChinh: commune (5 digits) or province (2 digits)
	Detail   string `json:"ChiTiet,omitempty"` // ChiTiet: the rest of the address
	Country  string `json:"QuocGia,omitempty"` // QuocGia: ISO 3166-1 alpha-2, VN by default
}

// Recruitment is how and when the person was recruited (TuyenDung).
type Recruitment struct {
	Date   Date   `json:"NgayTuyenDung"`   // NgayTuyenDung: the person is at least 18 that day
	Agency string `json:"CoQuanTuyenDung"` // CoQuanTuyenDung: recruiting agency
	Form   string `json:"HinhThuc"`        // HinhThuc: code list HinhThucTuyenDung
}

// Position is a leadership position (ChucVu).
type Position struct {
	Title     string   `json:"Ten"`                  // Ten
	Appointed Date     `json:"NgayBoNhiem,omitzero"` // NgayBoNhiem
	Allowance Decimal2 `json:"HeSoPhuCap,omitzero"`  // HeSoPhuCap: position allowance coefficient
}

// Rank is the rank or professional title and the salary in it (Ngach).
type Rank struct {
	Code         string   `json:"MaNgach"`                     // MaNgach: code list Ngach, e.g. 01.003 or V.07.05.13
	Step         int      `json:"BacLuong"`                    // BacLuong: salary step, from 1
	Coefficient  Decimal2 `json:"HeSoLuong"`                   // HeSoLuong: salary coefficient of the group and step
	Since        Date     `json:"NgayHuong"`                   // NgayHuong: date the step took effect
	ExtraPercent *int     `json:"PhanTramVuotKhung,omitempty"` // PhanTramVuotKhung: seniority allowance beyond the last step, 0-100
}

// Education is the person's qualifications (TrinhDo).
type Education struct {
	GeneralSchool   string          `json:"GiaoDucPhoThong"`    // GiaoDucPhoThong: e.g. 12/12
	Professional    string          `json:"ChuyenMon"`          // ChuyenMon: code list TrinhDoChuyenMon
	PoliticalTheory string          `json:"LyLuanChinhTri"`     // LyLuanChinhTri: code list LyLuanChinhTri
	StateManagement string          `json:"QuanLyNhaNuoc"`      // QuanLyNhaNuoc: code list QuanLyNhaNuoc
	Languages       []LanguageLevel `json:"NgoaiNgu,omitempty"` // NgoaiNgu
	IT              string          `json:"TinHoc,omitempty"`   // TinHoc: computer skills
}

// LanguageLevel is a foreign language and the level in it (an item of NgoaiNgu).
type LanguageLevel struct {
	Language string `json:"NgonNgu"` // NgonNgu
	Level    string `json:"TrinhDo"` // TrinhDo
}

// PartyMembership gives the dates of Party membership (DangVien).
type PartyMembership struct {
	Joined   Date `json:"NgayVaoDang"`            // NgayVaoDang
	Official Date `json:"NgayChinhThuc,omitzero"` // NgayChinhThuc: after NgayVaoDang
}

// WorkPeriod is a period of the work history (GiaiDoan of QuaTrinhCongTac).
type WorkPeriod struct {
	From     Date   `json:"TuNgay"`           // TuNgay
	To       Date   `json:"DenNgay,omitzero"` // DenNgay: absent for the current period
	Unit     string `json:"DonVi"`            // DonVi
	Position string `json:"ChucVu,omitempty"` // ChucVu
}

// SalaryStep is a step of the salary history (MocLuong of QuaTrinhLuong).
type SalaryStep struct {
	Since       Date     `json:"NgayHuong"` // NgayHuong
	RankCode    string   `json:"MaNgach"`   // MaNgach
	Step        int      `json:"BacLuong"`  // BacLuong
	Coefficient Decimal2 `json:"HeSoLuong"` // HeSoLuong
}

// Course is a training course (KhoaHoc of DaoTaoBoiDuong).
type Course struct {
	From        Date   `json:"TuNgay"`                // TuNgay
	To          Date   `json:"DenNgay,omitzero"`      // DenNgay
	Institution string `json:"CoSoDaoTao"`            // CoSoDaoTao
	Major       string `json:"ChuyenNganh,omitempty"` // ChuyenNganh
	Form        string `json:"HinhThuc"`              // HinhThuc: code list HinhThucDaoTao
	Degree      string `json:"VanBang,omitempty"`     // VanBang
}

// Award is an award (LanKhenThuong of KhenThuong).
type Award struct {
	Year     int    `json:"Nam"`                   // Nam
	Form     string `json:"HinhThuc"`              // HinhThuc: free text
	Decision string `json:"SoQuyetDinh,omitempty"` // SoQuyetDinh
}

// Discipline is a disciplinary measure (LanKyLuat of KyLuat).
type Discipline struct {
	Date     Date   `json:"NgayQuyetDinh"`         // NgayQuyetDinh
	Form     string `json:"HinhThuc"`              // HinhThuc: code list HinhThucKyLuat
	Decision string `json:"SoQuyetDinh,omitempty"` // SoQuyetDinh
	Reason   string `json:"LyDo,omitempty"`        // LyDo
}

// Relative is a family member (NguoiThan of QuanHeGiaDinh).
type Relative struct {
	Relation  string `json:"QuanHe"`             // QuanHe: code list QuanHe
	FullName  string `json:"HoVaTen"`            // HoVaTen
	BirthYear int    `json:"NamSinh,omitempty"`  // NamSinh
	Details   string `json:"ThongTin,omitempty"` // ThongTin: occupation, address …
}

// Change is a change event (BienDong): what changed in one profile, and by
// which decision.
type Change struct {
	ID         uuid.UUID             `json:"MaBienDong"`          // MaBienDong: unique per sender
	PersonalID identifier.PersonalID `json:"SoDinhDanh"`          // SoDinhDanh: whose profile changes
	Kind       string                `json:"LoaiBienDong"`        // LoaiBienDong: code list LoaiBienDong
	Effective  Date                  `json:"NgayHieuLuc"`         // NgayHieuLuc
	Decision   *Decision             `json:"QuyetDinh,omitempty"` // QuyetDinh: for every kind but CAP_NHAT
	Fields     []FieldChange         `json:"ThayDoi"`             // ThayDoi: at least one
}

// Decision is the decision a change event carries out (QuyetDinh).
type Decision struct {
	Number string `json:"So"`     // So: number and symbol, e.g. 789/QĐ-SNV
	Date   Date   `json:"Ngay"`   // Ngay: at most one year after NgayHieuLuc
	Issuer string `json:"CoQuan"` // CoQuan: issuing agency
}

// FieldChange is one changed field (MucThayDoi of ThayDoi). The values are
// JSON values of the type of the field Field points to.
type FieldChange struct {
	Field    string          `json:"TruongDuLieu"`       // TruongDuLieu: JSON Pointer into HoSo, e.g. /Ngach/HeSoLuong
	OldValue json.RawMessage `json:"GiaTriCu,omitempty"` // GiaTriCu: the current value; absent if the field had none
	NewValue json.RawMessage `json:"GiaTriMoi"`          // GiaTriMoi: the new value
}

// MatchResult is the result of matching one profile against the population
// or social-insurance database (KetQuaDoiKhop).
type MatchResult struct {
	PersonalID  identifier.PersonalID `json:"SoDinhDanh"`          // SoDinhDanh
	Source      string                `json:"Nguon"`               // Nguon: DAN_CU or BHXH
	Status      string                `json:"TrangThai"`           // TrangThai: KHOP, SAI_KHAC or KHONG_TIM_THAY
	Differences []Difference          `json:"ChenhLech,omitempty"` // ChenhLech: when SAI_KHAC
	MatchedAt   time.Time             `json:"ThoiGianDoiKhop"`     // ThoiGianDoiKhop
}

// Difference is a field on which the agency's data and the authoritative
// database differ (MucChenhLech of ChenhLech).
type Difference struct {
	Field              string          `json:"TruongDuLieu"`          // TruongDuLieu: JSON Pointer into HoSo
	AgencyValue        json.RawMessage `json:"GiaTriNguon,omitempty"` // GiaTriNguon: the agency's value; absent if it had none
	AuthoritativeValue json.RawMessage `json:"GiaTriGoc"`             // GiaTriGoc: the authoritative value
}

// ProcessingResult is the national database's answer for one record of a
// HOSO or BIENDONG packet (KetQuaXuLy, in PHANHOI).
type ProcessingResult struct {
	Index      int                  `json:"ViTri"`                           // ViTri: index of the record in the answered packet
	Key        string               `json:"KhoaBanGhi"`                      // KhoaBanGhi: personal ID of a HoSo, MaBienDong of a BienDong
	Status     string               `json:"TrangThai"`                       // TrangThai: THANH_CONG, LOI or CANH_BAO
	ProfileID  identifier.ProfileID `json:"MaDinhDanhCBCCVC,omitzero" v:"1"` // MaDinhDanhCBCCVC: on success of a HoSo, format 1.0 only
	Violations []Finding            `json:"ViPham,omitempty"`                // ViPham: when not THANH_CONG
}
