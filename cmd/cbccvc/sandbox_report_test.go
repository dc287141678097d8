package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
)

// startSandbox runs the sandbox command until the returned stop is called,
// which returns its exit code and stdout; base is its URL.
func startSandbox(t *testing.T, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args = append([]string{"sandbox", "--addr", "127.0.0.1:0"}, args...)
	go func() { done <- run(ctx, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args) }()
	deadline := time.Now().Add(10 * time.Second)
	for base == "" {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("exited %d: %s", code, stderr.String())
		default:
		}
		if m := regexp.MustCompile(`(?m)^url: (\S+)$`).FindStringSubmatch(stdout.String()); m != nil && strings.Contains(stdout.String(), "stats: ") {
			base = m[1]
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no URL printed: %s", stdout.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return base, func() (int, string) {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("exit %d: %s", code, stderr.String())
			}
			return code, stdout.String()
		case <-time.After(10 * time.Second):
			t.Fatal("did not stop on cancel")
			return 0, ""
		}
	}
}

func TestSandboxReport(t *testing.T) {
	for _, tc := range []struct {
		file     string
		scenario string
	}{
		{"report.json", "flaky"},
		{"report.txt", "all"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), tc.file)
			base, stop := startSandbox(t, "--report", file, "--scenario", tc.scenario)

			// A client of the gateway: a token, then GET /ho-so, answered
			// 502 by the scenario, and again after 50 ms.
			resp, err := http.PostForm(base+"/token", url.Values{"grant_type": {"client_credentials"},
				"client_id": {"sandbox"}, "client_secret": {"sandbox-secret"}})
			if err != nil {
				t.Fatal(err)
			}
			var tok struct {
				AccessToken string `json:"access_token"`
			}
			err = json.NewDecoder(resp.Body).Decode(&tok)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			var statuses []int
			for i := range 2 {
				if i > 0 {
					time.Sleep(50 * time.Millisecond)
				}
				req, _ := http.NewRequest(http.MethodGet, base+"/cbccvc/v1/ho-so", nil)
				req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				statuses = append(statuses, resp.StatusCode)
			}
			if statuses[0] != http.StatusBadGateway || statuses[1] != http.StatusOK {
				t.Fatalf("statuses %v, want 502 then 200", statuses)
			}

			// The live report.
			resp, err = http.Get(base + "/_sandbox/report")
			if err != nil {
				t.Fatal(err)
			}
			var live ndxptest.Report
			err = json.NewDecoder(resp.Body).Decode(&live)
			resp.Body.Close()
			if err != nil || live.Scenario != tc.scenario || len(live.Clients) != 1 || live.Clients[0].Client != "sandbox" {
				t.Fatalf("live report %+v: %v", live, err)
			}

			code, out := stop()
			if code != exitOK || !strings.Contains(out, "report: "+file+": PASS (1 client(s))") {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(file, ".json") {
				var rep ndxptest.Report
				if err := json.Unmarshal(b, &rep); err != nil {
					t.Fatalf("%v: %s", err, b)
				}
				cr, ok := rep.Client("sandbox")
				ch, _ := cr.Check(ndxptest.CheckRetry5xx)
				if rep.Scenario != "flaky" || !ok || !rep.Passed() || cr.Transport != "gateway" || cr.Requests != 3 ||
					cr.Agency.Canonical() != "000.00.00.H29" || ch.Result != ndxptest.ResultPass || !strings.Contains(ch.Detail, "/ho-so") {
					t.Fatalf("report:\n%s", b)
				}
				return
			}
			for _, want := range []string{"(scenario all)", "sandbox — gateway, agency 000.00.00.H29, 3 requests", "✓ retry-5xx", "– token-renewed", "verdict: PASS"} {
				if !strings.Contains(string(b), want) {
					t.Errorf("no %q in the report:\n%s", want, b)
				}
			}
		})
	}

	if code, out, _ := runCLI(t, "sandbox", "--scenario", "list"); code != exitOK || !strings.Contains(out, "token-expiry") {
		t.Fatalf("--scenario list: %d %s", code, out)
	}
	if code, _, errOut := runCLI(t, "sandbox", "--scenario", "nope"); code != exitUsage || !strings.Contains(errOut, "flaky") {
		t.Fatalf("unknown scenario: %d %s", code, errOut)
	}
	if code, _, _ := runCLI(t, "sandbox", "--report", filepath.Join(t.TempDir(), "no", "such", "dir.json")); code != exitUsage {
		t.Fatalf("unwritable --report: %d", code)
	}
	// A sandbox that cannot start leaves no report behind.
	file := filepath.Join(t.TempDir(), "report.json")
	if code, _, _ := runCLI(t, "sandbox", "--report", file, "--pki", t.TempDir(), "--addr", "127.0.0.1:0"); code != exitUsage {
		t.Fatalf("empty --pki: %d", code)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("report left behind: %v", err)
	}
}
