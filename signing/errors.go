package signing

import (
	"errors"

	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// The failures of verification (03-signing.md §3.6), for errors.Is. Every
// error Verify returns for a bad signature wraps exactly one of them, with
// the detail of what failed; the messages are in Vietnamese and English.
var (
	// ErrUnsigned: the packet has no ChuKySo.
	ErrUnsigned = errors.New("gói tin chưa được ký số / packet is not signed")
	// ErrMalformed: ChuKySo or its CMS SignedData is not well-formed.
	ErrMalformed = cms.ErrMalformed
	// ErrDigestMismatch: the packet changed after it was signed.
	ErrDigestMismatch = cms.ErrDigestMismatch
	// ErrBadSignature: the signature value does not verify with the signer's key.
	ErrBadSignature = cms.ErrBadSignature
	// ErrUntrusted: the signer's certificate does not chain to the caller's
	// roots, or is not for signing (key usage).
	ErrUntrusted = cms.ErrUntrusted
	// ErrExpired: a certificate is expired or not yet valid at the
	// verification time, or the signing time is outside the signer's validity.
	ErrExpired = cms.ErrExpired
	// ErrWeakAlgorithm: SHA-1, MD5, RSA shorter than Policy.MinRSABits, or an
	// algorithm this version does not accept.
	ErrWeakAlgorithm = cms.ErrWeakAlgorithm
	// ErrSignerNotSender: the signature is good but the signer is not the
	// packet's sender (MaDonViGui).
	ErrSignerNotSender = errors.New("người ký không phải đơn vị gửi / signer is not the sender")
)

// ErrXMLSignature is returned for an XML packet: this version signs and
// verifies the JSON form (detached CMS) only; enveloped XML-DSig is the
// next step. Convert the packet to JSON to sign it.
var ErrXMLSignature = errors.New("signing: XML-DSig (the XML form) is not in this version; sign the JSON form")
