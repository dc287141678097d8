// Package xmltext is a strict, fast tokenizer for the XML form of packets.
// It reads the XML 1.0 that packets use — elements, attributes, text with
// the five predefined entities and character references, CDATA, comments,
// processing instructions — and reports a DOCTYPE or any other markup
// declaration as an xml.Directive for the caller to refuse. Tokens are
// encoding/xml's types, with prefixes left unresolved, as RawToken gives
// them; the caller resolves namespaces and matches end tags.
//
// It exists because encoding/xml reads a byte at a time through several
// layers and was most of the cost of validating an XML packet.
package xmltext

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/bufread"
	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Limits bound what the decoder reads of one token; each holds while the
// token is read, so that a hostile token costs no more memory than the
// limit. A zero field means no limit.
type Limits struct {
	// MaxTextLen bounds the bytes of one run of text, one attribute value,
	// CDATA section, comment or processing instruction, after decoding.
	// Reading stops once the undecoded bytes cannot decode to less: a
	// character reference is at most maxRefLen bytes for one.
	MaxTextLen int
	MaxNameLen int // bytes of one name, prefix included
	MaxAttrs   int // attributes of one element, namespace declarations included
}

// maxRefLen is the longest reference decodeText accepts: '&', ten
// characters, ';'.
const maxRefLen = 12

// LimitError is a token over one of the Limits.
type LimitError struct {
	Offset int64
	Msg    string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("XML over a limit at byte %d: %s", e.Offset, e.Msg)
}

// SyntaxError is a well-formedness error at a byte offset.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("XML syntax error at byte %d: %s", e.Offset, e.Msg)
}

// Decoder reads tokens from a stream.
type Decoder struct {
	r       io.Reader
	buf     []byte
	pos     int
	base    int64
	eof     bool
	err     error
	pending bool // the end of a self-closing element comes next
	// pendingName is that element's name as written: the caller may change
	// the start element it was given (to resolve its prefix) before it
	// asks for the end.
	pendingName xml.Name
	text        []byte // scratch for decoded text
	lim         Limits
	seen        map[xml.Name]struct{} // attribute names of a start tag with many

	// The tokens handed out, reused from call to call: a packet has
	// millions, and boxing each in an interface was a large share of the
	// cost of reading one.
	start xml.StartElement
	end   xml.EndElement
	cd    xml.CharData
	names *nameCache

	tap func(xml.Token) error // see Tap

	// tokStart is where the last token read began in buf; mark where the
	// bytes kept for Marked begin (noMark: none; armed: at the next
	// token's start).
	tokStart int
	mark     int
}

// Values of Decoder.mark that are not offsets into buf.
const (
	noMark = -1
	armed  = -2
)

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	return &Decoder{r: r, lim: lim, buf: make([]byte, 0, 64<<10), names: new(nameCache), mark: noMark}
}

// Reset makes d read r afresh, as a new decoder would, but for its offsets,
// which start at base: the bytes of r stand at base in a larger document.
// It keeps d's buffer and names.
func (d *Decoder) Reset(r io.Reader, base int64) {
	*d = Decoder{r: r, lim: d.lim, buf: d.buf[:0], names: d.names, text: d.text[:0], start: xml.StartElement{Attr: d.start.Attr[:0]},
		seen: d.seen, base: base, mark: noMark}
}

// Limits returns the limits d reads by.
func (d *Decoder) Limits() Limits { return d.lim }

// MarkedOffset returns the offset of the first byte Marked returns.
func (d *Decoder) MarkedOffset() int64 { return d.base + int64(max(d.mark, 0)) }

// Err returns the error that stopped d, or nil.
func (d *Decoder) Err() error { return d.err }

// MarkNext makes d keep the bytes it reads from the start of the next
// token on, until Unmark, for Marked to return. Unlike the token they
// belong to, they are not limited here: the caller bounds them.
func (d *Decoder) MarkNext() { d.mark = armed }

// Unmark stops keeping bytes for Marked.
func (d *Decoder) Unmark() { d.mark = noMark }

// Marked returns the bytes kept since MarkNext (nil when none is kept),
// valid until the next call that reads: when d has failed, those of the
// tokens it read whole, else all it has read, the bytes it looked at past
// the last token included. A decoder reading them then failing with Err
// (io.EOF when d has not failed) reads the same tokens, and fails with
// the same error as d did.
func (d *Decoder) Marked() []byte {
	if d.mark < 0 {
		return nil
	}
	end := len(d.buf)
	if d.err != nil {
		end = d.tokStart
	}
	return d.buf[d.mark:end]
}

// Offset returns the offset of the next byte to read.
func (d *Decoder) Offset() int64 { return d.base + int64(d.pos) }

func (d *Decoder) fail(msg string) error {
	if d.err == nil {
		d.err = &SyntaxError{Offset: d.Offset(), Msg: msg}
	}
	return d.err
}

func (d *Decoder) failLimit(msg string) error {
	if d.err == nil {
		d.err = &LimitError{Offset: d.Offset(), Msg: msg}
	}
	return d.err
}

// rawTooLong reports whether n undecoded bytes of text are sure to decode
// to more than MaxTextLen.
func (d *Decoder) rawTooLong(n int) bool {
	return d.lim.MaxTextLen > 0 && n > maxRefLen*d.lim.MaxTextLen
}

// textTooLong reports whether decoded text is over MaxTextLen.
func (d *Decoder) textTooLong(what string, b []byte) error {
	if d.lim.MaxTextLen > 0 && len(b) > d.lim.MaxTextLen {
		return d.failLimit(fmt.Sprintf("%s of %d bytes, over the limit of %d", what, len(b), d.lim.MaxTextLen))
	}
	return nil
}

func (d *Decoder) rawLimit(what string) error {
	return d.failLimit(fmt.Sprintf("%s longer than the limit of %d bytes", what, d.lim.MaxTextLen))
}

// fill reads more input, keeping buf[keep:], which moves to the front: it
// returns by how much offsets into buf moved, and whether any byte was read.
func (d *Decoder) fill(keep int) (shift int, ok bool) {
	if d.eof || d.err != nil {
		return 0, false
	}
	if d.mark >= 0 && d.mark < keep {
		keep = d.mark
	}
	shift = keep
	d.tokStart -= keep
	if d.mark >= 0 {
		d.mark -= keep
	}
	d.pos -= keep
	d.base += int64(keep)
	for {
		var n int
		var err error
		d.buf, n, err = bufread.Refill(d.r, d.buf, keep)
		keep = 0 // later reads move nothing
		if err == io.EOF {
			d.eof = true
			return shift, n > 0
		}
		if err != nil {
			d.err = err
			return shift, false
		}
		if n > 0 {
			return shift, true
		}
	}
}

// need makes sure n bytes from pos are in the buffer, and reports false at
// the end of the input.
func (d *Decoder) need(n int) bool {
	for len(d.buf)-d.pos < n {
		if _, ok := d.fill(d.pos); !ok {
			return false
		}
	}
	return true
}

// Token returns the next token, or io.EOF at the end of the input.
// Elements and text come as *xml.StartElement, *xml.EndElement and
// *xml.CharData, which the decoder owns and reuses: they are valid until the
// next call. Comments, processing instructions and declarations come as
// values. A decoder reading a Tap shows the token to the tap's function
// first, and returns that function's error, from then on, if it fails.
func (d *Decoder) Token() (xml.Token, error) {
	t, err := d.token()
	if err != nil || d.tap == nil {
		return t, err
	}
	if err := d.tap(t); err != nil {
		d.err, d.pending = err, false
		return nil, err
	}
	return t, nil
}

func (d *Decoder) token() (xml.Token, error) {
	if d.pending {
		d.pending = false
		d.end = xml.EndElement{Name: d.pendingName}
		return &d.end, nil
	}
	if d.err != nil {
		return nil, d.err
	}
	d.tokStart = d.pos
	if d.mark == armed {
		d.mark = d.pos
	}
	if !d.need(1) {
		if d.err != nil {
			return nil, d.err
		}
		return nil, io.EOF
	}
	if d.buf[d.pos] != '<' {
		return d.charData()
	}
	if !d.need(2) {
		return nil, d.fail("unexpected end of input after '<'")
	}
	switch d.buf[d.pos+1] {
	case '/':
		return d.endTag()
	case '?':
		return d.procInst()
	case '!':
		return d.bang()
	}
	return d.startTag()
}

// A Tap is a reader of a document whose decoder shows every token it
// returns to a function, before its own caller sees it: one pass of the
// tokenizer then serves two readers. The XML-DSig verifier canonicalises
// and checks the very tokens the packet reader binds the packet from.
type Tap struct {
	r  io.Reader
	fn func(xml.Token) error
	d  *Decoder
}

// NewTap returns a Tap reading r, which shows tokens to fn.
func NewTap(r io.Reader, fn func(xml.Token) error) *Tap { return &Tap{r: r, fn: fn} }

func (t *Tap) Read(p []byte) (int, error) { return t.r.Read(p) }

// Decoder returns the decoder Attach gave t, or nil.
func (t *Tap) Decoder() *Decoder { return t.d }

// Attach makes d, a new decoder reading r (or a reader that reads r), show
// its tokens to r's function when r is a Tap that has no decoder yet; it
// does nothing otherwise. A reader that wraps its input calls it with the
// reader it was given.
func Attach(r io.Reader, d *Decoder) {
	if t, ok := r.(*Tap); ok && t.d == nil {
		t.d, d.tap = d, t.fn
	}
}

// charData reads text up to the next '<', decoding references.
func (d *Decoder) charData() (xml.Token, error) {
	start := d.pos
	i := d.pos
	for {
		if j := bytes.IndexByte(d.buf[i:], '<'); j >= 0 {
			i += j
		} else {
			i = len(d.buf)
		}
		if d.rawTooLong(i - start) {
			d.pos = start
			return nil, d.rawLimit("text")
		}
		if i < len(d.buf) || d.eof || d.err != nil {
			break
		}
		shift, ok := d.fill(start)
		i -= shift
		start -= shift
		if !ok {
			break
		}
	}
	raw := d.buf[start:i]
	d.pos = i
	out, err := d.decodeText(raw, false)
	if err != nil {
		return nil, err
	}
	if err := d.textTooLong("text", out); err != nil {
		return nil, err
	}
	d.cd = out
	return &d.cd, nil
}

// decodeText checks raw text and decodes its references and line ends;
// without any, it returns raw itself.
func (d *Decoder) decodeText(raw []byte, attr bool) ([]byte, error) {
	plain := true
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if textPlain[c] {
			continue
		}
		switch {
		case c == '&' || c == '\r':
			plain = false
		case c < 0x20 && c != '\n' && c != '\t':
			return nil, d.fail(fmt.Sprintf("control character 0x%02x in text", c))
		case c == '<' && attr:
			return nil, d.fail("'<' in an attribute value")
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				return nil, d.fail("invalid UTF-8")
			}
			if r == 0xFFFE || r == 0xFFFF {
				return nil, d.fail("a character XML does not allow")
			}
			i += n - 1
		case c == ']' && !attr && i+2 < len(raw) && raw[i+1] == ']' && raw[i+2] == '>':
			return nil, d.fail("']]>' in text")
		}
	}
	if plain {
		return raw, nil
	}
	out := d.text[:0]
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		case '&':
			j := i + 1
			for j < len(raw) && raw[j] != ';' && j-i < 12 {
				j++
			}
			if j >= len(raw) || raw[j] != ';' {
				return nil, d.fail("'&' that does not start a reference")
			}
			ref := string(raw[i+1 : j])
			switch ref {
			case "lt":
				out = append(out, '<')
			case "gt":
				out = append(out, '>')
			case "amp":
				out = append(out, '&')
			case "quot":
				out = append(out, '"')
			case "apos":
				out = append(out, '\'')
			default:
				r, ok := charRef(ref)
				if !ok {
					return nil, d.fail("undefined entity &" + ref + ";") // at most maxRefLen bytes
				}
				out = utf8.AppendRune(out, r)
			}
			i = j
			continue
		}
		out = append(out, c)
	}
	d.text = out
	return out, nil
}

// textPlain marks the bytes decodeText has nothing to check or decode
// in: printable ASCII but '&', '<' and ']', and tab and line feed.
var textPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != '&' && c != '<' && c != ']'
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// charRef decodes #NNN or #xHHH to a character XML allows.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ref[1] == 'x' {
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	}
	r := rune(n)
	if err != nil || !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
		return 0, false
	}
	return r, true
}

// isNameByte reports whether c may stand in a name. Names are ASCII here:
// every name of the format is, and XML's rules for the others are long.
func isNameByte(c byte, first bool) bool {
	if first {
		return nameBytes[c] == nameStart
	}
	return nameBytes[c] != 0
}

// nameBytes classes the bytes of names: nameStart may begin one,
// nameRest follow.
var nameBytes = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_', c == ':':
			t[c] = nameStart
		case '0' <= c && c <= '9', c == '-', c == '.':
			t[c] = nameRest
		}
	}
	return t
}()

const (
	nameStart = 1 + iota
	nameRest
)

// name reads a name at pos and splits it at its prefix; over MaxNameLen,
// it fails with a LimitError.
func (d *Decoder) name() (xml.Name, bool) {
	start := d.pos
	for {
		if d.pos == start && d.pos < len(d.buf) && isNameByte(d.buf[d.pos], true) {
			d.pos++
		}
		for d.pos > start && d.pos < len(d.buf) && nameBytes[d.buf[d.pos]] != 0 {
			d.pos++
		}
		if d.lim.MaxNameLen > 0 && d.pos-start > d.lim.MaxNameLen {
			d.pos = start
			d.failLimit(fmt.Sprintf("a name longer than the limit of %d bytes", d.lim.MaxNameLen))
			return xml.Name{}, false
		}
		if d.pos < len(d.buf) {
			break
		}
		shift, ok := d.fill(start)
		start -= shift
		if !ok {
			break
		}
	}
	raw := d.buf[start:d.pos]
	if len(raw) == 0 {
		return xml.Name{}, false
	}
	for i, c := range raw {
		if c == ':' {
			if i == 0 || i == len(raw)-1 || indexOf(raw[i+1:], ":") >= 0 || !isNameByte(raw[i+1], true) {
				return xml.Name{}, false
			}
			return xml.Name{Space: d.intern(raw[:i]), Local: d.intern(raw[i+1:])}, true
		}
	}
	return xml.Name{Local: d.intern(raw)}, true
}

// nameCache holds the names a decoder read, a slot by a hash of the
// bytes, replaced on a miss: a packet repeats a few hundred names, and a
// lookup here costs less than a map's.
type nameCache [1024]string

// intern returns names as shared strings.
func (d *Decoder) intern(b []byte) string {
	var x uint64
	if len(b) >= 8 {
		x = binary.LittleEndian.Uint64(b) ^ binary.LittleEndian.Uint64(b[len(b)-8:])*0x9E3779B97F4A7C15
	} else {
		for i, c := range b {
			x |= uint64(c) << (8 * i)
		}
	}
	x = (x ^ uint64(len(b))) * 0xBF58476D1CE4E5B9
	slot := &d.names[x>>54]
	if *slot == string(b) {
		return *slot
	}
	*slot = string(b)
	return *slot
}

func (d *Decoder) space() {
	for {
		for d.pos < len(d.buf) {
			switch d.buf[d.pos] {
			case ' ', '\t', '\n', '\r':
				d.pos++
				continue
			}
			return
		}
		if _, ok := d.fill(d.pos); !ok {
			return
		}
	}
}

func (d *Decoder) startTag() (xml.Token, error) {
	d.pos++ // '<'
	name, ok := d.name()
	if !ok {
		return nil, d.fail("invalid element name") // or the LimitError name gave
	}
	d.start = xml.StartElement{Name: name, Attr: d.start.Attr[:0]}
	t := &d.start
	for {
		hadSpace := d.pos
		d.space()
		if !d.need(1) {
			return nil, d.fail("unexpected end of input in a start tag")
		}
		switch d.buf[d.pos] {
		case '>':
			d.pos++
			return t, nil
		case '/':
			if !d.need(2) || d.buf[d.pos+1] != '>' {
				return nil, d.fail("'/' not followed by '>' in a start tag")
			}
			d.pos += 2
			d.pending = true
			d.pendingName = d.start.Name
			return t, nil
		}
		if d.pos == hadSpace {
			return nil, d.fail("attributes must be separated by white space")
		}
		if d.lim.MaxAttrs > 0 && len(t.Attr) >= d.lim.MaxAttrs {
			return nil, d.failLimit(fmt.Sprintf("<%s> has more than the limit of %d attributes", clip.String(t.Name.Local), d.lim.MaxAttrs))
		}
		an, ok := d.name()
		if !ok {
			return nil, d.fail("invalid attribute name")
		}
		d.space()
		if !d.need(1) || d.buf[d.pos] != '=' {
			return nil, d.fail("attribute " + clip.String(an.Local) + " without '='")
		}
		d.pos++
		d.space()
		if !d.need(1) || (d.buf[d.pos] != '"' && d.buf[d.pos] != '\'') {
			return nil, d.fail("attribute value not in quotes")
		}
		q := d.buf[d.pos]
		d.pos++
		start := d.pos
		for {
			for d.pos < len(d.buf) && d.buf[d.pos] != q {
				d.pos++
			}
			if d.rawTooLong(d.pos - start) {
				d.pos = start
				return nil, d.rawLimit("an attribute value")
			}
			if d.pos < len(d.buf) {
				break
			}
			shift, ok := d.fill(start)
			start -= shift
			if !ok {
				return nil, d.fail("unexpected end of input in an attribute value")
			}
		}
		v, err := d.decodeText(d.buf[start:d.pos], true)
		if err != nil {
			return nil, err
		}
		if err := d.textTooLong("an attribute value", v); err != nil {
			return nil, err
		}
		d.pos++
		if d.repeated(t.Attr, an) {
			return nil, d.fail("attribute " + clip.String(an.Local) + " twice")
		}
		t.Attr = append(t.Attr, xml.Attr{Name: an, Value: string(v)})
	}
}

// repeated reports whether an is the name of one of attrs, the attributes
// before it in the same start tag: by comparing with each while they are
// few, through a set beyond, so that the check stays linear.
func (d *Decoder) repeated(attrs []xml.Attr, an xml.Name) bool {
	const few = 8
	if len(attrs) < few {
		for _, a := range attrs {
			if a.Name == an {
				return true
			}
		}
		return false
	}
	if len(attrs) == few {
		if d.seen == nil {
			d.seen = make(map[xml.Name]struct{}, 2*few)
		}
		clear(d.seen)
		for _, a := range attrs {
			d.seen[a.Name] = struct{}{}
		}
	}
	if _, ok := d.seen[an]; ok {
		return true
	}
	d.seen[an] = struct{}{}
	return false
}

func (d *Decoder) endTag() (xml.Token, error) {
	d.pos += 2 // "</"
	name, ok := d.name()
	if !ok {
		return nil, d.fail("invalid name in an end tag")
	}
	d.space()
	if !d.need(1) || d.buf[d.pos] != '>' {
		return nil, d.fail("end tag </" + clip.String(name.Local) + "> not closed by '>'")
	}
	d.pos++
	d.end = xml.EndElement{Name: name}
	return &d.end, nil
}

// until reads up to and past the terminator, returning what came before;
// it stops at MaxTextLen bytes (what it reads is not decoded further than
// line ends, which only shortens it).
func (d *Decoder) until(term string, what string) ([]byte, error) {
	start := d.pos
	for {
		if i := indexOf(d.buf[d.pos:], term); i >= 0 {
			body := d.buf[start : d.pos+i]
			if d.lim.MaxTextLen > 0 && len(body) > 2*d.lim.MaxTextLen {
				d.pos = start
				return nil, d.rawLimit(what)
			}
			d.pos += i + len(term)
			return body, nil
		}
		// Keep the last len(term)-1 bytes: the terminator may straddle.
		d.pos = max(start, len(d.buf)-len(term)+1)
		if d.lim.MaxTextLen > 0 && d.pos-start > 2*d.lim.MaxTextLen {
			d.pos = start
			return nil, d.rawLimit(what)
		}
		shift, ok := d.fill(start)
		start -= shift
		if !ok {
			return nil, d.fail("unexpected end of input in " + what)
		}
	}
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i] == s[0] && string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}

func (d *Decoder) procInst() (xml.Token, error) {
	d.pos += 2 // "<?"
	target, ok := d.name()
	if !ok || target.Space != "" {
		return nil, d.fail("invalid processing-instruction target")
	}
	if !d.need(2) {
		return nil, d.fail("unexpected end of input in a processing instruction")
	}
	if c := d.buf[d.pos]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && string(d.buf[d.pos:d.pos+2]) != "?>" {
		return nil, d.fail("invalid processing-instruction target")
	}
	body, err := d.until("?>", "a processing instruction")
	if err != nil {
		return nil, err
	}
	if err := d.textTooLong("a processing instruction", body); err != nil {
		return nil, err
	}
	if err := d.checkChars(body); err != nil {
		return nil, err
	}
	inst := make([]byte, len(body))
	copy(inst, body)
	if target.Local == "xml" {
		if v, ok := pseudoAttr(string(inst), "version"); ok && v != "1.0" {
			return nil, d.fail("XML version " + strconv.Quote(clip.String(v)) + ": only 1.0 is read")
		}
	}
	return xml.ProcInst{Target: target.Local, Inst: trimSpace(inst)}, nil
}

// DeclEncoding returns the encoding an XML declaration's instruction names,
// or "" when it names none.
func DeclEncoding(inst []byte) string {
	enc, _ := pseudoAttr(string(inst), "encoding")
	return enc
}

// pseudoAttr returns the value of name="value" in an XML declaration.
func pseudoAttr(inst, name string) (string, bool) {
	i := indexOf([]byte(inst), name+"=")
	if i < 0 || i+len(name)+2 > len(inst) {
		return "", false
	}
	v := inst[i+len(name)+1:]
	q := v[0]
	if q != '"' && q != '\'' {
		return "", false
	}
	for j := 1; j < len(v); j++ {
		if v[j] == q {
			return v[1:j], true
		}
	}
	return "", false
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

func (d *Decoder) bang() (xml.Token, error) {
	if !d.need(4) {
		return nil, d.fail("unexpected end of input after '<!'")
	}
	switch {
	case string(d.buf[d.pos:d.pos+4]) == "<!--":
		d.pos += 4
		body, err := d.until("-->", "a comment")
		if err != nil {
			return nil, err
		}
		if err := d.textTooLong("a comment", body); err != nil {
			return nil, err
		}
		if indexOf(body, "--") >= 0 || (len(body) > 0 && body[len(body)-1] == '-') {
			return nil, d.fail("'--' inside a comment")
		}
		if err := d.checkChars(body); err != nil {
			return nil, err
		}
		return xml.Comment(body), nil
	case d.need(9) && string(d.buf[d.pos:d.pos+9]) == "<![CDATA[":
		d.pos += 9
		body, err := d.until("]]>", "a CDATA section")
		if err != nil {
			return nil, err
		}
		out, err := d.decodeTextCDATA(body)
		if err != nil {
			return nil, err
		}
		if err := d.textTooLong("a CDATA section", out); err != nil {
			return nil, err
		}
		d.cd = out
		return &d.cd, nil
	}
	// A DOCTYPE or another declaration: the caller refuses it. Read it
	// only far enough to report it.
	d.pos += 2
	return xml.Directive("declaration"), nil
}

// decodeTextCDATA checks CDATA content; references are not decoded there.
func (d *Decoder) decodeTextCDATA(raw []byte) ([]byte, error) {
	if err := d.checkChars(raw); err != nil {
		return nil, err
	}
	if indexOf(raw, "\r") < 0 {
		return raw, nil
	}
	out := d.text[:0]
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\r' {
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, raw[i])
	}
	d.text = out
	return out, nil
}

// checkChars checks that raw is UTF-8 of characters XML allows.
func (d *Decoder) checkChars(raw []byte) error {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' && c != '\r' {
				return d.fail(fmt.Sprintf("control character 0x%02x", c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 || r == 0xFFFE || r == 0xFFFF {
			return d.fail("invalid UTF-8 or a character XML does not allow")
		}
		i += n
	}
	return nil
}

// IsSyntax reports whether err is a syntax error of this package.
func IsSyntax(err error) bool {
	var e *SyntaxError
	return errors.As(err, &e)
}

// IsLimit reports whether err is a LimitError.
func IsLimit(err error) bool {
	var e *LimitError
	return errors.As(err, &e)
}
