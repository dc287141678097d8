package signing

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// nsXML is the namespace bound to the prefix xml; it is never declared.
const nsXML = "http://www.w3.org/XML/1998/namespace"

// maxXMLDepth bounds the nesting of an XML packet (a packet is a few levels
// deep; the signature six).
const maxXMLDepth = 64

// maxXMLAttrs bounds the attributes of one element, namespace declarations
// included (a packet's elements have none but those; the signature's, one
// or two).
const maxXMLAttrs = 64

// parseXML reads an XML packet into a tree, refusing what readTree
// refuses and, beside the root, text or a second element (ErrMalformed;
// ErrWrapping for a second GoiTin or a ds:Signature). It returns the
// document and its root element.
func parseXML(data []byte) (*etree.Document, *etree.Element, error) {
	doc, err := readTree(data)
	if err != nil {
		return nil, nil, err
	}
	var root *etree.Element
	for _, t := range doc.Child {
		switch t := t.(type) {
		case *etree.Element:
			if root != nil {
				if t.Tag == "GoiTin" || t.Tag == "Signature" {
					return nil, nil, fmt.Errorf("signing: %w: a second element <%s> beside the root", ErrWrapping, clip.String(t.FullTag()))
				}
				return nil, nil, fmt.Errorf("signing: %w: more than one root element", ErrMalformed)
			}
			root = t
		case *etree.CharData:
			if strings.Trim(t.Data, " \t\r\n") != "" {
				return nil, nil, fmt.Errorf("signing: %w: text outside the root element", ErrMalformed)
			}
		case *etree.Comment:
		case *etree.ProcInst:
			if t.Target != "xml" {
				return nil, nil, fmt.Errorf("signing: %w: processing instruction <?%s?>", ErrMalformed, clip.String(t.Target))
			}
		default:
			return nil, nil, fmt.Errorf("signing: %w: %T outside the root element", ErrWrapping, t)
		}
	}
	if root == nil {
		return nil, nil, fmt.Errorf("signing: %w: no root element", ErrMalformed)
	}
	return doc, root, nil
}

// isNSDecl reports whether a is a namespace declaration.
func isNSDecl(a etree.Attr) bool {
	return (a.Space == "" && a.Key == "xmlns") || a.Space == "xmlns"
}

// nsScope returns the namespaces in scope at e's parent: the declarations
// of e's ancestors.
func nsScope(e *etree.Element) (map[string]string, error) {
	var anc []*etree.Element
	for p := e.Parent(); p != nil; p = p.Parent() {
		anc = append(anc, p)
	}
	scope := map[string]string{}
	for i := len(anc) - 1; i >= 0; i-- {
		var err error
		if scope, err = declare(scope, anc[i]); err != nil {
			return nil, err
		}
	}
	return scope, nil
}

// declare returns scope with e's namespace declarations applied (a copy
// when e declares any).
func declare(scope map[string]string, e *etree.Element) (map[string]string, error) {
	copied := false
	for _, a := range e.Attr {
		if !isNSDecl(a) {
			continue
		}
		if err := checkDecl(a); err != nil {
			return nil, err
		}
		prefix := ""
		if a.Space == "xmlns" {
			prefix = a.Key
		}
		if !copied {
			scope = cloneMap(scope)
			copied = true
		}
		scope[prefix] = a.Value
	}
	return scope, nil
}

// nsXMLNS is the namespace of namespace declarations; it is never declared.
const nsXMLNS = "http://www.w3.org/2000/xmlns/"

// checkDecl applies Namespaces in XML 1.0 §3 to a namespace declaration,
// as the packet reader does: the prefix xml is bound to its namespace
// only, xmlns is never declared, no other prefix (nor the default) is
// bound to either reserved namespace, and a prefix is not undeclared.
func checkDecl(a etree.Attr) error {
	prefix := ""
	if a.Space == "xmlns" {
		prefix = a.Key
	}
	var why string
	switch {
	case prefix == "xmlns":
		why = "a declaration of the reserved prefix xmlns"
	case prefix == "xml":
		if a.Value != nsXML {
			why = "the prefix xml bound to " + clip.String(a.Value)
		}
	case a.Value == nsXML || a.Value == nsXMLNS:
		why = "a prefix bound to the reserved namespace " + clip.String(a.Value)
	case prefix != "" && a.Value == "":
		why = "the prefix " + clip.String(prefix) + " undeclared"
	case strings.ContainsAny(a.Value, "\t\r\n"):
		why = "a namespace name with a line break or tab"
	}
	if why == "" {
		return nil
	}
	return fmt.Errorf("signing: %w: %s (Namespaces in XML 1.0 §3)", ErrMalformed, why)
}

func cloneMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+2)
	for k, v := range m {
		c[k] = v
	}
	return c
}

// canonicalXML returns the Exclusive XML Canonicalization (exc-c14n without
// comments, http://www.w3.org/2001/10/xml-exc-c14n#, no InclusiveNamespaces)
// of the subtree at e, without the subtree at skip (nil: none): the node set
// of a document (e its root) with an enveloped signature removed, or of a
// SignedInfo element. It handles what a packet may hold: elements,
// namespace declarations, attributes, text and CDATA, and comments (which it
// drops); a processing instruction or declaration inside e is an error.
func canonicalXML(e, skip *etree.Element) ([]byte, error) {
	return canonicalXMLInto(nil, e, skip)
}

// canonicalXMLInto is canonicalXML appending to dst (whose spare capacity
// it uses).
func canonicalXMLInto(dst []byte, e, skip *etree.Element) ([]byte, error) {
	scope, err := nsScope(e)
	if err != nil {
		return nil, err
	}
	b := bytes.NewBuffer(dst)
	if err := c14nElement(b, e, skip, scope, map[string]string{}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// resolve returns the namespace bound to prefix in scope.
func resolve(scope map[string]string, e *etree.Element, prefix string) (string, error) {
	if prefix == "xml" {
		return nsXML, nil
	}
	u, ok := scope[prefix]
	if !ok && prefix != "" {
		return "", fmt.Errorf("signing: %w: the prefix %s of <%s> is not declared", ErrMalformed, clip.String(prefix), clip.String(e.FullTag()))
	}
	return u, nil
}

// nsUse is a namespace an element visibly utilises.
type nsUse struct{ prefix, uri string }

type c14nAttr struct{ uri, space, local, value string }

func writeQName(b *bytes.Buffer, space, local string) {
	if space != "" {
		b.WriteString(space)
		b.WriteByte(':')
	}
	b.WriteString(local)
}

func c14nElement(b *bytes.Buffer, e, skip *etree.Element, scope, rendered map[string]string) error {
	scope, err := declare(scope, e)
	if err != nil {
		return err
	}
	if e.Space == "xml" || e.Space == "xmlns" || e.Tag == "" {
		return fmt.Errorf("signing: %w: element <%s>", ErrMalformed, clip.String(e.FullTag()))
	}
	// The namespaces this element visibly utilises: its own prefix (the
	// default namespace when it has none) and its attributes' prefixes.
	var usedArr [4]nsUse
	used := usedArr[:0]
	u, err := resolve(scope, e, e.Space)
	if err != nil {
		return err
	}
	used = append(used, nsUse{e.Space, u})
	var attrArr [4]c14nAttr
	attrs := attrArr[:0]
	for _, a := range e.Attr {
		if isNSDecl(a) {
			continue
		}
		au := ""
		if a.Space != "" {
			if au, err = resolve(scope, e, a.Space); err != nil {
				return err
			}
			if a.Space != "xml" {
				dup := false
				for _, x := range used {
					dup = dup || x.prefix == a.Space
				}
				if !dup {
					used = append(used, nsUse{a.Space, au})
				}
			}
		}
		attrs = append(attrs, c14nAttr{au, a.Space, a.Key, a.Value})
	}
	if len(attrs) > 1 {
		slices.SortFunc(attrs, func(x, y c14nAttr) int {
			if c := strings.Compare(x.uri, y.uri); c != 0 {
				return c
			}
			return strings.Compare(x.local, y.local)
		})
		for i := 1; i < len(attrs); i++ {
			if attrs[i].uri == attrs[i-1].uri && attrs[i].local == attrs[i-1].local {
				return fmt.Errorf("signing: %w: attribute %s twice on <%s>", ErrMalformed, clip.String((&etree.Attr{Space: attrs[i].space, Key: attrs[i].local}).FullKey()), clip.String(e.FullTag()))
			}
		}
	}
	if len(used) > 1 {
		slices.SortFunc(used, func(x, y nsUse) int { return strings.Compare(x.prefix, y.prefix) })
	}
	b.WriteByte('<')
	writeQName(b, e.Space, e.Tag)
	copied := false
	for _, x := range used {
		p, u := x.prefix, x.uri
		if r, ok := rendered[p]; (ok && r == u) || (!ok && p == "" && u == "") {
			continue
		}
		if !copied {
			rendered = cloneMap(rendered)
			copied = true
		}
		rendered[p] = u
		if p == "" {
			b.WriteString(` xmlns="`)
		} else {
			b.WriteString(` xmlns:`)
			b.WriteString(p)
			b.WriteString(`="`)
		}
		escapeAttr(b, u)
		b.WriteByte('"')
	}
	for _, a := range attrs {
		b.WriteByte(' ')
		writeQName(b, a.space, a.local)
		b.WriteString(`="`)
		escapeAttr(b, a.value)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t == skip {
				continue
			}
			if err := c14nElement(b, t, skip, scope, rendered); err != nil {
				return err
			}
		case *etree.CharData:
			escapeText(b, t.Data)
		case *etree.Comment:
		case *etree.ProcInst:
			return fmt.Errorf("signing: %w: processing instruction <?%s?>", ErrMalformed, clip.String(t.Target))
		default:
			return fmt.Errorf("signing: %w: %T inside <%s>", ErrWrapping, t, clip.String(e.FullTag()))
		}
	}
	b.WriteString("</")
	writeQName(b, e.Space, e.Tag)
	b.WriteByte('>')
	return nil
}

// escapeText writes s escaped as canonical text, and escapeAttr as a
// canonical attribute value (Canonical XML 1.0 §2.3).
func escapeText(b *bytes.Buffer, s string) { escape(b, s, false) }
func escapeAttr(b *bytes.Buffer, s string) { escape(b, s, true) }

// c14nEntity returns what replaces the ASCII byte c in canonical text or
// attribute values, or "" when c stands for itself.
func c14nEntity(c byte, attr bool) string {
	switch c {
	case '&':
		return "&amp;"
	case '<':
		return "&lt;"
	case '\r':
		return "&#xD;"
	}
	if attr {
		switch c {
		case '"':
			return "&quot;"
		case '\t':
			return "&#x9;"
		case '\n':
			return "&#xA;"
		}
	} else if c == '>' {
		return "&gt;"
	}
	return ""
}

// plainC14N reports whether c stands for itself: the fast path of escape,
// small enough to inline.
func plainC14N(c byte, attr bool) bool {
	if c == '&' || c == '<' || c == '\r' || c >= utf8.RuneSelf {
		return false
	}
	if attr {
		return c != '"' && c != '\t' && c != '\n'
	}
	return c != '>'
}

// escape writes runs without a character to escape whole. Invalid UTF-8 is
// written as U+FFFD, as bytes.Buffer.WriteRune does for utf8.RuneError.
func escape(b *bytes.Buffer, s string, attr bool) {
	for len(s) > 0 {
		i := 0
		for i < len(s) && plainC14N(s[i], attr) {
			i++
		}
		b.WriteString(s[:i])
		if i == len(s) {
			return
		}
		s = s[i:]
		if s[0] < utf8.RuneSelf {
			b.WriteString(c14nEntity(s[0], attr))
			s = s[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(r)
		} else {
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
}
