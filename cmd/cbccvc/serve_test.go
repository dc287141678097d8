package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// startCLI runs a long-running command (sandbox, serve) until the test
// ends, and returns the URL it prints.
func startCLI(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("%s exited %d: %s", args[0], code, stderr.String())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case code := <-done:
			done <- code
			t.Fatalf("%s exited %d: %s", args[0], code, stderr.String())
		default:
		}
		if m := regexp.MustCompile(`(?m)^url: (\S+)$`).FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s printed no URL: %s", args[0], stdout.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// call makes a request of the agent with its token.
func call(t *testing.T, method, url, token string, body []byte) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

// cbccvc serve over the sandbox, with the agency's key from testpki: the
// key flags, the trust roots and the transport of the other commands.
func TestServe(t *testing.T) {
	pki := t.TempDir()
	if code, _, errOut := runCLI(t, "testpki", "--out", pki); code != exitOK {
		t.Fatalf("testpki: %d %s", code, errOut)
	}
	sandbox := startCLI(t, "sandbox", "--addr", "127.0.0.1:0", "--pki", pki)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("serve-test-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := startCLI(t, "serve", "--addr", "127.0.0.1:0", "--api-token-file", tokenFile,
		"--key", filepath.Join(pki, "000.00.00.H29.p12"), "--password-file", filepath.Join(pki, "000.00.00.H29.pass"),
		"--roots", filepath.Join(pki, "root.pem"), "--base", sandbox, "--xroad-client", "VN/GOV/000.00.00.H29/QLCB",
		"--state", t.TempDir(), "--sync-store", "sqlite:"+filepath.Join(t.TempDir(), "sync.db"))

	var pkt bytes.Buffer
	packettest.New(packettest.Options{Now: time.Now()}).Packet(packet.KindProfiles, 2).Encode(&pkt, packet.FormatJSON)
	if code, body, _ := call(t, "POST", url+"/v1/sign", "", pkt.Bytes()); code != 401 {
		t.Fatalf("without the token: %d %s", code, body)
	}
	if code, body, _ := call(t, "GET", url+"/v1/sync", "serve-test-token", nil); code != 200 || !bytes.Contains(body, []byte(`"people":0`)) {
		t.Fatalf("sync: %d %s", code, body)
	}
	code, signed, _ := call(t, "POST", url+"/v1/sign", "serve-test-token", pkt.Bytes())
	if code != 200 {
		t.Fatalf("sign: %d %s", code, signed)
	}
	code, body, _ := call(t, "POST", url+"/v1/verify", "serve-test-token", signed)
	if code != 200 || !bytes.Contains(body, []byte(`"verified":true`)) {
		t.Fatalf("verify: %d %s", code, body)
	}
	code, body, h := call(t, "POST", url+"/v1/send", "serve-test-token", pkt.Bytes())
	if code != 202 {
		t.Fatalf("send: %d %s", code, body)
	}
	var job struct {
		State    string `json:"state"`
		Progress struct {
			Accepted int `json:"accepted"`
		} `json:"progress"`
	}
	for deadline := time.Now().Add(30 * time.Second); job.State != "done"; time.Sleep(20 * time.Millisecond) {
		_, body, _ = call(t, "GET", url+h.Get("Location"), "serve-test-token", nil)
		if err := json.Unmarshal(body, &job); err != nil || job.State == "failed" || time.Now().After(deadline) {
			t.Fatalf("job: %v %s", err, body)
		}
	}
	if job.Progress.Accepted != 2 {
		t.Errorf("job: %s", body)
	}
}

func TestServeRefuses(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, nil, 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:0"}, "not a loopback address"},
		{[]string{"--addr", "0.0.0.0:0"}, "cần HTTPS và mã truy cập"},
		{[]string{"--addr", "0.0.0.0:0", "--api-token-file", empty}, "is empty"},
		{[]string{"--tls-cert", "c.pem"}, "go together"},
		{[]string{"--base", "http://127.0.0.1:1"}, "--xroad-client"},
		{[]string{"stray"}, "no arguments"},
	} {
		code, _, errOut := runCLI(t, append([]string{"serve"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %s", tc.args, code, errOut)
		}
	}
}
