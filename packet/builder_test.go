package packet

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
)

func TestBuilder(t *testing.T) {
	h29 := identifier.MustParseAgencyCode("000.00.00.H29")
	now := time.Date(2026, 11, 26, 10, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))
	b := &Builder{Sender: h29, Software: "QLCB 4.2", Now: func() time.Time { return now }}
	p, err := b.Profiles(make([]Profile, 3))
	if err != nil {
		t.Fatal(err)
	}
	h := p.Header
	if h.ID.Version() != 7 || h.Kind != KindProfiles || h.Version != Version || !h.Sender.Equal(h29) ||
		h.Receiver.Canonical() != identifier.NationalDatabaseCode || !h.Created.Equal(now.Truncate(time.Second)) ||
		h.RecordCount != 3 || h.Software != "QLCB 4.2" || len(p.Records.Profiles) != 3 {
		t.Errorf("header %+v", h)
	}
	q, err := b.Changes(make([]Change, 2))
	if err != nil || q.Header.Kind != KindChanges || q.Header.RecordCount != 2 || q.Header.ID == h.ID {
		t.Errorf("Changes: %+v, %v", q, err)
	}
	// Another receiver, and the caller's IDs.
	id := uuid.MustParse("01a215cb-af80-7382-91f8-b0c31f83c255")
	other := identifier.MustParseAgencyCode("000.00.00.H49")
	b.Receiver, b.NewID = other, func() (uuid.UUID, error) { return id, nil }
	if h, err := b.Header(KindProfiles, 0); err != nil || h.ID != id || !h.Receiver.Equal(other) {
		t.Errorf("Header: %+v, %v", h, err)
	}
	broken := errors.New("no entropy")
	b.NewID = func() (uuid.UUID, error) { return uuid.Nil, broken }
	if _, err := b.Profiles(nil); !errors.Is(err, broken) {
		t.Errorf("a failing NewID: %v", err)
	}
	for _, b := range []*Builder{nil, {}} {
		_, err := b.Profiles(nil)
		var e *BuildError
		if !errors.As(err, &e) || !errors.Is(err, ErrNoSender) {
			t.Fatalf("no sender: %v", err)
		}
		for _, p := range msgtest.Problems(e.MessageVI, true) {
			t.Errorf("%s: %s", p, e.MessageVI)
		}
	}
}

// TestBuilderCheckingHeader checks that CheckingHeader makes Header's
// header, and one without a sender from a nil or zero Builder.
func TestBuilderCheckingHeader(t *testing.T) {
	h29 := identifier.MustParseAgencyCode("000.00.00.H29")
	now := time.Date(2026, 11, 26, 10, 0, 0, 500, time.UTC)
	id := uuid.MustParse("01a215cb-af80-7382-91f8-b0c31f83c255")
	newID := func() (uuid.UUID, error) { return id, nil }
	for _, c := range []struct {
		name string
		b    *Builder
	}{
		{"nil", nil},
		{"zero", &Builder{}},
		{"no sender", &Builder{Now: func() time.Time { return now }, NewID: newID}},
		{"sender", &Builder{Sender: h29, Software: "QLCB 4.2", Now: func() time.Time { return now }, NewID: newID}},
	} {
		h, err := c.b.CheckingHeader(KindChanges, 4)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if h.Kind != KindChanges || h.Version != Version || h.RecordCount != 4 ||
			h.Receiver.Canonical() != identifier.NationalDatabaseCode || h.ID.Version() != 7 || h.Created.IsZero() {
			t.Errorf("%s: header %+v", c.name, h)
		}
		if c.b == nil || c.b.Sender.IsZero() {
			if !h.Sender.IsZero() {
				t.Errorf("%s: sender %s", c.name, h.Sender)
			}
			continue
		}
		want, err := c.b.Header(KindChanges, 4)
		if err != nil || want != h {
			t.Errorf("%s: CheckingHeader %+v, Header %+v, %v", c.name, h, want, err)
		}
	}
	broken := errors.New("no entropy")
	b := &Builder{NewID: func() (uuid.UUID, error) { return uuid.Nil, broken }}
	if _, err := b.CheckingHeader(KindProfiles, 1); !errors.Is(err, broken) {
		t.Errorf("a failing NewID: %v", err)
	}
}
