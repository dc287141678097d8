package packet

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// Format is the encoding of a packet.
type Format int

// The encodings of a packet.
const (
	FormatAuto Format = iota // detect from the first non-space byte: '{' JSON, '<' XML
	FormatJSON
	FormatXML
)

// String names the format: "auto", "json" or "xml".
func (f Format) String() string {
	switch f {
	case FormatAuto:
		return "auto"
	case FormatJSON:
		return "json"
	case FormatXML:
		return "xml"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ParseFormat parses "auto", "json" or "xml".
func ParseFormat(s string) (Format, error) {
	switch s {
	case "auto", "":
		return FormatAuto, nil
	case "json":
		return FormatJSON, nil
	case "xml":
		return FormatXML, nil
	}
	return 0, fmt.Errorf("packet: unknown format %q (want auto, json or xml)", s)
}

// Limits bound what a decoder accepts (rule R-FMT-004). A zero field takes
// its default; a negative one means no limit. The defaults fit a HOSO packet
// of a large province — 200,000 full profiles — while keeping a hostile
// input from exhausting memory or time: a streaming decoder holds one record
// at a time, and each limit holds while the input is read, so memory is
// bounded by the string, name, depth and attribute limits, not by the size
// of the packet or of any one value in it.
type Limits struct {
	MaxBytes      int64 // whole input; default 2 GiB
	MaxDepth      int   // nesting of objects, arrays or elements; default 32
	MaxRecords    int   // records in DuLieu; default 200,000
	MaxStringLen  int   // bytes of one string or element text; default 64 KiB
	MaxElements   int   // XML elements in the document; default 100,000,000
	MaxNameLen    int   // bytes of one member, element or attribute name; default 256
	MaxNumberLen  int   // bytes of one number; default 64
	MaxAttributes int   // attributes of one XML element, namespace declarations included; default 64

	// The findings a Validator lists: at most MaxRecordFindings for one
	// record (default 100) and MaxFindings in all (default 10,000). It
	// counts the others in Report.Omitted and, when some of them are
	// errors, ends the record's or the report's list with a R-FMT-004
	// finding that says how many were left out.
	MaxRecordFindings int
	MaxFindings       int
}

// DefaultLimits returns the default limits.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 2 << 30, MaxDepth: 32, MaxRecords: 200_000, MaxStringLen: 64 << 10, MaxElements: 100_000_000,
		MaxNameLen: 256, MaxNumberLen: 64, MaxAttributes: 64, MaxRecordFindings: 100, MaxFindings: 10_000}
}

// readLimits are Limits as the readers hold them: the defaults filled in,
// and 0 for no limit. Only Limits.resolved makes them, and they have no
// resolved of their own, so that limits are resolved once: resolving
// again would take a limit switched off (0 here) for one left to its
// default.
type readLimits Limits

// resolved fills defaults in, and turns "no limit" into 0 for the readers.
func (l Limits) resolved() readLimits {
	d := DefaultLimits()
	pick := func(v, def int64) int64 {
		switch {
		case v == 0:
			return def
		case v < 0:
			return 0
		}
		return v
	}
	pickInt := func(v, def int) int { return int(pick(int64(v), int64(def))) }
	return readLimits{
		MaxBytes:          pick(l.MaxBytes, d.MaxBytes),
		MaxDepth:          pickInt(l.MaxDepth, d.MaxDepth),
		MaxRecords:        pickInt(l.MaxRecords, d.MaxRecords),
		MaxStringLen:      pickInt(l.MaxStringLen, d.MaxStringLen),
		MaxElements:       pickInt(l.MaxElements, d.MaxElements),
		MaxNameLen:        pickInt(l.MaxNameLen, d.MaxNameLen),
		MaxNumberLen:      pickInt(l.MaxNumberLen, d.MaxNumberLen),
		MaxAttributes:     pickInt(l.MaxAttributes, d.MaxAttributes),
		MaxRecordFindings: pickInt(l.MaxRecordFindings, d.MaxRecordFindings),
		MaxFindings:       pickInt(l.MaxFindings, d.MaxFindings),
	}
}

// eventKind is what a reader met at the top of a packet.
type eventKind int

const (
	evHeader    eventKind = iota + 1 // ThongTinGoiTin
	evRecord                         // one item of DuLieu
	evSignature                      // ChuKySo, or the enveloped ds:Signature
	evUnknown                        // a member the envelope does not have
	evData                           // DuLieu begins, before its records: the packet has one, even empty
)

type event struct {
	kind  eventKind
	name  string // record element name (XML) or member name (evUnknown)
	tree  any
	index int // record index

	// A JSON record read by a reader in raw mode is its bytes, valid until
	// the next read, with the offset of the first and the depth it is at:
	// recordTree reads them. A record too large for that comes as a tree.
	raw    []byte
	offset int64
	depth  int
	// fits tells that the record is within the limits, so that fastRecord,
	// which knows none, may bind it: see rawRecord.
	fits bool
	// rec is an XML record the reader bound from its tokens, with nothing
	// to report of its schema or binding (xmlFast); tree is then nil.
	rec Record
	// xmlJSON tells that raw is the JSON of the tree of an XML record,
	// which the reader wrote instead of binding it (xmlFast): it is read
	// with no limit, since the XML ones held as it was written.
	xmlJSON bool
}

// rawRecord returns a record's bytes for fastRecord: nil unless the record
// came as bytes and is within the limits for sure, since fastRecord does not
// know the limits, and a record over one is refused on the exact path.
func (ev event) rawRecord() []byte {
	if !ev.fits {
		return nil
	}
	return ev.raw
}

// maxRawRecord is the largest record a JSON reader in raw mode hands on as
// bytes (a profile is a few kilobytes): it reads a larger one into a tree
// itself, so that the bytes of the records in flight stay few.
const maxRawRecord = 1 << 20

// recordTree returns a record's tree: the reader's, or one dec reads from
// the record's bytes, meeting the errors, at the offsets and pointers,
// that reading the whole packet would have met.
func recordTree(dec *jsontext.Decoder, ev event) (any, error) {
	if ev.raw == nil {
		return ev.tree, nil
	}
	if ev.xmlJSON {
		return jsontext.NewBytesDecoder(ev.raw, jsontext.Limits{}).Value()
	}
	dec.ResetAt(ev.raw, jsontext.At{Offset: ev.offset, Pointer: RecordPointer(ev.index, ""), Depth: ev.depth})
	v, err := dec.Value()
	if err != nil {
		return nil, jsonError(err)
	}
	return v, nil
}

// treeReader reads a packet as a sequence of events, one record at a time.
type treeReader interface {
	next() (event, error) // io.EOF after the last
	// version is the major format version the syntax says, before the
	// header (the XML namespace); 0 when only the header says it (JSON).
	version() int
}

// newTreeReader detects the format when asked and returns its reader.
func newTreeReader(r io.Reader, f Format, given Limits) (treeReader, Format, error) {
	lim := given.resolved()
	if f == FormatAuto {
		br := bufio.NewReaderSize(r, 64<<10)
		var err error
		if f, err = sniff(br); err != nil {
			return nil, f, err
		}
		r = br
	}
	if f == FormatXML {
		return &xmlPacketReader{x: newXMLTreeReader(r, lim), lim: lim}, f, nil
	}
	return &jsonPacketReader{d: jsontext.NewDecoder(r, jsonLimits(lim)), lim: lim}, f, nil
}

func jsonLimits(lim readLimits) jsontext.Limits {
	return jsontext.Limits{MaxBytes: lim.MaxBytes, MaxDepth: lim.MaxDepth, MaxStringLen: lim.MaxStringLen,
		MaxNameLen: lim.MaxNameLen, MaxNumberLen: lim.MaxNumberLen}
}

// sniff tells JSON from XML by the first byte that is not white space, by
// the rule of DetectFormat.
func sniff(br *bufio.Reader) (Format, error) {
	for i := 0; ; i++ {
		b, err := br.Peek(i + 1)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				return FormatAuto, errEmpty
			}
			return FormatAuto, err
		}
		if f, err := classify(b[i]); f != FormatAuto || err != nil {
			return f, err
		}
	}
}

// classify tells the format by a packet's first byte; FormatAuto and no
// error for white space, which may come first.
func classify(c byte) (Format, error) {
	switch c {
	case ' ', '\t', '\r', '\n':
		return FormatAuto, nil
	case '{':
		return FormatJSON, nil
	case '<':
		return FormatXML, nil
	case 0xEF:
		return FormatAuto, &formatError{RuleFormatSyntax, "", "the input starts with a byte-order mark; packets are UTF-8 without one",
			"Gói tin bắt đầu bằng dấu BOM: gói tin phải là UTF-8 không có BOM. Đề nghị lưu lại tệp ở dạng UTF-8 không BOM."}
	}
	return FormatAuto, &formatError{RuleFormatSyntax, "", fmt.Sprintf("the input starts with %q: neither a JSON object nor an XML document", c),
		fmt.Sprintf("Gói tin bắt đầu bằng %q: không phải đối tượng JSON hay tài liệu XML. Đề nghị kiểm tra lại tệp gửi đi.", c)}
}

var errEmpty = &formatError{RuleFormatSyntax, "", "empty input: neither JSON nor XML",
	"Gói tin rỗng: không phải JSON hay XML. Đề nghị kiểm tra lại tệp gửi đi."}

// DetectFormat tells a JSON packet from an XML one by its first byte that
// is not white space: '{' is JSON, '<' is XML. It is the one rule the SDK
// sniffs by; a byte-order mark, an empty input or anything else is a
// Findings error of rule R-FMT-001. Callers that know the format should
// name it rather than sniff.
func DetectFormat(b []byte) (Format, error) {
	for _, c := range b {
		f, err := classify(c)
		if err != nil {
			return FormatAuto, asDecodeError(err)
		}
		if f != FormatAuto {
			return f, nil
		}
	}
	return FormatAuto, asDecodeError(errEmpty)
}

// ReadHeader reads a packet in format f (FormatAuto: detected) to its end
// and returns its header. It is the one function by which the SDK learns
// who sent a packet and what it is: the verifier's signer check, the
// client's and the sandbox's sender checks all come to it or to Decode,
// which read the header the same way. It reads the whole packet, so that a
// packet with a second header, or malformed after its header, is refused
// rather than judged by its first part; the records are read past, not
// bound. As with Decode, the error is fatal only: a malformed packet (a
// Findings error naming its rule), a limit, or ErrMissingHeader; it returns
// no header. A header value that does not parse leaves its field zero and
// is one of the findings returned beside the header.
func ReadHeader(r io.Reader, f Format, lim Limits) (Header, Findings, error) {
	return NewDecoder(r, f, lim).readHeader()
}

// readHeader is ReadHeader on a new Decoder, which tells the format and
// the XML namespace's version afterwards.
func (d *Decoder) readHeader() (Header, Findings, error) {
	if err := d.init(); err != nil {
		return Header{}, nil, asDecodeError(err)
	}
	if j, ok := d.r.(*jsonPacketReader); ok && !d.trees {
		j.skip = new(jsontext.Skipper) // records checked, not read into trees
	}
	if xr, ok := d.r.(*xmlPacketReader); ok && !d.trees {
		// Records written as JSON and dropped, not read into trees; read
		// again into trees only to meet their errors (xmlFast).
		xr.handOn = true
		xr.bindFast(func(int) bool { return true })
	}
	var fs Findings
	for {
		ev, err := d.r.next()
		if done, err := d.headerStep(ev, err, &fs); done {
			return d.headerResult(fs, err)
		}
	}
}

// headerStep takes what the reader read next for ReadHeader, the
// header's findings into fs, and tells that the packet is read, with the
// error that ends it.
func (d *Decoder) headerStep(ev event, err error, fs *Findings) (done bool, _ error) {
	if err == io.EOF {
		return true, nil
	}
	if err != nil {
		return true, asDecodeError(err)
	}
	if ev.kind == evHeader {
		d.takeHeader(ev)
		*fs = d.Findings()
	}
	return false, nil
}

// headerResult returns what ReadHeader returns once the packet is read, or
// failed with err.
func (d *Decoder) headerResult(fs Findings, err error) (Header, Findings, error) {
	switch {
	case err != nil:
		return Header{}, nil, err
	case d.header == nil:
		return Header{}, nil, ErrMissingHeader
	}
	return *d.header, fs, nil
}

// jsonPacketReader walks a JSON packet: the envelope members in any order,
// the records of DuLieu one by one.
// version is 0: a JSON packet says its version only in its header.
func (j *jsonPacketReader) version() int { return 0 }

type jsonPacketReader struct {
	d   *jsontext.Decoder
	lim readLimits
	raw bool // hand records on as bytes (event.raw), not trees
	// skip, when set, checks records as Value would read them and hands
	// on neither bytes nor trees: ReadHeader binds none.
	skip    *jsontext.Skipper
	started bool
	inArray bool
	first   bool // no member or element read yet at the current level
	index   int
	seen    map[string]bool
	done    bool
}

func (j *jsonPacketReader) next() (event, error) {
	if j.done {
		return event{}, io.EOF
	}
	if !j.started {
		j.started = true
		j.first = true
		j.seen = map[string]bool{}
		if err := j.d.BeginObject(); err != nil {
			return event{}, jsonError(err)
		}
	}
	for {
		if j.inArray {
			more, err := j.d.NextElement(j.index == 0)
			if err != nil {
				return event{}, jsonError(err)
			}
			if more {
				if j.lim.MaxRecords > 0 && j.index >= j.lim.MaxRecords {
					return event{}, &formatError{RuleFormatLimit, RecordPointer(j.index, ""),
						fmt.Sprintf("more than the limit of %d records", j.lim.MaxRecords),
						limitVI("", "records")}
				}
				ev, err := j.record()
				if err != nil {
					return event{}, jsonError(err)
				}
				j.index++
				return ev, nil
			}
			j.d.Pop()
			j.inArray = false
			continue
		}
		k, ok, err := j.d.NextMember(j.first)
		j.first = false
		if err != nil {
			return event{}, jsonError(err)
		}
		if !ok {
			j.done = true
			if err := j.d.End(); err != nil {
				return event{}, jsonError(err)
			}
			return event{}, io.EOF
		}
		if j.seen[k] {
			return event{}, &formatError{RuleFormatDuplicateKey, "/" + k, fmt.Sprintf("duplicate key %q", clip.String(k)), duplicateVI("/" + escapePointer(k))}
		}
		j.seen[k] = true
		j.d.PushKey(k)
		if k == "DuLieu" {
			c, err := j.d.Peek()
			if err != nil {
				return event{}, jsonError(err)
			}
			if c == '[' {
				if err := j.d.BeginArray(); err != nil {
					return event{}, jsonError(err)
				}
				j.inArray = true
				return event{kind: evData}, nil
			}
			// Not an array: the schema layer reports it.
		}
		v, err := j.d.Value()
		j.d.Pop()
		if err != nil {
			return event{}, jsonError(err)
		}
		switch k {
		case "ThongTinGoiTin":
			return event{kind: evHeader, tree: v}, nil
		case "ChuKySo":
			return event{kind: evSignature, tree: v}, nil
		}
		return event{kind: evUnknown, name: k, tree: v}, nil
	}
}

// record reads the record at j.index: in raw mode only as far as to find
// its end, unless it is not an object or array or is too large.
func (j *jsonPacketReader) record() (event, error) {
	ev := event{kind: evRecord, index: j.index}
	var err error
	j.d.PushIndex(j.index)
	if j.skip != nil {
		err = j.skip.Skip(j.d)
	} else if j.raw {
		var raw jsontext.Raw
		ev.depth = j.d.Depth()
		raw, ev.tree, err = j.d.RawValue(maxRawRecord)
		ev.raw, ev.offset, ev.fits = raw.Bytes, raw.Offset, raw.Fits
	} else {
		ev.tree, err = j.d.Value()
	}
	j.d.Pop()
	return ev, err
}

// jsonError maps a reader error to the rule it breaks; an I/O error stays
// what it is.
func jsonError(err error) error {
	var e *jsontext.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Kind {
	case jsontext.DuplicateKey:
		return &formatError{RuleFormatDuplicateKey, e.Pointer, e.Msg + fmt.Sprintf(" at byte %d", e.Offset),
			duplicateVI(e.Pointer)}
	case jsontext.Limit:
		return &formatError{RuleFormatLimit, e.Pointer, e.Msg + fmt.Sprintf(" at byte %d", e.Offset),
			limitVI(e.Pointer, e.Msg)}
	case jsontext.Syntax:
		return &formatError{RuleFormatSyntax, e.Pointer, "not well-formed JSON: " + e.Msg + fmt.Sprintf(" at byte %d", e.Offset),
			syntaxVI(FormatJSON, e.Pointer, e.Msg)}
	}
	return err
}

// xmlPacketReader walks an XML packet: GoiTin, then ThongTinGoiTin, the
// records of DuLieu one by one, and the signature.
type xmlPacketReader struct {
	x       *xmlTreeReader
	lim     readLimits
	started bool
	inData  bool
	index   int
	done    bool
	seen    map[xml.Name]bool // the root's children so far
	major   int               // the format version of the root's namespace
	// fastOK, when set, says whether the records of a format version may
	// be bound from their tokens (xmlFast); fast is then set once the
	// root names the version.
	fastOK func(major int) bool
	fast   *xmlFast
	// handOn makes the fast path hand records on as the JSON of their
	// trees (event.xmlJSON), for the Validator's workers to bind.
	handOn bool
}

// version returns the major format version the root element's namespace
// names.
func (p *xmlPacketReader) version() int { return p.major }

// rootError refuses a root element that is not GoiTin in the namespace of
// a format version this package reads.
func rootError(n xml.Name) error {
	var nss []string
	for _, v := range versions {
		nss = append(nss, v.namespace)
	}
	en := fmt.Sprintf("the root element <%s> in namespace %q is not GoiTin in one of the namespaces %s",
		clip.String(n.Local), clip.String(n.Space), strings.Join(nss, ", "))
	vi := fmt.Sprintf("Phần tử gốc tên (%s) không phải phần tử gói tin (GoiTin) thuộc không gian tên của một phiên bản định dạng gói tin (%s). "+
		"Đề nghị lập gói tin theo định dạng phiên bản %s.", clip.String(n.Local), strings.Join(SupportedVersions(), ", "), Version)
	return &formatError{RuleSchema, "", en, vi}
}

func (p *xmlPacketReader) next() (event, error) {
	if p.done {
		return event{}, io.EOF
	}
	x := p.x
	if !p.started {
		p.started = true
		var t xml.Token
		for {
			var err error
			if t, err = x.token(nil); err != nil {
				return event{}, unexpectedEOF(err, nil)
			}
			if cd, ok := t.(*xml.CharData); !ok || len(xmlTrim(*cd)) > 0 {
				break
			}
		}
		root, ok := t.(*xml.StartElement)
		if !ok {
			return event{}, &formatError{RuleFormatSyntax, "", "not an XML document: text where the root element should be",
				"Gói tin không phải tài liệu XML: có văn bản ở vị trí của phần tử gốc. Đề nghị kiểm tra lại tệp gửi đi."}
		}
		v, ok := versionOfNamespace(root.Name.Space)
		if root.Name.Local != "GoiTin" || !ok {
			return event{}, rootError(root.Name)
		}
		x.ns, p.major = v.namespace, v.major
		p.bindFast(p.fastOK)
	}
	root := xpath{}
	data := root.child("DuLieu")
	for {
		var ptr *xpath
		rec := data.item(p.index)
		if p.inData {
			ptr = &rec
			if p.fast != nil {
				x.d.MarkNext() // a record's bytes, should it be read again
			}
		}
		t, err := x.token(ptr)
		if _, ok := t.(*xml.StartElement); !ok || !p.inData {
			x.d.Unmark()
		}
		if err != nil {
			return event{}, unexpectedEOF(err, ptr)
		}
		switch t := t.(type) {
		case *xml.CharData:
			continue // white space between elements
		case *xml.EndElement:
			if p.inData {
				p.inData = false
				continue
			}
			p.done = true
			// Nothing but comments and white space may follow the root.
			for {
				t, err := x.d.Token()
				if err == io.EOF {
					return event{}, io.EOF
				}
				if err != nil {
					return event{}, &formatError{RuleFormatSyntax, "", "content after the root element: " + err.Error(), afterRootVI}
				}
				switch t := t.(type) {
				case xml.Comment:
					continue
				case *xml.CharData:
					if len(xmlTrim(*t)) == 0 {
						continue
					}
				case xml.ProcInst, xml.Directive:
					return event{}, &formatError{RuleFormatXMLDirective, "", "a processing instruction or declaration after the root element",
						directiveVI("")}
				}
				return event{}, &formatError{RuleFormatSyntax, "", "content after the root element", afterRootVI}
			}
		case *xml.StartElement:
			if p.inData {
				if p.lim.MaxRecords > 0 && p.index >= p.lim.MaxRecords {
					return event{}, &formatError{RuleFormatLimit, ptr.String(), fmt.Sprintf("more than the limit of %d records", p.lim.MaxRecords),
						limitVI("", "records")}
				}
				if err := x.foreign(t, ptr); err != nil {
					return event{}, err
				}
				ev, err := p.record(t.Name.Local, ptr)
				if err != nil {
					return event{}, err
				}
				p.index++
				return ev, nil
			}
			if err := p.once(t.Name, root.child(t.Name.Local)); err != nil {
				return event{}, err
			}
			switch {
			case t.Name.Space == xmlDSigNamespace && t.Name.Local == "Signature":
				sig := root.child("Signature")
				x.inSignature = true
				err := x.skip(&sig)
				x.inSignature = false
				if err != nil {
					return event{}, err
				}
				return event{kind: evSignature, tree: map[string]any{"DinhDang": "XMLDSIG"}}, nil
			case t.Name.Space == x.ns && t.Name.Local == "ThongTinGoiTin":
				hp := root.child("ThongTinGoiTin")
				v, err := x.object(&hp, headerInfo(), profileInfo())
				if err != nil {
					return event{}, err
				}
				return event{kind: evHeader, tree: v}, nil
			case t.Name.Space == x.ns && t.Name.Local == "DuLieu":
				p.inData = true
				return event{kind: evData}, nil
			}
			name := t.Name.Local // t is the decoder's until its next token
			up := root.child(name)
			if err := x.foreign(t, &up); err != nil {
				return event{}, err
			}
			v, err := x.untyped(&up)
			if err != nil {
				return event{}, err
			}
			return event{kind: evUnknown, name: name, tree: v}, nil
		}
	}
}

// bindFast makes the reader bind records from their tokens in the format
// versions ok allows, once the root names the version.
func (p *xmlPacketReader) bindFast(ok func(major int) bool) {
	p.fastOK = ok
	if p.fast == nil && p.major != 0 && ok != nil && ok(p.major) {
		p.fast = newXMLFast(p.x)
		p.fast.handOn = p.handOn
	}
}

// record reads the record whose start tag, of element name, was just
// read: bound from its tokens when it can be, else into a tree.
func (p *xmlPacketReader) record(name string, ptr *xpath) (event, error) {
	x := p.x
	defer x.d.Unmark()
	ti := recordInfo(name)
	if ti == nil {
		v, err := x.untyped(ptr)
		return event{kind: evRecord, tree: v, index: p.index}, err
	}
	if p.fast == nil {
		v, err := x.object(ptr, ti, profileInfo())
		return event{kind: evRecord, name: name, tree: v, index: p.index}, err
	}
	st := xmlRecordState{scopes: len(x.scopes) - 1, depth: x.depth - 1, elements: x.elements - 1}
	if rec, raw, ok := p.fast.record(name, p.major); ok {
		return event{kind: evRecord, name: name, rec: rec, raw: raw, fits: raw != nil, xmlJSON: raw != nil, index: p.index}, nil
	}
	// Read to the record's end, unless the reader failed, and read the
	// record again, the exact way.
	for !p.fast.broken && len(x.scopes) > st.scopes {
		if _, err := x.token(ptr); err != nil {
			break
		}
	}
	v, err := p.exact(st, ptr, ti)
	return event{kind: evRecord, name: name, tree: v, index: p.index}, err
}

// once refuses a second child of the root of the same name: a packet has
// one header, one DuLieu and one signature, and readers that took the
// first and readers that took the last would read different packets.
func (p *xmlPacketReader) once(n xml.Name, ptr xpath) error {
	if p.seen == nil {
		p.seen = map[xml.Name]bool{}
	}
	if p.seen[n] {
		return duplicateElement(&ptr, n.Local)
	}
	p.seen[n] = true
	return nil
}

func xmlTrim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

// Decoder reads a packet of any size one record at a time. The zero
// Decoder has nothing to read: its methods return ErrNil; make one with
// NewDecoder.
type Decoder struct {
	src    io.Reader
	format Format
	lim    Limits
	r      treeReader

	header    *Header
	signature *Signature
	records   int
	// findings are those met since Records last yielded a record, or
	// up to the header when Header read it.
	findings Findings
	// headerRead: Header read the header, and findings are its; Records
	// starts afresh.
	headerRead bool
	err        error
	sub        *jsontext.Decoder // reads records from their bytes
	trees      bool              // read records into trees in the reader (tests: see Validator.trees)
	// workers bind JSON records while the reader reads on (readAhead):
	// GOMAXPROCS of them when 0; 1 binds them in the reader (tests).
	workers int
	window  int // records read ahead at most; 0: aheadRecords a worker (tests set it)
	ahead   *readAhead
}

// NewDecoder returns a decoder reading a packet in format f from r.
func NewDecoder(r io.Reader, f Format, lim Limits) *Decoder {
	return &Decoder{src: r, format: f, lim: lim}
}

func (d *Decoder) init() error {
	if d == nil {
		return fmt.Errorf("packet: a nil *Decoder: %w", ErrNil)
	}
	if d.r != nil || d.err != nil {
		return d.err
	}
	if d.src == nil {
		d.err = fmt.Errorf("packet: a Decoder with no io.Reader (make one with NewDecoder): %w", ErrNil)
		return d.err
	}
	d.r, d.format, d.err = newTreeReader(d.src, d.format, d.lim)
	return d.err
}

// Format returns the packet's format, detected if it was FormatAuto; it is
// known once Header or Records has been called.
func (d *Decoder) Format() Format {
	if d == nil {
		return FormatAuto
	}
	return d.format
}

// Header reads up to the header and returns it. The error is fatal only,
// as Records': a header value that does not parse leaves its field zero
// and is a finding, which Findings returns until Records is called. JSON
// members may come in any order: when DuLieu comes first, Header fails
// with ErrHeaderNotFirst rather than buffer the records; Records reads such
// a packet.
func (d *Decoder) Header() (Header, error) {
	if d != nil && d.header != nil {
		return *d.header, nil
	}
	if err := d.init(); err != nil {
		return Header{}, asDecodeError(err)
	}
	if d.queued() { // Records stopped with records read ahead
		d.err = ErrHeaderNotFirst
		return Header{}, d.err
	}
	for {
		ev, err := d.next()
		if err == io.EOF {
			return Header{}, ErrMissingHeader
		}
		if err != nil {
			d.err = err
			return Header{}, asDecodeError(err)
		}
		switch ev.kind {
		case evHeader:
			// With the members the format does not have that came before.
			d.takeHeader(ev)
			d.headerRead = true
			return *d.header, nil
		case evSignature, evUnknown:
			d.takeEnvelope(ev)
		case evRecord:
			d.err = ErrHeaderNotFirst
			return Header{}, d.err
		}
	}
}

// Records returns the records in order, each with a nil error. The error
// is fatal only: it ends the sequence, with a nil record; a malformed
// input or a limit is a Findings error naming its rule. What did not bind
// into the model is not an error but a finding, which Findings returns
// beside each record. A JSON record that comes before the header is bound
// with the members of every format version: Decode and the Validator
// check it against the header's version once it is read. A record of no
// known kind is not yielded: it is a finding. A JSON packet's records are
// bound on GOMAXPROCS workers while the reader reads on, at most 128
// records a worker and 8 MiB of them ahead, and yielded in order with the
// findings and errors of binding them one by one; a loop that stops early
// loses none, since the next Records yields those read ahead first.
func (d *Decoder) Records() iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		if err := d.init(); err != nil {
			yield(nil, err)
			return
		}
		if d.headerRead {
			d.headerRead = false
			d.findings = nil
		}
		switch r := d.r.(type) {
		case *jsonPacketReader:
			r.raw = !d.trees // bound from their bytes (Decoder.record)
		case *xmlPacketReader:
			if !d.trees {
				r.bindFast(func(int) bool { return true }) // bound from their tokens
			}
		}
		ra := d.readAhead()
		if ra != nil {
			ra.start()
			defer ra.stop()
		}
		for {
			ev, err := d.next()
			if ra != nil && err == nil && ev.kind == evRecord {
				ra.push(d, ev)
				for ra.full() {
					if !d.yieldQueued(yield) {
						return
					}
				}
				continue
			}
			for d.queued() { // every record before what comes now
				if !d.yieldQueued(yield) {
					ra.hold(ev, err)
					return
				}
			}
			if !d.step(ev, err, yield) {
				return
			}
		}
	}
}

// step takes what the reader read next, in the document's order, and
// reports whether to go on.
func (d *Decoder) step(ev event, err error, yield func(Record, error) bool) bool {
	if err == io.EOF {
		return false
	}
	if err != nil {
		d.err = err
		yield(nil, asDecodeError(err))
		return false
	}
	switch ev.kind {
	case evHeader:
		d.takeHeader(ev)
	case evSignature, evUnknown:
		d.takeEnvelope(ev)
	case evRecord:
		rec, err := d.record(ev)
		if err != nil {
			d.err = err
			yield(nil, asDecodeError(err))
			return false
		}
		return d.emit(rec, ev.index, yield)
	}
	return true
}

// emit yields a record bound, or, for one of no known kind, keeps a
// finding; it reports whether to go on.
func (d *Decoder) emit(rec Record, index int, yield func(Record, error) bool) bool {
	d.records++
	if rec == nil {
		d.findings.add(unknownKind(index))
		return true
	}
	if !yield(rec, nil) {
		return false
	}
	d.findings = d.findings[:0]
	return true
}

// unknownKind reports a record of no known kind, which is not decoded.
func unknownKind(index int) Finding {
	return Finding{Rule: RuleHeaderKind, Severity: SeverityError, Pointer: RecordPointer(index, ""),
		MessageEN: "a record of no known kind", MessageVI: unknownRecordVI(index)}
}

// record binds a record: straight from its bytes when fastRecord can
// (the header has come and names the kind), else from its tree.
func (d *Decoder) record(ev event) (Record, error) {
	if ev.rec != nil {
		return ev.rec, nil
	}
	if raw := ev.rawRecord(); raw != nil && d.header != nil {
		if name, major := d.header.Kind.RecordName(), d.major(); name != "" && major != 0 {
			if rec, ok := fastRecord(name, raw, major); ok {
				return rec, nil
			}
		}
	}
	return d.exactRecord(ev)
}

// exactRecord binds a record from its tree, with its findings.
func (d *Decoder) exactRecord(ev event) (Record, error) {
	if d.sub == nil {
		d.sub = jsontext.NewBytesDecoder(nil, jsonLimits(d.lim.resolved()))
	}
	tree, err := recordTree(d.sub, ev)
	if err != nil {
		return nil, err
	}
	name := ev.name
	if name == "" {
		name = d.recordName(tree)
	}
	return bindRecord(name, tree, ev.index, d.major(), d.findings.add, false), nil
}

// takeEnvelope keeps what a packet holds beside its header and records:
// the signature, and a finding for a member the format does not have.
func (d *Decoder) takeEnvelope(ev event) {
	switch ev.kind {
	case evSignature:
		d.signature = bindSignature(ev.tree)
	case evUnknown:
		d.findings.add(unknownMember(ev.name))
	}
}

// takeHeader binds the header, with its findings: every path that reads
// a packet's header (Header, Records, Decode, ReadHeader) comes here. The
// readers refuse a second header, so there is one.
func (d *Decoder) takeHeader(ev event) {
	h := bindHeader(ev.tree, d.findings.add)
	d.header = &h
}

// Findings returns the findings met since Records last yielded a record:
// those of the record it yields now (a value that did not bind into the
// model, such as a malformed identifier, a date that does not exist, a
// number its type does not hold, a wrong type or an unknown member, leaves
// its field zero and is reported here), of the header and of the members
// of the envelope the format does not have that came before it, and of
// the records of no known kind it skipped. After Header, until Records is
// called, it holds the findings of the header and of what came before it;
// Records then starts afresh, so that each finding is returned once. After
// the sequence ends it holds those met after the last record. Nothing is
// lost silently: a caller that keeps a record keeps its findings. The
// slice is the caller's; it is nil when there are none.
func (d *Decoder) Findings() Findings {
	if d == nil || len(d.findings) == 0 {
		return nil
	}
	return slices.Clone(d.findings)
}

// major returns the format version of the packet being read: its XML
// namespace's, else its header's when the header has been read and names a
// version this package reads, else 0 (bind the members of every version).
func (d *Decoder) major() int {
	if n := d.r.version(); n != 0 {
		return n
	}
	if d.header != nil {
		if v, err := headerVersion(d.header); err == nil {
			return v.major
		}
	}
	return 0
}

// unknownMember reports a member of the envelope that the format does not
// have: decoding would drop it.
func unknownMember(name string) Finding {
	return Finding{Rule: RuleSchema, Severity: SeverityError, Pointer: "/" + escapePointer(name),
		MessageVI: fmt.Sprintf("Trường %s không có trong định dạng gói tin. Đề nghị bỏ trường này hoặc sửa lại tên trường cho đúng (phân biệt chữ hoa, chữ thường).", quoteValue(name)),
		MessageEN: fmt.Sprintf(`schema keyword "additionalProperties": member %q is not part of the format`, name)}
}

// recordName returns the record kind of a JSON record: the one its header
// names when known, else a guess from its members.
func (d *Decoder) recordName(tree any) string {
	if d.header != nil {
		if n := d.header.Kind.RecordName(); n != "" {
			return n
		}
	}
	return guessRecordName(tree)
}

// Signature returns the packet's signature, once the decoder has read past
// it (after Records is done). For XML it reports only that an enveloped
// ds:Signature is present, with Format "XMLDSIG": the signing package reads
// XML signatures from the bytes.
func (d *Decoder) Signature() *Signature {
	if d == nil {
		return nil
	}
	return d.signature
}

// ErrHeaderNotFirst is returned by Decoder.Header when records come before
// the header.
var ErrHeaderNotFirst = errors.New("packet: DuLieu comes before ThongTinGoiTin; read it with Records")

// ErrMissingHeader reports a packet without ThongTinGoiTin.
var ErrMissingHeader = errors.New("packet: no header (ThongTinGoiTin)")

// Findings is a list of findings used as an error.
type Findings []Finding

func (fs *Findings) add(f Finding) { *fs = append(*fs, f) }

// Messages returns the messages of the first finding, and how many more
// there are, in Vietnamese and in English.
func (fs Findings) Messages() (vi, en string) {
	if len(fs) == 0 {
		return "", fs.Error()
	}
	vi = fs[0].MessageVI
	if len(fs) > 1 {
		vi += fmt.Sprintf(" (và %d vi phạm khác)", len(fs)-1)
	}
	return vi, fs.Error()
}

// Error lists the findings.
func (fs Findings) Error() string {
	switch len(fs) {
	case 0:
		return "no findings"
	case 1:
		return fs[0].Error()
	}
	return fmt.Sprintf("%s (and %d more)", fs[0].Error(), len(fs)-1)
}

// Decode reads a whole packet into memory. The error is fatal only: a
// malformed input (a Findings error naming its rule), a limit, a packet
// without a header; it returns no packet. A value that does not bind into
// the model (see Decoder.Findings) leaves its field zero and is one of the
// findings returned beside the packet: a packet decoded without findings
// holds every value it was sent with. For all the findings of a packet,
// use a Validator.
func Decode(r io.Reader, f Format, lim Limits) (*Packet, Findings, error) {
	return decodeAll(NewDecoder(r, f, lim))
}

// decodeAll is Decode with d.
func decodeAll(d *Decoder) (*Packet, Findings, error) {
	p := &Packet{}
	var all Findings
	var early []Record // read before the header, so bound with every version's members
	for rec, err := range d.Records() {
		if err != nil {
			return nil, nil, asDecodeError(err)
		}
		all = append(all, d.findings...)
		if d.header == nil {
			early = append(early, rec)
		}
		p.Records.add(rec)
	}
	return d.finish(p, append(all, d.findings...), early)
}

// add appends a record to the list of its kind.
func (r *Records) add(rec Record) {
	switch rec := rec.(type) {
	case *Profile:
		r.Profiles = append(r.Profiles, *rec)
	case *Change:
		r.Changes = append(r.Changes, *rec)
	case *MatchResult:
		r.Matches = append(r.Matches, *rec)
	case *ProcessingResult:
		r.Results = append(r.Results, *rec)
	}
}

// finish completes p, whose records are read, with its header and
// signature, and adds to all, its findings, those of the records read
// before the header (early) that hold a member its version does not have.
func (d *Decoder) finish(p *Packet, all Findings, early []Record) (*Packet, Findings, error) {
	if d.header == nil {
		return nil, nil, ErrMissingHeader
	}
	p.Header = *d.header
	p.Signature = d.signature
	if major := d.major(); major != 0 {
		for i, rec := range early {
			for _, m := range versionedMembers(rec) {
				if !m.field.in(major) {
					all.add(notInVersion(m.pointer(i), m.field, major))
				}
			}
		}
	}
	return p, all, nil
}

// asDecodeError turns a format error into a Findings error, so that callers
// see the rule code.
func asDecodeError(err error) error {
	var fe *formatError
	if errors.As(err, &fe) {
		return Findings{fe.finding()}
	}
	return err
}

func recordInfo(name string) *typeInfo {
	switch name {
	case "HoSo":
		return profileInfo()
	case "BienDong":
		return infoOf(reflect.TypeFor[Change]())
	case "KetQuaDoiKhop":
		return infoOf(reflect.TypeFor[MatchResult]())
	case "KetQuaXuLy":
		return infoOf(reflect.TypeFor[ProcessingResult]())
	}
	return nil
}
