package xmltext

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// tokens renders every token of doc, read with ours or encoding/xml.
func tokens(r io.Reader, ours bool, lim ...Limits) ([]string, error) {
	var next func() (xml.Token, error)
	if ours {
		var l Limits
		if len(lim) > 0 {
			l = lim[0]
		}
		next = NewDecoder(r, l).Token
	} else {
		d := xml.NewDecoder(r)
		next = d.RawToken
	}
	var out []string
	for {
		t, err := next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch p := t.(type) {
		case *xml.StartElement:
			t = *p
		case *xml.EndElement:
			t = *p
		case *xml.CharData:
			t = *p
		}
		switch t := t.(type) {
		case xml.StartElement:
			s := "<" + t.Name.Space + ":" + t.Name.Local
			for _, a := range t.Attr {
				s += fmt.Sprintf(" %s:%s=%q", a.Name.Space, a.Name.Local, a.Value)
			}
			out = append(out, s+">")
		case xml.EndElement:
			out = append(out, "</"+t.Name.Space+":"+t.Name.Local+">")
		case xml.CharData:
			if n := len(out); n > 0 && strings.HasPrefix(out[n-1], "text:") {
				out[n-1] += string(t) // encoding/xml may split text differently
				continue
			}
			out = append(out, "text:"+string(t))
		case xml.Comment:
			out = append(out, "comment:"+string(t))
		case xml.ProcInst:
			out = append(out, "pi:"+t.Target+":"+strings.TrimSpace(string(t.Inst)))
		case xml.Directive:
			out = append(out, "directive")
		}
	}
}

func TestAgreesWithEncodingXML(t *testing.T) {
	docs := []string{
		`<?xml version="1.0" encoding="UTF-8"?>` + "\n<a xmlns=\"urn:x\"><b>Nguyễn &amp; &lt;Văn&gt; &#65;&#x42;</b><c/><!-- note --><d><![CDATA[<raw> & ]]></d></a>",
		"<a x='1' y=\"&quot;2&apos;\"><ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/></a>",
		"<a>line\r\nnext\rlast</a>",
	}
	for _, f := range []string{"../../packet/testdata/spec/hoso.xml", "../../packet/testdata/spec/biendong.xml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	for _, doc := range docs {
		want, err := tokens(strings.NewReader(doc), false)
		if err != nil {
			t.Fatalf("encoding/xml: %v", err)
		}
		for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
			got, err := tokens(r, true)
			if err != nil {
				t.Fatalf("%.40q: %v", doc, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%.40q (-encoding/xml +ours):\n%s", doc, diff)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	for _, doc := range []string{
		"<a>&lol;</a>", "<a>& b</a>", "<a>\x01</a>", "<a>\xff</a>", "<a b=1/>", "<a b='<'/>", "<a b='1'b='2'/>",
		"<a b='1' b='1'/>", "<1a/>", "<a><!-- x -- y --></a>", "<a>]]></a>", "<a", "<a b='1", "<!-- x", "<![CDATA[x", "<?pi x",
		"<a>&#0;</a>", "<a>&#xD800;</a>", "</>", "<a/ >",
	} {
		for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
			_, err := tokens(r, true)
			if err == nil {
				t.Errorf("%q accepted", doc)
			}
		}
	}
	got, err := tokens(strings.NewReader(`<!DOCTYPE a [<!ENTITY x "y">]><a/>`), true)
	if err != nil || len(got) == 0 || got[0] != "directive" {
		t.Errorf("DOCTYPE gave %v, %v; want a directive first", got, err)
	}
}

// Each limit holds while the token is read: an endless token is refused
// after a bounded number of bytes, with a LimitError.
func TestLimits(t *testing.T) {
	lim := Limits{MaxTextLen: 100, MaxNameLen: 10, MaxAttrs: 3}
	for _, tt := range []struct{ prefix, fill string }{
		{"<a>", "x"},
		{"<a>", "&#x00000041;"},
		{"<a>", "\r\n"},
		{"<a><!--", "x"},
		{"<a><![CDATA[", "x"},
		{"<?pi ", "x"},
		{"<", "a"},
		{"<a b='", "x"},
		{"<a xmlns:p", "p"},
	} {
		r := &endless{prefix: tt.prefix, fill: tt.fill}
		d := NewDecoder(r, lim)
		var err error
		for err == nil {
			_, err = d.Token()
		}
		if !IsLimit(err) {
			t.Errorf("%q then %q for ever: %v, want a LimitError", tt.prefix, tt.fill, err)
		}
		if r.n > 1<<20 {
			t.Errorf("%q then %q for ever: read %d bytes", tt.prefix, tt.fill, r.n)
		}
	}
	for _, tt := range []struct {
		doc string
		ok  bool
	}{
		{"<a>" + strings.Repeat("x", 100) + "</a>", true},
		{"<a>" + strings.Repeat("x", 101) + "</a>", false},
		{"<a>" + strings.Repeat("&amp;", 100) + "</a>", true},
		{"<a>" + strings.Repeat("&amp;", 101) + "</a>", false},
		{"<a><!--" + strings.Repeat("x", 101) + "--></a>", false},
		{"<a><![CDATA[" + strings.Repeat("x", 101) + "]]></a>", false},
		{"<a><![CDATA[" + strings.Repeat("\r\n", 100) + "]]></a>", true},
		{"<aaaaaaaaaa/>", true},
		{"<aaaaaaaaaaa/>", false},
		{"<a b='1' c='2' d='3'/>", true},
		{"<a b='1' c='2' d='3' e='4'/>", false},
	} {
		_, err := tokens(strings.NewReader(tt.doc), true, lim)
		if tt.ok && err != nil || !tt.ok && !IsLimit(err) {
			t.Errorf("%.30q: %v", tt.doc, err)
		}
	}
}

// The duplicate check finds a repeated attribute among few and among many.
func TestDuplicateAttributes(t *testing.T) {
	for _, n := range []int{2, 7, 8, 9, 100} {
		for _, dup := range []int{0, n / 2, n - 1} {
			var b strings.Builder
			b.WriteString("<a")
			for i := range n {
				fmt.Fprintf(&b, " p%d='x'", i)
			}
			fmt.Fprintf(&b, " p%d='y'/>", dup)
			_, err := tokens(strings.NewReader(b.String()), true, Limits{})
			if err == nil || !strings.Contains(err.Error(), "twice") {
				t.Errorf("%d attributes, then the %dth again: %v", n, dup, err)
			}
			// The same without the repeat, on two elements: the set is per start tag.
			ok := strings.Replace(b.String(), fmt.Sprintf(" p%d='y'", dup), "", 1)
			if _, err := tokens(strings.NewReader("<r>"+ok+ok+"</r>"), true, Limits{}); err != nil {
				t.Errorf("%d distinct attributes on each of two elements: %v", n, err)
			}
		}
	}
}

// BenchmarkManyAttributes measures a start tag of 100,000 attributes: the
// duplicate check must keep it linear.
func BenchmarkManyAttributes(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<a")
	for i := range 100_000 {
		fmt.Fprintf(&sb, " p%d='x'", i)
	}
	sb.WriteString("/>")
	doc := sb.String()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := NewDecoder(strings.NewReader(doc), Limits{})
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// endless is prefix followed by fill for ever; n counts the bytes read.
type endless struct {
	prefix, fill string
	off          int
	n            int
}

func (e *endless) Read(p []byte) (int, error) {
	k := copy(p, e.prefix)
	e.prefix = e.prefix[k:]
	for k < len(p) {
		c := copy(p[k:], e.fill[e.off:])
		e.off = (e.off + c) % len(e.fill)
		k += c
	}
	e.n += k
	return k, nil
}

func FuzzToken(f *testing.F) {
	for _, s := range []string{"<a>x</a>", "<a b='c'>&amp;</a>", "<!-- c --><a/>", "<![CDATA[x]]>", "<?xml version='1.0'?><a/>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := tokens(bytes.NewReader(b), true)
		if err != nil {
			return
		}
		for _, tok := range got {
			if tok == "directive" {
				return // we stop at declarations; encoding/xml reads them
			}
		}
		want, err := tokens(bytes.NewReader(b), false)
		if err != nil {
			t.Fatalf("we accept %q, encoding/xml does not: %v", b, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%q (-encoding/xml +ours):\n%s", b, diff)
		}
	})
}
