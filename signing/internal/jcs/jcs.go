// Package jcs canonicalises JSON by RFC 8785 (the JSON Canonicalization
// Scheme). It reads the input once, with the SDK's one JSON tokenizer
// (internal/jsontext), writing the canonical form as it goes,
// and builds no tree: an object whose members arrive in canonical order costs
// nothing more; one that does not is reordered in place when it closes, and,
// once the bytes so moved reach twice the input, by a final pass that writes
// each byte once, so that nesting cannot make the work more than linear. The
// order of a sequence of keys met again is remembered, not sorted again
// (order.go).
// A large array of objects at the top level of an object, as a packet's
// records are, is cut into pieces, which are canonicalised on all cores
// (parallel.go).
//
// Input must be I-JSON (RFC 7493): valid UTF-8 without lone surrogates, no
// duplicate member names, and numbers that are IEEE 754 doubles. Anything
// else is refused with an *Error.
package jcs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
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
// Its decoded key is at out[k0:k1] when it needs no escape, else at
// keys[^k0:k1]. It holds no pointer, for the garbage collector's sake.
type member struct {
	k0, k1, start, end int
}

// key returns the decoded key of m.
func (p *parser) key(m member) []byte {
	if m.k0 < 0 {
		return p.keys[^m.k0:m.k1]
	}
	return p.out[m.k0:m.k1]
}

// span is a member's bytes in out.
type span struct{ start, end int }

// fixup is an object whose members were not in canonical order: out[start:end]
// is the object as written, fixMembers[lo:hi] its members in canonical order.
type fixup struct{ start, end, lo, hi int }

// layout is canonical output, out, but for the objects in it that were
// not reordered in place: fix, whose members are fixMembers.
type layout struct {
	out        []byte
	fix        []fixup
	fixMembers []span
}

type parser struct {
	d  *jsontext.Decoder
	in []byte
	layout

	members []member // the members of the open objects, innermost last
	keys    []byte   // the decoded keys that need an escape, of the open objects' members
	moved   int      // bytes reordered in place
	budget  int      // bytes that may be reordered in place
	scratch []byte   // for reordering in place
	head    int      // where the output begins in out

	drop     string
	dropping bool
	dropped  []byte

	tune tuning // when to canonicalise a large array on all cores

	orders orders // the orders of keys sorted so far
}

// document parses the whole input.
func (p *parser) document(object bool) error {
	p.d = jsontext.NewBytesDecoder(p.in, jsontext.Limits{MaxDepth: MaxDepth})
	if p.tune == (tuning{}) {
		p.tune = defaultTuning
	}
	p.out = make([]byte, 0, len(p.in)+len(p.in)/16+16)
	c, err := p.d.Peek()
	if err != nil {
		return lexError(err)
	}
	switch {
	case c == '{':
		err = p.object(true)
	case object:
		return &Error{Offset: int(p.d.Offset()), Kind: ErrNotObject}
	default:
		err = p.value(c)
	}
	if err == nil {
		err = p.d.End()
	}
	return lexError(err)
}

// lexError words an error of the tokenizer as one of this package; an
// *Error stays what it is.
func lexError(err error) error {
	var e *jsontext.Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	kind := ErrSyntax
	switch {
	case e.Kind == jsontext.Limit:
		kind = ErrDepth
	case errors.Is(e.Err, jsontext.ErrInvalidUTF8):
		kind = ErrUTF8
	case errors.Is(e.Err, jsontext.ErrLoneSurrogate):
		kind = ErrSurrogate
	}
	return &Error{Offset: int(e.Offset), Kind: kind, Detail: e.Msg}
}

// value parses one value, whose first byte is c, and writes it.
func (p *parser) value(c byte) error {
	switch c {
	case '{':
		return p.object(false)
	case '[':
		return p.array()
	case '"':
		s, escaped, err := p.d.StringBytes()
		if err != nil {
			return err
		}
		p.out = appendString(p.out, s, escaped)
		return nil
	case 't', 'f', 'n':
		v, err := p.d.Value()
		if err != nil {
			return err
		}
		switch v {
		case true:
			p.out = append(p.out, "true"...)
		case false:
			p.out = append(p.out, "false"...)
		default:
			p.out = append(p.out, "null"...)
		}
		return nil
	}
	off := p.d.Offset()
	n, err := p.d.NumberBytes()
	if err != nil {
		return err
	}
	return p.number(n, int(off))
}

func (p *parser) array() error {
	if err := p.d.BeginArray(); err != nil {
		return err
	}
	p.out = append(p.out, '[')
	for first := true; ; first = false {
		more, err := p.d.NextElement(first)
		if err != nil {
			return err
		}
		if !more {
			p.out = append(p.out, ']')
			return nil
		}
		if !first {
			p.out = append(p.out, ',')
		}
		c, err := p.d.Peek()
		if err != nil {
			return err
		}
		if err := p.value(c); err != nil {
			return err
		}
	}
}

func (p *parser) object(top bool) error {
	if err := p.d.BeginObject(); err != nil {
		return err
	}
	objStart, nfixOpen := len(p.out), len(p.fix)
	p.out = append(p.out, '{')
	base, keysBase := len(p.members), len(p.keys)
	sorted := true
	dropSeen := false
	for first := true; ; first = false {
		keyOff := p.d.Offset()
		k, escaped, more, err := p.d.NextMemberBytes(first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		mark := len(p.out)
		if len(p.members) > base {
			p.out = append(p.out, ',')
		}
		m := member{start: len(p.out)}
		if escaped {
			m.k0 = ^len(p.keys)
			p.keys = append(p.keys, k...)
			m.k1 = len(p.keys)
		} else {
			m.k0, m.k1 = m.start+1, m.start+1+len(k)
		}
		p.out = append(appendString(p.out, k, escaped), ':')
		key := p.key(m)
		c, err := p.d.Peek()
		if err != nil {
			return err
		}
		valStart, nfix, nfixMembers := p.d.Offset(), len(p.fix), len(p.fixMembers)
		if !top || c != '[' || !p.parallelArray() {
			if err := p.value(c); err != nil {
				return err
			}
		}
		if top && p.dropping && string(key) == p.drop {
			if dropSeen {
				return p.fail(int(keyOff), ErrDuplicate, "%s", quote(key))
			}
			dropSeen = true
			p.dropped = p.in[valStart:p.d.Offset()]
			p.out = p.out[:mark]
			p.fix, p.fixMembers = p.fix[:nfix], p.fixMembers[:nfixMembers]
			if m.k0 < 0 {
				p.keys = p.keys[:^m.k0]
			}
			continue
		}
		if n := len(p.members); n > base {
			switch c := compareKeys(p.key(p.members[n-1]), key); {
			case c == 0:
				return p.fail(int(keyOff), ErrDuplicate, "%s", quote(key))
			case c > 0:
				sorted = false
			}
		}
		m.end = len(p.out)
		p.members = append(p.members, m)
	}
	p.out = append(p.out, '}')
	if !sorted {
		ms := p.members[base:]
		if i, ok := p.sortMembers(ms); !ok {
			return p.fail(int(p.d.Offset())-1, ErrDuplicate, "%s in the object ending here", quote(p.key(ms[i])))
		}
		p.reorder(objStart, ms, nfixOpen, top)
	}
	p.members, p.keys = p.members[:base], p.keys[:keysBase]
	return nil
}

func (p *parser) fail(off int, kind error, format string, args ...any) error {
	return &Error{Offset: off, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// reorder writes the members of the object at out[start:], which are ms
// sorted, in their order. It does so in place while the bytes moved so far
// stay within twice the input, and when no object inside is left to a
// final pass (nfix is the number of those before the object): nesting
// cannot make the work more than linear. Beyond that, the object is left
// to the final pass too. In place, the largest member is moved once, with
// no copy aside, and not at all when the object is the document (top), its
// members before that one fit in front of it and out has room for what
// comes after: the output then begins further on (head).
func (p *parser) reorder(start int, ms []member, nfix int, top bool) {
	end := len(p.out)
	if len(p.fix) != nfix || p.moved+end-start > p.budget {
		lo := len(p.fixMembers)
		for _, m := range ms {
			p.fixMembers = append(p.fixMembers, span{m.start, m.end})
		}
		p.fix = append(p.fix, fixup{start: start, end: end, lo: lo, hi: len(p.fixMembers)})
		return
	}
	p.moved += end - start
	big, front := 0, 1 // the largest member, and the bytes before it in order
	for i, m := range ms {
		if m.end-m.start > ms[big].end-ms[big].start {
			big = i
		}
	}
	for _, m := range ms[:big] {
		front += m.end - m.start + 1
	}
	l := ms[big]
	// Aside: the object but the largest member, whose members are at
	// their offsets from start, less its length after it.
	p.scratch = append(append(p.scratch[:0], p.out[start:l.start]...), p.out[l.end:end]...)
	at := start + front // where the largest member goes
	if top && start == 0 && l.start >= front && l.start-front <= cap(p.out)-end {
		at, p.head = l.start, l.start-front
		p.out = p.out[:end+p.head]
	} else {
		copy(p.out[at:], p.out[l.start:l.end])
	}
	w := at - front
	p.out[w] = '{'
	w++
	for i, m := range ms {
		if i == big {
			w = at + l.end - l.start
		} else {
			a := m.start - start
			if m.start > l.start {
				a -= l.end - l.start
			}
			w += copy(p.out[w:], p.scratch[a:a+m.end-m.start])
		}
		p.out[w] = ','
		w++
	}
	p.out[w-1] = '}'
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

// appendString writes the decoded string s in canonical form (RFC 8785
// §3.2.2.2). Unless escaped, s has no byte to escape: the tokenizer says so.
func appendString(out, s []byte, escaped bool) []byte {
	out = append(out, '"')
	if !escaped {
		out = append(out, s...)
		return append(out, '"')
	}
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] != '"' && s[j] != '\\' {
			j++
		}
		out = append(out, s[i:j]...)
		if j == len(s) {
			break
		}
		out = appendRune(out, rune(s[j]))
		i = j + 1
	}
	return append(out, '"')
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

// number writes the number n, which the tokenizer checked against RFC 8259
// §6 and which starts at byte off of the input, as ECMAScript's
// Number.prototype.toString does (RFC 8785 §3.2.2.3).
func (p *parser) number(n []byte, off int) error {
	intEnd, fracEnd, exp := len(n), len(n), false
	for i, c := range n {
		switch c {
		case '.':
			intEnd = i
		case 'e', 'E':
			fracEnd, exp = i, true
			if intEnd > i {
				intEnd = i
			}
		}
		if exp {
			break
		}
	}
	if !exp {
		if out, ok := appendShortDecimal(p.out, n[:intEnd], n[intEnd:fracEnd], intEnd < fracEnd); ok {
			p.out = out
			return nil
		}
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return p.fail(off, ErrNumber, "not a double")
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
		return p.out[p.head:]
	}
	return p.appendTo(make([]byte, 0, cap(p.out)))
}

// appendTo appends the canonical output to res: out with the unsorted
// objects written in order, each byte once.
func (l *layout) appendTo(res []byte) []byte {
	if len(l.fix) == 0 {
		return append(res, l.out...)
	}
	slices.SortFunc(l.fix, func(a, b fixup) int { return a.start - b.start })
	return l.emit(res, 0, len(l.out))
}

// emit appends out[lo:hi] with the unsorted objects in it written in
// canonical order.
func (l *layout) emit(res []byte, lo, hi int) []byte {
	first := func(from int) int {
		return sort.Search(len(l.fix), func(k int) bool { return l.fix[k].start >= from })
	}
	pos := lo
	for i := first(lo); i < len(l.fix) && l.fix[i].start < hi; i = first(pos) {
		f := l.fix[i]
		res = append(res, l.out[pos:f.start]...)
		res = append(res, '{')
		for k, m := range l.fixMembers[f.lo:f.hi] {
			if k > 0 {
				res = append(res, ',')
			}
			res = l.emit(res, m.start, m.end)
		}
		res = append(res, '}')
		pos = f.end
	}
	return append(res, l.out[pos:hi]...)
}
