package xmldsig

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/clip"
)

// Signature is a ds:Signature read by the profile.
type Signature struct {
	// SignedInfo is the canonical form of ds:SignedInfo, the bytes the
	// signature value signs.
	SignedInfo []byte
	Method     string // the SignatureMethod's Algorithm
	Digest     []byte // the DigestValue
	Value      []byte // the SignatureValue
	ValueB64   string // the SignatureValue as written, without white space
	// Certs are the certificates of ds:X509Data: the signer's, then
	// intermediates.
	Certs []*x509.Certificate
}

// readSignature reads a ds:Signature by the profile of
// docs/guide/en/05-signing.md#what-is-signed and refuses anything else:
// SignedInfo, SignatureValue and KeyInfo, in that order.
func readSignature(sigEl *etree.Element) (*Signature, error) {
	var sig Signature
	if _, err := attrs(sigEl); err != nil {
		return nil, err
	}
	kids, err := dsChildren(sigEl)
	if err != nil {
		return nil, err
	}
	if err := expect("Signature", kids, "SignedInfo", "SignatureValue", "KeyInfo"); err != nil {
		return nil, err
	}
	if err := sig.readSignedInfo(kids[0]); err != nil {
		return nil, err
	}
	if sig.Value, sig.ValueB64, err = base64Text(kids[1]); err != nil {
		return nil, err
	}
	if sig.Certs, err = readKeyInfo(kids[2]); err != nil {
		return nil, err
	}
	if sig.SignedInfo, err = canonicalTree(kids[0]); err != nil {
		return nil, err
	}
	return &sig, nil
}

// readSignedInfo reads ds:SignedInfo: exclusive C14N, a SignatureMethod
// the profile knows, and one Reference.
func (sig *Signature) readSignedInfo(e *etree.Element) error {
	if _, err := attrs(e); err != nil {
		return err
	}
	si, err := dsChildren(e)
	if err != nil {
		return err
	}
	refs := 0
	for _, e := range si {
		if e.Tag == "Reference" {
			refs++
		}
	}
	if refs != 1 {
		return fmt.Errorf("signing: %w: %d ds:Reference elements, want one with URI=\"\"", ErrWrapping, refs)
	}
	if err := expect("SignedInfo", si, "CanonicalizationMethod", "SignatureMethod", "Reference"); err != nil {
		return err
	}
	c14n, err := algorithm(si[0])
	if err != nil {
		return err
	}
	if c14n != AlgExcC14N {
		return fmt.Errorf("signing: %w: CanonicalizationMethod %s, want %s", ErrWrapping, clip.String(c14n), AlgExcC14N)
	}
	// The caller knows which methods there are.
	if sig.Method, err = algorithm(si[1]); err != nil {
		return err
	}
	sig.Digest, err = readReference(si[2])
	return err
}

// readReference reads the one Reference: URI="", the two transforms,
// SHA-256; it returns the DigestValue.
func readReference(ref *etree.Element) ([]byte, error) {
	ra, err := attrs(ref, "URI", "Id", "Type")
	if err != nil {
		return nil, err
	}
	if uri, ok := ra["URI"]; !ok || uri != "" || len(ra) != 1 {
		return nil, fmt.Errorf("signing: %w: the ds:Reference must be URI=\"\" alone, it is %s", ErrWrapping, clip.String(fmt.Sprintf("%q", ra)))
	}
	rk, err := dsChildren(ref)
	if err != nil {
		return nil, err
	}
	if len(rk) == 0 || rk[0].Tag != "Transforms" {
		return nil, fmt.Errorf("signing: %w: the ds:Reference has no ds:Transforms", ErrWrapping)
	}
	if err := expect("Reference", rk, "Transforms", "DigestMethod", "DigestValue"); err != nil {
		return nil, err
	}
	if err := readTransforms(rk[0]); err != nil {
		return nil, err
	}
	dm, err := algorithm(rk[1])
	if err != nil {
		return nil, err
	}
	if dm != AlgSHA256 {
		return nil, fmt.Errorf("signing: %w: DigestMethod %s, want %s", errWeakAlgorithm, clip.String(dm), AlgSHA256)
	}
	digest, _, err := base64Text(rk[2])
	if err != nil {
		return nil, err
	}
	if len(digest) != sha256.Size {
		return nil, fmt.Errorf("signing: %w: DigestValue of %d bytes", errMalformed, len(digest))
	}
	return digest, nil
}

// readTransforms requires enveloped-signature then exc-c14n.
func readTransforms(e *etree.Element) error {
	if _, err := attrs(e); err != nil {
		return err
	}
	tr, err := dsChildren(e)
	if err != nil {
		return err
	}
	want := []string{AlgEnveloped, AlgExcC14N}
	if len(tr) != len(want) {
		return fmt.Errorf("signing: %w: %d transforms, want enveloped-signature then exc-c14n", ErrWrapping, len(tr))
	}
	for i, t := range tr {
		if t.Tag != "Transform" {
			return fmt.Errorf("signing: %w: ds:%s inside ds:Transforms", errMalformed, clip.String(t.Tag))
		}
		alg, err := algorithm(t)
		if err != nil {
			return err
		}
		if alg != want[i] {
			return fmt.Errorf("signing: %w: transform %d is %s, want %s", ErrWrapping, i+1, clip.String(alg), want[i])
		}
	}
	return nil
}

// readKeyInfo reads KeyInfo/X509Data: the signer's certificate, then
// intermediates.
func readKeyInfo(e *etree.Element) ([]*x509.Certificate, error) {
	if _, err := attrs(e); err != nil {
		return nil, err
	}
	ki, err := dsChildren(e)
	if err != nil {
		return nil, err
	}
	if err := expect("KeyInfo", ki, "X509Data"); err != nil {
		return nil, err
	}
	if _, err := attrs(ki[0]); err != nil {
		return nil, err
	}
	xd, err := dsChildren(ki[0])
	if err != nil {
		return nil, err
	}
	if len(xd) == 0 || len(xd) > maxCerts {
		return nil, fmt.Errorf("signing: %w: %d certificates in ds:X509Data, want 1 to %d", errMalformed, len(xd), maxCerts)
	}
	var certs []*x509.Certificate
	for _, e := range xd {
		if e.Tag != "X509Certificate" {
			return nil, fmt.Errorf("signing: %w: ds:%s in ds:X509Data", errMalformed, clip.String(e.Tag))
		}
		der, _, err := base64Text(e)
		if err != nil {
			return nil, err
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("signing: %w: ds:X509Certificate: %v", errMalformed, err)
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// isNSDeclAttr reports whether a is a namespace declaration.
func isNSDeclAttr(a etree.Attr) bool {
	return (a.Space == "" && a.Key == "xmlns") || a.Space == "xmlns"
}

// dsChildren returns e's child elements, which must all be in the XML-DSig
// namespace, refusing text other than white space and anything but
// comments beside them.
func dsChildren(e *etree.Element) ([]*etree.Element, error) {
	var out []*etree.Element
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t.NamespaceURI() != Namespace {
				return nil, fmt.Errorf("signing: %w: <%s> inside ds:%s", errMalformed, clip.String(t.FullTag()), clip.String(e.Tag))
			}
			if t.Tag == "Object" {
				return nil, fmt.Errorf("signing: %w: a ds:Object in the signature", ErrWrapping)
			}
			out = append(out, t)
		case *etree.CharData:
			if strings.Trim(t.Data, " \t\r\n") != "" {
				return nil, fmt.Errorf("signing: %w: text inside ds:%s", errMalformed, clip.String(e.Tag))
			}
		case *etree.Comment:
		default:
			return nil, fmt.Errorf("signing: %w: %T inside ds:%s", errMalformed, t, clip.String(e.Tag))
		}
	}
	return out, nil
}

// expect checks that els are, in order, the XML-DSig elements names.
func expect(parent string, els []*etree.Element, names ...string) error {
	if len(els) != len(names) {
		got := make([]string, len(els))
		for i, e := range els {
			got[i] = clip.String(e.Tag)
		}
		return fmt.Errorf("signing: %w: ds:%s holds %v, want %v", errMalformed, parent, got, names)
	}
	for i, e := range els {
		if e.Tag != names[i] {
			return fmt.Errorf("signing: %w: ds:%s holds ds:%s where ds:%s belongs", errMalformed, parent, clip.String(e.Tag), names[i])
		}
	}
	return nil
}

// attrs returns e's attributes other than namespace declarations, refusing
// any not in allowed.
func attrs(e *etree.Element, allowed ...string) (map[string]string, error) {
	m := map[string]string{}
	for _, a := range e.Attr {
		if isNSDeclAttr(a) {
			continue
		}
		ok := a.Space == ""
		if ok {
			ok = false
			for _, n := range allowed {
				ok = ok || n == a.Key
			}
		}
		if !ok {
			return nil, fmt.Errorf("signing: %w: attribute %s on ds:%s", errMalformed, clip.String(a.FullKey()), clip.String(e.Tag))
		}
		m[a.Key] = a.Value
	}
	return m, nil
}

// algorithm returns the Algorithm of an empty method element.
func algorithm(e *etree.Element) (string, error) {
	a, err := attrs(e, "Algorithm")
	if err != nil {
		return "", err
	}
	alg, ok := a["Algorithm"]
	if !ok {
		return "", fmt.Errorf("signing: %w: ds:%s has no Algorithm", errMalformed, clip.String(e.Tag))
	}
	if kids := e.ChildElements(); len(kids) != 0 {
		return "", fmt.Errorf("signing: %w: ds:%s %s has parameters (<%s>)", ErrWrapping, clip.String(e.Tag), clip.String(alg), clip.String(kids[0].FullTag()))
	}
	if _, err := dsChildren(e); err != nil {
		return "", err
	}
	return alg, nil
}

// base64Text decodes the base64 text of an element with no attributes and
// no child elements; XML-DSig allows white space in it.
func base64Text(e *etree.Element) ([]byte, string, error) {
	if _, err := attrs(e); err != nil {
		return nil, "", err
	}
	var sb strings.Builder
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.CharData:
			sb.WriteString(t.Data)
		case *etree.Comment:
		default:
			return nil, "", fmt.Errorf("signing: %w: ds:%s holds more than text", errMalformed, clip.String(e.Tag))
		}
		if sb.Len() > maxBase64Len {
			return nil, "", fmt.Errorf("signing: %w: ds:%s is longer than %d bytes", errMalformed, clip.String(e.Tag), maxBase64Len)
		}
	}
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, sb.String())
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil, "", fmt.Errorf("signing: %w: ds:%s is not base64", errMalformed, clip.String(e.Tag))
	}
	return b, s, nil
}

// canonicalTree returns the exclusive canonical form of the subtree at e
// (a SignedInfo), with the canonicalizer the packet's goes through, the
// namespaces declared by e's ancestors in scope.
func canonicalTree(e *etree.Element) ([]byte, error) {
	var anc []*etree.Element
	for p := e.Parent(); p != nil; p = p.Parent() {
		anc = append(anc, p)
	}
	var c canonicalizer
	for i := len(anc) - 1; i >= 0; i-- {
		if err := c.declare(xmlAttrs(anc[i].Attr)); err != nil {
			return nil, err
		}
	}
	if err := c.tree(e); err != nil {
		return nil, err
	}
	return c.out, nil
}

// tree writes the subtree at e.
func (c *canonicalizer) tree(e *etree.Element) error {
	if _, err := c.open(e.Space, e.Tag, xmlAttrs(e.Attr), true); err != nil {
		return err
	}
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if err := c.tree(t); err != nil {
				return err
			}
		case *etree.CharData:
			c.out = escape(c.out, t.Data, false)
		case *etree.Comment:
		default:
			return fmt.Errorf("signing: %w: %T inside <%s>", ErrWrapping, t, clip.String(e.FullTag()))
		}
	}
	c.close()
	return nil
}

func xmlAttrs(as []etree.Attr) []xml.Attr {
	out := make([]xml.Attr, len(as))
	for i, a := range as {
		out[i] = xml.Attr{Name: xml.Name{Space: a.Space, Local: a.Key}, Value: a.Value}
	}
	return out
}
