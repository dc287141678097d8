package jcs

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"

	gowebpki "github.com/gowebpki/jcs"
)

// TestRFC8785Examples are the examples of RFC 8785 §3.2.3 and Appendix
// (the reference implementation's test data).
func TestRFC8785Examples(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"§3.2.2 values": {
			`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
			`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
		},
		"§3.2.3 sorting": {
			`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`,
			"{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F600\":\"Emoji: Grinning Face\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}",
		},
		"arrays": {
			"[\n  56,\n  {\n    \"d\": true,\n    \"10\": null,\n    \"1\": [ ]\n  }\n]",
			`[56,{"1":[],"10":null,"d":true}]`,
		},
		"french": {
			`{"peach": "This sorting order", "péché": "is wrong according to French", "pêche": "but canonicalization MUST", "sin":   "ignore locale"}`,
			`{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ignore locale"}`,
		},
		"structures": {
			`{
  "1": {"f": {"f": "hi","F": 5} ,"\n": 56.0},
  "10": { },
  "": "empty",
  "a": { },
  "111": [ {"e": "yes","E": "no" } ],
  "A": { }
}`,
			`{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{},"a":{}}`,
		},
		"unicode": {`{"Unnormalized Unicode":"A\u030a"}`, "{\"Unnormalized Unicode\":\"A\u030a\"}"},
		"weird": {
			`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\u000a": "Newline",
  "1": "One",
  "\u0080": "Control\u007f",
  "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "</script>": "Browser Challenge"
}`,
			"{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\U0001F602\":\"Smiley\",\"\uFB33\":\"Hebrew Letter Dalet With Dagesh\"}",
		},
		"true":          {"true", "true"},
		"false":         {" false\n", "false"},
		"null":          {"null", "null"},
		"string":        {`    "this is a test string 1235"`, `"this is a test string 1235"`},
		"escapes":       {`"\u0000\u001f\b\f\n\r\t\u0022\u005C\/\u007f\u2028"`, "\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028\""},
		"nested sort":   {`{"b":{"d":[{"z":1,"y":2}],"c":3},"a":[{"b":1,"a":2}]}`, `{"a":[{"a":2,"b":1}],"b":{"c":3,"d":[{"y":2,"z":1}]}}`},
		"escaped keys":  {`{"\u0062":1,"a\"":2,"a":3}`, `{"a":3,"a\"":2,"b":1}`},
		"utf16 order":   {"{\"\U0001F600\":1,\"\uFFFD\":2,\"\uE000\":3,\"\uD7FF\":4}", "{\"\uD7FF\":4,\"\U0001F600\":1,\"\uE000\":3,\"\uFFFD\":2}"},
		"empty":         {`{ "a" : [ ] , "b" : { } }`, `{"a":[],"b":{}}`},
		"minus zero":    {`[-0, -0.0, 0e5, -0E-2, 1e-400]`, `[0,0,0,0,0]`},
		"ints":          {`[123456789012345, 1234567890123456789, -9007199254740993]`, `[123456789012345,1234567890123456800,-9007199254740992]`},
		"small decimal": {`[0.000001, 0.0000001, 0.10, 1.000000000000001]`, `[0.000001,1e-7,0.1,1.000000000000001]`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Transform([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			// Every object reordered by the final pass.
			if late, err := transform([]byte(tc.in), 0); err != nil || string(late) != tc.want {
				t.Errorf("without reordering in place: %s, %v", late, err)
			}
			oracle, err := gowebpki.Transform([]byte(tc.in))
			if err != nil || !bytes.Equal(oracle, got) {
				t.Errorf("gowebpki/jcs: %s, %v", oracle, err)
			}
		})
	}
}

// TestDeepUnsorted nests unsorted objects deep enough to use up the
// budget for reordering in place: the outer ones are left to the final
// pass, and the output is still gowebpki/jcs's.
func TestDeepUnsorted(t *testing.T) {
	const depth = 200
	in := strings.Repeat(`{"z":[1,{"y":2,"x":3}],"b":`, depth) + `"core"` + strings.Repeat(`,"a":{"d":0,"c":1}}`, depth)
	want, err := gowebpki.Transform([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, budget := range []int{0, 100, len(in), 2 * len(in), 1 << 30} {
		p := parser{in: []byte(in), budget: budget}
		if err := p.document(false); err != nil {
			t.Fatal(err)
		}
		if budget == 2*len(in) && len(p.fix) == 0 {
			t.Errorf("budget %d: nothing left to the final pass", budget)
		}
		if got := p.result(); !bytes.Equal(got, want) {
			t.Errorf("budget %d: got %s", budget, got)
		}
	}
}

// TestRFC8785Numbers are the number examples of RFC 8785 Appendix B.
func TestRFC8785Numbers(t *testing.T) {
	for _, tc := range []struct{ bits, want string }{
		{"0000000000000000", "0"},
		{"8000000000000000", "0"},
		{"0000000000000001", "5e-324"},
		{"8000000000000001", "-5e-324"},
		{"7fefffffffffffff", "1.7976931348623157e+308"},
		{"ffefffffffffffff", "-1.7976931348623157e+308"},
		{"4340000000000000", "9007199254740992"},
		{"c340000000000000", "-9007199254740992"},
		{"4430000000000000", "295147905179352830000"},
		{"44b52d02c7e14af5", "9.999999999999997e+22"},
		{"44b52d02c7e14af6", "1e+23"},
		{"44b52d02c7e14af7", "1.0000000000000001e+23"},
		{"444b1ae4d6e2ef4e", "999999999999999700000"},
		{"444b1ae4d6e2ef4f", "999999999999999900000"},
		{"444b1ae4d6e2ef50", "1e+21"},
		{"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"},
		{"3eb0c6f7a0b5ed8d", "0.000001"},
		{"41b3de4355555553", "333333333.3333332"},
		{"41b3de4355555554", "333333333.33333325"},
		{"41b3de4355555555", "333333333.3333333"},
		{"41b3de4355555556", "333333333.3333334"},
		{"41b3de4355555557", "333333333.33333343"},
		{"becbf647612f3696", "-0.0000033333333333333333"},
		{"43143ff3c1cb0959", "1424953923781206.2"},
	} {
		b, err := hex.DecodeString(tc.bits)
		if err != nil {
			t.Fatal(err)
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(b))
		if got := string(AppendNumber(nil, f)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.bits, got, tc.want)
		}
		// The number as JSON text canonicalises to the same, by either path.
		for _, in := range []string{tc.want, string(AppendNumber(nil, f)) + "", "[" + tc.want + "]"} {
			got, err := Transform([]byte(in))
			if err != nil {
				t.Errorf("%s: %v", in, err)
				continue
			}
			if want := strings.Trim(in, "[]"); strings.Trim(string(got), "[]") != want {
				t.Errorf("%s: got %s", in, got)
			}
		}
	}
	// NaN and the infinities have no JSON text; the out-of-range numbers
	// that would make them are refused.
	for _, in := range []string{"1e400", "-1e400", "1.8e308"} {
		if _, err := Transform([]byte(in)); !errors.Is(err, ErrNumber) {
			t.Errorf("%s: got %v, want ErrNumber", in, err)
		}
	}
}

func TestRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		kind error
	}{
		"empty":                {"", ErrSyntax},
		"space":                {"  ", ErrSyntax},
		"duplicate":            {`{"a":1,"a":2}`, ErrDuplicate},
		"duplicate unsorted":   {`{"b":1,"a":1,"b":2}`, ErrDuplicate},
		"duplicate escaped":    {`{"a":1,"\u0061":2}`, ErrDuplicate},
		"duplicate nested":     {`[{"x":{"a":1,"c":0,"a":2}}]`, ErrDuplicate},
		"bad utf8":             {"\"\xff\"", ErrUTF8},
		"bad utf8 key":         {"{\"a\xc3\":1}", ErrUTF8},
		"truncated utf8":       {"\"\xe1\x88\"", ErrUTF8},
		"overlong":             {"\"\xc0\xaf\"", ErrUTF8},
		"utf8 surrogate":       {"\"\xed\xa0\x80\"", ErrUTF8},
		"lone high":            {`"\ud800"`, ErrSurrogate},
		"lone high then char":  {`"\ud800x"`, ErrSurrogate},
		"high then high":       {`"\ud800\ud800"`, ErrSurrogate},
		"lone low":             {`"\udc00"`, ErrSurrogate},
		"bad escape":           {`"\x"`, ErrSyntax},
		"short escape":         {`"\u12"`, ErrSyntax},
		"control":              {"\"\n\"", ErrSyntax},
		"unterminated":         {`"abc`, ErrSyntax},
		"trailing comma array": {`[1,]`, ErrSyntax},
		"trailing comma obj":   {`{"a":1,}`, ErrSyntax},
		"leading zero":         {`01`, ErrSyntax},
		"plus":                 {`+1`, ErrSyntax},
		"bare point":           {`1.`, ErrSyntax},
		"bare exp":             {`1e`, ErrSyntax},
		"hex":                  {`0x10`, ErrSyntax},
		"nan":                  {`NaN`, ErrSyntax},
		"two values":           {`1 2`, ErrSyntax},
		"truex":                {`truex`, ErrSyntax},
		"tru":                  {`tru`, ErrSyntax},
		"key not string":       {`{1:2}`, ErrSyntax},
		"missing colon":        {`{"a" 1}`, ErrSyntax},
		"missing comma":        {`[1 2]`, ErrSyntax},
		"bom":                  {"\ufeff{}", ErrSyntax},
		"unclosed":             {`{"a":[1`, ErrSyntax},
		"deep":                 {strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), ErrDepth},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Transform([]byte(tc.in))
			if !errors.Is(err, tc.kind) {
				t.Fatalf("got %q, %v; want %v", got, err, tc.kind)
			}
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(tc.in) {
				t.Errorf("error %v has no offset in the input", err)
			}
			if _, err := gowebpki.Transform([]byte(tc.in)); err == nil {
				t.Errorf("gowebpki/jcs accepts it")
			}
		})
	}
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Transform([]byte(deep)); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
}

func TestTransformObject(t *testing.T) {
	for name, tc := range map[string]struct{ in, canon, dropped string }{
		"none":            {`{"b":1,"a":2}`, `{"a":2,"b":1}`, ""},
		"last":            {`{"a":1,"S":{"x":[1]}}`, `{"a":1}`, `{"x":[1]}`},
		"only":            {`{"S":null}`, `{}`, `null`},
		"first":           {`{"S":"v","a":1}`, `{"a":1}`, `"v"`},
		"middle":          {`{"a":1,"S":2,"b":1}`, `{"a":1,"b":1}`, `2`},
		"spaced":          {`{"b":1.0, "S" : [ 2 ] , "a":0}`, `{"a":0,"b":1}`, `[ 2 ]`},
		"unsorted inside": {`{"a":1,"S":{"z":1,"y":{"b":0,"a":1}},"c":{"b":0,"a":1}}`, `{"a":1,"c":{"a":1,"b":0}}`, `{"z":1,"y":{"b":0,"a":1}}`},
		"nested S kept":   {`{"a":{"S":1},"S":2}`, `{"a":{"S":1}}`, `2`},
		"escaped name":    {`{"a":1,"\u0053":2}`, `{"a":1}`, `2`},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := TransformObject([]byte(tc.in), "S")
			if err != nil {
				t.Fatal(err)
			}
			if string(r.Canonical) != tc.canon || string(r.Dropped) != tc.dropped || (r.Dropped == nil) != (tc.dropped == "") {
				t.Errorf("got %s, %q; want %s, %q", r.Canonical, r.Dropped, tc.canon, tc.dropped)
			}
		})
	}
	for _, in := range []string{`[]`, `"S"`, `{"S":1,"S":1}`, `{"S":1,"a":0,"S":2}`, `{"S":{"a":1,"a":2}}`, `{"S":"\ud800"}`, `{"a":1} x`} {
		if _, err := TransformObject([]byte(in), "S"); err == nil {
			t.Errorf("%s: accepted", in)
		}
	}
}

func TestCompareKeys(t *testing.T) {
	keys := []string{"", "\x00", "1", "10", "A", "a", "ab", "\u0080", "\u00f6", "\uD7FF", "\U00010000", "\U0001F600", "\U0010FFFF", "\uE000", "\uFB33", "\uFFFF"}
	for i, a := range keys {
		for j, b := range keys {
			c := compareKeys([]byte(a), []byte(b))
			if (c < 0) != (i < j) || (c == 0) != (i == j) {
				t.Errorf("compareKeys(%q, %q) = %d", a, b, c)
			}
		}
	}
}

// A number of a megabyte costs linear time (strconv reads at most 800
// digits exactly), unlike exact rational arithmetic, and an error about it
// or about a long key quotes none of it at length.
func TestLongNumbersAndKeys(t *testing.T) {
	mega := strings.Repeat("4", 1<<20)
	for _, tt := range []struct {
		in, want string
		err      error
	}{
		{`{"a":4.` + mega + `}`, `{"a":4.444444444444445}`, nil},
		{`{"a":0.` + strings.Repeat("0", 1<<20) + `1}`, `{"a":0}`, nil},
		{`{"a":` + mega + `}`, "", ErrNumber},
		{`{"` + mega + `":1,"` + mega + `":2}`, "", ErrDuplicate},
	} {
		got, err := Transform([]byte(tt.in))
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("%.20q…: %.40q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && len(err.Error()) > 200 {
			t.Errorf("%.20q…: an error of %d bytes", tt.in, len(err.Error()))
		}
	}
}

// TestReorderLargest checks objects reordered in place, whose largest
// member is moved once or, in the document's object when what comes
// before it in order fits in front of it, not at all: the output then
// begins further on in the buffer, when the buffer has room for it.
func TestReorderLargest(t *testing.T) {
	big := `[` + strings.Repeat(`{"y":1,"x":2},`, 20) + `0]`
	for _, tc := range []struct {
		in   string
		head bool
	}{
		{`{"z":1,"b":` + big + `}`, true},
		{`{"zz":{"d":1,"c":2},"b":` + big + `,"a":0}`, true},
		{`{"b":` + big + `,"a":"a long value, longer than what is before b"}`, false},
		{`{"c":0,"a":"a long value, longer than what is before b","b":` + big + `}`, true},
		{`{"c":0,"b":` + big + `,"a":"a long value, longer than what is before b"}`, false},
		{`{"z":"` + strings.Repeat("z", 200) + `","b":` + big + `}`, false},
		{`[{"z":1,"b":` + big + `}]`, false},
		{`{"k":[{"z":1,"b":` + big + `}]}`, false},
	} {
		want, err := gowebpki.Transform([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		p := parser{in: []byte(tc.in), budget: 2 * len(tc.in)}
		if err := p.document(false); err != nil {
			t.Fatal(err)
		}
		if got := p.result(); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, want)
		}
		if (p.head > 0) != tc.head {
			t.Errorf("%s: output begins at %d of the buffer", tc.in, p.head)
		}
	}
}
