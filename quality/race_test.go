//go:build race

package quality_test

// raceEnabled tells that the race detector is on: it inflates the heap,
// so memory is not measured under it.
const raceEnabled = true
