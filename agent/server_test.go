package agent_test

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/agent"
)

// serveAgent serves a on a loopback port until the test ends, and returns
// its address.
func serveAgent(t *testing.T, a *agent.Agent) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// A client that sends its headers or its body too slowly is cut off at
// the server's timeouts. The bound of the test is ten times the timeout,
// so that a slow machine does not make it fail.
func TestServeTimeouts(t *testing.T) {
	a, err := agent.New(t.Context(), agent.Config{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveAgent(t, a)
	for name, send := range map[string]string{
		"headers never end": "POST /v1/validate HTTP/1.1\r\nHost: agent\r\n",
		"body never ends":   "POST /v1/validate HTTP/1.1\r\nHost: agent\r\nContent-Length: 100000\r\n\r\n{\"ThongTinGoiTin\": {",
	} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if _, err := io.WriteString(conn, send); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(start.Add(3 * time.Second))
		got, err := io.ReadAll(conn)
		conn.Close()
		if err != nil {
			t.Errorf("%s: still connected after %v: %v", name, time.Since(start), err)
		}
		if len(got) > 0 && !strings.HasPrefix(string(got), "HTTP/1.1 4") {
			t.Errorf("%s: answered %q", name, got)
		}
	}
}

// An agent exposed beyond loopback serves HTTPS and requires its token.
func TestServeTLS(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.StartTLS() // for its certificate, and a client that trusts it
	defer ts.Close()
	a, err := agent.New(t.Context(), agent.Config{Addr: "0.0.0.0:8357", Token: "tok",
		TLS: &tls.Config{Certificates: ts.TLS.Certificates, MinVersion: tls.VersionTLS12}})
	if err != nil {
		t.Fatal(err)
	}
	addr := serveAgent(t, a)
	c := ts.Client()
	for _, tc := range []struct {
		token  string
		status int
	}{{"", 401}, {"tok", 200}} {
		req, _ := http.NewRequest("GET", "https://"+addr+"/v1/health", nil)
		if tc.token != "" {
			req.Header.Set("Authorization", "Bearer "+tc.token)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("token %q: %d %s", tc.token, resp.StatusCode, body)
		}
		loadContract(t).check(t, "GET", "/v1/health", resp.StatusCode, resp.Header, body)
	}
	if resp, err := http.Get("http://" + addr + "/v1/health"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP answered 200 on the TLS port")
		}
	}
}
