package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asNbcheck, set in the environment, makes the test binary run as nbcheck
// (see TestMain), for tests of the command as a process.
const asNbcheck = "NBCHECK_TEST_AS_COMMAND"

// nbcheckCmd returns the command that runs nbcheck with args, in dir.
func nbcheckCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), asNbcheck+"=1")
	return cmd
}

// A notebook whose second cell writes its worker's pid to a file, then
// blocks for ever.
const blockingNotebook = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [
 {"cell_type": "code", "metadata": {}, "source": "import (\n\t\"fmt\"\n\t\"os\"\n)", "outputs": []},
 {"cell_type": "code", "metadata": {}, "source": "os.WriteFile(\"worker.pid\", []byte(fmt.Sprint(os.Getpid())), 0o644)\nselect {}", "outputs": []},
 {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []}]}`

const passingNotebook = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [
 {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "1"}}]}]}`

// Ctrl-C (SIGINT) or SIGTERM stops nbcheck: the worker is stopped, the
// report covers what ran (the stopped cell named, the cells after it not
// run), the notebooks not started are counted, and the exit status is
// 128 plus the signal's number, as a shell reports a command a signal
// ended.
func TestSignalStopsWithAPartialReport(t *testing.T) {
	for _, tc := range []struct {
		sig    syscall.Signal
		name   string
		status int
	}{
		{syscall.SIGINT, "SIGINT", 130},
		{syscall.SIGTERM, "SIGTERM", 143},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "a.ipynb"), []byte(blockingNotebook), 0o644)
			os.WriteFile(filepath.Join(dir, "b.ipynb"), []byte(passingNotebook), 0o644)
			var stdout, stderr bytes.Buffer
			cmd := nbcheckCmd(dir, "-junit", "report.xml", "a.ipynb", "b.ipynb")
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			pid := waitForWorker(t, filepath.Join(dir, "worker.pid"), exited)
			t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })

			cmd.Process.Signal(tc.sig)
			var err error
			select {
			case err = <-exited:
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatalf("nbcheck did not stop after %s; stdout:\n%s", tc.name, stdout.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.status {
				t.Errorf("nbcheck ended with %v, want exit status %d", err, tc.status)
			}
			for _, want := range []string{
				"--- FAIL: a.ipynb cell 2: os.WriteFile(",
				"    stopped: interrupted (" + tc.name + ")",
				"a.ipynb: cell 3 not run: cell 2 stopped the notebook",
				"1 passed, 1 failed, 1 skipped",
			} {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
				}
			}
			if want := "nbcheck: interrupted (" + tc.name + "): 1 notebook not checked"; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
			if b, err := os.ReadFile(filepath.Join(dir, "report.xml")); err != nil || !bytes.Contains(b, []byte(`name="a.ipynb"`)) {
				t.Errorf("no JUnit report of what ran: %v\n%s", err, b)
			}
			if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("the worker (pid %d) is still there: %v", pid, err)
			}
		})
	}
}

// waitForWorker waits until the blocking cell has written its worker's
// pid, and returns it.
func waitForWorker(t *testing.T, file string, exited <-chan error) int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(file); err == nil && len(b) > 0 {
			pid, err := strconv.Atoi(string(b))
			if err != nil {
				t.Fatal(err)
			}
			return pid
		}
		select {
		case err := <-exited:
			t.Fatalf("nbcheck ended before the cell ran: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("the blocking cell did not start within a minute")
	return 0
}
