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

// The signature algorithms (docs/guide/en/05-signing.md#algorithms-circular-152025tt-bkhcn-by-default). RSA-PSS is RSASSA-PSS
// with MGF1 over the same hash and a salt as long as the hash (RFC 4055
// §3.1; in XML-DSig the …-rsa-MGF1 methods of RFC 6931 §2.3.10). RSA-SHA*
// are RSASSA-PKCS1-v1_5, which Circular 15/2025/TT-BKHCN does not allow:
// a Signer uses them only when WithAlgorithm names them, and a Verifier
// accepts them with a warning (ErrNotTT15) or refuses them (ProfileTT15).
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
// RSASSA-PSS or ECDSA, but older systems still sign with PKCS #1 v1.5, so a
// verifier accepts it, with a warning (ErrNotTT15 in Verified.Warnings),
// unless its Policy.Profile is ProfileTT15.
func DefaultAlgorithms() []Algorithm {
	out := make([]Algorithm, len(algorithms))
	for i, x := range algorithms {
		out[i] = x.name
	}
	return out
}

// Profile is a named set of algorithms a Signer keeps to (WithProfile) and
// a Verifier requires (Policy.Profile).
type Profile string

// The profiles (docs/guide/en/05-signing.md#algorithms-circular-152025tt-bkhcn-by-default). Circular 15/2025/TT-BKHCN, in force
// since 15 August 2025, allows RSASSA-PSS with RSA keys of at least 2048
// bits and ECDSA with keys of at least 256, with SHA-2 hashes.
//
// ProfileDefault, the zero Profile, follows the circular by default: an
// RSA key signs with RSASSA-PSS, an ECDSA key with ECDSA, and keys shorter
// than the circular allows are refused; PKCS #1 v1.5 only when asked for by
// name (WithAlgorithm(RSASHA256) and its SHA-384 and SHA-512 forms), for a
// receiver that still knows nothing else. A verifier with it accepts every
// algorithm of DefaultAlgorithms, and warns of what the circular does not
// allow.
//
// ProfileTT15 is the circular alone: a signer refuses PKCS #1 v1.5 even by
// name, and a verifier refuses it (ErrWeakAlgorithm with ErrNotTT15,
// R-SIG-003).
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

// Circular 15/2025/TT-BKHCN's least key sizes.
const (
	tt15MinRSABits   = 2048
	tt15MinECDSABits = 256
)

// accepts reports whether the policy's allow-list holds a.
func (pol *Policy) accepts(a Algorithm) bool {
	if len(pol.Algorithms) == 0 {
		_, ok := a.cms()
		return ok
	}
	return slices.Contains(pol.Algorithms, a)
}

// notTT15 says why a signature by alg with the key pub does not meet
// Circular 15/2025/TT-BKHCN, in English and as a Vietnamese phrase
// («thuật toán …, không đáp ứng …») for a sentence of the caller's; ""
// when it does. An algorithm this version does not know is not this
// function's to judge: the allow-list refuses it.
func notTT15(alg Algorithm, pub crypto.PublicKey) (en, vi string) {
	c, ok := alg.cms()
	if !ok {
		return "", ""
	}
	if c.Scheme == cms.PKCS1v15 {
		return fmt.Sprintf("%s (RSA PKCS #1 v1.5) does not meet Circular 15/2025/TT-BKHCN, which asks for RSASSA-PSS or ECDSA", alg),
			"thuật toán RSA PKCS #1 v1.5, không đáp ứng Thông tư số 15/2025/TT-BKHCN (yêu cầu RSASSA-PSS hoặc ECDSA)"
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n < tt15MinRSABits {
			return fmt.Sprintf("an RSA key of %d bits does not meet Circular 15/2025/TT-BKHCN, which asks for %d or more", n, tt15MinRSABits),
				fmt.Sprintf("khóa RSA %d bit, không đáp ứng Thông tư số 15/2025/TT-BKHCN (khóa RSA từ %d bit trở lên)", n, tt15MinRSABits)
		}
	case *ecdsa.PublicKey:
		if n := k.Curve.Params().BitSize; n < tt15MinECDSABits {
			return fmt.Sprintf("an ECDSA key of %d bits does not meet Circular 15/2025/TT-BKHCN, which asks for %d or more", n, tt15MinECDSABits),
				fmt.Sprintf("khóa ECDSA %d bit, không đáp ứng Thông tư số 15/2025/TT-BKHCN (khóa ECDSA từ %d bit trở lên)", n, tt15MinECDSABits)
		}
	}
	return "", ""
}

// signerAlgorithm resolves the algorithm of a Signer: the one asked for,
// or the key's default (RSASSA-PSS or ECDSA with SHA-256), checked against
// the key and the profile. What Circular 15/2025/TT-BKHCN does not allow
// is refused, but for PKCS #1 v1.5 asked for by name outside ProfileTT15:
// that signer keeps to an older receiver, and its key is the verifier's
// to judge (Policy.MinRSABits).
func signerAlgorithm(key crypto.Signer, want Algorithm, p Profile) (Algorithm, error) {
	allowed := p.Algorithms()
	if allowed == nil {
		return "", fmt.Errorf("signing: unknown profile %q", p)
	}
	a := want
	switch key.Public().(type) {
	case *rsa.PublicKey:
		if a == "" {
			a = RSAPSSSHA256
		}
	case *ecdsa.PublicKey:
		if a == "" {
			a = ECDSASHA256
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
	byName := c.Scheme == cms.PKCS1v15 && p == ProfileDefault
	if en, vi := notTT15(a, key.Public()); en != "" && !byName {
		return "", &Error{Err: ErrWeakAlgorithm, MessageEN: en,
			MessageVI: "Không ký số được bằng " + vi + ". Đề nghị ký số bằng RSASSA-PSS với khóa RSA từ 2048 bit, hoặc bằng khóa ECDSA từ 256 bit.",
			cause:     fmt.Errorf("%w: %w", ErrWeakAlgorithm, ErrNotTT15)}
	}
	if !slices.Contains(allowed, a) {
		return "", fmt.Errorf("signing: %w: %s is not in profile %s", ErrWeakAlgorithm, a, p)
	}
	return a, nil
}
