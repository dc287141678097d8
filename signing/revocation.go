package signing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ocsp"
)

// RevocationChecker says whether a certificate is revoked (
// docs/guide/en/05-signing.md#revocation-ocsp-and-crl). Verify asks it about the signer's certificate and each
// intermediate of the chain it verified, with the certificate's issuer.
type RevocationChecker interface {
	// Check returns nil when cert, issued by issuer, is not known to be
	// revoked, an error wrapping ErrRevoked when it is, and another error
	// (ErrRevocationUnknown) when its status could not be found and the
	// checker will not accept that.
	Check(ctx context.Context, cert, issuer *x509.Certificate) error
}

// RevocationMode says what RevocationClient does when it cannot find a
// certificate's status: no OCSP or CRL address, a network failure, an
// answer that does not verify or is out of date, OCSP status unknown.
type RevocationMode int

const (
	// SoftFail takes a status that cannot be found as good. A revocation
	// that an OCSP responder or CRL states is still refused.
	SoftFail RevocationMode = iota
	// HardFail refuses it, with ErrRevocationUnknown.
	HardFail
)

// RevocationConfig configures a RevocationClient.
type RevocationConfig struct {
	// HTTPClient fetches OCSP answers (POST to the certificate's AIA OCSP
	// address) and CRLs (GET from its CRL distribution points). Nil means
	// no network at all: every status is then unknown. Only http and
	// https addresses are used.
	HTTPClient *http.Client
	Mode       RevocationMode
	// Now is the clock answers are checked against; default time.Now.
	Now func() time.Time
	// Skew is the clock skew allowed on an answer's thisUpdate and
	// nextUpdate; default 5 minutes.
	Skew time.Duration
	// TTL is how long an answer without a nextUpdate is kept; default
	// one hour. An answer with one is kept until then.
	TTL time.Duration
	// MaxCRLBytes is the largest CRL read; default 16 MiB.
	MaxCRLBytes int64
	// CRLs are CRLs the caller has at hand (downloaded beforehand, for a
	// machine that cannot reach the CA). Each is used for the certificates
	// of its issuer before any OCSP responder or CRL address, once its
	// signature verifies with the issuer's key and while it is current
	// (nextUpdate); otherwise the network is asked.
	CRLs []*x509.RevocationList
}

// The most a RevocationClient keeps: when full, it starts again.
const (
	maxCachedStatuses = 10_000
	maxCachedCRLs     = 64
	maxOCSPBytes      = 64 << 10
)

// RevocationClient is a RevocationChecker that asks OCSP responders first
// and falls back on CRLs, verifying each answer against the certificate's
// issuer (an OCSP answer may come from a responder the issuer delegated to,
// with id-kp-OCSPSigning). It keeps answers until their nextUpdate (or
// for TTL), so that a batch of packets from one agency costs one request.
// It is safe for concurrent use. The zero RevocationClient checks as
// NewRevocationClient(RevocationConfig{}) does; a nil one returns
// ErrRevocationUnknown.
type RevocationClient struct {
	cfg   RevocationConfig
	setup sync.Once // fills in cfg's defaults and the caches

	mu       sync.Mutex
	statuses map[string]RevocationStatus
	crls     map[string]*x509.RevocationList
}

// RevocationStatus is what an OCSP responder or a CRL says of a
// certificate.
type RevocationStatus struct {
	Revoked   bool
	RevokedAt time.Time // when Revoked
	Reason    int       // the CRLReason of RFC 5280 §5.3.1, when Revoked
	// Source says who said it: "OCSP <address>", "CRL <address>", or
	// "CRL given" for one of RevocationConfig.CRLs.
	Source string

	until time.Time // kept until
}

// NewRevocationClient returns a RevocationClient.
func NewRevocationClient(cfg RevocationConfig) *RevocationClient {
	c := &RevocationClient{cfg: cfg}
	c.init()
	return c
}

// init fills in the defaults, once, for NewRevocationClient and the zero
// RevocationClient alike.
func (c *RevocationClient) init() {
	c.setup.Do(func() {
		cfg := &c.cfg
		if cfg.Now == nil {
			cfg.Now = time.Now
		}
		if cfg.Skew == 0 {
			cfg.Skew = 5 * time.Minute
		}
		if cfg.TTL == 0 {
			cfg.TTL = time.Hour
		}
		if cfg.MaxCRLBytes == 0 {
			cfg.MaxCRLBytes = 16 << 20
		}
		c.statuses, c.crls = map[string]RevocationStatus{}, map[string]*x509.RevocationList{}
	})
}

// Check implements RevocationChecker: Status, with a status that cannot
// be found taken as good under SoftFail.
func (c *RevocationClient) Check(ctx context.Context, cert, issuer *x509.Certificate) error {
	st, err := c.Status(ctx, cert, issuer)
	if err != nil {
		if c != nil && c.cfg.Mode == SoftFail && !errors.Is(err, ErrNil) {
			return nil
		}
		return err
	}
	if st.Revoked {
		return fmt.Errorf("%w: serial %s revoked at %s (reason %d), says %s", ErrRevoked,
			cert.SerialNumber, st.RevokedAt.Format(time.RFC3339), st.Reason, st.Source)
	}
	return nil
}

// Status returns what the certificate's OCSP responder or CRL says of
// cert, issued by issuer, whatever the Mode: from RevocationConfig.CRLs,
// from an answer kept, or asked anew. When none answers, the error wraps
// ErrRevocationUnknown and says why.
func (c *RevocationClient) Status(ctx context.Context, cert, issuer *x509.Certificate) (RevocationStatus, error) {
	if c == nil || ctx == nil || cert == nil || issuer == nil {
		return RevocationStatus{}, fmt.Errorf("%w: a nil RevocationClient, context or certificate: %w", ErrRevocationUnknown, ErrNil)
	}
	c.init()
	now := c.cfg.Now()
	key := statusKey(cert, issuer)
	c.mu.Lock()
	st, ok := c.statuses[key]
	c.mu.Unlock()
	if ok && !now.After(st.until) {
		return st, nil
	}
	st, err := c.status(ctx, cert, issuer, now)
	if err != nil {
		return RevocationStatus{}, fmt.Errorf("%w: %v", ErrRevocationUnknown, err)
	}
	c.mu.Lock()
	if len(c.statuses) >= maxCachedStatuses {
		clear(c.statuses)
	}
	c.statuses[key] = st
	c.mu.Unlock()
	return st, nil
}

// statusKey names a certificate by its issuer's key and its serial number.
func statusKey(cert, issuer *x509.Certificate) string {
	h := sha256.Sum256(issuer.RawSubjectPublicKeyInfo)
	return string(h[:]) + cert.SerialNumber.String()
}

// status finds cert's status by OCSP, then by CRL; the error says why
// neither answered.
func (c *RevocationClient) status(ctx context.Context, cert, issuer *x509.Certificate, now time.Time) (RevocationStatus, error) {
	var errs []error
	for _, rl := range c.cfg.CRLs {
		if rl == nil || !bytes.Equal(rl.RawIssuer, issuer.RawSubject) {
			continue
		}
		err := rl.CheckSignatureFrom(issuer)
		if err == nil {
			var st RevocationStatus
			if st, err = c.listed(rl, "CRL given", cert, now); err == nil {
				return st, nil
			}
		}
		errs = append(errs, fmt.Errorf("CRL given: %w", err))
	}
	if c.cfg.HTTPClient == nil {
		return RevocationStatus{}, joinErrors(append(errs, errors.New("no HTTP client given: revocation is not checked online")))
	}
	for _, u := range cert.OCSPServer {
		st, err := c.ocsp(ctx, u, cert, issuer, now)
		if err == nil {
			return st, nil
		}
		errs = append(errs, fmt.Errorf("OCSP %s: %w", u, err))
	}
	for _, u := range cert.CRLDistributionPoints {
		st, err := c.crl(ctx, u, cert, issuer, now)
		if err == nil {
			return st, nil
		}
		errs = append(errs, fmt.Errorf("CRL %s: %w", u, err))
	}
	if len(errs) == 0 {
		return RevocationStatus{}, errors.New("the certificate names no OCSP responder and no CRL")
	}
	return RevocationStatus{}, joinErrors(errs)
}

// joinErrors says why each source failed, on one line: the message goes
// into a verification error, which is printed as a line.
func joinErrors(errs []error) error {
	msgs := make([]string, len(errs))
	for i, err := range errs {
		msgs[i] = err.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

func (c *RevocationClient) ocsp(ctx context.Context, u string, cert, issuer *x509.Certificate, now time.Time) (RevocationStatus, error) {
	req, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		return RevocationStatus{}, err
	}
	body, err := c.fetch(ctx, http.MethodPost, u, req, "application/ocsp-request", maxOCSPBytes)
	if err != nil {
		return RevocationStatus{}, err
	}
	resp, err := ocsp.ParseResponseForCert(body, cert, issuer)
	if err != nil {
		return RevocationStatus{}, err
	}
	if resp.SerialNumber == nil || resp.SerialNumber.Cmp(cert.SerialNumber) != 0 {
		return RevocationStatus{}, errors.New("the answer is about another certificate")
	}
	if rc := resp.Certificate; rc != nil && !bytes.Equal(rc.Raw, issuer.Raw) {
		// A delegated responder (RFC 6960 §4.2.2.2).
		if !slices.Contains(rc.ExtKeyUsage, x509.ExtKeyUsageOCSPSigning) {
			return RevocationStatus{}, errors.New("the responder's certificate is not for OCSP signing")
		}
		if now.Before(rc.NotBefore) || now.After(rc.NotAfter) {
			return RevocationStatus{}, errors.New("the responder's certificate is expired or not yet valid")
		}
	}
	until, err := c.fresh(resp.ThisUpdate, resp.NextUpdate, now)
	if err != nil {
		return RevocationStatus{}, err
	}
	st := RevocationStatus{Source: "OCSP " + u, until: until}
	switch resp.Status {
	case ocsp.Good:
	case ocsp.Revoked:
		st.Revoked, st.RevokedAt, st.Reason = true, resp.RevokedAt, resp.RevocationReason
	default:
		return RevocationStatus{}, errors.New("status unknown")
	}
	return st, nil
}

func (c *RevocationClient) crl(ctx context.Context, u string, cert, issuer *x509.Certificate, now time.Time) (RevocationStatus, error) {
	c.mu.Lock()
	rl, ok := c.crls[u]
	c.mu.Unlock()
	if ok && !rl.NextUpdate.IsZero() && now.After(rl.NextUpdate.Add(c.cfg.Skew)) {
		ok = false
	}
	if !ok || !bytes.Equal(rl.RawIssuer, issuer.RawSubject) {
		body, err := c.fetch(ctx, http.MethodGet, u, nil, "", c.cfg.MaxCRLBytes)
		if err != nil {
			return RevocationStatus{}, err
		}
		if rl, err = x509.ParseRevocationList(body); err != nil {
			return RevocationStatus{}, err
		}
		if len(rl.Raw) != len(body) { // ParseRevocationList reads past them
			return RevocationStatus{}, fmt.Errorf("%d bytes after the CRL", len(body)-len(rl.Raw))
		}
		if !bytes.Equal(rl.RawIssuer, issuer.RawSubject) {
			return RevocationStatus{}, errors.New("the CRL is not the issuer's")
		}
		if err := rl.CheckSignatureFrom(issuer); err != nil {
			return RevocationStatus{}, err
		}
		c.mu.Lock()
		if len(c.crls) >= maxCachedCRLs {
			clear(c.crls)
		}
		c.crls[u] = rl
		c.mu.Unlock()
	}
	return c.listed(rl, "CRL "+u, cert, now)
}

// listed reads cert's status in rl, a CRL whose signature verified, from
// source.
func (c *RevocationClient) listed(rl *x509.RevocationList, source string, cert *x509.Certificate, now time.Time) (RevocationStatus, error) {
	until, err := c.fresh(rl.ThisUpdate, rl.NextUpdate, now)
	if err != nil {
		return RevocationStatus{}, err
	}
	st := RevocationStatus{Source: source, until: until}
	for _, e := range rl.RevokedCertificateEntries {
		if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
			st.Revoked, st.RevokedAt, st.Reason = true, e.RevocationTime, e.ReasonCode
			break
		}
	}
	return st, nil
}

// fresh checks an answer's thisUpdate and nextUpdate against now and
// returns until when it may be kept.
func (c *RevocationClient) fresh(this, next, now time.Time) (time.Time, error) {
	if this.After(now.Add(c.cfg.Skew)) {
		return time.Time{}, fmt.Errorf("the answer is from the future (thisUpdate %s)", this.Format(time.RFC3339))
	}
	if next.IsZero() {
		return now.Add(c.cfg.TTL), nil
	}
	if now.After(next.Add(c.cfg.Skew)) {
		return time.Time{}, fmt.Errorf("the answer is out of date (nextUpdate %s)", next.Format(time.RFC3339))
	}
	return next, nil
}

func (c *RevocationClient) fetch(ctx context.Context, method, u string, body []byte, contentType string, limit int64) ([]byte, error) {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") {
		return nil, fmt.Errorf("not an http address")
	}
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, r)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("answered %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the answer is longer than %d bytes", limit)
	}
	return data, nil
}
