package agent_test

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
)

// The page of package quality is served at /, with its assets and its
// endpoint POST /v1/quality, by the contract: the report of a signed
// packet verified with the agent's trust roots, and the locations of its
// findings.
func TestPage(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, nil)
	for _, tc := range []struct{ path, ctype, want string }{
		{"/", "text/html", `id="drop"`},
		{"/assets/app.js", "text/javascript", "v1/quality"},
		{"/assets/style.css", "text/css", "#lang-en"},
	} {
		w := serve(t, f.h, httptest.NewRequest("GET", tc.path, nil))
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), tc.ctype) || !strings.Contains(w.Body.String(), tc.want) {
			t.Errorf("GET %s: %d %s", tc.path, w.Code, w.Header().Get("Content-Type"))
		}
	}
	if w := serve(t, f.h, httptest.NewRequest("GET", "/assets/nope.js", nil)); w.Code != 404 {
		t.Errorf("an unknown asset: %d", w.Code)
	}

	// A signed packet: verified with the agent's roots, its signer named.
	signed, err := f.cfg.Signer.Sign(t.Context(), f.packetOf(t, packet.KindProfiles, 3, packet.FormatXML))
	if err != nil {
		t.Fatal(err)
	}
	w := serve(t, f.h, post("/v1/quality", signed))
	got := decode[quality.QualityResponse](t, w)
	if s := got.Report.Signature; w.Code != 200 || s.Status != quality.SignatureVerified || s.Agency != agency.String() || got.Report.Clean != 3 {
		t.Errorf("a signed packet: %d, %+v, %d clean", w.Code, s, got.Report.Clean)
	}

	// A packet with a finding: unsigned, and the finding located.
	w = serve(t, f.h, post("/v1/quality", breakID(t, f.packetOf(t, packet.KindProfiles, 3, packet.FormatJSON))))
	got = decode[quality.QualityResponse](t, w)
	if w.Code != 200 || got.Report.Errors == 0 || got.Report.Signature.Status != quality.SignatureUnsigned {
		t.Fatalf("%d %s", w.Code, w.Body.Bytes())
	}
	for _, fd := range got.Report.Findings {
		if loc, ok := got.Locations[fd.Pointer]; !ok || loc.At != fd.Pointer {
			t.Errorf("%s located at %+v", fd.Pointer, loc)
		}
	}

	// Errors in the agent's shape: no body, another method.
	if w := serve(t, f.h, post("/v1/quality", nil)); w.Code != 400 {
		t.Errorf("an empty body: %d", w.Code)
	}
	w = httptest.NewRecorder()
	f.h.ServeHTTP(w, httptest.NewRequest("GET", "/v1/quality", nil))
	if w.Code != 405 || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET /v1/quality: %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	loadContract(t).checkError(t, w.Body.Bytes())
}

// Behind a token, the page is too: nothing of it is served without one.
func TestPageNeedsToken(t *testing.T) {
	a, err := agent.New(t.Context(), agent.Config{Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, p := range []string{"/", "/assets/app.js"} {
		if w := serve(t, a.Handler(), httptest.NewRequest("GET", p, nil)); w.Code != 401 {
			t.Errorf("GET %s without the token: %d", p, w.Code)
		}
	}
	req := httptest.NewRequest("POST", "/v1/quality", bytes.NewReader([]byte("{}")))
	req.Header.Set("Authorization", "Bearer s3cret")
	if w := serve(t, a.Handler(), req); w.Code != 200 {
		t.Errorf("POST /v1/quality with the token: %d %s", w.Code, w.Body.Bytes())
	}
}
