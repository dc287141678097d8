package jsontext

import (
	"fmt"
	"strings"
	"testing"
)

// countPieces reads the array of doc, whose '[' is its first byte, with
// ReadPieces, counting its elements with a Skipper on each worker; take
// refuses after refuseAfter elements (0: never).
func countPieces(doc string, chunk, refuseAfter int) (end, n int) {
	data := []byte(doc)
	newRead := func() func(*Piece[int]) {
		sub := NewBytesDecoder(nil, Limits{})
		var s Skipper
		return func(c *Piece[int]) {
			sub.ResetAt(data[c.Start:c.Next], At{Offset: int64(c.Start), Depth: 1})
			c.Result = 0
			for first := true; ; first = false {
				more, err := sub.NextElement(first)
				if err != nil {
					c.Err = err
					return
				}
				if !more {
					c.End = int(sub.Offset())
					return
				}
				if !first && c.AtNext(data, sub.Offset()) {
					return
				}
				if c.Err = s.Skip(sub); c.Err != nil {
					return
				}
				c.Result++
			}
		}
	}
	end = ReadPieces(data, 1, chunk, 2, newRead, func(c *Piece[int]) bool {
		n += c.Result
		return refuseAfter == 0 || n <= refuseAfter
	})
	return end, n
}

// An array is read in pieces when every cut falls between elements, and
// is left to be read again in order when a cut falls inside one, when a
// piece fails, or when the caller refuses a piece.
func TestReadPieces(t *testing.T) {
	var good, decoy strings.Builder
	for i := range 100 {
		if i > 0 {
			good.WriteString(", ")
			decoy.WriteString(",")
		}
		fmt.Fprintf(&good, `{"k":%d,"v":"%s"}`, i, strings.Repeat("x", i%7))
		// Every element holds a nested array of objects that begin as
		// the elements do, where a cut may fall.
		fmt.Fprintf(&decoy, `{"k":%d,"in":[{"k":1},{"k":2},{"k":3}]}`, i)
	}
	for _, tc := range []struct {
		name        string
		doc         string
		chunk       int
		refuseAfter int
		wantN       int // elements; -1: not read in pieces
	}{
		{"good", "[" + good.String() + "]", 64, 0, 100},
		{"good, one piece", "[" + good.String() + "]", 1 << 20, 0, 100},
		{"good, refused", "[" + good.String() + "]", 64, 50, -1},
		{"good, then a broken element", "[" + good.String() + `,{"k":]`, 64, 0, -1},
		{"cuts inside elements", "[" + decoy.String() + "]", 8, 0, -1},
		{"not objects", "[1,2,3]", 1, 0, -1},
	} {
		end, n := countPieces(tc.doc, tc.chunk, tc.refuseAfter)
		switch {
		case tc.wantN < 0 && end != 0:
			t.Errorf("%s: read in pieces to %d, want it left to be read in order", tc.name, end)
		case tc.wantN >= 0 && (end != len(tc.doc) || n != tc.wantN):
			t.Errorf("%s: end %d, %d elements; want %d, %d", tc.name, end, n, len(tc.doc), tc.wantN)
		}
	}
}
