package main

import (
	"flag"
	"testing"
)

// TestValueFlags checks that the maps interleaveFlags reads name exactly
// the flags of the shared flag types that take a value: a flag left out
// would take the next argument for a file.
func TestValueFlags(t *testing.T) {
	for _, tc := range []struct {
		name     string
		register func(*flag.FlagSet)
		valued   map[string]bool
	}{
		{"keyFlags", func(fs *flag.FlagSet) { new(keyFlags).register(fs) }, keyValueFlags},
		{"verifyFlags", func(fs *flag.FlagSet) { new(verifyFlags).register(fs, "roots") }, verifyValueFlags},
		{"transportFlags", func(fs *flag.FlagSet) { new(transportFlags).register(fs) }, transportValueFlags},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet(tc.name, flag.ContinueOnError)
			tc.register(fs)
			got := map[string]bool{}
			fs.VisitAll(func(f *flag.Flag) {
				if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
					got[f.Name] = true
				}
			})
			for n := range got {
				if !tc.valued[n] {
					t.Errorf("--%s takes a value but is not in the map", n)
				}
			}
			for n := range tc.valued {
				if !got[n] {
					t.Errorf("the map names --%s, which is not registered or takes no value", n)
				}
			}
		})
	}
}
