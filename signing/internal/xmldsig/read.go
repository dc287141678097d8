package xmldsig

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/xmltext"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Mode is what Read checks of a packet and its signatures.
type Mode int

const (
	// Canonical drops the ds:Signature children of the root and checks of
	// the packet's shape only what canonicalisation needs.
	Canonical Mode = iota
	// Sign drops the ds:Signature children of the root, to be replaced,
	// refuses one anywhere else, and checks the packet's shape.
	Sign
	// Verify requires one ds:Signature, the root's last child, reads it by
	// the profile, and checks the packet's shape.
	Verify
)

// Document is what Read finds.
type Document struct {
	// Canonical is the exclusive canonical form of the packet without its
	// enveloped signature.
	Canonical []byte
	// Signature is the packet's signature (Verify only).
	Signature *Signature

	buf   []byte // what Read appended to, and where Canonical starts in it
	start int
}

// Read reads the XML packet data in one pass and appends its canonical
// form to dst. It refuses what is not well-formed, and what a packet may
// not hold (docs/guide/en/03-mapping.md#the-xml-form): a DOCTYPE or any
// other declaration (ErrWrapping: it can redefine what the signed text
// says), a processing instruction but the XML declaration, an encoding
// other than UTF-8, text or a second element beside the root, nesting
// deeper than maxDepth (ErrMalformed). Sign and Verify check the packet's
// shape too (see shape).
//
// bind, when not nil, is called once with a reader of data that it hands
// as it is to the packet package's reader (packet.Decode or ReadHeader,
// with packet.FormatXML): that reader's tokenizer shows Read every token
// it reads, so the packet is bound from the very tokens Read checks and
// canonicalises, and the document is tokenized once. Read reads what bind
// left, and returns bind's error apart: err, the XML-DSig's, comes first.
func Read(dst, data []byte, mode Mode, bind func(io.Reader) error) (doc *Document, bindErr, err error) {
	r := &reader{mode: mode, start: len(dst)}
	r.c.out = dst
	tap := xmltext.NewTap(bytes.NewReader(data), r.token)
	if bind != nil {
		bindErr = bind(tap)
	}
	d := tap.Decoder()
	if d == nil {
		d = xmltext.NewDecoder(tap, xmltext.Limits{MaxAttrs: maxAttrs})
		xmltext.Attach(tap, d)
	}
	for r.err == nil {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil && r.err == nil {
			// The tokenizer's messages quote names and text clipped.
			r.err = fmt.Errorf("signing: %w: not well-formed XML: %w", errMalformed, err)
		}
	}
	if r.err == nil {
		r.err = r.finish()
	}
	if r.err != nil {
		return nil, bindErr, r.err
	}
	doc = &Document{Canonical: r.c.out[r.start:len(r.c.out):len(r.c.out)], buf: r.c.out, start: r.start}
	if mode == Verify {
		if doc.Signature, err = readSignature(r.sig); err != nil {
			return nil, bindErr, err
		}
	}
	return doc, bindErr, nil
}

// reader is the state of Read: the canonicalizer of the packet, what it
// has seen of the root and its signatures, and the tree of the signature
// it keeps.
type reader struct {
	mode  Mode
	start int
	c     canonicalizer
	err   error

	tokens  int
	hasRoot bool
	rootNS  string
	rootTag etree.Element   // the root's name and declarations: the parent of the tree of sig
	seen    map[string]bool // the root's children, by namespace and name
	sigs    int
	skip    int  // open elements of a dropped ds:Signature
	after   bool // a ds:Signature child of the root has ended

	sig  *etree.Element   // the signature read (Verify)
	tree []*etree.Element // its open elements
	kept int              // bytes of text and elements kept in it
}

// token takes the next token of the document.
func (r *reader) token(t xml.Token) error {
	first := r.tokens == 0
	r.tokens++
	switch t := t.(type) {
	case *xml.StartElement:
		r.err = r.startElement(t)
	case *xml.EndElement:
		r.err = r.endElement(t.Name)
	case *xml.CharData:
		r.err = r.text(*t)
	case xml.Comment:
		if len(r.tree) > 0 {
			r.err = r.keep(etree.NewComment(string(t)), len(t))
		}
	case xml.ProcInst:
		if t.Target != "xml" || !first {
			r.err = fmt.Errorf("signing: %w: processing instruction <?%s?>", errMalformed, clip.String(t.Target))
		} else if enc := xmltext.DeclEncoding(t.Inst); enc != "" && !strings.EqualFold(enc, "UTF-8") {
			r.err = fmt.Errorf("signing: %w: the XML declaration names encoding %s; packets are UTF-8", errMalformed, clip.String(enc))
		}
	case xml.Directive:
		r.err = fmt.Errorf("signing: %w: a DOCTYPE or declaration in the packet", ErrWrapping)
	}
	return r.err
}

// depth is the number of open elements.
func (r *reader) depth() int { return len(r.c.frames) }

func (r *reader) startElement(t *xml.StartElement) error {
	name := qname(t.Name.Space, t.Name.Local)
	switch {
	case r.depth() == maxDepth:
		return fmt.Errorf("signing: %w: nested deeper than %d elements", errMalformed, maxDepth)
	case r.depth() > 0:
	case !r.hasRoot:
		r.hasRoot = true
	case t.Name.Local == "GoiTin" || t.Name.Local == "Signature":
		return fmt.Errorf("signing: %w: a second element <%s> beside the root", ErrWrapping, clip.String(name))
	default:
		return fmt.Errorf("signing: %w: more than one root element", errMalformed)
	}
	if r.skip > 0 {
		return r.inSignature(t)
	}
	parent := r.parentName()
	uri, err := r.c.open(t.Name.Space, t.Name.Local, t.Attr, false)
	if err != nil {
		return err
	}
	if r.depth() == 1 {
		return r.root(t, uri)
	}
	if uri == Namespace && t.Name.Local == "Signature" {
		return r.signature(t, parent)
	}
	if err := r.shape(t, uri, parent); err != nil {
		return err
	}
	// The element was opened unwritten to learn its namespace first.
	r.c.frames[len(r.c.frames)-1].written = true
	return r.c.writeStart(t.Name.Space, t.Name.Local, uri, t.Attr)
}

// parentName is the name of the innermost open element, as written.
func (r *reader) parentName() string {
	if r.depth() == 0 {
		return ""
	}
	f := r.c.frames[len(r.c.frames)-1]
	return qname(f.prefix, f.local)
}

// root checks that the root is GoiTin in the namespace of a format version
// the packet package reads, and writes it.
func (r *reader) root(t *xml.StartElement, uri string) error {
	if _, ok := packet.NamespaceVersion(uri); t.Name.Local != "GoiTin" || !ok {
		return fmt.Errorf("signing: %w: the root is <%s> in namespace %q, want GoiTin in a packet namespace such as %s",
			errMalformed, clip.String(qname(t.Name.Space, t.Name.Local)), clip.String(uri), packet.Namespace)
	}
	r.rootNS = uri
	r.rootTag = etree.Element{Space: t.Name.Space, Tag: t.Name.Local}
	for _, a := range t.Attr {
		if isNSDecl(a) {
			r.rootTag.Attr = append(r.rootTag.Attr, etree.Attr{Space: a.Name.Space, Key: a.Name.Local, Value: a.Value})
		} else if r.mode != Canonical {
			return fmt.Errorf("signing: %w: attribute %s on <%s>: a packet has none but xmlns", errMalformed, clip.String(qname(a.Name.Space, a.Name.Local)), clip.String(qname(t.Name.Space, t.Name.Local)))
		}
	}
	r.c.frames[0].written = true
	return r.c.writeStart(t.Name.Space, t.Name.Local, uri, t.Attr)
}

// shape checks an element of the packet outside the signature: one
// GoiTin (a second is ErrWrapping), one of each other child of the root
// (ErrWrapping: readers that took the first header and readers that took
// the last would read different packets), no XML-DSig element
// (ErrWrapping), no element of another namespace (ErrMalformed), no
// attribute but namespace declarations (ErrMalformed), and, under Verify,
// nothing after the signature.
func (r *reader) shape(t *xml.StartElement, uri, parent string) error {
	if r.mode == Canonical {
		return nil
	}
	name := qname(t.Name.Space, t.Name.Local)
	switch {
	case t.Name.Local == "GoiTin" && uri == r.rootNS:
		return fmt.Errorf("signing: %w: a second GoiTin inside <%s>", ErrWrapping, clip.String(parent))
	case uri == Namespace:
		return fmt.Errorf("signing: %w: ds:%s outside the signature", ErrWrapping, clip.String(t.Name.Local))
	case uri != r.rootNS:
		return fmt.Errorf("signing: %w: <%s> is in namespace %q, not the packet's", errMalformed, clip.String(name), clip.String(uri))
	}
	for _, a := range t.Attr {
		if !isNSDecl(a) {
			return fmt.Errorf("signing: %w: attribute %s on <%s>: a packet has none but xmlns", errMalformed, clip.String(qname(a.Name.Space, a.Name.Local)), clip.String(name))
		}
	}
	if r.depth() != 2 {
		return nil
	}
	if r.after && r.mode == Verify {
		return fmt.Errorf("signing: %w: <%s> after the ds:Signature, which must be the root's last child", ErrWrapping, clip.String(name))
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	key := uri + " " + t.Name.Local
	if r.seen[key] {
		return fmt.Errorf("signing: %w: a second <%s> in GoiTin", ErrWrapping, clip.String(name))
	}
	r.seen[key] = true
	return nil
}

// signature starts a ds:Signature outside any other: dropped from the
// canonical form when it is a child of the root (and kept as a tree under
// Verify), refused anywhere else but under Canonical, which writes it.
func (r *reader) signature(t *xml.StartElement, parent string) error {
	r.sigs++
	child := r.depth() == 2
	switch {
	case r.mode == Verify && r.sigs > 1:
		return fmt.Errorf("signing: %w: more than one ds:Signature", ErrWrapping)
	case r.mode == Verify && !child:
		return fmt.Errorf("signing: %w: the ds:Signature is inside <%s>, not the root's last child", ErrWrapping, clip.String(parent))
	case r.mode == Sign && !child:
		return fmt.Errorf("signing: %w: a ds:Signature inside <%s>", ErrWrapping, clip.String(parent))
	case !child:
		r.c.frames[len(r.c.frames)-1].written = true
		return r.c.writeStart(t.Name.Space, t.Name.Local, Namespace, t.Attr)
	}
	r.skip = 1
	if r.mode != Verify {
		return nil
	}
	root := r.rootTag // a copy: the signature's parent, for its namespaces
	r.sig = r.element(t)
	root.AddChild(r.sig)
	r.tree = append(r.tree[:0], r.sig)
	return r.checkAttrs(t)
}

// inSignature takes an element inside a dropped ds:Signature.
func (r *reader) inSignature(t *xml.StartElement) error {
	r.skip++
	if err := r.c.push(t.Name.Space, t.Name.Local, t.Attr, false); err != nil {
		return err
	}
	// An undeclared prefix is the signature reader's to refuse.
	uri, _ := r.c.resolve(t.Name.Space, "")
	if uri == Namespace && t.Name.Local == "Signature" && r.mode != Canonical {
		r.sigs++
		if r.mode == Verify {
			return fmt.Errorf("signing: %w: more than one ds:Signature", ErrWrapping)
		}
		f := r.c.frames[len(r.c.frames)-2]
		return fmt.Errorf("signing: %w: a ds:Signature inside <%s>", ErrWrapping, clip.String(qname(f.prefix, f.local)))
	}
	if len(r.tree) == 0 {
		return nil
	}
	e := r.element(t)
	if err := r.keep(e, len(t.Name.Local)); err != nil {
		return err
	}
	r.tree = append(r.tree, e)
	return r.checkAttrs(t)
}

// checkAttrs checks the namespace declarations of an element of the
// signature: Namespaces in XML applies there too.
func (r *reader) checkAttrs(t *xml.StartElement) error {
	for _, a := range t.Attr {
		if isNSDecl(a) {
			if err := checkDecl(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// element makes the tree element of a start tag.
func (r *reader) element(t *xml.StartElement) *etree.Element {
	e := &etree.Element{Space: t.Name.Space, Tag: t.Name.Local}
	if len(t.Attr) > 0 {
		e.Attr = make([]etree.Attr, len(t.Attr))
		for i, a := range t.Attr {
			e.Attr[i] = etree.Attr{Space: a.Name.Space, Key: a.Name.Local, Value: a.Value}
		}
	}
	return e
}

// keep adds t to the innermost open element of the signature's tree,
// refusing a signature larger than the profile's can be.
func (r *reader) keep(t etree.Token, size int) error {
	r.kept += size + 64
	if r.kept > maxSigText+maxSigElements*64 {
		return fmt.Errorf("signing: %w: the ds:Signature is larger than %d bytes", errMalformed, maxSigText+maxSigElements*64)
	}
	r.tree[len(r.tree)-1].AddChild(t)
	return nil
}

func (r *reader) endElement(n xml.Name) error {
	if r.depth() == 0 {
		return fmt.Errorf("signing: %w: not well-formed XML: end tag </%s> without a start", errMalformed, clip.String(n.Local))
	}
	f := r.c.frames[len(r.c.frames)-1]
	if f.prefix != n.Space || f.local != n.Local {
		return fmt.Errorf("signing: %w: not well-formed XML: <%s> closed by </%s>", errMalformed, clip.String(qname(f.prefix, f.local)), clip.String(n.Local))
	}
	r.c.close()
	if r.skip == 0 {
		return nil
	}
	r.skip--
	if len(r.tree) > 0 {
		r.tree = r.tree[:len(r.tree)-1]
	}
	if r.skip == 0 {
		r.after = true
	}
	return nil
}

// text takes text: white space beside the root, which the canonical form
// leaves out; text of the packet, which it writes; text of the signature.
func (r *reader) text(t []byte) error {
	switch {
	case r.depth() == 0:
		if !blank(t) {
			return fmt.Errorf("signing: %w: text outside the root element", errMalformed)
		}
	case r.skip > 0:
		if len(r.tree) > 0 {
			return r.keep(etree.NewText(string(t)), len(t))
		}
	default:
		if r.after && r.mode == Verify && r.depth() == 1 && !blank(t) {
			return fmt.Errorf("signing: %w: text after the ds:Signature, which must be the root's last child", ErrWrapping)
		}
		r.c.text(t)
	}
	return nil
}

// blank reports whether t is white space alone.
func blank(t []byte) bool { return len(bytes.Trim(t, " \t\r\n")) == 0 }

// finish checks the document's end.
func (r *reader) finish() error {
	switch {
	case r.depth() > 0:
		f := r.c.frames[len(r.c.frames)-1]
		return fmt.Errorf("signing: %w: not well-formed XML: <%s> is not closed", errMalformed, clip.String(qname(f.prefix, f.local)))
	case !r.hasRoot:
		return fmt.Errorf("signing: %w: no root element", errMalformed)
	case r.mode == Verify && r.sig == nil:
		return ErrUnsigned
	}
	return nil
}
