// Package xmldsig signs and verifies the enveloped XML-DSig of an XML
// packet (docs/guide/en/05-signing.md#what-is-signed): exclusive XML
// canonicalisation, the profile's one ds:Signature, and the checks against
// signature wrapping. The signing package holds the policy (which roots,
// which algorithms) and the public API; this one the XML.
//
// Read goes over a packet once: the tokens the packet package binds the
// packet from are the ones it checks and canonicalises.
//
//	doc, bindErr, err := xmldsig.Read(nil, data, xmldsig.Verify, func(r io.Reader) error {
//		p, findings, err = packet.Decode(r, packet.FormatXML, limits)
//		return err
//	})
package xmldsig

import (
	"errors"

	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// The XML-DSig profile's namespace and algorithms.
const (
	Namespace = "http://www.w3.org/2000/09/xmldsig#"

	AlgExcC14N     = "http://www.w3.org/2001/10/xml-exc-c14n#"
	AlgEnveloped   = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	AlgSHA256      = "http://www.w3.org/2001/04/xmlenc#sha256"
	AlgRSASHA256   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	AlgRSASHA384   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
	AlgRSASHA512   = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
	AlgECDSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
	AlgECDSASHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"
	AlgECDSASHA512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512"
)

// Limits of what a packet and its signature may hold.
const (
	maxCerts     = 8        // certificates in ds:X509Data
	maxBase64Len = 64 << 10 // bytes of one base64 value
	// maxDepth bounds the nesting of an XML packet (a packet is a few
	// levels deep; the signature six).
	maxDepth = 64
	// maxAttrs bounds the attributes of one element, namespace
	// declarations included (a packet's elements have none but those; the
	// signature's, one or two).
	maxAttrs = 64
	// maxSigText and maxSigElements bound what Read keeps of a signature:
	// the profile's has a dozen elements and maxCerts certificates.
	maxSigText     = (maxCerts + 4) * maxBase64Len
	maxSigElements = 256
	// maxBindings bounds the namespace declarations in scope at once (a
	// packet has one or two, its signature one more), so that looking a
	// prefix up, down the stack, costs little whatever the input.
	maxBindings = 64
)

// ErrWrapping: the signature is placed or built so that what was signed
// may not be what is read (signature wrapping).
var ErrWrapping = errors.New("XML signature wrapping")

// ErrUnsigned: the packet has no signature.
var ErrUnsigned = errors.New("packet is not signed")

// The sentinels shared with CMS.
var (
	errMalformed     = cms.ErrMalformed
	errWeakAlgorithm = cms.ErrWeakAlgorithm
)
