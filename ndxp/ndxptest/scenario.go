package ndxptest

import (
	"fmt"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
)

// Scenario is a script of faults the sandbox plays on every client, each
// on its own, as its requests arrive: "the first submission of each client
// is answered 503". A client is an OAuth client on the gateway, an
// X-Road-Client on the X-Road transport, as Report tells them apart.
// Scenarios make a vendor's client meet the situations Report judges it
// in, without a test that queues faults at the right moment.
type Scenario struct {
	Name        string `json:"name"`
	Description string `json:"description"`

	steps    []step
	pageSize int // the largest page GET /doi-khop and /ho-so answer; 0 for no cap
}

// step is one scripted fault: for the nth request of a client to an
// endpoint, or, with AllEndpoints, at the client's nth request to the
// service or the first one after it that no other step takes.
type step struct {
	endpoint string
	nth      int
	fault    Fault
	tokens   bool // only for clients with a token (the gateway)
}

// scenarioList is every scenario, in the order Scenarios lists them.
var scenarioList = []Scenario{
	{
		Name: "flaky",
		Description: "per client: the 1st and 2nd submit 503, the 3rd 429 with Retry-After 1s; " +
			"the 1st result poll dropped mid-answer; the 1st ho-so page 502",
		steps: flakySteps,
	},
	{
		Name:        "token-expiry",
		Description: "per gateway client: its tokens expire at its 3rd and 8th request to the service",
		steps:       tokenSteps,
	},
	{
		Name:        "paging",
		Description: "doi-khop and ho-so answer at most 2 records a page, so that a client follows X-Next-Cursor",
		pageSize:    2,
	},
	{
		Name:        "all",
		Description: "flaky, token-expiry and paging at once",
		steps:       append(append([]step(nil), flakySteps...), tokenSteps...),
		pageSize:    2,
	},
}

var flakySteps = []step{
	{endpoint: wire.Submit.Name(), nth: 1, fault: Fault{Status: 503}},
	{endpoint: wire.Submit.Name(), nth: 2, fault: Fault{Status: 503}},
	{endpoint: wire.Submit.Name(), nth: 3, fault: Fault{Status: 429, RetryAfter: time.Second}},
	{endpoint: wire.Result.Name(), nth: 1, fault: Fault{Drop: true}},
	{endpoint: wire.Profiles.Name(), nth: 1, fault: Fault{Status: 502}},
}

var tokenSteps = []step{
	{endpoint: AllEndpoints, nth: 3, fault: Fault{ExpireTokens: true}, tokens: true},
	{endpoint: AllEndpoints, nth: 8, fault: Fault{ExpireTokens: true}, tokens: true},
}

// Scenarios returns the scenarios Config.Scenario accepts.
func Scenarios() []Scenario {
	return append([]Scenario(nil), scenarioList...)
}

// lookupScenario returns the scenario named name.
func lookupScenario(name string) (Scenario, error) {
	var names []string
	for _, sc := range scenarioList {
		if sc.Name == name {
			return sc, nil
		}
		names = append(names, sc.Name)
	}
	return Scenario{}, fmt.Errorf("unknown scenario %q: want one of %s", name, strings.Join(names, ", "))
}

// script is the state of a scenario: what each client has asked so far.
type script struct {
	sc      Scenario
	clients map[string]*scriptClient
}

type scriptClient struct {
	counts map[string]int // requests by endpoint name; AllEndpoints for all of them
	fired  map[int]bool   // AllEndpoints steps played, by index in sc.steps
}

// next counts a request of client to endpoint and returns the scripted
// fault for it, if any (s.mu held). hasToken tells a gateway client.
func (sp *script) next(client, endpoint string, hasToken bool) *Fault {
	if sp == nil || client == "" || len(sp.sc.steps) == 0 {
		return nil
	}
	cl := sp.clients[client]
	if cl == nil {
		cl = &scriptClient{counts: map[string]int{}, fired: map[int]bool{}}
		sp.clients[client] = cl
	}
	cl.counts[endpoint]++
	cl.counts[AllEndpoints]++
	var got *Fault
	for _, st := range sp.sc.steps {
		if st.endpoint == endpoint && st.nth == cl.counts[endpoint] && (!st.tokens || hasToken) {
			f := st.fault
			got = &f
			break
		}
	}
	if got != nil {
		return got
	}
	for i, st := range sp.sc.steps {
		if st.endpoint == AllEndpoints && !cl.fired[i] && cl.counts[AllEndpoints] >= st.nth && (!st.tokens || hasToken) {
			cl.fired[i] = true
			f := st.fault
			return &f
		}
	}
	return nil
}
