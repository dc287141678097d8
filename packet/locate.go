package packet

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cbccvc/cbccvc-go/internal/jsontext"
)

// Span is where a value is written in a packet: the bytes [Start, End) of
// its input. In JSON it is the value itself (a string with its quotes, an
// object with its braces); in XML the element, from the '<' of its start
// tag to the '>' of its end tag.
type Span struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// Location is where the value a JSON Pointer names is written. At is the
// pointer actually found: the one asked for, or, for a value the packet
// lacks (a required member that is missing), its nearest ancestor there is.
type Location struct {
	Span
	At string `json:"at"`
}

// Locate reads a packet from r in format f (FormatAuto: detected) and
// returns where the values at pointers — Finding.Pointer, say — are written
// in it, so that a tool can show each finding on the packet's text. A
// pointer names the same value in an XML packet as in a JSON one. Locate
// reads the packet once, descending only into the values on the way to a
// pointer asked for, so its memory is bounded by lim and the number of
// pointers, not by the size of the packet. A string that is not a JSON
// Pointer is not located.
//
// A packet that cannot be read to its end (not well-formed, over a limit)
// returns the locations found before that point with the error; a
// Validator's findings say what is wrong with it.
func Locate(ctx context.Context, r io.Reader, f Format, lim Limits, pointers []string) (map[string]Location, error) {
	if ctx == nil || r == nil {
		return nil, fmt.Errorf("packet: Locate with a nil context or io.Reader: %w", ErrNil)
	}
	want := make(map[string]bool, 4*len(pointers))
	valid := func(p string) bool { return p == "" || p[0] == '/' }
	for _, p := range pointers {
		for valid(p) && p != "" && !want[p] {
			want[p] = true
			p = p[:strings.LastIndexByte(p, '/')]
		}
	}
	want[""] = true
	found := map[string]Span{}
	err := locate(ctx, r, f, lim, want, found)
	out := make(map[string]Location, len(pointers))
	for _, p := range pointers {
		if !valid(p) {
			continue // not a JSON Pointer: nothing to locate
		}
		for at := p; ; at = at[:strings.LastIndexByte(at, '/')] {
			if s, ok := found[at]; ok {
				out[p] = Location{Span: s, At: at}
				break
			}
			if at == "" {
				break
			}
		}
	}
	return out, err
}

func locate(ctx context.Context, r io.Reader, f Format, lim Limits, want map[string]bool, found map[string]Span) error {
	tr, f, err := newTreeReader(r, f, lim)
	if err != nil {
		return err
	}
	// newTreeReader has looked at the first bytes through a buffer, and
	// chosen the reader; walk with the same lexer on the same bytes.
	switch t := tr.(type) {
	case *jsonPacketReader:
		l := jsonLocator{ctx: ctx, d: t.d, want: want, found: found}
		return l.value("")
	case *xmlPacketReader:
		t.x.inSignature = true // attributes are the validator's business, not the locator's
		l := xmlLocator{ctx: ctx, x: t.x, want: want, found: found}
		return l.walk()
	}
	return fmt.Errorf("packet: Locate: format %v", f)
}

// jsonLocator walks a JSON packet, recording the spans of the values
// wanted and skipping the others without holding them.
type jsonLocator struct {
	ctx   context.Context
	d     *jsontext.Decoder
	want  map[string]bool
	found map[string]Span
	n     int // values walked, to look at ctx now and then
}

func (l *jsonLocator) value(ptr string) error {
	if l.n++; l.n%1024 == 0 {
		if err := l.ctx.Err(); err != nil {
			return err
		}
	}
	c, err := l.d.Peek()
	if err != nil {
		return err
	}
	start := l.d.Offset()
	descend := l.want[ptr]
	switch {
	case c == '{':
		err = l.object(ptr, descend)
	case c == '[':
		err = l.array(ptr, descend)
	default:
		_, err = l.d.Value()
	}
	if err != nil {
		return err
	}
	if descend {
		l.found[ptr] = Span{start, l.d.Offset()}
	}
	return nil
}

func (l *jsonLocator) object(ptr string, descend bool) error {
	if err := l.d.BeginObject(); err != nil {
		return err
	}
	for first := true; ; first = false {
		k, ok, err := l.d.NextMember(first)
		if err != nil || !ok {
			return err
		}
		child := ptr + "/" + escapePointer(k)
		if !descend {
			child = "\x00" // never wanted: skip without building pointers
		}
		if err := l.value(child); err != nil {
			return err
		}
	}
}

func (l *jsonLocator) array(ptr string, descend bool) error {
	if err := l.d.BeginArray(); err != nil {
		return err
	}
	for i := 0; ; i++ {
		ok, err := l.d.NextElement(i == 0)
		if err != nil || !ok {
			return err
		}
		child := "\x00"
		if descend {
			child = ptr + "/" + strconv.Itoa(i)
		}
		if err := l.value(child); err != nil {
			return err
		}
	}
}

// xmlLocator walks an XML packet's elements, naming each by the JSON
// Pointer of the value it holds: the children of DuLieu and the items of
// an array member (xmlItemName) by their index, the others by their name.
type xmlLocator struct {
	ctx   context.Context
	x     *xmlTreeReader
	want  map[string]bool
	found map[string]Span
	stack []xmlFrame
}

type xmlFrame struct {
	ptr, name string
	start     int64
	items     int
}

func (l *xmlLocator) walk() error {
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := l.ctx.Err(); err != nil {
				return err
			}
		}
		start := l.x.d.Offset()
		t, err := l.x.token(nil)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case *xml.StartElement:
			ptr := l.child(t.Name.Local)
			if !l.want[ptr] {
				if err := l.x.skip(nil); err != nil {
					return err
				}
				continue
			}
			l.stack = append(l.stack, xmlFrame{ptr: ptr, name: t.Name.Local, start: start})
		case *xml.EndElement:
			top := l.stack[len(l.stack)-1]
			l.stack = l.stack[:len(l.stack)-1]
			l.found[top.ptr] = Span{top.start, l.x.d.Offset()}
		}
	}
}

// child returns the pointer of an element named name in the innermost
// open element.
func (l *xmlLocator) child(name string) string {
	n := len(l.stack)
	if n == 0 {
		return "" // the root, GoiTin
	}
	parent := &l.stack[n-1]
	if (n == 2 && parent.ptr == ptrRecords) || name == xmlItemName(parent.name) {
		i := parent.items
		parent.items++
		return parent.ptr + "/" + strconv.Itoa(i)
	}
	return parent.ptr + "/" + escapePointer(name)
}
