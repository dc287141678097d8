package packet

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/internal/xmltext"
)

// Encoder writes a packet one record at a time, so that a packet of any
// size is written with constant memory: the header first, then each record,
// then Close. JSON members and XML elements are written in the order of the
// spec's tables; empty arrays are omitted. The zero Encoder has nowhere to
// write: its methods return ErrNil; make one with NewEncoder.
type Encoder struct {
	w      *bufio.Writer
	format Format
	header Header
	n      int
	closed bool
	err    error
	xw     *xmlWriter
	jenc   *json.Encoder
	// version is the format version the header names; nil for one this
	// package does not know, written as given for a validator to report.
	version *formatVersion
	buf     bytes.Buffer
}

// NewEncoder returns an encoder writing a packet with header h to w in
// format f (FormatJSON or FormatXML), in the format version h.Version
// names (normally [Version]; the XML namespace is that version's).
// h.RecordCount must be the number of records that will be written: it
// comes first on the wire.
func NewEncoder(w io.Writer, f Format, h Header) *Encoder {
	e := &Encoder{w: bufio.NewWriterSize(w, 64<<10), format: f, header: h}
	e.version, _ = headerVersion(&h)
	e.jenc = json.NewEncoder(&e.buf)
	e.jenc.SetEscapeHTML(false)
	switch {
	case w == nil:
		e.err = fmt.Errorf("packet: encode to a nil io.Writer: %w", ErrNil)
	case f != FormatJSON && f != FormatXML:
		e.err = fmt.Errorf("packet: encode: format %v is not json or xml", f)
	}
	return e
}

// usable returns the error of an Encoder that cannot write: nil, zero, or
// failed before.
func (e *Encoder) usable() error {
	if e == nil || e.w == nil {
		return fmt.Errorf("packet: an Encoder not made by NewEncoder: %w", ErrNil)
	}
	return e.err
}

func (e *Encoder) start() error {
	if e.err != nil {
		return e.err
	}
	if e.format == FormatXML {
		e.xw = &xmlWriter{w: e.w}
		ns := latest().namespace
		if e.version != nil {
			ns = e.version.namespace
		}
		e.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<GoiTin xmlns="` + ns + `">`)
		e.xw.depth = 1
		e.xw.open("ThongTinGoiTin")
		e.xw.path = append(e.xw.path[:0], "ThongTinGoiTin")
		e.xw.object(reflect.ValueOf(e.header), headerInfo(), profileInfo())
		e.xw.close("ThongTinGoiTin")
		return e.xw.err
	}
	h, err := e.marshal(e.header)
	if err != nil {
		return err
	}
	e.w.WriteString(`{"ThongTinGoiTin":`)
	e.w.Write(h)
	e.w.WriteString(`,"DuLieu":[`)
	return nil
}

func (e *Encoder) marshal(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.jenc.Encode(v); err != nil {
		return nil, fmt.Errorf("packet: encode: %w", err)
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

// Encode writes one record. Its kind must be the one the header names.
func (e *Encoder) Encode(r Record) error {
	if err := e.writable(); err != nil {
		return err
	}
	if r == nil || reflect.ValueOf(r).IsNil() {
		return errors.New("packet: encode a nil record")
	}
	if want := e.header.Kind.RecordName(); r.RecordName() != want {
		e.err = fmt.Errorf("packet: encode a %s record into a %s packet, which holds %s", r.RecordName(), e.header.Kind, want)
		return e.err
	}
	if err := e.inVersion(r); err != nil {
		return err // the record is not written; the next may be
	}
	if err := e.startData(); err != nil {
		return err
	}
	if e.xw != nil {
		e.xw.open(r.RecordName())
		e.xw.path = append(e.xw.path[:0], "DuLieu", strconv.Itoa(e.n))
		e.xw.object(reflect.ValueOf(r).Elem(), infoOf(reflect.TypeOf(r).Elem()), profileInfo())
		e.xw.close(r.RecordName())
		e.err = e.xw.err
	} else {
		b, err := e.marshal(r)
		if err != nil {
			e.err = err
			return err
		}
		e.separate()
		_, e.err = e.w.Write(b)
	}
	e.n++
	return e.err
}

// writable refuses a record to an encoder not made by NewEncoder, failed
// or closed.
func (e *Encoder) writable() error {
	if err := e.usable(); err != nil {
		return err
	}
	if e.closed {
		return errors.New("packet: encode after Close")
	}
	return nil
}

// startData writes, before the first record, the packet's start and
// DuLieu's.
func (e *Encoder) startData() error {
	if e.n > 0 {
		return nil
	}
	if e.err = e.start(); e.err != nil {
		return e.err
	}
	if e.xw != nil {
		e.xw.open("DuLieu")
	}
	return nil
}

// separate writes what comes before a JSON record: a comma after another,
// and a new line.
func (e *Encoder) separate() {
	if e.n > 0 {
		e.w.WriteByte(',')
	}
	e.w.WriteByte('\n')
}

// EncodeRaw writes one record already encoded in the packet's format, as
// it is: a JSON object, or an XML element named after the header's record
// kind (HoSo, BienDong, KetQuaDoiKhop, KetQuaXuLy) in the packet's
// namespace, with no prefix. It is for records kept in their wire form, a
// store of profiles for one. A record that is not one well-formed value
// of that kind is not written: the error wraps ErrRawRecord and a Findings
// of rule R-FMT-001 at the record's pointer, and the next record may be
// written. EncodeRaw does not bind the record, so it does not check its
// members against the model or the format version as Encode does: a
// Validator reading the packet does.
func (e *Encoder) EncodeRaw(raw []byte) error {
	if err := e.writable(); err != nil {
		return err
	}
	name := e.header.Kind.RecordName()
	if name == "" {
		e.err = fmt.Errorf("packet: encode a record into a %s packet, which holds no records", e.header.Kind)
		return e.err
	}
	check := checkRawJSON
	if e.format == FormatXML {
		check = checkRawXML
	}
	if en, vi := check(raw, name); en != "" {
		fs := Findings{{Rule: RuleFormatSyntax, Severity: SeverityError, Pointer: RecordPointer(e.n, ""),
			MessageEN: en, MessageVI: fmt.Sprintf("Bản ghi thứ %d %s. Đề nghị kiểm tra lại dữ liệu đã lưu của bản ghi này.", e.n+1, vi)}}
		return fmt.Errorf("packet: encode: %w: %w", ErrRawRecord, fs)
	}
	if err := e.startData(); err != nil {
		return err
	}
	if e.xw != nil {
		e.xw.indent()
	} else {
		e.separate()
	}
	_, e.err = e.w.Write(bytes.TrimSpace(raw))
	e.n++
	return e.err
}

// ErrRawRecord reports a record given to Encoder.EncodeRaw that is not
// one well-formed value of the packet's record kind.
var ErrRawRecord = errors.New("packet: not one record of the packet's kind")

// checkRawJSON says, in English and in Vietnamese, why raw is not one
// JSON object; "" when it is.
func checkRawJSON(raw []byte, _ string) (en, vi string) {
	d := jsontext.NewBytesDecoder(raw, jsontext.Limits{})
	if c, err := d.Peek(); err != nil || c != '{' {
		return "not a JSON object", "không phải một đối tượng JSON"
	}
	if _, _, err := d.RawValue(len(raw)); err != nil {
		return "not well-formed JSON: " + err.Error(), "không đúng cú pháp JSON"
	}
	if err := d.End(); err != nil {
		return "more than one JSON value: " + err.Error(), "có nhiều hơn một giá trị JSON"
	}
	return "", ""
}

// checkRawXML says, in English and in Vietnamese, why raw is not one
// element called name in the packet's namespace; "" when it is.
func checkRawXML(raw []byte, name string) (en, vi string) {
	d := xmltext.NewDecoder(bytes.NewReader(raw), xmltext.Limits{})
	var open []xml.Name
	done := false // the record's element is read: only white space may follow
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "not well-formed XML: " + err.Error(), "không đúng cú pháp XML"
		}
		switch t := t.(type) {
		case *xml.StartElement:
			if len(open) == 0 && done {
				return "more than one XML element", "có nhiều hơn một phần tử XML"
			}
			if len(open) == 0 && (t.Name.Space != "" || t.Name.Local != name || redeclaresDefault(t.Attr)) {
				return fmt.Sprintf("not a <%s> element of the packet's namespace", name),
					fmt.Sprintf("không phải phần tử %s thuộc không gian tên của gói tin", name)
			}
			open = append(open, t.Name)
		case *xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return "not well-formed XML: an end tag that matches no start tag", "không đúng cú pháp XML"
			}
			open = open[:len(open)-1]
			done = len(open) == 0
		case *xml.CharData:
			if len(open) == 0 && len(bytes.TrimSpace(*t)) > 0 {
				return "text outside the record's element", "có văn bản nằm ngoài phần tử của bản ghi"
			}
		default:
			if len(open) == 0 {
				return "something other than one element", "có nội dung khác ngoài một phần tử XML"
			}
		}
	}
	if !done {
		return "not one whole XML element", "không phải một phần tử XML đầy đủ"
	}
	return "", ""
}

// redeclaresDefault tells that attrs declare a default namespace, which
// would take the record out of the packet's.
func redeclaresDefault(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == "xmlns" {
			return true
		}
	}
	return false
}

// inVersion refuses a record with a member the packet's format version does
// not have: writing it would drop the value.
func (e *Encoder) inVersion(r Record) error {
	if e.version == nil {
		return nil
	}
	var fs Findings
	for _, m := range versionedMembers(r) {
		if !m.field.in(e.version.major) {
			fs.add(notInVersion(m.pointer(e.n), m.field, e.version.major))
		}
	}
	if fs == nil {
		return nil
	}
	return fmt.Errorf("packet: encode: %w: %w", ErrVersion, fs)
}

// Close writes the end of the packet, with its signature when sig is not
// nil (JSON only: an XML packet is signed by the signing package, which
// inserts the enveloped ds:Signature into the bytes). It reports an error
// when the number of records differs from the header's RecordCount.
func (e *Encoder) Close(sig *Signature) error {
	if err := e.usable(); err != nil {
		return err
	}
	if e.closed {
		return nil
	}
	e.closed = true
	if e.n == 0 {
		if e.err = e.start(); e.err != nil {
			return e.err
		}
	}
	if e.xw != nil {
		if e.n > 0 {
			e.xw.close("DuLieu")
		}
		e.w.WriteString("\n</GoiTin>\n")
	} else {
		if e.n > 0 {
			e.w.WriteByte('\n')
		}
		e.w.WriteByte(']')
		if sig != nil {
			b, err := e.marshal(sig)
			if err != nil {
				return err
			}
			e.w.WriteString(`,"ChuKySo":`)
			e.w.Write(b)
		}
		e.w.WriteString("}\n")
	}
	if err := e.w.Flush(); err != nil {
		e.err = err
		return err
	}
	if e.n != e.header.RecordCount {
		return fmt.Errorf("packet: wrote %d records, but SoLuongBanGhi says %d: %w", e.n, e.header.RecordCount, ErrRecordCount)
	}
	return nil
}

// ErrRecordCount reports a packet written with another number of records
// than its header's SoLuongBanGhi. The packet is written in full all the
// same, so that a validator can report the difference (R-HDR-003).
var ErrRecordCount = errors.New("record count differs from SoLuongBanGhi")

// Encode writes p in format f. The records written are those of the kind
// the header names.
func (p *Packet) Encode(w io.Writer, f Format) error {
	if p == nil {
		return fmt.Errorf("packet: Encode a nil *Packet: %w", ErrNil)
	}
	e := NewEncoder(w, f, p.Header)
	for r := range p.Records.all() {
		if err := e.Encode(r); err != nil {
			return err
		}
	}
	return e.Close(p.Signature)
}

// all returns the records as Records, profiles first; a well-formed packet
// has records of one kind only.
func (r *Records) all() func(yield func(Record) bool) {
	return func(yield func(Record) bool) {
		for i := range r.Profiles {
			if !yield(&r.Profiles[i]) {
				return
			}
		}
		for i := range r.Changes {
			if !yield(&r.Changes[i]) {
				return
			}
		}
		for i := range r.Matches {
			if !yield(&r.Matches[i]) {
				return
			}
		}
		for i := range r.Results {
			if !yield(&r.Results[i]) {
				return
			}
		}
	}
}

// MarshalJSON writes the packet in its JSON form.
func (p *Packet) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := p.Encode(&b, FormatJSON); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
