package main

import (
	"flag"
	"slices"
	"testing"
)

// TestInterleaveFlags: a flag after the arguments is moved before them
// with its value when the FlagSet says it takes one, and alone when it is a
// boolean, so that no flag takes the next argument for its value by
// mistake, nor leaves its value behind as a file.
func TestInterleaveFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	new(transportFlags).register(fs)
	new(keyFlags).register(fs)
	fs.Bool("json", false, "")
	for _, tc := range []struct {
		args, want []string
	}{
		{[]string{"a.json", "--json", "b.json"}, []string{"--json", "a.json", "b.json"}},
		{[]string{"a.json", "--roots", "r.pem", "--pin-file=p"}, []string{"--roots", "r.pem", "--pin-file=p", "a.json"}},
		{[]string{"a.json", "-json=true", "--", "--roots"}, []string{"-json=true", "a.json", "--roots"}},
		{[]string{"--unknown", "a.json"}, []string{"--unknown", "a.json"}},
		{[]string{"-", "--key", "k.p12"}, []string{"--key", "k.p12", "-"}},
	} {
		if got := interleaveFlags(fs, tc.args); !slices.Equal(got, tc.want) {
			t.Errorf("interleaveFlags(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
