package ndxptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

var (
	h29 = identifier.MustParseAgencyCode("000.00.00.H29")
	h49 = identifier.MustParseAgencyCode("000.00.00.H49")
	// t0 is the sandbox's time in the tests: after packettest's packets were made.
	t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, ict)
)

// harness is a sandbox and raw HTTP calls to it, as one agency.
type harness struct {
	t      *testing.T
	srv    *Server
	agency identifier.AgencyCode
	oauth  string // the bearer token, on the gateway
}

// newHarness starts the sandbox of cfg with the clock at t0 (unless cfg
// has one) and h29 and h49 as members.
func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return t0 }
	}
	cfg.Members = append(cfg.Members, h29, h49)
	srv := NewServer(t, cfg)
	return &harness{t: t, srv: srv, agency: h29}
}

// as returns a harness for another agency on the same server.
func (h *harness) as(a identifier.AgencyCode) *harness {
	return &harness{t: h.t, srv: h.srv, agency: a}
}

// xroadURL is the URL of a path under the service on the X-Road transport.
func (h *harness) xroadURL(svcPath string) string {
	return h.srv.URL() + wire.XRoadPrefix + identifier.NationalService().String() + svcPath
}

// answer is a raw answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a *answer) problem(t *testing.T) wire.Problem {
	t.Helper()
	var p wire.Problem
	if ct := a.header.Get("Content-Type"); ct != wire.MediaProblem {
		t.Fatalf("Content-Type %q, want %s; body %s", ct, wire.MediaProblem, a.body)
	}
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatalf("problem: %v: %s", err, a.body)
	}
	return p
}

// do sends a request; hdr are name, value pairs, set with Add.
func (h *harness) do(method, url string, body []byte, hdr ...string) *answer {
	h.t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		h.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	resp, err := h.srv.HTTPClient().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatalf("%s %s: reading: %v", method, url, err)
	}
	return &answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// call sends a request for a path under the service as the harness's agency,
// on the X-Road transport, or on the gateway once login was called.
func (h *harness) call(method, svcPath string, body []byte, hdr ...string) *answer {
	h.t.Helper()
	if h.oauth != "" {
		return h.do(method, h.srv.URL()+wire.GatewayPrefix+svcPath, body,
			append([]string{"Authorization", "Bearer " + h.oauth, wire.HeaderID, uuid.NewString()}, hdr...)...)
	}
	return h.do(method, h.xroadURL(svcPath), body,
		append([]string{wire.HeaderClient, XRoadClient(h.agency).String(), wire.HeaderID, uuid.NewString()}, hdr...)...)
}

// login switches the harness to the gateway, with a token of the agency.
func (h *harness) login() *harness {
	h.t.Helper()
	id, secret := h.srv.Credentials(h.agency)
	a := h.do(http.MethodPost, h.srv.URL()+wire.TokenPath, []byte("grant_type=client_credentials"),
		"Content-Type", wire.MediaForm, "Authorization", basic(id, secret))
	if a.status != http.StatusOK {
		h.t.Fatalf("token: %d %s", a.status, a.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(a.body, &tok); err != nil || tok.AccessToken == "" {
		h.t.Fatalf("token answer %s: %v", a.body, err)
	}
	return &harness{t: h.t, srv: h.srv, agency: h.agency, oauth: tok.AccessToken}
}

func basic(id, secret string) string {
	req, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	req.SetBasicAuth(id, secret)
	return req.Header.Get("Authorization")
}

// gen returns a generator of the harness agency's packets.
func (h *harness) gen(seed uint64, defects ...packettest.Defect) *packettest.Generator {
	return packettest.New(packettest.Options{Seed: seed, Sender: h.agency, Defects: defects})
}

// encode encodes a packet in the format.
func encode(t *testing.T, p *packet.Packet, f packet.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	// A packet whose SoLuongBanGhi is wrong on purpose is written whole.
	if err := p.Encode(&b, f); err != nil && !errors.Is(err, packet.ErrRecordCount) {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signed encodes and signs a packet as the harness's agency.
func (h *harness) signed(p *packet.Packet, f packet.Format) []byte {
	h.t.Helper()
	b, err := h.srv.Signer(h.agency).Sign(context.Background(), encode(h.t, p, f))
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// submit posts a signed packet with its MaGoiTin as Idempotency-Key.
func (h *harness) submit(p *packet.Packet, body []byte, hdr ...string) *answer {
	h.t.Helper()
	ct := wire.MediaJSON
	if formatOf(body) == packet.FormatXML {
		ct = wire.MediaXML
	}
	return h.call(http.MethodPost, "/goi-tin", body,
		append([]string{"Content-Type", ct, wire.HeaderIdempotencyKey, p.Header.ID.String()}, hdr...)...)
}

// verify verifies an answer packet as a client would, and checks it is
// addressed from the national database to the harness's agency.
func (h *harness) verify(a *answer, kind packet.Kind) *packet.Packet {
	h.t.Helper()
	if a.status/100 != 2 {
		h.t.Fatalf("status %d: %s", a.status, a.body)
	}
	v, err := h.srv.Verifier().Verify(context.Background(), a.body)
	if err != nil {
		h.t.Fatalf("verifying the answer: %v\n%s", err, a.body)
	}
	p := v.Packet
	if p.Header.Kind != kind || p.Header.Sender.Canonical() != signingtest.CSDLQGCode || !p.Header.Receiver.Equal(h.agency) {
		h.t.Fatalf("answer %s from %s to %s, want %s from %s to %s", p.Header.Kind, p.Header.Sender, p.Header.Receiver, kind, signingtest.CSDLQGCode, h.agency)
	}
	return p
}

// result polls GET /goi-tin/{id} once.
func (h *harness) result(id uuid.UUID) *packet.Packet {
	h.t.Helper()
	return h.verify(h.call(http.MethodGet, "/goi-tin/"+id.String(), nil), packet.KindResponse)
}

// states returns the TrangThai of each KetQuaXuLy.
func states(p *packet.Packet) string {
	var s []string
	for _, r := range p.Records.Results {
		s = append(s, string(r.Status))
	}
	return strings.Join(s, " ")
}

func hasRule(fs []packet.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// formatOf is the format of a packet or answer, by the SDK's one rule.
func formatOf(b []byte) packet.Format {
	f, _ := packet.DetectFormat(b)
	return f
}
