package signing

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/xmltext"
)

// readTree builds the tree of an XML document with the SDK's one XML
// tokenizer (internal/xmltext), the one the packet reader uses, in one pass.
// It refuses what is not well-formed, and what a packet may not hold
// (docs/guide/en/03-mapping.md#the-xml-form): a
// DOCTYPE or any other declaration (ErrWrapping: it can redefine what the
// signed text says), a processing instruction but the XML declaration, an
// encoding other than UTF-8, nesting deeper than maxXMLDepth or more than
// maxXMLAttrs attributes on an element (ErrMalformed).
func readTree(data []byte) (*etree.Document, error) {
	d := xmltext.NewDecoder(bytes.NewReader(data), xmltext.Limits{MaxAttrs: maxXMLAttrs})
	doc := etree.NewDocument()
	var b treeBuilder
	for first := true; ; first = false {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			// The tokenizer's messages quote names and text clipped.
			return nil, fmt.Errorf("signing: %w: not well-formed XML: %w", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case *xml.StartElement:
			if len(b.open) == maxXMLDepth {
				return nil, fmt.Errorf("signing: %w: nested deeper than %d elements", ErrMalformed, maxXMLDepth)
			}
			b.start(doc, t)
		case *xml.EndElement:
			if err := b.end(t.Name); err != nil {
				return nil, err
			}
		case *xml.CharData:
			b.add(doc, b.newText(string(*t)))
		case xml.Comment:
			b.add(doc, etree.NewComment(string(t)))
		case xml.ProcInst:
			if t.Target != "xml" || !first {
				return nil, fmt.Errorf("signing: %w: processing instruction <?%s?>", ErrMalformed, clip.String(t.Target))
			}
			if enc := xmltext.DeclEncoding(t.Inst); enc != "" && !strings.EqualFold(enc, "UTF-8") {
				return nil, fmt.Errorf("signing: %w: the XML declaration names encoding %s; packets are UTF-8", ErrMalformed, clip.String(enc))
			}
			doc.CreateProcInst(t.Target, string(t.Inst))
		case xml.Directive:
			return nil, fmt.Errorf("signing: %w: a DOCTYPE or declaration in the packet", ErrWrapping)
		}
	}
	if len(b.open) > 0 {
		return nil, fmt.Errorf("signing: %w: not well-formed XML: <%s> is not closed", ErrMalformed, clip.String(b.open[len(b.open)-1].e.FullTag()))
	}
	return doc, nil
}

// treeBuilder makes the elements and texts of a tree in slabs, and gathers
// an element's children on kids, to give them to it in a slice of their
// number at its end tag.
type treeBuilder struct {
	elems []etree.Element
	texts []etree.CharData
	kids  []etree.Token
	open  []openElement
}

// openElement is an element whose end tag is yet to come; its children are
// kids[mark:].
type openElement struct {
	e    *etree.Element
	mark int
}

const slab = 256

func (b *treeBuilder) newText(s string) *etree.CharData {
	if len(b.texts) == 0 {
		b.texts = make([]etree.CharData, slab)
	}
	c := &b.texts[0]
	b.texts = b.texts[1:]
	c.Data = s
	return c
}

// add makes t a child of the innermost open element, or of doc.
func (b *treeBuilder) add(doc *etree.Document, t etree.Token) {
	if len(b.open) == 0 {
		doc.AddChild(t)
		return
	}
	b.kids = append(b.kids, t)
}

func (b *treeBuilder) start(doc *etree.Document, t *xml.StartElement) {
	if len(b.elems) == 0 {
		b.elems = make([]etree.Element, slab)
	}
	e := &b.elems[0]
	b.elems = b.elems[1:]
	e.Space, e.Tag = t.Name.Space, t.Name.Local
	if len(t.Attr) > 0 {
		e.Attr = make([]etree.Attr, len(t.Attr))
		for i, a := range t.Attr {
			e.Attr[i] = etree.Attr{Space: a.Name.Space, Key: a.Name.Local, Value: a.Value}
		}
	}
	b.add(doc, e)
	b.open = append(b.open, openElement{e: e, mark: len(b.kids)})
}

// end closes the innermost open element, which must be name.
func (b *treeBuilder) end(name xml.Name) error {
	if len(b.open) == 0 {
		return fmt.Errorf("signing: %w: not well-formed XML: end tag </%s> without a start", ErrMalformed, clip.String(name.Local))
	}
	o := b.open[len(b.open)-1]
	b.open = b.open[:len(b.open)-1]
	if o.e.Space != name.Space || o.e.Tag != name.Local {
		return fmt.Errorf("signing: %w: not well-formed XML: <%s> closed by </%s>", ErrMalformed, clip.String(o.e.FullTag()), clip.String(name.Local))
	}
	if len(b.kids) > o.mark {
		o.e.Child = make([]etree.Token, 0, len(b.kids)-o.mark)
		for _, t := range b.kids[o.mark:] {
			o.e.AddChild(t)
		}
		clear(b.kids[o.mark:])
		b.kids = b.kids[:o.mark]
	}
	return nil
}
