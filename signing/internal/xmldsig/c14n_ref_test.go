package xmldsig

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/packet"
)

// The reference: the document read into a tree by etree on encoding/xml,
// an independent reader, and canonicalised by walking the tree, as this
// package did before it canonicalised tokens as they were read.

// refCanonical is the canonical form of data by the reference, with the
// ds:Signature children of the root dropped.
func refCanonical(data []byte) ([]byte, error) {
	if err := refScan(data); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{PreserveDuplicateAttrs: true, MaxDepth: maxDepth}
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, err
	}
	root := doc.Root()
	if root == nil {
		return nil, errors.New("no root")
	}
	if _, ok := packet.NamespaceVersion(root.NamespaceURI()); root.Tag != "GoiTin" || !ok {
		return nil, errors.New("not a packet's root")
	}
	for _, t := range doc.Child {
		if cd, ok := t.(*etree.CharData); ok && strings.Trim(cd.Data, " \t\r\n") != "" {
			return nil, errors.New("text beside the root")
		}
	}
	for _, e := range root.ChildElements() {
		if e.Tag == "Signature" && e.NamespaceURI() == Namespace {
			root.RemoveChild(e)
		}
	}
	var b bytes.Buffer
	scope := map[string]string{}
	if err := refElement(&b, root, scope, map[string]string{}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// refScan refuses with encoding/xml what Read refuses beyond
// well-formedness.
func refScan(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, roots := 0, 0
	for i := 0; ; i++ {
		tok, err := d.RawToken()
		if err == io.EOF {
			if roots == 0 {
				return errors.New("no root")
			}
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
			if depth == 0 {
				if roots++; roots > 1 {
					return errors.New("two roots")
				}
			}
			depth++
			if depth > maxDepth || len(t.Attr) > maxAttrs {
				return errors.New("over a limit")
			}
			seen := make(map[xml.Name]bool, len(t.Attr))
			for _, a := range t.Attr {
				if seen[a.Name] {
					return errors.New("duplicate attribute")
				}
				seen[a.Name] = true
				if isNSDecl(a) {
					if err := checkDecl(a); err != nil {
						return err
					}
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

func refDeclare(scope map[string]string, e *etree.Element) map[string]string {
	scope = maps(scope)
	for _, a := range e.Attr {
		switch {
		case a.Space == "" && a.Key == "xmlns":
			scope[""] = a.Value
		case a.Space == "xmlns":
			scope[a.Key] = a.Value
		}
	}
	return scope
}

func maps(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

func refResolve(scope map[string]string, prefix string) (string, error) {
	if prefix == "xml" {
		return nsXML, nil
	}
	u, ok := scope[prefix]
	if !ok && prefix != "" {
		return "", fmt.Errorf("prefix %s not declared", prefix)
	}
	return u, nil
}

func refElement(b *bytes.Buffer, e *etree.Element, scope, rendered map[string]string) error {
	scope = refDeclare(scope, e)
	if e.Space == "xml" || e.Space == "xmlns" {
		return errors.New("reserved prefix")
	}
	u, err := refResolve(scope, e.Space)
	if err != nil {
		return err
	}
	used := []binding{{e.Space, u}}
	var attrs []c14nAttr
	for _, a := range e.Attr {
		if (a.Space == "" && a.Key == "xmlns") || a.Space == "xmlns" {
			continue
		}
		au := ""
		if a.Space != "" {
			if au, err = refResolve(scope, a.Space); err != nil {
				return err
			}
			if a.Space != "xml" && !slices.ContainsFunc(used, func(x binding) bool { return x.prefix == a.Space }) {
				used = append(used, binding{a.Space, au})
			}
		}
		attrs = append(attrs, c14nAttr{au, a.Space, a.Key, a.Value})
	}
	if err := sortAttrs(attrs, e.FullTag()); err != nil {
		return err
	}
	slices.SortFunc(used, func(x, y binding) int { return strings.Compare(x.prefix, y.prefix) })
	b.WriteString("<" + e.FullTag())
	rendered = maps(rendered)
	for _, x := range used {
		if r, ok := rendered[x.prefix]; (ok && r == x.uri) || (!ok && x.prefix == "" && x.uri == "") {
			continue
		}
		rendered[x.prefix] = x.uri
		if x.prefix == "" {
			b.WriteString(` xmlns="`)
		} else {
			b.WriteString(` xmlns:` + x.prefix + `="`)
		}
		b.Write(escape(nil, x.uri, true))
		b.WriteByte('"')
	}
	for _, a := range attrs {
		b.WriteString(" " + qname(a.prefix, a.local) + `="`)
		b.Write(escape(nil, a.value, true))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if err := refElement(b, t, scope, rendered); err != nil {
				return err
			}
		case *etree.CharData:
			b.Write(escape(nil, t.Data, false))
		case *etree.Comment:
		default:
			return fmt.Errorf("%T inside", t)
		}
	}
	b.WriteString("</" + e.FullTag() + ">")
	return nil
}

// knownStricter reports whether err is Read refusing, by XML 1.0 or by
// what a packet may hold, what the reference lets through.
func knownStricter(err error) bool {
	for _, s := range []string{
		"attributes must be separated by white space", // XML 1.0 §3.1 [40]
		"control character",                           // §2.2: in a comment or an instruction
		"a character XML does not allow",              // §2.2
		"invalid attribute name",                      // a QName: Namespaces in XML 1.0 §3
		"invalid processing-instruction target",       // §2.6
		"a namespace name with a line break or tab",   // what encoding/xml normalises away
	} {
		if strings.Contains(err.Error(), s) {
			return true
		}
	}
	return false
}

// wrap makes data, a fragment, the content of a packet's root, unless it
// is a packet already.
func wrap(data []byte) []byte {
	if bytes.Contains(data, []byte("GoiTin")) {
		return data
	}
	return append(append([]byte(`<GoiTin xmlns="`+packet.Namespace+`">`), data...), "</GoiTin>"...)
}

// checkEq checks that Read and the reference both refuse data, or both
// accept it with the same canonical form; it reports whether they accept.
func checkEq(t *testing.T, data []byte) bool {
	doc, _, err := Read(nil, data, Canonical, nil)
	want, werr := refCanonical(data)
	if (err == nil) != (werr == nil) {
		if err != nil && knownStricter(err) {
			return false
		}
		t.Errorf("Read: %v; reference: %v; on %.300q", err, werr, data)
		return false
	}
	if err != nil {
		return false
	}
	if !bytes.Equal(doc.Canonical, want) {
		t.Fatalf("differ on %q:\nRead      %q\nreference %q", data, doc.Canonical, want)
	}
	return true
}

// inputs are the packets of the packet package's test data and the fuzz
// corpus of the signing package, and a few fragments.
func inputs(t testing.TB) [][]byte {
	var in [][]byte
	files, _ := filepath.Glob("../../../packet/testdata/*.xml")
	corpus, _ := filepath.Glob("../../testdata/fuzz/FuzzVerifyXML/*")
	for _, f := range append(files, corpus...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := bytes.CutPrefix(b, []byte("go test fuzz v1\n[]byte(")); ok {
			s, err := strconv.Unquote(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte(")")))))
			if err != nil {
				continue
			}
			b = []byte(s)
		}
		in = append(in, b)
	}
	for _, e := range []string{`<a>x</a>`, `<a b='1' c="&amp;&lt;&gt;&quot;&apos;">t&amp;u</a>`, `<a><![CDATA[x<y]]></a>`,
		`<a:b xmlns:a="u"><!-- c --></a:b>`, "<a>\u00e9\u4e2d</a>", `<a>]]></a>`, `<a>&#65;&#x9;&#xD;</a>`, "<a>\r\n</a>",
		`<a b="1" b="2"/>`, `<a></b>`, `<a><b></a></b>`, `<a xmlns:p="u" p:x="1" q="2"><b xmlns="v" p:y="&#xA;"/></a>`,
		`<ds:Signature xmlns:ds="` + Namespace + `"><ds:X/></ds:Signature>`} {
		in = append(in, wrap([]byte(e)))
	}
	return in
}

// TestCanonicalMatchesReference checks Read against the reference on the
// test packets, signed and not, the fuzz corpus, a few fragments, and
// mutations of them: both refuse, or both accept with the same bytes.
func TestCanonicalMatchesReference(t *testing.T) {
	in := inputs(t)
	ok := 0
	for _, b := range in {
		if checkEq(t, b) {
			ok++
		}
	}
	t.Logf("%d of %d accepted", ok, len(in))
	if ok < len(in)/3 {
		t.Errorf("only %d of %d accepted: the comparison checks little", ok, len(in))
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("<>/!?-[]&;:='\" \t\r\nabx1\x00\xff\xc3\xa9")
	n, nok := 0, 0
	for _, b := range in {
		if len(b) > 20000 {
			continue
		}
		for range 300 {
			m := bytes.Clone(b)
			for range 1 + r.IntN(3) {
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
				nok++
			}
		}
	}
	t.Logf("mutations: %d of %d accepted", nok, n)
}

// FuzzCanonical holds Read to the reference.
func FuzzCanonical(f *testing.F) {
	for _, b := range inputs(f) {
		if len(b) < 20000 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkEq(t, wrap(data)) })
}

// Namespace declarations in scope are bounded, so that resolving a prefix
// costs little: a document over the bound is refused, not read slowly.
func TestBindingsBounded(t *testing.T) {
	doc := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString(`<GoiTin xmlns="` + packet.Namespace + `">`)
		for i := range n {
			fmt.Fprintf(&b, `<a xmlns:p%d="u">`, i)
		}
		for range n {
			b.WriteString(`</a>`)
		}
		b.WriteString(`</GoiTin>`)
		return b.Bytes()
	}
	if _, _, err := Read(nil, doc(maxBindings-1), Canonical, nil); err != nil {
		t.Errorf("%d declarations: %v", maxBindings, err)
	}
	if _, _, err := Read(nil, doc(maxBindings), Canonical, nil); !errors.Is(err, errMalformed) {
		t.Errorf("%d declarations: %v", maxBindings+1, err)
	}
}
