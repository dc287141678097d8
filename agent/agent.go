package agent

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
	"github.com/cbccvc/cbccvc-go/signing"
)

// DefaultAddr is the address ListenAndServe listens on by default: the
// loopback interface only.
const DefaultAddr = "127.0.0.1:8357"

// Config configures an Agent. A zero field takes its default; what an
// operation needs and is not set (Signer, Verifier, Client, StateDir) makes
// that operation answer 503 not_configured, the others work.
type Config struct {
	// Addr is the address ListenAndServe listens on; default DefaultAddr.
	// An address that is not loopback (127.0.0.0/8, ::1, localhost) needs
	// both TLS and Token: New refuses it otherwise.
	Addr string
	// TLS, when set, makes ListenAndServe serve HTTPS with it.
	TLS *tls.Config
	// Token is the bearer token every request must carry
	// (Authorization: Bearer <Token>), checked before the body is read.
	// Empty for none, which only a loopback address allows.
	Token string

	// Signer signs packets (POST /v1/sign), and the packets of send jobs
	// when Client has no signer of its own.
	Signer *signing.Signer
	// Verifier verifies signed packets (POST /v1/verify).
	Verifier *signing.Verifier
	// Client reaches the national service, for send jobs and pulls; a
	// client without a signer gets Signer's.
	Client *ndxp.Client
	// StateDir holds the send jobs, each in a directory of its own: the
	// packet, the uploader's journal and the job's state, so that a job
	// interrupted by a stop of the agent resumes when an agent starts on
	// the same directory. Required for send jobs.
	StateDir string
	// Upload configures the uploader of send jobs (MaxRecords,
	// Concurrency, PollInterval …); the agent sets Kind, Journal,
	// Progress and Now.
	Upload ndxp.UploaderConfig

	// Sync is the store of the HR sync (hrsync), whose state GET /v1/sync
	// answers; the agent only reads it, one call at a time. Nil for none.
	Sync hrsync.Store

	// Validator checks packets (POST /v1/validate); default
	// packet.NewValidator() with Now.
	Validator *packet.Validator
	// Now is the agent's clock: validation, jobs' times and the
	// uploader's packets; default time.Now.
	Now func() time.Time

	// MaxBodyBytes caps a request's body, enforced while reading; a
	// larger Content-Length is refused before any byte is read. Default
	// 64 MiB.
	MaxBodyBytes int64
	// MaxJobs caps the send jobs running at once; beyond it POST
	// /v1/send answers 429 with Retry-After. Default 2.
	MaxJobs int
	// JobRetention is how long a send job that has ended (done or
	// failed) is kept after it ended, its directory included; default 30
	// days. MaxEndedJobs caps the ended jobs kept; beyond it the oldest
	// go first; default 1000. A running job is never removed. Both are
	// applied, by Now, when the agent starts and whenever a job ends.
	JobRetention time.Duration
	MaxEndedJobs int
	// MaxRequests caps the requests in progress at once (send jobs
	// running in the background do not count); beyond it the agent
	// answers 429 with Retry-After. Default 16.
	MaxRequests int
	// ReadHeaderTimeout, ReadTimeout (the whole request, body included),
	// WriteTimeout and IdleTimeout are those of ListenAndServe's server;
	// defaults 10 s, 2 min, 5 min, 2 min.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration

	// Logger logs the agent's events (jobs started, resumed, finished,
	// recovered panics); default none.
	Logger *slog.Logger
}

// Agent is the local agent: an HTTP API over the SDK, for programs in any
// language. Make one with New; serve it with ListenAndServe or mount
// Handler in a server of your own; stop it with Close.
type Agent struct {
	cfg       Config
	mux       *http.ServeMux
	handler   http.Handler
	validator *packet.Validator
	token     [32]byte // SHA-256 of Config.Token
	requests  chan struct{}
	jobs      *jobs
	page      *quality.Handler // the page for people at /, and POST /v1/quality
	syncMu    sync.Mutex       // the sync store's methods are called one at a time
}

// New checks cfg and makes an agent. With a StateDir it also resumes the
// send jobs an earlier agent left unfinished there, in the background, on
// ctx: cancel it (or call Close) to stop them.
func New(ctx context.Context, cfg Config) (*Agent, error) {
	if err := cfg.resolve(); err != nil {
		return nil, err
	}
	a := &Agent{cfg: cfg, mux: http.NewServeMux(), token: sha256.Sum256([]byte(cfg.Token)),
		requests: make(chan struct{}, cfg.MaxRequests)}
	var err error
	if a.validator = cfg.Validator; a.validator == nil {
		if a.validator, err = packet.NewValidator(packet.WithClock(cfg.Now)); err != nil {
			return nil, err
		}
	}
	a.routes()
	a.handler = a.middleware(a.mux)
	if a.jobs, err = openJobs(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// resolve checks the configuration and fills in the defaults.
func (c *Config) resolve() error {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if !loopback(c.Addr) && (c.TLS == nil || c.Token == "") {
		return &ConfigError{Err: ErrExposed,
			MessageEN: c.Addr + " is not a loopback address: serving it needs TLS and a bearer token",
			MessageVI: "Địa chỉ " + quoteVI(c.Addr) + " không chỉ dành cho chính máy này: để phục vụ tại địa chỉ đó, dịch vụ cần HTTPS và mã truy cập. Đề nghị cấu hình chứng thư số HTTPS và mã truy cập, hoặc dùng địa chỉ 127.0.0.1."}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 64 << 20
	}
	if c.MaxJobs <= 0 {
		c.MaxJobs = 2
	}
	if c.MaxRequests <= 0 {
		c.MaxRequests = 16
	}
	if c.JobRetention <= 0 {
		c.JobRetention = 30 * 24 * time.Hour
	}
	if c.MaxEndedJobs <= 0 {
		c.MaxEndedJobs = 1000
	}
	for _, d := range []struct {
		t   *time.Duration
		def time.Duration
	}{{&c.ReadHeaderTimeout, 10 * time.Second}, {&c.ReadTimeout, 2 * time.Minute},
		{&c.WriteTimeout, 5 * time.Minute}, {&c.IdleTimeout, 2 * time.Minute}} {
		if *d.t <= 0 {
			*d.t = d.def
		}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// ErrExposed reports an agent configured to listen beyond the loopback
// interface without TLS and a bearer token.
var ErrExposed = errors.New("agent: exposed without TLS and a token")

// ConfigError is New's refusal of a configuration: Err is ErrExposed.
type ConfigError struct {
	Err       error
	MessageVI string // what is wrong and what to do, in Vietnamese
	MessageEN string
}

// Error returns the English message.
func (e *ConfigError) Error() string { return "agent: " + e.MessageEN }

// Unwrap returns the sentinel.
func (e *ConfigError) Unwrap() error { return e.Err }

// Messages returns the Vietnamese and the English messages.
func (e *ConfigError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// loopback reports whether addr (host:port) names only the loopback
// interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Handler returns the agent's HTTP handler: the API of the contract
// (OpenAPI), and what Handle mounted, behind the bearer token, the body
// limit, the cap on requests and the recovery of panics.
func (a *Agent) Handler() http.Handler { return a.handler }

// Handle mounts h on the agent's mux at pattern (an http.ServeMux
// pattern, e.g. "/" or "GET /quality/"), behind the same authentication,
// limits and recovery as the API: a web page served by the agent is
// mounted so, in one line. A pattern that conflicts with the API's
// panics, as http.ServeMux.Handle does.
func (a *Agent) Handle(pattern string, h http.Handler) { a.mux.Handle(pattern, h) }

// ListenAndServe serves the agent on Config.Addr (HTTPS with Config.TLS)
// until ctx is done, then shuts the server down, letting requests in
// progress finish for up to five seconds, and stops the jobs (Close).
func (a *Agent) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve is ListenAndServe on a listener of the caller's; it closes ln.
// The listener's address is not checked: New checked Config.Addr.
func (a *Agent) Serve(ctx context.Context, ln net.Listener) error {
	srv := a.Server()
	if a.cfg.TLS != nil {
		ln = tls.NewListener(ln, a.cfg.TLS)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		a.Close()
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shut)
	a.Close()
	if err == nil {
		if err = <-done; errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
	}
	return err
}

// Server returns an http.Server of the agent's handler with its timeouts,
// for a caller that runs its own (srv.Serve, srv.ListenAndServeTLS).
func (a *Agent) Server() *http.Server {
	return &http.Server{
		Addr: a.cfg.Addr, Handler: a.handler, TLSConfig: a.cfg.TLS,
		ReadHeaderTimeout: a.cfg.ReadHeaderTimeout, ReadTimeout: a.cfg.ReadTimeout,
		WriteTimeout: a.cfg.WriteTimeout, IdleTimeout: a.cfg.IdleTimeout,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(a.cfg.Logger.Handler(), slog.LevelWarn),
	}
}

// Close stops the send jobs in progress and waits for them to end; their
// state stays in StateDir, and an agent started on it resumes them.
func (a *Agent) Close() error {
	a.jobs.close()
	return nil
}

// authorized reports whether r carries the agent's bearer token, in
// constant time.
func (a *Agent) authorized(r *http.Request) bool {
	if a.cfg.Token == "" {
		return true
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(sum[:], a.token[:]) == 1
}

// middleware wraps the mux: recovery, authentication before any byte of
// the body is read, the body limit, the cap on requests, and JSON answers
// for what the mux does not route.
func (a *Agent) middleware(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer a.recoverPanic(w, r)
		if !a.authorized(r) {
			writeError(w, unauthorized())
			return
		}
		if r.ContentLength > a.cfg.MaxBodyBytes {
			// Refused on its declared length: not one byte is read.
			w.Header().Set("Connection", "close")
			writeError(w, tooLarge(a.cfg.MaxBodyBytes))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, a.cfg.MaxBodyBytes)
		select {
		case a.requests <- struct{}{}:
			defer func() { <-a.requests }()
		default:
			writeError(w, busy("yêu cầu", a.cfg.MaxRequests, 1))
			return
		}
		if _, pattern := mux.Handler(r); pattern == "" {
			writeError(w, notFound("đường dẫn "+quoteVI(r.URL.Path)))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// recoverPanic answers 500 for a panic of a handler, whatever it is: no
// panic reaches the client as a dropped connection. http.ErrAbortHandler
// keeps its meaning.
func (a *Agent) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	a.cfg.Logger.Error("agent: panic in a handler", "path", r.URL.Path, "panic", fmt.Sprint(v))
	writeError(w, internalError(fmt.Errorf("panic: %v", v)))
}

// quoteVI quotes a value for a Vietnamese message.
func quoteVI(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return fmt.Sprintf("%q", s)
}
