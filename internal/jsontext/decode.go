// Package jsontext is a strict, streaming JSON reader for packets. It reads
// values into the generic form JSON Schema validators take (map[string]any,
// []any, string, json.Number, bool, nil), refuses duplicate object keys,
// invalid UTF-8 and anything over its limits, and lets the caller walk the
// top levels member by member, so that a packet of any size is read one
// record at a time.
package jsontext

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/bufread"
	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Limits bound what the reader accepts. A zero field means no limit.
type Limits struct {
	MaxBytes     int64 // total input
	MaxDepth     int   // nesting of objects and arrays
	MaxStringLen int   // bytes of one string, after unescaping
	MaxNameLen   int   // bytes of one member name, after unescaping
	// MaxNumberLen bounds the bytes of one number. A reader stops at it
	// while reading, and so do those that come after: a JSON Schema
	// validator does exact arithmetic, whose cost grows with the square of
	// the number's length.
	MaxNumberLen int
}

// ErrorKind classifies a read error.
type ErrorKind int

// The kinds of read error.
const (
	Syntax       ErrorKind = iota + 1 // not well-formed JSON, or not UTF-8
	DuplicateKey                      // the same key twice in one object
	Limit                             // over a limit
	IO                                // the underlying reader failed
)

// Error is a read error at a byte offset, with the JSON Pointer of the value
// being read.
type Error struct {
	Kind    ErrorKind
	Offset  int64
	Pointer string
	Msg     string
	// Err is the reader's error for IO; for Syntax, ErrInvalidUTF8 or
	// ErrLoneSurrogate when the text is not Unicode.
	Err error
}

// The causes of a Syntax error that a caller may tell apart.
var (
	ErrInvalidUTF8   = errors.New("invalid UTF-8")
	ErrLoneSurrogate = errors.New("lone UTF-16 surrogate")
)

func (e *Error) Error() string {
	return fmt.Sprintf("json: %s (at byte %d, %s)", e.Msg, e.Offset, pointerOrRoot(e.Pointer))
}

func (e *Error) Unwrap() error { return e.Err }

func pointerOrRoot(p string) string {
	if p == "" {
		return "the document"
	}
	return p
}

// Decoder reads JSON from a stream.
type Decoder struct {
	r    io.Reader
	lim  Limits
	buf  []byte
	pos  int   // next byte to read in buf
	base int64 // offset of buf[0] in the input
	eof  bool
	err  error // sticky

	// held is a read failure — the reader failing, or the input going
	// over MaxBytes — met while reading ahead and not yet reported: fill
	// reports it when a read needs the bytes that are not there (see more).
	held *Error

	depth  int
	prefix string            // the pointer of the value read, when it was cut from a document (ResetAt)
	path   []segment         // where the reader is, for error pointers
	keys   map[string]string // interned object keys: packets repeat a few hundred names
	vals   map[string]any    // short string values, boxed once (stringValue)
	nums   map[string]any    // short numbers, boxed once
	sb     []byte            // scratch for unescaping
	kb     []byte            // a key read in place, kept from the refill that finds its ':' (heldKey)
}

type segment struct {
	key   string
	index int // -1 for an object member
}

// NewDecoder returns a decoder reading from r.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	return &Decoder{r: r, lim: lim, buf: make([]byte, 0, 64<<10)}
}

// NewBytesDecoder returns a decoder reading data in place, without copying
// it: the bytes StringBytes and NumberBytes return for text without escapes
// are parts of data, and Offset is an index into it.
func NewBytesDecoder(data []byte, lim Limits) *Decoder {
	d := &Decoder{lim: lim, buf: data, eof: true}
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		d.pos = len(data)
		d.err = &Error{Kind: Limit, Offset: lim.MaxBytes, Msg: fmt.Sprintf("input larger than the limit of %d bytes", lim.MaxBytes)}
	}
	return d
}

// Offset returns the offset of the next byte to read.
func (d *Decoder) Offset() int64 { return d.base + int64(d.pos) }

// Pointer returns the JSON Pointer of where the reader is.
func (d *Decoder) Pointer() string {
	var b strings.Builder
	b.WriteString(d.prefix)
	for _, s := range d.path {
		b.WriteByte('/')
		if s.index >= 0 {
			b.WriteString(strconv.Itoa(s.index))
			continue
		}
		b.WriteString(escapePointer(s.key))
	}
	return b.String()
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// PushKey and PushIndex tell the decoder where the caller's walk is, so that
// errors inside values read with Value carry the right pointer; Pop undoes.
func (d *Decoder) PushKey(k string)                   { d.path = append(d.path, segment{key: k, index: -1}) }
func (d *Decoder) PushIndex(i int)                    { d.path = append(d.path, segment{index: i}) }
func (d *Decoder) Pop()                               { d.path = d.path[:len(d.path)-1] }
func (d *Decoder) fail(k ErrorKind, msg string) error { return d.failErr(k, msg, nil) }

func (d *Decoder) failErr(k ErrorKind, msg string, cause error) error {
	if d.err == nil {
		d.err = &Error{Kind: k, Offset: d.Offset(), Pointer: d.Pointer(), Msg: msg, Err: cause}
	}
	return d.err
}

// fill reads more input, keeping buf[keep:], which moves to the front of
// the buffer: it returns by how much offsets into the buffer moved, and
// false at the end of the input or on error, which it reports here: where
// the reading is when it needs the bytes it cannot have.
func (d *Decoder) fill(keep int) (shift int, ok bool) {
	shift, ok = d.more(keep)
	if !ok && d.held != nil && d.err == nil {
		e := *d.held
		e.Pointer = d.Pointer()
		if e.Kind == Limit {
			d.pos = len(d.buf)
		} else {
			e.Offset = d.Offset()
		}
		d.err = &e
	}
	return shift, ok
}

// more reads more input as fill does, but only holds a failure back
// (d.held) rather than report it, and drops the bytes that came with it,
// which a reader never reads: a reader looking ahead (RawValue) can then
// give up and read again from where it was, and meet the failure where a
// reader that did not look ahead meets it.
func (d *Decoder) more(keep int) (shift int, ok bool) {
	if d.eof || d.err != nil || d.held != nil {
		return 0, false
	}
	had := len(d.buf) - keep
	var n int
	var err error
	d.buf, n, err = bufread.Refill(d.r, d.buf, keep)
	d.pos -= keep
	d.base += int64(keep)
	switch {
	case d.lim.MaxBytes > 0 && d.base+int64(len(d.buf)) > d.lim.MaxBytes:
		d.buf = d.buf[:had]
		d.held = &Error{Kind: Limit, Offset: d.lim.MaxBytes, Msg: fmt.Sprintf("input larger than the limit of %d bytes", d.lim.MaxBytes)}
		return keep, false
	case err == io.EOF:
		d.eof = true
	case err != nil:
		d.buf = d.buf[:had]
		d.held = &Error{Kind: IO, Msg: "read failed: " + err.Error(), Err: err}
		return keep, false
	}
	return keep, n > 0 || !d.eof
}

// skipSpace advances past white space and returns the next byte without
// consuming it; ok is false at the end of the input.
func (d *Decoder) skipSpace() (byte, bool) {
	if d.pos < len(d.buf) {
		if c := d.buf[d.pos]; c > ' ' {
			return c, true
		}
	}
	return d.skipSpaceSlow()
}

func (d *Decoder) skipSpaceSlow() (byte, bool) {
	for {
		for d.pos < len(d.buf) {
			c := d.buf[d.pos]
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				return c, true
			}
			d.pos++
		}
		if _, ok := d.fill(d.pos); !ok {
			return 0, false
		}
	}
}

func (d *Decoder) unexpectedEnd() error {
	if d.err != nil {
		return d.err
	}
	return d.fail(Syntax, "unexpected end of input")
}

func (d *Decoder) expect(c byte, what string) error {
	got, ok := d.skipSpace()
	if !ok {
		return d.unexpectedEnd()
	}
	if got != c {
		return d.fail(Syntax, fmt.Sprintf("found %s, want %s", describe(got), what))
	}
	d.pos++
	return nil
}

func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// BeginObject reads '{'.
func (d *Decoder) BeginObject() error { return d.begin('{', "'{' (an object)") }

// BeginArray reads '['.
func (d *Decoder) BeginArray() error { return d.begin('[', "'[' (an array)") }

func (d *Decoder) begin(c byte, what string) error {
	if err := d.expect(c, what); err != nil {
		return err
	}
	d.depth++
	if d.lim.MaxDepth > 0 && d.depth > d.lim.MaxDepth {
		return d.fail(Limit, fmt.Sprintf("nesting deeper than the limit of %d", d.lim.MaxDepth))
	}
	return nil
}

// NextMember reads the next member's key of the object being walked, and
// false after its closing '}'. first tells whether no member was read yet.
func (d *Decoder) NextMember(first bool) (string, bool, error) {
	if ok, err := d.memberStart(first); !ok || err != nil {
		return "", false, err
	}
	k, err := d.readString(true)
	if err != nil {
		return "", false, err
	}
	if err := d.expect(':', "':' after a member name"); err != nil {
		return "", false, err
	}
	return k, true, nil
}

// memberStart reads up to the opening quote of the next member's key, and
// reports false after the object's closing '}'.
func (d *Decoder) memberStart(first bool) (bool, error) {
	c, ok := d.skipSpace()
	if !ok {
		return false, d.unexpectedEnd()
	}
	if c == '}' {
		d.pos++
		d.depth--
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, d.fail(Syntax, fmt.Sprintf("found %s after an object member, want ',' or '}'", describe(c)))
		}
		d.pos++
		if c, ok = d.skipSpace(); !ok {
			return false, d.unexpectedEnd()
		}
	}
	if c != '"' {
		return false, d.fail(Syntax, fmt.Sprintf("found %s, want a member name in quotes", describe(c)))
	}
	return true, nil
}

// NextElement reports whether the array being walked has another element,
// consuming the ',' before it or the closing ']'.
func (d *Decoder) NextElement(first bool) (bool, error) {
	c, ok := d.skipSpace()
	if !ok {
		return false, d.unexpectedEnd()
	}
	if c == ']' {
		d.pos++
		d.depth--
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, d.fail(Syntax, fmt.Sprintf("found %s after an array element, want ',' or ']'", describe(c)))
		}
		d.pos++
	}
	return true, nil
}

// End checks that nothing but white space follows the value read.
func (d *Decoder) End() error {
	if c, ok := d.skipSpace(); ok {
		return d.fail(Syntax, fmt.Sprintf("found %s after the end of the document", describe(c)))
	}
	return d.err
}

// Value reads one whole value.
func (d *Decoder) Value() (any, error) {
	c, ok := d.skipSpace()
	if !ok {
		return nil, d.unexpectedEnd()
	}
	switch {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		return d.stringValue()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	}
	return nil, d.fail(Syntax, fmt.Sprintf("found %s, want a value", describe(c)))
}

// Skip reads and discards one value.
func (d *Decoder) Skip() error {
	_, err := d.Value()
	return err
}

func (d *Decoder) object() (any, error) {
	if err := d.BeginObject(); err != nil {
		return nil, err
	}
	m := make(map[string]any, 8)
	for first := true; ; first = false {
		k, ok, err := d.NextMember(first)
		if err != nil {
			return nil, err
		}
		if !ok {
			return m, nil
		}
		if _, dup := m[k]; dup {
			d.PushKey(k)
			defer d.Pop()
			return nil, d.fail(DuplicateKey, fmt.Sprintf("duplicate key %q", clip.String(k)))
		}
		d.PushKey(k)
		v, err := d.Value()
		d.Pop()
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
}

func (d *Decoder) array() (any, error) {
	if err := d.BeginArray(); err != nil {
		return nil, err
	}
	a := make([]any, 0, 4)
	for i := 0; ; i++ {
		ok, err := d.NextElement(i == 0)
		if err != nil {
			return nil, err
		}
		if !ok {
			return a, nil
		}
		d.PushIndex(i)
		v, err := d.Value()
		d.Pop()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

func (d *Decoder) literal(word string) error {
	for len(d.buf)-d.pos < len(word) {
		if _, ok := d.fill(d.pos); !ok {
			break
		}
	}
	if len(d.buf)-d.pos < len(word) || string(d.buf[d.pos:d.pos+len(word)]) != word {
		return d.fail(Syntax, fmt.Sprintf("invalid literal, want %s", word))
	}
	d.pos += len(word)
	return nil
}

// number reads a number as json.Number, checking the JSON grammar.
func (d *Decoder) number() (any, error) {
	s, err := d.numberBytes()
	if err != nil {
		return nil, err
	}
	if v, ok := d.nums[string(s)]; ok {
		return v, nil // a short number seen before: no allocation, as stringValue
	}
	var v any = json.Number(s)
	if len(s) <= maxCachedLen && len(d.nums) < maxCached {
		if d.nums == nil {
			d.nums = make(map[string]any, 256)
		}
		d.nums[string(s)] = v
	}
	return v, nil
}

// NumberBytes reads a number and returns it as it stands in the input,
// checked against the JSON grammar, valid until the next read.
func (d *Decoder) NumberBytes() ([]byte, error) {
	c, ok := d.skipSpace()
	if !ok {
		return nil, d.unexpectedEnd()
	}
	if c != '-' && (c < '0' || c > '9') {
		return nil, d.fail(Syntax, fmt.Sprintf("found %s, want a value", describe(c)))
	}
	return d.numberBytes()
}

func (d *Decoder) numberBytes() ([]byte, error) {
	start := d.pos
	i := d.pos
	// Make sure the whole number is in the buffer: it ends at a delimiter.
	for {
		for i < len(d.buf) && isNumberByte(d.buf[i]) {
			i++
		}
		if d.lim.MaxNumberLen > 0 && i-start > d.lim.MaxNumberLen {
			d.pos = start
			return nil, d.fail(Limit, fmt.Sprintf("number longer than the limit of %d bytes", d.lim.MaxNumberLen))
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
	s := d.buf[start:i]
	if !validNumber(s) {
		return nil, d.fail(Syntax, fmt.Sprintf("invalid number %q", clip.Bytes(s)))
	}
	d.pos = i
	return s, nil
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// validNumber checks the JSON number grammar of RFC 8259.
func validNumber(s []byte) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i == len(s)
}

// readString reads a string whose opening quote is next; key strings are
// interned.
func (d *Decoder) readString(key bool) (string, error) {
	b, _, err := d.stringBytes(key)
	if err != nil {
		return "", err
	}
	if key {
		return d.intern(b), nil
	}
	return string(b), nil
}

// maxCached bounds the strings stringValue caches, and how many.
const (
	maxCachedLen = 32
	maxCached    = 8192
)

// stringValue reads a string value. A short one — a code, a date, a name,
// which repeat from record to record — comes from a cache of values
// already boxed in an interface, so that it costs no allocation; values
// are immutable, so sharing them is safe.
func (d *Decoder) stringValue() (any, error) {
	b, _, err := d.stringBytes(false)
	if err != nil || len(b) > maxCachedLen {
		if err != nil {
			return nil, err
		}
		return string(b), nil
	}
	if v, ok := d.vals[string(b)]; ok {
		return v, nil
	}
	var v any = string(b)
	if len(d.vals) < maxCached {
		if d.vals == nil {
			d.vals = make(map[string]any, 1024)
		}
		d.vals[v.(string)] = v
	}
	return v, nil
}

// StringBytes reads a string and returns its decoded bytes, valid until
// the next read, and whether it had an escape: when it had none, the bytes
// are as they stand in the input, with no quote, backslash or control
// character.
func (d *Decoder) StringBytes() (b []byte, escaped bool, err error) {
	c, ok := d.skipSpace()
	if !ok {
		return nil, false, d.unexpectedEnd()
	}
	if c != '"' {
		return nil, false, d.fail(Syntax, fmt.Sprintf("found %s, want a string", describe(c)))
	}
	// A string wholly in the buffer, without an escape and within the
	// limit — nearly every one — is one scan; any other is read again,
	// by the general reader, which says what is wrong with it.
	start := d.pos + 1
	end, bad, partial := scanString(d.buf, start, -1)
	if end < len(d.buf) && !partial && bad < 0 && d.buf[end] == '"' &&
		(d.lim.MaxStringLen <= 0 || end-start <= d.lim.MaxStringLen) {
		d.pos = end + 1
		return d.buf[start:end], false, nil
	}
	return d.stringBytes(false)
}

// NextMemberBytes is NextMember returning the key as StringBytes does,
// without interning it: the key is valid until the next read.
func (d *Decoder) NextMemberBytes(first bool) (key []byte, escaped, ok bool, err error) {
	if ok, err = d.memberStart(first); !ok || err != nil {
		return nil, false, false, err
	}
	if key, escaped, err = d.stringBytes(true); err != nil {
		return nil, false, false, err
	}
	key = d.heldKey(key)
	if err := d.expect(':', "':' after a member name"); err != nil {
		return nil, false, false, err
	}
	return key, escaped, true, nil
}

// heldKey returns key where reading on cannot overwrite it. On a stream,
// the read that looks for the ':' after a key may refill the buffer the key
// was read in place from, so the key is copied to scratch of its own; a
// decoder over a byte slice never refills.
func (d *Decoder) heldKey(key []byte) []byte {
	if d.r == nil {
		return key
	}
	d.kb = append(d.kb[:0], key...)
	return d.kb
}

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
	lo7 = 0x7F7F7F7F7F7F7F7F
)

// specialMask marks with its high bit the first byte of w that is '"',
// '\\' or a control character (a byte below 0x20), if any: bytes after it
// may be marked too, wrongly, by the borrow, but none before it is.
func specialMask(w uint64) uint64 {
	q, e := w^(lo8*'"'), w^(lo8*'\\')
	return ((w-lo8*0x20)&^w | (q-lo8)&^q | (e-lo8)&^e) & hi8
}

// special reports whether one of the eight bytes of w is '"', '\\' or a
// control character.
func special(w uint64) bool { return specialMask(w) != 0 }

// scanString advances from i over the bytes of a string that are not '"',
// '\\' or control characters, eight at a time while they are ASCII, and
// checks that the others are UTF-8 as it steps over them, so that no byte
// is read twice: bad is the index of the first byte that is not, if it is
// below the bad it is given (-1: none yet). It stops at such a byte, at
// the end of b, or, with partial true, at a character whose bytes b ends
// in the middle of, which the next read completes.
func scanString(b []byte, i, bad int) (end, bad2 int, partial bool) {
	for i < len(b) {
		if len(b)-i >= 8 {
			w := binary.LittleEndian.Uint64(b[i:])
			m := specialMask(w) | w&hi8
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
			if b[i] >= utf8.RuneSelf && len(b)-i >= 8 {
				if n := utf8Word(binary.LittleEndian.Uint64(b[i:])); n > 0 {
					i += n
					continue
				}
			}
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return i, bad, false
			}
			i++
			continue
		}
		// Vietnamese letters take two or three bytes: check those
		// here; utf8 checks the rest, and a character the end cuts.
		if c >= 0xC2 && c < 0xE0 && i+1 < len(b) && b[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		if c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(b) && b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		if !utf8.FullRune(b[i:]) {
			return i, bad, true
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 && bad < 0 {
			bad = i
		}
		i += n
	}
	return i, bad, false
}

// utf8Word returns how many of the first bytes of w, before any '"', '\\'
// or control character, are whole characters of valid UTF-8 of at most
// three bytes whose first byte alone makes them valid: ASCII, C2-DF then a
// continuation byte, E1-EC or EE-EF then two; 0 when the first is not.
// Vietnamese text, a letter of two or three bytes every few bytes, is
// checked so a word at a time, where a loop by characters would branch on
// each.
func utf8Word(w uint64) int {
	n, m := 8, ^uint64(0) // the bytes to check, and their mask
	if s := specialMask(w); s != 0 {
		n = bits.TrailingZeros64(s) / 8
		m = 1<<(8*n) - 1
	}
	// By their top bits: 10xxxxxx continues a character, 11xxxxxx starts
	// one, 111xxxxx of three bytes or more.
	high := w & hi8 & m
	cont := high &^ (w << 1)
	lead := high &^ cont
	if lead != 0 {
		// The last character starting among the n bytes may end past
		// them: leave it to the next word.
		top := (63 - bits.LeadingZeros64(lead)) / 8
		size := 2 + int(w>>(8*top+5)&1)
		if top+size > n {
			n, m = top, 1<<(8*top)-1
			cont, lead = cont&m, lead&m
		}
	}
	lead3 := lead & (w << 2)
	lead2 := lead &^ lead3
	// The low bits of a first byte: of C2-DF, at least 2; of E1-EC and
	// EE-EF, neither 0 nor 13, and the bit of a fourth byte clear.
	t, u := w&(lo8*0x1F), w&(lo8*0x0F)
	if n == 0 || cont != lead2<<8|lead3<<8|lead3<<16 ||
		lead2&^(t+lo8*0x7E) != 0 ||
		lead3&(w<<3|zeroBytes(u)|zeroBytes(u^lo8*0x0D)) != 0 {
		return 0
	}
	return n
}

// zeroBytes marks with its high bit each byte of x that is zero, exactly.
func zeroBytes(x uint64) uint64 { return ^((x&lo7 + lo7) | x) & hi8 }

// stringBytes reads a string whose opening quote is next.
func (d *Decoder) stringBytes(key bool) ([]byte, bool, error) {
	limit, what := d.lim.MaxStringLen, "string"
	if key && d.lim.MaxNameLen > 0 {
		limit, what = d.lim.MaxNameLen, "member name"
	}
	d.pos++ // the opening quote
	start := d.pos
	i, bad := d.pos, -1
	escaped := false
	for {
		partial := false
		for i < len(d.buf) {
			if i, bad, partial = scanString(d.buf, i, bad); i >= len(d.buf) || partial {
				break
			}
			c := d.buf[i]
			if c == '"' {
				goto done
			}
			if c == '\\' {
				if i+1 >= len(d.buf) {
					break // read the escaped byte first: it may be a quote
				}
				escaped = true
				i += 2
				continue
			}
			d.pos = i
			return nil, false, d.fail(Syntax, fmt.Sprintf("control character %s in a string", describe(c)))
		}
		// An escape is at most six bytes for one. A character cut by the
		// end of the buffer counts whole, as the bytes scanned so far.
		if scanned := i; limit > 0 {
			if partial {
				scanned = len(d.buf)
			}
			if scanned-start > 6*limit+6 {
				d.pos = scanned
				return nil, false, d.fail(Limit, fmt.Sprintf("%s longer than the limit of %d bytes", what, limit))
			}
		}
		shift, ok := d.fill(start)
		i -= shift
		start -= shift
		if bad >= 0 {
			bad -= shift
		}
		if !ok {
			d.pos = len(d.buf)
			return nil, false, d.unexpectedEnd()
		}
	}
done:
	raw := d.buf[start:i]
	d.pos = i + 1
	if !escaped {
		if bad >= 0 {
			d.pos = bad
			return nil, false, d.failErr(Syntax, "invalid UTF-8 in a string", ErrInvalidUTF8)
		}
		if limit > 0 && len(raw) > limit {
			return nil, false, d.fail(Limit, fmt.Sprintf("%s of %d bytes, over the limit of %d", what, len(raw), limit))
		}
		return raw, false, nil
	}
	s, err := d.unescape(start, raw)
	if err != nil {
		return nil, false, err
	}
	if limit > 0 && len(s) > limit {
		return nil, false, d.fail(Limit, fmt.Sprintf("%s of %d bytes, over the limit of %d", what, len(s), limit))
	}
	return s, true, nil
}

// badUTF8 reports the first byte of raw, which starts at d.buf[start], that
// is not UTF-8.
func (d *Decoder) badUTF8(start int, raw []byte) error {
	for k := 0; k < len(raw); {
		r, n := utf8.DecodeRune(raw[k:])
		if r == utf8.RuneError && n <= 1 {
			d.pos = start + k
			break
		}
		k += n
	}
	return d.failErr(Syntax, "invalid UTF-8 in a string", ErrInvalidUTF8)
}

func (d *Decoder) intern(b []byte) string {
	if s, ok := d.keys[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.keys == nil {
		// Made on the first key: a decoder of a record with none, which
		// may be one of many, costs nothing.
		d.keys = make(map[string]string, 256)
	}
	if len(d.keys) < 4096 {
		d.keys[s] = s
	}
	return s
}

func validUTF8(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return utf8.Valid(b)
		}
	}
	return true
}

// unescape decodes the escapes of raw, which starts at d.buf[start], into
// the scratch buffer.
func (d *Decoder) unescape(start int, raw []byte) ([]byte, error) {
	out := d.sb[:0]
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			j := i
			for j < len(raw) && raw[j] != '\\' {
				j++
			}
			if !validUTF8(raw[i:j]) {
				return nil, d.badUTF8(start+i, raw[i:j])
			}
			out = append(out, raw[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(raw) {
			return nil, d.fail(Syntax, "unfinished escape in a string")
		}
		switch e := raw[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n := hex4(raw[i+2:])
			if n < 0 {
				return nil, d.fail(Syntax, `invalid \u escape in a string`)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, n2 := rune(-1), -1
				if i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					r2, n2 = hex4(raw[i+2:])
				}
				if dec := utf16.DecodeRune(r, r2); n2 >= 0 && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					// A lone surrogate is not a character: it cannot be UTF-8.
					d.pos = start + i - 6
					return nil, d.failErr(Syntax, `lone UTF-16 surrogate in a \u escape`, ErrLoneSurrogate)
				}
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return nil, d.fail(Syntax, fmt.Sprintf(`invalid escape \%c in a string`, e))
		}
		i += 2
	}
	d.sb = out
	return out, nil
}

func hex4(b []byte) (rune, int) {
	if len(b) < 4 {
		return 0, -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, -1
		}
	}
	return r, 4
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k ErrorKind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// Peek returns the next byte that is not white space, without reading it.
func (d *Decoder) Peek() (byte, error) {
	c, ok := d.skipSpace()
	if !ok {
		return 0, d.unexpectedEnd()
	}
	return c, nil
}
