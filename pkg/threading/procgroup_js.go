package threading

import "os/exec"

// killGroupOnCancel does nothing in a browser (GOOS=js), which has no
// processes: the command does not start.
func killGroupOnCancel(cmd *exec.Cmd) {}
