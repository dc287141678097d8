package signing

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// dumpTok writes t, adjacent texts merged.
func dumpTok(b *strings.Builder, t etree.Token) {
	switch t := t.(type) {
	case *etree.Element:
		fmt.Fprintf(b, "E[%q %q", t.Space, t.Tag)
		for _, a := range t.Attr {
			fmt.Fprintf(b, " A[%q %q %q]", a.Space, a.Key, a.Value)
		}
		var prev *etree.CharData
		for _, c := range t.Child {
			if cd, ok := c.(*etree.CharData); ok {
				if prev != nil {
					prev = &etree.CharData{Data: prev.Data + cd.Data}
				} else {
					prev = cd
				}
				continue
			}
			if prev != nil {
				fmt.Fprintf(b, " T[%q]", prev.Data)
				prev = nil
			}
			dumpTok(b, c)
		}
		if prev != nil {
			fmt.Fprintf(b, " T[%q]", prev.Data)
		}
		b.WriteString("]")
	case *etree.CharData:
		fmt.Fprintf(b, " T[%q]", t.Data)
	case *etree.Comment:
		fmt.Fprintf(b, " C[%q]", t.Data)
	case *etree.ProcInst:
		fmt.Fprintf(b, " P[%q]", t.Target)
	default:
		fmt.Fprintf(b, " %T", t)
	}
}

// referenceTree is the tree etree builds on encoding/xml, an independent
// reader, after the checks readTree makes of what a packet may hold.
func referenceTree(data []byte) (*etree.Document, error) {
	if err := referenceScan(data); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{PreserveDuplicateAttrs: true, MaxDepth: maxXMLDepth}
	return doc, doc.ReadFromBytes(data)
}

// referenceScan refuses with encoding/xml what readTree refuses beyond
// well-formedness.
func referenceScan(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth := 0
	for i := 0; ; i++ {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.Directive:
			return errors.New("directive")
		case xml.ProcInst:
			if t.Target != "xml" || i != 0 {
				return errors.New("processing instruction")
			}
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth || len(t.Attr) > maxXMLAttrs {
				return errors.New("over a limit")
			}
			seen := make(map[xml.Name]bool, len(t.Attr))
			for _, a := range t.Attr {
				if seen[a.Name] {
					return errors.New("duplicate attribute")
				}
				seen[a.Name] = true
			}
		case xml.EndElement:
			depth--
		}
	}
}

// checkEq checks that readTree and the reference both refuse data, or both
// accept it as the same tree; it reports whether they accept it.
func checkEq(t *testing.T, data []byte) bool {
	got, err := readTree(data)
	want, werr := referenceTree(data)
	if (err == nil) != (werr == nil) {
		if err != nil && knownStricter(err) {
			return false
		}
		t.Errorf("readTree: %v; encoding/xml: %v; on %.200q", err, werr, data)
		return false
	}
	if err != nil {
		return false
	}
	var a, b strings.Builder
	for _, c := range got.Child {
		dumpTok(&a, c)
	}
	for _, c := range want.Child {
		dumpTok(&b, c)
	}
	if a.String() != b.String() {
		t.Fatalf("differ on %q:\nreadTree %s\nencoding/xml %s", data, a.String(), b.String())
	}
	return true
}

// knownStricter reports whether err is readTree refusing, by XML 1.0, what
// encoding/xml lets through.
func knownStricter(err error) bool {
	for _, s := range []string{
		"attributes must be separated by white space", // XML 1.0 §3.1 [40]
		"control character",                           // §2.2: in a comment or an instruction
		"a character XML does not allow",              // §2.2
		"invalid attribute name",                      // a QName: Namespaces in XML 1.0 §3
		"invalid processing-instruction target",       // §2.6
	} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// TestReadTreeMatchesEncodingXML checks readTree against etree on
// encoding/xml: on the test packets, signed and not, the fuzz corpus, and
// mutations of them, both refuse or both accept as the same tree.
func TestReadTreeMatchesEncodingXML(t *testing.T) {
	var inputs [][]byte
	for _, v := range xmlInputs(t) {
		inputs = append(inputs, v)
		inputs = append(inputs, sign(t, thePKI(t).Agency(decodeXML(t, v).Header.Sender, 0), v))
	}
	files, _ := filepath.Glob("testdata/fuzz/FuzzVerifyXML/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		inputs = append(inputs, b)
	}
	extra := []string{`<a>x</a>`, `<a b='1' c="&amp;&lt;&gt;&quot;&apos;">t&amp;u</a>`, `<?xml version="1.0"?><a/>`, `<a><![CDATA[x<y]]></a>`, `<a:b xmlns:a="u"><!-- c --></a:b>`, "<a>\u00e9\u4e2d</a>", `<a>]]></a>`, `<a>&#65;</a>`, "<a>\r\n</a>", `<a b="1" b="2"/>`, `<a></b>`, `<a><b></a></b>`}
	for _, e := range extra {
		inputs = append(inputs, []byte(e))
	}
	ok := 0
	for _, in := range inputs {
		if checkEq(t, in) {
			ok++
		}
	}
	t.Logf("%d of %d accepted", ok, len(inputs))
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("<>/!?-[]&;:='\" \t\r\nabx1\x00\xff\xc3\xa9")
	n, nf := 0, 0
	for _, in := range inputs {
		if len(in) > 20000 {
			continue
		}
		for k := 0; k < 400; k++ {
			m := bytes.Clone(in)
			for j := 0; j < 1+r.IntN(3); j++ {
				if len(m) == 0 {
					break
				}
				p := r.IntN(len(m))
				switch r.IntN(3) {
				case 0:
					m[p] = alphabet[r.IntN(len(alphabet))]
				case 1:
					m = append(m[:p], m[p+1:]...)
				case 2:
					m = append(m[:p], append([]byte{alphabet[r.IntN(len(alphabet))]}, m[p:]...)...)
				}
			}
			n++
			if checkEq(t, m) {
				nf++
			}
		}
	}
	t.Logf("mutations: %d of %d accepted", nf, n)
}

// FuzzReadTree holds readTree to the reference: both refuse, or both accept
// as the same tree.
func FuzzReadTree(f *testing.F) {
	for _, s := range []string{`<a b='1' c="&amp;&lt;">t&#65;u<!-- c --><![CDATA[x<y]]></a>`, `<?xml version="1.0" encoding="UTF-8"?>` + "\n<p:a xmlns:p=\"u\"><p:b/>\r\n</p:a>"} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("testdata/fuzz/FuzzVerifyXML/*")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if v, ok := bytes.CutPrefix(b, []byte("go test fuzz v1\n[]byte(")); ok {
			if s, err := strconv.Unquote(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(")"))))); err == nil {
				f.Add([]byte(s))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkEq(t, data) })
}
