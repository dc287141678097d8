package xmldsig

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// The namespaces Namespaces in XML 1.0 §3 reserves; neither is declared.
const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// A binding is a namespace prefix ("" for the default) and its namespace.
type binding struct{ prefix, uri string }

// c14nAttr is an attribute as exclusive C14N sorts it.
type c14nAttr struct{ uri, prefix, local, value string }

// canonicalizer writes Exclusive XML Canonicalization (exc-c14n without
// comments, http://www.w3.org/2001/10/xml-exc-c14n#, no
// InclusiveNamespaces) of a stream of elements and text, in one pass: it
// keeps the declarations in scope and those the output has rendered as
// stacks, so that an element costs no map. It handles what a packet may
// hold: elements, namespace declarations, attributes, text (CDATA comes as
// text); its caller drops comments and refuses the rest. Open with write
// false keeps track of a subtree the output leaves out.
type canonicalizer struct {
	out      []byte
	scope    []binding // the declarations in scope, innermost last
	rendered []binding // the declarations the output's open elements render
	frames   []c14nFrame
	used     []binding  // scratch of open
	attrs    []c14nAttr // scratch of open
}

// c14nFrame is an open element: its name as written and where its
// declarations start on the stacks.
type c14nFrame struct {
	prefix, local   string
	scope, rendered int
	written         bool
}

// isNSDecl reports whether a is a namespace declaration.
func isNSDecl(a xml.Attr) bool {
	return (a.Name.Space == "" && a.Name.Local == "xmlns") || a.Name.Space == "xmlns"
}

// qname is a name as written, for messages.
func qname(prefix, local string) string {
	if prefix == "" {
		return local
	}
	return prefix + ":" + local
}

// checkDecl applies Namespaces in XML 1.0 §3 to a namespace declaration,
// as the packet reader does: the prefix xml is bound to its namespace
// only, xmlns is never declared, no other prefix (nor the default) is
// bound to either reserved namespace, and a prefix is not undeclared.
func checkDecl(a xml.Attr) error {
	prefix := ""
	if a.Name.Space == "xmlns" {
		prefix = a.Name.Local
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
	return fmt.Errorf("signing: %w: %s (Namespaces in XML 1.0 §3)", errMalformed, why)
}

// declare puts the namespace declarations of attrs in scope.
func (c *canonicalizer) declare(attrs []xml.Attr) error {
	for _, a := range attrs {
		if !isNSDecl(a) {
			continue
		}
		if err := checkDecl(a); err != nil {
			return err
		}
		prefix := ""
		if a.Name.Space == "xmlns" {
			prefix = a.Name.Local
		}
		if len(c.scope) == maxBindings {
			return fmt.Errorf("signing: %w: more than %d namespace declarations in scope", errMalformed, maxBindings)
		}
		c.scope = append(c.scope, binding{prefix, a.Value})
	}
	return nil
}

// lookup returns the namespace bound to prefix in bs, innermost first.
func lookup(bs []binding, prefix string) (string, bool) {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].prefix == prefix {
			return bs[i].uri, true
		}
	}
	return "", false
}

// resolve returns the namespace bound to prefix in scope.
func (c *canonicalizer) resolve(prefix, element string) (string, error) {
	if prefix == "xml" {
		return nsXML, nil
	}
	u, ok := lookup(c.scope, prefix)
	if !ok && prefix != "" {
		return "", fmt.Errorf("signing: %w: the prefix %s of <%s> is not declared", errMalformed, clip.String(prefix), clip.String(element))
	}
	return u, nil
}

// open starts an element, written to the output when write is set, and
// returns its namespace.
func (c *canonicalizer) open(prefix, local string, attrs []xml.Attr, write bool) (string, error) {
	if err := c.push(prefix, local, attrs, write); err != nil {
		return "", err
	}
	if prefix == "xml" || prefix == "xmlns" || local == "" {
		return "", fmt.Errorf("signing: %w: element <%s>", errMalformed, clip.String(qname(prefix, local)))
	}
	uri, err := c.resolve(prefix, qname(prefix, local))
	if err != nil || !write {
		return uri, err
	}
	return uri, c.writeStart(prefix, local, uri, attrs)
}

// push starts an element whose name open does not check nor resolve: one
// of a subtree left out of the output.
func (c *canonicalizer) push(prefix, local string, attrs []xml.Attr, write bool) error {
	c.frames = append(c.frames, c14nFrame{prefix: prefix, local: local, scope: len(c.scope), rendered: len(c.rendered), written: write})
	return c.declare(attrs)
}

// writeStart writes a start tag: the namespaces the element visibly
// utilises (its own prefix, or the default namespace, and its attributes'
// prefixes) that no output ancestor renders alike, by prefix, then its
// attributes by namespace and local name.
func (c *canonicalizer) writeStart(prefix, local, uri string, attrs []xml.Attr) error {
	used := append(c.used[:0], binding{prefix, uri})
	sorted := c.attrs[:0]
	for _, a := range attrs {
		if isNSDecl(a) {
			continue
		}
		au := ""
		if p := a.Name.Space; p != "" {
			var err error
			if au, err = c.resolve(p, qname(prefix, local)); err != nil {
				return err
			}
			if p != "xml" && !slices.ContainsFunc(used, func(b binding) bool { return b.prefix == p }) {
				used = append(used, binding{p, au})
			}
		}
		sorted = append(sorted, c14nAttr{au, a.Name.Space, a.Name.Local, a.Value})
	}
	c.used, c.attrs = used, sorted
	if err := sortAttrs(sorted, qname(prefix, local)); err != nil {
		return err
	}
	if len(used) > 1 {
		slices.SortFunc(used, func(x, y binding) int { return strings.Compare(x.prefix, y.prefix) })
	}
	c.out = append(c.out, '<')
	c.out = appendQName(c.out, prefix, local)
	for _, b := range used {
		if r, ok := lookup(c.rendered, b.prefix); (ok && r == b.uri) || (!ok && b.prefix == "" && b.uri == "") {
			continue
		}
		c.rendered = append(c.rendered, b)
		if b.prefix == "" {
			c.out = append(c.out, ` xmlns="`...)
		} else {
			c.out = append(c.out, ` xmlns:`...)
			c.out = append(c.out, b.prefix...)
			c.out = append(c.out, `="`...)
		}
		c.out = escape(c.out, b.uri, true)
		c.out = append(c.out, '"')
	}
	for _, a := range sorted {
		c.out = append(c.out, ' ')
		c.out = appendQName(c.out, a.prefix, a.local)
		c.out = append(c.out, `="`...)
		c.out = escape(c.out, a.value, true)
		c.out = append(c.out, '"')
	}
	c.out = append(c.out, '>')
	return nil
}

// sortAttrs sorts attributes as exclusive C14N writes them, refusing one
// named twice (by namespace and local name).
func sortAttrs(attrs []c14nAttr, element string) error {
	if len(attrs) < 2 {
		return nil
	}
	slices.SortFunc(attrs, func(x, y c14nAttr) int {
		if c := strings.Compare(x.uri, y.uri); c != 0 {
			return c
		}
		return strings.Compare(x.local, y.local)
	})
	for i := 1; i < len(attrs); i++ {
		if attrs[i].uri == attrs[i-1].uri && attrs[i].local == attrs[i-1].local {
			return fmt.Errorf("signing: %w: attribute %s twice on <%s>", errMalformed, clip.String(qname(attrs[i].prefix, attrs[i].local)), clip.String(element))
		}
	}
	return nil
}

// close ends the innermost open element.
func (c *canonicalizer) close() {
	f := c.frames[len(c.frames)-1]
	c.frames = c.frames[:len(c.frames)-1]
	if f.written {
		c.out = append(c.out, "</"...)
		c.out = appendQName(c.out, f.prefix, f.local)
		c.out = append(c.out, '>')
	}
	c.scope, c.rendered = c.scope[:f.scope], c.rendered[:f.rendered]
}

// text writes text.
func (c *canonicalizer) text(t []byte) { c.out = escape(c.out, t, false) }

func appendQName(b []byte, prefix, local string) []byte {
	if prefix != "" {
		b = append(b, prefix...)
		b = append(b, ':')
	}
	return append(b, local...)
}

// entity returns what replaces the ASCII byte c in canonical text or
// attribute values (Canonical XML 1.0 §2.3), or "" when c stands for itself.
func entity(c byte, attr bool) string {
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

// plainText and plainAttr hold the bytes that stand for themselves in
// canonical text and attribute values: the fast path of escape.
var plainText, plainAttr = plainTable(false), plainTable(true)

func plainTable(attr bool) (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = entity(byte(c), attr) == ""
	}
	return t
}

// escape appends s escaped as canonical text, or as a canonical attribute
// value, writing runs without a character to escape whole. Invalid UTF-8
// is written as U+FFFD.
func escape[S string | []byte](b []byte, s S, attr bool) []byte {
	plain := &plainText
	if attr {
		plain = &plainAttr
	}
	for len(s) > 0 {
		i := 0
		for i < len(s) && plain[s[i]] {
			i++
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			return b
		}
		s = s[i:]
		if s[0] < utf8.RuneSelf {
			b = append(b, entity(s[0], attr)...)
			s = s[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(string(s[:min(len(s), utf8.UTFMax)]))
		if r == utf8.RuneError && n == 1 {
			b = utf8.AppendRune(b, r)
		} else {
			b = append(b, s[:n]...)
		}
		s = s[n:]
	}
	return b
}
