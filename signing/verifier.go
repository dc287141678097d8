package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/panics"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// Policy is what a Verifier trusts and accepts. The zero Policy trusts
// nothing: Roots is required, and the system's roots are never used.
type Policy struct {
	Roots         *x509.CertPool   // trust anchors; required
	Intermediates *x509.CertPool   // optional, beside those a signature carries
	Now           func() time.Time // the clock the chain is checked at; default time.Now
	Skew          time.Duration    // clock skew allowed on certificate validity; default 0
	MinRSABits    int              // default 2048
	// Algorithms is the allow-list of signature algorithms, for both
	// formats; empty means DefaultAlgorithms(). A signature by another
	// algorithm is ErrWeakAlgorithm.
	Algorithms []Algorithm
	// Profile ProfileTT15 requires Circular 15/2025/TT-BKHCN: a signature
	// that does not meet it (RSA PKCS #1 v1.5, an RSA key under 2048 bits
	// whatever MinRSABits says) is refused, ErrWeakAlgorithm with
	// ErrNotTT15 (R-SIG-003). The zero Profile accepts such a signature
	// from older systems, within Algorithms and MinRSABits, and says so in
	// Verified.Warnings.
	Profile     Profile
	MatchSigner SignerMatcher // default MatchAgencyCode
	// TSARoots are the trust anchors of time-stamp authorities; nil means
	// Roots. A TSA's certificate must also be for time-stamping alone
	// (RFC 3161 §2.3).
	TSARoots *x509.CertPool
	// Revocation, when not nil, is asked about the signer's certificate and
	// each intermediate of the verified chain. Nil checks nothing.
	Revocation RevocationChecker
	Limits     packet.Limits // for decoding the verified packet; zero fields take packet's defaults
}

// Verifier checks signed packets against its Policy. It is safe for
// concurrent use. The zero Verifier trusts no root, so every signature is
// ErrUntrusted; a nil *Verifier returns ErrNil.
type Verifier struct {
	Policy Policy
}

// Verified is a packet whose signature verified.
type Verified struct {
	// Packet is the packet of Canonical, the bytes that were verified,
	// never of anything else in the input: a JSON packet is decoded from
	// them; an XML packet is bound, in the one reading of the input, from
	// the very tokens they are written from. Its Signature is the one that
	// verified.
	Packet    *packet.Packet
	Canonical []byte
	// Findings are the values of the packet that did not parse into the
	// model (packet.Decode's findings); a Validator gives all of them.
	Findings packet.Findings
	Signer   *x509.Certificate
	Chain    []*x509.Certificate // the signer to the root, as verified
	// Agency is the agency code in the certificate that matched the sender;
	// when a custom MatchSigner accepted a certificate that names none, the
	// sender.
	Agency identifier.AgencyCode
	// SignedAt is the signer's signing-time attribute, as the signer asserts
	// it (zero when absent). The chain is checked at Policy.Now, or at
	// TimeStampedAt, never at it.
	SignedAt time.Time
	// Algorithm is the algorithm of the signature that verified.
	Algorithm Algorithm
	// TimeStampedAt is the time of the signature's RFC 3161 time-stamp
	// token, which a TSA trusted by Policy.TSARoots vouches for, and the
	// time the chain was checked at; zero when there is no token.
	TimeStampedAt time.Time
	// TimeStampAuthority is the certificate of the TSA that made the token.
	TimeStampAuthority *x509.Certificate
	// Warnings are what the receiver should know of a signature that
	// verified, each an *Error with its sentinel and messages: ErrNotTT15
	// for one that does not meet Circular 15/2025/TT-BKHCN (RSA PKCS #1
	// v1.5 from an older system), which Policy.Profile ProfileTT15 would
	// have refused. Empty for a signature that meets it.
	Warnings []*Error
}

// Verify checks a signed JSON packet (docs/guide/en/05-signing.md#what-is-signed, #certificates-and-keys): it
// recomputes the canonical bytes, checks the CMS SignedData in ChuKySo
// (structure, algorithms, content type, message digest, the signer's chain
// to Policy.Roots at Policy.Now, key usage, signature value), decodes the
// packet from the canonical bytes, and checks that the signer is the sender.
//
// A bad signature is reported with an error wrapping one of ErrUnsigned,
// ErrMalformed, ErrDigestMismatch, ErrBadSignature, ErrUntrusted, ErrExpired,
// ErrWeakAlgorithm or ErrSignerNotSender. Input that is not a JSON packet is
// reported with an error wrapping none of them.
//
// An XML packet is checked as an enveloped XML-DSig (docs/guide/en/05-signing.md#what-is-signed;
// see the package documentation): errors then also wrap ErrWrapping, and
// input that is not well-formed XML wraps ErrMalformed.
//
// The chain is checked at Policy.Now, not at the signing-time attribute,
// which the signer asserts: a packet signed with a certificate that has
// since expired no longer verifies, unless the signature carries an RFC
// 3161 time-stamp token (docs/guide/en/05-signing.md#time-stamps-rfc-3161). A token is checked (its
// TSA's chain to Policy.TSARoots at Policy.Now, the TSA's time-stamping
// purpose, its signature, its imprint of the signature value), and the
// signer's chain is then checked at the token's time; a token that does
// not verify fails the packet. With Policy.Revocation set, the chain's
// certificates must not be revoked (ErrRevoked), whatever the time.
func (v *Verifier) Verify(ctx context.Context, signed []byte) (*Verified, error) {
	switch {
	case v == nil:
		return nil, nilError("Verify on a nil *Verifier",
			"Chưa cấu hình bộ xác thực chữ ký số (Verifier). Đề nghị tạo Verifier với chứng thư số gốc được tin cậy.")
	case ctx == nil:
		return nil, nilError("Verify with a nil context.Context",
			"Thiếu ngữ cảnh của lời gọi (context). Đề nghị truyền context.Background() hoặc một ngữ cảnh có thời hạn.")
	}
	got, err := v.verify(ctx, signed)
	return got, bilingual(err)
}

func (v *Verifier) verify(ctx context.Context, signed []byte) (*Verified, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := formatOf(signed)
	if err != nil {
		return nil, err
	}
	if f == packet.FormatXML {
		return v.verifyXML(ctx, signed)
	}
	canon, rawSig, err := split(signed)
	if err != nil {
		return nil, err
	}
	if len(rawSig) == 0 || string(rawSig) == "null" {
		return nil, ErrUnsigned
	}
	sig, der, err := decodeSignature(rawSig)
	if err != nil {
		return nil, err
	}
	pol := v.Policy
	if err := pol.checkProfile(); err != nil {
		return nil, err
	}
	// The packet is decoded from canon while the signature over it is
	// checked, on cores the decoding leaves idle at times; a packet whose
	// signature does not verify is refused for that, whatever it holds.
	decoded := make(chan decodedPacket, 1)
	go func() {
		var dp decodedPacket
		defer func() { decoded <- dp }()
		defer panics.Recover(packet.ErrPanic, &dp.err)
		dp.p, dp.findings, dp.err = packet.DecodeBytes(canon, packet.FormatJSON, pol.Limits)
	}()
	res, err := cms.Verify(der, canon, pol.cmsOptions())
	dp := <-decoded
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	alg := algorithmOf(res.Algorithm)
	warnings, err := pol.tt15(alg, res.Signer)
	if err != nil {
		return nil, err
	}
	var chain []*x509.Certificate
	if len(res.Chains) > 0 {
		chain = res.Chains[0]
	}
	if err := pol.checkRevocation(ctx, chain); err != nil {
		return nil, err
	}
	got, err := pol.finish(dp, canon, sig, res.Signer, chain, res.SigningTime)
	if err != nil {
		return nil, err
	}
	got.Algorithm, got.Warnings = alg, warnings
	if ts := res.TimeStamp; ts != nil {
		got.TimeStampedAt, got.TimeStampAuthority = ts.Time, ts.Authority
	}
	return got, nil
}

// now returns the policy's clock's time.
func (pol *Policy) now() time.Time {
	if pol.Now != nil {
		return pol.Now()
	}
	return time.Now()
}

// checkProfile refuses a Policy.Profile this version does not know, rather
// than guess what its author meant it to require.
func (pol *Policy) checkProfile() error {
	if pol.Profile.Algorithms() == nil {
		return fmt.Errorf("signing: unknown Policy.Profile %q", pol.Profile)
	}
	return nil
}

// tt15 checks a signature by alg with the key of signer against Circular
// 15/2025/TT-BKHCN: what does not meet it is refused under ProfileTT15 and
// a warning otherwise.
func (pol *Policy) tt15(alg Algorithm, signer *x509.Certificate) ([]*Error, error) {
	en, vi := notTT15(alg, signer.PublicKey)
	switch {
	case en == "":
		return nil, nil
	case pol.Profile == ProfileTT15:
		return nil, &Error{Err: ErrWeakAlgorithm, MessageEN: en + "; the policy requires the circular",
			MessageVI: "Chữ ký số của gói tin dùng " + vi + "; bên nhận chỉ chấp nhận chữ ký số đáp ứng Thông tư này. Đề nghị ký số lại gói tin bằng RSASSA-PSS với khóa RSA từ 2048 bit (khóa và chứng thư số RSA hiện có vẫn dùng được), hoặc bằng khóa ECDSA.",
			cause:     fmt.Errorf("%w: %w", ErrWeakAlgorithm, ErrNotTT15)}
	}
	return []*Error{{Err: ErrNotTT15, MessageEN: en + "; accepted from an older system",
		MessageVI: "Chữ ký số của gói tin dùng " + vi + "; gói tin vẫn được chấp nhận vì hệ thống cũ còn ký số theo cách này. Đề nghị đơn vị gửi chuyển sang ký số theo Thông tư 15: RSASSA-PSS với khóa RSA từ 2048 bit, hoặc ECDSA."}}, nil
}

// cmsOptions is the policy for the cms package, at the policy's time.
func (pol *Policy) cmsOptions() cms.Options {
	return cms.Options{
		Roots: pol.Roots, Intermediates: pol.Intermediates, At: pol.now(), Skew: pol.Skew, MinRSABits: pol.MinRSABits,
		Accept: func(a cms.Algorithm) bool { return pol.accepts(algorithmOf(a)) }, TSARoots: pol.TSARoots,
	}
}

// checkRevocation asks Policy.Revocation about each certificate of chain
// but the root.
func (pol *Policy) checkRevocation(ctx context.Context, chain []*x509.Certificate) error {
	if pol.Revocation == nil {
		return nil
	}
	for i := 0; i+1 < len(chain); i++ {
		if err := pol.Revocation.Check(ctx, chain[i], chain[i+1]); err != nil {
			return fmt.Errorf("signing: %q: %w", chain[i].Subject.CommonName, err)
		}
	}
	return nil
}

// decodedPacket is what packet.DecodeBytes returned.
type decodedPacket struct {
	p        *packet.Packet
	findings packet.Findings
	err      error
}

// finish takes dp, the packet decoded from canon, the JSON bytes whose
// signature verified (its header first, its records on all cores: see
// packet.DecodeBytes), and makes the Verified.
func (pol *Policy) finish(dp decodedPacket, canon []byte, sig *packet.Signature, signer *x509.Certificate, chain []*x509.Certificate, signedAt time.Time) (*Verified, error) {
	if dp.err != nil {
		return nil, fmt.Errorf("signing: the signed content is not a packet: %w", dp.err)
	}
	dp.p.Signature = sig
	return pol.verified(dp.p, dp.findings, canon, signer, chain, signedAt)
}

// verified checks that the signer is the sender of p, the packet whose
// signature verified, and makes the Verified.
func (pol *Policy) verified(p *packet.Packet, findings packet.Findings, canon []byte, signer *x509.Certificate, chain []*x509.Certificate, signedAt time.Time) (*Verified, error) {
	sender := p.Header.Sender
	match := pol.MatchSigner
	if match == nil {
		match = MatchAgencyCode
	}
	if err := match(signer, sender); err != nil {
		if !errors.Is(err, ErrSignerNotSender) {
			err = fmt.Errorf("%w: %w", ErrSignerNotSender, err)
		}
		return nil, err
	}
	agency, ok := matchCode(signer, sender)
	if !ok {
		agency = sender
	}
	return &Verified{
		Packet: p, Canonical: canon, Findings: findings,
		Signer: signer, Chain: chain, Agency: agency, SignedAt: signedAt,
	}, nil
}

// decodeSignature reads ChuKySo: {"DinhDang":"CMS","GiaTri":"<base64 DER>"}.
func decodeSignature(raw json.RawMessage) (*packet.Signature, []byte, error) {
	var sig packet.Signature
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sig); err != nil {
		return nil, nil, fmt.Errorf("signing: %w: ChuKySo: %v", ErrMalformed, err)
	}
	if sig.Format != FormatCMS {
		return nil, nil, fmt.Errorf("signing: %w: ChuKySo.DinhDang is %q, want %q", ErrMalformed, sig.Format, FormatCMS)
	}
	if len(sig.Value) > base64.StdEncoding.EncodedLen(cms.MaxDERBytes) {
		return nil, nil, fmt.Errorf("signing: %w: ChuKySo.GiaTri is longer than %d bytes", ErrMalformed, base64.StdEncoding.EncodedLen(cms.MaxDERBytes))
	}
	der, err := base64.StdEncoding.DecodeString(sig.Value)
	if err != nil {
		return nil, nil, fmt.Errorf("signing: %w: ChuKySo.GiaTri is not base64: %v", ErrMalformed, err)
	}
	if len(der) == 0 {
		return nil, nil, fmt.Errorf("signing: %w: ChuKySo.GiaTri is empty", ErrMalformed)
	}
	return &sig, der, nil
}
