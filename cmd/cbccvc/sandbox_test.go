package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSandbox(t *testing.T) {
	pki := t.TempDir()
	if code, _, errOut := runCLI(t, "testpki", "--out", pki, "--agency", "000.00.00.H49"); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		client string // ID:SECRET
		agency string
	}{
		{"defaults", nil, "sandbox:sandbox-secret", "000.00.00.H29"},
		{"pki and client", []string{"--pki", pki, "--client", "hn:s3cret:000.00.00.H49", "--base-path", "/ndxp"}, "hn:s3cret", "000.00.00.H49"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdout, stderr syncBuffer
			done := make(chan int, 1)
			args := append([]string{"sandbox", "--addr", "127.0.0.1:0"}, tc.args...)
			go func() { done <- run(ctx, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args) }()

			var base string
			deadline := time.Now().Add(10 * time.Second)
			for base == "" {
				select {
				case code := <-done:
					t.Fatalf("exited %d: %s", code, stderr.String())
				default:
				}
				if m := regexp.MustCompile(`(?m)^url: (\S+)$`).FindStringSubmatch(stdout.String()); m != nil && strings.Contains(stdout.String(), "stats: ") {
					base = m[1]
				}
				if time.Now().After(deadline) {
					t.Fatalf("no URL printed: %s", stdout.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			out := stdout.String()
			id, secret, _ := strings.Cut(tc.client, ":")
			if !strings.Contains(out, "client: id="+id+" secret="+secret+" agency="+tc.agency) {
				t.Fatalf("credentials not printed:\n%s", out)
			}
			if !strings.Contains(out, "send, pull: --base "+base+" ") {
				t.Fatalf("the --base to use is not printed:\n%s", out)
			}
			// A path that is no endpoint (a client given the gateway's URL as
			// its base) is 404 problem+json, before any authentication.
			if resp, err := http.Get(base + "/cbccvc/v1/cbccvc/v1/goi-tin"); err != nil || resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("unknown path: %v %v", err, resp)
			} else {
				resp.Body.Close()
			}

			// The gateway: a token, then a call.
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
			resp, err := http.PostForm(base+"/token", form)
			if err != nil {
				t.Fatal(err)
			}
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			err = json.NewDecoder(resp.Body).Decode(&tok)
			resp.Body.Close()
			if err != nil || tok.AccessToken == "" {
				t.Fatalf("token: %d %v", resp.StatusCode, err)
			}
			req, _ := http.NewRequest(http.MethodGet, base+"/cbccvc/v1/danh-muc/GioiTinh", nil)
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
				t.Fatalf("gateway call: %v %v", err, resp)
			} else {
				resp.Body.Close()
			}
			// The X-Road transport, with the client's agency as a member.
			req, _ = http.NewRequest(http.MethodGet, base+"/r1/VN/GOV/000.00.00.G09/CSDLCBCCVC/cbccvc/v1/ho-so", nil)
			req.Header.Set("X-Road-Client", "VN/GOV/"+tc.agency+"/QLCB")
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 || resp.Header.Get("X-Road-Request-Hash") == "" {
				t.Fatalf("x-road call: %v %v", err, resp)
			} else {
				resp.Body.Close()
			}
			// The stats, as the issue names them.
			resp, err = http.Get(base + "/_sandbox/stats")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var st map[string]int
			if err := json.Unmarshal(b, &st); err != nil {
				t.Fatalf("stats %s: %v", b, err)
			}
			for _, k := range []string{"packetsReceived", "packetsProcessed", "recordsProcessed", "profilesStored", "idempotentReplays", "rejectedPackets"} {
				if _, ok := st[k]; !ok {
					t.Errorf("stats without %s: %s", k, b)
				}
			}

			cancel()
			select {
			case code := <-done:
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatal("did not stop on cancel")
			}
			if !strings.Contains(stdout.String(), "stopped; stats: {") {
				t.Fatalf("no final stats:\n%s", stdout.String())
			}
			if _, err := http.Get(base + "/_sandbox/stats"); err == nil {
				t.Fatal("still serving after stop")
			}
		})
	}
	if code, _, errOut := runCLI(t, "sandbox", "--client", "bad"); code != exitUsage || !strings.Contains(errOut, "ID:SECRET:AGENCYCODE") {
		t.Fatalf("bad --client: %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "sandbox", "--pki", t.TempDir(), "--addr", "127.0.0.1:0"); code != exitUsage {
		t.Fatalf("empty --pki: %d", code)
	}
}
