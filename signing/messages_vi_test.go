package signing

import (
	"testing"

	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
)

// TestSentinelMessagesVI: what each failure of a signature means, in
// Vietnamese, reads as the module's messages must, with what to do.
func TestSentinelMessagesVI(t *testing.T) {
	for _, s := range sentinelsVI {
		for _, p := range msgtest.Problems(s.vi, true) {
			t.Errorf("%v: %s\n\t%s", s.err, p, s.vi)
		}
	}
}
