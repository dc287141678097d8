package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// countingTransport counts requests by path and can fail some.
type countingTransport struct {
	next  http.RoundTripper
	fail  func(*http.Request) bool
	ocsp  atomic.Int32
	crl   atomic.Int32
	other atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch {
	case r.URL.Path == "/ocsp":
		c.ocsp.Add(1)
	case strings.HasPrefix(r.URL.Path, "/crl/"):
		c.crl.Add(1)
	default:
		c.other.Add(1)
	}
	if c.fail != nil && c.fail(r) {
		return nil, errors.New("unreachable")
	}
	return c.next.RoundTrip(r)
}

func TestRevocation(t *testing.T) {
	// A PKI of its own: Revoke changes it.
	p := signingtest.New(t)
	good := p.Agency(h29, signingtest.ECDSAP256)
	revoked := p.Agency(g12, signingtest.ECDSAP256)
	p.Revoke(revoked.Cert)
	xmlPkt := specXML(t)
	xmlSender := decodeXML(t, xmlPkt).Header.Sender

	type client struct {
		name string
		fail func(*http.Request) bool
		mode RevocationMode
		none bool // no HTTP client at all
	}
	ocspDown := func(r *http.Request) bool { return r.URL.Path == "/ocsp" }
	allDown := func(*http.Request) bool { return true }
	tests := []struct {
		client
		id   *signingtest.Identity
		pkt  []byte
		want error
	}{
		{client{"OCSP, hard", nil, HardFail, false}, good, packetJSON(t, h29), nil},
		{client{"OCSP, hard", nil, HardFail, false}, revoked, packetJSON(t, g12), ErrRevoked},
		{client{"OCSP, soft", nil, SoftFail, false}, revoked, packetJSON(t, g12), ErrRevoked},
		{client{"CRL, hard", ocspDown, HardFail, false}, good, packetJSON(t, h29), nil},
		{client{"CRL, hard", ocspDown, HardFail, false}, revoked, packetJSON(t, g12), ErrRevoked},
		{client{"unreachable, soft", allDown, SoftFail, false}, revoked, packetJSON(t, g12), nil},
		{client{"unreachable, hard", allDown, HardFail, false}, good, packetJSON(t, h29), ErrRevocationUnknown},
		{client{"no network, soft", nil, SoftFail, true}, revoked, packetJSON(t, g12), nil},
		{client{"no network, hard", nil, HardFail, true}, good, packetJSON(t, h29), ErrRevocationUnknown},
		{client{"XML, OCSP, hard", nil, HardFail, false}, p.Agency(xmlSender, signingtest.RSA2048), xmlPkt, nil},
	}
	for _, tt := range tests {
		cfg := RevocationConfig{Mode: tt.mode}
		tr := &countingTransport{next: p.RevocationClient().Transport, fail: tt.fail}
		if !tt.none {
			cfg.HTTPClient = &http.Client{Transport: tr}
		}
		v := verifier(p)
		v.Policy.Revocation = NewRevocationClient(cfg)
		signed := sign(t, tt.id, tt.pkt)
		for range 3 {
			_, err := v.Verify(context.Background(), signed)
			if (tt.want == nil) != (err == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("%s, %s: got %v, want %v", tt.name, tt.id.Cert.Subject.CommonName, err, tt.want)
			}
			if err != nil && Rule(err) != packet.RuleSignatureCertificate {
				t.Errorf("%s: rule %q", tt.name, Rule(err))
			}
		}
		// Answers are kept: the leaf and the intermediate are asked about once.
		if n := tr.ocsp.Load() + tr.crl.Load(); tt.fail == nil && !tt.none && n > 2 {
			t.Errorf("%s: %d requests for three verifications", tt.name, n)
		}
	}

	// A revoked intermediate revokes every leaf under it.
	p2 := signingtest.New(t)
	id := p2.Agency(h29, signingtest.ECDSAP256)
	p2.Revoke(p2.Intermediate())
	v := verifier(p2)
	v.Policy.Revocation = NewRevocationClient(RevocationConfig{HTTPClient: p2.RevocationClient(), Mode: HardFail})
	if _, err := v.Verify(context.Background(), sign(t, id, packetJSON(t, h29))); !errors.Is(err, ErrRevoked) {
		t.Errorf("revoked intermediate: %v", err)
	}
}

// trailingTransport appends bytes to every answer.
type trailingTransport struct{ next http.RoundTripper }

func (tr trailingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := tr.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = append(b, 0x05, 0x00)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	return resp, nil
}

// A CRL or an OCSP answer with bytes after it is not one the CA signed:
// it says nothing, and a hard-fail verifier refuses.
func TestRevocationTrailingBytes(t *testing.T) {
	p := signingtest.New(t)
	id := p.Agency(h29, signingtest.ECDSAP256)
	signed := sign(t, id, packetJSON(t, h29))
	for name, fail := range map[string]func(*http.Request) bool{
		"CRL":  func(r *http.Request) bool { return r.URL.Path == "/ocsp" },
		"OCSP": func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/crl/") },
	} {
		tr := &countingTransport{next: trailingTransport{p.RevocationClient().Transport}, fail: fail}
		v := verifier(p)
		v.Policy.Revocation = NewRevocationClient(RevocationConfig{HTTPClient: &http.Client{Transport: tr}, Mode: HardFail})
		if _, err := v.Verify(context.Background(), signed); !errors.Is(err, ErrRevocationUnknown) {
			t.Errorf("%s: %v, want ErrRevocationUnknown", name, err)
		}
	}
}

// CRLs given are used without the network; Status says who answered.
func TestRevocationCRLsGiven(t *testing.T) {
	p := signingtest.New(t)
	good := p.Agency(h29, signingtest.ECDSAP256)
	revoked := p.Agency(g12, signingtest.ECDSAP256)
	p.Revoke(revoked.Cert)
	resp, err := p.RevocationClient().Get(good.Cert.CRLDistributionPoints[0])
	if err != nil {
		t.Fatal(err)
	}
	der, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := NewRevocationClient(RevocationConfig{CRLs: []*x509.RevocationList{rl}, Mode: HardFail})
	st, err := c.Status(ctx, good.Cert, good.Chain[0])
	if err != nil || st.Revoked || st.Source != "CRL given" {
		t.Errorf("good: %+v, %v; want not revoked, from the CRL given", st, err)
	}
	if err := c.Check(ctx, revoked.Cert, revoked.Chain[0]); !errors.Is(err, ErrRevoked) {
		t.Errorf("revoked: %v, want ErrRevoked", err)
	}
	// The intermediate's status is in the root's CRL, which was not given.
	if _, err := c.Status(ctx, good.Chain[0], p.Root()); !errors.Is(err, ErrRevocationUnknown) || !strings.Contains(err.Error(), "no HTTP client") {
		t.Errorf("intermediate: %v, want ErrRevocationUnknown saying there is no HTTP client", err)
	}
	// A CRL that does not verify with the issuer's key is not used.
	forged := *rl
	forged.Signature = append([]byte(nil), rl.Signature...)
	forged.Signature[len(forged.Signature)-1] ^= 1
	c = NewRevocationClient(RevocationConfig{CRLs: []*x509.RevocationList{&forged}, Mode: HardFail})
	if _, err := c.Status(ctx, good.Cert, good.Chain[0]); !errors.Is(err, ErrRevocationUnknown) {
		t.Errorf("forged CRL: %v, want ErrRevocationUnknown", err)
	}
}
