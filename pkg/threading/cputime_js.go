package threading

import "time"

// In a browser (GOOS=js) the Go program has one thread, which it shares with
// the page's JavaScript, and no account of its CPU time: cpuTime reports
// none, so a Measurement's CPU is zero there.
const (
	rusageSelf = iota
	rusageChildren
)

func cpuTime(who int) time.Duration { return 0 }
