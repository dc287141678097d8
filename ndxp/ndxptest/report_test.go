package ndxptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// exercisedBy are the checks each scenario makes happen to a client that
// submits, waits, pages through ho-so and doi-khop, and reads code lists.
var exercisedBy = map[string][]string{
	"flaky": {CheckRetry5xx, CheckRetry429, CheckRetryDropped, CheckRetryAfter, CheckBackoff,
		CheckIdempotencyKey, CheckSignedPackets, CheckValidPackets},
	"token-expiry": {CheckTokenRenewed, CheckSignedPackets, CheckValidPackets},
	"paging":       {CheckAllPages, CheckSignedPackets, CheckValidPackets},
}

func init() {
	var all []string
	for _, sc := range []string{"flaky", "token-expiry", "paging"} {
		for _, c := range exercisedBy[sc] {
			if !slices.Contains(all, c) {
				all = append(all, c)
			}
		}
	}
	exercisedBy["all"] = all
}

// TestReportSDKClient runs the SDK's own client, on both transports, under
// each scenario: it passes every check the scenario exercises.
func TestReportSDKClient(t *testing.T) {
	t.Parallel()
	for _, sc := range Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t, Config{Scenario: sc.Name})
			clients := []struct {
				name   string // as the report names it
				c      *ndxp.Client
				tokens bool
			}{
				{XRoadClient(h29).String(), srv.Client(h29), false},
				{"client-" + h49.Canonical(), srv.GatewayClient(h49), true},
			}
			done := make(chan error, len(clients))
			for i, cl := range clients {
				go func() { done <- sdkWorkflow(srv, cl.c, uint64(40+i)) }()
			}
			for range clients {
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			rep := srv.Report()
			if rep.Scenario != sc.Name || len(rep.Clients) != 2 || !rep.Passed() {
				t.Fatalf("report:\n%s", text(rep))
			}
			for _, cl := range clients {
				cr, ok := rep.Client(cl.name)
				if !ok {
					t.Fatalf("no report on %s:\n%s", cl.name, text(rep))
				}
				for _, name := range exercisedBy[sc.Name] {
					if name == CheckTokenRenewed && !cl.tokens {
						continue
					}
					if ch, _ := cr.Check(name); ch.Result != ResultPass {
						t.Errorf("%s: %s: %s: %s", cl.name, name, ch.Result, ch.Detail)
					}
				}
			}
			if t.Failed() || testing.Verbose() {
				t.Logf("report:\n%s", text(rep))
			}
		})
	}
}

// sdkWorkflow is what an agency's system does: submit a packet and wait
// for its result, page through its profiles and matching results, read a
// code list and a profile.
func sdkWorkflow(srv *Server, c *ndxp.Client, seed uint64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p := packettest.New(packettest.Options{Seed: seed, Sender: c.Agency(), Now: srv.Now()}).Packet(packet.KindProfiles, 4)
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		return err
	}
	signed, err := c.Signer().Sign(ctx, b.Bytes())
	if err != nil {
		return err
	}
	if _, err := c.Submit(ctx, signed); err != nil {
		return err
	}
	if _, err := c.Wait(ctx, p.Header.ID, time.Millisecond); err != nil {
		return err
	}
	for _, err := range c.Profiles(ctx, ndxp.ProfileQuery{}) {
		if err != nil {
			return err
		}
	}
	for _, err := range c.Matches(ctx, ndxp.MatchQuery{}) {
		if err != nil {
			return err
		}
	}
	for range 2 {
		if _, err := c.CodeList(ctx, "GioiTinh"); err != nil {
			return err
		}
		if _, err := c.Profile(ctx, p.Records.Profiles[0].PersonalID); err != nil {
			return err
		}
	}
	return nil
}

func text(r Report) string {
	var b strings.Builder
	_ = r.WriteText(&b)
	return b.String()
}

// flaws are the mistakes rawClient makes on purpose.
type flaws struct {
	noRetry   bool // gives up at the first failure
	newKey    bool // sends a retried packet again under a new MaGoiTin and Idempotency-Key
	atOnce    bool // retries at once, Retry-After or not
	noRenewal bool // on a 401, sends the expired token again, then gives up
	firstPage bool // never follows X-Next-Cursor
	unsigned  bool // sends its packet unsigned
	badHeader bool // sends a packet whose SoLuongBanGhi is wrong
}

// rawClient is a client of the gateway written with net/http alone, with
// the flaws it is told to have.
type rawClient struct {
	srv    *Server
	agency identifier.AgencyCode
	flaws  flaws
	token  string
	sleep  func(time.Duration) // waits before a retry
}

// stopwatch is a clock that moves only when told to: the sandbox's
// Stopwatch, advanced by the client's waits, so that the gaps the report
// judges are the client's waits exactly, however slow the machine.
type stopwatch struct {
	mu sync.Mutex
	t  time.Time
}

func (w *stopwatch) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.t
}

func (w *stopwatch) Sleep(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t = w.t.Add(d)
}

func (c *rawClient) login() error {
	id, secret := c.srv.Credentials(c.agency)
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL()+wire.TokenPath, strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", wire.MediaForm)
	req.SetBasicAuth(id, secret)
	resp, err := c.srv.HTTPClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return errors.New("no token")
	}
	c.token = tok.AccessToken
	return nil
}

// send sends one request; err is a network error, or an answer cut off.
func (c *rawClient) send(method, path string, body []byte, key string) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.srv.URL()+wire.GatewayPrefix+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", wire.MediaJSON)
		req.Header.Set(wire.HeaderIdempotencyKey, key)
	}
	resp, err := c.srv.HTTPClient().Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// call sends a request until it succeeds, as the flaws allow; next makes
// the body again for a retry (nil for a GET).
func (c *rawClient) call(method, path string, next func() ([]byte, string)) (int, http.Header) {
	var body []byte
	var key string
	if next != nil {
		body, key = next()
	}
	renewed := false
	for attempt := 1; attempt <= 6; attempt++ {
		status, h, _, err := c.send(method, path, body, key)
		if err == nil && status == http.StatusUnauthorized {
			switch {
			case c.flaws.noRenewal && attempt == 1:
				continue
			case c.flaws.noRenewal || renewed:
				return status, h
			}
			renewed = true
			if c.login() != nil {
				return status, h
			}
			continue
		}
		if err == nil && status != 429 && status != 502 && status != 503 && status != 504 {
			return status, h
		}
		if c.flaws.noRetry {
			return status, h
		}
		wait := 50 * time.Millisecond << (attempt - 1)
		if err == nil && h.Get("Retry-After") != "" {
			secs, _ := strconv.Atoi(h.Get("Retry-After"))
			wait = time.Duration(secs) * time.Second
		}
		if c.flaws.atOnce {
			wait = 0
		}
		c.sleep(wait)
		if c.flaws.newKey && next != nil {
			body, key = next()
		}
	}
	return 0, nil
}

// run submits a packet, polls its result, pages through profiles and
// matching results, and reads a code list twice.
func (c *rawClient) run(t *testing.T) {
	if err := c.login(); err != nil {
		t.Fatal(err)
	}
	p := packettest.New(packettest.Options{Seed: 7, Sender: c.agency, Now: c.srv.Now()}).Packet(packet.KindProfiles, 4)
	if c.flaws.badHeader {
		p.Header.RecordCount = 5
	}
	make := func() ([]byte, string) {
		if c.flaws.newKey {
			p.Header.ID = uuid.New()
		}
		b := encode(t, p, packet.FormatJSON)
		if !c.flaws.unsigned {
			var err error
			if b, err = c.srv.Signer(c.agency).Sign(context.Background(), b); err != nil {
				t.Fatal(err)
			}
		}
		return b, p.Header.ID.String()
	}
	if st, _ := c.call(http.MethodPost, "/goi-tin", make); st == http.StatusAccepted {
		c.call(http.MethodGet, "/goi-tin/"+p.Header.ID.String(), nil)
	}
	for _, path := range []string{"/ho-so", "/doi-khop"} {
		q := url.Values{}
		for {
			u := path
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			st, h := c.call(http.MethodGet, u, nil)
			next := h.Get(wire.HeaderNextCursor)
			if st != http.StatusOK || next == "" || c.flaws.firstPage {
				break
			}
			q.Set(wire.QueryCursor, next)
		}
	}
	for range 2 {
		c.call(http.MethodGet, "/danh-muc/GioiTinh", nil)
	}
}

// TestReportWrongClient runs clients wrong on purpose under every scenario
// at once: the report fails each on the checks of its flaws, and only them.
func TestReportWrongClient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		flaws flaws
		fails []string
	}{
		{"correct", flaws{}, nil},
		{"no retry", flaws{noRetry: true}, []string{CheckRetry5xx}},
		{"new key per retry", flaws{newKey: true}, []string{CheckIdempotencyKey}},
		{"retries at once", flaws{atOnce: true}, []string{CheckRetryAfter, CheckBackoff}},
		{"never renews tokens", flaws{noRenewal: true}, []string{CheckTokenRenewed}},
		{"first page only", flaws{firstPage: true}, []string{CheckAllPages}},
		{"unsigned", flaws{unsigned: true}, []string{CheckSignedPackets}},
		{"bad header", flaws{badHeader: true}, []string{CheckValidPackets}},
		{"everything wrong", flaws{newKey: true, atOnce: true, unsigned: true, badHeader: true},
			[]string{CheckRetryAfter, CheckBackoff, CheckIdempotencyKey, CheckSignedPackets, CheckValidPackets}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sw := &stopwatch{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
			srv := NewServer(t, Config{Scenario: "all", Stopwatch: sw.Now})
			(&rawClient{srv: srv, agency: h29, flaws: tc.flaws, sleep: sw.Sleep}).run(t)
			rep := srv.Report()
			cr, ok := rep.Client("client-" + h29.Canonical())
			if !ok || len(rep.Clients) != 1 {
				t.Fatalf("report:\n%s", text(rep))
			}
			if !slices.Equal(cr.Failed, tc.fails) || cr.Passed != (len(tc.fails) == 0) {
				t.Fatalf("failed %v, want %v:\n%s", cr.Failed, tc.fails, text(rep))
			}
			if tc.name == "correct" {
				for _, ch := range cr.Checks {
					if ch.Result != ResultPass {
						t.Errorf("%s %s: %s", ch.Name, ch.Result, ch.Detail)
					}
				}
			}
			var b strings.Builder
			if err := rep.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, name := range tc.fails {
				if !strings.Contains(out, "✗ "+name) {
					t.Errorf("text without ✗ %s:\n%s", name, out)
				}
			}
			wantVerdict := "verdict: FAIL"
			if len(tc.fails) == 0 {
				wantVerdict = "verdict: PASS"
			}
			if !strings.Contains(out, wantVerdict) || !strings.Contains(out, "(scenario all)") {
				t.Errorf("text:\n%s", out)
			}
		})
	}
}

// TestReportServed checks the report served under /_sandbox/, in JSON and
// in text, and the scenarios' names.
func TestReportServed(t *testing.T) {
	if _, err := Start(Config{Scenario: "nope"}); err == nil || !strings.Contains(err.Error(), "flaky") {
		t.Fatalf("unknown scenario: %v", err)
	}
	h := newHarness(t, Config{Scenario: "paging"})
	h.call(http.MethodGet, "/danh-muc/GioiTinh", nil)
	a := h.do(http.MethodGet, h.srv.URL()+InspectPrefix+"/report", nil)
	var rep Report
	if err := json.Unmarshal(a.body, &rep); err != nil || a.status != 200 {
		t.Fatalf("report %d: %v %s", a.status, err, a.body)
	}
	cr, ok := rep.Client(XRoadClient(h29).String())
	if rep.Scenario != "paging" || !ok || cr.Requests != 1 || cr.Transport != TransportXRoad || !cr.Agency.Equal(h29) ||
		len(cr.Checks) != 10 || !rep.Passed() || cr.Exercised != 0 {
		t.Fatalf("report %s", a.body)
	}
	a = h.do(http.MethodGet, h.srv.URL()+InspectPrefix+"/report?format=text", nil)
	if !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") || !strings.Contains(string(a.body), "– all-pages") {
		t.Fatalf("text report %s", a.body)
	}
	if got := ReportOf(nil); got.Passed() || !strings.Contains(text(got), "no client called") {
		t.Fatalf("empty report: %+v", got)
	}
}

// TestReportOf judges made-up requests, for the cases the clients above
// do not meet.
func TestReportOf(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	id := uuid.MustParse("01a219ad-5a07-7f43-aa2a-218d7c785a2d")
	submit := func(ms, status int, key string) Received {
		return Received{Time: at(ms), Method: http.MethodPost, Path: "/goi-tin", Endpoint: "submit", Client: "VN/GOV/X/QLCB",
			IdempotencyKey: key, Packet: id, Digest: "d1", Status: status}
	}
	get := func(ms, status int, tok string) Received {
		return Received{Time: at(ms), Method: http.MethodGet, Path: "/ho-so", Endpoint: "profiles", ClientID: "c",
			Token: tok, Status: status}
	}
	for _, tc := range []struct {
		name   string
		rs     []Received
		check  string
		result string
		detail string
	}{
		{"one quick retry is too few", []Received{submit(0, 503, id.String()), submit(1, 202, id.String())},
			CheckBackoff, ResultNotExercised, "too few"},
		{"one slow retry", []Received{submit(0, 503, id.String()), submit(300, 202, id.String())},
			CheckBackoff, ResultPass, "after 300 ms"},
		{"at once, 40 ms away", []Received{get(0, 200, "t"), get(40, 503, "t"), get(81, 503, "t"), get(123, 200, "t")},
			CheckBackoff, ResultFail, "2 of 2 retries came within 5ms of the failure beyond the client's quickest reaction (40 ms)"},
		{"no key", []Received{submit(0, 202, "")}, CheckIdempotencyKey, ResultFail, "no Idempotency-Key"},
		{"key not the MaGoiTin", []Received{submit(0, 202, "abc")}, CheckIdempotencyKey, ResultFail, "not its MaGoiTin"},
		{"other content, same MaGoiTin", []Received{func() Received {
			r := submit(0, 409, id.String())
			r.Outcome = OutcomeConflict
			return r
		}()}, CheckIdempotencyKey, ResultFail, "(409)"},
		{"a dropped 503 is a drop", []Received{func() Received {
			r := submit(0, 503, id.String())
			r.Fault = "status 503, drop"
			return r
		}(), submit(100, 202, id.String())}, CheckRetryDropped, ResultPass, "(dropped) again 100 ms later"},
		{"old token again", []Received{
			get(0, 401, "old"),
			{Time: at(1), Method: http.MethodPost, Path: "/token", Endpoint: "token", ClientID: "c", Token: "new", Status: 200},
			get(2, 200, "new"),
			get(3, 401, "old"),
		}, CheckTokenRenewed, ResultFail, "#4 GET /ho-so"},
		{"unknown token only", []Received{{Time: at(0), Method: http.MethodGet, Endpoint: "profiles", Token: "x", Status: 401}},
			"", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := ReportOf(tc.rs)
			if tc.check == "" {
				if len(rep.Clients) != 0 || rep.Unidentified != len(tc.rs) {
					t.Fatalf("%+v", rep)
				}
				return
			}
			if len(rep.Clients) != 1 {
				t.Fatalf("%+v", rep)
			}
			ch, _ := rep.Clients[0].Check(tc.check)
			if ch.Result != tc.result || !strings.Contains(ch.Detail, tc.detail) {
				t.Fatalf("%s: %s %q, want %s with %q", tc.check, ch.Result, ch.Detail, tc.result, tc.detail)
			}
		})
	}
}
