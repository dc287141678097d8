//go:build race

package packet_test

// raceEnabled tells that the race detector is on. It inflates the heap and
// slows a 100,000-profile packet tenfold, so the memory tests run without
// it (.ci/run runs them in a pass of their own).
const raceEnabled = true
