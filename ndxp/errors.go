package ndxp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
)

// Sentinels for the classes of answer of 04-ndxp.md §4.3; an *Error matches
// the one its status names, so that callers write
//
//	if errors.Is(err, ndxp.ErrNotFound) { … }
var (
	ErrBadRequest     = errors.New("ndxp: bad request")           // 400: the request or the packet is malformed
	ErrUnauthorized   = errors.New("ndxp: unauthorised")          // 401: no valid credentials, even after one renewal
	ErrForbidden      = errors.New("ndxp: forbidden")             // 403: the caller may not do this, e.g. send for another agency
	ErrNotFound       = errors.New("ndxp: not found")             // 404
	ErrConflict       = errors.New("ndxp: conflict")              // 409: a MaGoiTin reused with other content
	ErrTooLarge       = errors.New("ndxp: packet too large")      // 413
	ErrRateLimited    = errors.New("ndxp: rate limited")          // 429, after the retries
	ErrUnavailable    = errors.New("ndxp: service unavailable")   // 500, 502, 503, 504, after the retries
	ErrSecurityServer = errors.New("ndxp: security server fault") // an X-Road-Error answer: a fault of NDXP, not of the service
)

// ErrRequestHash reports an answer whose X-Road-Request-Hash does not match
// the request the client sent: the answer belongs to another request.
var ErrRequestHash = errors.New("ndxp: X-Road-Request-Hash does not match the request")

// ErrUnexpectedAnswer reports a verified answer that is not the one asked
// for: another kind of packet, another sender or receiver, or a PHANHOI
// that answers another packet.
var ErrUnexpectedAnswer = errors.New("ndxp: unexpected answer")

// Error is an error answer of the national service (RFC 9457
// problem+json, 04-ndxp.md §4.3) or of an NDXP security server (an answer
// with X-Road-Error). Use errors.Is with the sentinels above, or errors.As
// for the details.
type Error struct {
	Method   string // the request's method
	Endpoint string // the endpoint's name (submit, result, matches, profiles, profile, codelist, token), never a path with a personal ID in it
	Status   int    // HTTP status

	Type     string // problem type URI
	Title    string
	Detail   string
	Code     string           // maLoi
	Findings []packet.Finding // viPham: why a packet or a query was refused

	// XRoadError is the X-Road-Error header of a security-server fault,
	// e.g. "Server.ServerProxy.ServiceFailed"; empty for a service error.
	XRoadError string
	RequestID  string        // X-Road-Id of the request
	RetryAfter time.Duration // the server's Retry-After, if it sent one
	Attempts   int           // how many times the request was sent
}

// Error returns a one-line description naming the endpoint and the status.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ndxp: %s: %d %s", e.Endpoint, e.Status, http.StatusText(e.Status))
	if e.XRoadError != "" {
		fmt.Fprintf(&b, " (X-Road-Error %s)", e.XRoadError)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	switch {
	case e.Detail != "":
		b.WriteString(": " + e.Detail)
	case e.Title != "":
		b.WriteString(": " + e.Title)
	}
	if n := len(e.Findings); n > 0 {
		fmt.Fprintf(&b, " (%d findings, first %s at %s)", n, e.Findings[0].Rule, e.Findings[0].Pointer)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is matches the sentinel of the error's class.
func (e *Error) Is(target error) bool {
	if target == ErrSecurityServer {
		return e.XRoadError != ""
	}
	return target == statusSentinel(e.Status)
}

// XRoadCategory is the origin of a security-server fault, from the prefix
// of its X-Road-Error (PR-REST §4.6): "client" (the request broke the
// protocol), "consumer" (the agency's own security server) or "provider"
// (the national database's security server). It is empty for a service error.
func (e *Error) XRoadCategory() string {
	switch {
	case e.XRoadError == "":
		return ""
	case strings.HasPrefix(e.XRoadError, "Client."):
		return "client"
	case strings.HasPrefix(e.XRoadError, "Server.ClientProxy."):
		return "consumer"
	case strings.HasPrefix(e.XRoadError, "Server.ServerProxy."):
		return "provider"
	}
	return "unknown"
}

func statusSentinel(status int) error {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusUnsupportedMediaType:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusRequestEntityTooLarge:
		return ErrTooLarge
	case http.StatusTooManyRequests:
		return ErrRateLimited
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return ErrUnavailable
	}
	return nil
}
