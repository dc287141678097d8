package conformance

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type panickyEngine struct{}

func (panickyEngine) Run(context.Context, *Kit, Vector) (Outcome, error) { panic("engine broke") }

// TestEnginePanics: an engine's panic, on a goroutine of Run, fails its
// vectors with the panic named, and the process lives on.
func TestEnginePanics(t *testing.T) {
	k := embeddedKit(t)
	results := (&Runner{Apply: panickyEngine{}}).Run(context.Background(), k, func(v Vector) bool { return v.Kind == KindApply })
	if len(results) == 0 {
		t.Fatal("no apply vectors")
	}
	for _, r := range results {
		if r.Status != Fail || !strings.Contains(r.Detail, "conformance: panic: engine broke") {
			t.Errorf("%s: %s %q, want a failure naming the panic", r.Vector.ID, r.Status, r.Detail)
		}
	}
	if _, err := runEngine(context.Background(), panickyEngine{}, k, results[0].Vector); !errors.Is(err, ErrPanic) {
		t.Errorf("runEngine: %v, want ErrPanic", err)
	}
}
