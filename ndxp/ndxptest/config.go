package ndxptest

import (
	"cmp"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Config configures a sandbox: New, NewServer and Start take the same one,
// with the same defaults. A zero field takes its default, so the zero
// Config is a sandbox under DefaultBasePath with a PKI of its own.
type Config struct {
	// PKI, when set, gives Roots, Intermediates and Signer that are not set
	// otherwise: its roots, and its CSDLQG identity as the signer of answers.
	// When none of PKI, Roots and Signer is set, the sandbox makes a PKI
	// valid around its clock's time (Sandbox.PKI).
	PKI *signingtest.PKI
	// Roots are the trust anchors for agencies' signatures.
	Roots *x509.CertPool
	// Intermediates help build agencies' chains, beside those a signature carries.
	Intermediates *x509.CertPool
	// Signer signs every answer: the national database's identity, whose
	// certificate names the service owner (000.00.00.G09).
	Signer *signing.Signer

	// Service is the service identifier of the X-Road transport; default
	// identifier.NationalService(). Its member is the owner the answers come from.
	Service identifier.Service
	// BasePath is the path the sandbox is mounted under; default
	// DefaultBasePath, so that a client that drops the base URL's path gets
	// a 404; "/" for the root. Requests outside it are answered 404.
	BasePath string
	// TLS makes NewServer and Start serve HTTPS with the httptest
	// certificate, which Server.Client and Server.HTTPClient trust.
	TLS bool

	// Clients are the OAuth clients of the gateway. Each also registers its
	// agency as a known X-Road member.
	Clients []ClientCred
	// Members are further known X-Road members (VN/GOV/<agency code>).
	Members []identifier.AgencyCode

	// Now is the sandbox's clock: tokens, packet times, matching times and
	// the validity of signatures follow it. Default time.Now; for NewServer
	// and Start, the clock NowEnv sets when it is set (see NowEnv).
	Now func() time.Time
	// Stopwatch times the requests the report judges (Received.Time and
	// Duration, the gaps before retries); default time.Now. Unlike Now it
	// must run forward: a test of a client's retries gives one that its
	// client advances instead of sleeping, so that the verdict does not
	// depend on how fast the machine is.
	Stopwatch func() time.Time
	// TokenLifetime is the lifetime of an access token; default one hour.
	TokenLifetime time.Duration
	// ProcessAfterPolls is the number of polls (GET /goi-tin/{id}) a
	// packet's result waits for before it shows DA_XU_LY: 1, the default,
	// shows it at the first poll; 2 answers TIEP_NHAN once first.
	ProcessAfterPolls int
	// ProcessingTime is how long, on the sandbox's clock, a packet stays
	// TIEP_NHAN after it was received, beside ProcessAfterPolls; default 0.
	ProcessingTime time.Duration

	// Seed selects the simulated population and social-insurance
	// registries; default 1. The same seed and profiles give the same
	// matching results.
	Seed uint64
	// Matching sets how often the registries disagree with the agencies.
	Matching Matching

	// Scenario names a script of faults played on every client (Scenarios
	// lists them); empty for none. Faults queued by Fail come first.
	Scenario string

	// MaxPacketBytes caps a submitted packet; default 64 MiB. The body is
	// read only once the caller is authenticated, and no further than this.
	MaxPacketBytes int64
	// MaxConcurrentPerClient caps the requests one client, told by its IP
	// address, may have in progress; beyond it the sandbox answers 429
	// with Retry-After. Default 64; negative for no cap.
	MaxConcurrentPerClient int
	// ReadHeaderTimeout, ReadTimeout (the whole request, body included) and
	// IdleTimeout are those of the HTTP servers of Sandbox.HTTPServer
	// (`cbccvc sandbox`), NewServer and Start, so that a client sending
	// slowly, or not at all, cannot hold a connection for ever; defaults 10
	// seconds, 2 minutes, 2 minutes.
	ReadHeaderTimeout, ReadTimeout, IdleTimeout time.Duration
	// Validator checks submitted packets; default packet.NewValidator with
	// the sandbox's clock.
	Validator *packet.Validator
	// Logger logs one line per request at debug level, and refusals at
	// info; default none.
	Logger *slog.Logger
}

// setTimeouts gives srv the timeouts of c, resolved.
func (c Config) setTimeouts(srv *http.Server) {
	srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout = c.ReadHeaderTimeout, c.ReadTimeout, c.IdleTimeout
}

// Matching sets the share of the simulated registries' answers that are
// not KHOP, for each source (DAN_CU and BHXH) and each profile.
type Matching struct {
	NotFound    float64 // KHONG_TIM_THAY; default 0.03
	Discrepancy float64 // SAI_KHAC; default 0.12
}

// ClientCred is an OAuth client of the gateway: its ID, its secret and the
// agency its tokens act for.
type ClientCred struct {
	ID     string
	Secret string
	Agency identifier.AgencyCode
}

// ParseClientCred parses ID:SECRET:AGENCYCODE, the form of the sandbox
// command's --client flag.
func ParseClientCred(s string) (ClientCred, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return ClientCred{}, fmt.Errorf("client %q: want ID:SECRET:AGENCYCODE", s)
	}
	a, err := identifier.ParseAgencyCode(parts[2])
	if err != nil {
		return ClientCred{}, fmt.Errorf("client %q: %w", parts[0], err)
	}
	return ClientCred{ID: parts[0], Secret: parts[1], Agency: a}, nil
}

// String returns ID:SECRET:AGENCYCODE.
func (c ClientCred) String() string { return c.ID + ":" + c.Secret + ":" + c.Agency.Canonical() }

// resolved fills the defaults in, and checks what cannot be defaulted. A
// signer it makes signs at now, the sandbox's clock.
func (c Config) resolved(now func() time.Time) (Config, error) {
	if c.Now == nil {
		c.Now = time.Now
	}
	if err := c.resolveTrust(now); err != nil {
		return c, err
	}
	// Resolved, the root is the empty path, so that paths are BasePath+"/…".
	c.BasePath = "/" + strings.Trim(cmp.Or(c.BasePath, DefaultBasePath), "/")
	if c.BasePath == "/" {
		c.BasePath = ""
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = time.Hour
	}
	if c.ProcessAfterPolls <= 0 {
		c.ProcessAfterPolls = 1
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Matching == (Matching{}) {
		c.Matching = Matching{NotFound: 0.03, Discrepancy: 0.12}
	}
	if c.MaxPacketBytes <= 0 {
		c.MaxPacketBytes = 64 << 20
	}
	if c.MaxConcurrentPerClient == 0 {
		c.MaxConcurrentPerClient = 64
	}
	c.ReadHeaderTimeout = cmp.Or(c.ReadHeaderTimeout, 10*time.Second)
	c.ReadTimeout = cmp.Or(c.ReadTimeout, 2*time.Minute)
	c.IdleTimeout = cmp.Or(c.IdleTimeout, 2*time.Minute)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, c.check()
}

// resolveTrust fills in the PKI, Roots, Intermediates, Signer and Service,
// and checks that the signer may sign for the service's owner.
func (c *Config) resolveTrust(now func() time.Time) error {
	if c.PKI == nil && c.Roots == nil && c.Signer == nil {
		// Certificates valid around the sandbox's time, which may not be now.
		pki, err := signingtest.NewPKI(signingtest.Config{At: c.Now()})
		if err != nil {
			return fmt.Errorf("ndxptest: a PKI: %w", err)
		}
		c.PKI = pki
	}
	if c.PKI != nil {
		if c.Roots == nil {
			c.Roots = c.PKI.Roots()
		}
		if c.Intermediates == nil {
			c.Intermediates = c.PKI.Intermediates()
		}
		if c.Signer == nil {
			id := c.PKI.CSDLQG()
			s, err := signing.NewSigner(id.Key, id.CertChain(), signing.WithClock(now))
			if err != nil {
				return fmt.Errorf("ndxptest: the PKI's CSDLQG identity: %w", err)
			}
			c.Signer = s
		}
	}
	switch {
	case c.Roots == nil:
		return errors.New("ndxptest: Config: no Roots (or PKI) to verify agencies' signatures with")
	case c.Signer == nil:
		return errors.New("ndxptest: Config: no Signer (or PKI) to sign answers with")
	}
	if c.Service.IsZero() {
		c.Service = identifier.NationalService()
	}
	owner, ok := c.Service.Subsystem.Member.Agency()
	if !ok {
		return fmt.Errorf("ndxptest: Config: service %s: its member is not an agency", c.Service)
	}
	if err := signing.MatchAgencyCode(c.Signer.Certificate(), owner); err != nil {
		return fmt.Errorf("ndxptest: Config: the signer cannot sign for the service owner %s: %w", owner.Canonical(), err)
	}
	return nil
}

// check checks what a default cannot fix.
func (c Config) check() error {
	if c.Matching.NotFound < 0 || c.Matching.Discrepancy < 0 || c.Matching.NotFound+c.Matching.Discrepancy > 1 {
		return fmt.Errorf("ndxptest: Config: matching rates %+v: want shares between 0 and 1", c.Matching)
	}
	if c.Scenario != "" {
		if _, err := lookupScenario(c.Scenario); err != nil {
			return fmt.Errorf("ndxptest: Config: %w", err)
		}
	}
	for _, cl := range c.Clients {
		if cl.ID == "" || cl.Secret == "" || cl.Agency.IsZero() {
			return fmt.Errorf("ndxptest: Config: client %q needs an ID, a secret and an agency", cl.ID)
		}
	}
	return nil
}
