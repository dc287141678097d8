package quality

import (
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
)

// Report is the data quality of one packet: its findings, grouped by rule,
// by person, by unit and by field, counted by layer and severity, the share
// of its records that are clean, and its signature.
type Report struct {
	Format   string      `json:"format"`             // "json" or "xml"
	Kind     packet.Kind `json:"kind,omitempty"`     // LoaiGoiTin, when the header could be read
	Version  string      `json:"version,omitempty"`  // PhienBan
	PacketID string      `json:"packetId,omitempty"` // MaGoiTin
	Sender   string      `json:"sender,omitempty"`   // MaDonViGui
	Created  time.Time   `json:"created,omitzero"`   // ThoiGianTao

	Records int `json:"records"` // records read
	// Checked counts the records the validator checked: Records less those
	// only counted once the report was full (packet.Report.Unchecked).
	Checked int `json:"checked"`
	// Clean counts the checked records without any finding, error or
	// warning; Valid those without an error. CleanShare is Clean/Checked
	// (0 when nothing was checked).
	Clean      int     `json:"clean"`
	Valid      int     `json:"valid"`
	CleanShare float64 `json:"cleanShare"`
	// Complete tells that every finding is listed: the packet was read to
	// its end and no finding was left out over the validator's limits.
	// When it is false the counts are those of what was read and listed.
	Complete bool `json:"complete"`
	Omitted  int  `json:"omitted,omitempty"` // findings not listed (packet.Report.Omitted)

	Errors   int `json:"errors"`   // findings of severity LOI
	Warnings int `json:"warnings"` // findings of severity CANH_BAO

	ByLayer  []LayerCount  `json:"byLayer"`
	ByRule   []RuleGroup   `json:"byRule"`
	ByPerson []PersonGroup `json:"byPerson"`
	ByUnit   []UnitGroup   `json:"byUnit"`
	ByField  []FieldGroup  `json:"byField"`
	// OtherUnits counts the records whose units were not listed in ByUnit,
	// over Checker.MaxUnits distinct codes.
	OtherUnits int `json:"otherUnits,omitempty"`

	Findings  []Finding `json:"findings"`
	Signature Signature `json:"signature,omitzero"` // absent from the report of a sync store
}

// Finding is a finding of the packet with where it belongs: its layer, the
// record it is in, and the field it is about.
type Finding struct {
	Rule      string          `json:"rule"`
	Severity  packet.Severity `json:"severity"`
	Layer     packet.Layer    `json:"layer"`
	Pointer   string          `json:"pointer"`   // JSON Pointer, the same for a packet in XML
	Record    int             `json:"record"`    // index in DuLieu, -1 for the header or the packet
	Field     string          `json:"field"`     // see FieldGroup.Field
	MessageVI string          `json:"messageVI"` // what is wrong and what to do
	MessageEN string          `json:"messageEN"`
}

// LayerCount counts the findings of one validation layer.
type LayerCount struct {
	Layer    packet.Layer `json:"layer"`
	Errors   int          `json:"errors"`
	Warnings int          `json:"warnings"`
}

// RuleGroup is the findings of one rule of the catalogue.
type RuleGroup struct {
	Rule          string          `json:"rule"`
	Severity      packet.Severity `json:"severity"`
	Layer         packet.Layer    `json:"layer"`
	DescriptionVI string          `json:"descriptionVI"`
	DescriptionEN string          `json:"descriptionEN"`
	Count         int             `json:"count"`
	Findings      []int           `json:"findings"` // indexes into Report.Findings
}

// PersonGroup is the findings of one record, which names a person: a
// profile, a change event or a matching result by the person's personal ID.
type PersonGroup struct {
	Record     int    `json:"record"`               // index in DuLieu
	PersonalID string `json:"personalId,omitempty"` // SoDinhDanh, when it is well formed
	FullName   string `json:"fullName,omitempty"`   // HoVaTen of a profile
	Unit       string `json:"unit,omitempty"`       // MaDonViSuDung of a profile
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Findings   []int  `json:"findings"` // indexes into Report.Findings
}

// UnitRole tells which of a profile's two units a UnitGroup counts by.
type UnitRole string

// The two units of a profile.
const (
	RoleManaging  UnitRole = "MaDonViQuanLy" // the managing agency (cơ quan quản lý)
	RoleEmploying UnitRole = "MaDonViSuDung" // the employing unit (đơn vị sử dụng)
)

// UnitGroup is the quality of the profiles of one unit, in one role.
type UnitGroup struct {
	Code     string   `json:"code"`
	Role     UnitRole `json:"role"`
	Records  int      `json:"records"`
	Clean    int      `json:"clean"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
}

// FieldGroup is the findings about one member of the format. Field is the
// path of the member inside its record, without array indexes
// ("NgaySinh", "QuaTrinhCongTac/TuNgay"); a header member is under
// "ThongTinGoiTin"; "" is a whole record or the packet.
type FieldGroup struct {
	Field    string `json:"field"`
	LabelVI  string `json:"labelVI,omitempty"` // the member's name in words (packet.FieldLabel)
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
}

// SignatureStatus is what became of a packet's signature.
type SignatureStatus string

// The statuses of a signature.
const (
	SignatureVerified   SignatureStatus = "verified"    // it verified against the trust roots
	SignatureInvalid    SignatureStatus = "invalid"     // it did not verify: Rule and the messages say why
	SignatureUnsigned   SignatureStatus = "unsigned"    // the packet carries none
	SignatureNotChecked SignatureStatus = "not-checked" // it carries one, and no Verifier was given, or it is over MaxVerifyBytes
	SignatureUnknown    SignatureStatus = "unknown"     // the packet could not be read to its end
)

// Signature is the status of a packet's signature and, when it verified,
// who signed.
type Signature struct {
	Status    SignatureStatus `json:"status"`              // "" for a report of a sync store (Checker.CheckStore): its profiles were not read from one packet
	Format    string          `json:"format,omitempty"`    // "CMS" (JSON) or "XMLDSIG"
	Signer    string          `json:"signer,omitempty"`    // the signer certificate's common name — organisation
	Agency    string          `json:"agency,omitempty"`    // the agency code that matched the sender
	Algorithm string          `json:"algorithm,omitempty"` // e.g. RSA-PSS-SHA256
	SignedAt  time.Time       `json:"signedAt,omitzero"`   // the signing-time the signer asserts
	NotAfter  time.Time       `json:"notAfter,omitzero"`   // the signer certificate's end of validity
	Rule      string          `json:"rule,omitempty"`      // the R-SIG rule a failure breaks
	MessageVI string          `json:"messageVI,omitempty"` // why it failed, or a warning of one that verified
	MessageEN string          `json:"messageEN,omitempty"`
}
