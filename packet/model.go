package packet

import (
	"encoding/json"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/google/uuid"
)

// The wire names in the struct tags below are the format's
// (docs/guide/en/03-mapping.md#the-fields);
// the order of the fields is the order of the spec's tables, which is the
// element order of the XML form. Code-list values are plain strings so that
// a value outside its list is kept and reported (rule R-CODE-001) rather
// than lost in decoding; the list tag names the code list, and the
// semantic layer checks every member that has one. The check tag of a
// member says which date and text rules judge it (past, born, service,
// from, to, text, name: see checkSet in mapping.go); the free text that
// the text rules judge and Profile.Normalize fixes is the text and name
// members, so a new free-text member is its tag.

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
	State       State                 `json:"TrangThaiGoiTin,omitempty"`  // TrangThaiGoiTin: TIEP_NHAN, DA_XU_LY or TU_CHOI, on PHANHOI
}

// Signature is the JSON form of a packet's signature (ChuKySo); the signing
// package makes and checks it. XML packets carry an enveloped ds:Signature
// instead.
type Signature struct {
	Format string `json:"DinhDang"` // DinhDang: "CMS"
	Value  string `json:"GiaTri"`   // GiaTri: base64 of the DER CMS SignedData
}

// Profile is a profile of a cadre, civil servant or public employee (HoSo).
// Format 2.0 carries the ten data groups of Decree 27/2026/NĐ-CP, Art. 5
// (docs/guide/en/03-mapping.md#the-ten-data-groups-of-format-20); the members new in 2.0 (v:"2-")
// follow the 1.0 members of their group. Where the decree's Appendix is
// silent the members, and their place in the element order, are our
// reading (the mapping chapter of the guide has the table).
type Profile struct {
	ProfileID         identifier.ProfileID             `json:"MaDinhDanhCBCCVC,omitzero" v:"1"`                             // MaDinhDanhCBCCVC: national profile ID, format 1.0 only
	PersonalID        identifier.PersonalID            `json:"SoDinhDanh"`                                                  // SoDinhDanh: 12-digit personal ID, the profile's key (Decree 27/2026/NĐ-CP)
	OldIDCard         string                           `json:"SoCMND,omitempty"`                                            // SoCMND: old 9-digit identity-card number
	IDCard            *IDCard                          `json:"CanCuoc,omitempty" v:"2-"`                                    // CanCuoc: when and where the identity card was issued (group 1)
	StaffNumber       string                           `json:"SoHieuCBCCVC,omitempty"`                                      // SoHieuCBCCVC: the agency's own number for the person
	FullName          string                           `json:"HoVaTen" check:"name"`                                        // HoVaTen: full name as on the birth certificate
	OtherNames        string                           `json:"TenGoiKhac,omitempty" check:"name"`                           // TenGoiKhac: other names
	Gender            string                           `json:"GioiTinh" list:"GioiTinh"`                                    // GioiTinh: code list GioiTinh
	BirthDate         PartialDate                      `json:"NgaySinh"`                                                    // NgaySinh: birth date, possibly partial
	Birthplace        Address                          `json:"NoiSinh"`                                                     // NoiSinh: place of birth
	Hometown          Address                          `json:"QueQuan"`                                                     // QueQuan: home town
	PermanentAddress  *Address                         `json:"ThuongTru,omitempty"`                                         // ThuongTru: permanent residence
	CurrentAddress    *Address                         `json:"NoiOHienTai,omitempty"`                                       // NoiOHienTai: current residence
	Ethnicity         string                           `json:"DanToc" list:"DanToc"`                                        // DanToc: code list DanToc (2008 system)
	Religion          string                           `json:"TonGiao" list:"TonGiao"`                                      // TonGiao: code list TonGiao
	Nationality       string                           `json:"QuocTich"`                                                    // QuocTich: ISO 3166-1 alpha-2
	Background        string                           `json:"ThanhPhanXuatThan,omitempty" v:"2-" list:"ThanhPhanXuatThan"` // ThanhPhanXuatThan: family background (group 1)
	PolicyBeneficiary *PolicyBeneficiary               `json:"DoiTuongChinhSach,omitempty" v:"2-"`                          // DoiTuongChinhSach: policy-beneficiary status (group 1)
	SocialInsurance   identifier.SocialInsuranceNumber `json:"SoBHXH,omitzero"`                                             // SoBHXH: social-insurance number
	Phone             string                           `json:"SoDienThoai,omitempty"`                                       // SoDienThoai
	Email             string                           `json:"Email,omitempty"`                                             // Email
	PersonKind        string                           `json:"LoaiDoiTuong" list:"LoaiDoiTuong"`                            // LoaiDoiTuong: CB, CC or VC
	ManagingUnit      identifier.AgencyCode            `json:"MaDonViQuanLy"`                                               // MaDonViQuanLy: the sender or a unit under it
	WorkingUnit       identifier.AgencyCode            `json:"MaDonViSuDung"`                                               // MaDonViSuDung: where the person works
	Recruitment       Recruitment                      `json:"TuyenDung"`                                                   // TuyenDung
	JobPosition       string                           `json:"ViTriViecLam,omitempty" check:"text"`                         // ViTriViecLam: job position
	Position          *Position                        `json:"ChucVu,omitempty"`                                            // ChucVu: leadership position
	Rank              Rank                             `json:"Ngach"`                                                       // Ngach: rank or professional title, and salary
	Education         Education                        `json:"TrinhDo"`                                                     // TrinhDo
	Party             *PartyMembership                 `json:"DangVien,omitempty"`                                          // DangVien: Communist Party membership
	Organisations     []OrganisationMembership         `json:"ToChucChinhTriXaHoi,omitempty" v:"2-"`                        // ToChucChinhTriXaHoi: socio-political organisations (group 7)
	MilitaryService   *MilitaryService                 `json:"QuanNgu,omitempty" v:"2-"`                                    // QuanNgu: service in the armed forces (group 8)
	WorkHistory       []WorkPeriod                     `json:"QuaTrinhCongTac,omitempty"`                                   // QuaTrinhCongTac
	Appointments      []Appointment                    `json:"BoNhiem,omitempty" v:"2-"`                                    // BoNhiem: appointments and elections (group 4)
	Planning          []PlanningEntry                  `json:"QuyHoach,omitempty" v:"2-"`                                   // QuyHoach: planning for leadership posts (group 4)
	Transfers         []Transfer                       `json:"DieuChuyen,omitempty" v:"2-"`                                 // DieuChuyen: transfers, rotations, secondments (group 4)
	SalaryHistory     []SalaryStep                     `json:"QuaTrinhLuong,omitempty"`                                     // QuaTrinhLuong
	Allowances        []Allowance                      `json:"PhuCap,omitempty" v:"2-"`                                     // PhuCap: allowances (group 6)
	Grades            []YearlyGrade                    `json:"DanhGiaXepLoai,omitempty" v:"2-"`                             // DanhGiaXepLoai: yearly quality grades (group 6)
	Training          []Course                         `json:"DaoTaoBoiDuong,omitempty"`                                    // DaoTaoBoiDuong
	Awards            []Award                          `json:"KhenThuong,omitempty"`                                        // KhenThuong
	Disciplines       []Discipline                     `json:"KyLuat,omitempty"`                                            // KyLuat
	Relatives         []Relative                       `json:"QuanHeGiaDinh,omitempty"`                                     // QuanHeGiaDinh
	PersonalHistory   []HistoryEntry                   `json:"LichSuBanThan,omitempty" v:"2-"`                              // LichSuBanThan: personal history (group 3, sensitive)
	AssetDeclarations []AssetDeclaration               `json:"KeKhaiTaiSan,omitempty" v:"2-"`                               // KeKhaiTaiSan: asset and income declarations, metadata only (group 9, sensitive)
	Health            *Health                          `json:"SucKhoe,omitempty" v:"2-"`                                    // SucKhoe: health (group 10, sensitive)
	EndOfService      *EndOfService                    `json:"ChamDut,omitempty" v:"2-"`                                    // ChamDut: how and when service ended (group 4)
	Status            string                           `json:"TrangThai" list:"TrangThai"`                                  // TrangThai: code list TrangThai
	UpdatedAt         time.Time                        `json:"NgayCapNhat"`                                                 // NgayCapNhat: when the agency last changed the profile
}

// IDCard is when and where the identity card (căn cước, formerly căn cước
// công dân) that carries the personal ID was issued (CanCuoc, format 2.0).
type IDCard struct {
	Issued Date   `json:"NgayCap" check:"past,born"` // NgayCap: issue date
	Issuer string `json:"NoiCap" check:"text"`       // NoiCap: issuing authority
}

// PolicyBeneficiary is the person's status under the policies for people
// with meritorious services to the revolution (DoiTuongChinhSach, format
// 2.0), as the résumé form asks it: war-invalid class, policy family.
type PolicyBeneficiary struct {
	WarInvalidClass string `json:"ThuongBinhHang,omitempty" list:"HangThuongBinh"`     // ThuongBinhHang: code list HangThuongBinh, e.g. 2/4
	PolicyFamily    string `json:"GiaDinhChinhSach,omitempty" list:"GiaDinhChinhSach"` // GiaDinhChinhSach: code list GiaDinhChinhSach
}

// Address is an address as QCVN 109:2017 writes it (DiaChi).
type Address struct {
	UnitCode string `json:"MaDonViHanhChinh"`               // MaDonViHanhChinh: commune (5 digits) or province (2 digits)
	Detail   string `json:"ChiTiet,omitempty" check:"text"` // ChiTiet: the rest of the address
	Country  string `json:"QuocGia,omitempty"`              // QuocGia: ISO 3166-1 alpha-2, VN by default
}

// Recruitment is how and when the person was recruited (TuyenDung).
type Recruitment struct {
	Date   Date   `json:"NgayTuyenDung"`                     // NgayTuyenDung: the person is at least 18 that day
	Agency string `json:"CoQuanTuyenDung" check:"text"`      // CoQuanTuyenDung: recruiting agency
	Form   string `json:"HinhThuc" list:"HinhThucTuyenDung"` // HinhThuc: code list HinhThucTuyenDung
}

// Position is a leadership position (ChucVu).
type Position struct {
	Title     string   `json:"Ten" check:"text"`     // Ten
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
	GeneralSchool   string          `json:"GiaoDucPhoThong"`                                         // GiaoDucPhoThong: e.g. 12/12
	Professional    string          `json:"ChuyenMon" list:"TrinhDoChuyenMon"`                       // ChuyenMon: code list TrinhDoChuyenMon
	PoliticalTheory string          `json:"LyLuanChinhTri" list:"LyLuanChinhTri"`                    // LyLuanChinhTri: code list LyLuanChinhTri
	StateManagement string          `json:"QuanLyNhaNuoc" list:"QuanLyNhaNuoc"`                      // QuanLyNhaNuoc: code list QuanLyNhaNuoc
	DefenceSecurity string          `json:"QuocPhongAnNinh,omitempty" v:"2-" list:"QuocPhongAnNinh"` // QuocPhongAnNinh: defence-and-security training, code list QuocPhongAnNinh (format 2.0)
	Languages       []LanguageLevel `json:"NgoaiNgu,omitempty"`                                      // NgoaiNgu
	IT              string          `json:"TinHoc,omitempty" check:"text"`                           // TinHoc: computer skills
}

// LanguageLevel is a foreign language and the level in it (an item of NgoaiNgu).
type LanguageLevel struct {
	Language string `json:"NgonNgu" diff:"key" check:"text"` // NgonNgu
	Level    string `json:"TrinhDo" check:"text"`            // TrinhDo
}

// PartyMembership gives the dates of Party membership (DangVien).
type PartyMembership struct {
	Joined   Date `json:"NgayVaoDang"`            // NgayVaoDang
	Official Date `json:"NgayChinhThuc,omitzero"` // NgayChinhThuc: after NgayVaoDang
}

// WorkPeriod is a period of the work history (GiaiDoan of QuaTrinhCongTac).
type WorkPeriod struct {
	From     Date   `json:"TuNgay" diff:"key"`             // TuNgay
	To       Date   `json:"DenNgay,omitzero"`              // DenNgay: absent for the current period
	Unit     string `json:"DonVi" check:"text"`            // DonVi
	Position string `json:"ChucVu,omitempty" check:"text"` // ChucVu
}

// SalaryStep is a step of the salary history (MocLuong of QuaTrinhLuong).
type SalaryStep struct {
	Since       Date     `json:"NgayHuong" diff:"key"` // NgayHuong
	RankCode    string   `json:"MaNgach"`              // MaNgach
	Step        int      `json:"BacLuong"`             // BacLuong
	Coefficient Decimal2 `json:"HeSoLuong"`            // HeSoLuong
}

// Course is a training course (KhoaHoc of DaoTaoBoiDuong).
type Course struct {
	From        Date   `json:"TuNgay" diff:"key"`                               // TuNgay
	To          Date   `json:"DenNgay,omitzero"`                                // DenNgay
	Institution string `json:"CoSoDaoTao" diff:"key" check:"text"`              // CoSoDaoTao
	Major       string `json:"ChuyenNganh,omitempty" check:"text"`              // ChuyenNganh
	Form        string `json:"HinhThuc" list:"HinhThucDaoTao"`                  // HinhThuc: code list HinhThucDaoTao
	Degree      string `json:"VanBang,omitempty" check:"text"`                  // VanBang
	Kind        string `json:"Loai,omitempty" v:"2-" list:"LoaiDaoTaoBoiDuong"` // Loai: kind of course, code list LoaiDaoTaoBoiDuong, e.g. CHUYEN_MON, QUOC_PHONG_AN_NINH, KY_NANG (format 2.0)
}

// Award is an award (LanKhenThuong of KhenThuong).
type Award struct {
	Year     int    `json:"Nam" diff:"key"`                                // Nam
	Form     string `json:"HinhThuc" check:"text"`                         // HinhThuc: free text, e.g. Bằng khen, Giấy khen
	Title    string `json:"DanhHieu,omitempty" v:"2-" check:"text"`        // DanhHieu: emulation title awarded, free text, e.g. Chiến sĩ thi đua cơ sở (format 2.0)
	Decision string `json:"SoQuyetDinh,omitempty" diff:"key" check:"text"` // SoQuyetDinh
}

// Discipline is a disciplinary measure (LanKyLuat of KyLuat).
type Discipline struct {
	Date     Date   `json:"NgayQuyetDinh" diff:"key"`                      // NgayQuyetDinh
	Form     string `json:"HinhThuc" list:"HinhThucKyLuat"`                // HinhThuc: code list HinhThucKyLuat
	Decision string `json:"SoQuyetDinh,omitempty" diff:"key" check:"text"` // SoQuyetDinh
	Reason   string `json:"LyDo,omitempty" check:"text"`                   // LyDo
}

// Relative is a family member (NguoiThan of QuanHeGiaDinh).
type Relative struct {
	Side        string `json:"Phia,omitempty" v:"2-" list:"Phia"`        // Phia: the person's own family (BAN_THAN) or the spouse's (VO_CHONG), code list Phia (format 2.0)
	Relation    string `json:"QuanHe" diff:"key" list:"QuanHe"`          // QuanHe: code list QuanHe
	FullName    string `json:"HoVaTen" diff:"key" check:"name"`          // HoVaTen
	BirthYear   int    `json:"NamSinh,omitempty"`                        // NamSinh
	Occupation  string `json:"NgheNghiep,omitempty" v:"2-" check:"text"` // NgheNghiep: occupation (format 2.0)
	Residence   string `json:"NoiO,omitempty" v:"2-" check:"text"`       // NoiO: where the relative lives, as text (format 2.0)
	Nationality string `json:"QuocTich,omitempty" v:"2-"`                // QuocTich: ISO 3166-1 alpha-2 (format 2.0)
	Details     string `json:"ThongTin,omitempty" check:"text"`          // ThongTin: other details
}

// The members of the groups new in format 2.0 (docs/guide/en/03-mapping.md#the-ten-data-groups-of-format-20), in the order of
// the spec's table, which is their element order.

// OrganisationMembership is membership of a political or socio-political
// organisation (MucToChuc of ToChucChinhTriXaHoi, group 7).
type OrganisationMembership struct {
	Organisation string `json:"ToChuc" diff:"key" list:"ToChucChinhTriXaHoi"` // ToChuc: code list ToChucChinhTriXaHoi, e.g. CONG_DOAN
	Joined       Date   `json:"NgayThamGia" check:"past,born"`                // NgayThamGia: date of joining
	Position     string `json:"ChucVu,omitempty" check:"text"`                // ChucVu: position held in it, free text
}

// MilitaryService is service in the armed forces (QuanNgu, group 8).
type MilitaryService struct {
	Enlisted    Date   `json:"NgayNhapNgu" check:"past,born,from"`    // NgayNhapNgu: enlistment date
	Discharged  Date   `json:"NgayXuatNgu,omitzero" check:"past,to"`  // NgayXuatNgu: discharge date; absent while serving
	HighestRank string `json:"QuanHamCaoNhat,omitempty" check:"text"` // QuanHamCaoNhat: highest rank held, free text
	Force       string `json:"LucLuong" list:"LucLuong"`              // LucLuong: QUAN_DOI or CONG_AN, code list LucLuong
}

// Appointment is an appointment to, or election to, a leadership position
// (LanBoNhiem of BoNhiem, group 4).
type Appointment struct {
	Position string   `json:"ChucVu" diff:"key" check:"text"`                   // ChucVu: the position, free text
	Form     string   `json:"HinhThuc" list:"HinhThucBoNhiem"`                  // HinhThuc: code list HinhThucBoNhiem: BO_NHIEM, BO_NHIEM_LAI, BAU_CU, PHE_CHUAN
	From     Date     `json:"TuNgay" diff:"key" check:"past,born,service,from"` // TuNgay
	To       Date     `json:"DenNgay,omitzero" check:"service,to"`              // DenNgay: absent while held; may be ahead, the end of a term
	Decision Decision `json:"QuyetDinh"`                                        // QuyetDinh: the decision of appointment
}

// PlanningEntry is the person's inclusion in the planning (quy hoạch) of a
// leadership title for a period (MucQuyHoach of QuyHoach, group 4).
type PlanningEntry struct {
	Title    string   `json:"ChucDanh" diff:"key" check:"text"` // ChucDanh: the title planned for, free text
	Period   string   `json:"GiaiDoan" diff:"key"`              // GiaiDoan: the planning period, e.g. 2026-2031
	Level    string   `json:"CapQuyHoach" list:"CapQuyHoach"`   // CapQuyHoach: level of planning, code list CapQuyHoach
	Decision Decision `json:"QuyetDinh"`                        // QuyetDinh: the decision approving the planning
}

// Transfer is a transfer, rotation or secondment (LanDieuChuyen of
// DieuChuyen, group 4).
type Transfer struct {
	Kind     string   `json:"Loai" diff:"key" list:"LoaiDieuChuyen"`            // Loai: code list LoaiDieuChuyen: DIEU_DONG, LUAN_CHUYEN, BIET_PHAI
	From     Date     `json:"TuNgay" diff:"key" check:"past,born,service,from"` // TuNgay
	To       Date     `json:"DenNgay,omitzero" check:"service,to"`              // DenNgay: absent while under way; may be ahead, the end the decision sets
	Unit     string   `json:"DonViDen" check:"text"`                            // DonViDen: the unit the person went to, free text
	Decision Decision `json:"QuyetDinh"`                                        // QuyetDinh: the decision
}

// Allowance is an allowance the person draws (MucPhuCap of PhuCap, group
// 6): a coefficient of the base salary (HeSo) or a percentage (PhanTram),
// by kind.
type Allowance struct {
	Kind        string   `json:"Loai" diff:"key" list:"LoaiPhuCap"`                // Loai: code list LoaiPhuCap, e.g. CHUC_VU, CONG_VU
	Coefficient Decimal2 `json:"HeSo,omitzero"`                                    // HeSo: coefficient, for an allowance paid as one
	Percent     *int     `json:"PhanTram,omitempty"`                               // PhanTram: percentage, 0-100, for an allowance paid as one
	From        Date     `json:"TuNgay" diff:"key" check:"past,born,service,from"` // TuNgay
	To          Date     `json:"DenNgay,omitzero" check:"service,to"`              // DenNgay: absent while drawn; may be ahead
}

// YearlyGrade is the quality grade of one year's assessment (NamDanhGia of
// DanhGiaXepLoai, group 6; Decree 90/2020/NĐ-CP).
type YearlyGrade struct {
	Year  int    `json:"Nam" diff:"key" check:"past,born,service"` // Nam: the year assessed
	Grade string `json:"Muc" list:"MucXepLoai"`                    // Muc: code list MucXepLoai: HTXSNV, HTTNV, HTNV, KHTNV
}

// HistoryEntry is an entry of the personal history (MucLichSu of
// LichSuBanThan, group 3): what the résumé form asks about detention,
// work under the former regime and ties abroad.
type HistoryEntry struct {
	Kind    string `json:"Loai" diff:"key" list:"LoaiLichSuBanThan"` // Loai: code list LoaiLichSuBanThan
	From    Date   `json:"TuNgay" diff:"key" check:"past,born,from"` // TuNgay
	To      Date   `json:"DenNgay,omitzero" check:"past,to"`         // DenNgay
	Account string `json:"NoiDung" check:"text"`                     // NoiDung: what happened, free text
}

// AssetDeclaration is the metadata of one declaration of assets and income
// (LanKeKhai of KeKhaiTaiSan, group 9; Law on Anti-corruption 2018, Art.
// 36): never the declaration itself.
type AssetDeclaration struct {
	Year        int    `json:"Nam" diff:"key" check:"past,born,service"` // Nam: the year declared
	Kind        string `json:"Loai" diff:"key" list:"LoaiKeKhai"`        // Loai: code list LoaiKeKhai: LAN_DAU, HANG_NAM, BO_SUNG, PHUC_VU_CONG_TAC_CAN_BO
	Declared    Date   `json:"NgayKeKhai" check:"past,born"`             // NgayKeKhai: date of the declaration
	TotalIncome int64  `json:"TongThuNhap"`                              // TongThuNhap: total income in the period, in VND, an integer ≥ 0
	Change300M  bool   `json:"BienDongTu300Trieu"`                       // BienDongTu300Trieu: assets or income changed by 300 million VND or more
}

// Health is the person's health (SucKhoe, group 10).
type Health struct {
	Condition string `json:"TinhTrang" list:"TinhTrangSucKhoe"` // TinhTrang: code list TinhTrangSucKhoe: TOT, BINH_THUONG, KEM
	HeightCM  int    `json:"ChieuCao"`                          // ChieuCao: height in centimetres
	WeightKG  int    `json:"CanNang"`                           // CanNang: weight in kilograms
	BloodType string `json:"NhomMau" list:"NhomMau"`            // NhomMau: ABO group and Rh, code list NhomMau, e.g. O+
	Examined  Date   `json:"NgayKham" check:"past,born"`        // NgayKham: date of the examination
}

// EndOfService is how and when the person's service ended (ChamDut, group
// 4): resignation, retirement, transfer out.
type EndOfService struct {
	Kind     string   `json:"Loai" list:"LoaiChamDut"`   // Loai: code list LoaiChamDut, e.g. NGHI_HUU
	Date     Date     `json:"Ngay" check:"born,service"` // Ngay: the day service ended; may be ahead, as a retirement is decided months before
	Decision Decision `json:"QuyetDinh"`                 // QuyetDinh: the decision
}

// Change is a change event (BienDong): what changed in one profile, and by
// which decision.
type Change struct {
	ID         uuid.UUID             `json:"MaBienDong"`                       // MaBienDong: unique per sender
	PersonalID identifier.PersonalID `json:"SoDinhDanh"`                       // SoDinhDanh: whose profile changes
	Kind       string                `json:"LoaiBienDong" list:"LoaiBienDong"` // LoaiBienDong: code list LoaiBienDong
	Effective  Date                  `json:"NgayHieuLuc"`                      // NgayHieuLuc
	Decision   *Decision             `json:"QuyetDinh,omitempty"`              // QuyetDinh: for every kind whose ChangeKind.Decision is set (all but CAP_NHAT, KE_KHAI_TAI_SAN, SUC_KHOE)
	Fields     []FieldChange         `json:"ThayDoi"`                          // ThayDoi: at least one
}

// Decision is a decision (QuyetDinh): the one a change event carries out,
// or the one behind an appointment, a planning, a transfer or the end of
// service.
type Decision struct {
	Number string `json:"So" check:"text"`        // So: number and symbol, e.g. 789/QĐ-SNV
	Date   Date   `json:"Ngay" check:"past,born"` // Ngay: date of signature; in a change event, at most one year after NgayHieuLuc
	Issuer string `json:"CoQuan" check:"text"`    // CoQuan: issuing agency
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
	Source      Source                `json:"Nguon" list:"Nguon"`  // Nguon: DAN_CU or BHXH
	Status      MatchStatus           `json:"TrangThai"`           // TrangThai: KHOP, SAI_KHAC or KHONG_TIM_THAY
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
	Status     RecordStatus         `json:"TrangThai"`                       // TrangThai: THANH_CONG, LOI or CANH_BAO
	ProfileID  identifier.ProfileID `json:"MaDinhDanhCBCCVC,omitzero" v:"1"` // MaDinhDanhCBCCVC: on success of a HoSo, format 1.0 only
	Violations []Finding            `json:"ViPham,omitempty"`                // ViPham: when not THANH_CONG
}
