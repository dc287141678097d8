package signing

import (
	"errors"

	"github.com/cbccvc/cbccvc-go/packet"

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
	// ErrRevoked: a certificate of the signer's chain is revoked, as its
	// OCSP responder or CRL says (Policy.Revocation).
	ErrRevoked = errors.New("chứng thư số đã bị thu hồi / certificate revoked")
	// ErrRevocationUnknown: the revocation status of a certificate of the
	// chain could not be found and the checker fails hard (HardFail).
	ErrRevocationUnknown = errors.New("không xác định được tình trạng thu hồi của chứng thư số / certificate revocation status unknown")
	// ErrTimeStamp marks an error about the signature's RFC 3161
	// time-stamp token rather than the signature itself; it always comes
	// with the sentinel of what failed (ErrUntrusted for a TSA not trusted
	// or not for time-stamping, ErrDigestMismatch for a token over other
	// data, ...), and Rule maps by that one.
	ErrTimeStamp = cms.ErrTimeStamp
)

// ErrWrapping: an XML packet's signature is placed or built so that what
// was signed may not be what is read (signature wrapping, 03-signing.md
// §3.3): more than one ds:Signature, one anywhere but as the last child of
// the root GoiTin, a second GoiTin, a Reference other than URI="", other
// transforms or canonicalisation than the profile's, a ds:Object, or a
// DOCTYPE. Rule R-SIG-005.
var ErrWrapping = errors.New("chữ ký XML bị bao gói hoặc sai vị trí / XML signature wrapping")

// Rule returns the code of the rule of the catalogue (packet.RuleSignature*)
// that a verification error breaks, and "" for an error that wraps none of
// the sentinels above (input that is not a packet, a cancelled context):
//
//	ErrUnsigned                                      R-SIG-001
//	ErrMalformed, ErrDigestMismatch, ErrBadSignature R-SIG-002
//	ErrUntrusted, ErrExpired, ErrWeakAlgorithm,
//	ErrRevoked, ErrRevocationUnknown                 R-SIG-003
//	ErrSignerNotSender                               R-SIG-004
//	ErrWrapping                                      R-SIG-005
func Rule(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrWrapping):
		return packet.RuleSignatureWrapping
	case errors.Is(err, ErrUnsigned):
		return packet.RuleSignatureMissing
	case errors.Is(err, ErrSignerNotSender):
		return packet.RuleSignatureSigner
	case errors.Is(err, ErrUntrusted), errors.Is(err, ErrExpired), errors.Is(err, ErrWeakAlgorithm),
		errors.Is(err, ErrRevoked), errors.Is(err, ErrRevocationUnknown):
		return packet.RuleSignatureCertificate
	case errors.Is(err, ErrMalformed), errors.Is(err, ErrDigestMismatch), errors.Is(err, ErrBadSignature):
		return packet.RuleSignatureInvalid
	}
	return ""
}
