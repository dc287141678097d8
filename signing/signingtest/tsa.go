package signingtest

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// TSADefect is something wrong with a test time-stamp authority, for
// negative tests.
type TSADefect int

// The defects a TSA can have.
const (
	TSAGood           TSADefect = iota
	TSANoTimeStamping           // extended key usage emailProtection, not id-kp-timeStamping
	TSANonCriticalEKU           // id-kp-timeStamping, but the extension is not critical (RFC 3161 §2.3 wants it critical)
	TSAOtherRoot                // issued under another root, not in Roots()
)

// TSAPolicy is the policy of the test TSA's tokens.
var tsaPolicy = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1, 1}

var (
	oidExtKeyUsage        = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidKPTimeStamping     = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 8}
	oidKPEmailProtection  = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 4}
	maxTimeStampQueryBody = int64(64 << 10)
)

// TSA is a test RFC 3161 time-stamp authority of a PKI: an ECDSA P-256 key
// and a certificate for time-stamping alone (critical extended key usage
// id-kp-timeStamping) under the PKI's intermediate, valid from two years
// before the PKI's time to ten years after. Its tokens carry its
// certificate and intermediate. It is a signing.TimeStamper, and an
// http.Handler for signing.TSAClient.
type TSA struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate // the intermediates, issuer first
	Root  *x509.Certificate   // the root the chain ends at
	now   func() time.Time
}

// TSA returns the PKI's time-stamp authority; it stamps with the time of
// the system clock. It panics if a key cannot be made.
func (p *PKI) TSA() *TSA { return p.BadTSA(TSAGood) }

// BadTSA returns a time-stamp authority with the defect d (TSAGood for
// none).
func (p *PKI) BadTSA(d TSADefect) *TSA {
	t, err := p.tsa(d)
	if err != nil {
		panic("signingtest: " + err.Error())
	}
	return t
}

func (p *PKI) tsa(d TSADefect) (*TSA, error) {
	p.mu.Lock()
	t, ok := p.tsas[d]
	p.mu.Unlock()
	if ok {
		return t, nil
	}
	root, inter := p.root, p.inter
	if d == TSAOtherRoot {
		var err error
		if root, inter, err = p.otherCAs(); err != nil {
			return nil, err
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	purpose, critical := oidKPTimeStamping, true
	switch d {
	case TSANoTimeStamping:
		purpose = oidKPEmailProtection
	case TSANonCriticalEKU:
		critical = false
	}
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{purpose})
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:    p.nextSerial(),
		Subject:         pkix.Name{Country: []string{"VN"}, Organization: []string{"CBCCVC SDK test"}, CommonName: fmt.Sprintf("CBCCVC Test TSA %d", d)},
		NotBefore:       p.at.AddDate(-2, 0, 0),
		NotAfter:        p.at.AddDate(10, 0, 0),
		KeyUsage:        x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtraExtensions: []pkix.Extension{{Id: oidExtKeyUsage, Critical: critical, Value: eku}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, inter.cert, key.Public(), inter.key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	t = &TSA{Cert: cert, Key: key, Chain: []*x509.Certificate{inter.cert}, Root: root.cert, now: time.Now}
	p.mu.Lock()
	defer p.mu.Unlock()
	if prev, ok := p.tsas[d]; ok {
		return prev, nil
	}
	p.tsas[d] = t
	return t, nil
}

// At returns a TSA like t that stamps every token with the time at, as a
// TSA did in the past or will in the future.
func (t *TSA) At(at time.Time) *TSA {
	c := *t
	c.now = func() time.Time { return at }
	return &c
}

// Token returns a time-stamp token (a DER ContentInfo) whose message
// imprint is digest, the hash h of what is stamped, with the nonce if not
// nil.
func (t *TSA) Token(h crypto.Hash, digest []byte, nonce *big.Int) ([]byte, error) {
	resp, err := t.response(h, digest, nonce)
	if err != nil {
		return nil, err
	}
	ts, err := timestamp.ParseResponse(resp)
	if err != nil {
		return nil, err
	}
	return ts.RawToken, nil
}

func (t *TSA) response(h crypto.Hash, digest []byte, nonce *big.Int) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	ts := timestamp.Timestamp{
		HashAlgorithm:     h,
		HashedMessage:     digest,
		Time:              t.now().UTC().Truncate(time.Second),
		Accuracy:          time.Second,
		SerialNumber:      serial,
		Policy:            tsaPolicy,
		Nonce:             nonce,
		AddTSACertificate: true,
		Certificates:      t.Chain,
	}
	return ts.CreateResponseWithOpts(t.Cert, t.Key, crypto.SHA256)
}

// TimeStamp returns a token over digest: the TSA is a signing.TimeStamper.
func (t *TSA) TimeStamp(ctx context.Context, h crypto.Hash, digest []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return t.Token(h, digest, nil)
}

// ServeHTTP answers an RFC 3161 request over HTTP (RFC 3161 §3.4): a POST of
// application/timestamp-query, answered with application/timestamp-reply.
// Serve it with httptest.NewServer to test signing.TSAClient.
func (t *TSA) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST a time-stamp query", http.StatusMethodNotAllowed)
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/timestamp-query" {
		http.Error(w, "want application/timestamp-query", http.StatusUnsupportedMediaType)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxTimeStampQueryBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := timestamp.ParseRequest(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := t.response(req.HashAlgorithm, req.HashedMessage, req.Nonce)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}
