package ndxp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

// These tests run the client against a scripted fake that answers each
// request as the test says; the sandbox (ndxptest) tests the whole service.

var testAgency = identifier.MustParseAgencyCode("000.00.00.H29")

const basePath = "/ndxp-base"

// seen is one request the fake received.
type seen struct {
	method, path, query string
	header              http.Header
	body                []byte
	at                  time.Time
}

type fake struct {
	t      testing.TB
	pki    *signingtest.PKI
	gen    *packettest.Generator
	csdlqg *signing.Signer
	agency *signing.Signer
	srv    *httptest.Server

	genMu sync.Mutex // the generator is not safe for concurrent use

	mu       sync.Mutex
	requests []seen
	handle   func(w http.ResponseWriter, r *http.Request, s seen, n int)
}

// newFake starts a fake whose handle answers request n (0-based) of the
// service; the token endpoint answers on its own.
func newFake(t testing.TB, handle func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int)) *fake {
	t.Helper()
	f := &fake{t: t, pki: signingtest.New(t), gen: packettest.New(packettest.Options{})}
	var err error
	id := f.pki.CSDLQG()
	if f.csdlqg, err = signing.NewSigner(id.Key, id.CertChain()); err != nil {
		t.Fatal(err)
	}
	a := f.pki.Agency(testAgency, signingtest.RSA2048)
	if f.agency, err = signing.NewSigner(a.Key, a.CertChain()); err != nil {
		t.Fatal(err)
	}
	f.handle = func(w http.ResponseWriter, r *http.Request, s seen, n int) { handle(f, w, r, s, n) }
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s := seen{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), body: body, at: time.Now()}
	if r.URL.Path == basePath+wire.TokenPath {
		id, secret, _ := r.BasicAuth()
		if id != "client" || secret != "secret" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		f.mu.Lock()
		f.requests = append(f.requests, s)
		n := len(f.requests)
		f.mu.Unlock()
		w.Header().Set("Content-Type", wire.MediaJSON)
		json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-" + strings.Repeat("x", n), "token_type": "Bearer", "expires_in": 3600})
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, s)
	n := 0
	for _, q := range f.requests {
		if q.path != basePath+wire.TokenPath {
			n++
		}
	}
	f.mu.Unlock()
	f.handle(w, r, s, n-1)
}

// service returns the requests to the service, without the token requests.
func (f *fake) service() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []seen
	for _, s := range f.requests {
		if s.path != basePath+wire.TokenPath {
			out = append(out, s)
		}
	}
	return out
}

func (f *fake) tokenRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests) - len(f.serviceLocked())
}

func (f *fake) serviceLocked() []seen {
	var out []seen
	for _, s := range f.requests {
		if s.path != basePath+wire.TokenPath {
			out = append(out, s)
		}
	}
	return out
}

// client returns an X-Road client of the fake, retrying fast.
func (f *fake) client(opts ...Option) *Client {
	f.t.Helper()
	base := []Option{
		WithXRoadClient(identifier.Subsystem{Member: identifier.Member{Instance: "VN", Class: identifier.ClassGOV, Code: testAgency.Canonical()}, Code: "QLCB"}),
		WithVerifier(&signing.Verifier{Policy: signing.Policy{Roots: f.pki.Roots()}}),
		WithSigner(f.agency),
		WithHTTPClient(f.srv.Client()),
		WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond}),
	}
	c, err := NewClient(f.srv.URL+basePath, append(base, opts...)...)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// servicePath strips the transport's prefix from a request path.
func servicePath(p string) string {
	p = strings.TrimPrefix(p, basePath)
	if rest, ok := strings.CutPrefix(p, wire.GatewayPrefix); ok {
		return rest
	}
	rest := strings.TrimPrefix(p, wire.XRoadPrefix+identifier.NationalService().String())
	return rest
}

// write answers with the request hash an X-Road security server adds.
func (f *fake) write(w http.ResponseWriter, s seen, status int, ctype string, body []byte) {
	w.Header().Set(wire.HeaderRequestHash, wire.RequestHash(s.method, servicePath(s.path), s.query, s.header, s.body))
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	w.Write(body)
}

// signed encodes and signs p as the national database.
func (f *fake) signed(p *packet.Packet) []byte {
	f.t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		f.t.Fatal(err)
	}
	out, err := f.csdlqg.Sign(context.Background(), b.Bytes())
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// submission returns a signed HOSO packet of the test agency.
func (f *fake) submission(n int) (*packet.Packet, []byte) {
	f.t.Helper()
	p := f.gen.Packet(packet.KindProfiles, n)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		f.t.Fatal(err)
	}
	out, err := f.agency.Sign(context.Background(), b.Bytes())
	if err != nil {
		f.t.Fatal(err)
	}
	return p, out
}

// receipt is the PHANHOI of state for the packet in s's body.
func (f *fake) receipt(s seen, state packet.State) []byte {
	f.t.Helper()
	p, _, err := packet.Decode(bytes.NewReader(s.body), packet.FormatAuto, packet.Limits{})
	if err != nil {
		f.t.Fatal(err)
	}
	f.genMu.Lock()
	r := f.gen.Reply(p, nil)
	f.genMu.Unlock()
	r.Header.State = state
	if state == packet.StateReceived {
		r.Records.Results = nil
		r.Header.RecordCount = 0
	}
	return f.signed(r)
}

func (f *fake) problem(w http.ResponseWriter, s seen, status int, p wire.Problem) {
	b, _ := json.Marshal(p)
	f.write(w, s, status, wire.MediaProblem, b)
}

func TestNewClientErrors(t *testing.T) {
	v := WithVerifier(&signing.Verifier{})
	x := WithXRoadClient(identifier.Subsystem{Member: identifier.Member{Instance: "VN", Class: "GOV", Code: "000.00.00.H29"}, Code: "QLCB"})
	tests := []struct {
		name string
		base string
		opts []Option
		want string
	}{
		{"ok", "https://ss.example.vn", []Option{v, x}, ""},
		{"no scheme", "ss.example.vn", []Option{v, x}, "want http(s)"},
		{"query", "https://ss.example.vn/?a=b", []Option{v, x}, "query"},
		{"no verifier", "https://ss.example.vn", []Option{x}, "no verifier"},
		{"no transport", "https://ss.example.vn", []Option{v}, "no transport"},
		{"oauth without secret", "https://gw.example.vn", []Option{v, WithOAuth("id", "")}, "WithOAuth"},
		{"nil http client", "https://ss.example.vn", []Option{v, x, WithHTTPClient(nil)}, "WithHTTPClient"},
		{"bad format", "https://ss.example.vn", []Option{v, x, WithFormat(packet.FormatAuto)}, "WithFormat"},
		{"bad answer cap", "https://ss.example.vn", []Option{v, x, WithMaxAnswerBytes(0)}, "WithMaxAnswerBytes"},
		{"empty service", "https://ss.example.vn", []Option{v, x, WithService(identifier.Service{})}, "empty service"},
		{"a base under a path", "https://proxy.example.vn/ndxp", []Option{v, x}, ""},
		{"a base with the X-Road path", "https://ss.example.vn/r1/VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/goi-tin", []Option{v, x}, `pass "https://ss.example.vn"`},
		{"a base with /r1", "https://ss.example.vn/proxy/r1", []Option{v, x}, `pass "https://ss.example.vn/proxy"`},
		{"a base with the gateway path", "https://gw.example.vn/cbccvc/v1", []Option{v, WithOAuth("id", "s")}, `pass "https://gw.example.vn"`},
		{"a base with the gateway path and more", "https://gw.example.vn/lgsp/cbccvc/v1/goi-tin/", []Option{v, WithOAuth("id", "s")}, `pass "https://gw.example.vn/lgsp"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.base, tt.opts...)
			if tt.want == "" {
				if err != nil || c == nil {
					t.Fatalf("NewClient: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewClient error = %v, want one mentioning %q", err, tt.want)
			}
			var le *LocalError
			if tt.name != "bad format" && tt.name != "bad answer cap" && !errors.As(err, &le) {
				t.Fatalf("NewClient error %v (%T) is not a *LocalError", err, err)
			}
			if le != nil {
				if vi, _ := le.Messages(); !strings.Contains(vi, "Đề nghị") {
					t.Errorf("no action in the Vietnamese message %q", vi)
				}
				if strings.HasPrefix(tt.name, "a base with") && (!errors.Is(err, ErrBaseURL) || !strings.Contains(le.MessageVI, strings.TrimPrefix(tt.want, "pass "))) {
					t.Errorf("%v: want ErrBaseURL naming the base to pass in both languages; VI %q", err, le.MessageVI)
				}
			}
		})
	}
}

func TestSubmitSendsEachHeaderOnce(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		f.write(w, s, http.StatusAccepted, wire.MediaJSON, f.receipt(s, packet.StateReceived))
	})
	p, signed := f.submission(3)
	a, err := f.client(WithUserID("VN079085001234")).Submit(context.Background(), signed)
	if err != nil {
		t.Fatal(err)
	}
	if a.State() != packet.StateReceived || a.Packet.Header.ReplyTo != p.Header.ID {
		t.Errorf("answer: state %q, reply to %s; want %s for %s", a.State(), a.Packet.Header.ReplyTo, packet.StateReceived, p.Header.ID)
	}
	if len(a.Canonical) == 0 || !bytes.Contains(a.Raw, []byte(`"ChuKySo"`)) || a.Signer == nil {
		t.Error("answer lacks its verified bytes, its signed raw bytes or its signer")
	}
	reqs := f.service()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	s := reqs[0]
	if want := basePath + "/r1/VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1/goi-tin"; s.path != want || s.method != http.MethodPost {
		t.Errorf("request %s %s, want POST %s", s.method, s.path, want)
	}
	want := map[string]string{
		wire.HeaderClient:         "VN/GOV/000.00.00.H29/QLCB",
		wire.HeaderIdempotencyKey: p.Header.ID.String(),
		wire.HeaderUserID:         "VN079085001234",
		"Content-Type":            wire.MediaJSON,
		"Accept":                  wire.MediaJSON,
	}
	for h, v := range want {
		if got := s.header.Values(h); len(got) != 1 || got[0] != v {
			t.Errorf("header %s = %q, want exactly [%q]", h, got, v)
		}
	}
	if got := s.header.Values(wire.HeaderID); len(got) != 1 || uuid.Validate(got[0]) != nil {
		t.Errorf("X-Road-Id = %q, want one UUID", got)
	}
	if a.RequestID != s.header.Get(wire.HeaderID) {
		t.Errorf("RequestID %q, want the X-Road-Id sent, %q", a.RequestID, s.header.Get(wire.HeaderID))
	}
	if !bytes.Equal(s.body, signed) {
		t.Error("the body sent is not the signed packet")
	}
}

func TestSubmitRefusesBeforeSending(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		t.Error("nothing should have been sent")
	})
	c := f.client()
	_, signed := f.submission(1)

	var unsigned bytes.Buffer
	f.gen.Packet(packet.KindProfiles, 1).Encode(&unsigned, packet.FormatJSON)
	other := packettest.New(packettest.Options{Sender: identifier.MustParseAgencyCode("000.00.00.H01")}).Packet(packet.KindProfiles, 1)
	var otherSender bytes.Buffer
	other.Encode(&otherSender, packet.FormatJSON)
	otherSigned := bytes.Replace(otherSender.Bytes(), []byte(`"DuLieu"`), []byte(`"ChuKySo":{"DinhDang":"CMS","GiaTri":"AA=="},"DuLieu"`), 1)
	reply := f.signed(f.gen.Reply(f.gen.Packet(packet.KindProfiles, 1), nil))

	tests := []struct {
		name string
		in   []byte
		is   error
		want string
	}{
		{"unsigned", unsigned.Bytes(), signing.ErrUnsigned, ""},
		{"not a packet", []byte(`[1,2]`), nil, "header"},
		{"a reply", reply, nil, "only HOSO and BIENDONG"},
		{"another sender", otherSigned, nil, "not by this client's agency"},
		{"truncated", signed[:40], nil, "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Submit(context.Background(), tt.in)
			if err == nil {
				t.Fatal("Submit accepted it")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		switch n {
		case 0:
			f.problem(w, s, http.StatusServiceUnavailable, wire.Problem{Status: 503, Code: wire.CodeUnavailable})
		case 1:
			w.WriteHeader(http.StatusBadGateway)
		case 2:
			w.Header().Set(wire.HeaderRetryAfter, "1")
			f.problem(w, s, http.StatusTooManyRequests, wire.Problem{Status: 429, Code: wire.CodeRateLimited})
		default:
			f.write(w, s, http.StatusAccepted, wire.MediaJSON, f.receipt(s, packet.StateReceived))
		}
	})
	_, signed := f.submission(1)
	c := f.client(WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second}))
	if _, err := c.Submit(context.Background(), signed); err != nil {
		t.Fatal(err)
	}
	reqs := f.service()
	if len(reqs) != 4 {
		t.Fatalf("%d attempts, want 4", len(reqs))
	}
	ids := map[string]bool{}
	for i, s := range reqs {
		if got := s.header.Get(wire.HeaderIdempotencyKey); got != reqs[0].header.Get(wire.HeaderIdempotencyKey) {
			t.Errorf("attempt %d: Idempotency-Key %q changed", i, got)
		}
		ids[s.header.Get(wire.HeaderID)] = true
	}
	if len(ids) != 4 {
		t.Errorf("%d distinct X-Road-Id over 4 attempts, want a fresh one each", len(ids))
	}
	if wait := reqs[3].at.Sub(reqs[2].at); wait < time.Second {
		t.Errorf("retried %v after a 429 with Retry-After: 1, want at least 1s", wait)
	}
}

func TestGivesUpAndClassifies(t *testing.T) {
	findings := []packet.Finding{{Rule: "R-FMT-001", Severity: packet.SeverityError, Pointer: "", MessageVI: "Không phải JSON"}}
	tests := []struct {
		name     string
		answer   func(f *fake, w http.ResponseWriter, s seen)
		is       error
		attempts int
		check    func(t *testing.T, e *Error)
	}{
		{"400 with findings is not retried", func(f *fake, w http.ResponseWriter, s seen) {
			f.problem(w, s, 400, wire.Problem{Status: 400, Title: "Gói tin không hợp lệ", Code: wire.CodeBadRequest, Findings: findings})
		}, ErrBadRequest, 1, func(t *testing.T, e *Error) {
			if e.Code != wire.CodeBadRequest || len(e.Findings) != 1 || e.Findings[0].Rule != "R-FMT-001" {
				t.Errorf("error %+v lost the problem's code or findings", e)
			}
		}},
		{"403", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 403, wire.Problem{Status: 403}) }, ErrForbidden, 1, nil},
		{"404", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 404, wire.Problem{Status: 404}) }, ErrNotFound, 1, nil},
		{"409", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 409, wire.Problem{Status: 409}) }, ErrConflict, 1, nil},
		{"413", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 413, wire.Problem{Status: 413}) }, ErrTooLarge, 1, nil},
		{"401 on X-Road is not renewed", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 401, wire.Problem{Status: 401}) }, ErrUnauthorized, 1, nil},
		{"500 is not retried", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 500, wire.Problem{Status: 500}) }, ErrUnavailable, 1, nil},
		{"503 until the end", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 503, wire.Problem{Status: 503}) }, ErrUnavailable, 4, nil},
		{"429 until the end", func(f *fake, w http.ResponseWriter, s seen) { f.problem(w, s, 429, wire.Problem{Status: 429}) }, ErrRateLimited, 4, nil},
		{"security server fault", func(f *fake, w http.ResponseWriter, s seen) {
			w.Header().Set(wire.HeaderError, "Server.ServerProxy.AccessDenied")
			b, _ := json.Marshal(wire.XRoadFault{Type: "Server.ServerProxy.AccessDenied", Message: "Request is not allowed"})
			f.write(w, s, 500, wire.MediaJSON, b)
		}, ErrSecurityServer, 1, func(t *testing.T, e *Error) {
			if e.XRoadCategory() != "provider" || e.Title != "Request is not allowed" {
				t.Errorf("X-Road fault read as %+v (category %q)", e, e.XRoadCategory())
			}
			if !strings.Contains(e.Error(), "X-Road-Error Server.ServerProxy.AccessDenied") {
				t.Errorf("message %q does not name the fault", e.Error())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) { tt.answer(f, w, s) })
			_, err := f.client().Result(context.Background(), uuid.New())
			if !errors.Is(err, tt.is) {
				t.Fatalf("error %v, want %v", err, tt.is)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if got := len(f.service()); got != tt.attempts || e.Attempts != tt.attempts {
				t.Errorf("%d requests, Attempts %d; want %d", got, e.Attempts, tt.attempts)
			}
			if e.Endpoint != "result" || e.RequestID == "" {
				t.Errorf("error names endpoint %q, request %q", e.Endpoint, e.RequestID)
			}
			if tt.check != nil {
				tt.check(t, e)
			}
		})
	}
}

func TestRequestHashMismatch(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		s.header.Set(wire.HeaderID, uuid.NewString()) // the hash of another request
		f.write(w, s, http.StatusAccepted, wire.MediaJSON, f.receipt(s, packet.StateReceived))
	})
	_, signed := f.submission(1)
	_, err := f.client().Submit(context.Background(), signed)
	if !errors.Is(err, ErrRequestHash) {
		t.Fatalf("error %v, want ErrRequestHash", err)
	}
	if n := len(f.service()); n != 1 {
		t.Errorf("%d attempts, want 1: a mismatched hash is not a transient fault", n)
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		body := f.receipt(s, packet.StateReceived)
		if n == 0 {
			w.Header().Set("Content-Length", "100000")
			w.WriteHeader(http.StatusAccepted)
			w.Write(body[:len(body)/2])
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		f.write(w, s, http.StatusAccepted, wire.MediaJSON, body)
	})
	_, signed := f.submission(1)
	if _, err := f.client().Submit(context.Background(), signed); err != nil {
		t.Fatal(err)
	}
	if n := len(f.service()); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestDeadline(t *testing.T) {
	t.Run("slow answer", func(t *testing.T) {
		f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client().Result(ctx, uuid.New())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("returned after %v, want about the 100ms deadline", d)
		}
	})
	t.Run("Retry-After past the deadline", func(t *testing.T) {
		f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
			w.Header().Set(wire.HeaderRetryAfter, "5")
			f.problem(w, s, 429, wire.Problem{Status: 429})
		})
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client(WithRetry(RetryPolicy{MaxAttempts: 3, MaxDelay: time.Minute})).Result(ctx, uuid.New())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 400*time.Millisecond {
			t.Errorf("waited %v for a retry it could not make", d)
		}
	})
}

func TestOAuthGateway(t *testing.T) {
	var mu sync.Mutex
	rejected := false
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		if got := r.Header.Get("Authorization"); !strings.HasPrefix(got, "Bearer tok-") {
			f.problem(w, s, 401, wire.Problem{Status: 401})
			return
		}
		mu.Lock()
		first := !rejected && n == 1
		if first {
			rejected = true
		}
		mu.Unlock()
		if first { // the gateway forgot the token: the client renews it once
			f.problem(w, s, 401, wire.Problem{Status: 401, Code: wire.CodeUnauthorized})
			return
		}
		f.write(w, s, http.StatusAccepted, wire.MediaJSON, f.receipt(s, packet.StateReceived))
	})
	c := f.client(WithOAuth("client", "secret"))
	for i := range 3 {
		_, signed := f.submission(1)
		if _, err := c.Submit(context.Background(), signed); err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	reqs := f.service()
	if len(reqs) != 4 {
		t.Fatalf("%d service requests, want 4 (3 and one after the renewal)", len(reqs))
	}
	if want := basePath + "/cbccvc/v1/goi-tin"; reqs[0].path != want {
		t.Errorf("path %s, want %s", reqs[0].path, want)
	}
	if got := f.tokenRequests(); got != 2 {
		t.Errorf("%d token requests, want 2: one cached token, one renewal", got)
	}
	if reqs[1].header.Get("Authorization") == reqs[2].header.Get("Authorization") {
		t.Error("the retry after a 401 used the rejected token")
	}

	t.Run("bad credentials", func(t *testing.T) {
		_, signed := f.submission(1)
		_, err := f.client(WithOAuth("client", "wrong")).Submit(context.Background(), signed)
		if !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("error %v, want ErrUnauthorized", err)
		}
		var e *Error
		if errors.As(err, &e) && e.Endpoint != "token" {
			t.Errorf("error names %q, want the token endpoint", e.Endpoint)
		}
	})
}

func TestVerifiesEveryAnswer(t *testing.T) {
	otherPKI := signingtest.New(t)
	tests := []struct {
		name   string
		answer func(f *fake, s seen) []byte
		is     error
	}{
		{"tampered", func(f *fake, s seen) []byte {
			return bytes.Replace(f.receipt(s, packet.StateReceived), []byte(`"TIEP_NHAN"`), []byte(`"DA_XU_LY"`), 1)
		}, signing.ErrDigestMismatch},
		{"unsigned", func(f *fake, s seen) []byte {
			var b bytes.Buffer
			f.gen.Reply(f.gen.Packet(packet.KindProfiles, 1), nil).Encode(&b, packet.FormatJSON)
			return b.Bytes()
		}, signing.ErrUnsigned},
		{"signed by another PKI", func(f *fake, s seen) []byte {
			id := otherPKI.CSDLQG()
			sg, _ := signing.NewSigner(id.Key, id.CertChain())
			p, _, _ := packet.Decode(bytes.NewReader(s.body), packet.FormatAuto, packet.Limits{})
			var b bytes.Buffer
			f.gen.Reply(p, nil).Encode(&b, packet.FormatJSON)
			out, _ := sg.Sign(context.Background(), b.Bytes())
			return out
		}, signing.ErrUntrusted},
		{"the answer to another packet", func(f *fake, s seen) []byte {
			return f.signed(f.gen.Reply(f.gen.Packet(packet.KindProfiles, 1), nil))
		}, ErrUnexpectedAnswer},
		{"signed by an agency", func(f *fake, s seen) []byte {
			p, _, _ := packet.Decode(bytes.NewReader(s.body), packet.FormatAuto, packet.Limits{})
			r := f.gen.Reply(p, nil)
			r.Header.Sender = testAgency
			var b bytes.Buffer
			r.Encode(&b, packet.FormatJSON)
			out, _ := f.agency.Sign(context.Background(), b.Bytes())
			return out
		}, ErrUnexpectedAnswer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
				f.write(w, s, http.StatusAccepted, wire.MediaJSON, tt.answer(f, s))
			})
			_, signed := f.submission(1)
			a, err := f.client().Submit(context.Background(), signed)
			if !errors.Is(err, tt.is) || a != nil {
				t.Fatalf("Submit = %v, %v; want nil, %v", a, err, tt.is)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	var cursors []string
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		cursors = append(cursors, r.URL.Query().Get(wire.QueryCursor))
		p := f.gen.Packet(packet.KindMatches, 2)
		if n < 2 {
			w.Header().Set(wire.HeaderNextCursor, "page-"+string(rune('a'+n)))
		}
		f.write(w, s, http.StatusOK, wire.MediaJSON, f.signed(p))
	})
	since := time.Date(2026, 11, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	var pages int
	for a, err := range f.client().Matches(context.Background(), MatchQuery{Since: since, PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Packet.Header.Kind != packet.KindMatches || len(a.Packet.Records.Matches) != 2 {
			t.Fatalf("page %d: %s with %d records", pages, a.Packet.Header.Kind, len(a.Packet.Records.Matches))
		}
		pages++
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
	if want := []string{"", "page-a", "page-b"}; strings.Join(cursors, ",") != strings.Join(want, ",") {
		t.Errorf("cursors sent %q, want %q", cursors, want)
	}
	q := f.service()[0].query
	if !strings.Contains(q, "tu=2026-11-01T00%3A00%3A00%2B07%3A00") || !strings.Contains(q, "gioi-han=2") {
		t.Errorf("query %q lacks tu or gioi-han", q)
	}

	t.Run("stopping early sends no more requests", func(t *testing.T) {
		before := len(f.service())
		for range f.client().Matches(context.Background(), MatchQuery{}) {
			break
		}
		if got := len(f.service()) - before; got != 1 {
			t.Errorf("%d requests for one page, want 1", got)
		}
	})
	t.Run("bad page size", func(t *testing.T) {
		for _, err := range f.client().Profiles(context.Background(), ProfileQuery{PageSize: 1001}) {
			if err == nil || !strings.Contains(err.Error(), "page size") {
				t.Errorf("error %v, want a page-size error", err)
			}
		}
	})
	t.Run("a cursor that repeats", func(t *testing.T) {
		g := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
			w.Header().Set(wire.HeaderNextCursor, "same")
			f.write(w, s, http.StatusOK, wire.MediaJSON, f.signed(f.gen.Packet(packet.KindSharedProfiles, 1)))
		})
		var last error
		for _, err := range g.client().Profiles(context.Background(), ProfileQuery{}) {
			last = err
		}
		if !errors.Is(last, ErrUnexpectedAnswer) {
			t.Errorf("last error %v, want ErrUnexpectedAnswer", last)
		}
	})
}

func TestLogsHoldNoSecrets(t *testing.T) {
	var logs bytes.Buffer
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		if n == 0 {
			f.problem(w, s, 503, wire.Problem{Status: 503})
			return
		}
		f.problem(w, s, 404, wire.Problem{Status: 404})
	})
	c := f.client(WithOAuth("client", "secret"), WithUserID("VN079085001234"),
		WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	id := identifier.MustParsePersonalID("079085001234")
	if _, err := c.Profile(context.Background(), id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("error %v, want ErrNotFound", err)
	}
	out := logs.String()
	if !strings.Contains(out, `"endpoint":"profile"`) || !strings.Contains(out, `"status":503`) {
		t.Errorf("logs lack the endpoint or status:\n%s", out)
	}
	for _, secret := range []string{"079085001234", "tok-", "secret", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain %q:\n%s", secret, out)
		}
	}
}

func TestProfileAndCodeList(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		switch {
		case strings.HasSuffix(s.path, "/danh-muc/TonGiao"):
			f.write(w, s, 200, wire.MediaJSON, []byte(`{"ten":"TonGiao","phienBan":"2026.01","muc":[{"ma":"00","ten":"Không"}]}`))
		case strings.Contains(s.path, "/ho-so/"):
			p := f.gen.Packet(packet.KindSharedProfiles, 1)
			p.Records.Profiles[0].PersonalID = identifier.MustParsePersonalID(s.path[strings.LastIndexByte(s.path, '/')+1:])
			f.write(w, s, 200, wire.MediaJSON, f.signed(p))
		default:
			f.problem(w, s, 404, wire.Problem{Status: 404})
		}
	})
	c := f.client()
	id := identifier.MustParsePersonalID("079085001234")
	p, err := c.Profile(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.PersonalID != id {
		t.Errorf("profile of %s, want %s", p.PersonalID, id)
	}
	l, err := c.CodeList(context.Background(), "TonGiao")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := l.Lookup("00"); !ok || e.Name != "Không" {
		t.Errorf("Lookup(00) = %v, %v", e, ok)
	}
	if _, err := c.CodeList(context.Background(), "DanToc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown list: %v, want ErrNotFound", err)
	}
}

func TestRateLimit(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		f.problem(w, s, 404, wire.Problem{Status: 404})
	})
	c := f.client(WithRateLimit(20, 1))
	start := time.Now()
	for range 5 {
		c.Result(context.Background(), uuid.New())
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("5 requests at 20/s took %v, want at least 200ms", d)
	}
}

func TestAnswerTooLarge(t *testing.T) {
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		f.write(w, s, http.StatusOK, wire.MediaJSON, bytes.Repeat([]byte(" "), 1000))
	})
	_, err := f.client(WithMaxAnswerBytes(100)).Result(context.Background(), uuid.New())
	if err == nil || !strings.Contains(err.Error(), "answer larger than 100 bytes") {
		t.Fatalf("error %v, want one about the size", err)
	}
	if n := len(f.service()); n != 1 {
		t.Errorf("%d attempts, want 1: a larger answer will not shrink", n)
	}
}
