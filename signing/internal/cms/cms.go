// Package cms makes and checks detached CMS SignedData (RFC 5652) over
// content held in memory. It is the only code of the SDK that uses
// github.com/digitorus/pkcs7, and closes that library's traps:
//
//   - pkcs7's Verify checks no chain, and its VerifyWithChain checks the chain
//     at the signer-asserted signing-time attribute; Verify here always checks
//     the chain to the caller's roots (never the system's) at a time the caller
//     trusts, or that a time-stamp authority the caller trusts vouches for;
//   - pkcs7's default digest is SHA-1; Sign uses SHA-256 unless told
//     otherwise, and Verify refuses SHA-1, MD5, RSA keys shorter than the
//     minimum and any algorithm outside the caller's allow-list;
//   - pkcs7 does not check the content-type attribute; Verify requires id-data;
//   - pkcs7 can neither make nor check RSASSA-PSS: Sign labels the SignerInfo
//     id-RSASSA-PSS with its parameters (RFC 4055) itself, and Verify checks
//     every signature value itself, over the signed attributes as they were
//     received, with crypto/rsa and crypto/ecdsa;
//   - the parser is not hardened: input is capped at MaxDERBytes and a panic in
//     it becomes ErrMalformed.
package cms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/digitorus/pkcs7"
)

// MaxDERBytes is the largest SignedData Verify reads: a signature with a
// certificate chain and a time-stamp token is a few kilobytes.
const MaxDERBytes = 1 << 20

// The errors Verify wraps; the signing package exports them and gives
// them their Vietnamese messages.
var (
	ErrMalformed      = errors.New("malformed signature")
	ErrDigestMismatch = errors.New("digest mismatch: the content changed after signing")
	ErrBadSignature   = errors.New("bad signature value")
	ErrUntrusted      = errors.New("untrusted certificate")
	ErrExpired        = errors.New("certificate expired or not yet valid")
	ErrWeakAlgorithm  = errors.New("algorithm not accepted")
)

// OIDs not in pkcs7.
var (
	oidMD5        = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 5}
	oidSHA512_256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 6}
	// OIDTimeStampToken is the unsigned attribute id-aa-timeStampToken
	// (RFC 3161 appendix A) that carries a time-stamp token over the
	// SignerInfo's signature value.
	OIDTimeStampToken = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

// SignOptions says how Sign signs.
type SignOptions struct {
	// Algorithm is the signature scheme and hash. A zero Scheme is
	// RSASSA-PSS for an RSA key and ECDSA for an ECDSA key; a zero Hash
	// is SHA-256.
	Algorithm Algorithm
	// TimeStamp, when not nil, is given the signature value and returns an
	// RFC 3161 time-stamp token over it (a DER ContentInfo), which goes into
	// the SignerInfo as the unsigned attribute id-aa-timeStampToken.
	TimeStamp func(signature []byte) ([]byte, error)
	// SigningTime is the signing-time attribute; zero means the system
	// clock.
	SigningTime time.Time
	// Digest, when not nil, is the content's digest by the Algorithm's
	// hash, which the caller computed (while it checked the content, say);
	// Sign computes it otherwise.
	Digest []byte
}

// Sign returns a detached SignedData over content, with the signed
// attributes content-type (id-data), message-digest and signing-time, and
// chain (the signer's certificate first, then its intermediates) in
// certificates. The key signs once, the attributes as they are sent.
func Sign(content []byte, key crypto.Signer, chain []*x509.Certificate, opts SignOptions) ([]byte, error) {
	if len(chain) == 0 {
		return nil, errors.New("cms: no signer certificate")
	}
	alg, err := KeyAlgorithm(key.Public(), opts.Algorithm)
	if err != nil {
		return nil, err
	}
	digest := opts.Digest
	if digest == nil {
		h := alg.Hash.New()
		h.Write(content)
		digest = h.Sum(nil)
	} else if len(digest) != alg.Hash.Size() {
		return nil, fmt.Errorf("cms: a digest of %d bytes, not one by %v", len(digest), alg.Hash)
	}
	// pkcs7 writes the SignedData, the content detached, and signs the
	// attributes it writes, over its own digest of the content and at the
	// system clock: it is given no content and a key that keeps the
	// signature for later, and the attributes are set and signed below.
	sd, err := pkcs7.NewSignedData(nil)
	if err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	sd.SetDigestAlgorithm(digestOID(alg.Hash))
	if err := sd.AddSignerChain(chain[0], laterSigner{key}, chain[1:], pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	si := &sd.GetSignedData().SignerInfos[0]
	signer := key
	if alg.Scheme == PSS {
		// The SignerInfo is labelled RSASSA-PSS, and the wrapper makes
		// the key sign so.
		params, err := marshalPSSParams(alg.Hash)
		if err != nil {
			return nil, fmt.Errorf("cms: %w", err)
		}
		si.DigestEncryptionAlgorithm = pkix.AlgorithmIdentifier{Algorithm: oidRSAPSS, Parameters: params}
		signer = pssSigner{key, &rsa.PSSOptions{SaltLength: alg.Hash.Size(), Hash: alg.Hash}}
	}
	attrs := make([]signedAttribute, len(si.AuthenticatedAttributes))
	for i, a := range si.AuthenticatedAttributes {
		attrs[i] = signedAttribute{Type: a.Type, Value: a.Value}
	}
	if si.EncryptedDigest, err = signAttributes(attrs, digest, opts.SigningTime, signer, alg.Hash); err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	for i := range si.AuthenticatedAttributes {
		si.AuthenticatedAttributes[i].Value = attrs[i].Value
	}
	if opts.TimeStamp != nil {
		token, err := opts.TimeStamp(si.EncryptedDigest)
		if err != nil {
			return nil, fmt.Errorf("cms: time-stamp: %w", err)
		}
		var raw asn1.RawValue
		if rest, err := asn1.Unmarshal(token, &raw); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("cms: the time-stamp token is not one DER value")
		}
		if err := si.SetUnauthenticatedAttributes([]pkcs7.Attribute{{Type: OIDTimeStampToken, Value: raw}}); err != nil {
			return nil, fmt.Errorf("cms: %w", err)
		}
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	return der, nil
}

// laterSigner is a key as pkcs7 sees it while it writes the SignerInfo:
// it tells the key's type, and signs nothing (the signature is made by
// signAttributes, once the attributes are final).
type laterSigner struct{ crypto.Signer }

func (laterSigner) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) { return []byte{}, nil }

// signedAttribute is an attribute as pkcs7 keeps it: its value a SET.
type signedAttribute struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"set"`
}

// signAttributes sets the message-digest attribute of attrs to digest,
// and the signing-time attribute to t unless t is zero, and returns the
// signature of the attributes' DER SET OF by key.
func signAttributes(attrs []signedAttribute, digest []byte, t time.Time, key crypto.Signer, h crypto.Hash) ([]byte, error) {
	md, err := asn1.Marshal(digest)
	if err != nil {
		return nil, err
	}
	set := map[string][]byte{pkcs7.OIDAttributeMessageDigest.String(): md}
	if !t.IsZero() {
		if set[pkcs7.OIDAttributeSigningTime.String()], err = asn1.Marshal(t.UTC()); err != nil {
			return nil, err
		}
	}
	for i := range attrs {
		if v, ok := set[attrs[i].Type.String()]; ok {
			attrs[i].Value = asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}
			delete(set, attrs[i].Type.String())
		}
	}
	if len(set) > 0 {
		return nil, errors.New("no message-digest or signing-time attribute to set")
	}
	der, err := asn1.Marshal(struct {
		A []signedAttribute `asn1:"set"`
	}{attrs})
	if err != nil {
		return nil, err
	}
	var raw asn1.RawValue // the SET OF inside the SEQUENCE: what is signed
	if _, err := asn1.Unmarshal(der, &raw); err != nil {
		return nil, err
	}
	d := h.New()
	d.Write(raw.Bytes)
	return key.Sign(rand.Reader, d.Sum(nil), h)
}

// Options says what Verify trusts.
type Options struct {
	Roots         *x509.CertPool // required: the trust anchors; the system's are never used
	Intermediates *x509.CertPool // optional, beside those in the SignedData
	At            time.Time      // when the chain must be valid, absent a time-stamp; required
	Skew          time.Duration  // a certificate valid within Skew of At is accepted
	MinRSABits    int            // default 2048
	// Accept is the algorithm allow-list of the signer's signature; nil
	// is DefaultAccept. Time-stamp tokens are held to DefaultAccept.
	Accept func(Algorithm) bool
	// TSARoots are the trust anchors of time-stamp authorities; nil means
	// Roots.
	TSARoots *x509.CertPool
}

func (o *Options) accept(a Algorithm) bool {
	if o.Accept == nil {
		return DefaultAccept(a)
	}
	return o.Accept(a)
}

// Result is what a verified SignedData says.
type Result struct {
	Signer      *x509.Certificate
	Chains      [][]*x509.Certificate
	SigningTime time.Time // zero when the signing-time attribute is absent
	Algorithm   Algorithm
	// TimeStamp is the verified time-stamp token, nil when there is none;
	// the chains were then checked at its time.
	TimeStamp *TimeStamp
}

func parse(der []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: parser panic: %v", ErrMalformed, r)
		}
	}()
	if err := checkEnvelope(der); err != nil {
		return nil, err
	}
	p7, err = pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return p7, nil
}

// Verify checks a detached SignedData der over content: its structure, the
// algorithm policy, the content-type attribute, the message digest, the
// signature, a time-stamp token if there is one, the signer's chain to
// opts.Roots at opts.At (or at the token's time) and its key usage.
// Every error wraps one of the package's sentinels.
func Verify(der, content []byte, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: panic: %v", ErrMalformed, r)
		}
	}()
	if len(der) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrMalformed)
	}
	if len(der) > MaxDERBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrMalformed, len(der), MaxDERBytes)
	}
	if opts.Roots == nil {
		return nil, fmt.Errorf("%w: no trust store given", ErrUntrusted)
	}
	if opts.At.IsZero() {
		return nil, errors.New("cms: no verification time given")
	}
	p7, err := parse(der)
	if err != nil {
		return nil, err
	}
	if len(p7.Signers) != 1 {
		return nil, fmt.Errorf("%w: %d signers, want 1", ErrMalformed, len(p7.Signers))
	}
	if len(p7.Content) != 0 {
		return nil, fmt.Errorf("%w: not detached (has eContent)", ErrMalformed)
	}
	si := signerOf(p7)
	ee := p7.GetOnlySigner()
	if ee == nil {
		return nil, fmt.Errorf("%w: the signer's certificate is not in the SignedData", ErrMalformed)
	}

	// Algorithm policy.
	alg, salt, err := signerAlgorithm(si.DigestAlgorithm, si.SignatureAlgorithm, ee.PublicKey)
	if err != nil {
		return nil, err
	}
	if !opts.accept(alg) {
		return nil, fmt.Errorf("%w: %v is not among the algorithms the policy accepts", ErrWeakAlgorithm, alg)
	}
	if err := CheckKey(ee, opts.MinRSABits); err != nil {
		return nil, err
	}

	// Signed attributes, message digest, signature value.
	attrs, err := checkSignedAttributes(si, pkcs7.OIDData, content, alg.Hash)
	if err != nil {
		return nil, err
	}
	if err := checkSignature(ee.PublicKey, alg, salt, attrs.raw, si.EncryptedDigest); err != nil {
		return nil, err
	}

	// A time-stamp token over the signature value vouches for the time the
	// chain is checked at.
	res = &Result{Signer: ee, SigningTime: attrs.signingTime, Algorithm: alg}
	chainOpts := opts
	token, err := si.timeStampToken()
	if err != nil {
		return nil, err
	}
	if token != nil {
		if res.TimeStamp, err = verifyTimeStamp(token, si.EncryptedDigest, opts); err != nil {
			return nil, err
		}
		chainOpts.At = res.TimeStamp.Time
	}

	// Chain, at the trusted time, to the caller's roots only.
	var others []*x509.Certificate
	for _, c := range p7.Certificates {
		if c != ee {
			others = append(others, c)
		}
	}
	if res.Chains, err = checkChain(ee, others, chainOpts); err != nil {
		return nil, err
	}
	if st := attrs.signingTime; !st.IsZero() && (st.Before(ee.NotBefore) || st.After(ee.NotAfter)) {
		return nil, fmt.Errorf("%w: signing time %s is outside the certificate's validity %s to %s", ErrExpired,
			st.Format(time.RFC3339), ee.NotBefore.Format(time.RFC3339), ee.NotAfter.Format(time.RFC3339))
	}
	return res, nil
}

// signedAttributes is what checkSignedAttributes read.
type signedAttributes struct {
	raw         []byte // the DER SET OF Attribute the signature covers
	signingTime time.Time
}

// checkSignedAttributes checks the SignerInfo's signed attributes: each at
// most once, content-type equal to contentType, message-digest equal to the
// hash h of content, signing-time well-formed when present.
func checkSignedAttributes(si *signerInfo, contentType asn1.ObjectIdentifier, content []byte, h crypto.Hash) (*signedAttributes, error) {
	if len(si.AuthenticatedAttributes) == 0 {
		return nil, fmt.Errorf("%w: no signed attributes", ErrMalformed)
	}
	var out signedAttributes
	var ct asn1.ObjectIdentifier
	var digest []byte
	seen := map[string]bool{}
	var body []byte
	for _, a := range si.AuthenticatedAttributes {
		enc, err := asn1.Marshal(struct {
			Type  asn1.ObjectIdentifier
			Value asn1.RawValue
		}{a.Type, a.Value})
		if err != nil {
			return nil, fmt.Errorf("%w: signed attribute %s: %v", ErrMalformed, a.Type, err)
		}
		body = append(body, enc...)
		var target any
		switch {
		case a.Type.Equal(pkcs7.OIDAttributeContentType):
			target = &ct
		case a.Type.Equal(pkcs7.OIDAttributeMessageDigest):
			target = &digest
		case a.Type.Equal(pkcs7.OIDAttributeSigningTime):
			target = &out.signingTime
		default:
			continue
		}
		if seen[a.Type.String()] {
			return nil, fmt.Errorf("%w: attribute %s appears more than once", ErrMalformed, a.Type)
		}
		seen[a.Type.String()] = true
		// An attribute's value is a SET of exactly one value here.
		var one asn1.RawValue
		if rest, err := asn1.Unmarshal(a.Value.Bytes, &one); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("%w: attribute %s does not hold one value", ErrMalformed, a.Type)
		}
		if rest, err := asn1.Unmarshal(one.FullBytes, target); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("%w: attribute %s: %v", ErrMalformed, a.Type, err)
		}
	}
	if ct == nil {
		return nil, fmt.Errorf("%w: no content-type signed attribute", ErrMalformed)
	}
	if !ct.Equal(contentType) {
		return nil, fmt.Errorf("%w: content-type %s, want %s", ErrMalformed, ct, contentType)
	}
	if digest == nil {
		return nil, fmt.Errorf("%w: no message-digest signed attribute", ErrMalformed)
	}
	hh := h.New()
	hh.Write(content)
	if subtle.ConstantTimeCompare(digest, hh.Sum(nil)) != 1 {
		return nil, ErrDigestMismatch
	}
	// The signature covers the attributes as received, with the SET OF tag.
	raw, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: body})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	out.raw = raw
	return &out, nil
}

// checkSignature checks the signature value sig over signed with pub, by
// alg (salt is the PSS salt length).
func checkSignature(pub crypto.PublicKey, alg Algorithm, salt int, signed, sig []byte) error {
	h := alg.Hash.New()
	h.Write(signed)
	digest := h.Sum(nil)
	switch alg.Scheme {
	case PKCS1v15:
		if err := rsa.VerifyPKCS1v15(pub.(*rsa.PublicKey), alg.Hash, digest, sig); err != nil {
			return fmt.Errorf("%w: %v", ErrBadSignature, err)
		}
	case PSS:
		if err := rsa.VerifyPSS(pub.(*rsa.PublicKey), alg.Hash, digest, sig, &rsa.PSSOptions{SaltLength: salt, Hash: alg.Hash}); err != nil {
			return fmt.Errorf("%w: %v", ErrBadSignature, err)
		}
	case ECDSA:
		if !ecdsa.VerifyASN1(pub.(*ecdsa.PublicKey), digest, sig) {
			return fmt.Errorf("%w: ECDSA signature does not verify", ErrBadSignature)
		}
	default:
		return fmt.Errorf("%w: %v", ErrWeakAlgorithm, alg)
	}
	return nil
}

// CheckKey applies the algorithm policy to the signer's certificate c: an
// RSA key of at least minRSA bits (0: 2048) or an ECDSA key of at least 256
// bits, and the certificate signed with SHA-256/384/512. Errors wrap
// ErrWeakAlgorithm.
func CheckKey(c *x509.Certificate, minRSA int) error {
	if minRSA == 0 {
		minRSA = 2048
	}
	if err := checkKey(c, minRSA); err != nil {
		return err
	}
	switch c.SignatureAlgorithm {
	case x509.SHA256WithRSA, x509.SHA384WithRSA, x509.SHA512WithRSA,
		x509.SHA256WithRSAPSS, x509.SHA384WithRSAPSS, x509.SHA512WithRSAPSS,
		x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512:
	default:
		return fmt.Errorf("%w: the signer's certificate is signed with %v", ErrWeakAlgorithm, c.SignatureAlgorithm)
	}
	return nil
}

// CheckChain checks the signer's certificate ee the way Verify does: its
// chain to opts.Roots only (never the system's), through opts.Intermediates
// and others (the certificates the signature carries), at opts.At, and its
// key usage digitalSignature or nonRepudiation. Errors wrap ErrUntrusted,
// ErrExpired or ErrWeakAlgorithm.
func CheckChain(ee *x509.Certificate, others []*x509.Certificate, opts Options) ([][]*x509.Certificate, error) {
	if opts.Roots == nil {
		return nil, fmt.Errorf("%w: no trust store given", ErrUntrusted)
	}
	if opts.At.IsZero() {
		return nil, errors.New("cms: no verification time given")
	}
	return checkChain(ee, others, opts)
}

func checkChain(ee *x509.Certificate, others []*x509.Certificate, opts Options) ([][]*x509.Certificate, error) {
	chains, err := verifyChain(ee, others, opts.Roots, opts, x509.ExtKeyUsageAny)
	if err != nil {
		return nil, err
	}
	if ee.KeyUsage != 0 && ee.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return nil, fmt.Errorf("%w: key usage has neither digitalSignature nor nonRepudiation", ErrUntrusted)
	}
	if ee.KeyUsage == 0 {
		return nil, fmt.Errorf("%w: the certificate has no key usage", ErrUntrusted)
	}
	return chains, nil
}

// verifyChain builds ee's chains to roots through opts.Intermediates and
// others at opts.At (within opts.Skew), for the extended key usage eku.
func verifyChain(ee *x509.Certificate, others []*x509.Certificate, roots *x509.CertPool, opts Options, eku x509.ExtKeyUsage) ([][]*x509.Certificate, error) {
	inter := x509.NewCertPool()
	if opts.Intermediates != nil {
		inter = opts.Intermediates.Clone()
	}
	for _, c := range others {
		inter.AddCert(c)
	}
	vo := x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   opts.At,
		KeyUsages:     []x509.ExtKeyUsage{eku},
	}
	chains, err := ee.Verify(vo)
	var cie x509.CertificateInvalidError
	if err != nil && opts.Skew > 0 && errors.As(err, &cie) && cie.Reason == x509.Expired {
		// Clocks differ: a certificate that starts or ends within the skew of
		// the verification time is taken as valid.
		for _, at := range []time.Time{opts.At.Add(-opts.Skew), opts.At.Add(opts.Skew)} {
			skewed := vo
			skewed.CurrentTime = at
			if c, serr := ee.Verify(skewed); serr == nil {
				chains, err = c, nil
				break
			}
		}
	}
	if err != nil {
		var iae x509.InsecureAlgorithmError
		switch {
		case errors.As(err, &cie) && cie.Reason == x509.Expired:
			return nil, fmt.Errorf("%w: %v", ErrExpired, err)
		case errors.As(err, &iae):
			return nil, fmt.Errorf("%w: %v", ErrWeakAlgorithm, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrUntrusted, err)
	}
	return chains, nil
}

func checkKey(c *x509.Certificate, minRSA int) error {
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n < minRSA {
			return fmt.Errorf("%w: RSA key of %d bits, fewer than %d", ErrWeakAlgorithm, n, minRSA)
		}
	case *ecdsa.PublicKey:
		if n := k.Curve.Params().BitSize; n < 256 {
			return fmt.Errorf("%w: ECDSA key of %d bits", ErrWeakAlgorithm, n)
		}
	default:
		return fmt.Errorf("%w: key type %T", ErrWeakAlgorithm, c.PublicKey)
	}
	return nil
}

// SignUnchecked is Sign without its safeguards, for tests of verifiers only:
// digest is the digest algorithm's OID, SHA-1 included, and the chain is
// added as it is, unchecked. Never use it to sign a real packet.
func SignUnchecked(content []byte, key crypto.Signer, chain []*x509.Certificate, digest asn1.ObjectIdentifier) ([]byte, error) {
	if len(chain) == 0 {
		return nil, errors.New("cms: no signer certificate")
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, err
	}
	sd.SetDigestAlgorithm(digest)
	if err := sd.AddSigner(chain[0], key, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, err
	}
	for _, c := range chain[1:] {
		sd.AddCertificate(c)
	}
	sd.Detach()
	return sd.Finish()
}

// OIDs of digest algorithms, for SignUnchecked.
var (
	OIDSHA1   = pkcs7.OIDDigestAlgorithmSHA1
	OIDSHA256 = pkcs7.OIDDigestAlgorithmSHA256
)
