package packet

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// ErrNoSender is the error of a Builder without a Sender.
var ErrNoSender = errors.New("packet: no sender")

// BuildError is the error of a Builder: Err is ErrNoSender, or the error of
// NewID beside the message.
type BuildError struct {
	Err       error
	MessageEN string
	MessageVI string
}

// Error returns the English message.
func (e *BuildError) Error() string { return "packet: " + e.MessageEN }

// Unwrap returns the sentinel or the cause, for errors.Is and errors.As.
func (e *BuildError) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages.
func (e *BuildError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// Builder makes the packets an agency sends, with the header filled in as
// the format asks: a new MaGoiTin (UUID v7), PhienBan Version, the sender,
// the national database as the receiver, ThoiGianTao, PhanMemGui and
// SoLuongBanGhi counted from the records. Only Sender is required; the
// zero values of the other fields are the defaults. A Builder is safe for
// concurrent use when its functions are.
type Builder struct {
	Sender   identifier.AgencyCode     // MaDonViGui: the agency that sends and signs; required
	Receiver identifier.AgencyCode     // MaDonViNhan; zero: identifier.NationalDatabase()
	Software string                    // PhanMemGui: the sending software and its version, e.g. "QLCB 4.2"
	Now      func() time.Time          // ThoiGianTao, to the second; nil: time.Now
	NewID    func() (uuid.UUID, error) // MaGoiTin; nil: uuid.NewV7
}

// Profiles returns a HOSO packet of the profiles.
func (b *Builder) Profiles(profiles []Profile) (*Packet, error) {
	return b.build(KindProfiles, Records{Profiles: profiles})
}

// Changes returns a BIENDONG packet of the change events.
func (b *Builder) Changes(changes []Change) (*Packet, error) {
	return b.build(KindChanges, Records{Changes: changes})
}

// Header returns the header of a packet of kind with n records, for a
// caller that writes the records itself (with an Encoder).
func (b *Builder) Header(kind Kind, n int) (Header, error) {
	if b == nil || b.Sender.IsZero() {
		return Header{}, &BuildError{Err: ErrNoSender, MessageEN: "Builder without a Sender (MaDonViGui)",
			MessageVI: "Chưa có mã định danh điện tử của cơ quan, tổ chức gửi (MaDonViGui). Đề nghị ghi mã của cơ quan gửi vào Builder.Sender."}
	}
	return b.header(kind, n)
}

// CheckingHeader returns the header under which records are checked
// rather than sent — a dry run before a sync, the quality of what a sync
// store holds: the header Header makes, but Sender may be zero (and b nil)
// when the agency is not known. The sender owns the profiles of a HOSO
// packet, so a zero one leaves their managing units unjudged (R-OWN-001,
// the only rule of a record that reads it), and gives the header findings
// of its own (MaDonViGui missing): keep the findings in a record
// (Finding.Record). A header without a sender is never to be sent; Header
// refuses to make one.
func (b *Builder) CheckingHeader(kind Kind, n int) (Header, error) {
	if b == nil {
		b = &Builder{}
	}
	return b.header(kind, n)
}

// header makes the header of kind with n records, Sender as it is.
func (b *Builder) header(kind Kind, n int) (Header, error) {
	newID, now, receiver := b.NewID, b.Now, b.Receiver
	if newID == nil {
		newID = uuid.NewV7
	}
	if now == nil {
		now = time.Now
	}
	if receiver.IsZero() {
		receiver = identifier.NationalDatabase()
	}
	id, err := newID()
	if err != nil {
		return Header{}, &BuildError{Err: err, MessageEN: fmt.Sprintf("making the packet ID (MaGoiTin): %v", err),
			MessageVI: "Không tạo được mã gói tin (MaGoiTin). Đề nghị xem chi tiết kỹ thuật ở dòng tiếng Anh rồi tạo lại gói tin."}
	}
	return Header{ID: id, Kind: kind, Version: Version, Sender: b.Sender, Receiver: receiver,
		Created: now().Truncate(time.Second), RecordCount: n, Software: b.Software}, nil
}

func (b *Builder) build(kind Kind, r Records) (*Packet, error) {
	h, err := b.Header(kind, r.Len())
	if err != nil {
		return nil, err
	}
	return &Packet{Header: h, Records: r}, nil
}
