package ndxptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// Transports, as Received.Transport names them.
const (
	TransportXRoad   = "xroad"
	TransportGateway = "gateway"
)

// The paths the sandbox serves under its base path, for those who call it
// without the SDK's client.
const (
	XRoadPrefix   = wire.XRoadPrefix   // + service id + path under the service
	GatewayPrefix = wire.GatewayPrefix // + path under the service
	TokenPath     = wire.TokenPath     // the gateway's token endpoint
)

// InspectPrefix is the path, under the base path, of the inspection API:
// GET stats, received, profiles, report and clock; POST faults/{endpoint}
// and clock; DELETE faults.
const InspectPrefix = "/_sandbox"

// ict is the time zone of the national database's timestamps.
var ict = time.FixedZone("ICT", 7*60*60)

// service is the sandbox: an http.Handler with its state.
type service struct {
	cfg       Config
	owner     identifier.AgencyCode
	verifier  *signing.Verifier
	validator *packet.Validator
	glance    *packet.Validator // for packets whose signature does not verify

	inflightMu sync.Mutex
	inflight   map[string]int // requests in progress by client address

	clockMu sync.RWMutex
	clock   func() time.Time
	offset  time.Duration

	mu         sync.Mutex
	clients    map[string]ClientCred // by ID
	members    map[string]bool       // agency codes, canonical
	tokens     map[string]*token     // by token
	faults     map[string][]*Fault   // by endpoint name
	packets    map[string]*submission
	refused    map[string]*submission // the last refusal of a packet never accepted
	profiles   map[string]*stored     // by personal ID
	profileIDs map[string]string      // profile ID -> personal ID
	seqs       map[string]uint32      // by level-1 code and person kind
	received   []Received
	stats      Stats
	script     *script // nil without a scenario
}

type token struct {
	clientID string
	agency   identifier.AgencyCode
	expires  time.Time
}

// unverifiedLimits are the findings limits of a packet whose signature
// does not verify.
var unverifiedLimits = packet.Limits{MaxFindings: 100, MaxRecordFindings: 10}

func newService(cfg Config) (*service, error) {
	s := &service{}
	cfg, err := cfg.resolved(s.now) // s.now is called once s is filled in
	if err != nil {
		return nil, err
	}
	owner, _ := cfg.Service.Subsystem.Member.Agency()
	*s = service{
		cfg:        cfg,
		owner:      owner,
		clock:      cfg.Now,
		inflight:   map[string]int{},
		clients:    map[string]ClientCred{},
		members:    map[string]bool{},
		tokens:     map[string]*token{},
		faults:     map[string][]*Fault{},
		packets:    map[string]*submission{},
		refused:    map[string]*submission{},
		profiles:   map[string]*stored{},
		profileIDs: map[string]string{},
		seqs:       map[string]uint32{},
	}
	if cfg.Scenario != "" {
		sc, _ := lookupScenario(cfg.Scenario)
		s.script = &script{sc: sc, clients: map[string]*scriptClient{}}
	}
	s.verifier = &signing.Verifier{Policy: signing.Policy{Roots: cfg.Roots, Intermediates: cfg.Intermediates, Now: s.now}}
	s.validator = cfg.Validator
	if s.validator == nil {
		if s.validator, err = packet.NewValidator(packet.WithClock(s.now)); err != nil {
			return nil, fmt.Errorf("ndxptest: %w", err)
		}
	}
	// A packet refused for its signature is validated only until its
	// report holds a few errors, its other records counted: enough for
	// the sender to see what else is wrong, and no more work.
	if s.glance, err = packet.NewValidator(packet.WithClock(s.now), packet.WithLimits(unverifiedLimits)); err != nil {
		return nil, fmt.Errorf("ndxptest: %w", err)
	}
	for _, c := range cfg.Clients {
		s.addClient(c)
	}
	for _, m := range cfg.Members {
		s.addMember(m)
	}
	return s, nil
}

// stopwatch times requests for the report.
func (s *service) stopwatch() time.Time {
	if s.cfg.Stopwatch != nil {
		return s.cfg.Stopwatch()
	}
	return time.Now()
}

// now is the sandbox's clock.
func (s *service) now() time.Time {
	s.clockMu.RLock()
	defer s.clockMu.RUnlock()
	return s.clock().Add(s.offset)
}

func (s *service) setNow(f func() time.Time) {
	if f == nil {
		f = time.Now
	}
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	s.clock, s.offset = f, 0
}

func (s *service) advance(d time.Duration) {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	s.offset += d
}

func (s *service) addClient(c ClientCred) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.ID] = c
	s.members[c.Agency.Canonical()] = true
}

func (s *service) addMember(a identifier.AgencyCode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.members[a.Canonical()] = true
}

// expireTokens expires the tokens of an OAuth client, or every token when
// clientID is empty.
func (s *service) expireTokens(clientID string) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if (clientID == "" || t.clientID == clientID) && t.expires.After(now) {
			t.expires = now
		}
	}
}

// call is one request being served.
type call struct {
	s      *service
	r      *http.Request
	w      *recorder
	rec    Received
	body   []byte
	large  bool   // the body is over MaxPacketBytes
	read   bool   // the body was read (readBody)
	path   string // the path under the service, for the request hash
	fault  *Fault
	agency identifier.AgencyCode // the caller, once authenticated
	expire string                // the OAuth client whose tokens a scripted fault expires; empty for everyone's
}

// recorder keeps the status written.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.EscapedPath()
	base := s.cfg.BasePath
	if !strings.HasPrefix(path, base+"/") {
		writeProblem(w, http.StatusNotFound, wire.CodeNotFound,
			fmt.Sprintf("no such path: the service is under %q (build request URLs on the base URL, path included)", base+"/"), nil)
		return
	}
	path = path[len(base):]
	if p, ok := strings.CutPrefix(path, InspectPrefix); ok {
		s.inspect(w, r, p)
		return
	}
	start := s.stopwatch()
	c := &call{s: s, r: r, w: &recorder{ResponseWriter: w}}
	c.rec = Received{
		Time: start, Clock: s.now(), Method: r.Method, Path: path,
		Client: r.Header.Get(wire.HeaderClient), RequestID: r.Header.Get(wire.HeaderID),
		IdempotencyKey: r.Header.Get(wire.HeaderIdempotencyKey),
	}
	if q := r.URL.Query(); len(q) > 0 {
		c.rec.Query = q
	}
	if tok := bearerToken(r); tok != "" {
		c.rec.Token = tokenHash(tok)
	}
	defer func() {
		c.rec.Duration = s.stopwatch().Sub(start)
		c.rec.Status = c.w.status
		c.rec.Agency = c.agency
		s.mu.Lock()
		s.received = append(s.received, c.rec)
		s.mu.Unlock()
		s.cfg.Logger.LogAttrs(r.Context(), slog.LevelDebug, "ndxptest: request",
			slog.String("endpoint", c.rec.Endpoint), slog.String("transport", c.rec.Transport),
			slog.Int("status", c.rec.Status), slog.String("agency", c.agency.Canonical()),
			slog.String("fault", c.rec.Fault), slog.String("outcome", c.rec.Outcome))
	}()
	leave, ok := s.enter(r)
	if !ok {
		c.w.Header().Set(wire.HeaderRetryAfter, "1")
		c.problem(http.StatusTooManyRequests, wire.CodeRateLimited,
			fmt.Sprintf("more than %d requests in progress from %s: wait for one to end", s.cfg.MaxConcurrentPerClient, clientAddr(r)), nil)
		return
	}
	defer leave()
	// The body is read only once the caller is known (readBody): a caller
	// without credentials costs no more than its headers.
	switch {
	case path == wire.TokenPath:
		c.rec.Endpoint = wire.Token.Name()
		c.serveToken()
	case strings.HasPrefix(path, wire.GatewayPrefix+"/"):
		c.rec.Transport = TransportGateway
		c.serveService(path[len(wire.GatewayPrefix):])
	case strings.HasPrefix(path, wire.XRoadPrefix):
		c.rec.Transport = TransportXRoad
		c.serveXRoad(path[len(wire.XRoadPrefix):])
	default:
		c.problem(http.StatusNotFound, wire.CodeNotFound,
			fmt.Sprintf("no such path under the base path: the X-Road transport is under %s{service id}/, the gateway under %s/ and %s",
				wire.XRoadPrefix, wire.GatewayPrefix, wire.TokenPath), nil)
	}
}

// serveXRoad serves a request on the X-Road transport: rest is the path
// after /r1/, the service identifier and the path under the service.
func (c *call) serveXRoad(rest string) {
	s := c.s
	want := s.cfg.Service.String()
	svcPath, ok := strings.CutPrefix(rest, want)
	if !ok || !strings.HasPrefix(svcPath, "/") {
		// Hash what the client would have hashed, had it named another
		// service of the same shape.
		segs := strings.SplitN(rest, "/", 7)
		svcPath = "/"
		if len(segs) == 7 {
			svcPath += segs[6]
		}
		c.echo(svcPath)
		c.xroadFault(http.StatusInternalServerError, "Server.ServerProxy.UnknownService",
			fmt.Sprintf("unknown service: this security server provides %s", want))
		return
	}
	c.serveService(svcPath)
}

// echo sets the headers every service answer carries: X-Road-Id (the
// request's, or a new one), X-Road-Client and X-Road-Service, and the
// request hash.
func (c *call) echo(svcPath string) {
	h := c.w.Header()
	id := c.r.Header.Get(wire.HeaderID)
	if id == "" {
		id = uuid.NewString()
	}
	h.Set(wire.HeaderID, id)
	if cl := c.r.Header.Get(wire.HeaderClient); cl != "" {
		h.Set(wire.HeaderClient, cl)
	}
	if c.rec.Transport == TransportXRoad {
		h.Set(wire.HeaderService, c.s.cfg.Service.String())
	}
	c.path = svcPath
	if c.r.ContentLength == 0 {
		// Nothing to read: the hash is known before the caller is.
		c.setRequestHash()
	}
}

// readBody reads the request's body, up to MaxPacketBytes (limit, when
// smaller), and sets the request hash the answer carries. It answers a
// body that cannot be read, or not in time (the server's ReadTimeout), and
// reports false; a body over the limit sets large, for the endpoint to
// answer 413.
func (c *call) readBody(limit int64) bool {
	c.read = true
	if c.r.Body == nil {
		c.setRequestHash()
		return true
	}
	b, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		c.large = true
		return true
	case err != nil:
		c.problem(http.StatusBadRequest, wire.CodeBadRequest, "reading the request: "+err.Error(), nil)
		return false
	}
	c.body = b
	c.setRequestHash()
	return true
}

func (c *call) setRequestHash() {
	if c.path != "" {
		c.w.Header().Set(wire.HeaderRequestHash, wire.RequestHash(c.r.Method, c.path, c.r.URL.RawQuery, c.r.Header, c.body))
	}
}

// enter counts a request of its client in, and reports false when the
// client has MaxConcurrentPerClient in progress already; leave counts it out.
func (s *service) enter(r *http.Request) (leave func(), ok bool) {
	max := s.cfg.MaxConcurrentPerClient
	if max < 0 {
		return func() {}, true
	}
	addr := clientAddr(r)
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	if s.inflight[addr] >= max {
		return nil, false
	}
	s.inflight[addr]++
	return func() {
		s.inflightMu.Lock()
		defer s.inflightMu.Unlock()
		if s.inflight[addr]--; s.inflight[addr] == 0 {
			delete(s.inflight, addr)
		}
	}, true
}

// clientAddr is the IP address a request comes from: before it is
// authenticated, the only name of its client.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// serveService serves a request for a path under the service, on either transport.
func (c *call) serveService(svcPath string) {
	c.rec.Path = svcPath
	c.echo(svcPath)
	ep, arg, known := matchEndpoint(c.r.Method, svcPath)
	if ep != 0 {
		c.rec.Endpoint = ep.Name()
		c.fault = c.s.takeFault(ep.Name())
		if c.fault == nil {
			c.fault = c.scriptFault(ep.Name())
		}
	}
	if ep == 0 {
		// A path that is no endpoint is 404 before anything else, so that
		// a client with a wrong base URL learns it, not that it is
		// unauthorised.
		c.problem(http.StatusNotFound, wire.CodeNotFound, "no such endpoint: the service has POST /goi-tin, GET /goi-tin/{MaGoiTin}, /doi-khop, /ho-so, /ho-so/{SoDinhDanh} and /danh-muc/{ten}; the base URL is the server's, without "+wire.XRoadPrefix+"… or "+wire.GatewayPrefix, nil)
		return
	}
	if !c.preFault() {
		return
	}
	if !c.authenticate() {
		return
	}
	switch {
	case !known:
		c.w.Header().Set("Allow", ep.Method())
		c.problem(http.StatusMethodNotAllowed, wire.CodeBadRequest, fmt.Sprintf("%s takes %s", ep.Pattern(), ep.Method()), nil)
		return
	}
	if !c.readBody(c.s.cfg.MaxPacketBytes) {
		return
	}
	if !c.postFault() {
		if ep == wire.Submit {
			c.notePacket()
		}
		return
	}
	switch ep {
	case wire.Submit:
		c.submit()
	case wire.Result:
		c.result(arg)
	case wire.Matches:
		c.matches()
	case wire.Profiles:
		c.profiles()
	case wire.Profile:
		c.profile(arg)
	case wire.CodeList:
		c.codeList(arg)
	}
}

// matchEndpoint finds the endpoint of a path under the service: ep is 0
// when no endpoint has the path, and known false when one has it with
// another method.
func matchEndpoint(method, p string) (ep wire.Endpoint, arg string, known bool) {
	for _, e := range wire.Endpoints() {
		pat := e.Pattern()
		i := strings.IndexByte(pat, '{')
		switch {
		case i < 0 && p == pat:
		case i >= 0 && strings.HasPrefix(p, pat[:i]) && len(p) > i && !strings.Contains(p[i:], "/"):
			a, err := url.PathUnescape(p[i:])
			if err != nil {
				continue
			}
			arg = a
		default:
			continue
		}
		if e.Method() == method {
			return e, arg, true
		}
		ep = e
	}
	return ep, "", false
}

// preFault applies the parts of the request's fault that come before
// authentication: latency and token expiry. It returns false when the
// request is over (its context ended).
func (c *call) preFault() bool {
	f := c.fault
	if f == nil {
		return true
	}
	c.rec.Fault = f.String()
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-c.r.Context().Done():
			c.w.status = 499 // client closed the request
			return false
		}
	}
	if f.ExpireTokens {
		c.s.expireTokens(c.expire)
	}
	return true
}

// scriptFault counts the request for the scenario and returns its
// scripted fault, if any. The client is told apart as Report does: by the
// OAuth client of its token on the gateway, by X-Road-Client on X-Road.
func (c *call) scriptFault(endpoint string) *Fault {
	s := c.s
	if s.script == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var client string
	hasToken := false
	if c.rec.Transport == TransportGateway {
		if t := s.tokens[bearerToken(c.r)]; t != nil {
			client, hasToken = t.clientID, true
		}
	} else {
		client = c.r.Header.Get(wire.HeaderClient)
	}
	f := s.script.next(client, endpoint, hasToken)
	if f != nil && f.ExpireTokens {
		c.expire = client
	}
	return f
}

// postFault answers the request's injected status or X-Road error, if
// any, instead of serving it.
func (c *call) postFault() bool {
	f := c.fault
	if f == nil || (f.Status == 0 && f.XRoadError == "") {
		return true
	}
	if f.RetryAfter > 0 {
		secs := int((f.RetryAfter + time.Second - 1) / time.Second)
		c.w.Header().Set(wire.HeaderRetryAfter, strconv.Itoa(secs))
		c.rec.RetryAfter = time.Duration(secs) * time.Second
	}
	if f.XRoadError != "" {
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		c.xroadFault(status, f.XRoadError, "injected fault")
		return false
	}
	c.problem(f.Status, problemCode(f.Status), "injected fault: "+http.StatusText(f.Status), nil)
	return false
}

// authenticate establishes the caller's agency: from X-Road-Client on the
// X-Road transport, from the bearer token on the gateway.
func (c *call) authenticate() bool {
	s := c.s
	vals := c.r.Header.Values(wire.HeaderClient)
	if c.rec.Transport == TransportXRoad {
		switch {
		case len(vals) == 0:
			c.xroadFault(http.StatusBadRequest, "Client.BadRequest", "the X-Road-Client header is missing")
			return false
		case len(vals) > 1:
			c.xroadFault(http.StatusBadRequest, "Client.BadRequest",
				fmt.Sprintf("the X-Road-Client header is set %d times: it must be set once", len(vals)))
			return false
		}
		sub, err := identifier.ParseSubsystem(vals[0])
		if err != nil {
			c.xroadFault(http.StatusBadRequest, "Client.BadRequest", "X-Road-Client: "+err.Error())
			return false
		}
		a, ok := sub.Member.Agency()
		s.mu.Lock()
		known := ok && s.members[a.Canonical()]
		s.mu.Unlock()
		if !known || sub.Member.Instance != s.cfg.Service.Subsystem.Member.Instance {
			c.xroadFault(http.StatusInternalServerError, "Server.ServerProxy.AccessDenied",
				fmt.Sprintf("member %s is not allowed to use service %s", sub.Member, s.cfg.Service))
			return false
		}
		c.agency = a
		return true
	}

	tok := bearerToken(c.r)
	if tok == "" {
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="cbccvc"`)
		c.problem(http.StatusUnauthorized, wire.CodeUnauthorized, "no bearer token: get one at "+wire.TokenPath, nil)
		return false
	}
	now := s.now()
	s.mu.Lock()
	t := s.tokens[tok]
	var cp token
	if t != nil {
		cp = *t
	}
	s.mu.Unlock()
	switch {
	case t == nil:
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="cbccvc", error="invalid_token"`)
		c.problem(http.StatusUnauthorized, wire.CodeUnauthorized, "unknown access token", nil)
		return false
	case !now.Before(cp.expires):
		c.rec.ClientID = cp.clientID
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="cbccvc", error="invalid_token", error_description="expired"`)
		c.problem(http.StatusUnauthorized, wire.CodeUnauthorized, "the access token has expired", nil)
		return false
	}
	c.rec.ClientID = cp.clientID
	c.agency = cp.agency
	switch {
	case len(vals) > 1:
		c.problem(http.StatusBadRequest, wire.CodeBadRequest, fmt.Sprintf("the X-Road-Client header is set %d times: it must be set once", len(vals)), nil)
		return false
	case len(vals) == 1:
		sub, err := identifier.ParseSubsystem(vals[0])
		if err != nil {
			c.problem(http.StatusBadRequest, wire.CodeBadRequest, "X-Road-Client: "+err.Error(), nil)
			return false
		}
		if a, ok := sub.Member.Agency(); !ok || !a.Equal(cp.agency) {
			c.problem(http.StatusForbidden, wire.CodeForbidden,
				fmt.Sprintf("X-Road-Client names %s, but the token is of agency %s", sub.Member, cp.agency.Canonical()), nil)
			return false
		}
	}
	return true
}

func bearerToken(r *http.Request) string {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

func tokenHash(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:8])
}

// serveToken is the OAuth gateway's token endpoint (client credentials,
// RFC 6749 §4.4), with errors in the form of RFC 6749 §5.2.
// maxTokenForm caps the body of a token request: a form of a few fields.
const maxTokenForm = 64 << 10

func (c *call) serveToken() {
	s := c.s
	c.fault = s.takeFault(wire.Token.Name())
	if !c.preFault() || !c.postFault() {
		return
	}
	oauthErr := func(status int, code, desc string) {
		if status == http.StatusUnauthorized {
			c.w.Header().Set("WWW-Authenticate", `Basic realm="cbccvc"`)
		}
		c.rec.Code = code
		b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
		c.send(status, wire.MediaJSON, b, false)
	}
	if c.r.Method != http.MethodPost {
		c.w.Header().Set("Allow", http.MethodPost)
		oauthErr(http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
		return
	}
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != wire.MediaForm {
		oauthErr(http.StatusBadRequest, "invalid_request", "the body must be "+wire.MediaForm)
		return
	}
	// The client's credentials may be in the form: a short body, read only this far.
	if !c.readBody(maxTokenForm) {
		return
	}
	if c.large {
		oauthErr(http.StatusRequestEntityTooLarge, "invalid_request", fmt.Sprintf("the form is over %d bytes", maxTokenForm))
		return
	}
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "malformed form: "+err.Error())
		return
	}
	id, secret, basic := c.r.BasicAuth()
	if basic {
		// RFC 6749 §2.3.1: the Basic credentials are form-encoded first.
		if u, err := url.QueryUnescape(id); err == nil {
			id = u
		}
		if u, err := url.QueryUnescape(secret); err == nil {
			secret = u
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	c.rec.ClientID = id
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "only grant_type=client_credentials is supported")
		return
	}
	s.mu.Lock()
	cl, ok := s.clients[id]
	s.mu.Unlock()
	if !ok || subtle.ConstantTimeCompare([]byte(cl.Secret), []byte(secret)) != 1 {
		oauthErr(http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	c.agency = cl.Agency
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	tok := base64.RawURLEncoding.EncodeToString(raw)
	s.mu.Lock()
	s.tokens[tok] = &token{clientID: id, agency: cl.Agency, expires: s.now().Add(s.cfg.TokenLifetime)}
	s.mu.Unlock()
	c.rec.Token = tokenHash(tok)
	b, _ := json.Marshal(map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int(s.cfg.TokenLifetime / time.Second),
	})
	c.w.Header().Set("Cache-Control", "no-store")
	c.send(http.StatusOK, wire.MediaJSON, b, false)
}

// send writes an answer, spoiled as the request's fault says.
func (c *call) send(status int, contentType string, body []byte, signed bool) {
	h := c.w.Header()
	h.Set("Content-Type", contentType)
	f := c.fault
	if f != nil && f.CorruptSignature && signed {
		body = corruptSignature(body)
	}
	if f != nil && f.Drop && len(body) > 0 {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		c.w.WriteHeader(status)
		_, _ = c.w.Write(body[:len(body)/2])
		_ = http.NewResponseController(c.w).Flush()
		panic(http.ErrAbortHandler) // net/http closes the connection mid-answer
	}
	c.w.WriteHeader(status)
	_, _ = c.w.Write(body)
}

// problem answers an error of the service (RFC 9457).
func (c *call) problem(status int, code, detail string, findings []packet.Finding) {
	c.writeProblem(wire.Problem{Status: status, Code: code, Detail: detail, Findings: findings})
}

// writeProblem answers a problem document, and logs a refusal.
func (c *call) writeProblem(p wire.Problem) {
	c.rec.Code = p.Code
	if p.Status == http.StatusBadRequest && len(p.Findings) > 0 {
		c.rec.Rules = rulesOf(p.Findings)
	}
	if p.Status >= 400 && p.Status < 500 && p.Status != http.StatusTooManyRequests {
		c.s.cfg.Logger.LogAttrs(c.r.Context(), slog.LevelInfo, "ndxptest: refused",
			slog.String("endpoint", c.rec.Endpoint), slog.Int("status", p.Status), slog.String("detail", p.Detail))
	}
	p.Title = http.StatusText(p.Status)
	b, _ := json.Marshal(p)
	c.send(p.Status, wire.MediaProblem, b, false)
}

// xroadFault answers a fault of a security server: X-Road-Error and a
// JSON {type, message, detail} body.
func (c *call) xroadFault(status int, code, message string) {
	c.rec.Code = code
	c.w.Header().Set(wire.HeaderError, code)
	b, _ := json.Marshal(wire.XRoadFault{Type: code, Message: message, Detail: uuid.NewString()})
	c.send(status, wire.MediaJSON, b, false)
}

func problemBody(status int, code, detail string, findings []packet.Finding) []byte {
	b, _ := json.Marshal(wire.Problem{Title: http.StatusText(status), Status: status, Detail: detail, Code: code, Findings: findings})
	return b
}

func writeProblem(w http.ResponseWriter, status int, code, detail string, findings []packet.Finding) {
	w.Header().Set("Content-Type", wire.MediaProblem)
	w.WriteHeader(status)
	_, _ = w.Write(problemBody(status, code, detail, findings))
}

func problemCode(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return wire.CodeUnauthorized
	case http.StatusForbidden:
		return wire.CodeForbidden
	case http.StatusNotFound:
		return wire.CodeNotFound
	case http.StatusConflict:
		return wire.CodeConflict
	case http.StatusRequestEntityTooLarge:
		return wire.CodeTooLarge
	case http.StatusUnsupportedMediaType:
		return wire.CodeMediaType
	case http.StatusTooManyRequests:
		return wire.CodeRateLimited
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return wire.CodeUnavailable
	}
	if status >= 500 {
		return wire.CodeInternal
	}
	return wire.CodeBadRequest
}

func rulesOf(fs []packet.Finding) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity == packet.SeverityError && !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	return out
}

// answerFormat is the format the request's Accept asks for: XML when it
// names application/xml (or text/xml) before any JSON type, else JSON.
func (c *call) answerFormat() packet.Format {
	for part := range strings.SplitSeq(c.r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case wire.MediaXML, "text/xml":
			return packet.FormatXML
		case wire.MediaJSON, "*/*", "application/*":
			return packet.FormatJSON
		}
	}
	return packet.FormatJSON
}

func mediaType(f packet.Format) string {
	if f == packet.FormatXML {
		return wire.MediaXML
	}
	return wire.MediaJSON
}

// sign encodes an answer packet and signs it with the national database's identity.
func (s *service) sign(ctx context.Context, p *packet.Packet, f packet.Format) ([]byte, error) {
	var b bytes.Buffer
	if err := p.Encode(&b, f); err != nil {
		return nil, err
	}
	return s.cfg.Signer.Sign(ctx, b.Bytes())
}

// answerHeader is the header of an answer from the national database to agency.
func (s *service) answerHeader(kind packet.Kind, to identifier.AgencyCode, n int) packet.Header {
	return packet.Header{
		ID: uuid.New(), Kind: kind, Version: packet.Version,
		Sender: s.owner, Receiver: to, Created: s.now().In(ict).Truncate(time.Second), RecordCount: n,
	}
}

// sendPacket signs and sends an answer packet.
func (c *call) sendPacket(status int, p *packet.Packet) {
	f := c.answerFormat()
	b, err := c.s.sign(c.r.Context(), p, f)
	if err != nil {
		c.problem(http.StatusInternalServerError, wire.CodeInternal, "signing the answer: "+err.Error(), nil)
		return
	}
	c.send(status, mediaType(f), b, true)
}
