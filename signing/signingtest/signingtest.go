// Package signingtest makes a throw-away public-key infrastructure for tests:
// a root CA, an intermediate CA under it, and leaf certificates for agencies,
// good ones and bad ones. It is for the SDK's tests and for vendors' tests of
// their own code; its keys and certificates must never be trusted outside a
// test.
//
//	pki := signingtest.New(t)
//	id := pki.Agency(identifier.MustParseAgencyCode("000.00.00.H29"), signingtest.RSA2048)
//	s, _ := signing.NewSigner(id.Key, id.CertChain())
//	v := &signing.Verifier{Policy: signing.Policy{Roots: pki.Roots()}}
//
// The agency code goes into a leaf certificate as the guide reads it
// (docs/guide/en/05-signing.md#certificates-and-keys):
// the subject's UID attribute (0.9.2342.19200300.100.1.1) and a subject
// alternative name URI urn:vn:gov:madinhdanh:<code>, both in the code's
// canonical (QCVN 102) form.
//
// Validity windows are fixed around the PKI's time (Config.At, default the
// time New is called): the CAs from a year before to ten years after, a leaf
// from an hour before to a year after, an expired leaf from two years before
// to a day before. Keys are random.
//
// A PKI also has a time-stamp authority (TSA, BadTSA), a signing.TimeStamper
// and an RFC 3161 HTTP handler, and answers for revocation: Revoke marks a
// certificate revoked, RevocationHandler serves OCSP and CRLs at the
// addresses its certificates name (under RevocationBase), and
// RevocationClient serves them in memory, without a network.
package signingtest

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
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
)

// CSDLQGCode is identifier.NationalDatabaseCode, the agency code of the
// national database (000.00.00.G09), which signs what the national
// database answers: CSDLQG's certificate names it.
const CSDLQGCode = identifier.NationalDatabaseCode

// RevocationBase is where the certificates of a PKI say their OCSP
// responder (RevocationBase+"/ocsp") and CRLs (RevocationBase+"/crl/…")
// are. The host is under .test, which never resolves: PKI.RevocationClient
// answers for it in memory.
const RevocationBase = "http://pki.cbccvc.test"

// URIPrefix is the prefix of the subject alternative name URI that carries an
// agency code (docs/guide/en/05-signing.md#certificates-and-keys).
const URIPrefix = "urn:vn:gov:madinhdanh:"

// OIDUID is the subject attribute UID (userid, RFC 4519) that carries an
// agency code.
var oidUID = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1}

// KeyType is the kind of a leaf's key.
type KeyType int

// The key types of leaves. The zero value is RSA2048.
const (
	RSA2048   KeyType = iota
	ECDSAP256         // ECDSA on P-256
	ECDSAP384         // ECDSA on P-384
	// RSAPSS is an RSA 2048 key of its own. Every RSA key signs with
	// RSASSA-PSS by default (Circular 15/2025/TT-BKHCN), so it differs from
	// RSA2048 only in being another key: a test that signs with both PSS and
	// PKCS #1 v1.5 (signing.WithAlgorithm(signing.RSASHA256)) keeps the two
	// apart with it. The certificate is an ordinary RSA one
	// (rsaEncryption), as CAs issue them.
	RSAPSS
)

// String returns the key type's name as cbccvc testpki --key-type spells it.
func (kt KeyType) String() string {
	switch kt {
	case RSA2048:
		return "rsa2048"
	case ECDSAP256:
		return "ecdsa-p256"
	case ECDSAP384:
		return "ecdsa-p384"
	case RSAPSS:
		return "rsa-pss"
	}
	return fmt.Sprintf("KeyType(%d)", int(kt))
}

// Defect is something wrong with a leaf, for negative tests.
type Defect int

// The defects a leaf can have.
const (
	Expired       Defect = iota + 1 // valid from two years to a day before the PKI's time
	WrongKeyUsage                   // key usage keyEncipherment only, no digitalSignature or nonRepudiation
	SHA1Signed                      // signed by the intermediate with ECDSA-with-SHA1
	RSA1024                         // a 1024-bit RSA key; signing.NewSigner takes it only with PKCS #1 v1.5 named
	OtherRoot                       // issued under another root and intermediate, not in Roots()
)

// Config configures NewPKI.
type Config struct {
	// At is the time the validity windows are set around; zero means now.
	At time.Time
}

// Option configures New.
type Option func(*Config)

// At sets the time the validity windows are set around.
func At(t time.Time) Option { return func(c *Config) { c.At = t } }

// Identity is a signer: a key, its leaf certificate and the leaf's
// intermediates.
type Identity struct {
	Code    identifier.AgencyCode
	KeyType KeyType
	Key     crypto.Signer
	Cert    *x509.Certificate
	Chain   []*x509.Certificate // the leaf's intermediates, issuer first; not the root
	Root    *x509.Certificate   // the root the chain ends at
}

// CertChain returns the leaf followed by its intermediates.
func (id *Identity) CertChain() []*x509.Certificate {
	return append([]*x509.Certificate{id.Cert}, id.Chain...)
}

type ca struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// PKI is a test root CA and intermediate CA, and the leaves issued so far.
// Its methods are safe for concurrent use.
type PKI struct {
	at           time.Time
	root, inter  ca
	mu           sync.Mutex
	serial       int64
	other        *[2]ca // the other root and its intermediate, made when first asked
	leaves       map[string]*Identity
	otherRootErr error
	tsas         map[TSADefect]*TSA
	revoked      map[string]revocation // by serial number
}

// TB is the part of testing.TB that New uses. The package does not import
// testing, so that a program (`cbccvc testpki`) may make a PKI with NewPKI
// without linking it.
type TB interface {
	Helper()
	Fatal(args ...any)
}

// New returns a new PKI, failing tb on error.
func New(tb TB, opts ...Option) *PKI {
	tb.Helper()
	var c Config
	for _, o := range opts {
		o(&c)
	}
	p, err := NewPKI(c)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// NewPKI returns a new root CA and intermediate CA.
func NewPKI(c Config) (*PKI, error) {
	at := c.At
	if at.IsZero() {
		at = time.Now()
	}
	p := &PKI{at: at.UTC().Truncate(time.Second), leaves: make(map[string]*Identity),
		tsas: make(map[TSADefect]*TSA), revoked: make(map[string]revocation)}
	var err error
	p.root, p.inter, err = p.newCAs("CBCCVC Test Root CA", "CBCCVC Test Intermediate CA")
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Time returns the time the validity windows are set around.
func (p *PKI) Time() time.Time { return p.at }

// Root returns the root certificate.
func (p *PKI) Root() *x509.Certificate { return p.root.cert }

// Intermediate returns the intermediate certificate.
func (p *PKI) Intermediate() *x509.Certificate { return p.inter.cert }

// Roots returns a new pool holding the root.
func (p *PKI) Roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.root.cert)
	return pool
}

// Intermediates returns a new pool holding the intermediate.
func (p *PKI) Intermediates() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.inter.cert)
	return pool
}

func (p *PKI) nextSerial() *big.Int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.serial++
	return big.NewInt(p.serial)
}

func (p *PKI) newCAs(rootName, interName string) (root, inter ca, err error) {
	rk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return root, inter, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          p.nextSerial(),
		Subject:               pkix.Name{Country: []string{"VN"}, Organization: []string{"CBCCVC SDK test"}, CommonName: rootName},
		NotBefore:             p.at.AddDate(-1, 0, 0),
		NotAfter:              p.at.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, rk.Public(), rk)
	if err != nil {
		return root, inter, err
	}
	root.key = rk
	if root.cert, err = x509.ParseCertificate(der); err != nil {
		return root, inter, err
	}
	ik, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return root, inter, err
	}
	tmpl.SerialNumber = p.nextSerial()
	tmpl.Subject.CommonName = interName
	tmpl.MaxPathLenZero = true
	tmpl.OCSPServer = []string{RevocationBase + "/ocsp"}
	tmpl.CRLDistributionPoints = []string{crlURL(root.cert)}
	der, err = x509.CreateCertificate(rand.Reader, tmpl, root.cert, ik.Public(), rk)
	if err != nil {
		return root, inter, err
	}
	inter.key = ik
	inter.cert, err = x509.ParseCertificate(der)
	return root, inter, err
}

// Agency returns a good identity for the agency code, with a key of the given
// type. The same code and key type give the same identity on a PKI. It panics
// if code is the zero AgencyCode or a key cannot be made.
func (p *PKI) Agency(code identifier.AgencyCode, kt KeyType) *Identity {
	return p.must(p.issue(code, kt, 0))
}

// CSDLQG returns the identity of the national database (000.00.00.G09),
// RSA 2048.
func (p *PKI) CSDLQG() *Identity {
	return p.Agency(identifier.MustParseAgencyCode(CSDLQGCode), RSA2048)
}

// Bad returns an identity for the agency code with the defect d; its key is
// RSA 2048 but for RSA1024.
func (p *PKI) Bad(code identifier.AgencyCode, d Defect) *Identity {
	return p.must(p.issue(code, RSA2048, d))
}

func (p *PKI) must(id *Identity, err error) *Identity {
	if err != nil {
		panic("signingtest: " + err.Error())
	}
	return id
}

func (p *PKI) issue(code identifier.AgencyCode, kt KeyType, d Defect) (*Identity, error) {
	if code.IsZero() {
		return nil, errors.New("zero agency code")
	}
	cacheKey := fmt.Sprintf("%s/%d/%d", code.Canonical(), kt, d)
	p.mu.Lock()
	if id, ok := p.leaves[cacheKey]; ok {
		p.mu.Unlock()
		return id, nil
	}
	p.mu.Unlock()

	var key crypto.Signer
	var err error
	switch {
	case d == RSA1024:
		key, err = rsa.GenerateKey(rand.Reader, 1024)
	case kt == ECDSAP256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case kt == ECDSAP384:
		key, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case kt == RSA2048, kt == RSAPSS:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	default:
		err = fmt.Errorf("unknown key type %d", kt)
	}
	if err != nil {
		return nil, err
	}
	root, inter := p.root, p.inter
	if d == OtherRoot {
		if root, inter, err = p.otherCAs(); err != nil {
			return nil, err
		}
	}
	canon := code.Canonical()
	u, err := url.Parse(URIPrefix + canon)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: p.nextSerial(),
		Subject: pkix.Name{
			Country:      []string{"VN"},
			Organization: []string{"CBCCVC SDK test agency " + canon},
			CommonName:   "Test agency " + canon,
			ExtraNames:   []pkix.AttributeTypeAndValue{{Type: oidUID, Value: canon}},
		},
		URIs:                  []*url.URL{u},
		NotBefore:             p.at.Add(-time.Hour),
		NotAfter:              p.at.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection, x509.ExtKeyUsageClientAuth},
		OCSPServer:            []string{RevocationBase + "/ocsp"},
		CRLDistributionPoints: []string{crlURL(inter.cert)},
	}
	switch d {
	case Expired:
		tmpl.NotBefore, tmpl.NotAfter = p.at.AddDate(-2, 0, 0), p.at.AddDate(0, 0, -1)
	case WrongKeyUsage:
		tmpl.KeyUsage = x509.KeyUsageKeyEncipherment
	case SHA1Signed:
		tmpl.SignatureAlgorithm = x509.ECDSAWithSHA1
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, inter.cert, key.Public(), inter.key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	id := &Identity{Code: code, KeyType: kt, Key: key, Cert: cert, Chain: []*x509.Certificate{inter.cert}, Root: root.cert}
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, ok := p.leaves[cacheKey]; ok {
		return prev, nil
	}
	p.leaves[cacheKey] = id
	return id, nil
}

func (p *PKI) otherCAs() (root, inter ca, err error) {
	p.mu.Lock()
	if p.other != nil || p.otherRootErr != nil {
		defer p.mu.Unlock()
		if p.otherRootErr != nil {
			return root, inter, p.otherRootErr
		}
		return p.other[0], p.other[1], nil
	}
	p.mu.Unlock()
	root, inter, err = p.newCAs("Other Test Root CA", "Other Test Intermediate CA")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.other != nil {
		return p.other[0], p.other[1], nil
	}
	if err != nil {
		p.otherRootErr = err
		return root, inter, err
	}
	p.other = &[2]ca{root, inter}
	return root, inter, nil
}

// CertPEM returns certificates as PEM blocks, in order.
func CertPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// KeyPEM returns the key as an unencrypted PKCS #8 PEM block.
func KeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// WritePEM writes root.pem (the root) and intermediate.pem (the
// intermediate) into dir.
func (p *PKI) WritePEM(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "root.pem"), CertPEM(p.root.cert), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "intermediate.pem"), CertPEM(p.inter.cert), 0o644)
}

// WritePEM writes CODE.key.pem (the key, PKCS #8) and CODE.cert.pem (the leaf
// then its intermediates) into dir, CODE being the canonical agency code, and
// returns their paths.
func (id *Identity) WritePEM(dir string) (keyFile, certFile string, err error) {
	k, err := KeyPEM(id.Key)
	if err != nil {
		return "", "", err
	}
	keyFile = filepath.Join(dir, id.Code.Canonical()+".key.pem")
	certFile = filepath.Join(dir, id.Code.Canonical()+".cert.pem")
	if err := os.WriteFile(keyFile, k, 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(certFile, CertPEM(id.CertChain()...), 0o644); err != nil {
		return "", "", err
	}
	return keyFile, certFile, nil
}
