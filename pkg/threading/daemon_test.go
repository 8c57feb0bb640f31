package threading

import (
	"os/exec"
	"testing"
)

func TestProcessesShowWhoWaits(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() (string, error)
		want string
	}{
		{"go exits under its goroutine", func() (string, error) { return RunProgram(GoExitProgram) }, "main: done\n"},
		{"go waits when told", func() (string, error) { return RunProgram(GoWaitProgram) }, "main: done, waiting for the goroutine\nbackground goroutine finished\n"},
		{"python waits for non-daemon threads only", func() (string, error) {
			if _, err := exec.LookPath("python3"); err != nil {
				t.Skip("no python3")
			}
			return RunPython(PythonDaemonProgram)
		}, "main: done\nnon-daemon thread finished\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tc.run()
			if err != nil || out != tc.want {
				t.Errorf("output %q, err %v; want %q", out, err, tc.want)
			}
		})
	}
}
