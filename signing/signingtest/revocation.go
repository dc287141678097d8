package signingtest

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"golang.org/x/crypto/ocsp"
)

// revocation is a revoked certificate's entry.
type revocation struct {
	at     time.Time
	reason int
}

// crlURL is where the CRL of the CA c is: by its subject key identifier.
func crlURL(c *x509.Certificate) string {
	return RevocationBase + "/crl/" + hex.EncodeToString(c.SubjectKeyId) + ".crl"
}

// Revoke marks cert, a certificate the PKI issued (a leaf or the
// intermediate), revoked from now on with the reason keyCompromise: the
// PKI's OCSP responder and CRLs say so from then on.
func (p *PKI) Revoke(cert *x509.Certificate) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revoked[cert.SerialNumber.String()] = revocation{at: time.Now().UTC().Truncate(time.Second), reason: ocsp.KeyCompromise}
}

// cas returns the PKI's CAs, the other root's when made.
func (p *PKI) cas() []ca {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := []ca{p.root, p.inter}
	if p.other != nil {
		out = append(out, p.other[0], p.other[1])
	}
	return out
}

// RevocationHandler serves the PKI's revocation status: OCSP (RFC 6960,
// POST to /ocsp, answered by the issuing CA itself) and a CRL for each CA
// (GET /crl/<subject key identifier in hex>.crl), both valid for an hour
// from the moment they are asked for, and both saying what Revoke said.
func (p *PKI) RevocationHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ocsp", p.serveOCSP)
	mux.HandleFunc("GET /crl/{name}", p.serveCRL)
	return mux
}

// RevocationClient returns an HTTP client that answers every request
// with RevocationHandler, in memory: the addresses the PKI's certificates
// name (under RevocationBase) work without a network.
func (p *PKI) RevocationClient() *http.Client {
	return &http.Client{Transport: handlerTransport{p.RevocationHandler()}}
}

// handlerTransport answers requests with a handler, in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if r.Body != nil {
		r.Body.Close()
	}
	return rec.Result(), nil
}

func (p *PKI) serveOCSP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(ocsp.MalformedRequestErrorResponse)
		return
	}
	var issuer *ca
	for _, c := range p.cas() {
		if h, ok := keyHash(c.cert, req.HashAlgorithm); ok && bytes.Equal(h, req.IssuerKeyHash) {
			issuer = &c
			break
		}
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	if issuer == nil {
		w.Write(ocsp.UnauthorizedErrorResponse)
		return
	}
	now := time.Now().UTC().Truncate(time.Second)
	tmpl := ocsp.Response{
		Status:       ocsp.Good,
		SerialNumber: req.SerialNumber,
		ThisUpdate:   now.Add(-time.Minute),
		NextUpdate:   now.Add(time.Hour),
	}
	p.mu.Lock()
	if rv, ok := p.revoked[req.SerialNumber.String()]; ok {
		tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, rv.at, rv.reason
	}
	p.mu.Unlock()
	resp, err := ocsp.CreateResponse(issuer.cert, issuer.cert, tmpl, issuer.key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(resp)
}

// keyHash is the hash of c's public key as an OCSP CertID has it.
func keyHash(c *x509.Certificate, h crypto.Hash) ([]byte, bool) {
	var spki struct {
		Algorithm asn1.RawValue
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(c.RawSubjectPublicKeyInfo, &spki); err != nil || !h.Available() {
		return nil, false
	}
	hh := h.New()
	hh.Write(spki.PublicKey.RightAlign())
	return hh.Sum(nil), true
}

func (p *PKI) serveCRL(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var issuer *ca
	for _, c := range p.cas() {
		if strings.HasSuffix(crlURL(c.cert), "/"+name) {
			issuer = &c
			break
		}
	}
	if issuer == nil {
		http.NotFound(w, r)
		return
	}
	now := time.Now().UTC().Truncate(time.Second)
	tmpl := &x509.RevocationList{
		Number:     big.NewInt(now.Unix()),
		ThisUpdate: now.Add(-time.Minute),
		NextUpdate: now.Add(time.Hour),
	}
	p.mu.Lock()
	for serial, rv := range p.revoked {
		n, _ := new(big.Int).SetString(serial, 10)
		tmpl.RevokedCertificateEntries = append(tmpl.RevokedCertificateEntries,
			x509.RevocationListEntry{SerialNumber: n, RevocationTime: rv.at, ReasonCode: rv.reason})
	}
	p.mu.Unlock()
	der, err := x509.CreateRevocationList(rand.Reader, tmpl, issuer.cert, issuer.key)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	w.Write(der)
}
