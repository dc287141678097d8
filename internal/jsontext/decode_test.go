package jsontext

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// reference decodes with encoding/json, keeping numbers as json.Number.
func reference(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("reference decode of %q: %v", s, err)
	}
	return v
}

func readAll(s string, lim Limits, oneByte bool) (any, error) {
	var r = strings.NewReader(s)
	d := NewDecoder(r, lim)
	if oneByte {
		d = NewDecoder(iotest.OneByteReader(strings.NewReader(s)), lim)
	}
	v, err := d.Value()
	if err != nil {
		return nil, err
	}
	return v, d.End()
}

func TestValueMatchesEncodingJSON(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+10`, `"x"`,
		`{"a":[1,2,{"b":null}],"c":"d\"e\\f\/g\b\f\n\r\t","é":"Nguyễn Văn An"}`,
		`"\u00e9\u1ec5 \ud83d\ude00"`,
		` [ 1 , 2.50 , 3e2 , "" ] `,
		`{"HeSoLuong":3.99,"BacLuong":6,"s":"` + strings.Repeat("ạ", 5000) + `"}`,
	}
	for _, doc := range docs {
		for _, oneByte := range []bool{false, true} {
			got, err := readAll(doc, Limits{}, oneByte)
			if err != nil {
				t.Errorf("%.40q (one byte %v): %v", doc, oneByte, err)
				continue
			}
			if diff := cmp.Diff(reference(t, doc), got); diff != "" {
				t.Errorf("%.40q: differs from encoding/json (-want +got):\n%s", doc, diff)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		doc     string
		lim     Limits
		kind    ErrorKind
		pointer string
		msg     string
	}{
		{``, Limits{}, Syntax, "", "unexpected end"},
		{`{"a":1,"a":2}`, Limits{}, DuplicateKey, "/a", `duplicate key "a"`},
		{`{"x":[{"b":1,"b":1}]}`, Limits{}, DuplicateKey, "/x/0/b", "duplicate key"},
		{`{"a":1`, Limits{}, Syntax, "", "unexpected end"},
		{`{"a" 1}`, Limits{}, Syntax, "", "want ':'"},
		{`[1 2]`, Limits{}, Syntax, "", "want ',' or ']'"},
		{`{"a":01}`, Limits{}, Syntax, "/a", "invalid number"},
		{`{"a":1.}`, Limits{}, Syntax, "/a", "invalid number"},
		{`{"a":tru}`, Limits{}, Syntax, "/a", "invalid literal"},
		{"\"a\x01\"", Limits{}, Syntax, "", "control character"},
		{"\"\xff\"", Limits{}, Syntax, "", "invalid UTF-8"},
		{`"\x"`, Limits{}, Syntax, "", "invalid escape"},
		{`"\ud800"`, Limits{}, Syntax, "", "lone UTF-16 surrogate"},
		{"\xef\xbb\xbf{}", Limits{}, Syntax, "", "byte 0xef"},
		{`{} {}`, Limits{}, Syntax, "", "after the end of the document"},
		{`[[[[1]]]]`, Limits{MaxDepth: 3}, Limit, "/0/0/0", "deeper than the limit of 3"},
		{`["abcdef"]`, Limits{MaxStringLen: 5}, Limit, "/0", "over the limit of 5"},
		{`"` + strings.Repeat("a", 100) + `"`, Limits{MaxBytes: 50}, Limit, "", "larger than the limit of 50 bytes"},
		{`{"a":"\u00e9\u00e9\u00e9"}`, Limits{MaxStringLen: 5}, Limit, "/a", "over the limit of 5"},
		{`{"a":123456}`, Limits{MaxNumberLen: 5}, Limit, "/a", "number longer than the limit of 5 bytes"},
		{`{"a":-1.5e+3}`, Limits{MaxNumberLen: 5}, Limit, "/a", "number longer than the limit of 5 bytes"},
		{`{"abcdef":1}`, Limits{MaxNameLen: 5}, Limit, "", "member name of 6 bytes, over the limit of 5"},
		{`{"abc":"abcdef"}`, Limits{MaxNameLen: 5, MaxStringLen: 10}, -1, "", ""},
		{`{"a":1` + strings.Repeat("2", 1000) + `e}`, Limits{}, Syntax, "/a", `invalid number "1222`},
		{`{"` + strings.Repeat("k", 1000) + `":1,"` + strings.Repeat("k", 1000) + `":1}`, Limits{}, DuplicateKey, "/" + strings.Repeat("k", 1000), "duplicate key"},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			_, err := readAll(tt.doc, tt.lim, oneByte)
			if tt.kind < 0 {
				if err != nil {
					t.Errorf("%q: %v", tt.doc, err)
				}
				continue
			}
			e, ok := err.(*Error)
			if !ok {
				t.Errorf("%q: error %v, want *Error", tt.doc, err)
				continue
			}
			if len(e.Msg) > 200 {
				t.Errorf("%.40q: a message of %d bytes", tt.doc, len(e.Msg))
			}
			if e.Kind != tt.kind || e.Pointer != tt.pointer || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("%q (one byte %v): %+v; want kind %d, pointer %q, message with %q", tt.doc, oneByte, e, tt.kind, tt.pointer, tt.msg)
			}
		}
	}
}

func TestDeepNestingDoesNotOverflow(t *testing.T) {
	doc := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	_, err := readAll(doc, Limits{MaxDepth: 64}, false)
	if !IsKind(err, Limit) {
		t.Fatalf("error %v, want a limit error", err)
	}
}

func TestWalk(t *testing.T) {
	d := NewDecoder(iotest.HalfReader(strings.NewReader(`{"h":{"k":1},"d":[{"i":0},{"i":1}],"z":null}`)), Limits{})
	if err := d.BeginObject(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for first := true; ; first = false {
		k, ok, err := d.NextMember(first)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if k != "d" {
			v, err := d.Value()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			got = append(got, k+"="+string(b))
			continue
		}
		if err := d.BeginArray(); err != nil {
			t.Fatal(err)
		}
		for i := 0; ; i++ {
			ok, err := d.NextElement(i == 0)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			v, err := d.Value()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(v)
			got = append(got, "d[]="+string(b))
		}
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	want := []string{`h={"k":1}`, `d[]={"i":0}`, `d[]={"i":1}`, `z=null`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

func FuzzValue(f *testing.F) {
	for _, s := range []string{`{"a":[1,"b",null,true]}`, `"\u00e9"`, `{"a":1,"a":2}`, `[1e5,-0.0]`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := readAll(string(b), Limits{MaxDepth: 200}, false)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error %v is not an *Error", err)
			}
			if json.Valid(b) && !IsKind(err, DuplicateKey) && !IsKind(err, Limit) {
				// encoding/json accepts invalid UTF-8 and lone surrogates (it
				// replaces them); we refuse them.
				if bytes.ContainsRune(b, 0xFFFD) || !jsonUTF8Clean(b) {
					return
				}
				t.Fatalf("valid JSON %q refused: %v", b, err)
			}
			return
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON %q accepted as %v", b, got)
		}
		if diff := cmp.Diff(reference(t, string(b)), got); diff != "" {
			t.Fatalf("%q differs from encoding/json:\n%s", b, diff)
		}
	})
}

// jsonUTF8Clean reports whether b is valid UTF-8 without \u escapes of
// surrogates, the inputs on which both readers must agree.
func jsonUTF8Clean(b []byte) bool {
	return !bytes.Contains(bytes.ToLower(b), []byte(`\ud8`)) && !bytes.Contains(bytes.ToLower(b), []byte(`\ud9`)) &&
		!bytes.Contains(bytes.ToLower(b), []byte(`\uda`)) && !bytes.Contains(bytes.ToLower(b), []byte(`\udb`)) &&
		!bytes.Contains(bytes.ToLower(b), []byte(`\udc`)) && !bytes.Contains(bytes.ToLower(b), []byte(`\udd`)) &&
		!bytes.Contains(bytes.ToLower(b), []byte(`\ude`)) && !bytes.Contains(bytes.ToLower(b), []byte(`\udf`)) &&
		validUTF8(b)
}

// A reader that fails in the middle of a value gives an IO error naming
// the reader's error, at any split of the input.
func TestReaderFailure(t *testing.T) {
	doc := `{"a":[123456789,"chuỗi dài \u00e9",true,null]}`
	boom := errors.New("boom")
	for cut := 1; cut < len(doc); cut++ {
		r := io.MultiReader(iotest.OneByteReader(strings.NewReader(doc[:cut])), iotest.ErrReader(boom))
		_, err := NewDecoder(r, Limits{}).Value()
		if !errors.Is(err, boom) || !IsKind(err, IO) {
			t.Fatalf("cut at %d: error %v, want an IO error wrapping the reader's", cut, err)
		}
	}
}

// TestValueCacheBounded reads more distinct short strings and numbers than
// the caches keep: every value reads right, and the caches stay bounded.
func TestValueCacheBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	const n = 3 * maxCached
	for i := range n {
		fmt.Fprintf(&b, "%q,%d,", fmt.Sprint("v", i), i)
	}
	b.WriteString(`"v0",0]`)
	d := NewDecoder(strings.NewReader(b.String()), Limits{})
	v, err := d.Value()
	if err != nil {
		t.Fatal(err)
	}
	arr := v.([]any)
	if len(arr) != 2*n+2 || arr[2*n] != "v0" || arr[2*n+1] != json.Number("0") || arr[2*(n-1)] != fmt.Sprint("v", n-1) {
		t.Fatalf("read %d values, last ones %v", len(arr), arr[len(arr)-4:])
	}
	if len(d.vals) > maxCached || len(d.nums) > maxCached {
		t.Errorf("caches of %d strings and %d numbers, over %d", len(d.vals), len(d.nums), maxCached)
	}
}

// TestSpecial checks the eight-bytes-at-a-time test against the table, for
// every byte value at every position.
func TestSpecial(t *testing.T) {
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{'a', 0xC3, 0x7F, 0xFF, '!', '#', '[', ']'} {
				w := bytes.Repeat([]byte{fill}, 8)
				w[pos] = byte(c)
				want := false
				for _, b := range w {
					want = want || (b < 0x20 || b == '"' || b == '\\')
				}
				if got := special(binary.LittleEndian.Uint64(w)); got != want {
					t.Fatalf("special(%q) = %v", w, got)
				}
			}
		}
	}
}
