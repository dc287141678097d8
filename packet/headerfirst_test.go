package packet

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gowebpki "github.com/gowebpki/jcs"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// headerFirst returns data, a JSON packet, with its header member moved to
// the front when it comes after another member and is an object or an
// array, and whether it moved it: the packet DecodeBytes reads. Data laid
// out otherwise (the header first already, or none, or not an object) is
// returned as it is.
func headerFirst(data []byte) ([]byte, bool) {
	d := jsontext.NewBytesDecoder(data, jsontext.Limits{})
	if d.BeginObject() != nil {
		return data, false
	}
	var header []byte
	var others [][]byte
	for first := true; ; first = false {
		at := int(d.Offset())
		k, _, more, err := d.NextMemberBytes(first)
		if err != nil {
			return data, false
		}
		if !more {
			break
		}
		raw, _, err := d.RawValue(len(data))
		if err != nil {
			return data, false
		}
		member := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(data[at:d.Offset()]), []byte(",")))
		if string(k) != headerName || header != nil {
			others = append(others, member)
			continue
		}
		if first || raw.Bytes == nil {
			return data, false
		}
		header = member
	}
	if header == nil {
		return data, false
	}
	out := append([]byte("{"), header...)
	for _, m := range others {
		out = append(append(out, ','), m...)
	}
	return append(append(out, '}'), data[d.Offset():]...), true
}

// canonicalOrder moves a JSON packet's header after its other members,
// where RFC 8785 orders it; nil when data is not such a packet.
func canonicalOrder(data []byte) []byte {
	d := jsontext.NewBytesDecoder(data, jsontext.Limits{})
	if d.BeginObject() != nil {
		return nil
	}
	var header []byte
	out := []byte("{")
	for first := true; ; first = false {
		at := int(d.Offset())
		k, _, more, err := d.NextMemberBytes(first)
		if err != nil {
			return nil
		}
		if !more {
			break
		}
		isHeader := string(k) == headerName
		raw, _, err := d.RawValue(len(data))
		if err != nil || raw.Bytes == nil {
			return nil
		}
		member := bytes.TrimPrefix(bytes.TrimSpace(data[at:int(raw.Offset)+len(raw.Bytes)]), []byte(","))
		if isHeader {
			header = member
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, member...)
	}
	if header == nil || len(out) == 1 {
		return nil
	}
	return append(append(append(out, ','), header...), '}')
}

// sameDecode decodes data with DecodeBytes and with Decode of the same
// members with the header first: the packets and findings must be equal;
// an error must be Decode's of data as it stands.
func sameDecode(t *testing.T, name string, data []byte, lim Limits) {
	t.Helper()
	hf, _ := headerFirst(data)
	want, wfs, _ := Decode(bytes.NewReader(hf), FormatAuto, lim)
	_, _, werr := Decode(bytes.NewReader(data), FormatAuto, lim)
	got, gfs, gerr := DecodeBytes(data, FormatAuto, lim)
	if diff := cmp.Diff(errString(werr), errString(gerr)); diff != "" {
		t.Fatalf("%s with %+v: errors differ (-Decode +DecodeBytes):\n%s", name, lim, diff)
	}
	if werr != nil {
		return
	}
	if diff := cmp.Diff(wfs, gfs); diff != "" {
		t.Fatalf("%s with %+v: findings differ (-Decode +DecodeBytes):\n%s", name, lim, diff)
	}
	if diff := cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Fatalf("%s with %+v: packets differ (-Decode +DecodeBytes):\n%s", name, lim, diff)
	}
}

// TestDecodeBytes checks DecodeBytes against Decode on the test data's
// packets, in their order and with the header last, whole and broken,
// under small limits too.
func TestDecodeBytes(t *testing.T) {
	for name, data := range pipelineCorpus(t) {
		for _, doc := range [][]byte{data, canonicalOrder(data)} {
			if doc == nil {
				continue
			}
			for _, lim := range pipelineLimits {
				sameDecode(t, name, doc, lim)
			}
			for i, b := range breakages(doc) {
				sameDecode(t, name+" broken "+string(rune('a'+i)), b, pipelineLimits[i%len(pipelineLimits)])
			}
		}
	}
}

// TestDecodeBytesNoLimit checks DecodeBytes under a limit turned off: a
// record deeper than the default depth, which fastRecord leaves to the
// exact path, is read, as Decode reads it.
func TestDecodeBytesNoLimit(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	at := bytes.Index(data, []byte(`"DuLieu"`))
	at += bytes.IndexByte(data[at:], '{') + 1
	doc := append(append(append([]byte(nil), data[:at]...), `"Sau":`+deep+`,`...), data[at:]...)
	for _, d := range [][]byte{doc, canonicalOrder(doc)} {
		sameDecode(t, "deep", d, Limits{MaxDepth: -1})
		if _, _, err := DecodeBytes(d, FormatJSON, Limits{MaxDepth: -1}); err != nil {
			t.Fatalf("no depth limit: %v", err)
		}
		sameDecode(t, "deep", d, Limits{})
	}
}

// TestHeaderFirst checks what headerFirst, the reference of the tests,
// moves, and what it leaves.
func TestHeaderFirst(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"DuLieu":[{"a":"}"}],"ThongTinGoiTin":{"b":1},"Z":2}`, `{"ThongTinGoiTin":{"b":1},"DuLieu":[{"a":"}"}],"Z":2}`},
		{`{"A":1,"DuLieu":[],"ThongTinGoiTin":{}}`, `{"ThongTinGoiTin":{},"A":1,"DuLieu":[]}`},
		{"{ \"A\" : 1 \n, \"ThongTinGoiTin\" : [ ] } ", `{"ThongTinGoiTin" : [ ],"A" : 1} `},
		{`{"ThongTinGoiTin":{},"DuLieu":[]}`, `{"ThongTinGoiTin":{},"DuLieu":[]}`},
		{`{"DuLieu":[]}`, `{"DuLieu":[]}`},
		{`{"DuLieu":[],"ThongTinGoiTin":1}`, `{"DuLieu":[],"ThongTinGoiTin":1}`},
		{`{"DuLieu":[}`, `{"DuLieu":[}`},
		{`[1]`, `[1]`},
	} {
		got, moved := headerFirst([]byte(c.in))
		if string(got) != c.want || moved != (c.in != c.want) {
			t.Errorf("headerFirst(%s) = %s, %v; want %s", c.in, got, moved, c.want)
		}
	}
}

// FuzzDecodeBytes is TestDecodeBytes on any input.
func FuzzDecodeBytes(f *testing.F) {
	for _, name := range []string{"testdata/valid/HOSO.json", "testdata/valid/BIENDONG.json", "testdata/spec/doikhop.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(canonicalOrder(b), uint8(1))
	}
	// A guess of where the header stands that the reader does not confirm.
	f.Add([]byte(`{"DuLieu":[{"a":1}],"ThongTinGoiTin":{"b":1},"Z":{"x":1,"ThongTinGoiTin":{"c":1}}}`), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, lim uint8) {
		sameDecode(t, "input", data, pipelineLimits[int(lim)%len(pipelineLimits)])
	})
}

// FuzzHeaderFirst checks that headerFirst changes no canonical form (RFC
// 8785, by gowebpki/jcs): it moves a member, which a JSON object does not
// order, and changes nothing else.
func FuzzHeaderFirst(f *testing.F) {
	b, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(canonicalOrder(b))
	for _, s := range []string{`{}`, `{"a":1,"` + headerName + `":{"b":[1,"}"]},"z":null}`, `{"` + headerName + `":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		canon, err := gowebpki.Transform(in)
		if err != nil {
			return
		}
		moved, _ := headerFirst(in)
		if again, err := gowebpki.Transform(moved); err != nil || !bytes.Equal(again, canon) {
			t.Fatalf("%q moved to %q: %v", in, moved, err)
		}
	})
}

// TestGuessedHeader checks DecodeBytes on packets whose last
// ,"ThongTinGoiTin": is the header, or a member inside another value,
// or inside a string, or where the packet has no header: a right guess is
// confirmed, a wrong one read again without guessing, and the result is
// Decode's of the same members with the header first either way.
func TestGuessedHeader(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/HOSO.json")
	if err != nil {
		t.Fatal(err)
	}
	canon := canonicalOrder(data)
	header := []byte(`,"` + headerName + `":`)
	open := func(doc []byte) []byte { return bytes.Clone(bytes.TrimSuffix(doc, []byte("}"))) }
	nested := append(open(canon), `,"Z":{"a":1,"`+headerName+`":{"b":2}}}`...)
	inString := append(open(canon), `,"Z":"\\\",\"`+headerName+`\":{}"}`...)
	noHeader := bytes.Replace(canon, header, []byte(`,"Khac":`), 1)
	noHeader = append(open(noHeader), `,"Z":{"a":1,"`+headerName+`":{"b":2}}}`...)
	for _, c := range []struct {
		name  string
		doc   []byte
		right bool
	}{
		{"canonical", canon, true},
		{"nested after the header", nested, false},
		{"in a string after the header", inString, true},
		{"nested, no header", noHeader, false},
		{"header first", data, false},
	} {
		g := guessHeader(c.doc, Limits{}.resolved())
		if g != nil {
			_, _, err := decodeHeaderFirst(c.doc, Limits{}, g)
			if right := !errors.Is(err, errWrongGuess); right != c.right || right && err != nil {
				t.Errorf("%s: the guess confirmed %v, want %v (%v)", c.name, right, c.right, err)
			}
		} else if c.right {
			t.Errorf("%s: no guess", c.name)
		}
		for _, lim := range pipelineLimits {
			sameDecode(t, c.name, c.doc, lim)
		}
	}
}
