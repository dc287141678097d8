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
	MatchSigner   SignerMatcher    // default MatchAgencyCode
	Limits        packet.Limits    // for decoding the verified packet; zero fields take packet's defaults
}

// Verifier checks signed packets against its Policy. It is safe for
// concurrent use.
type Verifier struct {
	Policy Policy
}

// Verified is a packet whose signature verified.
type Verified struct {
	// Packet is decoded from Canonical, the bytes that were verified, never
	// from the input; its Signature is the one that verified.
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
	// it (zero when absent). The chain is checked at Policy.Now, not at it.
	SignedAt time.Time
}

// Verify checks a signed JSON packet (03-signing.md §3.2, §3.4): it
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
// An XML packet is checked as an enveloped XML-DSig (03-signing.md §3.3;
// see the package documentation): errors then also wrap ErrWrapping, and
// input that is not well-formed XML wraps ErrMalformed.
//
// The chain is checked at Policy.Now, not at the signing-time attribute,
// which the signer asserts: a packet signed with a certificate that has
// since expired no longer verifies. (03-signing.md §3.2 allows the signing
// time once an RFC 3161 time-stamp vouches for it; time-stamps are not
// supported yet.)
func (v *Verifier) Verify(ctx context.Context, signed []byte) (*Verified, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if isXML(signed) {
		return v.verifyXML(signed)
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
	now := time.Now
	if pol.Now != nil {
		now = pol.Now
	}
	res, err := cms.Verify(der, canon, cms.Options{
		Roots: pol.Roots, Intermediates: pol.Intermediates, At: now(), Skew: pol.Skew, MinRSABits: pol.MinRSABits,
	})
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	var chain []*x509.Certificate
	if len(res.Chains) > 0 {
		chain = res.Chains[0]
	}
	return pol.finish(canon, packet.FormatJSON, sig, res.Signer, chain, res.SigningTime)
}

// finish decodes the packet from canon, the bytes whose signature verified,
// checks that the signer is its sender, and makes the Verified.
func (pol *Policy) finish(canon []byte, f packet.Format, sig *packet.Signature, signer *x509.Certificate, chain []*x509.Certificate, signedAt time.Time) (*Verified, error) {
	p, err := packet.Decode(bytes.NewReader(canon), f, pol.Limits)
	if p == nil {
		return nil, fmt.Errorf("signing: the signed content is not a packet: %w", err)
	}
	var findings packet.Findings
	if err != nil && !errors.As(err, &findings) {
		return nil, fmt.Errorf("signing: the signed content is not a packet: %w", err)
	}
	p.Signature = sig

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
