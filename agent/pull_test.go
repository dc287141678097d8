package agent_test

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
)

func TestPull(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, nil)
	pkt := f.packetOf(t, packet.KindProfiles, 3, packet.FormatJSON)
	job := submit(t, f, pkt)
	waitJob(t, f, job.ID, func(j agent.Job) bool { return j.State == agent.JobDone })
	p, _, err := packet.Decode(bytes.NewReader(pkt), packet.FormatJSON, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	id := p.Records.Profiles[0].PersonalID.String()

	for _, tc := range []struct {
		name, body string
		kind       string
		minRecords int
	}{
		{"matched", `{"what": "matched"}`, "DOIKHOP", 3},
		{"profiles", `{"what": "profiles", "pageSize": 2}`, "CHIASE_HOSO", 3},
		{"one profile", `{"what": "profiles", "ids": ["` + id + `"]}`, "CHIASE_HOSO", 1},
	} {
		w := serve(t, f.h, post("/v1/pull", []byte(tc.body)))
		res := decode[agent.PullResult](t, w)
		records := 0
		for _, pp := range res.Packets {
			records += pp.Records
			if pp.Kind != tc.kind || pp.Agency != "000.00.00.G09" || !strings.Contains(pp.Packet, pp.ID) {
				t.Errorf("%s: %+v", tc.name, pp)
			}
		}
		if w.Code != 200 || records < tc.minRecords || res.Truncated {
			t.Errorf("%s: %d, %d records in %d packets, truncated %v", tc.name, w.Code, records, len(res.Packets), res.Truncated)
		}
	}
	// Two pages of two profiles, at most one packet: truncated.
	if res := decode[agent.PullResult](t, serve(t, f.h, post("/v1/pull", []byte(`{"what": "profiles", "pageSize": 2, "maxPackets": 1}`)))); len(res.Packets) != 1 || !res.Truncated {
		t.Errorf("maxPackets 1: %d packets, truncated %v", len(res.Packets), res.Truncated)
	}
	// The service failing past the client's retries: 502, in both languages.
	f.srv.Fail("matches", ndxptest.Fault{Status: 503, Times: 100})
	w := serve(t, f.h, post("/v1/pull", []byte(`{"what": "matched"}`)))
	if e := decode[agent.ErrorBody](t, w); w.Code != 502 || e.Code != agent.CodeService || e.MessageVI == "" {
		t.Errorf("the service failing: %d %+v", w.Code, e)
	}
	f.srv.ClearFaults()

	for _, body := range []string{
		`{"what": "everything"}`,
		`{"what": "matched", "unknown": 1}`,
		`{"what": "profiles", "maxPackets": 101}`,
		`{"what": "matched", "ids": ["` + id + `"]}`,
		`{"what": "profiles", "ids": ["12"]}`,
		`{"what": "profiles", "since": "yesterday"}`,
		`{"what": "profiles", "purpose": "DONG_Y"}`,
		`[1, 2]`,
		``,
	} {
		w := serve(t, f.h, httptest.NewRequest("POST", "/v1/pull", strings.NewReader(body)))
		if e := decode[agent.ErrorBody](t, w); w.Code != 400 || e.MessageVI == "" {
			t.Errorf("%s: %d %+v", body, w.Code, e)
		}
	}
}
