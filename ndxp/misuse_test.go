package ndxp

import (
	"context"
	"errors"
	"iter"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// TestNilAndZero calls the entry points with nil and zero receivers and
// nil arguments: each returns its sentinel, none panics.
func TestNilAndZero(t *testing.T) {
	ctx := context.Background()
	var (
		nilClient   *Client
		nilUploader *Uploader
		nilCtx      context.Context
	)
	f := uploadFake(t, newStore())
	made := f.client()
	firstErr := func(seq iter.Seq2[*Answer, error]) error {
		for _, err := range seq {
			return err
		}
		return nil
	}
	id := uuid.MustParse("01900000-0000-7000-8000-000000000001")
	for _, tc := range []struct {
		name string
		call func() error
		want error
	}{
		{"nil *Client Submit", func() error { _, err := nilClient.Submit(ctx, []byte("{}")); return err }, ErrOption},
		{"zero Client Submit", func() error { _, err := (&Client{}).Submit(ctx, []byte("{}")); return err }, ErrOption},
		{"nil *Client Result", func() error { _, err := nilClient.Result(ctx, id); return err }, ErrOption},
		{"zero Client Wait", func() error { _, err := (&Client{}).Wait(ctx, id, time.Millisecond); return err }, ErrOption},
		{"nil *Client Matches", func() error { return firstErr(nilClient.Matches(ctx, MatchQuery{})) }, ErrOption},
		{"zero Client Profiles", func() error { return firstErr((&Client{}).Profiles(ctx, ProfileQuery{})) }, ErrOption},
		{"nil *Client Profile", func() error {
			_, err := nilClient.Profile(ctx, identifier.MustParsePersonalID("079085001234"))
			return err
		}, ErrOption},
		{"zero Client CodeList", func() error { _, err := (&Client{}).CodeList(ctx, "ngach"); return err }, ErrOption},
		{"nil *Client Uploader", func() error { _, err := nilClient.Uploader(UploaderConfig{}).Upload(ctx, Profiles(nil)); return err }, ErrOption},
		{"nil *Uploader", func() error { _, err := nilUploader.Upload(ctx, Profiles(nil)); return err }, ErrOption},
		{"zero Uploader", func() error { _, err := (&Uploader{}).Upload(ctx, Profiles(nil)); return err }, ErrOption},
		{"Upload of nil", func() error { _, err := made.Uploader(UploaderConfig{}).Upload(ctx, nil); return err }, ErrNil},
		{"Upload with a nil context", func() error { _, err := made.Uploader(UploaderConfig{}).Upload(nilCtx, Profiles(nil)); return err }, ErrNil},
		{"Result with a nil context", func() error { _, err := made.Result(nilCtx, id); return err }, ErrNil},
		{"Submit with a nil context", func() error { _, err := made.Submit(nilCtx, []byte("{}")); return err }, ErrNil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("panic: %v", v)
					}
				}()
				err = tc.call()
			}()
			var le *LocalError
			if !errors.Is(err, tc.want) || !errors.As(err, &le) || le.MessageVI == "" {
				t.Errorf("error %v, want a *LocalError matching %v", err, tc.want)
			}
		})
	}
	if !nilClient.Agency().IsZero() || nilClient.Signer() != nil || (*Answer)(nil).State() != "" || (&Answer{}).State() != "" {
		t.Error("a nil *Client answers as if it were configured")
	}
	for range (*UploadReport)(nil).RefusedRecords() {
		t.Error("a nil *UploadReport has refused records")
	}
	if n := len(f.service()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestUploadPanics: a panic in the caller's Progress, called by a worker,
// or in the caller's records, read by the producer, is Upload's error once
// every goroutine of the upload has ended.
func TestUploadPanics(t *testing.T) {
	f := uploadFake(t, newStore())
	profiles := packettest.New(packettest.Options{Seed: 4}).Profiles(30)
	before := runtime.NumGoroutine()
	for _, tc := range []struct {
		name    string
		cfg     UploaderConfig
		records iter.Seq[packet.Record]
	}{
		{"progress", UploaderConfig{MaxRecords: 5, Concurrency: 3, PollInterval: time.Millisecond,
			Progress: func(p Progress) {
				if p.Sent > 0 {
					panic("progress bar broke")
				}
			}}, Profiles(profiles)},
		{"records", UploaderConfig{MaxRecords: 5, Concurrency: 3, PollInterval: time.Millisecond},
			func(yield func(packet.Record) bool) {
				for i := range profiles {
					if i == 17 {
						panic(errors.New("the HR database went away"))
					}
					if !yield(&profiles[i]) {
						return
					}
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.client().Uploader(tc.cfg).Upload(context.Background(), tc.records)
			if !errors.Is(err, ErrPanic) || !strings.Contains(err.Error(), "ndxp: panic: ") {
				t.Fatalf("error %v, want ErrPanic", err)
			}
		})
	}
	f.srv.Client().CloseIdleConnections() // their goroutines are the transport's
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), before)
		}
	}
}
