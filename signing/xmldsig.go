package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// FormatXMLDSig is the Format of the packet.Signature of a verified XML
// packet; its Value is the base64 SignatureValue.
const FormatXMLDSig = "XMLDSIG"

// The XML-DSig profile (docs/guide/en/05-signing.md#what-is-signed).
const (
	NamespaceDSig = "http://www.w3.org/2000/09/xmldsig#"

	AlgExcC14N      = "http://www.w3.org/2001/10/xml-exc-c14n#"
	AlgEnveloped    = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	AlgSHA256       = "http://www.w3.org/2001/04/xmlenc#sha256"
	AlgRSASHA256    = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	AlgRSASHA384    = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
	AlgRSASHA512    = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
	AlgECDSASHA256  = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
	AlgECDSASHA384  = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
	AlgECDSASHA512  = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
	maxXMLCerts     = 8
	maxXMLBase64Len = 64 << 10
)

// xmlSig is a ds:Signature read by the profile.
type xmlSig struct {
	signedInfo *etree.Element
	method     string
	digest     []byte
	value      []byte
	valueB64   string
	certs      []*x509.Certificate
}

// canonicalPacketXML is Canonical for an XML packet.
func canonicalPacketXML(pkt []byte) ([]byte, error) {
	_, root, err := parseXML(pkt)
	if err != nil {
		return nil, err
	}
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	for _, e := range root.ChildElements() {
		if e.Tag == "Signature" && e.NamespaceURI() == NamespaceDSig {
			root.RemoveChild(e)
		}
	}
	return canonicalXML(root, nil)
}

// signXML signs an XML packet with an enveloped signature (
// docs/guide/en/05-signing.md#what-is-signed). The output is the XML declaration and the canonical form of the
// packet with the ds:Signature inserted as the root's last child.
func (s *Signer) signXML(pkt []byte) ([]byte, error) {
	_, root, err := parseXML(pkt)
	if err != nil {
		return nil, err
	}
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	// A signature the packet has is replaced; one anywhere else is refused.
	old, err := scanTree(root)
	if err != nil {
		return nil, err
	}
	for _, e := range old {
		if e.Parent() != root {
			return nil, fmt.Errorf("signing: %w: a ds:Signature inside <%s>", ErrWrapping, clip.String(e.Parent().FullTag()))
		}
	}
	for _, e := range old {
		root.RemoveChild(e)
	}
	// The canonical form is written after the XML declaration, in the
	// buffer the output is made in.
	const decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	buf := make([]byte, 0, len(decl)+len(pkt)+8<<10)
	buf = append(buf, decl...)
	buf, err = canonicalXMLInto(buf, root, nil)
	if err != nil {
		return nil, err
	}
	canon := buf[len(decl):len(buf):len(buf)]
	if err := s.checkSender(canon, packet.FormatXML); err != nil {
		return nil, err
	}
	method := s.alg.xmlMethod()
	digest := sha256.Sum256(canon)
	var si strings.Builder
	si.WriteString(`<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="` + AlgExcC14N + `"></ds:CanonicalizationMethod>`)
	si.WriteString(`<ds:SignatureMethod Algorithm="` + method + `"></ds:SignatureMethod>`)
	si.WriteString(`<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="` + AlgEnveloped + `"></ds:Transform>`)
	si.WriteString(`<ds:Transform Algorithm="` + AlgExcC14N + `"></ds:Transform></ds:Transforms>`)
	si.WriteString(`<ds:DigestMethod Algorithm="` + AlgSHA256 + `"></ds:DigestMethod>`)
	si.WriteString(`<ds:DigestValue>` + base64.StdEncoding.EncodeToString(digest[:]) + `</ds:DigestValue></ds:Reference></ds:SignedInfo>`)
	var ki strings.Builder
	ki.WriteString(`<ds:KeyInfo><ds:X509Data>`)
	for _, c := range s.chain {
		ki.WriteString(`<ds:X509Certificate>` + base64.StdEncoding.EncodeToString(c.Raw) + `</ds:X509Certificate>`)
	}
	ki.WriteString(`</ds:X509Data></ds:KeyInfo>`)
	open := `<ds:Signature xmlns:ds="` + NamespaceDSig + `">`

	// SignedInfo is canonicalised as it stands in the signature, with the
	// same code Verify uses.
	sdoc, err := readTree([]byte(open + si.String() + `</ds:Signature>`))
	if err != nil {
		return nil, err
	}
	siCanon, err := canonicalXML(sdoc.Root().ChildElements()[0], nil)
	if err != nil {
		return nil, err
	}
	sigValue, err := signXMLDigest(s.key, s.alg, siCanon)
	if err != nil {
		return nil, err
	}
	sig := open + si.String() + `<ds:SignatureValue>` + base64.StdEncoding.EncodeToString(sigValue) +
		`</ds:SignatureValue>` + ki.String() + `</ds:Signature>`
	// The signature goes before the root's end tag; canon is not used
	// after this.
	k := bytes.LastIndex(canon, []byte("</"))
	end := string(canon[k:])
	out := append(buf[:len(decl)+k], sig...)
	out = append(out, end...)
	return append(out, '\n'), nil
}

// signXMLDigest signs signed by alg: RSA PKCS #1 v1.5, RSASSA-PSS with a
// salt as long as the hash (RFC 6931 §2.3.10), or ECDSA as XML-DSig wants
// it, r||s each the size of the curve's order.
func signXMLDigest(key crypto.Signer, alg Algorithm, signed []byte) ([]byte, error) {
	a, ok := alg.cms()
	if !ok {
		return nil, fmt.Errorf("signing: unknown algorithm %q", alg)
	}
	h := a.Hash.New()
	h.Write(signed)
	var opts crypto.SignerOpts = a.Hash
	if a.Scheme == cms.PSS {
		opts = &rsa.PSSOptions{SaltLength: a.Hash.Size(), Hash: a.Hash}
	}
	sig, err := key.Sign(rand.Reader, h.Sum(nil), opts)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	pub, ok := key.Public().(*ecdsa.PublicKey)
	if !ok {
		return sig, nil
	}
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &rs); err != nil || len(rest) != 0 {
		return nil, fmt.Errorf("signing: the key's ECDSA signature is not DER: %v", err)
	}
	n := (pub.Curve.Params().BitSize + 7) / 8
	out := make([]byte, 2*n)
	rs.R.FillBytes(out[:n])
	rs.S.FillBytes(out[n:])
	return out, nil
}

// scanTree checks the elements under the root: one GoiTin (a second is
// ErrWrapping), one of each other child of the root (ErrWrapping: readers
// that took the first header and readers that took the last would read
// different packets), no XML-DSig element outside a ds:Signature
// (ErrWrapping), no element of another namespace outside it
// (ErrMalformed), namespace declarations as Namespaces in XML allows them
// and no other attribute outside a ds:Signature (ErrMalformed). It returns
// the ds:Signature elements, outermost first.
func scanTree(root *etree.Element) ([]*etree.Element, error) {
	var sigs []*etree.Element
	goiTin := 0
	pkgNS := root.NamespaceURI() // checkRoot made it a packet namespace
	var visit func(e *etree.Element, inSig bool) error
	visit = func(e *etree.Element, inSig bool) error {
		ns := e.NamespaceURI()
		switch {
		case e.Tag == "GoiTin" && ns == pkgNS:
			if goiTin++; goiTin > 1 {
				return fmt.Errorf("signing: %w: a second GoiTin inside <%s>", ErrWrapping, clip.String(e.Parent().FullTag()))
			}
		case e.Tag == "Signature" && ns == NamespaceDSig:
			sigs = append(sigs, e)
			inSig = true
		case ns == NamespaceDSig && !inSig:
			return fmt.Errorf("signing: %w: ds:%s outside the signature", ErrWrapping, clip.String(e.Tag))
		case ns != pkgNS && !inSig:
			return fmt.Errorf("signing: %w: <%s> is in namespace %q, not the packet's", ErrMalformed, clip.String(e.FullTag()), clip.String(ns))
		}
		for _, a := range e.Attr {
			if isNSDecl(a) {
				if err := checkDecl(a); err != nil {
					return err
				}
			} else if !inSig {
				return fmt.Errorf("signing: %w: attribute %s on <%s>: a packet has none but xmlns", ErrMalformed, clip.String(a.FullKey()), clip.String(e.FullTag()))
			}
		}
		if e == root {
			if err := onceEach(root); err != nil {
				return err
			}
		}
		for _, t := range e.Child {
			if c, ok := t.(*etree.Element); ok {
				if err := visit(c, inSig); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return sigs, visit(root, false)
}

// onceEach refuses a second child of the root of the same name but the
// ds:Signature, whose count verifyXML checks.
func onceEach(root *etree.Element) error {
	seen := map[string]bool{}
	for _, c := range root.ChildElements() {
		ns := c.NamespaceURI()
		if ns == NamespaceDSig {
			continue
		}
		key := ns + " " + c.Tag
		if seen[key] {
			return fmt.Errorf("signing: %w: a second <%s> in GoiTin", ErrWrapping, clip.String(c.FullTag()))
		}
		seen[key] = true
	}
	return nil
}

// checkRoot checks that root is GoiTin in the namespace of a format
// version the packet package reads.
func checkRoot(root *etree.Element) error {
	if _, ok := packet.NamespaceVersion(root.NamespaceURI()); root.Tag != "GoiTin" || !ok {
		return fmt.Errorf("signing: %w: the root is <%s> in namespace %q, want GoiTin in a packet namespace such as %s",
			ErrMalformed, clip.String(root.FullTag()), clip.String(root.NamespaceURI()), packet.Namespace)
	}
	return nil
}

// verifyXML checks an enveloped XML-DSig packet (docs/guide/en/05-signing.md#what-is-signed).
func (v *Verifier) verifyXML(ctx context.Context, data []byte) (res *Verified, err error) {
	defer func() {
		// Defence in depth: a bug on hostile input is a refusal, not a crash.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("signing: %w: panic: %v", ErrMalformed, r)
		}
	}()
	if m := v.Policy.Limits.MaxBytes; m > 0 && int64(len(data)) > m {
		return nil, fmt.Errorf("signing: the packet is %d bytes, more than Policy.Limits.MaxBytes (%d)", len(data), m)
	}
	_, root, err := parseXML(data)
	if err != nil {
		return nil, err
	}
	if err := checkRoot(root); err != nil {
		return nil, err
	}
	sigs, err := scanTree(root)
	if err != nil {
		return nil, err
	}
	if len(sigs) > 1 {
		return nil, fmt.Errorf("signing: %w: more than one ds:Signature", ErrWrapping)
	}
	if len(sigs) == 0 {
		return nil, ErrUnsigned
	}
	sigEl := sigs[0]
	if sigEl.Parent() != root {
		return nil, fmt.Errorf("signing: %w: the ds:Signature is inside <%s>, not the root's last child", ErrWrapping, clip.String(sigEl.Parent().FullTag()))
	}
	after := false
	for _, t := range root.Child {
		if t == etree.Token(sigEl) {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch t := t.(type) {
		case *etree.Element:
			return nil, fmt.Errorf("signing: %w: <%s> after the ds:Signature, which must be the root's last child", ErrWrapping, clip.String(t.FullTag()))
		case *etree.CharData:
			if strings.Trim(t.Data, " \t\r\n") != "" {
				return nil, fmt.Errorf("signing: %w: text after the ds:Signature, which must be the root's last child", ErrWrapping)
			}
		}
	}
	sig, err := readSignature(sigEl)
	if err != nil {
		return nil, err
	}
	siCanon, err := canonicalXML(sig.signedInfo, nil)
	if err != nil {
		return nil, err
	}
	canon, err := canonicalXMLInto(make([]byte, 0, len(data)), root, sigEl)
	if err != nil {
		return nil, err
	}

	pol := v.Policy
	if err := pol.checkProfile(); err != nil {
		return nil, err
	}
	alg, _ := algorithmOfXML(sig.method)
	if !pol.accepts(alg) {
		return nil, fmt.Errorf("signing: %w: SignatureMethod %s (%s) is not among the algorithms the policy accepts", ErrWeakAlgorithm, clip.String(sig.method), alg)
	}
	leaf := sig.certs[0]
	if err := cms.CheckKey(leaf, pol.MinRSABits); err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	warnings, err := pol.tt15(alg, leaf)
	if err != nil {
		return nil, err
	}
	if pol.Roots == nil {
		return nil, fmt.Errorf("signing: %w: no trust store given", ErrUntrusted)
	}
	d := sha256.Sum256(canon)
	if subtle.ConstantTimeCompare(d[:], sig.digest) != 1 {
		return nil, fmt.Errorf("signing: %w", ErrDigestMismatch)
	}
	chains, err := cms.CheckChain(leaf, sig.certs[1:], pol.cmsOptions())
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	if err := checkXMLSignatureValue(leaf, alg, siCanon, sig.value); err != nil {
		return nil, err
	}
	var chain []*x509.Certificate
	if len(chains) > 0 {
		chain = chains[0]
	}
	if err := pol.checkRevocation(ctx, chain); err != nil {
		return nil, err
	}
	got, err := pol.finish(canon, packet.FormatXML, &packet.Signature{Format: FormatXMLDSig, Value: sig.valueB64},
		leaf, chain, time.Time{})
	if err != nil {
		return nil, err
	}
	got.Algorithm, got.Warnings = alg, warnings
	return got, nil
}

func checkXMLSignatureValue(cert *x509.Certificate, alg Algorithm, signed, value []byte) error {
	m, ok := alg.cms()
	if !ok {
		return fmt.Errorf("signing: %w: %s", ErrWeakAlgorithm, alg)
	}
	h := m.Hash.New()
	h.Write(signed)
	digest := h.Sum(nil)
	switch pub := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		var err error
		switch m.Scheme {
		case cms.PKCS1v15:
			err = rsa.VerifyPKCS1v15(pub, m.Hash, digest, value)
		case cms.PSS:
			err = rsa.VerifyPSS(pub, m.Hash, digest, value, &rsa.PSSOptions{SaltLength: m.Hash.Size(), Hash: m.Hash})
		default:
			return fmt.Errorf("signing: %w: SignatureMethod %s with an RSA key", ErrBadSignature, alg)
		}
		if err != nil {
			return fmt.Errorf("signing: %w: %v", ErrBadSignature, err)
		}
		return nil
	case *ecdsa.PublicKey:
		if m.Scheme != cms.ECDSA {
			return fmt.Errorf("signing: %w: SignatureMethod %s with an ECDSA key", ErrBadSignature, alg)
		}
		n := (pub.Curve.Params().BitSize + 7) / 8
		if len(value) != 2*n {
			return fmt.Errorf("signing: %w: ECDSA SignatureValue of %d bytes, want %d (r||s)", ErrBadSignature, len(value), 2*n)
		}
		r, s := new(big.Int).SetBytes(value[:n]), new(big.Int).SetBytes(value[n:])
		if !ecdsa.Verify(pub, digest, r, s) {
			return fmt.Errorf("signing: %w: ECDSA signature does not verify", ErrBadSignature)
		}
		return nil
	}
	return fmt.Errorf("signing: %w: key type %T", ErrWeakAlgorithm, cert.PublicKey)
}

// dsChildren returns e's child elements, which must all be in the XML-DSig
// namespace, refusing text other than white space and anything but
// comments beside them.
func dsChildren(e *etree.Element) ([]*etree.Element, error) {
	var out []*etree.Element
	for _, t := range e.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t.NamespaceURI() != NamespaceDSig {
				return nil, fmt.Errorf("signing: %w: <%s> inside ds:%s", ErrMalformed, clip.String(t.FullTag()), clip.String(e.Tag))
			}
			if t.Tag == "Object" {
				return nil, fmt.Errorf("signing: %w: a ds:Object in the signature", ErrWrapping)
			}
			out = append(out, t)
		case *etree.CharData:
			if strings.Trim(t.Data, " \t\r\n") != "" {
				return nil, fmt.Errorf("signing: %w: text inside ds:%s", ErrMalformed, clip.String(e.Tag))
			}
		case *etree.Comment:
		default:
			return nil, fmt.Errorf("signing: %w: %T inside ds:%s", ErrMalformed, t, clip.String(e.Tag))
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
		return fmt.Errorf("signing: %w: ds:%s holds %v, want %v", ErrMalformed, parent, got, names)
	}
	for i, e := range els {
		if e.Tag != names[i] {
			return fmt.Errorf("signing: %w: ds:%s holds ds:%s where ds:%s belongs", ErrMalformed, parent, clip.String(e.Tag), names[i])
		}
	}
	return nil
}

// attrs returns e's attributes other than namespace declarations, refusing
// any not in allowed.
func attrs(e *etree.Element, allowed ...string) (map[string]string, error) {
	m := map[string]string{}
	for _, a := range e.Attr {
		if isNSDecl(a) {
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
			return nil, fmt.Errorf("signing: %w: attribute %s on ds:%s", ErrMalformed, clip.String(a.FullKey()), clip.String(e.Tag))
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
		return "", fmt.Errorf("signing: %w: ds:%s has no Algorithm", ErrMalformed, clip.String(e.Tag))
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
			return nil, "", fmt.Errorf("signing: %w: ds:%s holds more than text", ErrMalformed, clip.String(e.Tag))
		}
		if sb.Len() > maxXMLBase64Len {
			return nil, "", fmt.Errorf("signing: %w: ds:%s is longer than %d bytes", ErrMalformed, clip.String(e.Tag), maxXMLBase64Len)
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
		return nil, "", fmt.Errorf("signing: %w: ds:%s is not base64", ErrMalformed, clip.String(e.Tag))
	}
	return b, s, nil
}

// readSignature reads a ds:Signature by the profile of
// docs/guide/en/05-signing.md#what-is-signed and refuses anything else.
func readSignature(sigEl *etree.Element) (*xmlSig, error) {
	var sig xmlSig
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
	sig.signedInfo = kids[0]
	if sig.value, sig.valueB64, err = base64Text(kids[1]); err != nil {
		return nil, err
	}

	// SignedInfo.
	if _, err := attrs(sig.signedInfo); err != nil {
		return nil, err
	}
	si, err := dsChildren(sig.signedInfo)
	if err != nil {
		return nil, err
	}
	refs := 0
	for _, e := range si {
		if e.Tag == "Reference" {
			refs++
		}
	}
	if refs != 1 {
		return nil, fmt.Errorf("signing: %w: %d ds:Reference elements, want one with URI=\"\"", ErrWrapping, refs)
	}
	if err := expect("SignedInfo", si, "CanonicalizationMethod", "SignatureMethod", "Reference"); err != nil {
		return nil, err
	}
	c14n, err := algorithm(si[0])
	if err != nil {
		return nil, err
	}
	if c14n != AlgExcC14N {
		return nil, fmt.Errorf("signing: %w: CanonicalizationMethod %s, want %s", ErrWrapping, clip.String(c14n), AlgExcC14N)
	}
	if sig.method, err = algorithm(si[1]); err != nil {
		return nil, err
	}
	if _, ok := algorithmOfXML(sig.method); !ok {
		return nil, fmt.Errorf("signing: %w: SignatureMethod %s", ErrWeakAlgorithm, clip.String(sig.method))
	}

	// The one Reference: URI="", the two transforms, SHA-256.
	ref := si[2]
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
	if _, err := attrs(rk[0]); err != nil {
		return nil, err
	}
	tr, err := dsChildren(rk[0])
	if err != nil {
		return nil, err
	}
	want := []string{AlgEnveloped, AlgExcC14N}
	if len(tr) != len(want) {
		return nil, fmt.Errorf("signing: %w: %d transforms, want enveloped-signature then exc-c14n", ErrWrapping, len(tr))
	}
	for i, t := range tr {
		if t.Tag != "Transform" {
			return nil, fmt.Errorf("signing: %w: ds:%s inside ds:Transforms", ErrMalformed, clip.String(t.Tag))
		}
		alg, err := algorithm(t)
		if err != nil {
			return nil, err
		}
		if alg != want[i] {
			return nil, fmt.Errorf("signing: %w: transform %d is %s, want %s", ErrWrapping, i+1, clip.String(alg), want[i])
		}
	}
	dm, err := algorithm(rk[1])
	if err != nil {
		return nil, err
	}
	if dm != AlgSHA256 {
		return nil, fmt.Errorf("signing: %w: DigestMethod %s, want %s", ErrWeakAlgorithm, clip.String(dm), AlgSHA256)
	}
	if sig.digest, _, err = base64Text(rk[2]); err != nil {
		return nil, err
	}
	if len(sig.digest) != sha256.Size {
		return nil, fmt.Errorf("signing: %w: DigestValue of %d bytes", ErrMalformed, len(sig.digest))
	}

	// KeyInfo/X509Data: the signer's certificate, then intermediates.
	if _, err := attrs(kids[2]); err != nil {
		return nil, err
	}
	ki, err := dsChildren(kids[2])
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
	if len(xd) == 0 || len(xd) > maxXMLCerts {
		return nil, fmt.Errorf("signing: %w: %d certificates in ds:X509Data, want 1 to %d", ErrMalformed, len(xd), maxXMLCerts)
	}
	for _, e := range xd {
		if e.Tag != "X509Certificate" {
			return nil, fmt.Errorf("signing: %w: ds:%s in ds:X509Data", ErrMalformed, clip.String(e.Tag))
		}
		der, _, err := base64Text(e)
		if err != nil {
			return nil, err
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("signing: %w: ds:X509Certificate: %v", ErrMalformed, err)
		}
		sig.certs = append(sig.certs, c)
	}
	return &sig, nil
}
