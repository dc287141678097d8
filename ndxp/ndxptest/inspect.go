package ndxptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Received is one request the sandbox received, as it saw and answered it:
// enough to judge a client from the outside — whether it retried 429 and
// 503 with growing delays and honoured Retry-After, reused the
// Idempotency-Key on retries, renewed an expired token, never sent an
// unsigned or invalid packet, and fetched every page.
type Received struct {
	Time     time.Time     `json:"time"`     // wall clock when the request arrived
	Clock    time.Time     `json:"clock"`    // the sandbox's clock then
	Duration time.Duration `json:"duration"` // until the answer was written, latency faults included

	Method    string `json:"method"`
	Path      string `json:"path"`                // the path under the service (or /token), as sent
	Endpoint  string `json:"endpoint,omitempty"`  // submit, result, matches, profiles, profile, codelist or token; empty for no endpoint
	Transport string `json:"transport,omitempty"` // "xroad" or "gateway"; empty for the token endpoint and unknown paths

	Client         string                `json:"client,omitempty"`         // X-Road-Client as sent (the first, if repeated)
	ClientID       string                `json:"clientId,omitempty"`       // the OAuth client (of the token used, or asking for one)
	Agency         identifier.AgencyCode `json:"agency,omitzero"`          // the caller's agency, once authenticated
	RequestID      string                `json:"requestId,omitempty"`      // X-Road-Id as sent
	IdempotencyKey string                `json:"idempotencyKey,omitempty"` // Idempotency-Key as sent
	Token          string                `json:"token,omitempty"`          // the bearer token's SHA-256, 16 hex digits: which token, not the token
	Query          url.Values            `json:"query,omitempty"`          // query parameters, con-tro included

	Status     int           `json:"status"`               // status answered (for Drop, the status of the cut answer)
	RetryAfter time.Duration `json:"retryAfter,omitempty"` // Retry-After answered
	NextCursor string        `json:"nextCursor,omitempty"` // X-Next-Cursor answered
	Fault      string        `json:"fault,omitempty"`      // the fault injected (Fault.String); empty for none
	Code       string        `json:"code,omitempty"`       // maLoi of a problem answer, or the X-Road-Error

	// For submit and result: the packet (MaGoiTin), its kind and records,
	// the PHANHOI state answered, and for submit the outcome: accepted,
	// replay, conflict, rejected (TU_CHOI) or refused (a 4xx problem).
	Packet  uuid.UUID    `json:"packet,omitzero"`
	Kind    packet.Kind  `json:"kind,omitempty"`
	Records int          `json:"records,omitempty"`
	State   packet.State `json:"state,omitempty"`
	Outcome string       `json:"outcome,omitempty"`
	// Digest identifies a submitted packet's records whatever its header
	// (SHA-256 of their JSON, 16 hex digits): the same records sent again
	// under another MaGoiTin have the same Digest. Empty when the packet
	// could not be read.
	Digest string `json:"digest,omitempty"`
	// Rules are the rule codes of the findings that refused a packet whole
	// (TU_CHOI, or a 400 problem): R-SIG-001 for an unsigned packet.
	Rules []string `json:"rules,omitempty"`

	// For profiles and profile: the purpose of the pull (muc-dich,
	// CONG_TAC_CAN_BO when the request named none), the consent's
	// reference of a DONG_Y pull, and the wire names of the sensitive
	// members (packet.SensitiveMembers) left out of the answer because the
	// purpose did not cover them. Purpose is empty for a pull refused
	// before its purpose was read, or for a bad one.
	Purpose string   `json:"purpose,omitempty"`
	Consent string   `json:"consent,omitempty"`
	Omitted []string `json:"omitted,omitempty"`
}

// Outcomes of a submission (Received.Outcome).
const (
	OutcomeAccepted = "accepted" // a new packet, TIEP_NHAN
	OutcomeReplay   = "replay"   // the same packet again: its current PHANHOI
	OutcomeConflict = "conflict" // the same MaGoiTin with other content: 409
	OutcomeRejected = "rejected" // refused whole: TU_CHOI
	OutcomeRefused  = "refused"  // not read as a packet of this caller: a 4xx problem
)

// Stats counts what the sandbox did with submitted packets. Every
// submission that reached the service is counted once in PacketsReceived,
// and once in one of PacketsProcessed, IdempotentReplays and
// RejectedPackets, so that from outside one can check that nothing was
// lost or processed twice.
type Stats struct {
	PacketsReceived   int `json:"packetsReceived"`   // POST /goi-tin that reached the service (past authentication and injected faults)
	PacketsProcessed  int `json:"packetsProcessed"`  // distinct packets accepted and processed
	RecordsProcessed  int `json:"recordsProcessed"`  // records of those packets, accepted or not
	ProfilesStored    int `json:"profilesStored"`    // profiles the sandbox holds
	IdempotentReplays int `json:"idempotentReplays"` // submissions answered with an earlier packet's PHANHOI
	RejectedPackets   int `json:"rejectedPackets"`   // submissions refused: TU_CHOI, or a problem (400, 403, 409, 413, 415, 500)
}

func (s *service) statsNow() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.ProfilesStored = len(s.profiles)
	return st
}

func (s *service) receivedNow() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Received, len(s.received))
	for i, r := range s.received {
		out[i] = r
		out[i].Query = cloneValues(r.Query)
		out[i].Rules = append([]string(nil), r.Rules...)
		out[i].Omitted = append([]string(nil), r.Omitted...)
	}
	return out
}

// wantsText reports whether a request for the report asks for text:
// ?format=text, or an Accept that names text/plain and no JSON.
func wantsText(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return f == "text"
	}
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "text/plain") && !strings.Contains(acc, "json")
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, s := range v {
		out[k] = append([]string(nil), s...)
	}
	return out
}

// profilesNow returns the stored profiles, in the order of their personal IDs.
func (s *service) profilesNow() []packet.Profile {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]packet.Profile, 0, len(s.profiles))
	for _, k := range s.sortedKeys() {
		out = append(out, s.profiles[k].profile)
	}
	return out
}

// sortedKeys returns the personal IDs of the stored profiles in order (s.mu held).
func (s *service) sortedKeys() []string {
	keys := make([]string, 0, len(s.profiles))
	for k := range s.profiles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// inspect serves the inspection API under /_sandbox/.
func (s *service) inspect(w http.ResponseWriter, r *http.Request, path string) {
	writeJSON := func(v any) {
		w.Header().Set("Content-Type", wire.MediaJSON)
		w.Header().Set("Cache-Control", "no-store")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(v)
	}
	bad := func(status int, detail string) {
		writeProblem(w, status, problemCode(status), detail, nil)
	}
	switch {
	case path == "/stats" && r.Method == http.MethodGet:
		writeJSON(s.statsNow())
	case path == "/received" && r.Method == http.MethodGet:
		writeJSON(s.receivedNow())
	case path == "/profiles" && r.Method == http.MethodGet:
		writeJSON(s.profilesNow())
	case path == "/report" && r.Method == http.MethodGet:
		rep := s.report()
		if wantsText(r) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_ = rep.WriteText(w)
			return
		}
		writeJSON(rep)
	case path == "/faults" && r.Method == http.MethodDelete:
		s.clearFaults()
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(path, "/faults/") && r.Method == http.MethodPost:
		var f Fault
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&f); err != nil {
			bad(http.StatusBadRequest, "fault: "+err.Error())
			return
		}
		if err := s.addFault(strings.TrimPrefix(path, "/faults/"), f); err != nil {
			bad(http.StatusBadRequest, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "/clock" && r.Method == http.MethodGet:
		writeJSON(map[string]string{"now": s.now().Format(time.RFC3339Nano)})
	case path == "/clock" && r.Method == http.MethodPost:
		var req struct {
			Advance string `json:"advance"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<12)).Decode(&req); err != nil {
			bad(http.StatusBadRequest, "clock: "+err.Error())
			return
		}
		d, err := time.ParseDuration(req.Advance)
		if err != nil || d < 0 {
			bad(http.StatusBadRequest, `clock: want {"advance": "1h30m"}, a duration of 0 or more`)
			return
		}
		s.advance(d)
		writeJSON(map[string]string{"now": s.now().Format(time.RFC3339Nano)})
	default:
		bad(http.StatusNotFound, "the inspection API has GET stats, received, profiles, report and clock, POST faults/{endpoint} and clock, DELETE faults")
	}
}
