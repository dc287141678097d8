package jsontext

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// members reads the keys of the object doc by NextKey (or, with general,
// NextMemberBytes), skipping the values, and returns them with the error
// that ended the reading. It reads doc in place, or, with stream, from the
// reader stream makes of it.
func members(doc string, lim Limits, stream func(string) io.Reader, general bool) ([]string, error) {
	d := NewBytesDecoder([]byte(doc), lim)
	if stream != nil {
		d = NewDecoder(stream(doc), lim)
	}
	if err := d.BeginObject(); err != nil {
		return nil, err
	}
	var keys []string
	for first := true; ; first = false {
		at := d.Offset()
		var key []byte
		var more bool
		var err error
		if general {
			key, _, more, err = d.NextMemberBytes(first)
		} else {
			key, more, err = d.NextKey(first)
		}
		if general && more && err == nil && stream == nil {
			// KeyIs, on a decoder of its own at the same place, reads this
			// key as far as NextMemberBytes did, or nothing.
			if msg := keyIsAgrees(doc, lim, first, at, key, d.Offset()); msg != "" {
				return keys, errors.New(msg)
			}
		}
		if err != nil || !more {
			return keys, err
		}
		keys = append(keys, string(key))
		if err := d.Skip(); err != nil {
			return keys, err
		}
	}
}

// oneByte reads doc a byte at a time.
func oneByte(doc string) io.Reader { return iotest.OneByteReader(strings.NewReader(doc)) }

// TestNextKey: NextKey reads what NextMemberBytes reads, keys and errors,
// on plain keys, escaped ones, white space, limits and broken objects.
func TestNextKey(t *testing.T) {
	docs := []string{
		`{}`, `{"a":1}`, `{"HoVaTen":"x","NgaySinh":"1990-01-01","QuaTrinhCongTac":[{"DonVi":"y"}]}`,
		`{ "a" : 1 , "b" :2}`, `{"a\"b":1}`, `{"\u0041":1}`, `{"Họ":1}`, `{"a b":1}`, `{"a":1,}`, `{"a" 1}`,
		`{"a":1 "b":2}`, `{"abcdefghijklmnopq":1}`, `{"abcdefgh":1}`, `{"abcdefg`, `{"a`, `{"a"`, `{"a":`,
		"{\"a\x01\":1}", "{\"a\xff\":1}", `{a:1}`, `{"":1}`, `{"` + strings.Repeat("k", 70) + `":1}`,
	}
	for _, doc := range docs {
		for _, lim := range []Limits{{}, {MaxNameLen: 8}} {
			for _, stream := range []func(string) io.Reader{nil, oneByte} {
				want, werr := members(doc, lim, stream, true)
				got, gerr := members(doc, lim, stream, false)
				if strings.Join(got, "\n") != strings.Join(want, "\n") || keyErr(gerr) != keyErr(werr) {
					t.Errorf("%q (limit %d, one byte %v): %q %v, want %q %v", doc, lim.MaxNameLen, stream != nil, got, gerr, want, werr)
				}
			}
		}
	}
}

// keyIsAgrees checks KeyIs at offset at of doc, where a member named key
// starts and ends at offset end: with that name it reads to end or reads
// nothing; with another it reads nothing.
func keyIsAgrees(doc string, lim Limits, first bool, at int64, key []byte, end int64) string {
	for _, name := range []string{string(key), string(key) + "x"} {
		d := NewBytesDecoder([]byte(doc), lim)
		d.pos = int(at)
		quoted := strconv.Quote(name) + ":"
		switch ok := d.KeyIs(first, quoted); {
		case ok && (name != string(key) || d.Offset() != end):
			return fmt.Sprintf("KeyIs(%v, %s) at %d read to %d, want %d", first, quoted, at, d.Offset(), end)
		case !ok && d.Offset() != at:
			return fmt.Sprintf("KeyIs(%v, %s) at %d said no and read to %d", first, quoted, at, d.Offset())
		}
	}
	return ""
}

func keyErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzNextKey holds NextKey to NextMemberBytes on any input.
func FuzzNextKey(f *testing.F) {
	f.Add([]byte(`{"HoVaTen":"x","NgaySinh":"1990"}`), uint8(0))
	f.Add([]byte(`{"a\"b":1, "c" : 2}`), uint8(3))
	f.Fuzz(func(t *testing.T, doc []byte, limit uint8) {
		lim := Limits{MaxNameLen: int(limit % 16)}
		for _, stream := range []func(string) io.Reader{nil, oneByte} {
			want, werr := members(string(doc), lim, stream, true)
			got, gerr := members(string(doc), lim, stream, false)
			if !bytes.Equal([]byte(strings.Join(got, "\n")), []byte(strings.Join(want, "\n"))) || keyErr(gerr) != keyErr(werr) {
				t.Errorf("%q: %q %v, want %q %v", doc, got, gerr, want, werr)
			}
		}
	})
}
