//go:build !race

package cli

// raceEnabled says whether the tests run with the race detector.
const raceEnabled = false
