package packet

import (
	"errors"
	"strconv"
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
// 10^exp, with digits free of leading and trailing zeros ("" for zero).
type decimalNumber struct {
	neg    bool
	digits string
	exp    int
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
	// The digits without the point, and where the point was.
	lead := 0
	for lead < len(intPart) && intPart[lead] == '0' {
		lead++
	}
	var digits string
	if lead < len(intPart) {
		digits = intPart[lead:] + frac
	} else {
		f := 0
		for f < len(frac) && frac[f] == '0' {
			f++
		}
		digits = frac[f:]
	}
	exp -= len(frac)
	trail := len(digits)
	for trail > 0 && digits[trail-1] == '0' {
		trail--
	}
	exp += len(digits) - trail
	n.digits = digits[:trail]
	n.exp = exp
	if n.digits == "" {
		n.neg, n.exp = false, 0 // -0 is 0
	}
	return n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scaled returns the number times 10^places as an integer of absolute value
// at most limit.
func (n decimalNumber) scaled(places int, limit int64) (int64, error) {
	if n.digits == "" {
		return 0, nil
	}
	e := n.exp + places
	switch {
	case e < 0 && places == 0:
		return 0, errNotInteger
	case e < 0:
		return 0, errTooManyPlace
	case len(n.digits)+e > 19:
		return 0, errNumberTooLarge
	}
	var v uint64
	for i := 0; i < len(n.digits); i++ {
		v = v*10 + uint64(n.digits[i]-'0')
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
	return n == m
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
