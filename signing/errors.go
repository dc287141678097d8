package signing

import (
	"errors"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"

	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
	"github.com/cbccvc/cbccvc-go/signing/internal/xmldsig"
)

// The failures of verification (docs/guide/en/08-errors.md#signatures-signing), for errors.Is. Every
// error Verify returns for a bad signature is an [*Error] wrapping exactly
// one of them (and ErrTimeStamp beside it for a bad time-stamp), with the
// detail of what failed in English and what to do in Vietnamese.
var (
	// ErrUnsigned: the packet has no ChuKySo.
	ErrUnsigned = xmldsig.ErrUnsigned
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
	// ErrWeakAlgorithm: SHA-1, MD5, RSA shorter than Policy.MinRSABits, an
	// algorithm this version or the policy does not accept, or, under
	// Policy.Profile ProfileTT15, what Circular 15/2025/TT-BKHCN does not
	// allow (with ErrNotTT15 beside it).
	ErrWeakAlgorithm = cms.ErrWeakAlgorithm
	// ErrSignerNotSender: the signature is good but the signer is not the
	// packet's sender (MaDonViGui).
	ErrSignerNotSender = errors.New("signer is not the sender")
	// ErrRevoked: a certificate of the signer's chain is revoked, as its
	// OCSP responder or CRL says (Policy.Revocation).
	ErrRevoked = errors.New("certificate revoked")
	// ErrRevocationUnknown: the revocation status of a certificate of the
	// chain could not be found and the checker fails hard (HardFail).
	ErrRevocationUnknown = errors.New("certificate revocation status unknown")
	// ErrTimeStamp marks an error about the signature's RFC 3161
	// time-stamp token rather than the signature itself; it always comes
	// with the sentinel of what failed (ErrUntrusted for a TSA not trusted
	// or not for time-stamping, ErrDigestMismatch for a token over other
	// data, ...), and Rule maps by that one.
	ErrTimeStamp = cms.ErrTimeStamp
)

// ErrNotTT15 marks a signature that does not meet Circular 15/2025/TT-BKHCN
// (docs/guide/en/05-signing.md#algorithms-circular-152025tt-bkhcn-by-default): RSA PKCS #1 v1.5, or a key shorter than the
// circular allows. Verify accepts such a signature from older systems and
// says so in Verified.Warnings (an *Error wrapping ErrNotTT15), unless
// Policy.Profile is ProfileTT15: it then refuses it with an error that
// wraps ErrWeakAlgorithm (R-SIG-003) and ErrNotTT15 beside it. NewSigner's
// refusal of what the circular does not allow wraps both too.
var ErrNotTT15 = errors.New("does not meet Circular 15/2025/TT-BKHCN")

// ErrWrapping: an XML packet's signature is placed or built so that what
// was signed may not be what is read (signature wrapping,
// docs/guide/en/05-signing.md#what-is-signed): more than one ds:Signature, one anywhere but as the last child of
// the root GoiTin, a second GoiTin, a Reference other than URI="", other
// transforms or canonicalisation than the profile's, a ds:Object, or a
// DOCTYPE. Rule R-SIG-005.
var ErrWrapping = xmldsig.ErrWrapping

// ErrLossy reports a packet that Sign refuses under WithLossless: it holds
// a value the model cannot carry whole (the error wraps the
// packet.Findings).
var ErrLossy = errors.New("the packet holds values the model cannot carry whole")

// ErrPassword reports a PKCS #12 file that cannot be opened with the
// password given (LoadPKCS12, LoadKeyFiles).
var ErrPassword = errors.New("wrong PKCS #12 password")

// ErrKeyFile reports a key or certificate file that is not what it should
// be (LoadPKCS12, LoadKeyFiles, ParsePrivateKeyPEM, ParseCertificatesPEM):
// not PKCS #12, no PEM key or certificate in it, an encrypted PEM key, or
// files that do not go together.
var ErrKeyFile = errors.New("unreadable key or certificate file")

// ErrKeyMismatch reports a key that is not the one of the certificate
// given with it (NewSigner).
var ErrKeyMismatch = errors.New("the key is not the certificate's")

// ErrNil reports a nil argument or receiver, or a zero Signer: a mistake
// in the calling code, returned as an error rather than a panic. Make a
// Signer with NewSigner.
var ErrNil = errors.New("nil argument or receiver")

// nilError is the *Error of a nil argument or receiver.
func nilError(en, vi string) *Error {
	return &Error{Err: ErrNil, MessageEN: en, MessageVI: vi}
}

// Error is the error of the package's functions for a signature that does
// not verify, a packet that cannot be signed, or a key that cannot be
// loaded, and a warning of Verified.Warnings about one that verified: Err
// is the sentinel above that names the failure (or ErrNotTT15), MessageEN
// says what failed in detail, MessageVI says it in Vietnamese with what to
// do. errors.Is matches the sentinel (and ErrTimeStamp beside it), and
// errors.As reaches the cause the detail comes from.
type Error struct {
	Err       error  // ErrUnsigned, ErrMalformed, … ErrWrapping, ErrPassword, ErrKeyFile, ErrKeyMismatch; ErrNotTT15 in a warning
	MessageEN string // what failed, in English, in detail
	MessageVI string // what failed and what to do, in Vietnamese

	cause error // the error the detail comes from
}

// Error returns the English message.
func (e *Error) Error() string { return "signing: " + e.MessageEN }

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// Messages returns the Vietnamese and the English messages.
func (e *Error) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// sentinelsVI says in Vietnamese what each sentinel means and what to do,
// in the order bilingual looks for them: the most specific first.
var sentinelsVI = []struct {
	err error
	vi  string
}{
	{ErrWrapping, "Chữ ký số XML bị bao gói hoặc đặt sai vị trí: gói tin chỉ được có một chữ ký số, là phần tử cuối cùng của gói tin (GoiTin). Đề nghị ký số lại gói tin bằng phần mềm theo đúng mẫu; nếu gói tin nhận từ bên ngoài, đề nghị giữ lại và báo cáo."},
	{ErrUnsigned, "Gói tin chưa được ký số (ChuKySo). Đề nghị ký số gói tin bằng chứng thư số của đơn vị gửi trước khi gửi."},
	{ErrSignerNotSender, "Người ký không phải đơn vị gửi: chứng thư số không mang mã định danh của đơn vị gửi (MaDonViGui). Đề nghị ký số bằng chứng thư số của đơn vị gửi, hoặc sửa lại mã định danh đơn vị gửi."},
	{ErrRevoked, "Chứng thư số đã bị thu hồi. Đề nghị không dùng gói tin này; nếu là chứng thư số của đơn vị, đề nghị xin cấp chứng thư số mới rồi ký số và gửi lại."},
	{ErrRevocationUnknown, "Không xác định được tình trạng thu hồi của chứng thư số. Đề nghị kiểm tra kết nối tới dịch vụ kiểm tra trạng thái chứng thư số rồi xác thực lại; chữ ký số không bị xác định là sai."},
	{ErrExpired, "Chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký số hoặc xác thực. Đề nghị dùng chứng thư số còn hiệu lực và kiểm tra đồng hồ của máy."},
	{ErrUntrusted, "Chứng thư số của người ký không được tin cậy: không dẫn tới chứng thư số gốc đã cấu hình, hoặc không dùng để ký số. Đề nghị bổ sung chứng thư số gốc vào kho tin cậy, hoặc dùng chứng thư số ký số do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp."},
	{ErrWeakAlgorithm, "Thuật toán ký số hoặc độ dài khóa không được chấp nhận. Đề nghị ký số bằng khóa và thuật toán hiện hành (RSA từ 2048 bit hoặc ECDSA P-256 trở lên)."},
	{ErrDigestMismatch, "Nội dung gói tin đã bị thay đổi sau khi ký số. Đề nghị không sửa gói tin đã ký: sửa dữ liệu rồi ký số lại."},
	{ErrBadSignature, "Giá trị chữ ký số không khớp với khóa của chứng thư số. Đề nghị kiểm tra khóa và chứng thư số có đúng một cặp, rồi ký số lại."},
	{ErrMalformed, "Chữ ký số (ChuKySo) sai cấu trúc. Đề nghị ký số lại gói tin."},
	{ErrPassword, "Mật khẩu của tệp chứng thư số (PKCS #12) không đúng. Đề nghị kiểm tra lại mật khẩu."},
}

// bilingual returns err as an *Error when it wraps one of the sentinels,
// and err itself otherwise (nil, an *Error already, a cancelled context, a
// packet's findings).
func bilingual(err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	for _, s := range sentinelsVI {
		if !errors.Is(err, s.err) {
			continue
		}
		vi := s.vi
		if errors.Is(err, ErrTimeStamp) {
			vi = "Dấu thời gian của chữ ký số không hợp lệ. " + vi
		}
		return &Error{Err: s.err, MessageEN: strings.TrimPrefix(err.Error(), "signing: "), MessageVI: vi, cause: err}
	}
	return err
}

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
