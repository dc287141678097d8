package packet

// The statuses the national database writes in the packets it sends: typed,
// like Kind and Severity, so that a status is never compared as a bare
// string. Each is the only declaration of its values in the module.

// State is the state of a packet the national database has received
// (TrangThaiGoiTin of a PHANHOI).
type State string

// The three packet states.
const (
	StateReceived  State = "TIEP_NHAN" // received, being processed
	StateProcessed State = "DA_XU_LY"  // processed: one KetQuaXuLy per record
	StateRejected  State = "TU_CHOI"   // refused whole: bad signature, bad header, unknown version
)

// RecordStatus is what became of one record of a HOSO or BIENDONG packet
// (TrangThai of KetQuaXuLy).
type RecordStatus string

// The three record statuses.
const (
	RecordOK      RecordStatus = "THANH_CONG" // accepted
	RecordError   RecordStatus = "LOI"        // refused: its ViPham say why
	RecordWarning RecordStatus = "CANH_BAO"   // accepted, with warnings in its ViPham
)

// MatchStatus is the outcome of matching one profile against an
// authoritative database (TrangThai of KetQuaDoiKhop).
type MatchStatus string

// The three match statuses.
const (
	MatchOK       MatchStatus = "KHOP"           // the profile agrees with the source
	MatchDiffers  MatchStatus = "SAI_KHAC"       // it differs: ChenhLech lists where
	MatchNotFound MatchStatus = "KHONG_TIM_THAY" // the source has no such person
)

// Source is the authoritative database a profile was matched against
// (Nguon of KetQuaDoiKhop, code list Nguon).
type Source string

// The two sources.
const (
	SourcePopulation Source = "DAN_CU" // the national population database
	SourceInsurance  Source = "BHXH"   // the national insurance database
)

// StatusOf returns the status of a record whose findings are fs, as the
// national database gives it: RecordError if one is an error,
// RecordWarning if there are only warnings, RecordOK if none.
func StatusOf(fs []Finding) RecordStatus {
	st := RecordOK
	for _, f := range fs {
		if f.Severity == SeverityError {
			return RecordError
		}
		st = RecordWarning
	}
	return st
}
