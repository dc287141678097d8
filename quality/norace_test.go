//go:build !race

package quality_test

const raceEnabled = false
