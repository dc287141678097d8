//go:build !race

package ndxp_test

const raceEnabled = false
