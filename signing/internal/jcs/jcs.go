// Package jcs canonicalises JSON by RFC 8785 (the JSON Canonicalization
// Scheme). It reads the input once, writing the canonical form as it goes,
// and builds no tree: an object whose members arrive in canonical order costs
// nothing more; one that does not is reordered in place when it closes, and,
// once the bytes so moved reach twice the input, by a final pass that writes
// each byte once, so that nesting cannot make the work more than linear.
//
// Input must be I-JSON (RFC 7493): valid UTF-8 without lone surrogates, no
// duplicate member names, and numbers that are IEEE 754 doubles. Anything
// else is refused with an *Error.
package jcs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"
)

// MaxDepth is the deepest nesting of arrays and objects accepted.
const MaxDepth = 10000

// The kinds of error, for errors.Is.
var (
	ErrSyntax    = errors.New("not JSON")
	ErrUTF8      = errors.New("invalid UTF-8")
	ErrSurrogate = errors.New("lone surrogate")
	ErrDuplicate = errors.New("duplicate key")
	ErrNumber    = errors.New("number out of range")
	ErrDepth     = errors.New("nesting too deep")
	ErrNotObject = errors.New("not an object") // TransformObject's input is other JSON
)

// Error is a refusal of the input, at a byte offset.
type Error struct {
	Offset int    // of the byte where the input went wrong
	Kind   error  // one of the Err variables
	Detail string // what went wrong, for people
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("jcs: %v at offset %d", e.Kind, e.Offset)
	}
	return fmt.Sprintf("jcs: %v: %s at offset %d", e.Kind, e.Detail, e.Offset)
}

// Unwrap returns the kind of the error.
func (e *Error) Unwrap() error { return e.Kind }

// Transform returns the canonical form of data, one JSON value with
// optional white space around it.
func Transform(data []byte) ([]byte, error) {
	return transform(data, 2*len(data))
}

// transform is Transform reordering at most budget bytes in place.
func transform(data []byte, budget int) ([]byte, error) {
	p := parser{in: data, budget: budget}
	if err := p.document(false); err != nil {
		return nil, err
	}
	return p.result(), nil
}

// Result is what TransformObject returns.
type Result struct {
	// Canonical is the canonical form of the object without the dropped
	// member.
	Canonical []byte
	// Dropped is the dropped member's value as it is in the input (it
	// shares its memory), or nil when the object has no such member.
	Dropped []byte
}

// TransformObject canonicalises data, which must be one JSON object,
// without its top-level member named drop (none when drop is empty). The
// dropped member's value is checked like any other and counts for
// duplicate keys.
func TransformObject(data []byte, drop string) (Result, error) {
	p := parser{in: data, drop: drop, dropping: drop != "", budget: 2 * len(data)}
	if err := p.document(true); err != nil {
		return Result{}, err
	}
	return Result{Canonical: p.result(), Dropped: p.dropped}, nil
}

// member is an object member written to out: "key":value at out[start:end].
// Its decoded key is at in[k0:k1], or at keys[^k0:k1] when it had an
// escape. It holds no pointer, for the garbage collector's sake.
type member struct {
	k0, k1, start, end int
}

// key returns the decoded key of m.
func (p *parser) key(m member) []byte {
	if m.k0 < 0 {
		return p.keys[^m.k0:m.k1]
	}
	return p.in[m.k0:m.k1]
}

// span is a member's bytes in out.
type span struct{ start, end int }

// fixup is an object whose members were not in canonical order: out[start:end]
// is the object as written, fixMembers[lo:hi] its members in canonical order.
type fixup struct{ start, end, lo, hi int }

type parser struct {
	in    []byte
	pos   int
	out   []byte
	depth int

	members    []member // the members of the open objects, innermost last
	keys       []byte   // the decoded keys that had an escape
	fix        []fixup
	fixMembers []span
	moved      int    // bytes reordered in place
	budget     int    // bytes that may be reordered in place
	scratch    []byte // for reordering in place

	drop     string
	dropping bool
	dropped  []byte
}

func (p *parser) fail(off int, kind error, format string, args ...any) error {
	return &Error{Offset: off, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// document parses the whole input.
func (p *parser) document(object bool) error {
	p.out = make([]byte, 0, len(p.in)+len(p.in)/16+16)
	p.skipSpace()
	if p.pos >= len(p.in) {
		return p.fail(p.pos, ErrSyntax, "no value")
	}
	if object {
		if p.in[p.pos] != '{' {
			return &Error{Offset: p.pos, Kind: ErrNotObject}
		}
		if err := p.object(true); err != nil {
			return err
		}
	} else if err := p.value(); err != nil {
		return err
	}
	p.skipSpace()
	if p.pos < len(p.in) {
		return p.fail(p.pos, ErrSyntax, "data after the value")
	}
	return nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.in) {
		switch p.in[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses one value at p.pos, which is not white space.
func (p *parser) value() error {
	if p.pos >= len(p.in) {
		return p.fail(p.pos, ErrSyntax, "unexpected end of input")
	}
	switch c := p.in[p.pos]; {
	case c == '{':
		return p.object(false)
	case c == '[':
		return p.array()
	case c == '"':
		_, _, err := p.str(false)
		return err
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	default:
		return p.unexpected()
	}
}

func (p *parser) unexpected() error {
	if p.pos >= len(p.in) {
		return p.fail(p.pos, ErrSyntax, "unexpected end of input")
	}
	c := p.in[p.pos]
	if c >= 0x80 {
		return p.fail(p.pos, ErrSyntax, "unexpected byte 0x%02x", c)
	}
	return p.fail(p.pos, ErrSyntax, "unexpected character %q", rune(c))
}

func (p *parser) literal(lit string) error {
	if len(p.in)-p.pos < len(lit) || string(p.in[p.pos:p.pos+len(lit)]) != lit {
		return p.fail(p.pos, ErrSyntax, "invalid literal")
	}
	p.pos += len(lit)
	p.out = append(p.out, lit...)
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail(p.pos, ErrDepth, "more than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) array() error {
	if err := p.enter(); err != nil {
		return err
	}
	p.pos++
	p.out = append(p.out, '[')
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == ']' {
		p.pos++
		p.out = append(p.out, ']')
		p.depth--
		return nil
	}
	for {
		p.skipSpace()
		if err := p.value(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.in) {
			return p.unexpected()
		}
		switch p.in[p.pos] {
		case ',':
			p.pos++
			p.out = append(p.out, ',')
		case ']':
			p.pos++
			p.out = append(p.out, ']')
			p.depth--
			return nil
		default:
			return p.unexpected()
		}
	}
}

func (p *parser) object(top bool) error {
	if err := p.enter(); err != nil {
		return err
	}
	objStart, nfixOpen := len(p.out), len(p.fix)
	p.pos++
	p.out = append(p.out, '{')
	base := len(p.members)
	sorted := true
	dropSeen := false
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == '}' {
		p.pos++
		p.out = append(p.out, '}')
		p.depth--
		return nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != '"' {
			if p.pos < len(p.in) {
				return p.fail(p.pos, ErrSyntax, "object key is not a string")
			}
			return p.unexpected()
		}
		mark := len(p.out)
		if len(p.members) > base {
			p.out = append(p.out, ',')
		}
		start := len(p.out)
		keyOff := p.pos
		k0, k1, err := p.str(true)
		if err != nil {
			return err
		}
		m := member{k0: k0, k1: k1, start: start}
		key := p.key(m)
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != ':' {
			return p.unexpected()
		}
		p.pos++
		p.out = append(p.out, ':')
		p.skipSpace()
		valStart, nfix, nfixMembers := p.pos, len(p.fix), len(p.fixMembers)
		if err := p.value(); err != nil {
			return err
		}
		if top && p.dropping && string(key) == p.drop {
			if dropSeen {
				return p.fail(keyOff, ErrDuplicate, "%s", quote(key))
			}
			dropSeen = true
			p.dropped = p.in[valStart:p.pos]
			p.out = p.out[:mark]
			p.fix, p.fixMembers = p.fix[:nfix], p.fixMembers[:nfixMembers]
		} else {
			if n := len(p.members); n > base {
				switch c := compareKeys(p.key(p.members[n-1]), key); {
				case c == 0:
					return p.fail(keyOff, ErrDuplicate, "%s", quote(key))
				case c > 0:
					sorted = false
				}
			}
			m.end = len(p.out)
			p.members = append(p.members, m)
		}
		p.skipSpace()
		if p.pos >= len(p.in) {
			return p.unexpected()
		}
		switch p.in[p.pos] {
		case ',':
			p.pos++
			continue
		case '}':
			p.pos++
			p.out = append(p.out, '}')
		default:
			return p.unexpected()
		}
		break
	}
	if !sorted {
		ms := p.members[base:]
		slices.SortFunc(ms, func(a, b member) int { return compareKeys(p.key(a), p.key(b)) })
		for i := 1; i < len(ms); i++ {
			if compareKeys(p.key(ms[i-1]), p.key(ms[i])) == 0 {
				return p.fail(p.pos-1, ErrDuplicate, "%s in the object ending here", quote(p.key(ms[i])))
			}
		}
		p.reorder(objStart, ms, nfixOpen)
	}
	p.members = p.members[:base]
	p.depth--
	return nil
}

// reorder writes the members of the object at out[start:], which are ms
// sorted, in their order. It does so in place while the bytes moved so far
// stay within twice the input, and when no object inside is left to a
// final pass (nfix is the number of those before the object): nesting
// cannot make the work more than linear. Beyond that, the object is left
// to the final pass too.
func (p *parser) reorder(start int, ms []member, nfix int) {
	end := len(p.out)
	if len(p.fix) == nfix && p.moved+end-start <= p.budget {
		p.moved += end - start
		p.scratch = append(p.scratch[:0], p.out[start:end]...)
		w := p.out[:start+1]
		for i, m := range ms {
			if i > 0 {
				w = append(w, ',')
			}
			w = append(w, p.scratch[m.start-start:m.end-start]...)
		}
		p.out = append(w, '}')
		return
	}
	lo := len(p.fixMembers)
	for _, m := range ms {
		p.fixMembers = append(p.fixMembers, span{m.start, m.end})
	}
	p.fix = append(p.fix, fixup{start: start, end: end, lo: lo, hi: len(p.fixMembers)})
}

// quote renders a key for an error message, at most 32 bytes of it.
func quote(key []byte) string {
	if len(key) > 32 {
		return strconv.Quote(string(key[:32])) + "..."
	}
	return strconv.Quote(string(key))
}

// compareKeys orders decoded keys by their UTF-16 code units (RFC 8785
// §3.2.3). UTF-8 byte order is code point order, which differs only
// between a supplementary character (a surrogate pair in UTF-16) and one
// from U+E000 to U+FFFF.
func compareKeys(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		return len(a) - len(b)
	}
	if a[i] < 0x80 || b[i] < 0x80 {
		return int(a[i]) - int(b[i])
	}
	k := i
	for k > 0 && a[k]&0xC0 == 0x80 {
		k--
	}
	ra, _ := utf8.DecodeRune(a[k:])
	rb, _ := utf8.DecodeRune(b[k:])
	sa, sb := ra >= 0x10000, rb >= 0x10000
	switch {
	case sa == sb:
		return int(ra) - int(rb)
	case sa: // a's first unit is a high surrogate, b is not a surrogate
		if rb >= 0xE000 {
			return -1
		}
		return 1
	default:
		if ra >= 0xE000 {
			return 1
		}
		return -1
	}
}

// plain marks the bytes a string copies through unchanged, but for
// validating UTF-8: not '"', '\\' or a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// special reports whether one of the eight bytes of w is '"', '\\' or a
// control character (a byte below 0x20).
func special(w uint64) bool {
	below := func(x uint64, n uint64) uint64 { return (x - lo8*n) & ^x & hi8 } // some byte < n
	return below(w, 0x20)|below(w^(lo8*'"'), 1)|below(w^(lo8*'\\'), 1) != 0
}

// str parses a string at p.pos and writes its canonical form. For a key
// it returns where the decoded string is (see member).
func (p *parser) str(key bool) (k0, k1 int, err error) {
	in := p.in
	start := p.pos + 1
	i := start
	escaped := false
	outStart := len(p.out)
	p.out = append(p.out, '"')
	for {
		j := i
		var high uint64
		// Eight bytes at a time while none of them ends the run.
		for len(in)-j >= 8 {
			w := binary.LittleEndian.Uint64(in[j:])
			if special(w) {
				break
			}
			high |= w
			j += 8
		}
		for j < len(in) && plain[in[j]] {
			high |= uint64(in[j])
			j++
		}
		if high&hi8 != 0 && !utf8.Valid(in[i:j]) {
			return 0, 0, p.badUTF8(i, j)
		}
		p.out = append(p.out, in[i:j]...)
		if j >= len(in) {
			return 0, 0, p.fail(j, ErrSyntax, "unterminated string")
		}
		switch c := in[j]; {
		case c == '"':
			p.out = append(p.out, '"')
			p.pos = j + 1
			if !key {
				return 0, 0, nil
			}
			if !escaped {
				return start, j, nil
			}
			k := len(p.keys)
			p.keys = unescape(p.keys, p.out[outStart+1:len(p.out)-1])
			return ^k, len(p.keys), nil
		case c < 0x20:
			return 0, 0, p.fail(j, ErrSyntax, "control character 0x%02x in a string", c)
		}
		// A backslash.
		escaped = true
		if j+1 >= len(in) {
			return 0, 0, p.fail(j, ErrSyntax, "unterminated string")
		}
		switch e := in[j+1]; e {
		case '"', '\\':
			p.out = append(p.out, '\\', e)
			i = j + 2
		case '/':
			p.out = append(p.out, '/')
			i = j + 2
		case 'b', 'f', 'n', 'r', 't':
			p.out = append(p.out, '\\', e)
			i = j + 2
		case 'u':
			r, n, err := p.uescape(j)
			if err != nil {
				return 0, 0, err
			}
			p.out = appendRune(p.out, r)
			i = j + n
		default:
			return 0, 0, p.fail(j, ErrSyntax, "invalid escape")
		}
	}
}

// badUTF8 reports the first invalid byte of in[i:j].
func (p *parser) badUTF8(i, j int) error {
	for k := i; k < j; {
		r, n := utf8.DecodeRune(p.in[k:j])
		if r == utf8.RuneError && n <= 1 {
			if p.in[k] == 0xED && k+1 < j && p.in[k+1] >= 0xA0 && p.in[k+1] <= 0xBF {
				return p.fail(k, ErrSurrogate, "a surrogate encoded in UTF-8")
			}
			return p.fail(k, ErrUTF8, "byte 0x%02x", p.in[k])
		}
		k += n
	}
	return p.fail(i, ErrUTF8, "")
}

// hex4 reads four hexadecimal digits at in[i:].
func hex4(in []byte, i int) (rune, bool) {
	if len(in)-i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range in[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// uescape reads a \u escape at in[j:], two for a surrogate pair, and returns
// the code point and the length read.
func (p *parser) uescape(j int) (rune, int, error) {
	r, ok := hex4(p.in, j+2)
	if !ok {
		return 0, 0, p.fail(j, ErrSyntax, "invalid \\u escape")
	}
	switch {
	case r >= 0xDC00 && r <= 0xDFFF:
		return 0, 0, p.fail(j, ErrSurrogate, "\\u%04x", r)
	case r >= 0xD800 && r <= 0xDBFF:
		if len(p.in)-j < 12 || p.in[j+6] != '\\' || p.in[j+7] != 'u' {
			return 0, 0, p.fail(j, ErrSurrogate, "\\u%04x", r)
		}
		lo, ok := hex4(p.in, j+8)
		if !ok {
			return 0, 0, p.fail(j+6, ErrSyntax, "invalid \\u escape")
		}
		if lo < 0xDC00 || lo > 0xDFFF {
			return 0, 0, p.fail(j, ErrSurrogate, "\\u%04x", r)
		}
		return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12, nil
	}
	return r, 6, nil
}

// appendRune writes r as RFC 8785 §3.2.2.2 does inside a string.
func appendRune(out []byte, r rune) []byte {
	switch r {
	case '"', '\\':
		return append(out, '\\', byte(r))
	case '\b':
		return append(out, '\\', 'b')
	case '\f':
		return append(out, '\\', 'f')
	case '\n':
		return append(out, '\\', 'n')
	case '\r':
		return append(out, '\\', 'r')
	case '\t':
		return append(out, '\\', 't')
	}
	if r < 0x20 {
		const digits = "0123456789abcdef"
		return append(out, '\\', 'u', '0', '0', digits[r>>4], digits[r&0xF])
	}
	return utf8.AppendRune(out, r)
}

// unescape appends the decoded inside of a canonical string to d.
func unescape(d, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			d = append(d, c)
			continue
		}
		i++
		switch s[i] {
		case 'b':
			d = append(d, '\b')
		case 'f':
			d = append(d, '\f')
		case 'n':
			d = append(d, '\n')
		case 'r':
			d = append(d, '\r')
		case 't':
			d = append(d, '\t')
		case 'u':
			r, _ := hex4(s, i+1)
			d = append(d, byte(r))
			i += 4
		default:
			d = append(d, s[i])
		}
	}
	return d
}

// number parses a number at p.pos (RFC 8259 §6) and writes it as
// ECMAScript's Number.prototype.toString does (RFC 8785 §3.2.2.3).
func (p *parser) number() error {
	in := p.in
	start := p.pos
	i := start
	if in[i] == '-' {
		i++
	}
	digits := func() int {
		k := i
		for i < len(in) && in[i] >= '0' && in[i] <= '9' {
			i++
		}
		return i - k
	}
	switch {
	case i < len(in) && in[i] == '0':
		i++
	case i < len(in) && in[i] >= '1' && in[i] <= '9':
		digits()
	default:
		return p.fail(i, ErrSyntax, "invalid number")
	}
	intEnd := i
	frac, fracEnd := false, i
	if i < len(in) && in[i] == '.' {
		i++
		if digits() == 0 {
			return p.fail(i, ErrSyntax, "invalid number")
		}
		frac, fracEnd = true, i
	}
	exp := false
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if digits() == 0 {
			return p.fail(i, ErrSyntax, "invalid number")
		}
		exp = true
	}
	p.pos = i
	if !exp {
		if out, ok := appendShortDecimal(p.out, in[start:intEnd], in[intEnd:fracEnd], frac); ok {
			p.out = out
			return nil
		}
	}
	f, err := strconv.ParseFloat(string(in[start:i]), 64)
	if err != nil {
		return p.fail(start, ErrNumber, "not a double")
	}
	p.out = AppendNumber(p.out, f)
	return nil
}

// appendShortDecimal writes a number without exponent that has at most 15
// significant digits and is 0 or at least 1e-6 in magnitude: its shortest
// round-trip form is its own digits without trailing zeros, which is what
// ECMAScript prints. ip is the integer part with its sign, fp the fraction
// with its point.
func appendShortDecimal(out, ip, fp []byte, frac bool) ([]byte, bool) {
	if frac {
		k := len(fp)
		for k > 1 && fp[k-1] == '0' {
			k--
		}
		fp = fp[:k]
		if len(fp) == 1 {
			fp = nil
		}
	}
	neg := ip[0] == '-'
	mag := ip
	if neg {
		mag = ip[1:]
	}
	if mag[0] == '0' {
		if len(fp) == 0 {
			return append(out, '0'), true // -0, 0.000
		}
		lead := 0 // zeros after the point
		for lead+1 < len(fp) && fp[lead+1] == '0' {
			lead++
		}
		if lead > 5 || len(fp)-1-lead > 15 {
			return out, false
		}
	} else if len(mag)+max(len(fp)-1, 0) > 15 {
		return out, false
	}
	out = append(out, ip...)
	return append(out, fp...), true
}

// AppendNumber appends f as ECMAScript's Number.prototype.toString writes
// it (RFC 8785 §3.2.2.3). f must be finite.
func AppendNumber(out []byte, f float64) []byte {
	if f == 0 {
		return append(out, '0')
	}
	if a := math.Abs(f); a >= 1e-6 && a < 1e21 {
		return strconv.AppendFloat(out, f, 'f', -1, 64)
	}
	n := len(out)
	out = strconv.AppendFloat(out, f, 'e', -1, 64)
	for e := len(out) - 1; e > n; e-- {
		if out[e] == 'e' {
			// Go writes at least two exponent digits, ECMAScript no more
			// than needed: 1e+09 is 1e+9.
			if out[e+2] == '0' {
				out = append(out[:e+2], out[e+3:]...)
			}
			break
		}
	}
	return out
}

// result is the canonical output, with the unsorted objects reordered.
func (p *parser) result() []byte {
	if len(p.fix) == 0 {
		return p.out
	}
	slices.SortFunc(p.fix, func(a, b fixup) int { return a.start - b.start })
	res := make([]byte, 0, len(p.out))
	return p.emit(res, 0, len(p.out))
}

// emit appends out[lo:hi] with the unsorted objects in it written in
// canonical order.
func (p *parser) emit(res []byte, lo, hi int) []byte {
	first := func(from int) int {
		return sort.Search(len(p.fix), func(k int) bool { return p.fix[k].start >= from })
	}
	pos := lo
	for i := first(lo); i < len(p.fix) && p.fix[i].start < hi; i = first(pos) {
		f := p.fix[i]
		res = append(res, p.out[pos:f.start]...)
		res = append(res, '{')
		for k, m := range p.fixMembers[f.lo:f.hi] {
			if k > 0 {
				res = append(res, ',')
			}
			res = p.emit(res, m.start, m.end)
		}
		res = append(res, '}')
		pos = f.end
	}
	return append(res, p.out[pos:hi]...)
}
