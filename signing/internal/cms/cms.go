// Package cms makes and checks detached CMS SignedData (RFC 5652) over
// content held in memory. It is the only code of the SDK that uses
// github.com/digitorus/pkcs7, and closes that library's traps:
//
//   - pkcs7's Verify checks no chain, and its VerifyWithChain checks the chain
//     at the signer-asserted signing-time attribute; Verify here always checks
//     the chain to the caller's roots (never the system's) at a time the caller
//     trusts;
//   - pkcs7's default digest is SHA-1; Sign always uses SHA-256, and Verify
//     refuses SHA-1, MD5 and RSA keys shorter than the minimum;
//   - pkcs7 does not check the content-type attribute; Verify requires id-data;
//   - the parser is not hardened: input is capped at MaxDERBytes and a panic in
//     it becomes ErrMalformed.
package cms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pkcs7"
)

// MaxDERBytes is the largest SignedData Verify reads: a signature with a
// certificate chain is a few kilobytes.
const MaxDERBytes = 1 << 20

// The errors Verify wraps; the signing package exports them.
var (
	ErrMalformed      = errors.New("chữ ký số sai cấu trúc / malformed signature")
	ErrDigestMismatch = errors.New("nội dung đã bị thay đổi sau khi ký / digest mismatch: the content changed after signing")
	ErrBadSignature   = errors.New("giá trị chữ ký không hợp lệ / bad signature value")
	ErrUntrusted      = errors.New("chứng thư số không được tin cậy / untrusted certificate")
	ErrExpired        = errors.New("chứng thư số hết hạn hoặc chưa có hiệu lực / certificate expired or not yet valid")
	ErrWeakAlgorithm  = errors.New("thuật toán không được chấp nhận / algorithm not accepted")
)

// OIDs not in pkcs7.
var (
	oidMD5          = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 5}
	oidRSAPSS       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidSHA512_256   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 6}
	allowedDigests  = []asn1.ObjectIdentifier{pkcs7.OIDDigestAlgorithmSHA256, pkcs7.OIDDigestAlgorithmSHA384, pkcs7.OIDDigestAlgorithmSHA512}
	allowedSigAlgos = []asn1.ObjectIdentifier{
		pkcs7.OIDEncryptionAlgorithmRSA, pkcs7.OIDEncryptionAlgorithmRSASHA256,
		pkcs7.OIDEncryptionAlgorithmRSASHA384, pkcs7.OIDEncryptionAlgorithmRSASHA512,
		pkcs7.OIDDigestAlgorithmECDSASHA256, pkcs7.OIDDigestAlgorithmECDSASHA384, pkcs7.OIDDigestAlgorithmECDSASHA512,
	}
)

// Sign returns a detached SignedData over content, SHA-256, with the signed
// attributes content-type (id-data), message-digest and signing-time (the
// system clock: pkcs7 sets it), and chain (the signer's certificate first,
// then its intermediates) in certificates.
func Sign(content []byte, key crypto.Signer, chain []*x509.Certificate) ([]byte, error) {
	if len(chain) == 0 {
		return nil, errors.New("cms: no signer certificate")
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSignerChain(chain[0], key, chain[1:], pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		return nil, fmt.Errorf("cms: %w", err)
	}
	return der, nil
}

// Options says what Verify trusts.
type Options struct {
	Roots         *x509.CertPool // required: the trust anchors; the system's are never used
	Intermediates *x509.CertPool // optional, beside those in the SignedData
	At            time.Time      // when the chain must be valid; required
	Skew          time.Duration  // a certificate valid within Skew of At is accepted
	MinRSABits    int            // default 2048
}

// Result is what a verified SignedData says.
type Result struct {
	Signer      *x509.Certificate
	Chains      [][]*x509.Certificate
	SigningTime time.Time // zero when the signing-time attribute is absent
}

func parse(der []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: parser panic: %v", ErrMalformed, r)
		}
	}()
	p7, err = pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return p7, nil
}

// Verify checks a detached SignedData der over content: its structure, the
// algorithm policy, the content-type attribute, the message digest, the
// signer's chain to opts.Roots at opts.At, its key usage, and the signature.
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
	minRSA := opts.MinRSABits
	if minRSA == 0 {
		minRSA = 2048
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
	si := p7.Signers[0]
	ee := p7.GetOnlySigner()
	if ee == nil {
		return nil, fmt.Errorf("%w: the signer's certificate is not in the SignedData", ErrMalformed)
	}

	// Algorithm policy.
	if !oneOf(si.DigestAlgorithm.Algorithm, allowedDigests) {
		return nil, fmt.Errorf("%w: digest %s", ErrWeakAlgorithm, digestName(si.DigestAlgorithm.Algorithm))
	}
	if !oneOf(si.DigestEncryptionAlgorithm.Algorithm, allowedSigAlgos) {
		what := "signature algorithm " + si.DigestEncryptionAlgorithm.Algorithm.String()
		if si.DigestEncryptionAlgorithm.Algorithm.Equal(oidRSAPSS) {
			what = "RSASSA-PSS (not supported by this version)"
		}
		return nil, fmt.Errorf("%w: %s", ErrWeakAlgorithm, what)
	}
	if err := CheckKey(ee, minRSA); err != nil {
		return nil, err
	}

	// Signed attributes: exactly one of each, content-type id-data.
	counts := map[string]int{}
	for _, a := range si.AuthenticatedAttributes {
		counts[a.Type.String()]++
	}
	for _, oid := range []asn1.ObjectIdentifier{pkcs7.OIDAttributeContentType, pkcs7.OIDAttributeMessageDigest, pkcs7.OIDAttributeSigningTime} {
		if n := counts[oid.String()]; n > 1 {
			return nil, fmt.Errorf("%w: attribute %s appears %d times", ErrMalformed, oid, n)
		}
	}
	var ct asn1.ObjectIdentifier
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeContentType, &ct); err != nil {
		return nil, fmt.Errorf("%w: no content-type signed attribute", ErrMalformed)
	}
	if !ct.Equal(pkcs7.OIDData) {
		return nil, fmt.Errorf("%w: content-type %s, want id-data", ErrMalformed, ct)
	}
	var digest []byte
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeMessageDigest, &digest); err != nil {
		return nil, fmt.Errorf("%w: no message-digest signed attribute", ErrMalformed)
	}
	var signingTime time.Time
	if counts[pkcs7.OIDAttributeSigningTime.String()] == 1 {
		if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &signingTime); err != nil {
			return nil, fmt.Errorf("%w: signing-time: %v", ErrMalformed, err)
		}
	}

	// Message digest.
	h := hashFor(si.DigestAlgorithm.Algorithm).New()
	h.Write(content)
	if subtle.ConstantTimeCompare(digest, h.Sum(nil)) != 1 {
		return nil, ErrDigestMismatch
	}

	// Chain, at the trusted time, to the caller's roots only.
	var others []*x509.Certificate
	for _, c := range p7.Certificates {
		if c != ee {
			others = append(others, c)
		}
	}
	chains, vo, err := checkChain(ee, others, opts)
	if err != nil {
		return nil, err
	}
	if !signingTime.IsZero() && (signingTime.Before(ee.NotBefore) || signingTime.After(ee.NotAfter)) {
		return nil, fmt.Errorf("%w: signing time %s is outside the certificate's validity %s to %s", ErrExpired,
			signingTime.Format(time.RFC3339), ee.NotBefore.Format(time.RFC3339), ee.NotAfter.Format(time.RFC3339))
	}

	// Signature, through pkcs7 with the same options (it repeats the
	// digest and chain checks above).
	p7.Content = content
	if err := p7.VerifyWithOpts(vo); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return &Result{Signer: ee, Chains: chains, SigningTime: signingTime}, nil
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
	chains, _, err := checkChain(ee, others, opts)
	return chains, err
}

func checkChain(ee *x509.Certificate, others []*x509.Certificate, opts Options) ([][]*x509.Certificate, x509.VerifyOptions, error) {
	inter := x509.NewCertPool()
	if opts.Intermediates != nil {
		inter = opts.Intermediates.Clone()
	}
	for _, c := range others {
		inter.AddCert(c)
	}
	vo := x509.VerifyOptions{
		Roots:         opts.Roots,
		Intermediates: inter,
		CurrentTime:   opts.At,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
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
				chains, err, vo = c, nil, skewed // the signature is then checked at that time too
				break
			}
		}
	}
	if err != nil {
		var iae x509.InsecureAlgorithmError
		switch {
		case errors.As(err, &cie) && cie.Reason == x509.Expired:
			return nil, vo, fmt.Errorf("%w: %v", ErrExpired, err)
		case errors.As(err, &iae):
			return nil, vo, fmt.Errorf("%w: %v", ErrWeakAlgorithm, err)
		}
		return nil, vo, fmt.Errorf("%w: %v", ErrUntrusted, err)
	}
	if ee.KeyUsage != 0 && ee.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return nil, vo, fmt.Errorf("%w: key usage has neither digitalSignature nor nonRepudiation", ErrUntrusted)
	}
	if ee.KeyUsage == 0 {
		return nil, vo, fmt.Errorf("%w: the certificate has no key usage", ErrUntrusted)
	}
	return chains, vo, nil
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

func oneOf(o asn1.ObjectIdentifier, set []asn1.ObjectIdentifier) bool {
	for _, s := range set {
		if o.Equal(s) {
			return true
		}
	}
	return false
}

func hashFor(o asn1.ObjectIdentifier) crypto.Hash {
	switch {
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA384):
		return crypto.SHA384
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA512):
		return crypto.SHA512
	}
	return crypto.SHA256
}

func digestName(o asn1.ObjectIdentifier) string {
	switch {
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA1):
		return "SHA-1"
	case o.Equal(oidMD5):
		return "MD5"
	case o.Equal(oidSHA512_256):
		return "SHA-512/256 (not supported by this version)"
	}
	return o.String()
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
