package ndxptest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

func TestTransports(t *testing.T) {
	x := newHarness(t, Config{})
	for _, tc := range []struct {
		name string
		h    *harness
	}{
		{"xroad", x},
		{"gateway", x.login()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.h
			h.t = t
			p := h.gen(uint64(len(tc.name))).Packet(packet.KindProfiles, 3)
			body := h.signed(p, packet.FormatJSON)
			a := h.submit(p, body)
			if a.status != http.StatusAccepted {
				t.Fatalf("submit: %d %s", a.status, a.body)
			}
			ack := h.verify(a, packet.KindResponse)
			if ack.Header.State != packet.StateReceived || ack.Header.ReplyTo != p.Header.ID {
				t.Fatalf("ack: state %s replyTo %s", ack.Header.State, ack.Header.ReplyTo)
			}
			res := h.result(p.Header.ID)
			if res.Header.State != packet.StateProcessed || states(res) != "THANH_CONG THANH_CONG THANH_CONG" {
				t.Fatalf("result: %s %s", res.Header.State, states(res))
			}
			rec := h.srv.Received()
			last := rec[len(rec)-1]
			if last.Transport != tc.name || !last.Agency.Equal(h29) || last.Endpoint != "result" || last.Status != http.StatusOK {
				t.Fatalf("received %+v", last)
			}
			if tc.name == "gateway" && (last.Token == "" || last.ClientID == "") {
				t.Fatalf("gateway request without token hash or client: %+v", last)
			}
		})
	}
	if st := x.srv.Stats(); st.PacketsProcessed != 2 || st.ProfilesStored != 6 || st.RecordsProcessed != 6 {
		t.Fatalf("stats %+v", st)
	}
}

// TestRequestHash checks the echoed headers and X-Road-Request-Hash
// against wire.RequestHash, on both transports, with and without a body.
func TestRequestHash(t *testing.T) {
	x := newHarness(t, Config{})
	g := x.login()
	p := x.gen(1).Packet(packet.KindProfiles, 1)
	body := x.signed(p, packet.FormatJSON)
	for _, tc := range []struct {
		name, method, path, query string
		h                         *harness
		body                      []byte
	}{
		{"xroad get", http.MethodGet, "/doi-khop", "gioi-han=5&tu=2026-01-01T00%3A00%3A00Z", x, nil},
		{"xroad post", http.MethodPost, "/goi-tin", "", x, body},
		{"gateway get", http.MethodGet, "/danh-muc/GioiTinh", "", g, nil},
		{"xroad error", http.MethodGet, "/goi-tin/" + uuid.NewString(), "", x, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := x.xroadURL(tc.path)
			hdr := http.Header{}
			hdr.Set(wire.HeaderClient, XRoadClient(h29).String())
			if tc.h == g {
				u = x.srv.URL() + wire.GatewayPrefix + tc.path
				hdr.Set("Authorization", "Bearer "+g.oauth)
			}
			if tc.query != "" {
				u += "?" + tc.query
			}
			hdr.Set(wire.HeaderID, "req-"+tc.name)
			if tc.body != nil {
				hdr.Set("Content-Type", wire.MediaJSON)
				hdr.Set(wire.HeaderIdempotencyKey, p.Header.ID.String())
			}
			var flat []string
			for k, vs := range hdr {
				flat = append(flat, k, vs[0])
			}
			a := x.do(tc.method, u, tc.body, flat...)
			want := wire.RequestHash(tc.method, tc.path, tc.query, hdr, tc.body)
			if got := a.header.Get(wire.HeaderRequestHash); got != want {
				t.Errorf("X-Road-Request-Hash %q, want %q (status %d)", got, want, a.status)
			}
			if got := a.header.Get(wire.HeaderID); got != "req-"+tc.name {
				t.Errorf("X-Road-Id %q not echoed", got)
			}
			if got := a.header.Get(wire.HeaderClient); got != XRoadClient(h29).String() {
				t.Errorf("X-Road-Client %q not echoed", got)
			}
			if svc := a.header.Get(wire.HeaderService); (tc.h == x) != (svc == identifier.NationalService().String()) {
				t.Errorf("X-Road-Service %q", svc)
			}
		})
	}
	// Without X-Road-Id, the sandbox makes one.
	a := x.do(http.MethodGet, x.xroadURL("/danh-muc/GioiTinh"), nil, wire.HeaderClient, XRoadClient(h29).String())
	if _, err := uuid.Parse(a.header.Get(wire.HeaderID)); err != nil {
		t.Errorf("generated X-Road-Id %q: %v", a.header.Get(wire.HeaderID), err)
	}
}

func TestXRoadFaults(t *testing.T) {
	h := newHarness(t, Config{})
	good := XRoadClient(h29).String()
	svc := identifier.NationalService().String()
	for _, tc := range []struct {
		name   string
		url    string
		hdr    []string
		status int
		code   string
	}{
		{"no client", h.xroadURL("/danh-muc/GioiTinh"), nil, 400, "Client.BadRequest"},
		{"client twice", h.xroadURL("/danh-muc/GioiTinh"), []string{wire.HeaderClient, good, wire.HeaderClient, "VN/GOV/000.00.00.H49/QLCB"}, 400, "Client.BadRequest"},
		{"malformed client", h.xroadURL("/danh-muc/GioiTinh"), []string{wire.HeaderClient, "VN/GOV/H29"}, 400, "Client.BadRequest"},
		{"unknown member", h.xroadURL("/danh-muc/GioiTinh"), []string{wire.HeaderClient, "VN/GOV/000.00.00.H01/QLCB"}, 500, "Server.ServerProxy.AccessDenied"},
		{"other instance", h.xroadURL("/danh-muc/GioiTinh"), []string{wire.HeaderClient, "EE/GOV/000.00.00.H29/QLCB"}, 500, "Server.ServerProxy.AccessDenied"},
		{"unknown service", h.srv.URL() + "/r1/" + strings.Replace(svc, "cbccvc/v1", "cbccvc/v9", 1) + "/danh-muc/GioiTinh", []string{wire.HeaderClient, good}, 500, "Server.ServerProxy.UnknownService"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := h.do(http.MethodGet, tc.url, nil, tc.hdr...)
			if a.status != tc.status || a.header.Get(wire.HeaderError) != tc.code {
				t.Fatalf("%d %q, want %d %q: %s", a.status, a.header.Get(wire.HeaderError), tc.status, tc.code, a.body)
			}
			var f wire.XRoadFault
			if err := json.Unmarshal(a.body, &f); err != nil || f.Type != tc.code || f.Message == "" {
				t.Fatalf("fault body %s: %v", a.body, err)
			}
			if a.header.Get(wire.HeaderRequestHash) == "" {
				t.Error("no X-Road-Request-Hash")
			}
		})
	}
	// A service error is a problem, never an X-Road-Error.
	a := h.call(http.MethodGet, "/danh-muc/KhongCo", nil)
	if a.status != 404 || a.header.Get(wire.HeaderError) != "" || a.problem(t).Code != wire.CodeNotFound {
		t.Fatalf("service 404: %d %v %s", a.status, a.header, a.body)
	}
}

func TestToken(t *testing.T) {
	h := newHarness(t, Config{TokenLifetime: 10 * time.Minute})
	id, secret := h.srv.Credentials(h29)
	tokenURL := h.srv.URL() + wire.TokenPath
	for _, tc := range []struct {
		name   string
		body   string
		hdr    []string
		status int
		errc   string
	}{
		{"basic", "grant_type=client_credentials", []string{"Authorization", basic(id, secret)}, 200, ""},
		{"form", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}.Encode(), nil, 200, ""},
		{"wrong secret", "grant_type=client_credentials", []string{"Authorization", basic(id, "nope")}, 401, "invalid_client"},
		{"unknown client", "grant_type=client_credentials", []string{"Authorization", basic("who", secret)}, 401, "invalid_client"},
		{"other grant", "grant_type=password", []string{"Authorization", basic(id, secret)}, 400, "unsupported_grant_type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := h.do(http.MethodPost, tokenURL, []byte(tc.body), append([]string{"Content-Type", wire.MediaForm}, tc.hdr...)...)
			var got struct {
				AccessToken string `json:"access_token"`
				TokenType   string `json:"token_type"`
				ExpiresIn   int    `json:"expires_in"`
				Error       string `json:"error"`
			}
			if err := json.Unmarshal(a.body, &got); err != nil {
				t.Fatalf("%d %s: %v", a.status, a.body, err)
			}
			if a.status != tc.status || got.Error != tc.errc {
				t.Fatalf("%d %s, want %d %s", a.status, a.body, tc.status, tc.errc)
			}
			if tc.status == 200 && (got.AccessToken == "" || got.TokenType != "Bearer" || got.ExpiresIn != 600) {
				t.Fatalf("token answer %s", a.body)
			}
		})
	}

	g := h.login()
	ok := func(want int) {
		t.Helper()
		if a := g.call(http.MethodGet, "/danh-muc/GioiTinh", nil); a.status != want {
			t.Fatalf("status %d, want %d: %s", a.status, want, a.body)
		} else if want == 401 && (a.problem(t).Code != wire.CodeUnauthorized || !strings.HasPrefix(a.header.Get("WWW-Authenticate"), "Bearer")) {
			t.Fatalf("401 without its problem or challenge: %v %s", a.header, a.body)
		}
	}
	ok(200)
	h.srv.Advance(9 * time.Minute)
	ok(200)
	h.srv.Advance(time.Minute)
	ok(401) // expired on the sandbox's clock
	g = h.login()
	ok(200)
	h.srv.Fail("codelist", Fault{ExpireTokens: true, Times: 1})
	ok(401)
	g = h.login()
	ok(200)
	if a := h.do(http.MethodGet, h.srv.URL()+wire.GatewayPrefix+"/danh-muc/GioiTinh", nil); a.status != 401 {
		t.Fatalf("no token: %d", a.status)
	}
	if a := h.do(http.MethodGet, h.srv.URL()+wire.GatewayPrefix+"/danh-muc/GioiTinh", nil, "Authorization", "Bearer forged"); a.status != 401 {
		t.Fatalf("unknown token: %d", a.status)
	}
	// X-Road-Client on the gateway must name the token's agency.
	if a := g.call(http.MethodGet, "/danh-muc/GioiTinh", nil, wire.HeaderClient, XRoadClient(h49).String()); a.status != 403 {
		t.Fatalf("X-Road-Client of another agency: %d %s", a.status, a.body)
	}
	// Token requests are recorded with the client, and tokens by hash only.
	for _, r := range h.srv.Received() {
		if r.Endpoint == "token" && r.Status == 200 && (r.ClientID != id || len(r.Token) != 16) {
			t.Fatalf("token request recorded as %+v", r)
		}
	}
}

func TestIdempotency(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.gen(2).Packet(packet.KindProfiles, 2)
	body := h.signed(p, packet.FormatJSON)
	first := h.submit(p, body)
	again := h.submit(p, body)
	if first.status != 202 || again.status != 202 || !bytes.Equal(first.body, again.body) {
		t.Fatalf("replay: %d %d, same bytes %v", first.status, again.status, bytes.Equal(first.body, again.body))
	}
	// The same content signed again (another signature) is the same packet.
	resigned := h.signed(p, packet.FormatJSON)
	if a := h.submit(p, resigned); a.status != 202 || !bytes.Equal(a.body, first.body) {
		t.Fatalf("re-signed replay: %d", a.status)
	}
	// After processing, a replay answers the current PHANHOI.
	res := h.result(p.Header.ID)
	rp := h.verify(h.submit(p, body), packet.KindResponse)
	if rp.Header.State != packet.StateProcessed || rp.Header.ID != res.Header.ID || states(rp) != states(res) {
		t.Fatalf("replay after processing: %s %s", rp.Header.State, states(rp))
	}
	// Other content under the same MaGoiTin.
	q := *p
	q.Records.Profiles = append([]packet.Profile(nil), p.Records.Profiles...)
	q.Records.Profiles[0].Phone = "0912345678"
	if a := h.submit(&q, h.signed(&q, packet.FormatJSON)); a.status != 409 || a.problem(t).Code != wire.CodeConflict {
		t.Fatalf("other content: %d %s", a.status, a.body)
	}
	for _, tc := range []struct {
		name   string
		hdr    []string
		status int
	}{
		{"key is not MaGoiTin", []string{wire.HeaderIdempotencyKey, uuid.NewString()}, 400},
	} {
		a := h.call(http.MethodPost, "/goi-tin", body, append([]string{"Content-Type", wire.MediaJSON}, tc.hdr...)...)
		if a.status != tc.status {
			t.Fatalf("%s: %d %s", tc.name, a.status, a.body)
		}
	}
	if a := h.call(http.MethodPost, "/goi-tin", body, "Content-Type", wire.MediaJSON); a.status != 400 {
		t.Fatalf("no key: %d", a.status)
	}
	if a := h.call(http.MethodPost, "/goi-tin", body, "Content-Type", "text/plain", wire.HeaderIdempotencyKey, p.Header.ID.String()); a.status != 415 {
		t.Fatalf("text/plain: %d", a.status)
	}
	if a := h.as(h49).submit(p, body); a.status != 403 || a.problem(t).Code != wire.CodeForbidden {
		t.Fatalf("another agency's packet: %d %s", a.status, a.body)
	}
	st := h.srv.Stats()
	want := Stats{PacketsReceived: 9, PacketsProcessed: 1, RecordsProcessed: 2, ProfilesStored: 2, IdempotentReplays: 3, RejectedPackets: 5}
	if st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	if st.PacketsReceived != st.PacketsProcessed+st.IdempotentReplays+st.RejectedPackets {
		t.Fatal("a submission was not counted once")
	}
}

func TestRejections(t *testing.T) {
	h := newHarness(t, Config{})
	ctx := context.Background()
	other := h.srv.PKI().Agency(h49, signingtest.ECDSAP256)
	impostor, err := signing.NewSigner(other.Key, other.CertChain(), signing.WithMatcher(nil))
	if err != nil {
		t.Fatal(err)
	}
	untrustedID := h.srv.PKI().Bad(h29, signingtest.OtherRoot)
	untrusted, err := signing.NewSigner(untrustedID.Key, untrustedID.CertChain())
	if err != nil {
		t.Fatal(err)
	}
	sign := func(s *signing.Signer, b []byte) []byte {
		out, err := s.Sign(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for i, tc := range []struct {
		name string
		make func(p *packet.Packet) []byte
		rule string
	}{
		{"unsigned", func(p *packet.Packet) []byte { return encode(t, p, packet.FormatJSON) }, packet.RuleSignatureMissing},
		{"changed after signing", func(p *packet.Packet) []byte {
			b := h.signed(p, packet.FormatJSON)
			return bytes.Replace(b, []byte(p.Records.Profiles[0].FullName), []byte("Trần Thị Bé"), 1)
		}, packet.RuleSignatureInvalid},
		{"signer not sender", func(p *packet.Packet) []byte { return sign(impostor, encode(t, p, packet.FormatJSON)) }, packet.RuleSignatureSigner},
		{"untrusted", func(p *packet.Packet) []byte { return sign(untrusted, encode(t, p, packet.FormatJSON)) }, packet.RuleSignatureCertificate},
		{"xml changed after signing", func(p *packet.Packet) []byte {
			b := h.signed(p, packet.FormatXML)
			return bytes.Replace(b, []byte(p.Records.Profiles[1].FullName), []byte("Trần Thị Bé"), 1)
		}, packet.RuleSignatureInvalid},
		{"record count", func(p *packet.Packet) []byte {
			p.Header.RecordCount = 5
			return h.signed(p, packet.FormatJSON)
		}, packet.RuleHeaderRecordCount},
		{"version", func(p *packet.Packet) []byte {
			p.Header.Version = "3.0"
			return h.signed(p, packet.FormatJSON)
		}, packet.RuleHeaderVersion},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.gen(uint64(100+i)).Packet(packet.KindProfiles, 2)
			a := h.submit(p, tc.make(p))
			ack := h.verify(a, packet.KindResponse)
			if a.status != 202 || ack.Header.State != packet.StateRejected || ack.Header.ReplyTo != p.Header.ID {
				t.Fatalf("%d %s", a.status, ack.Header.State)
			}
			if len(ack.Records.Results) != 2 {
				t.Fatalf("%d results, want one per record", len(ack.Records.Results))
			}
			for j, r := range ack.Records.Results {
				if r.Index != j || r.Status != packet.RecordError || r.Key != p.Records.Profiles[j].PersonalID.String() || !hasRule(r.Violations, tc.rule) {
					t.Fatalf("result %d: %+v, want LOI with %s", j, r, tc.rule)
				}
			}
			if res := h.result(p.Header.ID); res.Header.State != packet.StateRejected {
				t.Fatalf("GET after TU_CHOI: %s", res.Header.State)
			}
			rec := h.srv.Received()
			var sub Received
			for _, r := range rec {
				if r.Endpoint == "submit" && r.Packet == p.Header.ID {
					sub = r
				}
			}
			if sub.Outcome != OutcomeRejected || len(sub.Rules) == 0 || sub.Rules[0] != tc.rule {
				t.Fatalf("recorded %+v", sub)
			}
		})
	}
	// A refused packet binds nothing: signed properly, it is accepted.
	p := h.gen(100).Packet(packet.KindProfiles, 2)
	if ack := h.verify(h.submit(p, h.signed(p, packet.FormatJSON)), packet.KindResponse); ack.Header.State != packet.StateReceived {
		t.Fatalf("the same packet, signed: %s", ack.Header.State)
	}
	// A packet of a kind the national database does not take.
	d := packettest.New(packettest.Options{Sender: h29, Receiver: identifier.MustParseAgencyCode(signingtest.CSDLQGCode)}).Packet(packet.KindMatches, 1)
	d.Header.Sender, d.Header.Receiver = h29, identifier.MustParseAgencyCode(signingtest.CSDLQGCode)
	if ack := h.verify(h.submit(d, h.signed(d, packet.FormatJSON)), packet.KindResponse); ack.Header.State != packet.StateRejected {
		t.Fatalf("DOIKHOP submitted: %s", ack.Header.State)
	}
	// Not a packet at all.
	for _, body := range []string{`{"a":1}`, `hello`} {
		a := h.call(http.MethodPost, "/goi-tin", []byte(body), "Content-Type", wire.MediaJSON, wire.HeaderIdempotencyKey, uuid.NewString())
		if a.status != 400 || len(a.problem(t).Findings) == 0 {
			t.Fatalf("%s: %d %s", body, a.status, a.body)
		}
	}
	if st := h.srv.Stats(); st.PacketsReceived != st.PacketsProcessed+st.IdempotentReplays+st.RejectedPackets {
		t.Fatalf("stats do not add up: %+v", st)
	}
}

func TestRecords(t *testing.T) {
	h := newHarness(t, Config{})
	g := h.gen(3, packettest.DefectSalaryCoefficient, packettest.DefectOverlap)
	p := g.Packet(packet.KindProfiles, 3)
	h.submit(p, h.signed(p, packet.FormatJSON))
	res := h.result(p.Header.ID)
	if got := states(res); got != "LOI CANH_BAO THANH_CONG" {
		t.Fatalf("states %q", got)
	}
	loi, warn, ok := res.Records.Results[0], res.Records.Results[1], res.Records.Results[2]
	if !hasRule(loi.Violations, packet.RuleSalaryCoeff) {
		t.Fatalf("LOI: %+v", loi)
	}
	if !hasRule(warn.Violations, packet.RuleDateOverlap) {
		t.Fatalf("CANH_BAO %+v, THANH_CONG %+v", warn, ok)
	}
	// In format 2.0 the personal ID is the key; there is no national
	// profile ID to give (TestProfileIDByVersion has 1.0's).
	for i, r := range res.Records.Results {
		if r.Key != p.Records.Profiles[i].PersonalID.String() || !r.ProfileID.IsZero() {
			t.Errorf("result %d: key %s, MaDinhDanhCBCCVC %q", i, r.Key, r.ProfileID)
		}
	}
	if _, stored := h.srv.Profile(p.Records.Profiles[0].PersonalID); stored {
		t.Fatal("a LOI record was stored")
	}
	for _, r := range []packet.ProcessingResult{warn, ok} {
		pid, _ := identifier.ParsePersonalID(r.Key)
		got, stored := h.srv.Profile(pid)
		if !stored || got.ProfileID != r.ProfileID {
			t.Fatalf("record %d not stored with its ID: %v %s", r.Index, stored, got.ProfileID)
		}
	}
	// The same people again, in a new packet and another order: the same IDs.
	q := &packet.Packet{Header: p.Header}
	q.Header.ID = uuid.New()
	q.Records.Profiles = []packet.Profile{p.Records.Profiles[2], p.Records.Profiles[1]}
	q.Header.RecordCount = 2
	q.Records.Profiles[0].Phone = "0987654321"
	h.submit(q, h.signed(q, packet.FormatXML))
	res2 := h.result(q.Header.ID)
	if res2.Records.Results[0].ProfileID != ok.ProfileID || res2.Records.Results[1].ProfileID != warn.ProfileID {
		t.Fatalf("IDs changed on resubmission: %v", res2.Records.Results)
	}
	if got, _ := h.srv.Profile(q.Records.Profiles[0].PersonalID); got.Phone != "0987654321" {
		t.Fatal("the resubmitted profile did not replace the stored one")
	}
	if n := len(h.srv.Profiles()); n != 2 {
		t.Fatalf("%d profiles stored, want 2", n)
	}
}

// The sandbox judges and stores the same values: a coefficient spelled
// 475e-2 is the coefficient 4.75, wrong for its step, and a birth date that
// does not exist is refused, never stored as an empty date.
func TestStoresWhatItValidated(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.gen(11).Packet(packet.KindProfiles, 3)
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		p.Header.ID = uuid.New()
		body := encode(t, p, f)
		want := p.Records.Profiles[0].Rank.Coefficient.String()
		if f == packet.FormatJSON {
			body = bytes.Replace(body, []byte(`"HeSoLuong":`+want+`,`), []byte(`"HeSoLuong":475e-2,`), 1)
			body = bytes.Replace(body, []byte(`"NgaySinh":"`+p.Records.Profiles[1].BirthDate.String()+`"`), []byte(`"NgaySinh":"1990-02-31"`), 1)
		} else {
			body = bytes.Replace(body, []byte("<HeSoLuong>"+want+"</HeSoLuong>"), []byte("<HeSoLuong>475e-2</HeSoLuong>"), 1)
			body = bytes.Replace(body, []byte("<NgaySinh>"+p.Records.Profiles[1].BirthDate.String()+"</NgaySinh>"), []byte("<NgaySinh>1990-02-31</NgaySinh>"), 1)
		}
		if !bytes.Contains(body, []byte("475e-2")) || !bytes.Contains(body, []byte("1990-02-31")) || want == "4.75" {
			t.Fatalf("%v: the edits did not apply", f)
		}
		signed, err := h.srv.Signer(h.agency).Sign(context.Background(), body)
		if err != nil {
			t.Fatal(err)
		}
		h.submit(p, signed)
		res := h.result(p.Header.ID)
		if got := states(res); got != "LOI LOI THANH_CONG" {
			t.Fatalf("%v: states %q, want LOI LOI THANH_CONG", f, got)
		}
		if !hasRule(res.Records.Results[0].Violations, packet.RuleSalaryCoeff) || !hasRule(res.Records.Results[1].Violations, packet.RuleValue) {
			t.Fatalf("%v: findings %v, %v", f, res.Records.Results[0].Violations, res.Records.Results[1].Violations)
		}
		for _, r := range p.Records.Profiles[:2] {
			if got, stored := h.srv.Profile(r.PersonalID); stored {
				t.Fatalf("%v: a LOI record was stored, NgaySinh %q HeSoLuong %s", f, got.BirthDate, got.Rank.Coefficient)
			}
		}
		got, stored := h.srv.Profile(p.Records.Profiles[2].PersonalID)
		if !stored || got.BirthDate != p.Records.Profiles[2].BirthDate || got.Rank.Coefficient != p.Records.Profiles[2].Rank.Coefficient {
			t.Fatalf("%v: the THANH_CONG record is not stored as sent: %v %+v", f, stored, got.Rank)
		}
	}
}

func TestChanges(t *testing.T) {
	h := newHarness(t, Config{})
	g := h.gen(4)
	p := g.Packet(packet.KindProfiles, 2)
	h.submit(p, h.signed(p, packet.FormatJSON))
	h.result(p.Header.ID)

	stored0, _ := h.srv.Profile(p.Records.Profiles[0].PersonalID)
	good := g.Change(stored0)
	conflict := g.Change(p.Records.Profiles[1])
	conflict.Fields[0].OldValue = json.RawMessage(`"không phải giá trị hiện tại"`)
	stranger := g.Change(g.Profile())
	c := &packet.Packet{Header: g.Header(packet.KindChanges, 3)}
	c.Records.Changes = []packet.Change{good, conflict, stranger}
	h.submit(c, h.signed(c, packet.FormatJSON))
	res := h.result(c.Header.ID)
	if got := states(res); got != "THANH_CONG LOI LOI" {
		t.Fatalf("states %q: %+v", got, res.Records.Results)
	}
	if r := res.Records.Results[0]; r.Key != good.ID.String() {
		t.Fatalf("KhoaBanGhi %q, want the MaBienDong", r.Key)
	}
	if r := res.Records.Results[1]; !hasRule(r.Violations, packet.RuleChangeConflict) || !strings.HasPrefix(r.Violations[0].Pointer, "/DuLieu/1/") {
		t.Fatalf("conflict: %+v", r)
	}
	want, fs := packet.Apply(stored0, good)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	got, _ := h.srv.Profile(stored0.PersonalID)
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if !bytes.Equal(gj, wj) {
		t.Fatalf("stored after the change:\n%s\nwant\n%s", gj, wj)
	}
	if unchanged, _ := h.srv.Profile(p.Records.Profiles[1].PersonalID); unchanged.Phone != p.Records.Profiles[1].Phone {
		t.Fatal("a refused change was applied")
	}
	// Another province may not change H29's profiles.
	o := h.as(h49)
	og := o.gen(5)
	oc := &packet.Packet{Header: og.Header(packet.KindChanges, 1)}
	oc.Records.Changes = []packet.Change{og.Change(got)}
	o.submit(oc, o.signed(oc, packet.FormatJSON))
	if r := o.result(oc.Header.ID); states(r) != "LOI" || !hasRule(r.Records.Results[0].Violations, packet.RuleOwner) {
		t.Fatalf("H49 changing H29's profile: %+v", r.Records.Results)
	}
}

func TestProcessingDelay(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     Config
		advance time.Duration
		want    []packet.State // states of successive polls
	}{
		{"default", Config{}, 0, []packet.State{packet.StateProcessed, packet.StateProcessed}},
		{"two polls", Config{ProcessAfterPolls: 2}, 0, []packet.State{packet.StateReceived, packet.StateProcessed, packet.StateProcessed}},
		{"one minute", Config{ProcessingTime: time.Minute}, 30 * time.Second, []packet.State{packet.StateReceived, packet.StateReceived, packet.StateProcessed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, tc.cfg)
			p := h.gen(6).Packet(packet.KindProfiles, 1)
			h.submit(p, h.signed(p, packet.FormatJSON))
			for i, want := range tc.want {
				if got := h.result(p.Header.ID).Header.State; got != want {
					t.Fatalf("poll %d: %s, want %s", i+1, got, want)
				}
				h.srv.Advance(tc.advance)
			}
		})
	}
}

// submitProfiles stores n profiles of the harness's agency.
func (h *harness) submitProfiles(seed uint64, n int) *packet.Packet {
	h.t.Helper()
	p := h.gen(seed).Packet(packet.KindProfiles, n)
	if a := h.submit(p, h.signed(p, packet.FormatJSON)); a.status != 202 {
		h.t.Fatalf("submit: %d %s", a.status, a.body)
	}
	if res := h.result(p.Header.ID); strings.Contains(states(res), "LOI") {
		h.t.Fatalf("generated profiles refused: %v", res.Records.Results)
	}
	return p
}

// pages fetches every page of a paged endpoint.
func (h *harness) pages(path string, q url.Values, kind packet.Kind) ([]*packet.Packet, []*answer) {
	h.t.Helper()
	var out []*packet.Packet
	var raw []*answer
	for {
		a := h.call(http.MethodGet, path+"?"+q.Encode(), nil)
		out = append(out, h.verify(a, kind))
		raw = append(raw, a)
		next := a.header.Get(wire.HeaderNextCursor)
		if next == "" {
			return out, raw
		}
		q = cloneValues(q)
		q.Set(wire.QueryCursor, next)
		if len(out) > 100 {
			h.t.Fatal("paging does not end")
		}
	}
}

func TestMatches(t *testing.T) {
	run := func(seed uint64) []packet.MatchResult {
		h := newHarness(t, Config{Seed: seed})
		h.submitProfiles(7, 40)
		pages, _ := h.pages("/doi-khop", url.Values{wire.QueryLimit: {"15"}}, packet.KindMatches)
		if len(pages) != 6 {
			t.Fatalf("%d pages of 15 for 80 results, want 6", len(pages))
		}
		var all []packet.MatchResult
		for i, p := range pages {
			if p.Header.RecordCount != len(p.Records.Matches) || (i < 5 && len(p.Records.Matches) != 15) {
				t.Fatalf("page %d: %d results", i, len(p.Records.Matches))
			}
			all = append(all, p.Records.Matches...)
		}
		return all
	}
	a, b, c := run(11), run(11), run(12)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	jc, _ := json.Marshal(c)
	if !bytes.Equal(ja, jb) {
		t.Fatal("the same seed and profiles gave other results")
	}
	if bytes.Equal(ja, jc) {
		t.Fatal("another seed gave the same results")
	}
	seen := map[string]bool{}
	count := map[packet.MatchStatus]int{}
	for _, m := range a {
		k := m.PersonalID.String() + string(m.Source)
		if seen[k] {
			t.Fatalf("result %s twice across pages", k)
		}
		seen[k] = true
		count[m.Status]++
		if (m.Status == packet.MatchDiffers) != (len(m.Differences) > 0) {
			t.Fatalf("%s with %d differences", m.Status, len(m.Differences))
		}
		for _, d := range m.Differences {
			if bytes.Equal(d.AgencyValue, d.AuthoritativeValue) || len(d.AuthoritativeValue) == 0 {
				t.Fatalf("a difference that is none: %+v", d)
			}
		}
	}
	if len(seen) != 80 || count[packet.MatchOK] == 0 || count[packet.MatchDiffers] == 0 {
		t.Fatalf("%d results, by state %v", len(seen), count)
	}

	h := newHarness(t, Config{Matching: Matching{NotFound: 0.5, Discrepancy: 0.5}})
	h.submitProfiles(8, 10)
	pages, _ := h.pages("/doi-khop", url.Values{}, packet.KindMatches)
	if len(pages) != 1 || len(pages[0].Records.Matches) != 20 {
		t.Fatalf("default page: %d pages", len(pages))
	}
	for _, m := range pages[0].Records.Matches {
		if m.Status == packet.MatchOK {
			t.Fatal("KHOP with no share left for it")
		}
	}
	// tu: results since a time after every match: none.
	later := t0.Add(time.Hour).Format(time.RFC3339)
	if p := h.verify(h.call(http.MethodGet, "/doi-khop?"+url.Values{wire.QuerySince: {later}}.Encode(), nil), packet.KindMatches); len(p.Records.Matches) != 0 {
		t.Fatalf("%d results since later", len(p.Records.Matches))
	}
	// Another agency's profiles are not matched for it.
	if p := h.as(h49).verify(h.as(h49).call(http.MethodGet, "/doi-khop", nil), packet.KindMatches); len(p.Records.Matches) != 0 {
		t.Fatalf("H49 sees %d of H29's results", len(p.Records.Matches))
	}
	for _, q := range []string{"gioi-han=0", "gioi-han=1001", "gioi-han=x", "tu=yesterday", "con-tro=bad", "con-tro=" + encodeCursor(cursorProfiles, "1")} {
		if a := h.call(http.MethodGet, "/doi-khop?"+q, nil); a.status != 400 || a.problem(t).Code != wire.CodeBadRequest {
			t.Fatalf("%s: %d", q, a.status)
		}
	}
}

func TestProfilesQuery(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.submitProfiles(9, 25)
	pages, raw := h.pages("/ho-so", url.Values{wire.QueryLimit: {"10"}}, packet.KindSharedProfiles)
	if len(pages) != 3 {
		t.Fatalf("%d pages", len(pages))
	}
	seen := map[string]bool{}
	for _, pg := range pages {
		for _, pr := range pg.Records.Profiles {
			if !pr.ProfileID.IsZero() || seen[pr.PersonalID.String()] {
				t.Fatalf("profile %s: ID %q, seen %v", pr.PersonalID, pr.ProfileID, seen[pr.PersonalID.String()])
			}
			seen[pr.PersonalID.String()] = true
		}
	}
	if len(seen) != 25 || raw[2].header.Get(wire.HeaderNextCursor) != "" {
		t.Fatalf("%d profiles", len(seen))
	}
	// ma-don-vi: the profiles of one unit and those under it.
	unit := p.Records.Profiles[0].ManagingUnit
	want := 0
	for _, pr := range p.Records.Profiles {
		if inUnit(pr, unit) {
			want++
		}
	}
	got, _ := h.pages("/ho-so", url.Values{wire.QueryUnit: {unit.Canonical()}}, packet.KindSharedProfiles)
	if n := len(got[0].Records.Profiles); n != want || n == 0 {
		t.Fatalf("unit %s: %d profiles, want %d", unit, n, want)
	}
	if a := h.call(http.MethodGet, "/ho-so?ma-don-vi=000.00.12.H49", nil); a.status != 403 {
		t.Fatalf("another province's unit: %d", a.status)
	}
	// cap-nhat-tu: only what changed since.
	h.srv.Advance(time.Hour)
	q := h.submitProfiles(10, 3)
	since := t0.Add(30 * time.Minute).Format(time.RFC3339)
	got, _ = h.pages("/ho-so", url.Values{wire.QueryUpdatedFrom: {since}}, packet.KindSharedProfiles)
	if n := len(got[0].Records.Profiles); n != 3 {
		t.Fatalf("%d profiles updated since, want 3", n)
	}
	// One profile.
	one := q.Records.Profiles[1].PersonalID.String()
	if pr := h.verify(h.call(http.MethodGet, "/ho-so/"+one, nil), packet.KindSharedProfiles); len(pr.Records.Profiles) != 1 || pr.Records.Profiles[0].PersonalID.String() != one {
		t.Fatalf("GET /ho-so/%s: %+v", one, pr.Records.Profiles)
	}
	for _, tc := range []struct {
		name   string
		h      *harness
		path   string
		status int
	}{
		{"unknown person", h, "/ho-so/001099000001", 404},
		{"another agency's", h.as(h49), "/ho-so/" + one, 404},
		{"malformed", h, "/ho-so/123", 400},
		{"unknown packet", h, "/goi-tin/" + uuid.NewString(), 404},
		{"another agency's packet", h.as(h49), "/goi-tin/" + q.Header.ID.String(), 404},
		{"malformed packet id", h, "/goi-tin/abc", 400},
		{"unknown code list", h, "/danh-muc/KhongCo", 404},
		{"unknown endpoint", h, "/khong-co", 404},
		{"wrong method", h, "/goi-tin", 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.h.call(http.MethodGet, tc.path, nil)
			if a.status != tc.status || a.problem(t).Status != tc.status {
				t.Fatalf("%d, want %d: %s", a.status, tc.status, a.body)
			}
		})
	}
	if a := h.as(h49).call(http.MethodGet, "/ho-so", nil); len(h.as(h49).verify(a, packet.KindSharedProfiles).Records.Profiles) != 0 {
		t.Fatal("H49 sees H29's profiles")
	}
}

func TestCodeListAndFormats(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.call(http.MethodGet, "/danh-muc/GioiTinh", nil)
	l, err := codelist.Load(bytes.NewReader(a.body))
	if err != nil || l.Name != "GioiTinh" || l.Len() == 0 {
		t.Fatalf("code list: %v %s", err, a.body)
	}
	// Answers in the format Accept asks.
	p := h.gen(12).Packet(packet.KindProfiles, 1)
	a = h.submit(p, h.signed(p, packet.FormatXML), "Accept", wire.MediaXML)
	if ct := a.header.Get("Content-Type"); ct != wire.MediaXML || formatOf(a.body) != packet.FormatXML {
		t.Fatalf("Accept XML: %s", ct)
	}
	h.verify(a, packet.KindResponse)
	a = h.call(http.MethodGet, "/ho-so", nil, "Accept", "text/html, application/xml;q=0.9")
	if formatOf(a.body) != packet.FormatXML {
		t.Fatalf("not XML: %.40s", a.body)
	}
	h.verify(a, packet.KindSharedProfiles)
	// Outside the base path: a loud 404.
	u, _ := url.Parse(h.srv.URL())
	a = h.do(http.MethodGet, u.Scheme+"://"+u.Host+"/r1/"+identifier.NationalService().String()+"/danh-muc/GioiTinh", nil, wire.HeaderClient, XRoadClient(h29).String())
	if a.status != 404 || !strings.Contains(a.problem(t).Detail, DefaultBasePath) {
		t.Fatalf("outside the base path: %d %s", a.status, a.body)
	}
}

func TestFaults(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault Fault
		check func(t *testing.T, h *harness, a *answer, err error)
	}{
		{"503 with Retry-After", Fault{Status: 503, RetryAfter: 1500 * time.Millisecond}, func(t *testing.T, h *harness, a *answer, err error) {
			if a.status != 503 || a.header.Get(wire.HeaderRetryAfter) != "2" || a.problem(t).Code != wire.CodeUnavailable {
				t.Fatalf("%d %v", a.status, a.header)
			}
		}},
		{"429", Fault{Status: 429, RetryAfter: time.Second}, func(t *testing.T, h *harness, a *answer, err error) {
			if a.status != 429 || a.header.Get(wire.HeaderRetryAfter) != "1" || a.problem(t).Code != wire.CodeRateLimited {
				t.Fatalf("%d %v", a.status, a.header)
			}
		}},
		{"latency", Fault{Latency: 50 * time.Millisecond}, func(t *testing.T, h *harness, a *answer, err error) {
			r := h.srv.Received()
			if a.status != 200 || r[len(r)-1].Duration < 50*time.Millisecond {
				t.Fatalf("%d in %v", a.status, r[len(r)-1].Duration)
			}
		}},
		{"drop", Fault{Drop: true}, func(t *testing.T, h *harness, a *answer, err error) {
			if err == nil {
				t.Fatalf("the answer arrived whole: %d", a.status)
			}
		}},
		{"corrupt signature", Fault{CorruptSignature: true}, func(t *testing.T, h *harness, a *answer, err error) {
			if _, err := h.srv.Verifier().Verify(context.Background(), a.body); err == nil || signing.Rule(err) != packet.RuleSignatureInvalid {
				t.Fatalf("a corrupted answer verified: %v", err)
			}
		}},
		{"x-road error", Fault{XRoadError: "Server.ServerProxy.ServiceFailed", Status: 502}, func(t *testing.T, h *harness, a *answer, err error) {
			if a.status != 502 || a.header.Get(wire.HeaderError) != "Server.ServerProxy.ServiceFailed" {
				t.Fatalf("%d %v", a.status, a.header)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			h.srv.Fail("profiles", tc.fault)
			req, _ := http.NewRequest(http.MethodGet, h.xroadURL("/ho-so"), nil)
			req.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
			resp, err := h.srv.HTTPClient().Do(req)
			a := &answer{}
			if err == nil {
				a.status, a.header = resp.StatusCode, resp.Header
				var b bytes.Buffer
				_, err = b.ReadFrom(resp.Body)
				a.body = b.Bytes()
				resp.Body.Close()
			}
			tc.check(t, h, a, err)
			r := h.srv.Received()
			if last := r[len(r)-1]; last.Fault != tc.fault.String() || last.Endpoint != "profiles" {
				t.Fatalf("recorded fault %q, want %q", last.Fault, tc.fault.String())
			}
			// Times 0: every request, until cleared.
			if a2 := h.call(http.MethodGet, "/danh-muc/GioiTinh", nil); a2.status != 200 {
				t.Fatalf("a fault of profiles hit codelist: %d", a2.status)
			}
			h.srv.ClearFaults()
			h.verify(h.call(http.MethodGet, "/ho-so", nil), packet.KindSharedProfiles)
		})
	}

	// Faults queue, each for its Times; AllEndpoints comes after the endpoint's own.
	h := newHarness(t, Config{})
	h.srv.Fail("codelist", Fault{Status: 503, Times: 2})
	h.srv.Fail("codelist", Fault{Status: 502, Times: 1})
	h.srv.Fail(AllEndpoints, Fault{Status: 504, Times: 1})
	var got []int
	for range 5 {
		got = append(got, h.call(http.MethodGet, "/danh-muc/GioiTinh", nil).status)
	}
	if fmt.Sprint(got) != "[503 503 502 504 200]" {
		t.Fatalf("statuses %v", got)
	}
	// A dropped submission was processed: the retry is a replay.
	p := h.gen(13).Packet(packet.KindProfiles, 1)
	body := h.signed(p, packet.FormatJSON)
	h.srv.Fail("submit", Fault{Drop: true, Times: 1})
	req, _ := http.NewRequest(http.MethodPost, h.xroadURL("/goi-tin"), bytes.NewReader(body))
	req.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
	req.Header.Set("Content-Type", wire.MediaJSON)
	req.Header.Set(wire.HeaderIdempotencyKey, p.Header.ID.String())
	if resp, err := h.srv.HTTPClient().Do(req); err == nil {
		var b bytes.Buffer
		_, err = b.ReadFrom(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Fatal("the dropped answer arrived whole")
		}
	}
	h.verify(h.submit(p, body), packet.KindResponse)
	if st := h.srv.Stats(); st.PacketsProcessed != 1 || st.IdempotentReplays != 1 {
		t.Fatalf("stats %+v", st)
	}
	for _, bad := range []struct {
		ep string
		f  Fault
	}{{"nope", Fault{Status: 503}}, {"submit", Fault{}}, {"submit", Fault{Status: 200}}, {"submit", Fault{XRoadError: "Oops"}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Fail(%q, %+v) did not panic", bad.ep, bad.f)
				}
			}()
			h.srv.Fail(bad.ep, bad.f)
		}()
	}
}

func TestConcurrentSubmits(t *testing.T) {
	h := newHarness(t, Config{})
	const packets, copies = 12, 3
	bodies := make([][]byte, packets)
	ps := make([]*packet.Packet, packets)
	g := h.gen(14)
	for i := range ps {
		ps[i] = g.Packet(packet.KindProfiles, 5)
		bodies[i] = h.signed(ps[i], packet.FormatJSON)
	}
	var wg sync.WaitGroup
	errs := make(chan string, packets*copies*2)
	for i := range packets {
		for range copies {
			wg.Go(func() {
				hh := &harness{t: t, srv: h.srv, agency: h29}
				req, _ := http.NewRequest(http.MethodPost, hh.xroadURL("/goi-tin"), bytes.NewReader(bodies[i]))
				req.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
				req.Header.Set("Content-Type", wire.MediaJSON)
				req.Header.Set(wire.HeaderIdempotencyKey, ps[i].Header.ID.String())
				resp, err := h.srv.HTTPClient().Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 202 {
					errs <- resp.Status
				}
				// Readers at the same time.
				req, _ = http.NewRequest(http.MethodGet, hh.xroadURL("/doi-khop"), nil)
				req.Header.Set(wire.HeaderClient, XRoadClient(h29).String())
				if resp, err := h.srv.HTTPClient().Do(req); err == nil {
					resp.Body.Close()
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	want := Stats{PacketsReceived: packets * copies, PacketsProcessed: packets, RecordsProcessed: packets * 5,
		ProfilesStored: packets * 5, IdempotentReplays: packets * (copies - 1)}
	if st := h.srv.Stats(); st != want {
		t.Fatalf("stats %+v, want %+v", st, want)
	}
	ids := map[identifier.PersonalID]bool{}
	for _, p := range h.srv.Profiles() {
		if ids[p.PersonalID] || !p.ProfileID.IsZero() {
			t.Fatalf("personal ID %s twice, or a 2.0 profile with MaDinhDanhCBCCVC %q", p.PersonalID, p.ProfileID)
		}
		ids[p.PersonalID] = true
	}
}

func TestInspectionAPI(t *testing.T) {
	h := newHarness(t, Config{})
	h.submitProfiles(15, 2)
	a := h.do(http.MethodGet, h.srv.URL()+InspectPrefix+"/stats", nil)
	var raw map[string]int
	if err := json.Unmarshal(a.body, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"packetsReceived": 1, "packetsProcessed": 1, "recordsProcessed": 2, "profilesStored": 2, "idempotentReplays": 0, "rejectedPackets": 0}
	if fmt.Sprint(raw) != fmt.Sprint(want) {
		t.Fatalf("stats %v, want %v", raw, want)
	}
	a = h.do(http.MethodPost, h.srv.URL()+InspectPrefix+"/faults/codelist", []byte(`{"status":503,"retryAfter":"3s","times":1}`))
	if a.status != 204 {
		t.Fatalf("POST fault: %d %s", a.status, a.body)
	}
	if a := h.call(http.MethodGet, "/danh-muc/GioiTinh", nil); a.status != 503 || a.header.Get(wire.HeaderRetryAfter) != "3" {
		t.Fatalf("injected over HTTP: %d %v", a.status, a.header)
	}
	if a := h.do(http.MethodPost, h.srv.URL()+InspectPrefix+"/faults/nope", []byte(`{"status":503}`)); a.status != 400 {
		t.Fatalf("unknown endpoint: %d", a.status)
	}
	a = h.do(http.MethodPost, h.srv.URL()+InspectPrefix+"/clock", []byte(`{"advance":"2h"}`))
	if a.status != 200 || !h.srv.Now().Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("clock: %d %s", a.status, a.body)
	}
	var rec []Received
	if err := json.Unmarshal(h.do(http.MethodGet, h.srv.URL()+InspectPrefix+"/received", nil).body, &rec); err != nil || len(rec) != 3 {
		t.Fatalf("received: %d, %v", len(rec), err)
	}
	if rec[0].Endpoint != "submit" || rec[0].IdempotencyKey == "" || rec[0].RequestID == "" || rec[0].Outcome != OutcomeAccepted {
		t.Fatalf("received[0] %+v", rec[0])
	}
	var profs []packet.Profile
	if err := json.Unmarshal(h.do(http.MethodGet, h.srv.URL()+InspectPrefix+"/profiles", nil).body, &profs); err != nil || len(profs) != 2 {
		t.Fatalf("profiles: %d, %v", len(profs), err)
	}
}

func TestNewConfig(t *testing.T) {
	// The zero Config is a sandbox: a PKI of its own, valid at its clock,
	// under DefaultBasePath.
	at := time.Date(2031, 2, 28, 9, 0, 0, 0, ict)
	sb, err := New(Config{Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	if sb.PKI() == nil || !sb.PKI().Time().Equal(at) || sb.BasePath() != DefaultBasePath {
		t.Errorf("zero Config: PKI %v, base path %q; want a PKI at %v under %s", sb.PKI(), sb.BasePath(), at, DefaultBasePath)
	}
	if sb, err := New(Config{BasePath: "/"}); err != nil || sb.BasePath() != "" {
		t.Errorf("BasePath \"/\": %q, %v; want the root", sb.BasePath(), err)
	}
	pki := signingtest.New(t)
	if _, err := New(Config{Roots: pki.Roots()}); err == nil {
		t.Error("a sandbox with roots and no signer")
	}
	id := pki.Agency(h29, signingtest.ECDSAP256)
	wrong, _ := signing.NewSigner(id.Key, id.CertChain())
	if _, err := New(Config{Roots: pki.Roots(), Signer: wrong}); err == nil {
		t.Error("a sandbox whose signer is not the national database")
	}
	if _, err := Start(Config{Roots: pki.Roots(), Signer: mustCSDLQGSigner(t, pki)}); err == nil {
		t.Error("a Server without a PKI to make agencies' signers from")
	}
	if _, err := New(Config{PKI: pki, Matching: Matching{NotFound: 0.8, Discrepancy: 0.5}}); err == nil {
		t.Error("rates over 1")
	}
	if _, err := New(Config{PKI: pki, Clients: []ClientCred{{ID: "x"}}}); err == nil {
		t.Error("a client without secret")
	}
	for _, tc := range []struct {
		in   string
		ok   bool
		want string
	}{
		{"id:secret:000.00.00.H29", true, "id:secret:000.00.00.H29"},
		{"id:secret", false, ""},
		{"id::000.00.00.H29", false, ""},
		{"id:secret:XYZ", false, ""},
	} {
		c, err := ParseClientCred(tc.in)
		if (err == nil) != tc.ok || (tc.ok && c.String() != tc.want) {
			t.Errorf("ParseClientCred(%q) = %v, %v", tc.in, c, err)
		}
	}
}

// TestNotAPacket: a body that is only a header, or a header without DuLieu,
// is 400 whoever sends it, before the sender is checked (403).
func TestNotAPacket(t *testing.T) {
	h := newHarness(t, Config{})
	p := h.gen(7).Packet(packet.KindProfiles, 1)
	var full map[string]json.RawMessage
	if err := json.Unmarshal(encode(t, p, packet.FormatJSON), &full); err != nil {
		t.Fatal(err)
	}
	hdr := full["ThongTinGoiTin"]
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"the header alone", hdr},
		{"a packet without DuLieu", []byte(`{"ThongTinGoiTin":` + string(hdr) + `}`)},
		{"DuLieu not an array", []byte(`{"ThongTinGoiTin":` + string(hdr) + `,"DuLieu":{}}`)},
		{"an XML packet without DuLieu", xmlWithout(t, encode(t, p, packet.FormatXML), "DuLieu")},
	} {
		for _, as := range []identifier.AgencyCode{h29, h49} {
			ct := wire.MediaJSON
			if tc.body[0] == '<' {
				ct = wire.MediaXML
			}
			a := h.as(as).call(http.MethodPost, "/goi-tin", tc.body, "Content-Type", ct, wire.HeaderIdempotencyKey, p.Header.ID.String())
			if a.status != http.StatusBadRequest || len(a.problem(t).Findings) == 0 {
				t.Errorf("%s, sent by %s: %d %s, want 400 with findings", tc.name, as.Canonical(), a.status, a.body)
			}
		}
	}
	// A packet, from the wrong agency, is still 403.
	a := h.as(h49).submit(p, h.signed(p, packet.FormatJSON))
	if a.status != http.StatusForbidden {
		t.Errorf("a packet of H29 sent by H49: %d, want 403", a.status)
	}
}

// TestUnknownPaths: a path that is no endpoint is 404 problem+json, on both
// transports, authenticated or not: what a client with a wrong base URL
// (one that already holds /r1/… or /cbccvc/v1) meets.
func TestUnknownPaths(t *testing.T) {
	h := newHarness(t, Config{})
	svc := wire.XRoadPrefix + identifier.NationalService().String()
	for _, path := range []string{
		svc + svc + "/goi-tin",
		wire.GatewayPrefix + wire.GatewayPrefix + "/goi-tin",
		wire.GatewayPrefix + "/khong-co",
		"/khong-co",
	} {
		for _, hdr := range [][]string{nil, {wire.HeaderClient, XRoadClient(h29).String()}} {
			a := h.do(http.MethodGet, h.srv.URL()+path, nil, hdr...)
			if a.status != http.StatusNotFound {
				t.Errorf("GET %s (headers %v): %d %s, want 404", path, hdr, a.status, a.body)
				continue
			}
			if p := a.problem(t); p.Status != http.StatusNotFound || p.Code != wire.CodeNotFound {
				t.Errorf("GET %s: problem %+v", path, p)
			}
		}
	}
}

// xmlWithout cuts the element name, a child of the root, out of doc.
func xmlWithout(t *testing.T, doc []byte, name string) []byte {
	t.Helper()
	i, j := bytes.Index(doc, []byte("<"+name+">")), bytes.Index(doc, []byte("</"+name+">"))
	if i < 0 || j < i {
		t.Fatalf("no <%s> in %s", name, doc)
	}
	return append(doc[:i:i], doc[j+len(name)+3:]...)
}

// mustCSDLQGSigner is a signer of the PKI's CSDLQG identity.
func mustCSDLQGSigner(t *testing.T, pki *signingtest.PKI) *signing.Signer {
	t.Helper()
	id := pki.CSDLQG()
	s, err := signing.NewSigner(id.Key, id.CertChain())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
