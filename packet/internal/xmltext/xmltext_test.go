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
func tokens(r io.Reader, ours bool) ([]string, error) {
	var next func() (xml.Token, error)
	if ours {
		next = NewDecoder(r, Limits{}).Token
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
	for _, f := range []string{"../../testdata/spec/hoso.xml", "../../testdata/spec/biendong.xml"} {
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
