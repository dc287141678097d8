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
//	goitin-day-du.schema.json GoiTin whole (gói tin đầy đủ): the envelope, and
//	                          every record by the schema of its kind
//	hoso.schema.json          HoSo, a profile (in HOSO and CHIASE_HOSO packets)
//	biendong.schema.json      BienDong, a change event (BIENDONG)
//	ketquadoikhop.schema.json KetQuaDoiKhop, a matching result (DOIKHOP)
//	ketquaxuly.schema.json    KetQuaXuLy, a processing result (PHANHOI)
//	common.schema.json        shared definitions: date, partialDate, dateTime,
//	                          oneLine, decimal2, uuid, countryCode,
//	                          fieldPointer, DiaChi, QuyetDinh
//	goitin.xsd                the XML form of a whole packet, in the namespace
//	                          of its version: urn:vn:gov:bnv:cbccvc:goitin:2
//	                          at the root, urn:vn:gov:bnv:cbccvc:goitin:1 in v1
//
// Each JSON Schema has the $id [IDPrefixOf] its major version + its file
// name without ".schema.json" (urn:vn:gov:bnv:cbccvc:schema:2:hoso, and
// urn:vn:gov:bnv:cbccvc:schema:1:hoso in v1; [IDPrefix] is the latest
// version's) and refers to the other files of its version by their $id,
// never by a file name or a relative reference, so a validator in another
// language must be given every file of the set. Every property has a
// description in Vietnamese and English.
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
// # Whole packet, or record by record
//
// goitin-day-du.schema.json ([Schemas.Packet]) checks a whole packet held
// in memory: the envelope, and every record of DuLieu with the schema of
// the kind LoaiGoiTin names (none for another LoaiGoiTin: rule R-HDR-001).
// It is the one schema a vendor needs. The envelope schema alone does not
// constrain the items of DuLieu: a streaming validator, as package packet's,
// checks the envelope, then each record with the schema of its kind
// ([Schemas.Record]) as it arrives, and reports it at /DuLieu/i + the
// record's pointer. Both give the same verdict; a record of another kind
// than LoaiGoiTin names fails the whole-packet schema, where package packet
// reports R-HDR-001.
//
// # The same verdict in every validator
//
// The schemas mean the same in ajv (Node.js, default options), in
// python-jsonschema and in this package, and goitin.xsd in xmllint: the
// conformance kit's tests run them all on every vector and compare their
// verdicts with package packet's schema layer. To that end:
//
//   - no multipleOf: most validators compute in binary floating point,
//     where 4.35 / 0.01 is 434.99999999999994, so multipleOf 0.01 refuses
//     valid coefficients. The number of decimals of a decimal2 is checked
//     by the model (package packet, rule R-SCH-002), as is a number beyond
//     what its type or a double holds (1e400, 2^53+1), on which validators
//     that read numbers as doubles may disagree;
//   - no format: validators assert it or not by their options;
//   - patterns in the syntax ECMAScript (with the u flag), Python's re and
//     RE2 read alike ([0-9], never \d, which is any Unicode digit in
//     Python), and every ^…$ pattern that cannot match a line feed with
//     the oneLine guard (not a line feed): Python's $ also matches before a
//     final line feed. Package packet reports such a value once, by its
//     pattern;
//   - every $ref absolute (urn:…#/$defs/…): the RefResolver of
//     python-jsonschema before 4.18 (Debian 12's) resolves no fragment
//     against a URN;
//   - in goitin.xsd, numbers are strings of the JSON number pattern, not
//     xs:decimal or xs:nonNegativeInteger, which would accept white space
//     around a number (their whiteSpace is collapse) and refuse 2.0 and
//     434e-2, which JSON Schema reads as numbers (an integer with an
//     exponent, 6e0, is refused there: no encoder writes one).
//
// # Shape, not rules
//
// The schemas check shape: types, required members, no unknown members
// (additionalProperties false everywhere), the lengths and ranges the spec
// gives, the syntax of dates, date-times (RFC 3339 with an offset, as a
// pattern: format assertions are off by default in draft 2020-12), UUIDs
// (lower-case v4 or v7), decimal2 numbers (above 0: a coefficient of 0 is
// none, and the member is left out), arrays of at least
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
// unless LoaiBienDong is CAP_NHAT (in format 2.0 also KE_KHAI_TAI_SAN and
// SUC_KHOE, the kinds without a decision); ChenhLech (at least one) when a
// KetQuaDoiKhop is SAI_KHAC; ViPham (at least one) when a KetQuaXuLy is LOI
// or CANH_BAO. In v1, MaDinhDanhCBCCVC is optional in hoso.schema.json:
// format 1.0 requires it on CHIASE_HOSO, which a record schema cannot know
// (the whole-packet schema and package packet check it). The values GiaTriCu, GiaTriMoi, GiaTriNguon
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
// no element at all (a packet without records has no DuLieu element). A
// boolean (BienDongTu300Trieu) is true or false, as in JSON, with no white
// space around it: the XSD's Boolean is a string of that pattern, since
// xs:boolean would take 1, 0 and white space. A GiaTri* value is
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
