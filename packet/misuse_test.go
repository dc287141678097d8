package packet

import (
	"bytes"
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestNilAndZero calls the entry points with nil and zero receivers and
// nil arguments: each returns ErrNil, none panics.
func TestNilAndZero(t *testing.T) {
	ctx := context.Background()
	spec, err := os.ReadFile("testdata/spec/hoso.json")
	if err != nil {
		t.Fatal(err)
	}
	var (
		nilValidator *Validator
		nilDecoder   *Decoder
		nilEncoder   *Encoder
		nilPacket    *Packet
		nilCtx       context.Context
	)
	recordsErr := func(d *Decoder) error {
		for _, err := range d.Records() {
			return err
		}
		return nil
	}
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"nil *Validator Validate", func() error { _, err := nilValidator.Validate(ctx, bytes.NewReader(spec)); return err }},
		{"nil *Validator ValidatePacket", func() error { _, err := nilValidator.ValidatePacket(ctx, &Packet{}); return err }},
		{"ValidatePacket of nil", func() error { _, err := (&Validator{}).ValidatePacket(ctx, nil); return err }},
		{"Validate with a nil context", func() error { _, err := (&Validator{}).Validate(nilCtx, bytes.NewReader(spec)); return err }},
		{"Validate a nil reader", func() error { _, err := (&Validator{}).Validate(ctx, nil); return err }},
		{"zero Decoder Header", func() error { _, err := (&Decoder{}).Header(); return err }},
		{"zero Decoder Records", func() error { return recordsErr(&Decoder{}) }},
		{"nil *Decoder Header", func() error { _, err := nilDecoder.Header(); return err }},
		{"nil *Decoder Records", func() error { return recordsErr(nilDecoder) }},
		{"NewDecoder of nil", func() error { _, err := NewDecoder(nil, FormatAuto, Limits{}).Header(); return err }},
		{"Decode nil", func() error { _, _, err := Decode(nil, FormatJSON, Limits{}); return err }},
		{"ReadHeader nil", func() error { _, _, err := ReadHeader(nil, FormatAuto, Limits{}); return err }},
		{"zero Encoder Encode", func() error { return (&Encoder{}).Encode(&Profile{}) }},
		{"zero Encoder Close", func() error { return (&Encoder{}).Close(nil) }},
		{"nil *Encoder Encode", func() error { return nilEncoder.Encode(&Profile{}) }},
		{"NewEncoder to nil", func() error { return NewEncoder(nil, FormatJSON, Header{Kind: KindProfiles}).Close(nil) }},
		{"nil *Packet Encode", func() error { return nilPacket.Encode(&bytes.Buffer{}, FormatJSON) }},
		{"nil *Packet MarshalJSON", func() error { _, err := nilPacket.MarshalJSON(); return err }},
		{"Migrate with a nil context", func() error { _, err := Migrate(nilCtx, &bytes.Buffer{}, bytes.NewReader(spec)); return err }},
		{"Migrate to a nil writer", func() error { _, err := Migrate(ctx, nil, bytes.NewReader(spec)); return err }},
		{"Migrate a nil reader", func() error { _, err := Migrate(ctx, &bytes.Buffer{}, nil); return err }},
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
			if !errors.Is(err, ErrNil) {
				t.Errorf("error %v, want ErrNil", err)
			}
		})
	}
	if nilDecoder.Format() != FormatAuto || nilDecoder.Signature() != nil || (*Report)(nil).Valid() {
		t.Error("a nil *Decoder or *Report answers as if it held something")
	}
}

// TestZeroValidator: the zero Validator validates as NewValidator() does.
func TestZeroValidator(t *testing.T) {
	for _, name := range []string{"testdata/spec/hoso.json", "testdata/invalid/R-ID-003.xml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		made, err := NewValidator()
		if err != nil {
			t.Fatal(err)
		}
		want, err := made.Validate(context.Background(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := (&Validator{}).Validate(context.Background(), bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got.Valid() != want.Valid() || len(got.Findings) != len(want.Findings) || got.Records != want.Records {
			t.Errorf("%s: zero Validator %+v, NewValidator() %+v", name, got, want)
		}
	}
}

// TestValidatePanics: a panic in a goroutine the validator started — its
// collector calling the caller's progress callback, the encoder of
// ValidatePacket — is the call's error, and every goroutine ends.
func TestValidatePanics(t *testing.T) {
	data, err := os.ReadFile("testdata/spec/hoso.json")
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	v := newTestValidator(t, WithProgress(func(int) { panic("progress bar broke") }))
	for range 3 {
		_, err := v.Validate(context.Background(), bytes.NewReader(data))
		if !errors.Is(err, ErrPanic) || !strings.Contains(err.Error(), "progress bar broke") {
			t.Fatalf("error %v, want ErrPanic", err)
		}
	}
	p, _, err := Decode(bytes.NewReader(data), FormatJSON, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.ValidatePacket(context.Background(), p); !errors.Is(err, ErrPanic) {
		t.Errorf("ValidatePacket: %v, want ErrPanic", err)
	}
	if err := encodeWhole(p, panickyWriter{}); !errors.Is(err, ErrPanic) || !errors.Is(err, errWriter) {
		t.Errorf("encodeWhole: %v, want ErrPanic wrapping the writer's error", err)
	}
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), before)
		}
	}
}

var errWriter = errors.New("disk on fire")

type panickyWriter struct{}

func (panickyWriter) Write([]byte) (int, error) { panic(errWriter) }
