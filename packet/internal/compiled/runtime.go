package compiled

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A Func checks a decoded value — map[string]any, []any, string,
// json.Number, bool or nil, as the packet's readers produce — and returns
// its violations as schema.Violations would list jsonschema's.
type Func func(v any) []schema.Violation

// Set is the compiled schemas of one format version, as schema.Schemas
// holds them compiled by jsonschema.
type Set struct {
	Envelope, Header                               Func
	Profile, Change, MatchResult, ProcessingResult Func
}

// sets are the compiled schemas by major version; patterns the matcher of
// each pattern they use. The generated files fill both.
var (
	sets     = map[int]*Set{}
	patterns = map[string]func(string) bool{}
)

// Version returns the compiled schemas of a major format version, or nil.
func Version(major int) *Set { return sets[major] }

// Pattern returns the hand-written matcher of a pattern of the schemas, the
// one the compiled schemas use, and false for a pattern they do not use:
// code that checks the schemas' constraints by other means matches as
// they do, with no regular expression.
func Pattern(pattern string) (func(string) bool, bool) {
	m, ok := patterns[pattern]
	return m, ok
}

// segment is one step of an instance location: a member, or an item.
type segment struct {
	name  string
	index int // -1 for a member
}

// checker is the state of one check: where it is, and what it found.
// While quiet is above 0 it only tells valid from invalid (inside not and
// if), and records nothing.
type checker struct {
	path  []segment
	quiet int
	out   schema.Collector
}

func newChecker() *checker { return &checker{path: make([]segment, 0, 8)} }

func (c *checker) push(name string) { c.path = append(c.path, segment{name: name, index: -1}) }
func (c *checker) pushIndex(i int)  { c.path = append(c.path, segment{index: i}) }
func (c *checker) pop()             { c.path = c.path[:len(c.path)-1] }

// add records a violation at the current location.
func (c *checker) add(keyword, loc string, k jsonschema.ErrorKind) {
	segs := make([]string, len(c.path))
	for i, s := range c.path {
		if s.index >= 0 {
			segs[i] = strconv.Itoa(s.index)
		} else {
			segs[i] = s.name
		}
	}
	c.out.Add(segs, keyword, loc, k)
}

func (c *checker) done() []schema.Violation { return c.out.Violations() }

func oneOf(s string, values ...string) bool { return slices.Contains(values, s) }

func runeCount(s string) int { return utf8.RuneCountInString(s) }

func isObject(v any) bool  { _, ok := v.(map[string]any); return ok }
func isArray(v any) bool   { _, ok := v.([]any); return ok }
func isString(v any) bool  { _, ok := v.(string); return ok }
func isBoolean(v any) bool { _, ok := v.(bool); return ok }
func isNull(v any) bool    { return v == nil }

func isNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64, float32, int, int64, int32:
		return true
	}
	return false
}

// isInteger reports a number of no fractional part (1.0 is one).
func isInteger(v any) bool {
	if !isNumber(v) {
		return false
	}
	if d, ok := plainDecimal(v); ok {
		return !d.frac
	}
	r := rat(v)
	return r != nil && r.IsInt()
}

// typeName names the JSON type of v as jsonschema does.
func typeName(v any) string {
	switch {
	case isNull(v):
		return "null"
	case isBoolean(v):
		return "boolean"
	case isNumber(v):
		return "number"
	case isString(v):
		return "string"
	case isArray(v):
		return "array"
	case isObject(v):
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// decimal is a number of the plain form -?digits(.digits)?: its integer
// part (at most 18 digits), and whether its fraction is not zero.
type decimal struct {
	neg  bool
	int  int64
	frac bool
}

// plainDecimal reads a json.Number of the plain form; false for any other
// (an exponent, a long integer part), which is compared exactly by big.Rat.
func plainDecimal(v any) (decimal, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return decimal{}, false
	}
	s := string(n)
	var d decimal
	if len(s) > 0 && s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	i := leadingDigits(s)
	if i == 0 || i > 18 {
		return decimal{}, false
	}
	d.int, _ = strconv.ParseInt(s[:i], 10, 64)
	if i < len(s) {
		if s[i] != '.' || leadingDigits(s[i+1:]) != len(s)-i-1 || i+1 == len(s) {
			return decimal{}, false
		}
		for _, c := range []byte(s[i+1:]) {
			d.frac = d.frac || c != '0'
		}
	}
	return d, true
}

// compareNumber compares the number v with the integer bound: -1, 0 or +1.
func compareNumber(v any, bound int64) int {
	d, ok := plainDecimal(v)
	if !ok {
		return rat(v).Cmp(new(big.Rat).SetInt64(bound))
	}
	if d.int == 0 && !d.frac {
		return cmp.Compare(0, bound)
	}
	if !d.neg {
		if d.int == bound && d.frac {
			return 1
		}
		return cmp.Compare(d.int, bound)
	}
	// v = -(int + frac) < 0.
	if bound > 0 {
		return -1
	}
	nb := -bound
	if d.int == nb && d.frac {
		return -1
	}
	return -cmp.Compare(d.int, nb)
}

// rat returns v, a number or the decimal text of one, exactly.
func rat(v any) *big.Rat {
	r, ok := new(big.Rat).SetString(fmt.Sprint(v))
	if !ok {
		return nil
	}
	return r
}
