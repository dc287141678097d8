package ndxp

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy says how often and how patiently a request is retried
// (docs/guide/en/06-ndxp.md#a-client): on network errors, 429, 502, 503 and 504, with
// exponential backoff and full jitter, and never on another status.
// A POST is retried only because it carries its Idempotency-Key: the
// service answers a repeated packet with the answer it gave the first time.
//
// A zero field takes its default.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; default 5; 1 disables retries
	BaseDelay   time.Duration // the first backoff's ceiling; default 200 ms
	MaxDelay    time.Duration // the largest backoff, and the longest Retry-After honoured; default 30 s
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	return p
}

// backoff returns the wait before retry n (1 for the first retry): a random
// duration up to min(MaxDelay, BaseDelay·2^(n-1)), "full jitter", so that
// many clients failing together do not retry together. A Retry-After from
// the server replaces it, up to MaxDelay.
func (p RetryPolicy) backoff(n int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, p.MaxDelay)
	}
	ceiling := p.BaseDelay
	for i := 1; i < n && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxDelay)
	return rand.N(ceiling + 1)
}

// retryableStatus reports the statuses worth another attempt.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleep waits for d or until ctx is done. It refuses up front to wait past
// the context's deadline: waiting only to fail is worse than failing now.
func sleep(ctx context.Context, d time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return context.DeadlineExceeded
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
