package packet

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrSignedToXML reports a signed JSON packet given to Convert for XML:
// its detached CMS signature covers the JSON canonical form, which XML
// does not carry.
var ErrSignedToXML = errors.New("packet: a signed JSON packet cannot be converted to XML")

// ConvertError is Convert's refusal of a packet for what is not a finding
// of its values: Err is ErrHeaderNotFirst, ErrSignedToXML or ErrNil.
type ConvertError struct {
	Err       error
	MessageVI string // what is wrong and what to do, in Vietnamese
	MessageEN string
}

// Error returns the English message.
func (e *ConvertError) Error() string { return "packet: convert: " + e.MessageEN }

// Unwrap returns the sentinel.
func (e *ConvertError) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages.
func (e *ConvertError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// Convert reads a packet from r and writes it to w in the target format
// (FormatJSON or FormatXML), one record at a time, keeping its format
// version (PhienBan, and in XML its namespace). A packet with a value that
// does not bind into the model, or that is malformed, is refused with its
// Findings (errors.As), so that nothing is lost; a packet the encoder
// cannot write (records of a kind its header does not name) is refused
// too. w may then hold part of the packet: write to a
// temporary place and keep it only on success. A JSON packet signed with
// CMS keeps its signature in JSON; for XML it is refused
// (ErrSignedToXML). A packet whose header comes after its records is
// refused (ErrHeaderNotFirst): read it whole with Decode instead.
func Convert(ctx context.Context, w io.Writer, r io.Reader, target Format) error {
	switch {
	case ctx == nil || w == nil || r == nil:
		return &ConvertError{Err: ErrNil, MessageEN: "Convert with a nil context, io.Writer or io.Reader",
			MessageVI: "Thiếu tham số khi gọi Convert. Đề nghị truyền đủ context, nguồn đọc và nơi ghi."}
	case target != FormatJSON && target != FormatXML:
		return &ConvertError{Err: ErrNil, MessageEN: fmt.Sprintf("target format %v is not json or xml", target),
			MessageVI: "Định dạng đích không hợp lệ. Đề nghị chọn json hoặc xml."}
	}
	d := NewDecoder(r, FormatAuto, Limits{})
	h, err := d.Header()
	if errors.Is(err, ErrHeaderNotFirst) {
		return &ConvertError{Err: ErrHeaderNotFirst,
			MessageEN: "DuLieu comes before ThongTinGoiTin: convert the packet with the header first",
			MessageVI: "Dữ liệu (DuLieu) đứng trước phần thông tin chung (ThongTinGoiTin). Đề nghị đặt phần thông tin chung lên đầu gói tin rồi chuyển lại."}
	}
	if err != nil {
		return err
	}
	if fs := d.Findings(); fs != nil {
		return fs // converting would lose what did not bind
	}
	enc := NewEncoder(w, target, h)
	for rec, err := range d.Records() {
		if err != nil {
			return asDecodeError(err)
		}
		if fs := d.Findings(); fs != nil {
			return fs // converting would lose what did not bind
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	if fs := d.Findings(); fs != nil {
		return fs
	}
	sig := d.Signature()
	if sig != nil && sig.Format != "CMS" {
		sig = nil
	}
	if sig != nil && target == FormatXML {
		return &ConvertError{Err: ErrSignedToXML,
			MessageEN: "the packet is signed (CMS): converting it would drop the signature; convert the unsigned packet and sign the result",
			MessageVI: "Gói tin đã được ký số: chuyển sang XML sẽ làm mất chữ ký số. Đề nghị chuyển gói tin chưa ký rồi ký số gói tin kết quả."}
	}
	return enc.Close(sig)
}
