package ndxptest

import (
	"net/http"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// Sandbox is the sandbox service: an http.Handler serving both transports,
// the token endpoint and the inspection API under InspectPrefix, all under
// its base path, with the same inspection and control in Go. New makes
// one for a program that serves it itself (`cbccvc sandbox`); NewServer
// and Start run one on a local port.
type Sandbox struct {
	svc *service
}

// New returns the sandbox of cfg, its defaults filled in (see Config).
func New(cfg Config) (*Sandbox, error) {
	svc, err := newService(cfg)
	if err != nil {
		return nil, err
	}
	return &Sandbox{svc: svc}, nil
}

// ServeHTTP serves a request to the sandbox.
func (sb *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) { sb.svc.ServeHTTP(w, r) }

// HTTPServer returns an HTTP server of the sandbox, with the timeouts of
// its Config, for a program that serves it on a listener of its own.
func (sb *Sandbox) HTTPServer() *http.Server {
	srv := &http.Server{Handler: sb}
	sb.svc.cfg.setTimeouts(srv)
	return srv
}

// BasePath is the path the sandbox is served under: "" for the root, else
// "/" and the path, without a trailing slash.
func (sb *Sandbox) BasePath() string { return sb.svc.cfg.BasePath }

// PKI is the test PKI of the sandbox's Config, or the one it made; nil
// when the Config gave Roots and Signer without one.
func (sb *Sandbox) PKI() *signingtest.PKI { return sb.svc.cfg.PKI }

// AddClient registers an OAuth client (and its agency as an X-Road member).
func (sb *Sandbox) AddClient(cl ClientCred) { sb.svc.addClient(cl) }

// AddMember registers a known X-Road member.
func (sb *Sandbox) AddMember(agency identifier.AgencyCode) { sb.svc.addMember(agency) }

// SetNow sets the sandbox's clock (nil for time.Now), and forgets any Advance.
func (sb *Sandbox) SetNow(now func() time.Time) { sb.svc.setNow(now) }

// Advance moves the sandbox's clock forward by d.
func (sb *Sandbox) Advance(d time.Duration) { sb.svc.advance(d) }

// Now is the sandbox's clock.
func (sb *Sandbox) Now() time.Time { return sb.svc.now() }

// Fail queues a fault for the requests to an endpoint: its wire name
// (submit, result, matches, profiles, profile, codelist, token), or
// AllEndpoints. Faults of one endpoint apply in the order they were queued,
// each for its Times requests; a fault with Times 0 applies until
// ClearFaults. A bad endpoint name or fault panics: it is a mistake in the
// caller (the inspection API answers 400 to it instead).
func (sb *Sandbox) Fail(endpoint string, f Fault) {
	if err := sb.svc.addFault(endpoint, f); err != nil {
		panic(err)
	}
}

// ClearFaults removes every queued fault.
func (sb *Sandbox) ClearFaults() { sb.svc.clearFaults() }

// ExpireTokens expires every access token the gateway has issued.
func (sb *Sandbox) ExpireTokens() { sb.svc.expireTokens("") }

// Received returns the requests received so far (not those of the
// inspection API), in the order they were answered.
func (sb *Sandbox) Received() []Received { return sb.svc.receivedNow() }

// Report judges each client from what it sent: see Report.
func (sb *Sandbox) Report() Report { return sb.svc.report() }

// Stats returns the counts of what the sandbox did with submitted packets.
func (sb *Sandbox) Stats() Stats { return sb.svc.statsNow() }

// Profiles returns the profiles the sandbox holds, with their national
// profile IDs, in the order of their personal IDs.
func (sb *Sandbox) Profiles() []packet.Profile { return sb.svc.profilesNow() }

// Profile returns the stored profile of a person.
func (sb *Sandbox) Profile(id identifier.PersonalID) (packet.Profile, bool) {
	s := sb.svc
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.profiles[id.String()]
	if !ok {
		return packet.Profile{}, false
	}
	return st.profile, true
}
