//go:build !js

package threading

import (
	"syscall"
	"time"
)

// Whose CPU time cpuTime returns: this process's, or that of its finished
// child processes.
const (
	rusageSelf     = syscall.RUSAGE_SELF
	rusageChildren = syscall.RUSAGE_CHILDREN
)

// cpuTime returns the CPU time used so far by this process (who ==
// rusageSelf) or by its finished child processes (rusageChildren).
func cpuTime(who int) time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
