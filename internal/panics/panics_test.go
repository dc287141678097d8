package panics

import (
	"errors"
	"io"
	"strings"
	"testing"
)

var errTest = errors.New("test: panic")

func boom(v any) (err error) {
	defer Recover(errTest, &err)
	panic(v)
}

func TestRecover(t *testing.T) {
	err := boom("bad index")
	var pe *Error
	if !errors.As(err, &pe) || !errors.Is(err, errTest) || pe.Value != "bad index" {
		t.Fatalf("got %#v", err)
	}
	if !strings.Contains(pe.Where, "panics.boom") || !strings.Contains(err.Error(), "test: panic: bad index (at ") {
		t.Errorf("error %q, where %q", err, pe.Where)
	}
	if err := boom(io.ErrUnexpectedEOF); !errors.Is(err, io.ErrUnexpectedEOF) || !errors.Is(err, errTest) {
		t.Errorf("a panic with an error: %v", err)
	}
	var err2 error
	func() { defer Recover(errTest, &err2) }()
	if err2 != nil {
		t.Errorf("no panic, error %v", err2)
	}
}
