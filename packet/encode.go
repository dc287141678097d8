package packet

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
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
	if err := e.usable(); err != nil {
		return err
	}
	if e.closed {
		return errors.New("packet: encode after Close")
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
	if e.n == 0 {
		if e.err = e.start(); e.err != nil {
			return e.err
		}
		if e.xw != nil {
			e.xw.open("DuLieu")
		}
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
		if e.n > 0 {
			e.w.WriteByte(',')
		}
		e.w.WriteByte('\n')
		_, e.err = e.w.Write(b)
	}
	e.n++
	return e.err
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
