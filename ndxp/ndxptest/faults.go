package ndxptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
)

// Fault is a failure the sandbox puts on requests to an endpoint, so that a
// client can be tested against it. Fields combine: Latency delays whatever
// the request gets; Status or XRoadError replace the answer; Drop and
// CorruptSignature spoil the answer the request would have had, after the
// sandbox did the work (a dropped submission is processed all the same,
// as a real answer lost on the way back).
type Fault struct {
	// Status answers this status instead of serving: 500, 502, 503, 504 as
	// a problem document, 429 with maLoi QUA_GIOI_HAN_TAN_SUAT.
	Status int `json:"status,omitempty"`
	// RetryAfter is sent as Retry-After (whole seconds, rounded up) with
	// Status or XRoadError.
	RetryAfter time.Duration `json:"retryAfter,omitempty"`
	// Latency delays the answer by this much real time (the request's
	// context cut it short).
	Latency time.Duration `json:"latency,omitempty"`
	// Drop sends the answer's status and headers, with a Content-Length for
	// the whole body, then half of the body, and closes the connection.
	Drop bool `json:"drop,omitempty"`
	// CorruptSignature alters the signature value of the signed packet
	// answered, so that it no longer verifies (answers that are not
	// packets, such as code lists and errors, are sent unchanged).
	CorruptSignature bool `json:"corruptSignature,omitempty"`
	// ExpireTokens expires every access token the gateway issued before the
	// request is authenticated, as a gateway restart or a revocation does.
	ExpireTokens bool `json:"expireTokens,omitempty"`
	// XRoadError answers as a security server's fault: this X-Road-Error
	// (e.g. Server.ServerProxy.ServiceFailed) with a JSON {type, message,
	// detail} body and Status, default 500.
	XRoadError string `json:"xroadError,omitempty"`
	// Times is how many requests the fault applies to; 0 means every
	// request until ClearFaults.
	Times int `json:"times,omitempty"`
}

// faultJSON is Fault with durations as Go duration strings ("1.5s"), the
// form of the inspection API.
type faultJSON struct {
	Status           int    `json:"status,omitempty"`
	RetryAfter       string `json:"retryAfter,omitempty"`
	Latency          string `json:"latency,omitempty"`
	Drop             bool   `json:"drop,omitempty"`
	CorruptSignature bool   `json:"corruptSignature,omitempty"`
	ExpireTokens     bool   `json:"expireTokens,omitempty"`
	XRoadError       string `json:"xroadError,omitempty"`
	Times            int    `json:"times,omitempty"`
}

// MarshalJSON writes durations as Go duration strings.
func (f Fault) MarshalJSON() ([]byte, error) {
	j := faultJSON{Status: f.Status, Drop: f.Drop, CorruptSignature: f.CorruptSignature,
		ExpireTokens: f.ExpireTokens, XRoadError: f.XRoadError, Times: f.Times}
	if f.RetryAfter != 0 {
		j.RetryAfter = f.RetryAfter.String()
	}
	if f.Latency != 0 {
		j.Latency = f.Latency.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads durations as Go duration strings ("250ms") or
// numbers of seconds.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j struct {
		faultJSON
		RetryAfter json.RawMessage `json:"retryAfter"`
		Latency    json.RawMessage `json:"latency"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		return err
	}
	ra, err := parseDuration(j.RetryAfter)
	if err != nil {
		return fmt.Errorf("retryAfter: %w", err)
	}
	lat, err := parseDuration(j.Latency)
	if err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	*f = Fault{Status: j.Status, RetryAfter: ra, Latency: lat, Drop: j.Drop, CorruptSignature: j.CorruptSignature,
		ExpireTokens: j.ExpireTokens, XRoadError: j.XRoadError, Times: j.Times}
	return nil
}

func parseDuration(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return time.ParseDuration(s)
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err != nil {
		return 0, fmt.Errorf("want a duration such as \"1.5s\" or a number of seconds")
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// String describes the fault, as Received.Fault records it.
func (f Fault) String() string {
	var parts []string
	if f.Latency > 0 {
		parts = append(parts, "latency "+f.Latency.String())
	}
	if f.ExpireTokens {
		parts = append(parts, "expire-tokens")
	}
	if f.XRoadError != "" {
		parts = append(parts, "x-road-error "+f.XRoadError)
	} else if f.Status != 0 {
		parts = append(parts, fmt.Sprintf("status %d", f.Status))
	}
	if f.RetryAfter > 0 {
		parts = append(parts, "retry-after "+f.RetryAfter.String())
	}
	if f.Drop {
		parts = append(parts, "drop")
	}
	if f.CorruptSignature {
		parts = append(parts, "corrupt-signature")
	}
	return strings.Join(parts, ", ")
}

// check reports a fault that cannot be applied.
func (f Fault) check() error {
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("fault status %d: want a 4xx or 5xx status", f.Status)
	case f.Times < 0:
		return fmt.Errorf("fault times %d: want 0 (always) or more", f.Times)
	case f.RetryAfter < 0 || f.Latency < 0:
		return fmt.Errorf("fault with a negative duration")
	case f.XRoadError != "" && !strings.HasPrefix(f.XRoadError, "Client.") && !strings.HasPrefix(f.XRoadError, "Server."):
		return fmt.Errorf("X-Road-Error %q: want Client.* or Server.*", f.XRoadError)
	case f == Fault{} || f == Fault{Times: f.Times}:
		return fmt.Errorf("empty fault")
	}
	return nil
}

// AllEndpoints names every endpoint in Fail, including the token endpoint.
const AllEndpoints = "*"

// endpointNames are the names Fail accepts.
func endpointNames() []string {
	names := []string{AllEndpoints, wire.Token.Name()}
	for _, e := range wire.Endpoints() {
		names = append(names, e.Name())
	}
	return names
}

func validEndpoint(name string) bool {
	for _, n := range endpointNames() {
		if n == name {
			return true
		}
	}
	return false
}

// addFault queues f for the endpoint's requests.
func (s *service) addFault(endpoint string, f Fault) error {
	if !validEndpoint(endpoint) {
		return fmt.Errorf("ndxptest: unknown endpoint %q: want one of %s", endpoint, strings.Join(endpointNames(), ", "))
	}
	if err := f.check(); err != nil {
		return fmt.Errorf("ndxptest: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[endpoint] = append(s.faults[endpoint], &f)
	return nil
}

// clearFaults removes every queued fault.
func (s *service) clearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// takeFault returns the fault for the next request to the endpoint, if any,
// counting it: first the endpoint's own queue, then the faults of every
// endpoint.
func (s *service) takeFault(endpoint string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range []string{endpoint, AllEndpoints} {
		q := s.faults[name]
		if len(q) == 0 {
			continue
		}
		f := q[0]
		got := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults[name] = q[1:]
			}
		}
		return &got
	}
	return nil
}

// corruptSignature returns a copy of a signed packet whose signature value
// has one base64 character changed near its end, where the signature bits
// are (the last field of a CMS SignedData, and XML-DSig's SignatureValue).
func corruptSignature(b []byte) []byte {
	out := bytes.Clone(b)
	var start, end int
	if i := bytes.LastIndex(out, []byte(`"GiaTri":"`)); i >= 0 {
		start = i + len(`"GiaTri":"`)
		end = start + bytes.IndexByte(out[start:], '"')
	} else if i := bytes.LastIndex(out, []byte("SignatureValue>")); i >= 0 {
		// The closing tag; the value ends where it starts.
		end = bytes.LastIndex(out[:i], []byte("</"))
		start = bytes.LastIndexByte(out[:end], '>') + 1
	}
	seen := 0
	for j := end - 1; j >= start && end > start; j-- {
		c := out[j]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/') {
			continue
		}
		// Not the last character, whose low bits may be padding.
		if seen++; seen < 4 {
			continue
		}
		if c == 'A' {
			out[j] = 'B'
		} else {
			out[j] = 'A'
		}
		return out
	}
	return out
}
