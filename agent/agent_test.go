package agent_test

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

var agency = identifier.MustParseAgencyCode("000.00.00.H29")

// fixture is an agent over a sandbox of the national service, holding the
// agency's key, trusting the sandbox's PKI.
type fixture struct {
	srv *ndxptest.Server
	a   *agent.Agent
	h   http.Handler
	cfg agent.Config
}

// newFixture starts the sandbox of sb and an agent of it, its Config
// changed by mod when not nil.
func newFixture(t *testing.T, sb ndxptest.Config, mod func(*agent.Config)) *fixture {
	t.Helper()
	srv := ndxptest.NewServer(t, sb)
	cfg := agent.Config{
		Signer:   srv.Signer(agency),
		Verifier: srv.Verifier(),
		Client:   srv.Client(agency),
		StateDir: t.TempDir(),
		Now:      srv.Now,
	}
	cfg.Upload.PollInterval = 5e6 // 5 ms
	if mod != nil {
		mod(&cfg)
	}
	a, err := agent.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return &fixture{srv: srv, a: a, h: a.Handler(), cfg: cfg}
}

// packetOf makes a packet of n records of the agency, in format f.
func (f *fixture) packetOf(t testing.TB, kind packet.Kind, n int, format packet.Format) []byte {
	t.Helper()
	p := packettest.New(packettest.Options{Sender: agency, Now: f.srv.Now()}).Packet(kind, n)
	var b bytes.Buffer
	if err := p.Encode(&b, format); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// breakID puts a letter in the first personal ID of a JSON packet: a
// value that does not bind into the model.
func breakID(t testing.TB, pkt []byte) []byte {
	t.Helper()
	for _, sep := range []string{`"SoDinhDanh":"`, `"SoDinhDanh": "`} {
		if b := bytes.Replace(pkt, []byte(sep), []byte(sep+"x"), 1); !bytes.Equal(b, pkt) {
			return b
		}
	}
	t.Fatal("no SoDinhDanh in the packet")
	return nil
}

func post(path string, body []byte) *http.Request {
	return httptest.NewRequest("POST", path, bytes.NewReader(body))
}

func TestPackets(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, nil)
	pkt := f.packetOf(t, packet.KindProfiles, 3, packet.FormatJSON)

	// validate: a valid packet, then one with a broken personal ID.
	w := serve(t, f.h, post("/v1/validate", pkt))
	if res := decode[agent.ValidateResult](t, w); w.Code != 200 || !res.Valid || res.Records != 3 || res.Kind != "HOSO" {
		t.Fatalf("validate: %d %+v", w.Code, res)
	}
	bad := breakID(t, pkt)
	res := decode[agent.ValidateResult](t, serve(t, f.h, post("/v1/validate", bad)))
	if res.Valid || len(res.Findings) == 0 || res.Findings[0].Message == "" || res.Findings[0].MessageVI == "" {
		t.Fatalf("validate of a broken packet: %+v", res)
	}

	// convert to XML and back.
	w = serve(t, f.h, post("/v1/convert?to=xml", pkt))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/xml" {
		t.Fatalf("convert: %d %s", w.Code, w.Body.Bytes())
	}
	w = serve(t, f.h, post("/v1/convert?to=json", w.Body.Bytes()))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("convert back: %d %s", w.Code, w.Body.Bytes())
	}
	if w := serve(t, f.h, post("/v1/convert?to=yaml", pkt)); w.Code != 400 {
		t.Errorf("convert to yaml: %d", w.Code)
	}
	if w := serve(t, f.h, post("/v1/convert?to=xml", bad)); w.Code != 422 || len(decode[agent.ErrorBody](t, w).Findings) == 0 {
		t.Errorf("convert of a broken packet: %d %s", w.Code, w.Body.Bytes())
	}

	// sign, then verify; a packet changed after signing does not verify.
	w = serve(t, f.h, post("/v1/sign", pkt))
	if w.Code != 200 {
		t.Fatalf("sign: %d %s", w.Code, w.Body.Bytes())
	}
	signed := w.Body.Bytes()
	v := decode[agent.VerifyResult](t, serve(t, f.h, post("/v1/verify", signed)))
	if !v.Verified || v.Agency != agency.String() {
		t.Fatalf("verify: %+v", v)
	}
	changed := bytes.Replace(signed, []byte(`"SoLuongBanGhi": 3`), []byte(`"SoLuongBanGhi": 4`), 1)
	if bytes.Equal(changed, signed) {
		changed = bytes.Replace(signed, []byte(`"SoLuongBanGhi":3`), []byte(`"SoLuongBanGhi":4`), 1)
	}
	if v := decode[agent.VerifyResult](t, serve(t, f.h, post("/v1/verify", changed))); v.Verified || v.Message == "" || v.MessageVI == "" {
		t.Errorf("verify of a changed packet: %+v", v)
	}
	if w := serve(t, f.h, post("/v1/sign", bad)); w.Code != 422 {
		t.Errorf("sign of a broken packet: %d %s", w.Code, w.Body.Bytes())
	}
	if w := serve(t, f.h, post("/v1/sign", nil)); w.Code != 400 {
		t.Errorf("sign of nothing: %d %s", w.Code, w.Body.Bytes())
	}

	// migrate a packet of format 1.0.
	old, err := os.ReadFile("../packet/testdata/spec1/hoso.json")
	if err != nil {
		t.Fatal(err)
	}
	m := decode[agent.MigrateResult](t, serve(t, f.h, post("/v1/migrate?format=xml", old)))
	if m.From != "1.0" || m.To != "2.0" || m.Format != "xml" || !strings.HasPrefix(m.Packet, "<") {
		t.Errorf("migrate: %+v", m)
	}
	if w := serve(t, f.h, post("/v1/migrate", pkt)); w.Code != 422 {
		t.Errorf("migrate of a 2.0 packet: %d %s", w.Code, w.Body.Bytes())
	}

	h := decode[agent.Health](t, serve(t, f.h, httptest.NewRequest("GET", "/v1/health", nil)))
	if !h.Signing || !h.Verifying || !h.Sending || !h.Pulling {
		t.Errorf("health: %+v", h)
	}
	if w := serve(t, f.h, httptest.NewRequest("GET", "/openapi.json", nil)); !bytes.Equal(w.Body.Bytes(), agent.OpenAPI()) {
		t.Error("GET /openapi.json is not the contract")
	}
}

// An agent without a key, roots or service still validates, and says
// what it lacks for the rest.
func TestNotConfigured(t *testing.T) {
	a, err := agent.New(t.Context(), agent.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, path := range []string{"/v1/sign", "/v1/verify", "/v1/send", "/v1/pull", "GET /v1/sync"} {
		var req *http.Request
		if get, ok := strings.CutPrefix(path, "GET "); ok {
			req = httptest.NewRequest("GET", get, nil)
		} else {
			req = post(path, []byte(`{}`))
		}
		w := serve(t, a.Handler(), req)
		if e := decode[agent.ErrorBody](t, w); w.Code != 503 || e.Code != agent.CodeNotConfigured {
			t.Errorf("%s: %d %+v", path, w.Code, e)
		}
	}
	h := decode[agent.Health](t, serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/health", nil)))
	if h.Signing || h.Verifying || h.Sending || h.Pulling {
		t.Errorf("health: %+v", h)
	}
}

// readSpy is a body that records whether it was read.
type readSpy struct {
	r    io.Reader
	read int64
}

func (s *readSpy) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.read += int64(n)
	return n, err
}

func TestAuth(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, func(c *agent.Config) { c.Token = "s3cret-token" })
	pkt := f.packetOf(t, packet.KindProfiles, 1, packet.FormatJSON)
	for _, auth := range []string{"", "Bearer wrong", "Basic s3cret-token", "Bearer s3cret-tokenx"} {
		spy := &readSpy{r: bytes.NewReader(pkt)}
		req := httptest.NewRequest("POST", "/v1/validate", spy)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		w := serve(t, f.h, req)
		if e := decode[agent.ErrorBody](t, w); w.Code != 401 || e.Code != agent.CodeUnauthorized || e.MessageVI == "" {
			t.Errorf("%q: %d %+v", auth, w.Code, e)
		}
		if spy.read != 0 {
			t.Errorf("%q: %d bytes of the body read before authentication", auth, spy.read)
		}
	}
	req := post("/v1/validate", pkt)
	req.Header.Set("Authorization", "Bearer s3cret-token")
	if w := serve(t, f.h, req); w.Code != 200 {
		t.Errorf("with the token: %d %s", w.Code, w.Body.Bytes())
	}
}

func TestBodyLimit(t *testing.T) {
	const limit = 4096
	f := newFixture(t, ndxptest.Config{}, func(c *agent.Config) { c.MaxBodyBytes = limit })
	for _, path := range []string{"/v1/validate", "/v1/sign", "/v1/convert?to=xml", "/v1/migrate", "/v1/verify", "/v1/send"} {
		// Declared too large: refused before reading.
		spy := &readSpy{r: strings.NewReader(strings.Repeat(" ", 2*limit))}
		req := httptest.NewRequest("POST", path, spy)
		req.ContentLength = 2 * limit
		w := serve(t, f.h, req)
		if e := decode[agent.ErrorBody](t, w); w.Code != 413 || e.Code != agent.CodeTooLarge {
			t.Errorf("%s, Content-Length over: %d %+v", path, w.Code, e)
		}
		if spy.read != 0 {
			t.Errorf("%s: %d bytes read of a body declared too large", path, spy.read)
		}
		// Of no declared length, endless: reading stops at the limit.
		spy = &readSpy{r: io.MultiReader(strings.NewReader(`{"ThongTinGoiTin": {"PhanMemGui": "`), endless('a'))}
		req = httptest.NewRequest("POST", path, spy)
		req.ContentLength = -1
		w = serve(t, f.h, req)
		if w.Code != 413 {
			t.Errorf("%s, endless body: %d %s", path, w.Code, w.Body.Bytes())
		}
		if spy.read > 2*limit+64<<10 {
			t.Errorf("%s: %d bytes read of an endless body, limit %d", path, spy.read, limit)
		}
	}
	// The pull request has a small limit of its own.
	req := httptest.NewRequest("POST", "/v1/pull", io.MultiReader(strings.NewReader(`{"what": "`), io.LimitReader(endless('a'), 1<<20)))
	req.ContentLength = -1
	if w := serve(t, newFixture(t, ndxptest.Config{}, nil).h, req); w.Code != 413 {
		t.Errorf("pull, large body: %d %s", w.Code, w.Body.Bytes())
	}
}

// endless is a reader of the same byte for ever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestExposedNeedsTLSAndToken(t *testing.T) {
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	for _, tc := range []struct {
		addr  string
		tls   *tls.Config
		token string
		ok    bool
	}{
		{"127.0.0.1:0", nil, "", true},
		{"[::1]:8357", nil, "", true},
		{"localhost:8357", nil, "", true},
		{"0.0.0.0:8357", nil, "", false},
		{":8357", nil, "t", false},
		{"10.0.0.5:8357", tlsCfg, "", false},
		{"10.0.0.5:8357", nil, "t", false},
		{"10.0.0.5:8357", tlsCfg, "t", true},
	} {
		a, err := agent.New(t.Context(), agent.Config{Addr: tc.addr, TLS: tc.tls, Token: tc.token})
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, agent.ErrExposed)) {
			t.Errorf("%s tls=%v token=%q: %v", tc.addr, tc.tls != nil, tc.token, err)
		}
		var ce *agent.ConfigError
		if err != nil && (!errors.As(err, &ce) || ce.MessageVI == "") {
			t.Errorf("%s: not a bilingual *ConfigError: %#v", tc.addr, err)
		}
		if a != nil {
			a.Close()
		}
	}
}

func TestRecoverPanic(t *testing.T) {
	a, err := agent.New(t.Context(), agent.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.Handle("GET /boom", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	w := httptest.NewRecorder()
	a.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/boom", nil))
	if w.Code != 500 || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %s", w.Code, w.Body.Bytes())
	}
	loadContract(t).checkError(t, w.Body.Bytes())
	if e := decode[agent.ErrorBody](t, w); e.Code != agent.CodeInternal || !strings.Contains(e.Message, "boom") {
		t.Errorf("%+v", e)
	}
}

func TestRoutingErrors(t *testing.T) {
	a, err := agent.New(t.Context(), agent.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c := loadContract(t)
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/nowhere", 404, ""},
		{"GET", "/v1/validate", 405, "POST"},
		{"DELETE", "/v1/jobs/0193a2c4-0000-7000-8000-000000000000", 405, "GET, HEAD"},
	} {
		w := httptest.NewRecorder()
		a.Handler().ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, nil))
		if w.Code != tc.status || w.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d, Allow %q", tc.method, tc.path, w.Code, w.Header().Get("Allow"))
		}
		c.checkError(t, w.Body.Bytes())
	}
	if w := serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/jobs/nope", nil)); w.Code != 404 {
		t.Errorf("an unknown job: %d", w.Code)
	}
}

// A body that fails half-way is a bad request, not a fault of the agent's.
func TestBodyReadError(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, nil)
	req := httptest.NewRequest("POST", "/v1/sign", iotest.ErrReader(errors.New("connection reset")))
	if w := serve(t, f.h, req); w.Code != 400 {
		t.Errorf("%d %s", w.Code, w.Body.Bytes())
	}
}

func TestSyncState(t *testing.T) {
	store, err := hrsync.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "sync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	a, err := agent.New(t.Context(), agent.Config{Sync: store})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	get := func() agent.SyncState {
		return decode[agent.SyncState](t, serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/sync", nil)))
	}
	if st := get(); st.People != 0 || st.OpenBatch != nil {
		t.Errorf("an empty store: %+v", st)
	}
	// A run stopped half-way: two profiles in its batch, one acknowledged.
	ctx := t.Context()
	b := hrsync.Batch{ID: "0193a2c4-0000-7000-8000-000000000001", Created: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	items := []hrsync.Item{
		{Kind: packet.KindProfiles, PersonalID: "001096000001", RowKey: "1", Record: []byte(`{}`)},
		{Kind: packet.KindProfiles, PersonalID: "001096000002", RowKey: "2", Record: []byte(`{}`)},
	}
	if err := store.NewBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := store.AddItems(ctx, b.ID, items); err != nil {
		t.Fatal(err)
	}
	person := hrsync.Person{PersonalID: "001096000001", Digest: "d", Profile: []byte(`{}`), Acknowledged: b.Created}
	if err := store.Record(ctx, b.ID, []int64{1}, []hrsync.Person{person}); err != nil {
		t.Fatal(err)
	}
	st := get()
	if st.People != 1 || st.OpenBatch == nil || st.OpenBatch.ID != b.ID ||
		st.OpenBatch.Profiles != (agent.SyncItems{Items: 2, Done: 1}) || st.OpenBatch.Changes != (agent.SyncItems{}) {
		t.Errorf("a batch half done: %+v %+v", st, st.OpenBatch)
	}
	if h := decode[agent.Health](t, serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/health", nil))); !h.Sync {
		t.Errorf("health: %+v", h)
	}
}

// GET /v1/quality/sync reports on the profiles of the sync store, one of
// them with a finding, and answers 503 without a store.
func TestSyncQuality(t *testing.T) {
	ctx := t.Context()
	store, err := hrsync.OpenSQLite(ctx, filepath.Join(t.TempDir(), "sync.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	g := packettest.New(packettest.Options{Seed: 3, Defects: []packettest.Defect{packettest.DefectSalaryCoefficient}})
	var people []hrsync.Person
	for _, p := range g.Packet(packet.KindProfiles, 6).Records.Profiles {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, hrsync.Person{PersonalID: p.PersonalID.String(), Digest: "d", Profile: b})
	}
	if err := store.Record(ctx, "", nil, people); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	a, err := agent.New(ctx, agent.Config{Sync: store, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	w := serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/quality/sync", nil))
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body.Bytes())
	}
	q := decode[agent.SyncQuality](t, w)
	if r := q.Report; r.Checked != 6 || r.Clean != 5 || r.Errors != 1 || len(r.ByRule) != 1 || r.ByRule[0].Rule != packet.RuleSalaryCoeff || r.Signature.Status != "" {
		t.Errorf("report: %d checked, %d clean, %d errors, rules %+v, signature %q", r.Checked, r.Clean, r.Errors, r.ByRule, r.Signature.Status)
	}
	if !strings.Contains(q.View, packet.RuleSalaryCoeff) {
		t.Errorf("the view lacks the rule: %.200s", q.View)
	}

	none, err := agent.New(ctx, agent.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	if w := serve(t, none.Handler(), httptest.NewRequest("GET", "/v1/quality/sync", nil)); w.Code != 503 {
		t.Errorf("without a store: %d %s", w.Code, w.Body.Bytes())
	}
}
