package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"fmt"
	"slices"

	"github.com/cbccvc/cbccvc-go/signing/internal/cms"
)

// Algorithm names a signature algorithm: a scheme and its hash. It is what
// Policy.Algorithms allows and WithAlgorithm chooses, for both formats.
type Algorithm string

// The signature algorithms (03-signing.md §3.1). RSA-PSS is RSASSA-PSS
// with MGF1 over the same hash and a salt as long as the hash (RFC 4055
// §3.1; in XML-DSig the …-rsa-MGF1 methods of RFC 6931 §2.3.10).
const (
	RSASHA256    Algorithm = "RSA-SHA256" // RSASSA-PKCS1-v1_5
	RSASHA384    Algorithm = "RSA-SHA384"
	RSASHA512    Algorithm = "RSA-SHA512"
	RSAPSSSHA256 Algorithm = "RSA-PSS-SHA256"
	RSAPSSSHA384 Algorithm = "RSA-PSS-SHA384"
	RSAPSSSHA512 Algorithm = "RSA-PSS-SHA512"
	ECDSASHA256  Algorithm = "ECDSA-SHA256"
	ECDSASHA384  Algorithm = "ECDSA-SHA384"
	ECDSASHA512  Algorithm = "ECDSA-SHA512"
)

// The XML-DSig SignatureMethod URIs of RSASSA-PSS (RFC 6931 §2.3.10): MGF1
// with the same hash, salt as long as the hash, trailer 1.
const (
	AlgRSAPSSSHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
	AlgRSAPSSSHA384 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1"
	AlgRSAPSSSHA512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"
)

// algorithms is every Algorithm this version knows, with its parts and its
// XML-DSig SignatureMethod.
var algorithms = []struct {
	name Algorithm
	cms  cms.Algorithm
	uri  string
}{
	{RSASHA256, cms.Algorithm{Scheme: cms.PKCS1v15, Hash: crypto.SHA256}, AlgRSASHA256},
	{RSASHA384, cms.Algorithm{Scheme: cms.PKCS1v15, Hash: crypto.SHA384}, AlgRSASHA384},
	{RSASHA512, cms.Algorithm{Scheme: cms.PKCS1v15, Hash: crypto.SHA512}, AlgRSASHA512},
	{RSAPSSSHA256, cms.Algorithm{Scheme: cms.PSS, Hash: crypto.SHA256}, AlgRSAPSSSHA256},
	{RSAPSSSHA384, cms.Algorithm{Scheme: cms.PSS, Hash: crypto.SHA384}, AlgRSAPSSSHA384},
	{RSAPSSSHA512, cms.Algorithm{Scheme: cms.PSS, Hash: crypto.SHA512}, AlgRSAPSSSHA512},
	{ECDSASHA256, cms.Algorithm{Scheme: cms.ECDSA, Hash: crypto.SHA256}, AlgECDSASHA256},
	{ECDSASHA384, cms.Algorithm{Scheme: cms.ECDSA, Hash: crypto.SHA384}, AlgECDSASHA384},
	{ECDSASHA512, cms.Algorithm{Scheme: cms.ECDSA, Hash: crypto.SHA512}, AlgECDSASHA512},
}

func (a Algorithm) cms() (cms.Algorithm, bool) {
	for _, x := range algorithms {
		if x.name == a {
			return x.cms, true
		}
	}
	return cms.Algorithm{}, false
}

func (a Algorithm) xmlMethod() string {
	for _, x := range algorithms {
		if x.name == a {
			return x.uri
		}
	}
	return ""
}

func algorithmOf(c cms.Algorithm) Algorithm {
	for _, x := range algorithms {
		if x.cms == c {
			return x.name
		}
	}
	return Algorithm(c.String())
}

func algorithmOfXML(uri string) (Algorithm, bool) {
	for _, x := range algorithms {
		if x.uri == uri {
			return x.name, true
		}
	}
	return "", false
}

// DefaultAlgorithms returns the algorithms a Policy with no Algorithms
// accepts: all of the constants above. Circular 15/2025/TT-BKHCN asks for
// RSASSA-PSS or ECDSA, but existing deployments still sign with PKCS #1
// v1.5, so the default accepts it; ProfileTT15.Algorithms() does not.
func DefaultAlgorithms() []Algorithm {
	out := make([]Algorithm, len(algorithms))
	for i, x := range algorithms {
		out[i] = x.name
	}
	return out
}

// Profile is a named set of algorithms a Signer keeps to (WithProfile) and
// a Verifier can accept (Policy.Algorithms = p.Algorithms()).
type Profile string

// The profiles. The zero Profile is DefaultAlgorithms, with PKCS #1 v1.5
// as an RSA key's default; ProfileTT15 is Circular 15/2025/TT-BKHCN
// (03-signing.md §3.1): RSASSA-PSS or ECDSA only, RSA keys of at least
// 2048 bits, ECDSA keys of at least 256.
const (
	ProfileDefault Profile = ""
	ProfileTT15    Profile = "TT15"
)

// Algorithms returns the profile's algorithms, nil for an unknown profile.
func (p Profile) Algorithms() []Algorithm {
	switch p {
	case ProfileDefault:
		return DefaultAlgorithms()
	case ProfileTT15:
		return []Algorithm{RSAPSSSHA256, RSAPSSSHA384, RSAPSSSHA512, ECDSASHA256, ECDSASHA384, ECDSASHA512}
	}
	return nil
}

// accepts reports whether the policy's allow-list holds a.
func (pol *Policy) accepts(a Algorithm) bool {
	if len(pol.Algorithms) == 0 {
		_, ok := a.cms()
		return ok
	}
	return slices.Contains(pol.Algorithms, a)
}

// signerAlgorithm resolves the algorithm of a Signer: the one asked for,
// or the key's default in the profile, checked against the key and the
// profile.
func signerAlgorithm(key crypto.Signer, want Algorithm, p Profile) (Algorithm, error) {
	allowed := p.Algorithms()
	if allowed == nil {
		return "", fmt.Errorf("signing: unknown profile %q", p)
	}
	a := want
	switch k := key.Public().(type) {
	case *rsa.PublicKey:
		if a == "" {
			a = RSASHA256
			if p == ProfileTT15 {
				a = RSAPSSSHA256
			}
		}
		if p == ProfileTT15 && k.N.BitLen() < 2048 {
			return "", fmt.Errorf("signing: %w: profile %s: RSA key of %d bits, fewer than 2048", ErrWeakAlgorithm, p, k.N.BitLen())
		}
	case *ecdsa.PublicKey:
		if a == "" {
			a = ECDSASHA256
		}
		if n := k.Curve.Params().BitSize; p == ProfileTT15 && n < 256 {
			return "", fmt.Errorf("signing: %w: profile %s: ECDSA key of %d bits", ErrWeakAlgorithm, p, n)
		}
	default:
		return "", fmt.Errorf("signing: key type %T is not RSA or ECDSA", key.Public())
	}
	c, ok := a.cms()
	if !ok {
		return "", fmt.Errorf("signing: unknown algorithm %q", a)
	}
	if _, err := cms.KeyAlgorithm(key.Public(), c); err != nil {
		return "", fmt.Errorf("signing: algorithm %s: %w", a, err)
	}
	if !slices.Contains(allowed, a) {
		return "", fmt.Errorf("signing: %w: %s is not in profile %s", ErrWeakAlgorithm, a, p)
	}
	return a, nil
}
