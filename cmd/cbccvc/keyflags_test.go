package main

import (
	"flag"
	"maps"
	"slices"
	"testing"
)

// TestValueFlags checks that interleaveFlags is told of every flag that
// takes a value, and of no other: a flag left out would take the next
// argument for a file.
func TestValueFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	new(transportFlags).register(fs)
	new(keyFlags).register(fs)
	fs.Bool("json", false, "")
	got := valueFlags(fs)
	if got["json"] {
		t.Error("--json takes no value")
	}
	if !got["pin-file"] || !got["roots"] {
		t.Errorf("--pin-file and --roots take a value: %v", slices.Sorted(maps.Keys(got)))
	}
	for name := range transportValueFlags {
		if !got[name] {
			t.Errorf("transportValueFlags names --%s, which transportFlags does not register", name)
		}
	}
}
