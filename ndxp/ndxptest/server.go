package ndxptest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// DefaultBasePath is where NewServer mounts the service: a client that
// drops the base URL's path when it builds a request's URL gets a 404.
const DefaultBasePath = "/ndxp"

// Subsystem is the X-Road subsystem code Server.Client uses for an agency.
const Subsystem = "QLCB"

// Server is a sandbox running on a local port for a test: see NewServer.
type Server struct {
	tb   testing.TB // nil for a Server of Start
	ts   *httptest.Server
	svc  *service
	pki  *signingtest.PKI
	base string

	mu      sync.Mutex
	signers map[string]*signing.Signer // by agency code
	creds   map[string]ClientCred      // by agency code
}

// Option configures NewServer.
type Option func(*serverConfig)

type serverConfig struct {
	Config
	tls bool
}

// WithPKI makes the sandbox trust pki's roots and sign with its CSDLQG
// identity; by default NewServer makes a PKI of its own.
func WithPKI(pki *signingtest.PKI) Option { return func(c *serverConfig) { c.PKI = pki } }

// WithSeed selects the simulated population and social-insurance registries.
func WithSeed(seed uint64) Option { return func(c *serverConfig) { c.Seed = seed } }

// WithNow sets the sandbox's clock; see also Server.SetNow, Server.Advance
// and ClockFrom. Without it, the clock is time.Now, or the one NowEnv sets.
func WithNow(now func() time.Time) Option { return func(c *serverConfig) { c.Now = now } }

// WithStopwatch sets the clock the report times requests with (see
// Config.Stopwatch).
func WithStopwatch(now func() time.Time) Option { return func(c *serverConfig) { c.Stopwatch = now } }

// WithTokenLifetime sets the lifetime of the gateway's access tokens.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *serverConfig) { c.TokenLifetime = d }
}

// WithProcessing sets when a packet's result shows DA_XU_LY: at the
// polls-th poll (GET /goi-tin/{id}), and not before d has passed on the
// sandbox's clock since it was received. The default, (1, 0), shows it at
// the first poll.
func WithProcessing(polls int, d time.Duration) Option {
	return func(c *serverConfig) { c.ProcessAfterPolls, c.ProcessingTime = polls, d }
}

// WithMatching sets the shares of KHONG_TIM_THAY and SAI_KHAC results.
func WithMatching(m Matching) Option { return func(c *serverConfig) { c.Matching = m } }

// WithClient adds an OAuth client of the gateway (its agency becomes a
// known X-Road member too).
func WithClient(cl ClientCred) Option {
	return func(c *serverConfig) { c.Clients = append(c.Clients, cl) }
}

// WithMember adds a known X-Road member; Server.Client adds its agency itself.
func WithMember(a identifier.AgencyCode) Option {
	return func(c *serverConfig) { c.Members = append(c.Members, a) }
}

// WithBasePath mounts the service under another base path than
// DefaultBasePath; "/" mounts it at the root.
func WithBasePath(p string) Option { return func(c *serverConfig) { c.BasePath = p } }

// WithLogger logs the sandbox's requests.
func WithLogger(l *slog.Logger) Option { return func(c *serverConfig) { c.Logger = l } }

// WithScenario plays a scripted scenario of faults on every client (see
// Scenarios); NewServer fails the test, and Start returns an error, for an
// unknown name. Under a scenario, Server.Client keeps the SDK's default
// retry policy, so that Report judges the client as it is shipped.
func WithScenario(name string) Option { return func(c *serverConfig) { c.Scenario = name } }

// WithTimeouts sets the server's ReadHeaderTimeout, ReadTimeout (the
// whole request, body included) and IdleTimeout; a zero one keeps its
// default (see Config).
func WithTimeouts(readHeader, read, idle time.Duration) Option {
	return func(c *serverConfig) { c.ReadHeaderTimeout, c.ReadTimeout, c.IdleTimeout = readHeader, read, idle }
}

// WithMaxConcurrentPerClient caps the requests one client (one IP
// address) may have in progress; see Config.MaxConcurrentPerClient.
func WithMaxConcurrentPerClient(n int) Option {
	return func(c *serverConfig) { c.MaxConcurrentPerClient = n }
}

// WithTLS serves HTTPS with the httptest certificate, which the clients of
// Server.Client and Server.HTTPClient trust.
func WithTLS() Option { return func(c *serverConfig) { c.tls = true } }

// NewServer starts a sandbox for the test, under DefaultBasePath, and
// closes it when the test ends. It fails the test if it cannot start.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("ndxptest: %v", err)
	}
	s.tb = tb
	tb.Cleanup(s.Close)
	return s
}

// Start starts a sandbox outside a test, for a program or an example: it
// is NewServer without a testing.TB, and the caller must Close it. Where
// NewServer fails the test, Start returns the error, and the Server's
// methods panic.
func Start(opts ...Option) (*Server, error) {
	c := serverConfig{Config: Config{BasePath: DefaultBasePath}}
	for _, o := range opts {
		o(&c)
	}
	if c.Now == nil {
		now, err := envClock()
		if err != nil {
			return nil, err
		}
		c.Now = now
	}
	if c.PKI == nil {
		// Certificates valid around the sandbox's time, which may not be now.
		var at time.Time
		if c.Now != nil {
			at = c.Now()
		}
		pki, err := signingtest.NewPKI(signingtest.Config{At: at})
		if err != nil {
			return nil, err
		}
		c.PKI = pki
	}
	svc, err := newService(c.Config)
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, pki: c.PKI, signers: map[string]*signing.Signer{}, creds: map[string]ClientCred{}}
	s.ts = httptest.NewUnstartedServer(svc)
	svc.cfg.setTimeouts(s.ts.Config)
	if c.tls {
		s.ts.StartTLS()
	} else {
		s.ts.Start()
	}
	s.base = s.ts.URL + svc.cfg.BasePath
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

// PKI is the test PKI whose roots the sandbox trusts and whose CSDLQG
// identity signs its answers.
func (s *Server) PKI() *signingtest.PKI { return s.pki }

// Handler is the sandbox's handler, for a test that serves it in its own way.
func (s *Server) Handler() http.Handler { return s.svc }

// Signer returns a signer for the agency, with a certificate of the PKI
// that names it (ECDSA P-256, quick to make), signing at the sandbox's
// clock; the same one on every call.
func (s *Server) Signer(agency identifier.AgencyCode) *signing.Signer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sg, ok := s.signers[agency.Canonical()]; ok {
		return sg
	}
	id := s.pki.Agency(agency, signingtest.ECDSAP256)
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
	return &signing.Verifier{Policy: signing.Policy{Roots: s.pki.Roots(), Now: s.svc.now}}
}

// Client returns a client of the sandbox for the agency, through the
// X-Road transport: the agency is registered as a member, the client sends
// XRoadClient(agency), trusts the PKI for answers, signs with
// Signer(agency) and retries quickly (5 attempts, 1 ms to 50 ms apart,
// Retry-After cut to 50 ms, which Report counts against it) or, under a
// scenario (WithScenario), with the SDK's default retry policy.
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

// AddClient registers an OAuth client (and its agency as an X-Road member).
func (s *Server) AddClient(cl ClientCred) { s.svc.addClient(cl) }

// AddMember registers a known X-Road member.
func (s *Server) AddMember(agency identifier.AgencyCode) { s.svc.addMember(agency) }

// SetNow sets the sandbox's clock (nil for time.Now), and forgets any Advance.
func (s *Server) SetNow(now func() time.Time) { s.svc.setNow(now) }

// Advance moves the sandbox's clock forward by d.
func (s *Server) Advance(d time.Duration) { s.svc.advance(d) }

// Now is the sandbox's clock.
func (s *Server) Now() time.Time { return s.svc.now() }

// Fail queues a fault for the requests to an endpoint: its wire name
// (submit, result, matches, profiles, profile, codelist, token), or
// AllEndpoints. Faults of one endpoint apply in the order they were queued,
// each for its Times requests; a fault with Times 0 applies until
// ClearFaults. A bad endpoint name or fault panics: it is a mistake in the test.
func (s *Server) Fail(endpoint string, f Fault) {
	if err := s.svc.addFault(endpoint, f); err != nil {
		panic(err)
	}
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() { s.svc.clearFaults() }

// ExpireTokens expires every access token the gateway has issued.
func (s *Server) ExpireTokens() { s.svc.expireTokens("") }

// Received returns the requests received so far (not those of the
// inspection API), in the order they were answered.
func (s *Server) Received() []Received { return s.svc.receivedNow() }

// Report judges each client from what it sent: see Report.
func (s *Server) Report() Report { return s.svc.report() }

// Stats returns the counts of what the sandbox did with submitted packets.
func (s *Server) Stats() Stats { return s.svc.statsNow() }

// Profiles returns the profiles the sandbox holds, with their national
// profile IDs, in the order of their personal IDs.
func (s *Server) Profiles() []packet.Profile { return s.svc.profilesNow() }

// Profile returns the stored profile of a person.
func (s *Server) Profile(id identifier.PersonalID) (packet.Profile, bool) {
	s.svc.mu.Lock()
	defer s.svc.mu.Unlock()
	st, ok := s.svc.profiles[id.String()]
	if !ok {
		return packet.Profile{}, false
	}
	return st.profile, true
}
