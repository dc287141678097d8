package ndxptest

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Report says, per client, what it did that a correct client of the
// national service must do (docs/guide/en/06-ndxp.md#a-client), as the sandbox saw it from
// the outside: Server.Report, ReportOf on Received, GET
// {base}/_sandbox/report, and `cbccvc sandbox --report FILE` at exit.
//
// A client is an OAuth client on the gateway (its token requests included)
// and an X-Road-Client on the X-Road transport. A retry is a later request
// of the same client to the same endpoint: with the same Idempotency-Key,
// MaGoiTin or records (Received.Digest) for POST /goi-tin, with the same
// path and query for a GET. Each check passes, fails, or was not exercised
// (nothing happened that would show it); a scenario (Config.Scenario) makes
// them happen.
//
//	retry-5xx               every 502, 503 and 504 answered was retried
//	retry-429               every 429 was retried
//	retry-dropped           every answer cut off mid-way (Fault.Drop) was retried
//	retry-after             no retry came earlier than the Retry-After it
//	                        followed (50 ms of tolerance)
//	backoff                 retries without Retry-After waited: it fails when
//	                        most of two or more came within 5 ms of the failure,
//	                        beyond the client's quickest reaction to a success
//	                        (its round trip); one retry alone is too few to
//	                        tell a random backoff ("full jitter") from none
//	idempotency-key-reused  a submission retried after a failure kept its
//	                        Idempotency-Key and packet; every key is the
//	                        packet's MaGoiTin; no MaGoiTin named two contents
//	token-renewed           after a 401 for an expired token, the client asked
//	                        for a new one and sent the request again with it,
//	                        and never used the old one again
//	signed-packets          no packet was refused for its signature (R-SIG-*)
//	valid-packets           no packet was refused whole for other findings
//	                        (TU_CHOI), nor as unreadable (400, 413, 415)
//	all-pages               every X-Next-Cursor sent was asked for
//
// Outside a scenario Server.Client retries quickly (1 to 50 ms apart,
// Retry-After cut to 50 ms): judged by Report, it may fail backoff, and
// fails retry-after for a Retry-After over 50 ms, unless given
// ndxp.WithRetry(ndxp.RetryPolicy{}), the SDK's defaults.
type Report struct {
	Scenario string         `json:"scenario,omitempty"` // the scenario played, if any
	Clients  []ClientReport `json:"clients"`
	// Unidentified counts the requests that named no client (no
	// X-Road-Client, no known token or OAuth client ID), which no check
	// covers.
	Unidentified int `json:"unidentified,omitempty"`
}

// ClientReport is what one client got right and wrong.
type ClientReport struct {
	Client    string                `json:"client"`              // the OAuth client ID, or the X-Road-Client
	Transport string                `json:"transport"`           // "gateway" or "xroad"
	Agency    identifier.AgencyCode `json:"agency,omitzero"`     // the agency it acted for
	Requests  int                   `json:"requests"`            // requests it sent, token requests included
	Passed    bool                  `json:"passed"`              // no check failed
	Checks    []Check               `json:"checks"`              // in the order of the names' constants
	Failed    []string              `json:"failed,omitempty"`    // the names of the checks that failed
	Exercised int                   `json:"exercised,omitempty"` // checks that passed or failed
}

// Check is the result of one check on a client.
type Check struct {
	Name   string `json:"name"`   // a stable name, such as CheckRetry5xx
	Result string `json:"result"` // ResultPass, ResultFail or ResultNotExercised
	Detail string `json:"detail"` // the evidence: which request, at what times
}

// Results of a check.
const (
	ResultPass         = "pass"
	ResultFail         = "fail"
	ResultNotExercised = "not-exercised"
)

// Names of the checks, in the order a report lists them.
const (
	CheckRetry5xx       = "retry-5xx"
	CheckRetry429       = "retry-429"
	CheckRetryDropped   = "retry-dropped"
	CheckRetryAfter     = "retry-after"
	CheckBackoff        = "backoff"
	CheckIdempotencyKey = "idempotency-key-reused"
	CheckTokenRenewed   = "token-renewed"
	CheckSignedPackets  = "signed-packets"
	CheckValidPackets   = "valid-packets"
	CheckAllPages       = "all-pages"
)

const (
	backoffFloor        = 5 * time.Millisecond
	retryAfterTolerance = 50 * time.Millisecond
	maxEvidence         = 3 // instances named in a detail
	timeLayout          = "15:04:05.000"
)

var (
	submitEndpoint = wire.Submit.Name()
	tokenEndpoint  = wire.Token.Name()
)

// Passed reports whether every client passed; false without clients.
func (r Report) Passed() bool {
	for _, c := range r.Clients {
		if !c.Passed {
			return false
		}
	}
	return len(r.Clients) > 0
}

// Client returns the report of a client, by its OAuth client ID or X-Road-Client.
func (r Report) Client(name string) (ClientReport, bool) {
	for _, c := range r.Clients {
		if c.Client == name {
			return c, true
		}
	}
	return ClientReport{}, false
}

// Check returns the client's check of that name.
func (c ClientReport) Check(name string) (Check, bool) {
	for _, ch := range c.Checks {
		if ch.Name == name {
			return ch, true
		}
	}
	return Check{}, false
}

// report is the sandbox's report on what it received.
func (s *service) report() Report {
	rep := ReportOf(s.receivedNow())
	if s.script != nil {
		rep.Scenario = s.script.sc.Name
	}
	return rep
}

// ReportOf judges the clients of a sandbox from its requests, as
// Server.Received returns them (or GET {base}/_sandbox/received).
func ReportOf(rs []Received) Report {
	var rep Report
	byClient := map[string][]Received{}
	var order []string
	for _, r := range rs {
		k := clientKey(r)
		if k == "" {
			rep.Unidentified++
			continue
		}
		if _, ok := byClient[k]; !ok {
			order = append(order, k)
		}
		byClient[k] = append(byClient[k], r)
	}
	slices.Sort(order)
	for _, k := range order {
		rep.Clients = append(rep.Clients, judge(k, byClient[k]))
	}
	return rep
}

// clientKey tells a request's client: "gateway " and the OAuth client ID,
// or "xroad " and the X-Road-Client; empty when it names none.
func clientKey(r Received) string {
	switch {
	case r.ClientID != "":
		return TransportGateway + " " + r.ClientID
	case r.Client != "":
		return TransportXRoad + " " + r.Client
	}
	return ""
}

// judge runs every check on the requests of one client.
func judge(key string, rs []Received) ClientReport {
	slices.SortStableFunc(rs, func(a, b Received) int { return a.Time.Compare(b.Time) })
	transport, name, _ := strings.Cut(key, " ")
	cr := ClientReport{Client: name, Transport: transport, Requests: len(rs)}
	for _, r := range rs {
		if !r.Agency.IsZero() {
			cr.Agency = r.Agency
			break
		}
	}
	j := &judgement{rs: rs}
	j.findFailures()
	cr.Checks = []Check{
		j.retried(CheckRetry5xx, failure5xx, "answer 502, 503 or 504", "answers 502, 503 or 504"),
		j.retried(CheckRetry429, failure429, "answer 429", "answers 429"),
		j.retried(CheckRetryDropped, failureDrop, "answer cut off mid-way", "answers cut off mid-way"),
		j.retryAfter(),
		j.backoff(),
		j.idempotency(),
		j.tokenRenewed(),
		j.packets(CheckSignedPackets, true),
		j.packets(CheckValidPackets, false),
		j.allPages(),
	}
	cr.Passed = true
	for _, c := range cr.Checks {
		if c.Result != ResultNotExercised {
			cr.Exercised++
		}
		if c.Result == ResultFail {
			cr.Passed = false
			cr.Failed = append(cr.Failed, c.Name)
		}
	}
	return cr
}

// Kinds of failure a client must retry.
const (
	failure5xx  = "5xx"
	failure429  = "429"
	failureDrop = "drop"
)

// failure is a request answered with a failure worth a retry, and its retry.
type failure struct {
	i, retry int // indexes in rs; retry -1 when none
	kind     string
	gap      time.Duration // from the end of the failed answer to the retry's arrival
}

type judgement struct {
	rs       []Received
	failures []failure
}

func (j *judgement) findFailures() {
	for i, r := range j.rs {
		kind := failureKind(r)
		if kind == "" {
			continue
		}
		f := failure{i: i, retry: -1, kind: kind}
		for k := i + 1; k < len(j.rs); k++ {
			if sameRequest(r, j.rs[k]) {
				f.retry = k
				f.gap = j.rs[k].Time.Sub(r.Time.Add(r.Duration))
				break
			}
		}
		j.failures = append(j.failures, f)
	}
}

func failureKind(r Received) string {
	if slices.Contains(strings.Split(r.Fault, ", "), "drop") {
		return failureDrop
	}
	switch r.Status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return failure5xx
	case http.StatusTooManyRequests:
		return failure429
	}
	return ""
}

// sameRequest reports whether b is the request a sent again.
func sameRequest(a, b Received) bool {
	if a.Endpoint != b.Endpoint || a.Method != b.Method {
		return false
	}
	switch {
	case a.Endpoint == tokenEndpoint:
		return true
	case a.Method == http.MethodPost:
		return a.IdempotencyKey != "" && strings.EqualFold(a.IdempotencyKey, b.IdempotencyKey) ||
			a.Digest != "" && a.Digest == b.Digest ||
			a.Packet != uuid.Nil && a.Packet == b.Packet
	}
	return a.Path == b.Path && a.Query.Encode() == b.Query.Encode()
}

// name names a request for the evidence: its method, path and number in
// the client's sequence, and its time.
func (j *judgement) name(i int) string {
	r := j.rs[i]
	return fmt.Sprintf("#%d %s %s at %s", i+1, r.Method, r.Path, r.Time.Format(timeLayout))
}

func ms(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// plural counts things: "1 retry", "2 retries".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// evidence joins the first few items, with the count of the others.
func evidence(items []string) string {
	if len(items) <= maxEvidence {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:maxEvidence], "; ") + fmt.Sprintf("; and %d more", len(items)-maxEvidence)
}

func pass(name, format string, a ...any) Check {
	return Check{Name: name, Result: ResultPass, Detail: fmt.Sprintf(format, a...)}
}

func fail(name, format string, a ...any) Check {
	return Check{Name: name, Result: ResultFail, Detail: fmt.Sprintf(format, a...)}
}

func notExercised(name, format string, a ...any) Check {
	return Check{Name: name, Result: ResultNotExercised, Detail: fmt.Sprintf(format, a...)}
}

// retried checks that every failure of a kind was retried.
func (j *judgement) retried(name, kind, what, whatMany string) Check {
	var n int
	var missed, ok []string
	for _, f := range j.failures {
		if f.kind != kind {
			continue
		}
		n++
		if f.retry < 0 {
			missed = append(missed, fmt.Sprintf("%s (%s) was never sent again", j.name(f.i), failureName(j.rs[f.i])))
		} else {
			ok = append(ok, fmt.Sprintf("%s (%s) again %s later", j.name(f.i), failureName(j.rs[f.i]), ms(f.gap)))
		}
	}
	switch {
	case n == 0:
		return notExercised(name, "no %s was sent to this client", what)
	case len(missed) > 0:
		return fail(name, "%d of %s not retried: %s", len(missed), plural(n, what, whatMany), evidence(missed))
	}
	return pass(name, "%s, all retried: %s", plural(n, what, whatMany), evidence(ok))
}

func (j *judgement) retryAfter() Check {
	var early, ok []string
	for _, f := range j.failures {
		ra := j.rs[f.i].RetryAfter
		if ra <= 0 || f.retry < 0 {
			continue
		}
		s := fmt.Sprintf("%s answered %d with Retry-After %v, retried %s later", j.name(f.i), j.rs[f.i].Status, ra, ms(f.gap))
		if f.gap < ra-retryAfterTolerance {
			early = append(early, s)
		} else {
			ok = append(ok, s)
		}
	}
	switch {
	case len(early)+len(ok) == 0:
		return notExercised(CheckRetryAfter, "no answer with Retry-After was retried")
	case len(early) > 0:
		return fail(CheckRetryAfter, "%d of %s came before Retry-After: %s", len(early), plural(len(early)+len(ok), "retry", "retries"), evidence(early))
	}
	return pass(CheckRetryAfter, "%s, all after Retry-After: %s", plural(len(ok), "retry", "retries"), evidence(ok))
}

func (j *judgement) backoff() Check {
	// A retry "at once" comes within the floor of the failure, plus the
	// client's quickest reaction to a success: its round trip, so that a
	// client far from the sandbox is judged as one beside it.
	reaction := j.reaction()
	limit := backoffFloor + reaction
	var gaps []string
	n, quick := 0, 0
	for _, f := range j.failures {
		if f.retry < 0 || j.rs[f.i].RetryAfter > 0 {
			continue
		}
		n++
		if f.gap < limit {
			quick++
		}
		gaps = append(gaps, fmt.Sprintf("%s (%s) after %s", j.name(f.i), failureName(j.rs[f.i]), ms(f.gap)))
	}
	within := fmt.Sprintf("within %v of the failure", backoffFloor)
	if reaction > 0 {
		within = fmt.Sprintf("within %v of the failure beyond the client's quickest reaction (%s)", backoffFloor, ms(reaction))
	}
	switch {
	case n == 0:
		return notExercised(CheckBackoff, "no failure without Retry-After was retried")
	case n == 1 && quick == 1:
		return notExercised(CheckBackoff, "a single retry, too few to tell a random backoff from none: %s", gaps[0])
	case n >= 2 && 2*quick > n:
		return fail(CheckBackoff, "%d of %s came %s: %s", quick, plural(n, "retry", "retries"), within, evidence(gaps))
	}
	return pass(CheckBackoff, "%s, %d %s: %s", plural(n, "retry", "retries"), quick, within, evidence(gaps))
}

// reaction is the shortest time between a successful answer and the
// client's next request; 0 when none came after one.
func (j *judgement) reaction() time.Duration {
	var best time.Duration
	for i := 0; i+1 < len(j.rs); i++ {
		r := j.rs[i]
		if r.Status/100 != 2 || r.Fault != "" {
			continue
		}
		if d := j.rs[i+1].Time.Sub(r.Time.Add(r.Duration)); d > 0 && (best == 0 || d < best) {
			best = d
		}
	}
	return best
}

func failureName(r Received) string {
	if failureKind(r) == failureDrop {
		return "dropped"
	}
	return fmt.Sprint(r.Status)
}

func (j *judgement) idempotency() Check {
	var bad, ok []string
	for i, r := range j.rs {
		if r.Endpoint != submitEndpoint || r.Method != http.MethodPost {
			continue
		}
		switch {
		case r.IdempotencyKey == "":
			bad = append(bad, j.name(i)+" carried no Idempotency-Key")
		case r.Packet != uuid.Nil && !strings.EqualFold(r.IdempotencyKey, r.Packet.String()):
			bad = append(bad, fmt.Sprintf("%s carried Idempotency-Key %s, not its MaGoiTin %s", j.name(i), r.IdempotencyKey, r.Packet))
		case r.Outcome == OutcomeConflict:
			bad = append(bad, fmt.Sprintf("%s sent other content under MaGoiTin %s (409)", j.name(i), r.Packet))
		}
	}
	for _, f := range j.failures {
		a := j.rs[f.i]
		if a.Endpoint != submitEndpoint || f.retry < 0 {
			continue
		}
		b := j.rs[f.retry]
		switch {
		case !strings.EqualFold(a.IdempotencyKey, b.IdempotencyKey) && a.Packet != b.Packet && b.Packet != uuid.Nil:
			bad = append(bad, fmt.Sprintf("after %s (%s), %s sent the same records as a new packet %s under a new Idempotency-Key",
				j.name(f.i), failureName(a), j.name(f.retry), b.Packet))
		case !strings.EqualFold(a.IdempotencyKey, b.IdempotencyKey):
			bad = append(bad, fmt.Sprintf("after %s (%s), %s came with a new Idempotency-Key %q", j.name(f.i), failureName(a), j.name(f.retry), b.IdempotencyKey))
		default:
			ok = append(ok, fmt.Sprintf("%s (%s) re-sent as %s under %s", j.name(f.i), failureName(a), j.name(f.retry), a.IdempotencyKey))
		}
	}
	switch {
	case len(bad) > 0:
		return fail(CheckIdempotencyKey, "%s", evidence(bad))
	case len(ok) == 0:
		return notExercised(CheckIdempotencyKey, "no submission was retried after a failure")
	}
	return pass(CheckIdempotencyKey, "%s retried under the same Idempotency-Key and packet: %s", plural(len(ok), "submission", "submissions"), evidence(ok))
}

// expired401 reports a 401 for a known but expired token.
func expired401(r Received) bool {
	return r.Status == http.StatusUnauthorized && r.Endpoint != tokenEndpoint && r.Token != "" && r.ClientID != ""
}

func (j *judgement) tokenRenewed() Check {
	var bad, ok []string
	n := 0
	for i, r := range j.rs {
		if !expired401(r) {
			continue
		}
		n++
		k := -1
		for x := i + 1; x < len(j.rs); x++ {
			if j.rs[x].Endpoint == tokenEndpoint && j.rs[x].Status == http.StatusOK {
				k = x
				break
			}
		}
		if k < 0 {
			bad = append(bad, fmt.Sprintf("no new token was asked for after the 401 of %s", j.name(i)))
			continue
		}
		again := -1
		for x := k + 1; x < len(j.rs); x++ {
			if sameRequest(r, j.rs[x]) && j.rs[x].Token != "" && j.rs[x].Token != r.Token {
				again = x
				break
			}
		}
		if again < 0 {
			bad = append(bad, fmt.Sprintf("after the 401 of %s and a new token (%s), the request was not sent again with it", j.name(i), j.name(k)))
			continue
		}
		reused := -1
		for x := again + 1; x < len(j.rs); x++ {
			if j.rs[x].Token == r.Token {
				reused = x
				break
			}
		}
		if reused >= 0 {
			bad = append(bad, fmt.Sprintf("%s used the token that expired at %s again", j.name(reused), j.name(i)))
			continue
		}
		ok = append(ok, fmt.Sprintf("401 of %s, new token %s later, sent again as %s", j.name(i),
			ms(j.rs[k].Time.Sub(r.Time.Add(r.Duration))), j.name(again)))
	}
	switch {
	case len(bad) > 0:
		return fail(CheckTokenRenewed, "%s", evidence(bad))
	case n == 0:
		return notExercised(CheckTokenRenewed, "no token expired under this client")
	}
	return pass(CheckTokenRenewed, "%s renewed: %s", plural(n, "expired token", "expired tokens"), evidence(ok))
}

// isSignatureRule reports whether the rule of code is the signature's.
func isSignatureRule(code string) bool {
	r, ok := packet.LookupRule(code)
	return ok && r.Layer == packet.LayerSignature
}

// packets checks the submissions the service judged: for their signature
// (sig), or for their other findings and format.
func (j *judgement) packets(name string, sig bool) Check {
	judged := 0
	var bad []string
	for i, r := range j.rs {
		if r.Endpoint != submitEndpoint || r.Outcome == "" {
			continue
		}
		judged++
		if r.Outcome != OutcomeRejected && r.Outcome != OutcomeRefused {
			continue
		}
		var rules []string
		for _, rule := range r.Rules {
			if isSignatureRule(rule) == sig {
				rules = append(rules, rule)
			}
		}
		what := string(packet.StateRejected)
		if r.Outcome == OutcomeRefused {
			what = fmt.Sprint(r.Status)
		}
		switch {
		case len(rules) > 0:
			bad = append(bad, fmt.Sprintf("%s (packet %s) was refused %s: %s", j.name(i), r.Packet, what, strings.Join(rules, ", ")))
		case !sig && r.Outcome == OutcomeRefused && (r.Status == http.StatusRequestEntityTooLarge || r.Status == http.StatusUnsupportedMediaType):
			bad = append(bad, fmt.Sprintf("%s was refused %d (%s)", j.name(i), r.Status, r.Code))
		}
	}
	what := fmt.Sprintf("its signature (%s to %s)", packet.RuleSignatureMissing, packet.RuleSignatureWrapping)
	if !sig {
		what = "its header, format or findings"
	}
	switch {
	case judged == 0:
		return notExercised(name, "no packet reached the service's checks")
	case len(bad) > 0:
		return fail(name, "%d of %s refused for %s: %s", len(bad), plural(judged, "packet", "packets"), what, evidence(bad))
	}
	return pass(name, "%s judged, none refused for %s", plural(judged, "packet", "packets"), what)
}

func (j *judgement) allPages() Check {
	var missed []string
	n := 0
	for i, r := range j.rs {
		if r.NextCursor == "" || r.Status != http.StatusOK || failureKind(r) == failureDrop {
			continue
		}
		n++
		found := false
		for x := i + 1; x < len(j.rs) && !found; x++ {
			found = j.rs[x].Endpoint == r.Endpoint && j.rs[x].Query.Get(wire.QueryCursor) == r.NextCursor
		}
		if !found {
			missed = append(missed, fmt.Sprintf("the X-Next-Cursor of %s was never asked for", j.name(i)))
		}
	}
	switch {
	case n == 0:
		return notExercised(CheckAllPages, "no answer to this client had a next page")
	case len(missed) > 0:
		return fail(CheckAllPages, "%d of %s not fetched: %s", len(missed), plural(n, "next page", "next pages"), evidence(missed))
	}
	return pass(CheckAllPages, "%s, all fetched", plural(n, "next page", "next pages"))
}

// WriteText writes the report for a person: per client each check with
// ✓ (pass), ✗ (fail) or – (not exercised) and its evidence, and a verdict.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Sandbox client report")
	if r.Scenario != "" {
		fmt.Fprintf(&b, " (scenario %s)", r.Scenario)
	}
	fmt.Fprintf(&b, ": %d client(s)\n", len(r.Clients))
	var failed []string
	for _, c := range r.Clients {
		verdict := "PASS"
		if !c.Passed {
			verdict = "FAIL"
			failed = append(failed, fmt.Sprintf("%s (%s)", c.Client, strings.Join(c.Failed, ", ")))
		}
		fmt.Fprintf(&b, "\n%s — %s", c.Client, c.Transport)
		if !c.Agency.IsZero() {
			fmt.Fprintf(&b, ", agency %s", c.Agency.Canonical())
		}
		fmt.Fprintf(&b, ", %d requests, %d checks exercised: %s\n", c.Requests, c.Exercised, verdict)
		for _, ch := range c.Checks {
			mark := "–"
			switch ch.Result {
			case ResultPass:
				mark = "✓"
			case ResultFail:
				mark = "✗"
			}
			fmt.Fprintf(&b, "  %s %-22s %s\n", mark, ch.Name, ch.Detail)
		}
	}
	if r.Unidentified > 0 {
		fmt.Fprintf(&b, "\n%d request(s) named no client and were not judged\n", r.Unidentified)
	}
	b.WriteString("\nverdict: ")
	switch {
	case len(r.Clients) == 0:
		b.WriteString("no client called the sandbox\n")
	case len(failed) == 0:
		fmt.Fprintf(&b, "PASS — every client (%d) did what was checked right\n", len(r.Clients))
	default:
		fmt.Fprintf(&b, "FAIL — %d of %d client(s) failed: %s\n", len(failed), len(r.Clients), strings.Join(failed, "; "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
