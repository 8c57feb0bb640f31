//go:build race

package check

// raceEnabled reports whether the test binary has the race detector in it.
const raceEnabled = true
