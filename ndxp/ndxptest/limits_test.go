package ndxptest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// endlessBody is a request body of '{' for ever that counts what is read
// of it; started, when set, hears of the first read, and release, when
// set, holds every read until it is closed.
type endlessBody struct {
	mu      sync.Mutex
	n       int64
	started chan<- struct{}
	release <-chan struct{}
}

func (b *endlessBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	first := b.n == 0
	b.n += int64(len(p))
	b.mu.Unlock()
	if first && b.started != nil {
		b.started <- struct{}{}
	}
	if b.release != nil {
		<-b.release
	}
	for i := range p {
		p[i] = '{'
	}
	return len(p), nil
}

func (b *endlessBody) read() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

func (b *endlessBody) Close() error { return nil }

// servicePath is the path of an endpoint, under the default base path, on
// the X-Road transport (xroad) or the gateway.
func servicePath(xroad bool, p string) string {
	if xroad {
		return DefaultBasePath + wire.XRoadPrefix + identifier.NationalService().String() + p
	}
	return DefaultBasePath + wire.GatewayPrefix + p
}

// A caller the sandbox does not know is answered from its headers: not one
// byte of its body is read, however large it says it is.
func TestUnauthenticatedBodyNotRead(t *testing.T) {
	h := newHarness(t, Config{}).srv
	for _, tc := range []struct {
		name   string
		xroad  bool
		header []string
		status int
	}{
		{"gateway without token", false, nil, http.StatusUnauthorized},
		{"gateway with an unknown token", false, []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"x-road without client", true, nil, http.StatusBadRequest},
		{"x-road unknown member", true, []string{wire.HeaderClient, "VN/GOV/000.00.00.H01/QLCB"}, http.StatusInternalServerError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := &endlessBody{}
			r := httptest.NewRequest(http.MethodPost, servicePath(tc.xroad, "/goi-tin"), body)
			r.ContentLength = 64 << 20
			r.Header.Set("Content-Type", wire.MediaJSON)
			for i := 0; i < len(tc.header); i += 2 {
				r.Header.Set(tc.header[i], tc.header[i+1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status || body.read() != 0 {
				t.Errorf("%d, %d bytes of the body read; want %d, none read", w.Code, body.read(), tc.status)
			}
		})
	}
}

// A known caller's body is read no further than MaxPacketBytes: 413.
func TestBodyReadToTheLimitOnly(t *testing.T) {
	srv := newHarness(t, Config{}).srv
	h, err := New(Config{PKI: srv.PKI(), Members: []identifier.AgencyCode{h29}, MaxPacketBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	body := &endlessBody{}
	r := httptest.NewRequest(http.MethodPost, servicePath(true, "/goi-tin"), body)
	r.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
	r.Header.Set("Content-Type", wire.MediaJSON)
	r.Header.Set(wire.HeaderIdempotencyKey, "01a215cb-af80-7382-91f8-b0c31f83c255")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge || body.read() > 2<<20 {
		t.Errorf("%d after reading %d bytes; want 413 after about 1 MiB", w.Code, body.read())
	}
}

// A client sending its body slowly is cut off at the server's ReadTimeout.
func TestSlowBodyCutOff(t *testing.T) {
	h := newHarness(t, Config{ReadTimeout: 300 * time.Millisecond})
	u, err := url.Parse(h.xroadURL("/goi-tin"))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\n%s: %s\r\nContent-Type: %s\r\nContent-Length: 100000\r\n\r\n{",
		u.Path, u.Host, wire.HeaderClient, XRoadClient(h29), wire.MediaJSON)
	// The rest of the body never comes. The deadline only keeps a broken
	// server from hanging the test: the cut comes after 300 ms.
	start := time.Now()
	conn.SetReadDeadline(start.Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("answered %s to a body that never came", resp.Status)
		}
	}
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("the connection is still open after the answer")
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("cut off after %v", d)
	}
}

// Beyond MaxConcurrentPerClient requests in progress, a client is answered
// 429 with Retry-After; another client is not, nor the same once one ends.
func TestConcurrentRequestsPerClient(t *testing.T) {
	h := newHarness(t, Config{MaxConcurrentPerClient: 2}).srv
	request := func(addr string, body io.Reader) *http.Request {
		r := httptest.NewRequest(http.MethodPost, servicePath(true, "/goi-tin"), body)
		r.RemoteAddr = addr
		r.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
		r.Header.Set("Content-Type", wire.MediaJSON)
		return r
	}
	started := make(chan struct{}, 2)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		// Two requests held while their bodies are read.
		body := &endlessBody{started: started, release: release}
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), request("192.0.2.1:1000", io.LimitReader(body, 100))) })
	}
	<-started
	<-started
	w := httptest.NewRecorder()
	h.ServeHTTP(w, request("192.0.2.1:1001", strings.NewReader("{}")))
	if w.Code != http.StatusTooManyRequests || w.Header().Get(wire.HeaderRetryAfter) == "" {
		t.Errorf("a third request: %d, Retry-After %q; want 429 with Retry-After", w.Code, w.Header().Get(wire.HeaderRetryAfter))
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, request("192.0.2.2:1000", strings.NewReader("{}")))
	if w.Code == http.StatusTooManyRequests {
		t.Error("another client was answered 429")
	}
	close(release)
	wg.Wait()
	w = httptest.NewRecorder()
	h.ServeHTTP(w, request("192.0.2.1:1002", strings.NewReader("{}")))
	if w.Code == http.StatusTooManyRequests {
		t.Error("429 after the requests in progress ended")
	}
}

// A packet nobody signed, of 50,000 empty records, is refused for its
// signature after a glance at its findings: each record is refused with the
// packet's reason, and the work left is reading the records and signing
// the answer. Validating it whole made 850,000 findings and allocated
// about 4.5 GB.
func TestUnsignedJunkIsCheap(t *testing.T) {
	hs := newHarness(t, Config{})
	var b strings.Builder
	const n = 50_000
	fmt.Fprintf(&b, `{"ThongTinGoiTin":{"MaGoiTin":"01a215cb-af80-7382-91f8-b0c31f83c255","LoaiGoiTin":"HOSO","PhienBan":"1.0","MaDonViGui":"000.00.00.H29","MaDonViNhan":"000.00.00.G09","ThoiGianTao":"2026-11-26T10:00:00+07:00","SoLuongBanGhi":%d},"DuLieu":[{}`, n)
	for range n - 1 {
		b.WriteString(",{}")
	}
	b.WriteString("]}")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a := hs.do(http.MethodPost, hs.xroadURL("/goi-tin"), []byte(b.String()),
		wire.HeaderClient, XRoadClient(h29).String(), "Content-Type", wire.MediaJSON,
		wire.HeaderIdempotencyKey, "01a215cb-af80-7382-91f8-b0c31f83c255")
	runtime.ReadMemStats(&after)
	if a.status != http.StatusAccepted {
		t.Fatalf("%d: %s", a.status, a.body)
	}
	var p struct {
		ThongTinGoiTin struct{ TrangThaiGoiTin string }
		DuLieu         []struct{ ViPham []packet.Finding }
	}
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.ThongTinGoiTin.TrangThaiGoiTin != string(packet.StateRejected) || len(p.DuLieu) != n {
		t.Fatalf("%s with %d results, want %s with %d", p.ThongTinGoiTin.TrangThaiGoiTin, len(p.DuLieu), packet.StateRejected, n)
	}
	if vs := p.DuLieu[0].ViPham; len(vs) == 0 || vs[0].Rule != packet.RuleSignatureMissing {
		t.Errorf("first record's findings %v, want R-SIG-001 first", vs)
	}
	if vs := p.DuLieu[n-1].ViPham; len(vs) > unverifiedLimits.MaxFindings+2 {
		t.Errorf("the last record carries %d findings", len(vs))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1536<<20 {
		t.Errorf("refusing it allocated %d MB", alloc>>20)
	}
}
