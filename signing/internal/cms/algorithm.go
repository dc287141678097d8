package cms

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"

	"github.com/digitorus/pkcs7"
)

// Scheme is a signature scheme.
type Scheme int

// The signature schemes.
const (
	PKCS1v15 Scheme = iota + 1 // RSASSA-PKCS1-v1_5
	PSS                        // RSASSA-PSS, MGF1 with the signature's hash
	ECDSA
)

func (s Scheme) String() string {
	switch s {
	case PKCS1v15:
		return "RSA PKCS #1 v1.5"
	case PSS:
		return "RSASSA-PSS"
	case ECDSA:
		return "ECDSA"
	}
	return fmt.Sprintf("Scheme(%d)", int(s))
}

// Algorithm is a signature scheme with its hash: the unit of the algorithm
// allow-list.
type Algorithm struct {
	Scheme Scheme
	Hash   crypto.Hash
}

func (a Algorithm) String() string { return a.Scheme.String() + " with " + a.Hash.String() }

// DefaultAccept is the default allow-list: PKCS #1 v1.5, PSS and ECDSA,
// each with SHA-256, SHA-384 or SHA-512 (Circular 15/2025/TT-BKHCN, with
// PKCS #1 v1.5 kept for older systems' signatures).
func DefaultAccept(a Algorithm) bool {
	switch a.Scheme {
	case PKCS1v15, PSS, ECDSA:
	default:
		return false
	}
	switch a.Hash {
	case crypto.SHA256, crypto.SHA384, crypto.SHA512:
		return true
	}
	return false
}

// KeyAlgorithm completes want for a key: a zero Scheme becomes RSASSA-PSS
// for RSA and ECDSA for ECDSA (Circular 15/2025/TT-BKHCN), a zero Hash
// SHA-256; PKCS #1 v1.5 only when want names it. It refuses a
// scheme the key cannot do and a hash outside SHA-256/384/512.
func KeyAlgorithm(pub crypto.PublicKey, want Algorithm) (Algorithm, error) {
	a := want
	if a.Hash == 0 {
		a.Hash = crypto.SHA256
	}
	switch pub.(type) {
	case *rsa.PublicKey:
		if a.Scheme == 0 {
			a.Scheme = PSS
		}
		if a.Scheme != PKCS1v15 && a.Scheme != PSS {
			return a, fmt.Errorf("cms: %v with an RSA key", a.Scheme)
		}
	case *ecdsa.PublicKey:
		if a.Scheme == 0 {
			a.Scheme = ECDSA
		}
		if a.Scheme != ECDSA {
			return a, fmt.Errorf("cms: %v with an ECDSA key", a.Scheme)
		}
	default:
		return a, fmt.Errorf("cms: key type %T is not RSA or ECDSA", pub)
	}
	if !DefaultAccept(a) {
		return a, fmt.Errorf("cms: %w: %v", ErrWeakAlgorithm, a)
	}
	return a, nil
}

// OIDs of RSASSA-PSS (RFC 4055) and of digests.
var (
	oidRSAPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidMGF1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
)

func digestOID(h crypto.Hash) asn1.ObjectIdentifier {
	switch h {
	case crypto.SHA384:
		return pkcs7.OIDDigestAlgorithmSHA384
	case crypto.SHA512:
		return pkcs7.OIDDigestAlgorithmSHA512
	}
	return pkcs7.OIDDigestAlgorithmSHA256
}

// hashOf returns the hash a digest algorithm OID names, or an error
// wrapping ErrWeakAlgorithm.
func hashOf(o asn1.ObjectIdentifier) (crypto.Hash, error) {
	switch {
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA256):
		return crypto.SHA256, nil
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA384):
		return crypto.SHA384, nil
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA512):
		return crypto.SHA512, nil
	case o.Equal(pkcs7.OIDDigestAlgorithmSHA1):
		return 0, fmt.Errorf("%w: digest SHA-1", ErrWeakAlgorithm)
	case o.Equal(oidMD5):
		return 0, fmt.Errorf("%w: digest MD5", ErrWeakAlgorithm)
	case o.Equal(oidSHA512_256):
		return 0, fmt.Errorf("%w: digest SHA-512/256 (not supported by this version)", ErrWeakAlgorithm)
	}
	return 0, fmt.Errorf("%w: digest %s", ErrWeakAlgorithm, o)
}

// pssParams is RSASSA-PSS-params (RFC 4055 §3.1). The same struct reads the
// defaults (SHA-1, MGF1-SHA-1, salt 20, trailer 1) and writes DER, which
// leaves out a field equal to its default.
type pssParams struct {
	Hash         pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:0"`
	MGF          pkix.AlgorithmIdentifier `asn1:"optional,explicit,tag:1"`
	SaltLength   int                      `asn1:"optional,explicit,tag:2,default:20"`
	TrailerField int                      `asn1:"optional,explicit,tag:3,default:1"`
}

// marshalPSSParams returns the parameters of id-RSASSA-PSS with hash h,
// MGF1 with h and a salt of h's size, as RFC 4055 §3.1 recommends and as
// crypto/x509 writes them (hash parameters NULL).
func marshalPSSParams(h crypto.Hash) (asn1.RawValue, error) {
	hashAlg := pkix.AlgorithmIdentifier{Algorithm: digestOID(h), Parameters: asn1.NullRawValue}
	mgfParams, err := asn1.Marshal(hashAlg)
	if err != nil {
		return asn1.RawValue{}, err
	}
	der, err := asn1.Marshal(pssParams{
		Hash:         hashAlg,
		MGF:          pkix.AlgorithmIdentifier{Algorithm: oidMGF1, Parameters: asn1.RawValue{FullBytes: mgfParams}},
		SaltLength:   h.Size(),
		TrailerField: 1,
	})
	if err != nil {
		return asn1.RawValue{}, err
	}
	return asn1.RawValue{FullBytes: der}, nil
}

// parsePSSParams reads RSASSA-PSS-params: the hash and the MGF1 hash must
// be one of SHA-256/384/512 and the same, the trailer field 1.
func parsePSSParams(raw asn1.RawValue) (crypto.Hash, int, error) {
	if len(raw.FullBytes) == 0 {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS without parameters (SHA-1 by default)", ErrWeakAlgorithm)
	}
	var p pssParams
	if rest, err := asn1.Unmarshal(raw.FullBytes, &p); err != nil || len(rest) != 0 {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS parameters: %v", ErrMalformed, err)
	}
	if p.Hash.Algorithm == nil {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS with SHA-1 (the default hash)", ErrWeakAlgorithm)
	}
	h, err := hashOf(p.Hash.Algorithm)
	if err != nil {
		return 0, 0, fmt.Errorf("RSASSA-PSS: %w", err)
	}
	if !p.MGF.Algorithm.Equal(oidMGF1) {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS mask generation %v, want MGF1", ErrWeakAlgorithm, p.MGF.Algorithm)
	}
	var mgfHash pkix.AlgorithmIdentifier
	if rest, err := asn1.Unmarshal(p.MGF.Parameters.FullBytes, &mgfHash); err != nil || len(rest) != 0 {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS MGF1 parameters", ErrMalformed)
	}
	if mh, err := hashOf(mgfHash.Algorithm); err != nil || mh != h {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS with MGF1 over %s, not the signature's %v", ErrWeakAlgorithm, mgfHash.Algorithm, h)
	}
	if p.TrailerField != 1 {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS trailer field %d", ErrMalformed, p.TrailerField)
	}
	if p.SaltLength < 0 {
		return 0, 0, fmt.Errorf("%w: RSASSA-PSS salt length %d", ErrMalformed, p.SaltLength)
	}
	return h, p.SaltLength, nil
}

// Signature algorithm OIDs that name their hash.
var sigHash = []struct {
	oid    asn1.ObjectIdentifier
	scheme Scheme
	hash   crypto.Hash
}{
	{pkcs7.OIDEncryptionAlgorithmRSASHA256, PKCS1v15, crypto.SHA256},
	{pkcs7.OIDEncryptionAlgorithmRSASHA384, PKCS1v15, crypto.SHA384},
	{pkcs7.OIDEncryptionAlgorithmRSASHA512, PKCS1v15, crypto.SHA512},
	{pkcs7.OIDDigestAlgorithmECDSASHA256, ECDSA, crypto.SHA256},
	{pkcs7.OIDDigestAlgorithmECDSASHA384, ECDSA, crypto.SHA384},
	{pkcs7.OIDDigestAlgorithmECDSASHA512, ECDSA, crypto.SHA512},
}

// signerAlgorithm returns the algorithm of a SignerInfo from its digest and
// signature algorithms and the signer's key, and the PSS salt length. The
// hash a signature algorithm names must be the digest algorithm.
func signerAlgorithm(digest, sig pkix.AlgorithmIdentifier, pub crypto.PublicKey) (Algorithm, int, error) {
	h, err := hashOf(digest.Algorithm)
	if err != nil {
		return Algorithm{}, 0, err
	}
	var a Algorithm
	salt := 0
	switch o := sig.Algorithm; {
	case o.Equal(pkcs7.OIDEncryptionAlgorithmRSA):
		a = Algorithm{PKCS1v15, h}
	case o.Equal(oidRSAPSS):
		ph, s, err := parsePSSParams(sig.Parameters)
		if err != nil {
			return Algorithm{}, 0, err
		}
		a, salt = Algorithm{PSS, ph}, s
	case o.Equal(pkcs7.OIDEncryptionAlgorithmRSASHA1), o.Equal(pkcs7.OIDDigestAlgorithmECDSASHA1):
		return Algorithm{}, 0, fmt.Errorf("%w: signature algorithm %s (SHA-1)", ErrWeakAlgorithm, o)
	default:
		for _, s := range sigHash {
			if o.Equal(s.oid) {
				a = Algorithm{s.scheme, s.hash}
			}
		}
		if a.Scheme == 0 {
			return Algorithm{}, 0, fmt.Errorf("%w: signature algorithm %s", ErrWeakAlgorithm, o)
		}
	}
	if a.Hash != h {
		return Algorithm{}, 0, fmt.Errorf("%w: signature algorithm %v with digest algorithm %v", ErrMalformed, a, h)
	}
	switch pub.(type) {
	case *rsa.PublicKey:
		if a.Scheme == ECDSA {
			return Algorithm{}, 0, fmt.Errorf("%w: %v with an RSA key", ErrBadSignature, a)
		}
	case *ecdsa.PublicKey:
		if a.Scheme != ECDSA {
			return Algorithm{}, 0, fmt.Errorf("%w: %v with an ECDSA key", ErrBadSignature, a)
		}
	default:
		return Algorithm{}, 0, fmt.Errorf("%w: key type %T", ErrWeakAlgorithm, pub)
	}
	return a, salt, nil
}

// pssSigner makes a key sign with RSASSA-PSS whatever options it is given.
type pssSigner struct {
	crypto.Signer
	opts *rsa.PSSOptions
}

func (s pssSigner) Sign(rand io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	return s.Signer.Sign(rand, digest, s.opts)
}

// attribute is a CMS Attribute as received.
type attribute struct {
	Type  asn1.ObjectIdentifier
	Value asn1.RawValue // the SET OF values, FullBytes as received
}

// signerInfo is the part of a parsed SignerInfo that Verify reads, copied
// out of pkcs7's unexported type.
type signerInfo struct {
	DigestAlgorithm         pkix.AlgorithmIdentifier
	AuthenticatedAttributes []attribute
	SignatureAlgorithm      pkix.AlgorithmIdentifier
	EncryptedDigest         []byte
	Unsigned                []attribute
}

func signerOf(p7 *pkcs7.PKCS7) *signerInfo {
	s := p7.Signers[0]
	si := &signerInfo{
		DigestAlgorithm:    s.DigestAlgorithm,
		SignatureAlgorithm: s.DigestEncryptionAlgorithm,
		EncryptedDigest:    s.EncryptedDigest,
	}
	for _, a := range s.AuthenticatedAttributes {
		si.AuthenticatedAttributes = append(si.AuthenticatedAttributes, attribute{a.Type, a.Value})
	}
	for _, a := range s.UnauthenticatedAttributes {
		si.Unsigned = append(si.Unsigned, attribute{a.Type, a.Value})
	}
	return si
}

// timeStampToken returns the one id-aa-timeStampToken value of the
// unsigned attributes, nil when there is none. Other unsigned attributes
// are ignored, as RFC 5652 lets a verifier do.
func (si *signerInfo) timeStampToken() ([]byte, error) {
	var token []byte
	for _, a := range si.Unsigned {
		if !a.Type.Equal(OIDTimeStampToken) {
			continue
		}
		if token != nil {
			return nil, fmt.Errorf("%w: more than one time-stamp token", ErrMalformed)
		}
		var v asn1.RawValue
		if rest, err := asn1.Unmarshal(a.Value.Bytes, &v); err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("%w: the time-stamp token attribute does not hold one value", ErrMalformed)
		}
		token = v.FullBytes
	}
	return token, nil
}
