package ndxptest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// DefaultBasePath is where NewServer mounts the service: a client that
// drops the base URL's path when it builds a request's URL gets a 404.
const DefaultBasePath = "/ndxp"

// Subsystem is the X-Road subsystem code Server.Client uses for an agency.
const Subsystem = "QLCB"

// Server is a sandbox running on a local port for a test or an example:
// see NewServer. It has the Sandbox's inspection and control, and clients
// for it.
type Server struct {
	*Sandbox
	tb   TB // nil for a Server of Start
	ts   *httptest.Server
	base string

	mu      sync.Mutex
	signers map[string]*signing.Signer // by agency code
	creds   map[string]ClientCred      // by agency code
}

// TB is the part of testing.TB that NewServer uses. The package does not
// import testing, so that a program (`cbccvc sandbox`) may serve New's
// sandbox without linking it.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// NewServer starts the sandbox of cfg for the test and closes it when the
// test ends. It fails the test if it cannot start. Under a scenario
// (Config.Scenario), Server.Client keeps the SDK's default retry policy,
// so that Report judges the client as it is shipped.
func NewServer(tb TB, cfg Config) *Server {
	tb.Helper()
	s, err := Start(cfg)
	if err != nil {
		tb.Fatalf("ndxptest: %v", err)
	}
	s.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// Start starts the sandbox of cfg outside a test, for a program or an
// example: it is NewServer without a TB, and the caller must Close it.
// Where NewServer fails the test, Start returns the error, and the
// Server's methods panic.
func Start(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		now, err := envClock()
		if err != nil {
			return nil, err
		}
		cfg.Now = now
	}
	sb, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if sb.PKI() == nil {
		return nil, errors.New("ndxptest: a Server makes agencies' signers from a PKI: set Config.PKI, or none of PKI, Roots and Signer")
	}
	s := &Server{Sandbox: sb, signers: map[string]*signing.Signer{}, creds: map[string]ClientCred{}}
	s.ts = httptest.NewUnstartedServer(sb)
	sb.svc.cfg.setTimeouts(s.ts.Config)
	if cfg.TLS {
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	s.base = s.ts.URL + sb.BasePath()
	return s, nil
}

// fatalf fails the test of a NewServer, or panics for a Start.
func (s *Server) fatalf(format string, args ...any) {
	if s.tb != nil {
		s.tb.Helper()
		s.tb.Fatalf(format, args...)
	}
	panic(fmt.Sprintf(format, args...))
}

// Close stops the server; NewServer calls it when the test ends.
func (s *Server) Close() { s.ts.Close() }

// URL is the base URL of the service, base path included: the URL to give
// a client (ndxp.NewClient, cbccvc --base), which adds the path of its
// transport (/r1/… or /cbccvc/v1) itself.
func (s *Server) URL() string { return s.base }

// HTTPClient is an HTTP client for the server (it trusts its TLS certificate).
func (s *Server) HTTPClient() *http.Client { return s.ts.Client() }

// Signer returns a signer for the agency, with a certificate of the PKI
// that names it (ECDSA P-256, quick to make), signing at the sandbox's
// clock; the same one on every call.
func (s *Server) Signer(agency identifier.AgencyCode) *signing.Signer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sg, ok := s.signers[agency.Canonical()]; ok {
		return sg
	}
	id := s.PKI().Agency(agency, signingtest.ECDSAP256)
	sg, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithClock(s.svc.now))
	if err != nil {
		panic(fmt.Sprintf("ndxptest: a signer for %s: %v", agency, err))
	}
	s.signers[agency.Canonical()] = sg
	return sg
}

// XRoadClient is the subsystem Server.Client sends as X-Road-Client for
// an agency: VN/GOV/<agency>/QLCB.
func XRoadClient(agency identifier.AgencyCode) identifier.Subsystem {
	return identifier.Subsystem{
		Member: identifier.Member{Instance: identifier.InstanceVN, Class: identifier.ClassGOV, Code: agency.Canonical()},
		Code:   Subsystem,
	}
}

// Verifier is a verifier of the sandbox's answers: it trusts the PKI's
// roots, at the sandbox's clock.
func (s *Server) Verifier() *signing.Verifier {
	return &signing.Verifier{Policy: signing.Policy{Roots: s.PKI().Roots(), Now: s.svc.now}}
}

// Client returns a client of the sandbox for the agency, through the
// X-Road transport: the agency is registered as a member, the client sends
// XRoadClient(agency), trusts the PKI for answers, signs with
// Signer(agency) and retries quickly (5 attempts, 1 ms to 50 ms apart,
// Retry-After cut to 50 ms, which Report counts against it) or, under a
// scenario (Config.Scenario), with the SDK's default retry policy.
// opts come last and override these; add
// ndxp.WithOAuth(srv.Credentials(agency)) for the gateway.
func (s *Server) Client(agency identifier.AgencyCode, opts ...ndxp.Option) *ndxp.Client {
	s.svc.addMember(agency)
	retry := ndxp.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: 50 * time.Millisecond}
	if s.svc.script != nil {
		retry = ndxp.RetryPolicy{}
	}
	base := []ndxp.Option{
		ndxp.WithXRoadClient(XRoadClient(agency)),
		ndxp.WithHTTPClient(s.ts.Client()),
		ndxp.WithVerifier(s.Verifier()),
		ndxp.WithSigner(s.Signer(agency)),
		ndxp.WithRetry(retry),
	}
	c, err := ndxp.NewClient(s.URL(), append(base, opts...)...)
	if err != nil {
		s.fatalf("ndxptest: client for %s: %v", agency, err)
	}
	return c
}

// GatewayClient is Client through the OAuth gateway, with the agency's
// Credentials.
func (s *Server) GatewayClient(agency identifier.AgencyCode, opts ...ndxp.Option) *ndxp.Client {
	id, secret := s.Credentials(agency)
	return s.Client(agency, append([]ndxp.Option{ndxp.WithOAuth(id, secret)}, opts...)...)
}

// Credentials returns the OAuth client ID and secret of the agency,
// registering a client for it on the first call.
func (s *Server) Credentials(agency identifier.AgencyCode) (id, secret string) {
	s.mu.Lock()
	cl, ok := s.creds[agency.Canonical()]
	if !ok {
		cl = ClientCred{ID: "client-" + agency.Canonical(), Secret: "secret-" + agency.Canonical(), Agency: agency}
		s.creds[agency.Canonical()] = cl
	}
	s.mu.Unlock()
	if !ok {
		s.svc.addClient(cl)
	}
	return cl.ID, cl.Secret
}
