//go:build !js

package threading

import (
	"context"
	"os/exec"
	"syscall"
	"time"
)

// command is exec.CommandContext for a child that may start children of
// its own (go run, go build, python3 with multiprocessing or subprocess):
// it runs in a process group of its own, the whole group is killed when ctx
// is done, and Wait gives up on output the group still holds open a second
// later, so that no grandchild keeps a cell waiting.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	return cmd
}
