package bufread

import (
	"strings"
	"testing"
	"testing/iotest"
)

func TestRefill(t *testing.T) {
	r := iotest.OneByteReader(strings.NewReader("abcdef"))
	buf := make([]byte, 0, 4)
	var err error
	for range 3 {
		buf, _, err = Refill(r, buf, 0)
		if err != nil {
			t.Fatal(err)
		}
	}
	if string(buf) != "abc" || cap(buf) < MinRead {
		t.Fatalf("after three reads: %q, cap %d", buf, cap(buf))
	}
	buf, n, err := Refill(r, buf, 2) // keep "c"
	if err != nil || n != 1 || string(buf) != "cd" {
		t.Fatalf("Refill keeping from 2: %q, %d, %v", buf, n, err)
	}
}
