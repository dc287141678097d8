package packet

import (
	"encoding/xml"
	"errors"
	"io"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
	"github.com/cbccvc/cbccvc-go/internal/xmltext"
)

// The XML reader binds a record without a tree when nothing in it could
// be wrong, by the code fastRecord binds a JSON record by: it writes the
// record, as it reads its tokens, as the JSON of the very tree the exact
// path would read (typed by the model as xmlTreeReader types it: a number
// member's text that is a JSON number as a number, a boolean's true or
// false as a boolean, a value of any type by the TruongDuLieu before it,
// the rest as strings), and hands that to fastRecord, whose verdict on a
// tree is the exact path's. At the first doubt — an element the model
// does not have, a text that is not white space between elements, a
// member twice, anything the tokenizer or the reader refuses — or when
// fastRecord says no, it reads to the record's end and reads the
// record's bytes, which the tokenizer kept (xmltext.Decoder.MarkNext),
// again on the exact path: into a tree, from the reader's state before
// the record, to the same error, at the same offset and pointer, when
// there is one. The findings are then those of the tree, as if the fast
// path did not exist.

// xmlFast is the state of the fast path of one XML reader.
type xmlFast struct {
	x *xmlTreeReader
	// broken is set when the reader failed: the record is not read on.
	broken bool
	out    []byte // the record as JSON
	text   []byte // the text of the element being read
	// replay reads a record again, on the exact path.
	replay *xmltext.Decoder
	bound  int // records bound from their tokens, for the tests
	// handOn makes record return the JSON of a record rather than bind
	// it, so that the Validator's workers bind it.
	handOn bool
}

func newXMLFast(x *xmlTreeReader) *xmlFast { return &xmlFast{x: x} }

// record binds the record of kind name whose start tag the reader has
// just read, in a packet of format version major, and reports whether it
// is what the exact path would bind with no finding. With handOn, it
// returns instead the JSON of the record's tree, valid until the next
// call, once the record is read without a doubt. When ok is false, the
// reader is anywhere inside the record, or failed.
func (f *xmlFast) record(name string, major int) (rec Record, raw []byte, ok bool) {
	ti := recordInfo(name)
	if ti == nil {
		return nil, nil, false
	}
	f.broken, f.out = false, f.out[:0]
	if !f.object(ti) {
		return nil, nil, false
	}
	if f.handOn {
		return nil, f.out, true
	}
	// fastRecord keeps nothing of f.out, which the next record reuses.
	if rec, ok = fastRecord(name, f.out, major); ok {
		f.bound++
	}
	return rec, nil, ok
}

// token returns the reader's next token; the reader's error only marks it
// broken, since the exact path reads the record again to report it.
func (f *xmlFast) token() (xml.Token, bool) {
	t, err := f.x.token(nil)
	if err != nil {
		f.broken = true
		return nil, false
	}
	return t, true
}

// maxFastFields bounds the members of a type the fast path reads, by the
// set it keeps of those it has seen.
const maxFastFields = 256

// object writes the children of the element just started, of the model's
// type ti, as a JSON object, up to the element's end.
func (f *xmlFast) object(ti *typeInfo) bool {
	if len(ti.fields) > maxFastFields {
		return false
	}
	var seen [maxFastFields / 64]uint64
	var target []byte // TruongDuLieu's text, which types GiaTriCu and GiaTriMoi
	haveTarget := false
	next := 0
	f.out = append(f.out, '{')
	first := true
	for {
		t, ok := f.token()
		if !ok {
			return false
		}
		switch t := t.(type) {
		case *xml.CharData:
			if !xmlSpace(*t) {
				return false
			}
			continue
		case *xml.StartElement:
			// Records are mostly written in the model's order: the field
			// after the last one is tried first.
			i, known := next, next < len(ti.fields) && ti.fields[next].name == t.Name.Local
			if !known {
				i, known = ti.byName[t.Name.Local]
			}
			if t.Name.Space != f.x.ns || !known || seen[i>>6]&(1<<(i&63)) != 0 {
				return false // foreign, unknown or twice: the exact path reports it
			}
			seen[i>>6] |= 1 << (i & 63)
			next = i + 1
			fl := &ti.fields[i]
			if !first {
				f.out = append(f.out, ',')
			}
			first = false
			f.out = append(append(append(f.out, '"'), fl.name...), '"', ':')
			at := len(f.out)
			if !f.value(fl, target, haveTarget) {
				return false
			}
			if fl.name == "TruongDuLieu" && fl.kind == kindString {
				// The JSON string just written: TruongDuLieu is a
				// JSON Pointer, which has nothing to escape.
				target, haveTarget = f.out[at:], true
				if len(target) < 2 || bytesIndexAny(target[1:len(target)-1], "\\\"") {
					return false
				}
				target = target[1 : len(target)-1]
			}
			continue
		}
		break // the end tag: the reader matched it
	}
	f.out = append(f.out, '}')
	return true
}

// bytesIndexAny reports whether b holds one of the bytes of chars.
func bytesIndexAny(b []byte, chars string) bool {
	for _, c := range b {
		for i := 0; i < len(chars); i++ {
			if c == chars[i] {
				return true
			}
		}
	}
	return false
}

// value writes the element of field fl, just started, as xmlTreeReader's
// value types it; target is the text of the TruongDuLieu before it, if
// haveTarget.
func (f *xmlFast) value(fl *field, target []byte, haveTarget bool) bool {
	switch fl.kind {
	case kindStruct, kindStructPtr:
		return f.object(fl.elem)
	case kindSlice:
		return f.array(fl)
	case kindValue:
		if !haveTarget {
			return false // read as no field describes it: the exact path
		}
		tf, ok := resolvePointer(profileInfo(), string(target))
		if !ok {
			return false
		}
		return f.value(tf, nil, false)
	}
	s, ok := f.elementText()
	if !ok {
		return false
	}
	switch {
	case isNumberKind(fl.kind):
		if f.x.lim.MaxNumberLen > 0 && len(s) > f.x.lim.MaxNumberLen {
			return false
		}
		if jsontext.ValidNumber(s) {
			f.out = append(f.out, s...)
			return true
		}
		if validJSONNumber(string(s)) {
			return false // a number the JSON grammar does not spell: the exact path
		}
	case fl.kind == kindBool && xmlBoolean(string(s)):
		f.out = append(f.out, s...)
		return true
	}
	f.out = appendJSONString(f.out, s)
	return true
}

// array writes the items of an array element as a JSON array.
func (f *xmlFast) array(fl *field) bool {
	f.out = append(f.out, '[')
	first := true
	for {
		t, ok := f.token()
		if !ok {
			return false
		}
		switch t := t.(type) {
		case *xml.CharData:
			if !xmlSpace(*t) {
				return false
			}
			continue
		case *xml.StartElement:
			if t.Name.Local != fl.item || t.Name.Space != f.x.ns {
				return false
			}
			if !first {
				f.out = append(f.out, ',')
			}
			first = false
			if !f.object(fl.elem) {
				return false
			}
			continue
		}
		break
	}
	f.out = append(f.out, ']')
	return true
}

// appendJSONString appends s as a JSON string. XML text holds no control
// character but tab, line feed and carriage return.
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\' {
			i++
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			break
		}
		switch c := s[i]; c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		s = s[i+1:]
	}
	return append(b, '"')
}

// xmlSpace reports whether text is XML white space only. The exact path
// allows any Unicode space between elements: what else there is takes it.
func xmlSpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// elementText reads the text of the element just started up to its end,
// into f.text: text that comments split is joined, as the exact path
// joins it; an element inside is a doubt.
func (f *xmlFast) elementText() ([]byte, bool) {
	f.text = f.text[:0]
	for {
		t, ok := f.token()
		if !ok {
			return nil, false
		}
		switch t := t.(type) {
		case *xml.CharData:
			f.text = append(f.text, *t...)
			if f.x.lim.MaxStringLen > 0 && len(f.text) > f.x.lim.MaxStringLen {
				return nil, false
			}
		case *xml.EndElement:
			return f.text, true
		default:
			return nil, false
		}
	}
}

// xmlRecordState is what the reader was before a record's start tag: the
// exact path reads the record again from it.
type xmlRecordState struct {
	scopes          int // open elements
	depth, elements int
}

// exact reads the record whose bytes the tokenizer kept into a tree, on
// the exact path, from the reader's state before the record st: to the
// record's end, or to the error reading the whole packet meets in it.
// The reader has read the record to its end, or failed.
func (p *xmlPacketReader) exact(st xmlRecordState, ptr *xpath, ti *typeInfo) (any, error) {
	x := p.x
	data, stop := x.d.Marked(), x.d.Err()
	if stop == nil {
		stop = io.EOF
	}
	f := p.fast
	if f.replay == nil {
		f.replay = xmltext.NewDecoder(nil, x.d.Limits())
	}
	f.replay.Reset(&replayReader{data: data, err: stop}, x.d.MarkedOffset())
	r := &xmlTreeReader{d: f.replay, lim: x.lim, counter: x.counter, ns: x.ns, sawDecl: x.sawDecl, sawToken: true,
		scopes: append([]nsScope(nil), x.scopes[:st.scopes]...), depth: st.depth, elements: st.elements}
	t, err := r.token(ptr)
	if err != nil {
		return nil, unexpectedEOF(err, ptr)
	}
	if _, ok := t.(*xml.StartElement); !ok {
		// The reader read a record's start tag from these bytes.
		return nil, errReplay
	}
	return r.object(ptr, ti, profileInfo())
}

// errReplay is a record read again that is not what the reader read: a
// defect of the packet package, never of the packet.
var errReplay = errors.New("packet: internal error: an XML record read again differs")

// replayReader reads data, then fails with err.
type replayReader struct {
	data []byte
	err  error
}

func (r *replayReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
