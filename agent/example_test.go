package agent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// An agent validating a packet for a program that speaks only HTTP. In
// production, cbccvc serve runs it (a.ListenAndServe); here a test server
// serves its handler.
func Example() {
	// The clock is fixed so that the example means the same every day.
	now := func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }
	a, err := agent.New(context.Background(), agent.Config{Now: now})
	if err != nil {
		panic(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	var pkt bytes.Buffer
	packettest.New(packettest.Options{}).Packet(packet.KindProfiles, 2).Encode(&pkt, packet.FormatJSON)
	resp, err := http.Post(srv.URL+"/v1/validate", "application/json", &pkt)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var res agent.ValidateResult
	json.NewDecoder(resp.Body).Decode(&res)
	fmt.Println(resp.StatusCode, res.Kind, res.Records, "records, valid:", res.Valid)
	// Output:
	// 200 HOSO 2 records, valid: true
}
