package signing

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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

func slowParse(data []byte) (*etree.Document, error) {
	if err := scanXML(data); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{PreserveDuplicateAttrs: true, MaxDepth: maxXMLDepth}
	return doc, doc.ReadFromBytes(data)
}

// checkEq reports whether fastParseXML accepts data, after checking that
// the full path then accepts it as the same tree.
func checkEq(t *testing.T, data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	fd, ok := fastParseXML(data)
	if !ok {
		return false
	}
	sd, err := slowParse(data)
	if err != nil {
		t.Fatalf("fast accepts, slow refuses (%v): %q", err, data)
	}
	var a, b strings.Builder
	for _, c := range fd.Child {
		dumpTok(&a, c)
	}
	for _, c := range sd.Child {
		dumpTok(&b, c)
	}
	if a.String() != b.String() {
		t.Fatalf("differ on %q:\nfast %s\nslow %s", data, a.String(), b.String())
	}
	return true
}

// TestFastParseMatchesFullParse checks that what fastParseXML accepts, the
// full path (scanXML, then etree on encoding/xml) accepts as the same tree,
// on the test packets, signed and not, the fuzz corpus, and mutations of
// them.
func TestFastParseMatchesFullParse(t *testing.T) {
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
	fast := 0
	for _, in := range inputs {
		if checkEq(t, in) {
			fast++
		}
	}
	t.Logf("%d of %d fast", fast, len(inputs))
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
	t.Logf("mutations: %d of %d fast", nf, n)
}
