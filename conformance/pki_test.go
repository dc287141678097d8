package conformance

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"net/url"
	"time"
)

// The kit's PKI is made here rather than with signing/signingtest, whose
// leaves live a year: a published kit's good signatures must verify for
// years. The leaves are shaped like signingtest's (the agency code in the
// subject's UID and a SAN URI urn:vn:gov:madinhdanh:<code>).

// The validity of the kit's certificates, around the time they are made.
const (
	caYears   = 25
	leafYears = 20
)

type kitCA struct {
	cert *x509.Certificate
	key  crypto.Signer
}

type leafDefect int

const (
	leafGood leafDefect = iota
	leafExpired
	leafWrongKeyUsage
	leafSHA1Signed
	leafRSA1024
	leafOtherRoot
)

type kitPKI struct {
	at                time.Time
	root, inter       kitCA
	otherRoot, otherI kitCA
	serial            int64
}

type kitSigner struct {
	key   crypto.Signer
	chain []*x509.Certificate // leaf, then its intermediate
}

func newKitPKI(at time.Time) (*kitPKI, error) {
	p := &kitPKI{at: at.UTC().Truncate(time.Second)}
	var err error
	if p.root, p.inter, err = p.cas("CBCCVC Conformance Test Root CA", "CBCCVC Conformance Test Intermediate CA"); err != nil {
		return nil, err
	}
	if p.otherRoot, p.otherI, err = p.cas("Untrusted Conformance Test Root CA", "Untrusted Conformance Test Intermediate CA"); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *kitPKI) next() *big.Int { p.serial++; return big.NewInt(p.serial) }

func (p *kitPKI) cas(rootName, interName string) (root, inter kitCA, err error) {
	rk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return root, inter, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          p.next(),
		Subject:               pkix.Name{Country: []string{"VN"}, Organization: []string{"CBCCVC conformance kit, test only"}, CommonName: rootName},
		NotBefore:             p.at.AddDate(-3, 0, 0),
		NotAfter:              p.at.AddDate(caYears, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, rk.Public(), rk)
	if err != nil {
		return root, inter, err
	}
	if root.cert, err = x509.ParseCertificate(der); err != nil {
		return root, inter, err
	}
	root.key = rk
	ik, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return root, inter, err
	}
	tmpl.SerialNumber = p.next()
	tmpl.Subject.CommonName = interName
	tmpl.MaxPathLenZero = true
	if der, err = x509.CreateCertificate(rand.Reader, tmpl, root.cert, ik.Public(), rk); err != nil {
		return root, inter, err
	}
	inter.key = ik
	inter.cert, err = x509.ParseCertificate(der)
	return root, inter, err
}

var oidUID = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}

// leaf issues a certificate for the agency code (canonical form), with an
// ECDSA P-256 key when ec is set and RSA 2048 otherwise, and the defect.
func (p *kitPKI) leaf(code string, ec bool, d leafDefect) (*kitSigner, error) {
	var key crypto.Signer
	var err error
	switch {
	case d == leafRSA1024:
		key, err = rsa.GenerateKey(rand.Reader, 1024)
	case ec:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		return nil, err
	}
	u, err := url.Parse("urn:vn:gov:madinhdanh:" + code)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: p.next(),
		Subject: pkix.Name{
			Country:      []string{"VN"},
			Organization: []string{"CBCCVC conformance kit, test agency " + code},
			CommonName:   "Test agency " + code,
			ExtraNames:   []pkix.AttributeTypeAndValue{{Type: oidUID, Value: code}},
		},
		URIs:        []*url.URL{u},
		NotBefore:   p.at.AddDate(0, 0, -1),
		NotAfter:    p.at.AddDate(leafYears, 0, 0),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageClientAuth},
	}
	issuer := p.inter
	switch d {
	case leafExpired:
		tmpl.NotBefore, tmpl.NotAfter = p.at.AddDate(-2, 0, 0), p.at.AddDate(0, 0, -1)
	case leafWrongKeyUsage:
		tmpl.KeyUsage = x509.KeyUsageKeyEncipherment
	case leafSHA1Signed:
		tmpl.SignatureAlgorithm = x509.ECDSAWithSHA1
	case leafOtherRoot:
		issuer = p.otherI
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer.cert, key.Public(), issuer.key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &kitSigner{key: key, chain: []*x509.Certificate{cert, issuer.cert}}, nil
}

func certPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}
