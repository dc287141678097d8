package ndxp

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"golang.org/x/time/rate"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// DefaultMaxAnswerBytes caps the size of one answer read into memory.
// A page of 1,000 full profiles is about 3 MB.
const DefaultMaxAnswerBytes = 256 << 20

// Client calls the national CBCCVC service through NDXP. It is safe for
// concurrent use; make one per agency system and reuse it. A nil or zero
// Client calls nothing: its methods return ErrOption (Agency and Signer
// return zero values); make one with NewClient.
type Client struct {
	base      string // without a trailing slash
	http      *http.Client
	service   identifier.Service
	xroad     identifier.Subsystem // X-Road-Client; required on the X-Road transport
	userID    string
	oauth     *tokens // nil on the X-Road transport
	verifier  *signing.Verifier
	signer    *signing.Signer
	retry     RetryPolicy
	limiter   *rate.Limiter
	log       *slog.Logger
	format    packet.Format
	maxAnswer int64
	purpose   Purpose // of pulls of profiles

	optErr error // the first bad option, reported by NewClient
}

// Option configures a Client.
type Option func(*Client)

// WithXRoadClient sets the caller's subsystem, sent as X-Road-Client on every
// request (e.g. VN/GOV/000.00.00.H29/QLCB). It is required on the X-Road
// transport, where the base URL is the agency's security server, and sent on
// the OAuth gateway too when set.
func WithXRoadClient(s identifier.Subsystem) Option {
	return func(c *Client) { c.xroad = s }
}

// WithOAuth selects the OAuth 2.0 gateway transport (docs/guide/en/06-ndxp.md#a-client):
// tokens by client credentials from {base}/token, cached and renewed before
// they expire, and renewed once more on a 401.
func WithOAuth(clientID, secret string) Option {
	return func(c *Client) {
		if clientID == "" || secret == "" {
			c.setErr(optionError("WithOAuth needs a client ID and a secret",
				"Thiếu mã hoặc mật khẩu ứng dụng OAuth. Đề nghị ghi đủ cả hai."))
			return
		}
		c.oauth = &tokens{conf: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: secret,
			AuthStyle:    oauth2.AuthStyleInHeader,
		}}
	}
}

// WithHTTPClient sets the HTTP client, for timeouts, proxies and mutual TLS
// with the security server (a Transport with TLSClientConfig.Certificates).
// The default is a client with a 60-second timeout.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h == nil {
			c.setErr(optionError("WithHTTPClient(nil)", "Cấu hình thiếu HTTP client (WithHTTPClient). Đề nghị bỏ tùy chọn này hoặc truyền một client."))
			return
		}
		c.http = h
	}
}

// WithVerifier sets how answers are verified: every packet the client
// returns was verified by it first. It is required; its policy's roots
// are the trust store for the national database's certificate.
func WithVerifier(v *signing.Verifier) Option {
	return func(c *Client) { c.verifier = v }
}

// WithSigner sets the agency's signer, which the Uploader uses to sign the
// packets it makes.
func WithSigner(s *signing.Signer) Option {
	return func(c *Client) { c.signer = s }
}

// WithRetry sets the retry policy; see RetryPolicy for the defaults.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) { c.retry = p.withDefaults() }
}

// WithRateLimit limits the requests the client sends, retries included,
// to r per second with bursts of burst.
func WithRateLimit(r rate.Limit, burst int) Option {
	return func(c *Client) { c.limiter = rate.NewLimiter(r, burst) }
}

// WithLogger sets the logger for requests, retries and failures. Logs name
// endpoints, statuses, attempts and X-Road-Id, never a token, a secret, a
// personal ID or any other personal data. The default discards logs.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) {
		if l != nil {
			c.log = l
		}
	}
}

// WithService sets the national service's identifier; the default is
// identifier.NationalService().
func WithService(s identifier.Service) Option {
	return func(c *Client) { c.service = s }
}

// WithFormat sets the format the client asks answers in (Accept):
// packet.FormatJSON, the default, or packet.FormatXML.
func WithFormat(f packet.Format) Option {
	return func(c *Client) {
		if f != packet.FormatJSON && f != packet.FormatXML {
			c.setErr(fmt.Errorf("ndxp: WithFormat: %v is not JSON or XML", f))
			return
		}
		c.format = f
	}
}

// WithUserID sets X-Road-UserId, the person acting (e.g. "VN" and a
// personal ID). It is sent, never logged.
func WithUserID(id string) Option {
	return func(c *Client) { c.userID = id }
}

// WithMaxAnswerBytes caps the size of one answer; the default is
// DefaultMaxAnswerBytes.
func WithMaxAnswerBytes(n int64) Option {
	return func(c *Client) {
		if n <= 0 {
			c.setErr(fmt.Errorf("ndxp: WithMaxAnswerBytes(%d): must be positive", n))
			return
		}
		c.maxAnswer = n
	}
}

func (c *Client) setErr(err error) {
	if c.optErr == nil {
		c.optErr = err
	}
}

// NewClient returns a client of the service at baseURL: the agency's
// security server (X-Road transport, the default, with WithXRoadClient) or
// the OAuth gateway (with WithOAuth). A verifier is required, so that no
// answer reaches the caller unverified.
func NewClient(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, &LocalError{Err: ErrBaseURL, cause: err, MessageEN: "base URL: " + err.Error(),
			MessageVI: fmt.Sprintf("Địa chỉ dịch vụ %q không đọc được. Đề nghị ghi dạng https://tên-máy-chủ.", baseURL)}
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, &LocalError{Err: ErrBaseURL, MessageEN: fmt.Sprintf("base URL %q: want http(s)://host[/path], with no query or fragment", baseURL),
			MessageVI: fmt.Sprintf("Địa chỉ dịch vụ %q không đúng dạng. Đề nghị ghi dạng https://tên-máy-chủ, không có phần sau dấu ? hoặc #.", baseURL)}
	}
	if err := checkBase(baseURL, u); err != nil {
		return nil, err
	}
	c := &Client{
		base:      strings.TrimRight(u.String(), "/"),
		http:      &http.Client{Timeout: 60 * time.Second},
		service:   identifier.NationalService(),
		retry:     RetryPolicy{}.withDefaults(),
		log:       slog.New(slog.DiscardHandler),
		format:    packet.FormatJSON,
		maxAnswer: DefaultMaxAnswerBytes,
		purpose:   PurposeCadreWork,
	}
	for _, o := range opts {
		o(c)
	}
	switch {
	case c.optErr != nil:
		return nil, c.optErr
	case c.verifier == nil:
		return nil, optionError("no verifier: WithVerifier is required to trust the national database's answers",
			"Chưa cấu hình việc xác thực chữ ký số của các câu trả lời (WithVerifier). Đề nghị cấu hình kho chứng thư số gốc tin cậy.")
	case c.oauth == nil && c.xroad.IsZero():
		return nil, optionError("no transport: WithXRoadClient (through a security server) or WithOAuth (through a gateway)",
			"Chưa chọn cách kết nối: qua máy chủ an ninh (WithXRoadClient, mã hệ thống con của đơn vị) hoặc qua cổng OAuth (WithOAuth). Đề nghị cấu hình một trong hai.")
	case c.service.IsZero():
		return nil, optionError("WithService: empty service identifier",
			"Mã dịch vụ (WithService) để trống. Đề nghị bỏ tùy chọn này để dùng dịch vụ quốc gia, hoặc ghi đủ mã dịch vụ.")
	}
	if c.oauth != nil {
		c.oauth.conf.TokenURL = c.base + wire.TokenPath
	}
	return c, nil
}

// Agency is the caller's agency code, from WithXRoadClient; zero when the
// client was configured only with OAuth credentials.
func (c *Client) Agency() identifier.AgencyCode {
	if c == nil {
		return identifier.AgencyCode{}
	}
	a, _ := c.xroad.Member.Agency()
	return a
}

// Signer returns the signer set by WithSigner, or nil.
func (c *Client) Signer() *signing.Signer {
	if c == nil {
		return nil
	}
	return c.signer
}

// request is one call, retried as a whole.
type request struct {
	ep          wire.Endpoint
	arg         string // the path's wildcard
	query       url.Values
	body        []byte
	contentType string
	idemKey     string
}

// answer is a successful (2xx) answer.
type answer struct {
	status    int
	header    http.Header
	body      []byte
	requestID string
}

// servicePath is the request's path under the service, what the request
// hash covers.
func (r *request) servicePath() string { return r.ep.Path(r.arg) }

func (c *Client) url(r *request) string {
	p := r.servicePath()
	if c.oauth != nil {
		p = wire.GatewayPrefix + p
	} else {
		p = wire.XRoadPrefix + c.service.String() + p
	}
	u := c.base + p
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	return u
}

// do sends r, retrying as RetryPolicy says, and returns a 2xx answer or an
// error: an *Error for an error answer, the context's error, or the last
// network error.
func (c *Client) do(ctx context.Context, r *request) (*answer, error) {
	if err := c.ready(ctx); err != nil {
		return nil, err
	}
	renewed := false
	var last error
	for attempt := 1; ; attempt++ {
		a, retryAfter, err := c.attempt(ctx, r, attempt)
		if err == nil {
			return a, nil
		}
		var e *Error
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("ndxp: %s: %w", r.ep.Name(), ctx.Err())
		case errors.As(err, &e) && e.Status == http.StatusUnauthorized && c.oauth != nil && !renewed:
			// A token the server no longer honours: renew once, at once.
			renewed = true
			c.oauth.invalidate()
			attempt--
			continue
		case errors.As(err, &e) && !retryableStatus(e.Status):
			e.Attempts = attempt
			return nil, err
		case errors.Is(err, ErrRequestHash) || errors.As(err, new(permanent)):
			return nil, err
		}
		last = err
		if attempt >= c.retry.MaxAttempts {
			if errors.As(err, &e) {
				e.Attempts = attempt
				return nil, err
			}
			return nil, fmt.Errorf("ndxp: %s: %d attempts: %w", r.ep.Name(), attempt, last)
		}
		wait := c.retry.backoff(attempt, retryAfter)
		c.log.LogAttrs(ctx, slog.LevelWarn, "ndxp: retrying",
			slog.String("endpoint", r.ep.Name()), slog.Int("attempt", attempt),
			slog.Duration("wait", wait), slog.String("error", err.Error()))
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("ndxp: %s: giving up after %d attempts, the next was %v away: %w (last: %v)", r.ep.Name(), attempt, wait, err, last)
		}
	}
}

// permanent marks a failure that another attempt cannot fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// attempt sends r once. retryAfter is the server's Retry-After, if any.
func (c *Client) attempt(ctx context.Context, r *request, n int) (_ *answer, retryAfter time.Duration, _ error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, 0, fmt.Errorf("ndxp: %s: rate limit: %w", r.ep.Name(), err)
		}
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.ep.Method(), c.url(r), body)
	if err != nil {
		return nil, 0, permanent{fmt.Errorf("ndxp: %s: %w", r.ep.Name(), err)}
	}
	id := uuid.NewString()
	h := req.Header
	if !c.xroad.IsZero() {
		h.Set(wire.HeaderClient, c.xroad.String())
	}
	h.Set(wire.HeaderID, id)
	if c.userID != "" {
		h.Set(wire.HeaderUserID, c.userID)
	}
	if r.idemKey != "" {
		h.Set(wire.HeaderIdempotencyKey, r.idemKey)
	}
	if r.contentType != "" {
		h.Set("Content-Type", r.contentType)
	}
	h.Set("Accept", c.accept(r.ep))
	if c.oauth != nil {
		tok, err := c.oauth.token(ctx, c.http)
		if err != nil {
			var re *oauth2.RetrieveError
			if errors.As(err, &re) && re.Response != nil {
				e := &Error{Method: http.MethodPost, Endpoint: wire.Token.Name(), Status: re.Response.StatusCode,
					Code: re.ErrorCode, Detail: re.ErrorDescription}
				e.RetryAfter = parseRetryAfter(re.Response.Header.Get(wire.HeaderRetryAfter), time.Now())
				return nil, e.RetryAfter, e
			}
			return nil, 0, fmt.Errorf("ndxp: %s: token: %w", r.ep.Name(), err)
		}
		h.Set("Authorization", "Bearer "+tok)
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logAttempt(ctx, r, n, 0, id, start, err)
		return nil, 0, fmt.Errorf("ndxp: %s: %w", r.ep.Name(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxAnswer+1))
	if err != nil {
		// A connection dropped mid-answer: worth another attempt.
		c.logAttempt(ctx, r, n, resp.StatusCode, id, start, err)
		return nil, 0, fmt.Errorf("ndxp: %s: reading the answer: %w", r.ep.Name(), err)
	}
	c.logAttempt(ctx, r, n, resp.StatusCode, id, start, nil)
	if int64(len(b)) > c.maxAnswer {
		return nil, 0, permanent{fmt.Errorf("ndxp: %s: answer larger than %d bytes", r.ep.Name(), c.maxAnswer)}
	}
	if got := resp.Header.Get(wire.HeaderRequestHash); got != "" {
		want := wire.RequestHash(req.Method, r.servicePath(), req.URL.RawQuery, req.Header, r.body)
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			return nil, 0, fmt.Errorf("ndxp: %s: %w", r.ep.Name(), ErrRequestHash)
		}
	}
	if resp.StatusCode/100 == 2 {
		return &answer{status: resp.StatusCode, header: resp.Header, body: b, requestID: id}, 0, nil
	}
	e := errorFromAnswer(r.ep, resp, b)
	e.RequestID = id
	e.RetryAfter = parseRetryAfter(resp.Header.Get(wire.HeaderRetryAfter), time.Now())
	return nil, e.RetryAfter, e
}

// accept is the Accept header of an endpoint's requests.
func (c *Client) accept(ep wire.Endpoint) string {
	if ep == wire.CodeList || c.format == packet.FormatJSON {
		return wire.MediaJSON
	}
	return wire.MediaXML
}

func (c *Client) logAttempt(ctx context.Context, r *request, n, status int, id string, start time.Time, err error) {
	level := slog.LevelDebug
	attrs := []slog.Attr{
		slog.String("endpoint", r.ep.Name()),
		slog.String("method", r.ep.Method()),
		slog.Int("attempt", n),
		slog.String("x_road_id", id),
		slog.Duration("duration", time.Since(start)),
	}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if err != nil || status >= 400 {
		level = slog.LevelInfo
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, level, "ndxp: request", attrs...)
}

// errorFromAnswer reads an error answer: a security server's fault, a
// problem document, or, from a proxy that knows neither, just a status.
func errorFromAnswer(ep wire.Endpoint, resp *http.Response, body []byte) *Error {
	e := &Error{Method: ep.Method(), Endpoint: ep.Name(), Status: resp.StatusCode}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if x := resp.Header.Get(wire.HeaderError); x != "" {
		e.XRoadError = x
		var f wire.XRoadFault
		if decodeJSON(body, &f) == nil {
			e.Type, e.Title, e.Detail = f.Type, f.Message, f.Detail
		}
		return e
	}
	if mt == wire.MediaProblem || mt == wire.MediaJSON {
		var p wire.Problem
		if decodeJSON(body, &p) == nil {
			e.Type, e.Title, e.Detail, e.DetailVI, e.Code, e.Findings = p.Type, p.Title, p.Detail, p.DetailVI, p.Code, p.Findings
		}
	}
	return e
}

// tokens caches the OAuth gateway's access token.
type tokens struct {
	conf clientcredentials.Config

	mu  sync.Mutex
	tok *oauth2.Token
}

// token returns a valid token, fetching a new one when the cached one is
// missing or about to expire (oauth2.Token.Valid allows a margin).
func (t *tokens) token(ctx context.Context, h *http.Client) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok.Valid() {
		return t.tok.AccessToken, nil
	}
	tok, err := t.conf.Token(context.WithValue(ctx, oauth2.HTTPClient, h))
	if err != nil {
		return "", err
	}
	t.tok = tok
	return tok.AccessToken, nil
}

func (t *tokens) invalidate() {
	t.mu.Lock()
	t.tok = nil
	t.mu.Unlock()
}
