package quality_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
)

func post(t *testing.T, h http.Handler, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/quality", body))
	return rec
}

// TestHandlerQuality posts a packet with defects and finds in the answer
// the report, a location for every finding whose text holds the value,
// and the views.
func TestHandlerQuality(t *testing.T) {
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		b := defective(t, f, "", 20)
		h := &quality.Handler{Checker: checker(t, false)}
		rec := post(t, h, bytes.NewReader(b))
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%v: %d %s", f, rec.Code, rec.Body)
		}
		var resp quality.QualityResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Report == nil || len(resp.Report.Findings) == 0 || !strings.Contains(resp.View, `id="rules"`) || !strings.Contains(resp.SignatureView, `id="signature"`) {
			t.Fatalf("%v: answer %.300s", f, rec.Body)
		}
		for _, fd := range resp.Report.Findings {
			loc, ok := resp.Locations[fd.Pointer]
			if !ok || loc.At != fd.Pointer {
				t.Errorf("%v: %s at %s not located exactly: %+v", f, fd.Rule, fd.Pointer, loc)
				continue
			}
			if loc.Start >= loc.End || loc.End > int64(len(b)) {
				t.Errorf("%v: %s: span %v", f, fd.Pointer, loc.Span)
			}
		}
	}
}

// TestHandlerRefusals: the endpoint's limits and bad input, each with the
// error shape in both languages.
func TestHandlerRefusals(t *testing.T) {
	small := &quality.Handler{Checker: checker(t, false), MaxBytes: 1 << 10}
	big := defective(t, packet.FormatJSON, "", 5)
	tests := []struct {
		name   string
		method string
		body   io.Reader
		length int64 // -1: unknown, as a chunked body
		status int
		code   string
	}{
		{"get", http.MethodGet, nil, 0, http.StatusMethodNotAllowed, "method_not_allowed"},
		{"empty", http.MethodPost, strings.NewReader(" \n"), 2, http.StatusBadRequest, "bad_request"},
		{"over the limit, announced", http.MethodPost, bytes.NewReader(big), int64(len(big)), http.StatusRequestEntityTooLarge, "too_large"},
		{"over the limit, chunked", http.MethodPost, io.MultiReader(bytes.NewReader(big)), -1, http.StatusRequestEntityTooLarge, "too_large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "/v1/quality", tc.body)
			req.ContentLength = tc.length
			rec := httptest.NewRecorder()
			small.ServeHTTP(rec, req)
			var e quality.ErrorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
				t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
			}
			if rec.Code != tc.status || e.Code != tc.code || e.Message == "" || !strings.Contains(e.MessageVI, "Đề nghị") {
				t.Errorf("%d %+v, want %d %s", rec.Code, e, tc.status, tc.code)
			}
		})
	}
	// Not a packet at all is no error of the endpoint: the report says so.
	rec := post(t, small, strings.NewReader("hello"))
	var resp quality.QualityResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if fs := resp.Report.Findings; len(fs) != 1 || fs[0].Rule != packet.RuleFormatSyntax || resp.Report.Complete {
		t.Errorf("findings of a non-packet: %+v", fs)
	}
}

// TestHandlerBusy refuses a packet over MaxConcurrent with 429 and
// Retry-After.
func TestHandlerBusy(t *testing.T) {
	h := &quality.Handler{Checker: checker(t, false), MaxConcurrent: 1}
	pr, pw := io.Pipe()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // holds the only slot until its body ends
		defer wg.Done()
		post(t, h, pr)
	}()
	// The first request holds the slot once it reads its body: write a byte.
	pw.Write([]byte("{"))
	rec := post(t, h, strings.NewReader("{}"))
	pw.Close()
	wg.Wait()
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Errorf("second request: %d %s", rec.Code, rec.Body)
	}
}

// TestHandlerPage serves the page and its assets, which name nothing
// outside the page, under a policy that forbids it.
func TestHandlerPage(t *testing.T) {
	srv := httptest.NewServer(http.StripPrefix("/quality", &quality.Handler{}))
	defer srv.Close()
	for _, tc := range []struct{ path, ctype, want string }{
		{"/quality/", "text/html", `id="drop"`},
		{"/quality/assets/app.js", "text/javascript", "v1/quality"},
		{"/quality/assets/style.css", "text/css", "#lang-en"},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %d %s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: policy %q", tc.path, csp)
		}
		for _, bad := range []string{"http://", "https://", "//cdn", "@import", "url("} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s names %q", tc.path, bad)
			}
		}
	}
	for _, p := range []string{"/quality/assets/report.html", "/quality/assets/../doc.go", "/quality/nothing", "/quality/assets/"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}
