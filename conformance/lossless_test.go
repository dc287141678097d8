package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// The property every packet the SDK calls valid must have: nothing is lost
// on the way through the model. A packet without an error-level finding
// decodes; encoded again, in either format, it decodes to the same value;
// and the bytes a signature covers (its RFC 8785 form) are those of the
// packet as sent.

// losslessValidator validates with a fixed clock: whether a packet is
// valid on some day does not matter here, only what its values become.
func losslessValidator(t testing.TB) *packet.Validator {
	t.Helper()
	v, err := packet.NewValidator(packet.WithClock(func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkLossless checks the property on doc. It reports whether doc was
// valid, so that a caller can tell the property was tried.
func checkLossless(t testing.TB, v *packet.Validator, doc []byte) bool {
	t.Helper()
	rep, err := v.Validate(context.Background(), bytes.NewReader(doc))
	if err != nil || !rep.Valid() {
		return false
	}
	p, fs, err := packet.Decode(bytes.NewReader(doc), packet.FormatAuto, packet.Limits{})
	if err != nil || fs != nil {
		t.Fatalf("valid, but Decode: %v %v", err, fs)
	}
	jsonForm := encodeAs(t, p, packet.FormatJSON)
	if rep.Format == packet.FormatJSON {
		same(t, "the RFC 8785 form of the packet as sent and re-encoded", canonical(t, doc), canonical(t, jsonForm))
	}
	for _, f := range []packet.Format{packet.FormatJSON, packet.FormatXML} {
		again, fs, err := packet.Decode(bytes.NewReader(encodeAs(t, p, f)), f, packet.Limits{})
		if err == nil && fs != nil {
			err = fs
		}
		if err != nil {
			t.Fatalf("valid, but decoding it re-encoded as %v: %v", f, err)
		}
		if f == packet.FormatXML {
			again.Signature = p.Signature // XML carries no ChuKySo: the signing package signs XML
		}
		if !equalPackets(p, again) {
			same(t, fmt.Sprintf("the packet and its round trip through %v", f), encodeAs(t, p, packet.FormatJSON), encodeAs(t, again, packet.FormatJSON))
			t.Fatalf("valid, but re-encoded as %v it decodes to another value", f)
		}
		same(t, fmt.Sprintf("the RFC 8785 form after a round trip through %v", f), canonical(t, jsonForm), canonical(t, encodeAs(t, again, packet.FormatJSON)))
		rep, err := v.Validate(context.Background(), bytes.NewReader(encodeAs(t, p, f)))
		if err != nil || !rep.Valid() {
			t.Fatalf("valid, but not once re-encoded as %v: %v %v", f, err, rep.Findings)
		}
	}
	return true
}

func encodeAs(t testing.TB, p *packet.Packet, f packet.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := p.Encode(&b, f); err != nil && !errors.Is(err, packet.ErrRecordCount) {
		t.Fatalf("encoding as %v: %v", f, err)
	}
	return b.Bytes()
}

func canonical(t testing.TB, doc []byte) []byte {
	t.Helper()
	c, err := signing.Canonical(doc)
	if err != nil {
		t.Fatalf("RFC 8785 form: %v", err)
	}
	return c
}

// same fails unless a and b are equal, showing where they part.
func same(t testing.TB, what string, a, b []byte) {
	t.Helper()
	if bytes.Equal(a, b) {
		return
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-60)
	t.Fatalf("%s differ at byte %d:\n…%s\n…%s", what, i, a[from:min(len(a), i+60)], b[from:min(len(b), i+60)])
}

// equalPackets compares two decoded packets; times compare as instants
// in the same offset, since each decoding makes its own location.
func equalPackets(a, b *packet.Packet) bool {
	return equalValues(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

var timeType = reflect.TypeFor[time.Time]()

func equalValues(a, b reflect.Value) bool {
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		_, oa := ta.Zone()
		_, ob := tb.Zone()
		return ta.Equal(tb) && oa == ob
	}
	switch a.Kind() {
	case reflect.Struct:
		if !a.Type().Field(0).IsExported() {
			return a.Equal(b) // identifier types: comparable values
		}
		for i := range a.NumField() {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValues(a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		if a.Type().Elem().Kind() == reflect.Uint8 {
			return bytes.Equal(a.Bytes(), b.Bytes())
		}
		for i := range a.Len() {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return a.Equal(b)
}

// TestLosslessVectors checks the property on every vector of the kit that
// the SDK finds valid.
func TestLosslessVectors(t *testing.T) {
	k := embeddedKit(t)
	v := losslessValidator(t)
	tried := 0
	for _, vec := range k.Manifest.Vectors {
		files := []string{vec.File}
		if vec.Profiles != "" {
			files = append(files, vec.Profiles)
		}
		for _, name := range files {
			t.Run(name, func(t *testing.T) {
				doc, err := fs.ReadFile(k.FS, name)
				if err != nil {
					t.Fatal(err)
				}
				if checkLossless(t, v, doc) {
					tried++
				}
			})
		}
	}
	if tried < 20 {
		t.Errorf("the property was tried on %d valid vectors only", tried)
	}
}

// FuzzLossless checks the property on any input; the seeds are the kit's
// vectors and, in testdata/fuzz/FuzzLossless, packets with numbers, dates
// and times spelled in the ways the model must carry or refuse.
func FuzzLossless(f *testing.F) {
	k, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	for _, vec := range k.Manifest.Vectors {
		if vec.Kind == KindValidate {
			doc, err := fs.ReadFile(k.FS, vec.File)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(doc)
		}
	}
	spec, _ := filepath.Glob(filepath.Join("..", "packet", "testdata", "spec", "*"))
	for _, name := range spec {
		doc, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	v := losslessValidator(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		checkLossless(t, v, doc)
	})
}
