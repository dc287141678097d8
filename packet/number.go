package packet

import (
	"errors"
	"strconv"
	"strings"
)

// A JSON number may be spelled many ways (4.34, 4.340, 434e-2); the
// model holds its value, and RFC 8785, which signatures cover, writes that
// value in one way. So a number is carried whatever its spelling, as long
// as the model holds its exact value and RFC 8785 writes that value back:
// re-encoding such a packet changes neither its value nor its canonical
// form.

// maxExactInt is the largest integer an IEEE 754 double, and so RFC 8785
// and I-JSON (RFC 7493), hold exactly: 2^53.
const maxExactInt = 1 << 53

// Why a number is not a value of its type.
var (
	errNotInteger     = errors.New("is not an integer")
	errTooManyPlace   = errors.New("has more than 2 decimals")
	errNegative       = errors.New("is negative")
	errNumberTooLarge = errors.New("is too large")
)

// decimalNumber is the exact value of a JSON number: (-1)^neg × digits ×
// 10^exp, where digits, hi followed by lo, has no leading or trailing zero
// ("" for zero). The digits stay two slices of the input, so that reading a
// number allocates nothing.
type decimalNumber struct {
	neg    bool
	hi, lo string
	exp    int
}

// digits returns the number of significant digits, and the i-th of them.
func (n decimalNumber) ndigits() int { return len(n.hi) + len(n.lo) }
func (n decimalNumber) digit(i int) byte {
	if i < len(n.hi) {
		return n.hi[i]
	}
	return n.lo[i-len(n.hi)]
}

// same reports whether n and m are the same value.
func (n decimalNumber) same(m decimalNumber) bool {
	if n.neg != m.neg || n.exp != m.exp || n.ndigits() != m.ndigits() {
		return false
	}
	for i := range n.ndigits() {
		if n.digit(i) != m.digit(i) {
			return false
		}
	}
	return true
}

// expLimit bounds exponents: far beyond any value a type holds, small
// enough that arithmetic on it cannot overflow.
const expLimit = 1 << 30

// parseNumber reads a token of the JSON number grammar (RFC 8259 §6),
// which the caller has checked; it reports false for anything else.
func parseNumber(s string) (decimalNumber, bool) {
	var n decimalNumber
	i := 0
	if i < len(s) && s[i] == '-' {
		n.neg = true
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[start:i]
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fs:i]
		if frac == "" {
			return n, false
		}
	}
	if intPart == "" {
		return n, false
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		if i == len(s) {
			return n, false
		}
		for ; i < len(s); i++ {
			if !isDigit(s[i]) {
				return n, false
			}
			if exp < expLimit {
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if eneg {
			exp = -exp
		}
	}
	if i != len(s) {
		return n, false
	}
	// The digits without the point, and where the point was: no leading
	// zeros, then no trailing ones.
	hi, lo := strings.TrimLeft(intPart, "0"), frac
	if hi == "" {
		lo = strings.TrimLeft(frac, "0")
	}
	exp -= len(frac)
	t := strings.TrimRight(lo, "0")
	exp += len(lo) - len(t)
	lo = t
	if lo == "" {
		t = strings.TrimRight(hi, "0")
		exp += len(hi) - len(t)
		hi = t
	}
	n.hi, n.lo, n.exp = hi, lo, exp
	if hi == "" && lo == "" {
		n.neg, n.exp = false, 0 // -0 is 0
	}
	return n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scaled returns the number times 10^places as an integer of absolute value
// at most limit.
func (n decimalNumber) scaled(places int, limit int64) (int64, error) {
	nd := n.ndigits()
	if nd == 0 {
		return 0, nil
	}
	e := n.exp + places
	switch {
	case e < 0 && places == 0:
		return 0, errNotInteger
	case e < 0:
		return 0, errTooManyPlace
	case nd+e > 19:
		return 0, errNumberTooLarge
	}
	var v uint64
	for i := range nd {
		v = v*10 + uint64(n.digit(i)-'0')
	}
	for range e {
		v *= 10
	}
	if v > uint64(limit) {
		return 0, errNumberTooLarge
	}
	if n.neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// plainString writes n in positional notation, 4.345 for 4345e-3, cut as
// a number of a message is; a number whose notation would be long is
// written with its exponent instead, so that no message grows with it.
func (n decimalNumber) plainString() string {
	const long = 40
	digits := n.hi + n.lo
	nd := len(digits)
	sign := ""
	if n.neg {
		sign = "-"
	}
	switch {
	case nd == 0:
		return "0"
	case n.exp > long || -n.exp > long:
		return cutNumber(sign + digits + "e" + strconv.Itoa(n.exp))
	case n.exp >= 0:
		return cutNumber(sign + digits + strings.Repeat("0", n.exp))
	case -n.exp >= nd:
		return cutNumber(sign + "0." + strings.Repeat("0", -n.exp-nd) + digits)
	}
	return cutNumber(sign + digits[:nd+n.exp] + "." + digits[nd+n.exp:])
}

// exactInJCS reports whether RFC 8785 writes the number s with the same
// value: it writes the shortest form of the nearest IEEE 754 double, so a
// number with more significant digits than a double holds, or out of its
// range, would be signed as another value.
func exactInJCS(s string) bool {
	n, ok := parseNumber(s)
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return false
	}
	m, _ := parseNumber(strconv.FormatFloat(f, 'g', -1, 64))
	return n.same(m)
}

// intValue returns the value of the JSON number s as an integer the format
// carries exactly (at most 2^53 in absolute value).
func intValue(s string) (int64, error) {
	n, ok := parseNumber(s)
	if !ok {
		return 0, errNotInteger
	}
	return n.scaled(0, maxExactInt)
}
