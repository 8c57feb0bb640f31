package threading

import (
	"context"
	"os/exec"
)

// command is exec.CommandContext in a browser (GOOS=js), which has no
// processes: the command does not start.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, name, args...)
}
