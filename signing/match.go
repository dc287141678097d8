package signing

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// SignerMatcher decides whether the holder of cert may sign packets sent by
// sender. It returns nil to accept and an error to refuse; Verify wraps a
// refusal in ErrSignerNotSender.
type SignerMatcher func(cert *x509.Certificate, sender identifier.AgencyCode) error

// URIPrefix is the prefix of a subject alternative name URI that carries an
// agency code (docs/guide/en/05-signing.md#certificates-and-keys).
const URIPrefix = "urn:vn:gov:madinhdanh:"

var (
	oidUID          = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}
	oidOU           = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidSerialNumber = asn1.ObjectIdentifier{2, 5, 4, 5}
)

// AgencyCodes returns the agency codes cert names, where the
// guide (docs/guide/en/05-signing.md#certificates-and-keys) looks for them: the subject's UID, OU and serialNumber attributes and SAN
// URIs urn:vn:gov:madinhdanh:<code>, each unit once. Values that are not
// agency codes are skipped.
func AgencyCodes(cert *x509.Certificate) []identifier.AgencyCode {
	var out []identifier.AgencyCode
	add := func(s string) {
		c, err := identifier.ParseAgencyCode(strings.TrimSpace(s))
		if err != nil {
			return
		}
		for _, o := range out {
			if o.Equal(c) {
				return // the same unit named twice, e.g. in UID and SAN
			}
		}
		out = append(out, c)
	}
	for _, n := range cert.Subject.Names {
		if n.Type.Equal(oidUID) || n.Type.Equal(oidOU) || n.Type.Equal(oidSerialNumber) {
			if s, ok := n.Value.(string); ok {
				add(s)
			}
		}
	}
	for _, u := range cert.URIs {
		if s := u.String(); strings.HasPrefix(s, URIPrefix) {
			add(s[len(URIPrefix):])
		}
	}
	return out
}

// MatchAgencyCode is the default SignerMatcher: one of the agency codes cert
// names (AgencyCodes) must equal sender, in either form of the code.
func MatchAgencyCode(cert *x509.Certificate, sender identifier.AgencyCode) error {
	if _, ok := matchCode(cert, sender); ok {
		return nil
	}
	if sender.IsZero() {
		return fmt.Errorf("%w: the packet names no sender (MaDonViGui)", ErrSignerNotSender)
	}
	codes := AgencyCodes(cert)
	if len(codes) == 0 {
		return fmt.Errorf("%w: the certificate of %q names no agency code, the sender is %s",
			ErrSignerNotSender, cert.Subject.CommonName, sender)
	}
	return fmt.Errorf("%w: the certificate names %v, the sender (MaDonViGui) is %s", ErrSignerNotSender, codes, sender)
}

func matchCode(cert *x509.Certificate, sender identifier.AgencyCode) (identifier.AgencyCode, bool) {
	if sender.IsZero() {
		return identifier.AgencyCode{}, false
	}
	for _, c := range AgencyCodes(cert) {
		if c.Equal(sender) {
			return c, true
		}
	}
	return identifier.AgencyCode{}, false
}
