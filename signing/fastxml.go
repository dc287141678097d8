package signing

import (
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// fastParseXML builds the tree parseXML builds, in one pass and without
// encoding/xml, for the plain XML a packet is made of: an optional XML
// declaration (version 1.0, UTF-8), elements with ASCII names and at most
// one prefix, attributes, text and CDATA of valid XML characters with the
// five predefined entities, and comments. It is a fast path only: at
// anything else, well-formed or not (a DOCTYPE, a processing instruction, a
// character reference, a carriage return, a non-ASCII name, a duplicate
// attribute, an error of any kind), it reports false and parseXML takes the
// full path (scanXML, then etree on encoding/xml), which decides. What it
// accepts, the full path accepts as the same tree.
func fastParseXML(data []byte) (*etree.Document, bool) {
	p := fastParser{s: string(data)}
	doc := etree.NewDocument()
	if !p.document(doc) {
		return nil, false
	}
	return doc, true
}

type fastParser struct {
	s   string
	i   int
	buf []byte

	// Elements and texts are allocated in slabs, and an element's children
	// gathered on kids and given to it, in a slice of their number, at its
	// end tag.
	elems []etree.Element
	texts []etree.CharData
	kids  []etree.Token
}

const slab = 256

func (p *fastParser) newElement(space, local string) *etree.Element {
	if len(p.elems) == 0 {
		p.elems = make([]etree.Element, slab)
	}
	e := &p.elems[0]
	p.elems = p.elems[1:]
	e.Space, e.Tag = space, local
	return e
}

func (p *fastParser) newText(t string) *etree.CharData {
	if len(p.texts) == 0 {
		p.texts = make([]etree.CharData, slab)
	}
	c := &p.texts[0]
	p.texts = p.texts[1:]
	c.Data = t
	return c
}

const xmlDecl1, xmlDecl2 = `<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0"?>`

func (p *fastParser) document(doc *etree.Document) bool {
	switch {
	case strings.HasPrefix(p.s, xmlDecl1):
		doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
		p.i = len(xmlDecl1)
	case strings.HasPrefix(p.s, xmlDecl2):
		doc.CreateProcInst("xml", `version="1.0"`)
		p.i = len(xmlDecl2)
	case strings.HasPrefix(p.s, "<?"):
		return false
	}
	root := false
	for p.i < len(p.s) {
		if p.s[p.i] != '<' {
			j := strings.IndexByte(p.s[p.i:], '<')
			if j < 0 {
				j = len(p.s) - p.i
			}
			t := p.s[p.i : p.i+j]
			if strings.Trim(t, " \t\n") != "" {
				return false
			}
			doc.CreateText(t)
			p.i += j
			continue
		}
		rest := p.s[p.i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			c, ok := p.comment()
			if !ok {
				return false
			}
			doc.CreateComment(c)
		case len(rest) > 1 && isNameStart(rest[1]):
			if root {
				return false
			}
			root = true
			if !p.element(1) {
				return false
			}
			doc.AddChild(p.kids[0])
			p.kids = p.kids[:0]
		default:
			return false
		}
	}
	return root
}

// comment reads <!-- ... --> at p.i.
func (p *fastParser) comment() (string, bool) {
	start := p.i + 4
	j := strings.Index(p.s[start:], "--")
	if j < 0 || !strings.HasPrefix(p.s[start+j:], "-->") {
		return "", false
	}
	c := p.s[start : start+j]
	if !validChars(c) {
		return "", false
	}
	p.i = start + j + 3
	return c, true
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// name reads an ASCII name with at most one prefix at p.i, interned.
func (p *fastParser) name() (full, space, local string, ok bool) {
	start := p.i
	if start >= len(p.s) || !isNameStart(p.s[start]) {
		return "", "", "", false
	}
	colon := -1
	j := start + 1
	for ; j < len(p.s); j++ {
		c := p.s[j]
		if isNameByte(c) {
			continue
		}
		if c == ':' && colon < 0 && j+1 < len(p.s) && isNameStart(p.s[j+1]) {
			colon = j
			continue
		}
		break
	}
	full = p.s[start:j] // a part of p.s: no copy
	p.i = j
	if colon < 0 {
		return full, "", full, true
	}
	return full, full[:colon-start], full[colon-start+1:], true
}

func (p *fastParser) skipSpace() bool {
	start := p.i
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
	return p.i > start
}

// adopt makes the tokens on p.kids from mark e's children.
func (p *fastParser) adopt(e *etree.Element, mark int) {
	if len(p.kids) == mark {
		return
	}
	e.Child = make([]etree.Token, 0, len(p.kids)-mark)
	for _, t := range p.kids[mark:] {
		e.AddChild(t)
	}
	clear(p.kids[mark:])
	p.kids = p.kids[:mark]
}

// element reads an element whose '<' is at p.i, and appends it to p.kids.
func (p *fastParser) element(depth int) bool {
	if depth > maxXMLDepth {
		return false
	}
	p.i++
	full, space, local, ok := p.name()
	if !ok {
		return false
	}
	e := p.newElement(space, local)
	p.kids = append(p.kids, e)
	mark := len(p.kids)
	for {
		sp := p.skipSpace()
		if p.i >= len(p.s) {
			return false
		}
		if c := p.s[p.i]; c == '>' || c == '/' {
			break
		}
		if !sp || len(e.Attr) == maxXMLAttrs {
			return false // over the limit: the full path refuses it
		}
		afull, aspace, alocal, ok := p.name()
		if !ok {
			return false
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return false
		}
		p.i++
		p.skipSpace()
		if p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\'') {
			return false
		}
		q := p.s[p.i]
		p.i++
		j := strings.IndexByte(p.s[p.i:], q)
		if j < 0 {
			return false
		}
		raw := p.s[p.i : p.i+j]
		p.i += j + 1
		if strings.ContainsAny(raw, "<\t\n\r") {
			return false
		}
		v, ok := p.unescape(raw)
		if !ok {
			return false
		}
		for _, a := range e.Attr { // at most maxXMLAttrs
			if a.Space == aspace && a.Key == alocal {
				return false
			}
		}
		e.CreateAttr(afull, v)
	}
	if p.s[p.i] == '/' {
		if !strings.HasPrefix(p.s[p.i:], "/>") {
			return false
		}
		p.i += 2
		return true
	}
	p.i++
	for p.i < len(p.s) {
		if p.s[p.i] != '<' {
			j := strings.IndexByte(p.s[p.i:], '<')
			if j < 0 {
				return false
			}
			raw := p.s[p.i : p.i+j]
			p.i += j
			if strings.IndexByte(raw, '\r') >= 0 || strings.Contains(raw, "]]>") {
				return false
			}
			t, ok := p.unescape(raw)
			if !ok {
				return false
			}
			p.kids = append(p.kids, p.newText(t))
			continue
		}
		rest := p.s[p.i:]
		switch {
		case strings.HasPrefix(rest, "</"):
			p.i += 2
			end, _, _, ok := p.name()
			if !ok || end != full {
				return false
			}
			p.skipSpace()
			if p.i >= len(p.s) || p.s[p.i] != '>' {
				return false
			}
			p.i++
			p.adopt(e, mark)
			return true
		case strings.HasPrefix(rest, "<!--"):
			c, ok := p.comment()
			if !ok {
				return false
			}
			p.kids = append(p.kids, etree.NewComment(c))
		case strings.HasPrefix(rest, "<![CDATA["):
			start := p.i + 9
			j := strings.Index(p.s[start:], "]]>")
			if j < 0 {
				return false
			}
			t := p.s[start : start+j]
			if strings.IndexByte(t, '\r') >= 0 || !validChars(t) {
				return false
			}
			p.kids = append(p.kids, etree.NewCData(t))
			p.i = start + j + 3
		case len(rest) > 1 && isNameStart(rest[1]):
			if !p.element(depth + 1) {
				return false
			}
		default:
			return false
		}
	}
	return false
}

// unescape replaces the five predefined entities in raw, which must hold
// valid XML characters and no other reference.
func (p *fastParser) unescape(raw string) (string, bool) {
	if !validChars(raw) {
		return "", false
	}
	k := strings.IndexByte(raw, '&')
	if k < 0 {
		return raw, true
	}
	b := append(p.buf[:0], raw[:k]...)
	for k < len(raw) {
		c := raw[k]
		if c != '&' {
			b = append(b, c)
			k++
			continue
		}
		end := strings.IndexByte(raw[k:], ';')
		if end < 0 {
			return "", false
		}
		switch raw[k+1 : k+end] {
		case "amp":
			b = append(b, '&')
		case "lt":
			b = append(b, '<')
		case "gt":
			b = append(b, '>')
		case "quot":
			b = append(b, '"')
		case "apos":
			b = append(b, '\'')
		default:
			return "", false
		}
		k += end + 1
	}
	p.buf = b
	return string(b), true
}

// validChars reports whether s is valid UTF-8 of XML characters (Char in
// XML 1.0), carriage return aside.
func validChars(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += n
	}
	return true
}
