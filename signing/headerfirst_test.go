package signing

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cbccvc/cbccvc-go/packet"
)

// headerFirst moves the header to the front and changes nothing else: the
// canonical form of what it reads is the canonical form it was given, and
// the packet decoded from it is the packet decoded from that.
func TestHeaderFirst(t *testing.T) {
	canon, err := Canonical(packetJSON(t, h29))
	if err != nil {
		t.Fatal(err)
	}
	moved, err := io.ReadAll(headerFirst(canon))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(moved, []byte(`{"`+headerMember()+`":{`)) || len(moved) != len(canon) {
		t.Fatalf("the header is not first: %.80s", moved)
	}
	again, err := Canonical(moved)
	if err != nil || !bytes.Equal(again, canon) {
		t.Fatalf("the canonical form changed: %v", err)
	}
	want, wantFs, err := packet.Decode(bytes.NewReader(canon), packet.FormatJSON, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, gotFs, err := packet.Decode(bytes.NewReader(moved), packet.FormatJSON, packet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(jsonOf(t, want), jsonOf(t, got)); d != "" || len(wantFs) != len(gotFs) {
		t.Errorf("decoded packets differ (-canonical order +header first), findings %d, %d:\n%s", len(wantFs), len(gotFs), d)
	}
	// What is not laid out as a packet is read as it is.
	for _, in := range []string{`{}`, `{"a":1}`, `{"` + headerMember() + `":{}}`, `[1]`, `{"a":1,"` + headerMember() + `":2}`, `{"a":`} {
		b, _ := io.ReadAll(headerFirst([]byte(in)))
		if string(b) != in && !strings.HasPrefix(string(b), `{"`+headerMember()) {
			t.Errorf("%s read as %s", in, b)
		}
	}
}

// FuzzHeaderFirst checks that headerFirst changes no canonical form: what
// it reads canonicalises to what it was given.
func FuzzHeaderFirst(f *testing.F) {
	f.Add(packetJSON(f, h29))
	for _, s := range []string{`{}`, `{"a":1,"` + headerMember() + `":{"b":[1,"}"]},"z":null}`, `{"` + headerMember() + `":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		canon, err := Canonical(in)
		if err != nil {
			return
		}
		moved, err := io.ReadAll(headerFirst(canon))
		if err != nil {
			t.Fatal(err)
		}
		if again, err := Canonical(moved); err != nil || !bytes.Equal(again, canon) {
			t.Fatalf("%q read as %q: %v", canon, moved, err)
		}
	})
}
