// Package schema holds the schemas of the packets (gói tin) of Decision
// 356/QĐ-BNV, in format 2.0 (Decree 27/2026/NĐ-CP) and 1.0: JSON Schemas
// (draft 2020-12) for the JSON form and an XSD for the XML form, embedded
// in [FS] and published in the repository for other languages, and
// compiles the JSON Schemas for Go.
//
// It is the second of the three validation layers of package packet
// (well-formedness, schema, semantic rules); its findings are rule
// R-SCH-001.
//
// # Files
//
// One set of files per major format version: those of the latest, 2.0
// ([Latest]), at the root of [FS] and of this directory, where links to
// them have always pointed; those of each older version in a directory of
// its own, v1 for 1.0 ([Dir], [Versions]). Each set is:
//
//	goitin.schema.json        GoiTin, the envelope, and its header ThongTinGoiTin
//	hoso.schema.json          HoSo, a profile (in HOSO and CHIASE_HOSO packets)
//	biendong.schema.json      BienDong, a change event (BIENDONG)
//	ketquadoikhop.schema.json KetQuaDoiKhop, a matching result (DOIKHOP)
//	ketquaxuly.schema.json    KetQuaXuLy, a processing result (PHANHOI)
//	common.schema.json        shared definitions: date, partialDate, dateTime,
//	                          decimal2, uuid, countryCode, fieldPointer, DiaChi,
//	                          QuyetDinh
//	goitin.xsd                the XML form of a whole packet, in the namespace
//	                          of its version: urn:vn:gov:bnv:cbccvc:goitin:2
//	                          at the root, urn:vn:gov:bnv:cbccvc:goitin:1 in v1
//
// Each JSON Schema has the $id [IDPrefixOf] its major version + its file
// name without ".schema.json" (urn:vn:gov:bnv:cbccvc:schema:2:hoso, and
// urn:vn:gov:bnv:cbccvc:schema:1:hoso in v1; [IDPrefix] is the latest
// version's) and refers to the common.schema.json of its version by that
// $id, so a validator in another language must be given common.schema.json
// as well. Every property has a description in Vietnamese and English.
// [Compile] compiles the latest version's JSON Schemas, [CompileVersion]
// any version's.
//
// The sets differ where the format versions do: MaDinhDanhCBCCVC, the
// national profile ID, is in v1 only (HoSo and KetQuaXuLy): Decree
// 27/2026/NĐ-CP makes the personal ID (SoDinhDanh) the profile's
// identifier, and that 2.0 therefore drops the other ID is our reading of
// it; the members of the ten data groups of that decree (HoSo's CanCuoc,
// BoNhiem, PhuCap, SucKhoe and the others, and their definitions) are in
// the 2.0 set only; the ids, the XSD namespace and the PhienBan each set
// describes differ too. A new version moves the files at the root into
// v<major> of the version they describe and changes those at the root
// (see the package documentation of packet).
//
// # Record by record
//
// The envelope schema does not constrain the items of DuLieu: a validator
// checks the envelope, then each record with the schema of the kind the
// header's LoaiGoiTin names ([Schemas.Record]), so that a streaming
// validator can check each record as it arrives and report it at
// /DuLieu/i + the record's pointer.
//
// # Shape, not rules
//
// The schemas check shape: types, required members, no unknown members
// (additionalProperties false everywhere), the lengths and ranges the spec
// gives, the syntax of dates, date-times (RFC 3339 with an offset, as a
// pattern: format assertions are off by default in draft 2020-12), UUIDs
// (lower-case v4 or v7), decimal2 numbers (multipleOf 0.01, above 0: a
// coefficient of 0 is none, and the member is left out), arrays of at least
// one item (the XML form has no empty array: none is an absent member, so
// an empty array could not be carried from JSON to XML), and the enums
// that are neither a code list nor the subject of a rule (TrangThaiGoiTin,
// the TrangThai of KetQuaDoiKhop and KetQuaXuLy, MucDo). They do not say
// what a semantic rule of the catalogue (docs/rules.md) says, so that each
// rule can be triggered alone: identifiers (agency codes, SoDinhDanh,
// MaDinhDanhCBCCVC in v1, SoBHXH: R-ID-*) and code-list values
// (R-CODE-001) are just non-empty strings, LoaiGoiTin is a string (R-HDR-001), PhienBan any
// major.minor (R-HDR-002), SoLuongBanGhi any integer ≥ 0 (R-HDR-003),
// MaGoiTinThamChieu optional (R-HDR-005), and HoVaTen only 1 to 100
// characters (R-TXT-002 refuses digits). A date such as 2023-02-30 matches
// the date pattern; decoding it into the Go model refuses it.
//
// Members required by the value of another member are if/then
// conditionals: TrangThaiGoiTin when LoaiGoiTin is PHANHOI; QuyetDinh
// unless LoaiBienDong is CAP_NHAT; ChenhLech (at least one) when a
// KetQuaDoiKhop is SAI_KHAC; ViPham (at least one) when a KetQuaXuLy is LOI
// or CANH_BAO. In v1, MaDinhDanhCBCCVC is optional in hoso.schema.json:
// format 1.0 requires it on CHIASE_HOSO, which a record schema cannot know
// (package packet checks it). The values GiaTriCu, GiaTriMoi, GiaTriNguon
// and GiaTriGoc accept any JSON value: their type is that of the HoSo field
// TruongDuLieu points to, which the Go model checks.
//
// # XML
//
// goitin.xsd (XSD 1.0, for xmllint and the like) gives the same shapes
// where XSD can say them, in the element order of the spec's tables (the
// order the examples use): every JSON member is an element of the same name,
// an array a container element with one item element per item (GiaiDoan,
// MocLuong, KhoaHoc, LanKhenThuong, LanKyLuat, NguoiThan, MucNgoaiNgu,
// MucThayDoi, MucChenhLech, MucViPham; from format 2.0 also MucToChuc,
// LanBoNhiem, MucQuyHoach, LanDieuChuyen, MucPhuCap, NamDanhGia, MucLichSu,
// LanKeKhai), an empty array and an absent member
// no element at all. A boolean (BienDongTu300Trieu) is true or false, as in
// JSON: the XSD's Boolean refuses xs:boolean's 1 and 0. A GiaTri* value is
// text for a scalar and child elements for an object. The enveloped ds:Signature, last, is not looked
// into. The if/then conditionals cannot be said in XSD 1.0; an XML packet
// decoded to the Go model is checked with the JSON Schemas anyway.
//
// # Go
//
// [Compile] compiles the JSON Schemas once; [Schemas] is safe for
// concurrent use. Decode instances with [jsonschema.UnmarshalJSON], which
// keeps numbers exact. [Violations] flattens a validation error into
// [Violation] values, each with a JSON Pointer, the failing keyword and its
// schema location.
package schema
