//go:build !linux

package engine

import (
	"errors"
	"os/exec"
	"runtime"
)

// AvailableCPUs returns how many CPUs this process may run on.
func AvailableCPUs() int { return runtime.NumCPU() }

// startOnCPUs would start cmd limited to n CPUs; only Linux has it here.
func startOnCPUs(cmd *exec.Cmd, n int) error {
	return errors.New("limiting a notebook to some CPUs needs Linux's CPU affinity")
}
