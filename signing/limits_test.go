package signing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// attrsDoc is a packet root with n attributes a0, a1, ….
func attrsDoc(n int) string {
	var b strings.Builder
	b.WriteString(`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"`)
	for i := range n {
		fmt.Fprintf(&b, ` a%d="x"`, i)
	}
	b.WriteString(`/>`)
	return b.String()
}

// maxXMLAttrs is the most attributes an element of an XML packet has,
// namespace declarations included.
const maxXMLAttrs = 64

// An element has at most maxXMLAttrs attributes, in the fast path and in
// the full one; 300,000 took minutes, compared each with all before it.
func TestXMLAttributeLimit(t *testing.T) {
	for _, tt := range []struct {
		n  int
		ok bool
	}{
		{maxXMLAttrs - 1, true}, // with the xmlns declaration: the limit
		{maxXMLAttrs, false},
		{300_000, false},
	} {
		_, err := Canonical([]byte(attrsDoc(tt.n)))
		if tt.ok != (err == nil) || err != nil && !errors.Is(err, ErrMalformed) {
			t.Errorf("%d attributes: %v", tt.n+1, err)
		}
		if err != nil && len(err.Error()) > 200 {
			t.Errorf("%d attributes: an error of %d bytes", tt.n+1, len(err.Error()))
		}
	}
}

// A verifier's error names an element by a short prefix of its name.
func TestXMLErrorsQuoteShortPrefix(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	v := &Verifier{}
	for _, doc := range []string{
		`<` + long + `/>`,
		`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><X ` + long + `="1"/></GoiTin>`,
		`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><a></` + long + `></GoiTin>`,
		`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><` + long + `:b/></GoiTin>`,
		`<GoiTin xmlns="urn:vn:gov:bnv:cbccvc:goitin:2"><?` + long + `?></GoiTin>`,
	} {
		_, err := v.verifyXML(context.Background(), []byte(doc))
		if err == nil {
			t.Errorf("%.60q accepted", doc)
			continue
		}
		if len(err.Error()) > 300 {
			t.Errorf("%.60q: an error of %d bytes: %.200s", doc, len(err.Error()), err)
		}
	}
}
