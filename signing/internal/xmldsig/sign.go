package xmldsig

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/xmltext"
)

// Envelope returns the signed packet: what dst held before Read appended
// the canonical form (the XML declaration), the canonical form with the
// profile's ds:Signature as the root's last child, and a line end. The
// signature is by method over SHA-256 of the canonical form, made by sign
// from the canonical form of its SignedInfo; chain goes into ds:X509Data,
// the signer's certificate first. The document's buffer is reused: doc is
// spent.
func (doc *Document) Envelope(method string, chain []*x509.Certificate, sign func(signedInfo []byte) ([]byte, error)) ([]byte, error) {
	digest := sha256.Sum256(doc.Canonical)
	var si strings.Builder
	si.WriteString(`<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="` + AlgExcC14N + `"></ds:CanonicalizationMethod>`)
	si.WriteString(`<ds:SignatureMethod Algorithm="` + method + `"></ds:SignatureMethod>`)
	si.WriteString(`<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="` + AlgEnveloped + `"></ds:Transform>`)
	si.WriteString(`<ds:Transform Algorithm="` + AlgExcC14N + `"></ds:Transform></ds:Transforms>`)
	si.WriteString(`<ds:DigestMethod Algorithm="` + AlgSHA256 + `"></ds:DigestMethod>`)
	si.WriteString(`<ds:DigestValue>` + base64.StdEncoding.EncodeToString(digest[:]) + `</ds:DigestValue></ds:Reference></ds:SignedInfo>`)
	var ki strings.Builder
	ki.WriteString(`<ds:KeyInfo><ds:X509Data>`)
	for _, c := range chain {
		ki.WriteString(`<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(c.Raw) + `</ds:X509Certificate>`)
	}
	ki.WriteString(`</ds:X509Data></ds:KeyInfo>`)
	open := `<ds:Signature xmlns:ds="` + Namespace + `">`

	// SignedInfo is canonicalised as it stands in the signature, with the
	// code Verify uses.
	siCanon, err := canonicalSignedInfo([]byte(open + si.String() + `</ds:Signature>`))
	if err != nil {
		return nil, err
	}
	value, err := sign(siCanon)
	if err != nil {
		return nil, err
	}
	sig := open + si.String() + `<ds:SignatureValue>` + base64.StdEncoding.EncodeToString(value) +
		`</ds:SignatureValue>` + ki.String() + `</ds:Signature>`
	// The signature goes before the root's end tag.
	k := bytes.LastIndex(doc.Canonical, []byte("</"))
	end := string(doc.Canonical[k:])
	out := append(doc.buf[:doc.start+k], sig...)
	out = append(out, end...)
	return append(out, '\n'), nil
}

// canonicalSignedInfo returns the canonical form of the SignedInfo of a
// ds:Signature written alone.
func canonicalSignedInfo(sig []byte) ([]byte, error) {
	d := xmltext.NewDecoder(bytes.NewReader(sig), xmltext.Limits{MaxAttrs: maxAttrs})
	var open []*etree.Element
	var top etree.Element // the parent of the signature
	for {
		t, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("signing: %w: %w", errMalformed, err)
		}
		parent := &top
		if len(open) > 0 {
			parent = open[len(open)-1]
		}
		switch t := t.(type) {
		case *xml.StartElement:
			e := (&reader{}).element(t)
			parent.AddChild(e)
			open = append(open, e)
		case *xml.EndElement:
			open = open[:len(open)-1]
		case *xml.CharData:
			parent.AddChild(etree.NewText(string(*t)))
		}
	}
	kids := top.ChildElements()
	if len(kids) != 1 || len(kids[0].ChildElements()) == 0 {
		return nil, fmt.Errorf("signing: %w: no ds:SignedInfo", errMalformed)
	}
	return canonicalTree(kids[0].ChildElements()[0])
}
