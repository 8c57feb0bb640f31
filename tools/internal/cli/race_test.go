//go:build race

package cli

// The race detector makes decoding a 50 MiB notebook take half a minute;
// the scripts' big outputs are smaller then, still over the limit.
const raceEnabled = true
