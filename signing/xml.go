package signing

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/clip"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
	"github.com/cbccvc/cbccvc-go/signing/internal/xmldsig"
)

// FormatXMLDSig is the Format of the packet.Signature of a verified XML
// packet; its Value is the base64 SignatureValue.
const FormatXMLDSig = "XMLDSIG"

// The XML-DSig profile (docs/guide/en/05-signing.md#what-is-signed).
const (
	NamespaceDSig = xmldsig.Namespace

	AlgExcC14N     = xmldsig.AlgExcC14N
	AlgEnveloped   = xmldsig.AlgEnveloped
	AlgSHA256      = xmldsig.AlgSHA256
	AlgRSASHA256   = xmldsig.AlgRSASHA256
	AlgRSASHA384   = xmldsig.AlgRSASHA384
	AlgRSASHA512   = xmldsig.AlgRSASHA512
	AlgECDSASHA256 = xmldsig.AlgECDSASHA256
	AlgECDSASHA384 = xmldsig.AlgECDSASHA384
	AlgECDSASHA512 = xmldsig.AlgECDSASHA512
)

// canonicalPacketXML is Canonical for an XML packet.
func canonicalPacketXML(pkt []byte) ([]byte, error) {
	doc, _, err := xmldsig.Read(nil, pkt, xmldsig.Canonical, nil)
	if err != nil {
		return nil, err
	}
	return doc.Canonical, nil
}

// xmlDecl is the XML declaration of a signed XML packet.
const xmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

// signXML signs an XML packet with an enveloped signature
// (docs/guide/en/05-signing.md#what-is-signed). The output is the XML
// declaration and the canonical form of the packet with the ds:Signature
// inserted as the root's last child. The packet is read once: it is
// checked (check: its header read as the receiver will, or the whole
// packet decoded) from the tokens it is canonicalised from.
func (s *Signer) signXML(pkt []byte) ([]byte, error) {
	buf := make([]byte, 0, len(xmlDecl)+len(pkt)+8<<10)
	doc, checkErr, err := xmldsig.Read(append(buf, xmlDecl...), pkt, xmldsig.Sign, func(r io.Reader) error {
		return s.check(r, packet.FormatXML)
	})
	if err != nil {
		return nil, err
	}
	if checkErr != nil {
		return nil, checkErr
	}
	return doc.Envelope(s.alg.xmlMethod(), s.chain, func(signedInfo []byte) ([]byte, error) {
		return signXMLDigest(s.key, s.alg, signedInfo)
	})
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

// xmlDecoded is the packet bound from the tokens of a signed XML packet.
type xmlDecoded struct {
	p        *packet.Packet
	findings packet.Findings
}

// verifyXML checks an enveloped XML-DSig packet
// (docs/guide/en/05-signing.md#what-is-signed).
func (v *Verifier) verifyXML(ctx context.Context, data []byte) (res *Verified, err error) {
	defer func() {
		// Defence in depth: a bug on hostile input is a refusal, not a crash.
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("signing: %w: panic: %v", ErrMalformed, r)
		}
	}()
	pol := v.Policy
	if m := pol.Limits.MaxBytes; m > 0 && int64(len(data)) > m {
		return nil, fmt.Errorf("signing: the packet is %d bytes, more than Policy.Limits.MaxBytes (%d)", len(data), m)
	}
	// One pass: the packet is bound from the tokens the canonical form
	// is written from, so what is bound is what the digest covers.
	var dec xmlDecoded
	doc, decErr, err := xmldsig.Read(make([]byte, 0, len(data)), data, xmldsig.Verify, func(r io.Reader) (err error) {
		dec.p, dec.findings, err = packet.Decode(r, packet.FormatXML, pol.Limits)
		return err
	})
	if err != nil {
		return nil, err
	}
	sig := doc.Signature
	alg, leaf, warnings, err := pol.checkXMLSigner(sig)
	if err != nil {
		return nil, err
	}
	chain, err := pol.checkXMLSignature(doc, alg, leaf)
	if err != nil {
		return nil, err
	}
	if err := pol.checkRevocation(ctx, chain); err != nil {
		return nil, err
	}
	if decErr != nil {
		return nil, fmt.Errorf("signing: the signed content is not a packet: %w", decErr)
	}
	dec.p.Signature = &packet.Signature{Format: FormatXMLDSig, Value: sig.ValueB64}
	got, err := pol.verified(dec.p, dec.findings, doc.Canonical, leaf, chain, time.Time{})
	if err != nil {
		return nil, err
	}
	got.Algorithm, got.Warnings = alg, warnings
	return got, nil
}

// checkXMLSigner checks the signature's method and the signer's key
// against the policy.
func (pol *Policy) checkXMLSigner(sig *xmldsig.Signature) (Algorithm, *x509.Certificate, []*Error, error) {
	alg, ok := algorithmOfXML(sig.Method)
	if !ok {
		return "", nil, nil, fmt.Errorf("signing: %w: SignatureMethod %s", ErrWeakAlgorithm, clip.String(sig.Method))
	}
	if err := pol.checkProfile(); err != nil {
		return "", nil, nil, err
	}
	if !pol.accepts(alg) {
		return "", nil, nil, fmt.Errorf("signing: %w: SignatureMethod %s (%s) is not among the algorithms the policy accepts", ErrWeakAlgorithm, clip.String(sig.Method), alg)
	}
	leaf := sig.Certs[0]
	if err := cms.CheckKey(leaf, pol.MinRSABits); err != nil {
		return "", nil, nil, fmt.Errorf("signing: %w", err)
	}
	warnings, err := pol.tt15(alg, leaf)
	if err != nil {
		return "", nil, nil, err
	}
	return alg, leaf, warnings, nil
}

// checkXMLSignature checks the digest of the canonical form, the signer's
// chain to the policy's roots, and the signature value; it returns the
// chain.
func (pol *Policy) checkXMLSignature(doc *xmldsig.Document, alg Algorithm, leaf *x509.Certificate) ([]*x509.Certificate, error) {
	if pol.Roots == nil {
		return nil, fmt.Errorf("signing: %w: no trust store given", ErrUntrusted)
	}
	sig := doc.Signature
	d := sha256.Sum256(doc.Canonical)
	if subtle.ConstantTimeCompare(d[:], sig.Digest) != 1 {
		return nil, fmt.Errorf("signing: %w", ErrDigestMismatch)
	}
	chains, err := cms.CheckChain(leaf, sig.Certs[1:], pol.cmsOptions())
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	if err := checkXMLSignatureValue(leaf, alg, sig.SignedInfo, sig.Value); err != nil {
		return nil, err
	}
	if len(chains) > 0 {
		return chains[0], nil
	}
	return nil, nil
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
