package packet

import (
	"bufio"
	"encoding"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/internal/xmltext"
)

// xmlDSigNamespace is the namespace of the enveloped signature.
const xmlDSigNamespace = "http://www.w3.org/2000/09/xmldsig#"

// xmlTreeReader reads XML elements into trees, typing each value by the
// field it maps to, so that an XML packet becomes the same tree as the same
// packet in JSON.
type xmlTreeReader struct {
	d        *xmltext.Decoder
	scopes   []nsScope // open elements, innermost last
	lim      readLimits
	depth    int
	elements int
	counter  *countingReader
	sawDecl  bool
	sawToken bool
	// inSignature is set while the enveloped ds:Signature is skipped:
	// XML-DSig carries its algorithms in attributes, which packets may not,
	// and the signing package, not this reader, checks the signature.
	inSignature bool
	// ns is the packet's namespace, that of its format version, set from
	// the root element.
	ns string
}

// nsScope is an open element with the namespaces it declares. The reader
// uses RawToken, which is much cheaper than Token, and resolves prefixes and
// checks end tags itself.
type nsScope struct {
	name     xml.Name // as written: Space holds the prefix
	defNS    string   // the default namespace in scope
	prefixes map[string]string
}

func (x *xmlTreeReader) resolve(prefix string) (string, bool) {
	if prefix == "" {
		if n := len(x.scopes); n > 0 {
			return x.scopes[n-1].defNS, true
		}
		return "", true
	}
	if prefix == "xml" {
		return nsXML, true
	}
	for i := len(x.scopes) - 1; i >= 0; i-- {
		if ns, ok := x.scopes[i].prefixes[prefix]; ok {
			return ns, true
		}
	}
	return "", false
}

// xpath is the JSON Pointer of the value being read, as a chain of frames
// on the stack: it becomes a string only when an error needs it.
type xpath struct {
	parent *xpath
	name   string
	index  int // for an array item; name is then ""
}

func (p *xpath) child(name string) xpath { return xpath{parent: p, name: name} }
func (p *xpath) item(i int) xpath        { return xpath{parent: p, index: i} }

func (p *xpath) String() string {
	if p == nil || p.parent == nil && p.name == "" {
		return ""
	}
	seg := p.name
	if seg == "" {
		seg = strconv.Itoa(p.index)
	}
	return p.parent.String() + "/" + seg
}

// countingReader counts bytes and stops at a limit.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.limit > 0 && c.n >= c.limit {
		return 0, errTooLarge
	}
	if c.limit > 0 && int64(len(p)) > c.limit-c.n {
		p = p[:c.limit-c.n]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

var errTooLarge = fmt.Errorf("input larger than the limit")

func newXMLTreeReader(r io.Reader, lim readLimits) *xmlTreeReader {
	cr := &countingReader{r: r, limit: lim.MaxBytes}
	xl := xmltext.Limits{MaxTextLen: lim.MaxStringLen, MaxNameLen: lim.MaxNameLen, MaxAttrs: lim.MaxAttributes}
	d := xmltext.NewDecoder(cr, xl)
	xmltext.Attach(r, d) // the signing package reads the same tokens
	return &xmlTreeReader{d: d, lim: lim, counter: cr}
}

// formatError is a well-formedness failure: R-FMT-001..004.
type formatError struct {
	rule    string
	pointer string
	en, vi  string
}

func (e *formatError) Error() string { return e.rule + ": " + e.en }

func (e *formatError) finding() Finding {
	return Finding{Rule: e.rule, Severity: SeverityError, Pointer: e.pointer, MessageEN: e.en, MessageVI: e.vi}
}

// token returns the next token that matters: comments are skipped, the XML
// declaration is allowed once at the start, and DOCTYPE, entity
// declarations and other processing instructions are refused (R-FMT-003).
func (x *xmlTreeReader) token(pointer *xpath) (xml.Token, error) {
	for {
		t, err := x.d.Token()
		if err != nil {
			if err == io.EOF {
				if len(x.scopes) > 0 {
					return nil, &formatError{RuleFormatSyntax, pointer.String(), "unexpected end of the XML document", syntaxVI(FormatXML, pointer.String(), "end of the XML")}
				}
				return nil, err
			}
			if x.counter.limit > 0 && x.counter.n >= x.counter.limit {
				return nil, &formatError{RuleFormatLimit, pointer.String(),
					fmt.Sprintf("input larger than the limit of %d bytes", x.lim.MaxBytes),
					limitVI("", fmt.Sprintf("input larger than the limit of %d bytes", x.lim.MaxBytes))}
			}
			var le *xmltext.LimitError
			if errors.As(err, &le) {
				return nil, &formatError{RuleFormatLimit, pointer.String(), fmt.Sprintf("%s at byte %d", le.Msg, le.Offset),
					limitVI(pointer.String(), le.Msg)}
			}
			if !xmltext.IsSyntax(err) {
				return nil, err // the reader failed: not a finding
			}
			return nil, &formatError{RuleFormatSyntax, pointer.String(), "not well-formed XML: " + err.Error(),
				syntaxVI(FormatXML, pointer.String(), err.Error())}
		}
		first := !x.sawToken
		x.sawToken = true
		switch t := t.(type) {
		case xml.ProcInst:
			if t.Target == "xml" && first && !x.sawDecl {
				x.sawDecl = true
				if enc := xmltext.DeclEncoding(t.Inst); enc != "" && !strings.EqualFold(enc, "UTF-8") {
					enc = clip.String(enc)
					return nil, &formatError{RuleFormatSyntax, pointer.String(), "the XML declaration names encoding " + enc + "; packets are UTF-8",
						fmt.Sprintf("Khai báo XML ghi bảng mã %s, trong khi gói tin phải dùng bảng mã UTF-8. Đề nghị lưu lại tệp ở dạng UTF-8 và ghi bảng mã UTF-8 trong khai báo XML.", quoteValue(enc))}
				}
				continue
			}
			target := clip.String(t.Target)
			return nil, &formatError{RuleFormatXMLDirective, pointer.String(), "processing instruction <?" + target + "?> is not allowed",
				directiveVI(target)}
		case xml.Directive:
			return nil, &formatError{RuleFormatXMLDirective, pointer.String(), "DOCTYPE and entity declarations are not allowed",
				directiveVI("")}
		case xml.Comment:
			continue
		case *xml.StartElement:
			x.elements++
			x.depth++
			if x.lim.MaxDepth > 0 && x.depth > x.lim.MaxDepth {
				return nil, &formatError{RuleFormatLimit, pointer.String(), fmt.Sprintf("elements nested deeper than the limit of %d", x.lim.MaxDepth),
					limitVI(pointer.String(), fmt.Sprintf("nesting deeper than the limit of %d", x.lim.MaxDepth))}
			}
			if x.lim.MaxElements > 0 && x.elements > x.lim.MaxElements {
				return nil, &formatError{RuleFormatLimit, pointer.String(), fmt.Sprintf("more than the limit of %d elements", x.lim.MaxElements),
					limitVI("", fmt.Sprintf("more than the limit of %d elements", x.lim.MaxElements))}
			}
			sc := nsScope{name: t.Name}
			if n := len(x.scopes); n > 0 {
				sc.defNS = x.scopes[n-1].defNS
			}
			if t.Name.Space == "xmlns" {
				return nil, badNamespace(pointer, "an element may not have the prefix xmlns")
			}
			for _, a := range t.Attr {
				if err := checkNSDecl(a, pointer); err != nil {
					return nil, err
				}
				switch {
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					sc.defNS = a.Value
				case a.Name.Space == "xmlns":
					if sc.prefixes == nil {
						sc.prefixes = map[string]string{}
					}
					sc.prefixes[a.Name.Local] = a.Value
				case x.inSignature:
				default:
					cp := pointer.child(t.Name.Local)
					an := clip.String(a.Name.Local)
					return nil, &formatError{RuleSchema, cp.String(), "attribute " + an + " is not allowed: packets carry no attributes",
						fmt.Sprintf("%s có thuộc tính XML tên (%s), trong khi gói tin không dùng thuộc tính. Đề nghị bỏ thuộc tính này; giá trị của một trường được ghi thành phần tử con.", memberVI(cp.String()), an)}
				}
			}
			x.scopes = append(x.scopes, sc)
			ns, ok := x.resolve(t.Name.Space)
			if !ok {
				prefix := clip.String(t.Name.Space)
				return nil, &formatError{RuleFormatSyntax, pointer.String(), "undeclared namespace prefix " + prefix,
					fmt.Sprintf("Tiền tố không gian tên %s chưa được khai báo%s. Đề nghị khai báo tiền tố này (xmlns) hoặc bỏ tiền tố.", quoteValue(prefix), placeVI(pointer.String()))}
			}
			t.Name.Space = ns
			return t, nil
		case *xml.EndElement:
			x.depth--
			n := len(x.scopes)
			if n == 0 || x.scopes[n-1].name != t.Name {
				name := clip.String(t.Name.Local)
				return nil, &formatError{RuleFormatSyntax, pointer.String(), "end tag </" + name + "> does not match its start tag",
					fmt.Sprintf("Thẻ đóng của phần tử tên (%s) không khớp với thẻ mở%s. Đề nghị xuất lại tệp từ phần mềm quản lý hồ sơ CBCCVC, hoặc kiểm tra các thẻ mở, thẻ đóng nếu đã sửa tệp bằng tay.", name, placeVI(pointer.String()))}
			}
			ns, _ := x.resolve(t.Name.Space)
			x.scopes = x.scopes[:n-1]
			t.Name.Space = ns
			return t, nil
		case *xml.CharData:
			// No longer than MaxStringLen: the lexer stopped at it.
			return t, nil // valid until the next token: every caller uses it at once
		}
	}
}

// The namespaces Namespaces in XML 1.0 §3 reserves.
const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// checkNSDecl applies Namespaces in XML 1.0 §3 to a namespace declaration
// (other attributes pass): the prefix xml is bound to its namespace only,
// xmlns is never declared, no other prefix (nor the default) is bound to
// either reserved namespace, and a prefix is not undeclared. Readers that
// honour a rebound xml prefix and readers that ignore it would read
// different documents.
func checkNSDecl(a xml.Attr, pointer *xpath) error {
	var why string
	switch {
	case a.Name.Space == "" && a.Name.Local == "xmlns":
		if a.Value == nsXML || a.Value == nsXMLNS {
			why = "the default namespace may not be " + a.Value
		}
	case a.Name.Space != "xmlns":
		return nil
	case a.Name.Local == "xmlns":
		why = "the prefix xmlns may not be declared"
	case a.Name.Local == "xml":
		if a.Value != nsXML {
			why = "the prefix xml may be bound to " + nsXML + " only"
		}
	case a.Value == nsXML || a.Value == nsXMLNS:
		why = "the prefix " + clip.String(a.Name.Local) + " may not be bound to " + a.Value
	case a.Value == "":
		why = "the prefix " + clip.String(a.Name.Local) + " may not be undeclared"
	}
	if why == "" {
		return nil
	}
	return badNamespace(pointer, why)
}

func badNamespace(pointer *xpath, why string) error {
	return &formatError{RuleFormatSyntax, pointer.String(), "namespace declaration not allowed by Namespaces in XML 1.0 §3: " + why,
		"Khai báo không gian tên (xmlns) không hợp lệ: dùng tiền tố dành riêng xml hoặc xmlns sai quy định. Đề nghị bỏ khai báo này."}
}

// text reads the text of a scalar element up to its end.
func (x *xmlTreeReader) text(pointer *xpath) (string, error) {
	var b strings.Builder
	for {
		t, err := x.token(pointer)
		if err != nil {
			return "", unexpectedEOF(err, pointer)
		}
		switch t := t.(type) {
		case *xml.CharData:
			if err := x.appendText(&b, *t, pointer); err != nil {
				return "", err
			}
		case *xml.StartElement:
			if err := x.skip(pointer); err != nil {
				return "", err
			}
			name := clip.String(t.Name.Local)
			return "", &formatError{RuleSchema, pointer.String(), "element <" + name + "> inside a value that is text",
				textValueVI(pointer.String(), name)}
		case *xml.EndElement:
			return b.String(), nil
		}
	}
}

// appendText adds a piece of an element's text (comments may split it) to
// b, refusing text that grows over MaxStringLen.
func (x *xmlTreeReader) appendText(b *strings.Builder, t []byte, pointer *xpath) error {
	if x.lim.MaxStringLen > 0 && b.Len()+len(t) > x.lim.MaxStringLen {
		return &formatError{RuleFormatLimit, pointer.String(), fmt.Sprintf("text over the limit of %d bytes", x.lim.MaxStringLen),
			limitVI(pointer.String(), fmt.Sprintf("text over the limit of %d bytes", x.lim.MaxStringLen))}
	}
	b.Write(t)
	return nil
}

func unexpectedEOF(err error, pointer *xpath) error {
	if err == io.EOF {
		return &formatError{RuleFormatSyntax, pointer.String(), "unexpected end of the XML document", syntaxVI(FormatXML, pointer.String(), "end of the XML")}
	}
	return err
}

// skip reads up to the end of the element just started.
func (x *xmlTreeReader) skip(pointer *xpath) error {
	for depth := 1; depth > 0; {
		t, err := x.token(pointer)
		if err != nil {
			return unexpectedEOF(err, pointer)
		}
		switch t.(type) {
		case *xml.StartElement:
			depth++
		case *xml.EndElement:
			depth--
		}
	}
	return nil
}

// object reads the children of an element of type ti into an object tree.
// root is the record type JSON Pointers in TruongDuLieu point into.
func (x *xmlTreeReader) object(pointer *xpath, ti *typeInfo, root *typeInfo) (map[string]any, error) {
	m := make(map[string]any, len(ti.fields))
	for {
		t, err := x.child(pointer, "an element that holds elements")
		if err != nil {
			return nil, err
		}
		if t == nil {
			return m, nil
		}
		name := t.Name.Local
		cp := pointer.child(name)
		p := &cp
		if _, dup := m[name]; dup {
			return nil, duplicateElement(p, name)
		}
		if err := x.foreign(t, p); err != nil {
			return nil, err
		}
		var v any
		if f, known := ti.field(name); known {
			v, err = x.value(p, f, root, m)
		} else {
			v, err = x.untyped(p)
		}
		if err != nil {
			return nil, err
		}
		m[name] = v
	}
}

// child reads on to the next child element of the element being read and
// returns it, or nil at the element's end. Text between the children that
// is not white space is refused: the element is within, in English.
func (x *xmlTreeReader) child(pointer *xpath, within string) (*xml.StartElement, error) {
	for {
		t, err := x.token(pointer)
		if err != nil {
			return nil, unexpectedEOF(err, pointer)
		}
		switch t := t.(type) {
		case *xml.EndElement:
			return nil, nil
		case *xml.CharData:
			if len(strings.TrimSpace(string(*t))) > 0 {
				return nil, &formatError{RuleSchema, pointer.String(), "text inside " + within, strayTextVI(pointer.String())}
			}
		case *xml.StartElement:
			return t, nil
		}
	}
}

// value reads the element of field f.
func (x *xmlTreeReader) value(pointer *xpath, f *field, root *typeInfo, siblings map[string]any) (any, error) {
	switch f.kind {
	case kindStruct, kindStructPtr:
		return x.object(pointer, f.elem, root)
	case kindSlice:
		return x.array(pointer, f, root)
	case kindValue:
		target, _ := siblings["TruongDuLieu"].(string)
		tf, ok := resolvePointer(root, target)
		if !ok {
			return x.untyped(pointer)
		}
		return x.value(pointer, tf, root, nil)
	}
	s, err := x.text(pointer)
	if err != nil {
		return nil, err
	}
	if isNumberKind(f.kind) && x.lim.MaxNumberLen > 0 && len(s) > x.lim.MaxNumberLen {
		// As in JSON: exact arithmetic on a long number costs the square of its length.
		return nil, &formatError{RuleFormatLimit, pointer.String(), fmt.Sprintf("a number of %d bytes, over the limit of %d", len(s), x.lim.MaxNumberLen),
			limitVI(pointer.String(), fmt.Sprintf("a number over the limit of %d", x.lim.MaxNumberLen))}
	}
	return scalar(s, f.kind), nil
}

func isNumberKind(k fieldKind) bool { return k == kindInt || k == kindIntPtr || k == kindDecimal }

// scalar types element text by the field it fills: a number field's text
// that is a JSON number becomes a number, a boolean field's true or false
// a boolean, anything else stays a string so that the schema layer
// reports it.
func scalar(s string, k fieldKind) any {
	switch {
	case isNumberKind(k) && validJSONNumber(s):
		return json.Number(s)
	case k == kindBool && xmlBoolean(s):
		return s == "true"
	}
	return s
}

// xmlBoolean reports whether s is a boolean as the format writes it: true
// or false. XSD's 1 and 0 are not: JSON has no such spelling of a boolean.
func xmlBoolean(s string) bool { return s == "true" || s == "false" }

func validJSONNumber(s string) bool {
	var n json.Number
	return s != "" && json.Unmarshal([]byte(s), &n) == nil && strings.TrimSpace(s) == s
}

func (x *xmlTreeReader) array(pointer *xpath, f *field, root *typeInfo) ([]any, error) {
	a := []any{}
	for {
		t, err := x.child(pointer, "an array element")
		if err != nil {
			return nil, err
		}
		if t == nil {
			return a, nil
		}
		cp := pointer.item(len(a))
		p := &cp
		if t.Name.Local != f.item || t.Name.Space != x.ns {
			// t is the decoder's until its next token: named before the skip.
			name := clip.String(t.Name.Local)
			if err := x.skip(p); err != nil {
				return nil, err
			}
			return nil, &formatError{RuleSchema, p.String(), fmt.Sprintf("element <%s> in <%s>, want <%s>", name, f.name, f.item),
				wrongItemVI(p.String(), name, f.item)}
		}
		v, err := x.object(p, f.elem, root)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
	}
}

// untyped reads an element no field describes: text, or an object of its
// children. The schema layer reports it as an unknown member.
func (x *xmlTreeReader) untyped(pointer *xpath) (any, error) {
	var text strings.Builder
	var m map[string]any
	for {
		t, err := x.token(pointer)
		if err != nil {
			return nil, unexpectedEOF(err, pointer)
		}
		switch t := t.(type) {
		case *xml.EndElement:
			if m != nil {
				return m, nil
			}
			return text.String(), nil
		case *xml.CharData:
			if err := x.appendText(&text, *t, pointer); err != nil {
				return nil, err
			}
		case *xml.StartElement:
			if m == nil {
				m = map[string]any{}
			}
			name := t.Name.Local // t is the decoder's until its next token
			cp := pointer.child(name)
			if _, dup := m[name]; dup {
				return nil, duplicateElement(&cp, name)
			}
			if err := x.foreign(t, &cp); err != nil {
				return nil, err
			}
			v, err := x.untyped(&cp)
			if err != nil {
				return nil, err
			}
			m[name] = v
		}
	}
}

// duplicateElement is a member written twice in one object: JSON readers
// disagree on which one wins, and so would XML ones.
func duplicateElement(p *xpath, name string) error {
	name = clip.String(name)
	return &formatError{RuleFormatDuplicateKey, p.String(), "element <" + name + "> twice in one object",
		duplicateVI(p.String())}
}

// foreign refuses an element outside the packet's namespace: the
// enveloped ds:Signature is read elsewhere, and anything else would be
// read as the member of the same local name.
func (x *xmlTreeReader) foreign(t *xml.StartElement, p *xpath) error {
	if t.Name.Space == x.ns {
		return nil
	}
	what := "in no namespace"
	if t.Name.Space != "" {
		what = "in namespace " + strconv.Quote(clip.String(t.Name.Space))
	}
	local := clip.String(t.Name.Local)
	return &formatError{RuleSchema, p.String(), fmt.Sprintf("element <%s> is %s, not in the packet's %s", local, what, x.ns),
		fieldVI(local) + " không thuộc không gian tên của gói tin. Đề nghị bỏ khai báo không gian tên (xmlns) khác trên phần tử này."}
}

// fieldVI names an element in a Vietnamese sentence: by its label and its
// wire name when it is one of the format's, by its name alone otherwise.
func fieldVI(name string) string {
	l := labelVI(name)
	if l == "" {
		return "Phần tử " + name
	}
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToUpper(r)) + l[n:] + " (" + name + ")"
}

// xmlWriter writes the XML form, indented like the spec's examples.
type xmlWriter struct {
	w     *bufio.Writer
	depth int
	path  []string // JSON Pointer segments of the element being written
	err   error
}

func (w *xmlWriter) push(seg string) { w.path = append(w.path, seg) }
func (w *xmlWriter) pop()            { w.path = w.path[:len(w.path)-1] }

func (w *xmlWriter) indent() {
	w.w.WriteByte('\n')
	for range w.depth {
		w.w.WriteString("  ")
	}
}

func (w *xmlWriter) open(name string) {
	w.indent()
	w.w.WriteByte('<')
	w.w.WriteString(name)
	w.w.WriteByte('>')
	w.depth++
}

func (w *xmlWriter) close(name string) {
	w.depth--
	w.indent()
	w.w.WriteString("</")
	w.w.WriteString(name)
	w.w.WriteByte('>')
}

// leaf writes a text element. Text with a character XML 1.0 cannot carry
// is refused, not replaced: the packet would no longer say what it says.
func (w *xmlWriter) leaf(name, text string) { w.leafAt(name, name, text) }

// leafAt writes a text element whose JSON Pointer segment is seg.
func (w *xmlWriter) leafAt(name, seg, text string) {
	if i, r := badXMLChar(text); i >= 0 && w.err == nil {
		w.err = Finding{Rule: RuleValue, Severity: SeverityError, Pointer: "/" + strings.Join(append(w.path, seg), "/"),
			MessageVI: fmt.Sprintf("%s có ký tự điều khiển U+%04X ở ký tự thứ %d, dạng XML của gói tin không chứa được ký tự này. Đề nghị xóa ký tự đó.", capitalize(fieldWords(name, nil)), r, utf8.RuneCountInString(text[:i])+1),
			MessageEN: fmt.Sprintf("packet: encode: %s holds U+%04X at byte %d, a character XML 1.0 cannot carry", name, r, i+1)}
	}
	w.indent()
	w.w.WriteByte('<')
	w.w.WriteString(name)
	w.w.WriteByte('>')
	if err := xml.EscapeText(w.w, []byte(text)); err != nil && w.err == nil {
		w.err = err
	}
	w.w.WriteString("</")
	w.w.WriteString(name)
	w.w.WriteByte('>')
}

// object writes the fields of v, a struct of type ti, in table order.
func (w *xmlWriter) object(v reflect.Value, ti *typeInfo, root *typeInfo) {
	for i := range ti.fields {
		f := &ti.fields[i]
		fv := v.Field(f.index)
		if f.optional && fv.IsZero() {
			continue
		}
		switch f.kind {
		case kindString:
			w.leaf(f.name, fv.String())
		case kindText:
			b, err := fv.Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil && w.err == nil {
				w.err = err
			}
			w.leaf(f.name, string(b))
		case kindInt:
			w.leaf(f.name, strconv.FormatInt(fv.Int(), 10))
		case kindIntPtr:
			w.leaf(f.name, strconv.FormatInt(fv.Elem().Int(), 10))
		case kindBool:
			w.leaf(f.name, strconv.FormatBool(fv.Bool()))
		case kindDecimal:
			w.leaf(f.name, Decimal2(fv.Int()).String())
		case kindStruct:
			w.open(f.name)
			w.push(f.name)
			w.object(fv, f.elem, root)
			w.pop()
			w.close(f.name)
		case kindStructPtr:
			w.open(f.name)
			w.push(f.name)
			w.object(fv.Elem(), f.elem, root)
			w.pop()
			w.close(f.name)
		case kindSlice:
			if fv.Len() == 0 {
				continue
			}
			w.open(f.name)
			w.push(f.name)
			for j := range fv.Len() {
				w.open(f.item)
				w.push(strconv.Itoa(j))
				w.object(fv.Index(j), f.elem, root)
				w.pop()
				w.close(f.item)
			}
			w.pop()
			w.close(f.name)
		case kindValue:
			raw := fv.Bytes()
			if len(raw) == 0 {
				continue
			}
			var target string
			if pf, ok := ti.field("TruongDuLieu"); ok {
				target = v.Field(pf.index).String()
			}
			tf, _ := resolvePointer(root, target)
			var tree any
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			if err := dec.Decode(&tree); err != nil {
				if w.err == nil {
					w.err = fmt.Errorf("packet: %s is not JSON: %w", f.name, err)
				}
				continue
			}
			w.tree(f.name, f.name, tree, tf)
		}
	}
}

// tree writes a generic value as element name, shaping it by f, the field
// it stands for, when known; seg is its JSON Pointer segment.
func (w *xmlWriter) tree(name, seg string, v any, f *field) {
	switch v := v.(type) {
	case nil:
		return // null: the member is absent
	case map[string]any:
		w.open(name)
		w.push(seg)
		var ti *typeInfo
		if f != nil {
			ti = f.elem
		}
		for _, k := range orderedKeys(v, ti) {
			var cf *field
			if ti != nil {
				cf, _ = ti.field(k)
			}
			w.tree(k, escapePointer(k), v[k], cf)
		}
		w.pop()
		w.close(name)
	case []any:
		if len(v) == 0 {
			return
		}
		item, itemField := "Muc", (*field)(nil)
		if f != nil && f.kind == kindSlice {
			item, itemField = f.item, &field{name: f.item, kind: kindStruct, elem: f.elem}
		}
		w.open(name)
		w.push(seg)
		for i, it := range v {
			w.tree(item, strconv.Itoa(i), it, itemField)
		}
		w.pop()
		w.close(name)
	case string:
		w.leafAt(name, seg, v)
	case json.Number:
		w.leafAt(name, seg, string(v))
	case bool:
		w.leafAt(name, seg, strconv.FormatBool(v))
	}
}

// orderedKeys returns the keys of m: those ti knows in table order, then
// the others sorted.
func orderedKeys(m map[string]any, ti *typeInfo) []string {
	keys := make([]string, 0, len(m))
	if ti != nil {
		for _, f := range ti.fields {
			if _, ok := m[f.name]; ok {
				keys = append(keys, f.name)
			}
		}
	}
	var rest []string
	for k := range m {
		if ti == nil || !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}
