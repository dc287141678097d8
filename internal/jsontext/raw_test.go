package jsontext

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/google/go-cmp/cmp"
)

// source makes the reader of a document, in one of the ways a packet
// arrives: in memory, a byte at a time, or a byte at a time failing after
// cut bytes.
type source struct {
	name string
	dec  func(doc []byte, lim Limits) *Decoder
}

var errCut = errors.New("connection reset")

func sources(cut int) []source {
	return []source{
		{"bytes", func(doc []byte, lim Limits) *Decoder { return NewBytesDecoder(doc, lim) }},
		{"reader", func(doc []byte, lim Limits) *Decoder { return NewDecoder(strings.NewReader(string(doc)), lim) }},
		{"one byte", func(doc []byte, lim Limits) *Decoder {
			return NewDecoder(iotest.OneByteReader(strings.NewReader(string(doc))), lim)
		}},
		{fmt.Sprintf("failing after %d bytes", cut), func(doc []byte, lim Limits) *Decoder {
			cut := min(cut, len(doc))
			return NewDecoder(io.MultiReader(iotest.OneByteReader(strings.NewReader(string(doc[:cut]))), iotest.ErrReader(errCut)), lim)
		}},
	}
}

// wholeRead reads a document as one value, as the packet readers did
// before they split records off.
func wholeRead(d *Decoder) (any, error) {
	v, err := d.Value()
	if err != nil {
		return nil, err
	}
	return v, d.End()
}

// splitRead reads a document as the packet reader does: the top level
// member by member or element by element, and the values below — the
// elements of an array that is a member's value, or else the member's
// value itself — with RawValue, each then read on its own from its bytes.
func splitRead(d *Decoder, limit int) (any, error) {
	sub := NewBytesDecoder(nil, d.lim)
	part := func() (any, error) {
		raw, v, err := d.RawValue(limit)
		if err != nil || raw.Bytes == nil {
			return v, err
		}
		sub.ResetAt(raw.Bytes, At{Offset: raw.Offset, Pointer: d.Pointer(), Depth: d.Depth()})
		v, err = sub.Value()
		if err == nil && sub.pos != len(raw.Bytes) {
			return nil, fmt.Errorf("a value of %d bytes read from %d bytes", sub.pos, len(raw.Bytes))
		}
		if raw.Fits && IsKind(err, Limit) {
			return nil, fmt.Errorf("a value said to fit the limits is over one: %w", err)
		}
		if st := measure(raw.Bytes); raw.Fits != st.fit(d.lim, d.Depth()) {
			return nil, fmt.Errorf("fits %v, but a value of %+v", raw.Fits, st)
		}
		return v, err
	}
	c, err := d.Peek()
	if err != nil {
		return nil, err
	}
	var v any
	switch c {
	case '{':
		v, err = splitObject(d, part)
	case '[':
		v, err = splitArray(d, part)
	default:
		v, err = d.Value()
	}
	if err != nil {
		return nil, err
	}
	return v, d.End()
}

// splitObject is Decoder.object with its members' values read by
// splitArray when they are arrays, else by part.
func splitObject(d *Decoder, part func() (any, error)) (any, error) {
	if err := d.BeginObject(); err != nil {
		return nil, err
	}
	m := map[string]any{}
	for first := true; ; first = false {
		k, ok, err := d.NextMember(first)
		if err != nil || !ok {
			return m, err
		}
		d.PushKey(k)
		if _, dup := m[k]; dup {
			return nil, d.fail(DuplicateKey, fmt.Sprintf("duplicate key %q", clip.String(k)))
		}
		c, err := d.Peek()
		if err != nil {
			return nil, err
		}
		var v any
		if c == '[' {
			v, err = splitArray(d, part)
		} else {
			v, err = part()
		}
		d.Pop()
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
}

// splitArray is Decoder.array with its elements read by part.
func splitArray(d *Decoder, part func() (any, error)) (any, error) {
	if err := d.BeginArray(); err != nil {
		return nil, err
	}
	a := []any{}
	for i := 0; ; i++ {
		ok, err := d.NextElement(i == 0)
		if err != nil || !ok {
			return a, err
		}
		d.PushIndex(i)
		v, err := part()
		d.Pop()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

// sameRead checks that reading doc whole and reading it split give the
// same value or the same error: kind, offset, pointer, message and cause.
func sameRead(t *testing.T, doc []byte, lim Limits, limit, cut int) {
	t.Helper()
	for _, src := range sources(cut) {
		want, werr := wholeRead(src.dec(doc, lim))
		got, gerr := splitRead(src.dec(doc, lim), limit)
		if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
			t.Fatalf("%q with %+v, raw limit %d, %s: errors differ (-whole +split):\n%s", doc, lim, limit, src.name, diff)
		}
		if werr == nil {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%q with %+v, %s: values differ (-whole +split):\n%s", doc, lim, src.name, diff)
			}
		}
	}
}

func errString(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return fmt.Sprintf("kind %d at %d %q: %s (cause %v)", e.Kind, e.Offset, e.Pointer, e.Msg, e.Err)
	}
	if err != nil {
		return "not an *Error: " + err.Error()
	}
	return ""
}

var splitDocs = []string{
	`{"ThongTinGoiTin":{"a":1},"DuLieu":[{"HoVaTen":"Nguyễn Văn An","x":[1,2,{"y":"}]"}]},{"b":"\"{["}],"z":null}`,
	`{"DuLieu":[{"a":1,"a":2}]}`,
	`{"DuLieu":[{"a":{"b":[{"c":{"d":1}}]}}]}`,
	`{"DuLieu":[{"a":"x` + "\x01" + `"}]}`,
	`{"DuLieu":[{"a":"\xff"}]}`,
	`{"DuLieu":[{"a":"\q"}]}`,
	`{"DuLieu":[{"a":"\ud800"}]}`,
	`{"DuLieu":[{"a":tru}]}`,
	`{"DuLieu":[{"a":01}]}`,
	`{"DuLieu":[{"a" 1}]}`,
	`{"DuLieu":[{"a":1 "b":2}]}`,
	`{"DuLieu":[{"a":[1}]}]}`,
	`{"DuLieu":[{"a":1]]}`,
	`{"DuLieu":[{"a":1}}]}`,
	`{"DuLieu":[{"a":"` + strings.Repeat("é", 40) + `"}]}`,
	`{"DuLieu":[{"` + strings.Repeat("k", 40) + `":1}]}`,
	`{"DuLieu":[{"a":` + strings.Repeat("9", 40) + `}]}`,
	`{"DuLieu":[{"a":"` + strings.Repeat(`\u00e9`, 40) + `"}]}`,
	`{"DuLieu":[{"a":"unterminated}]}`,
	`{"DuLieu":[{"a":1},{"b":2},   {"c":[[[[[[[[[[1]]]]]]]]]]}]}`,
	`{"DuLieu":[{"a":"\\"},{"b":"\\\""}]}`,
	`{"DuLieu":[1,"two",null,[3]]}`,
	`{"DuLieu":[{}],"DuLieu":[]}`,
	`{"DuLieu":[{"a":1}]} x`,
	`{"DuLieu":[{"a":1}`,
	`{"DuLieu":[{"a":"\`,
	`[{"a":1},{"a":[2,3]},{"a":"` + strings.Repeat("b", 100) + `"}]`,
}

// TestSplitReadIsWholeRead checks that a document read as the packet
// reader reads it — records found by RawValue and read on their own —
// gives what reading it whole gives, for every way the input arrives, with
// and without limits, with records over the raw limit, and with the input
// failing or going over MaxBytes at every byte.
func TestSplitReadIsWholeRead(t *testing.T) {
	limits := []Limits{{}, {MaxDepth: 6, MaxStringLen: 20, MaxNameLen: 12, MaxNumberLen: 12}, {MaxStringLen: 30}, {MaxNameLen: 10}}
	for _, doc := range splitDocs {
		for _, lim := range limits {
			for _, limit := range []int{1 << 20, 8} {
				for cut := 0; cut <= len(doc); cut += 1 + len(doc)/8 {
					sameRead(t, []byte(doc), lim, limit, cut)
					lim := lim
					lim.MaxBytes = int64(cut)
					if cut > 0 {
						sameRead(t, []byte(doc), lim, limit, len(doc))
					}
				}
			}
		}
	}
}

// TestRawValueBytes checks what RawValue hands on: the value's bytes from
// its first to its last, its offset, and the reader past it.
func TestRawValueBytes(t *testing.T) {
	doc := `[ {"a":"]"} ,	["}",{}] ]`
	d := NewDecoder(iotest.OneByteReader(strings.NewReader(doc)), Limits{})
	if err := d.BeginArray(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; ; i++ {
		ok, err := d.NextElement(i == 0)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		raw, _, err := d.RawValue(1 << 10)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%s", raw.Offset, raw.Bytes))
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{`2:{"a":"]"}`, `14:["}",{}]`}, got); diff != "" {
		t.Error(diff)
	}
}

// TestRawValueFits checks Fits at each limit's edge: a value at a limit
// fits, one over it does not.
func TestRawValueFits(t *testing.T) {
	tests := []struct {
		doc  string
		lim  Limits
		fits bool
	}{
		{`[{"a":[1]}]`, Limits{MaxDepth: 3}, true},
		{`[{"a":[[1]]}]`, Limits{MaxDepth: 3}, false},
		{`[{"abcd":"x"}]`, Limits{MaxNameLen: 4}, true},
		{`[{"abcde":"x"}]`, Limits{MaxNameLen: 4}, false},
		{`[{"a":"abcd"}]`, Limits{MaxNameLen: 2, MaxStringLen: 4}, true},
		{`[{"a":"abcde"}]`, Limits{MaxNameLen: 2, MaxStringLen: 4}, false},
		{`[{"a":"\u00e9"}]`, Limits{MaxStringLen: 6}, true},
		{`[{"a":"\u00e9"}]`, Limits{MaxStringLen: 5}, false}, // two bytes decoded, but six as they stand
		{`[{"a":-1.5e3, "b" : true}]`, Limits{MaxNumberLen: 6}, true},
		{`[{"a":-1.5e30}]`, Limits{MaxNumberLen: 6}, false},
		{`[{"a":null}]`, Limits{MaxNumberLen: 3}, false}, // a literal counts as a number
	}
	for _, tt := range tests {
		d := NewBytesDecoder([]byte(tt.doc), tt.lim)
		if err := d.BeginArray(); err != nil {
			t.Fatal(err)
		}
		if _, err := d.NextElement(true); err != nil {
			t.Fatal(err)
		}
		raw, _, err := d.RawValue(1 << 10)
		if err != nil || raw.Bytes == nil || raw.Fits != tt.fits {
			t.Errorf("%s with %+v: fits %v, %v; want %v", tt.doc, tt.lim, raw.Fits, err, tt.fits)
		}
	}
}

// TestRawValueAllocations checks that finding a record's extent allocates
// nothing once the buffer has grown.
func TestRawValueAllocations(t *testing.T) {
	rec := `{"HoVaTen":"Nguyễn Văn An","QuaTrinh":[{"Tu":"2020-01-01","HeSo":4.34,"Ghi":"a \"b\" c"}]}`
	doc := "[" + strings.Repeat(rec+",", 999) + rec + "]"
	d := NewBytesDecoder([]byte(doc), Limits{})
	if err := d.BeginArray(); err != nil {
		t.Fatal(err)
	}
	i := 0
	allocs := testing.AllocsPerRun(999, func() {
		if ok, err := d.NextElement(i == 0); !ok || err != nil {
			t.Fatal(ok, err)
		}
		i++
		if raw, _, err := d.RawValue(1 << 20); err != nil || string(raw.Bytes) != rec || !raw.Fits {
			t.Fatalf("%q, %v", raw.Bytes, err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per record", allocs)
	}
}

// FuzzSplitRead is TestSplitReadIsWholeRead on any input, limits and cut.
func FuzzSplitRead(f *testing.F) {
	for _, doc := range splitDocs {
		f.Add([]byte(doc), uint8(0), uint16(0), uint8(3))
	}
	f.Fuzz(func(t *testing.T, doc []byte, small uint8, maxBytes uint16, cut uint8) {
		lim := Limits{MaxDepth: 64, MaxBytes: int64(maxBytes)}
		if small&1 != 0 {
			lim = Limits{MaxDepth: 5, MaxStringLen: 12, MaxNameLen: 6, MaxNumberLen: 8, MaxBytes: int64(maxBytes)}
		}
		limit := 1 << 20
		if small&2 != 0 {
			limit = int(small >> 2)
		}
		sameRead(t, doc, lim, limit, int(cut))
	})
}

// measure is scanValue's measures of a whole value, byte by byte, with
// nothing of its refills or speed: what Raw.Fits is checked against.
func measure(b []byte) (st rawStats) {
	last, run, depth, in := 0, 0, 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case in && c == '\\':
			i++
			last += 2
			st.str = max(st.str, last)
		case in && c == '"':
			in = false
		case in:
			last++
			st.str = max(st.str, last)
		case rawClass[c] == rawOther:
			run++
			st.number = max(st.number, run)
		default:
			run = 0
			switch c {
			case '"':
				in, last = true, 0
			case ':':
				st.name = max(st.name, last)
			case '{', '[':
				depth++
				st.depth = max(st.depth, depth)
			case '}', ']':
				depth--
			}
		}
	}
	return st
}

// TestCut checks where arrays are cut: before an element that begins with
// the key, white space or not, and nowhere else.
func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		from int
		want int // -1: len(in)
	}{
		{`[{"k":1},{"k":2}]`, 1, 9},
		{`[{"k":1}, { "k" :2}]`, 1, 10},
		{`[{"k":1},{"k":2}]`, 9, 9},
		{`[{"k":1},{"k":2}]`, 10, -1},
		{`[{"k":1},{"x":{"k":2}}]`, 1, -1},
		{`[{"k":1},{"x":"k"},{"k":2}]`, 1, 19},
		{`[{"k":1},{"k"}]`, 1, -1},
		{`{"k":1}`, 0, -1},
	} {
		want := tc.want
		if want < 0 {
			want = len(tc.in)
		}
		if got := Cut([]byte(tc.in), tc.from, []byte(`"k"`)); got != want {
			t.Errorf("Cut(%s, %d) = %d, want %d", tc.in, tc.from, got, want)
		}
	}
}

// TestFirstKey checks that an array's first element is found with its
// first key as written, when it is an object whose first key needs no
// unescaping, and not otherwise.
func TestFirstKey(t *testing.T) {
	for _, tc := range []struct {
		in    string // past the array's '['
		first int
		key   string // "": none
	}{
		{`{"k":1}]`, 0, `"k"`},
		{` { "SoDinhDanh" :1}]`, 1, `"SoDinhDanh"`},
		{`{"a\"b":1}]`, 0, ""},
		{`[1]]`, 0, ""},
		{`{}]`, 0, ""},
		{`{"k`, 0, ""},
		{``, 0, ""},
	} {
		first, key := FirstKey([]byte(tc.in), 0)
		if string(key) != tc.key || tc.key != "" && first != tc.first {
			t.Errorf("FirstKey(%s) = %d, %q; want %d, %q", tc.in, first, key, tc.first, tc.key)
		}
	}
}
