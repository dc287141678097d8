package jcs

import (
	"bytes"
	"testing"

	gowebpki "github.com/gowebpki/jcs"
)

// FuzzTransform compares Transform with gowebpki/jcs, the reference: both
// accept or both refuse, and what they accept they write alike. The seed
// corpus is in testdata/fuzz/FuzzTransform.
func FuzzTransform(f *testing.F) {
	f.Add([]byte(`{"b":[1,2.50,-0,1e21,{"d":"\u00e9","c":null}],"a":"\ud83d\ude00","ChuKySo":{"GiaTri":"x"}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Transform(in)
		want, werr := gowebpki.Transform(in)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Transform: %q, %v; gowebpki/jcs: %q, %v", got, err, want, werr)
		}
		if err != nil {
			return
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("Transform: %q\ngowebpki/jcs: %q", got, want)
		}
		if late, err := transform(in, 0); err != nil || !bytes.Equal(late, got) {
			t.Fatalf("without reordering in place: %q, %v", late, err)
		}
		again, err := Transform(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Fatalf("canonical form %q is not a fixed point: %q, %v", got, again, err)
		}
		r, err := TransformObject(in, "")
		if len(got) > 0 && got[0] == '{' {
			if err != nil || !bytes.Equal(r.Canonical, got) || r.Dropped != nil {
				t.Fatalf("TransformObject(%q, \"\") = %+v, %v", in, r, err)
			}
		} else if err == nil {
			t.Fatalf("TransformObject accepts %q", in)
		}
		checkDrop(t, in, got)
	})
}

// checkDrop checks TransformObject with a key of the object (canon is its
// canonical form): it must be the canonical form of the object without it.
func checkDrop(t *testing.T, in, canon []byte) {
	if len(canon) < 2 || canon[0] != '{' || canon[1] != '"' {
		return
	}
	// The first key of the canonical form, when it has no escape.
	end := bytes.IndexByte(canon[2:], '"')
	key := canon[2 : 2+end]
	if len(key) == 0 || bytes.IndexByte(key, '\\') >= 0 {
		return
	}
	r, err := TransformObject(in, string(key))
	if err != nil {
		t.Fatalf("TransformObject(%q, %q): %v", in, key, err)
	}
	if r.Dropped == nil {
		t.Fatalf("TransformObject(%q, %q) dropped nothing", in, key)
	}
	dv, err := Transform(r.Dropped)
	if err != nil {
		t.Fatalf("dropped value %q: %v", r.Dropped, err)
	}
	// canon is {"key":<dv>,rest} or {"key":<dv>}.
	member := append(append(append([]byte(`{"`), key...), `":`...), dv...)
	if !bytes.HasPrefix(canon, member) {
		t.Fatalf("dropped value %q is not %q's", dv, canon)
	}
	want := append([]byte("{"), bytes.TrimPrefix(canon[len(member):], []byte(","))...)
	if !bytes.Equal(r.Canonical, want) {
		t.Fatalf("TransformObject(%q, %q) = %q, want %q", in, key, r.Canonical, want)
	}
}
