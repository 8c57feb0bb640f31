package threading

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Each call that runs a child process takes a context, and when the
// context is done the child is stopped with whatever it started: a
// grandchild that holds the child's output open (a subprocess of Python, a
// program started by a shell) neither outlives the call nor keeps it
// waiting for that output.
func TestChildrenStopWithTheirContext(t *testing.T) {
	needTool(t, "python3")
	needTool(t, "sleep")
	SetOutput(t, io.Discard)
	// Each child starts a grandchild that sleeps for an hour on the child's
	// standard output, writes the grandchild's pid to $HOLD_PIDFILE, and
	// waits.
	python := `import os, subprocess, time
p = subprocess.Popen(["sleep", "3600"])
open(os.environ["HOLD_PIDFILE"], "w").write(str(p.pid))
time.sleep(3600)
`
	shell := "sleep 3600 & echo $! > \"$HOLD_PIDFILE\"; wait"
	script := filepath.Join(t.TempDir(), "hold")
	if err := os.WriteFile(script, []byte("#!/bin/sh\n"+shell+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	goProgram := `package main

import (
	"os"
	"os/exec"
	"strconv"
	"time"
)

func main() {
	c := exec.Command("sleep", "3600")
	c.Stdout = os.Stdout
	c.Start()
	os.WriteFile(os.Getenv("HOLD_PIDFILE"), []byte(strconv.Itoa(c.Process.Pid)), 0o644)
	time.Sleep(time.Hour)
}
`
	srv := NewSlowServer(0)
	defer srv.Close()
	for _, tc := range []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"PythonContext", func(ctx context.Context) error { PythonContext(ctx, python); return ctx.Err() }},
		{"RunProgramContext", func(ctx context.Context) error { _, err := RunProgramContext(ctx, goProgram); return err }},
		{"CommandOutput", func(ctx context.Context) error { _, err := CommandOutput(ctx, "sh", "-c", shell); return err }},
		{"MeasurePythonThreadCost", func(ctx context.Context) error { _, err := MeasurePythonThreadCost(ctx, python, 1); return err }},
		{"MeasurePythonPrimes", func(ctx context.Context) error { _, err := MeasurePythonPrimes(ctx, python, 10, 1); return err }},
		{"MeasurePythonSplitWork", func(ctx context.Context) error { _, err := MeasurePythonSplitWork(ctx, python, 1, 1, 1); return err }},
		{"SlowServer.PythonFetch", func(ctx context.Context) error { _, _, err := srv.PythonFetch(ctx, python, 1, 1); return err }},
		{"PrimeProgram.CountWithProcesses", func(ctx context.Context) error {
			_, err := (&PrimeProgram{exe: script}).CountWithProcesses(ctx, 10, 1)
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			t.Setenv("HOLD_PIDFILE", pidFile)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- tc.run(ctx) }()
			pid := grandchild(t, pidFile, done)
			defer syscall.Kill(pid, syscall.SIGKILL) // should the test fail
			cancel()
			// A guard against a hang, not a measure of speed: the call
			// returns at once, or a second after (cmd.WaitDelay).
			select {
			case err := <-done:
				if err == nil {
					t.Error("no error after the context was done")
				}
			case <-time.After(time.Minute):
				t.Fatal("still waiting a minute after the context was done: the grandchild holds the call")
			}
			if !ends(pid) {
				t.Errorf("the grandchild (pid %d) still runs after the call returned", pid)
			}
		})
	}
}

// grandchild waits until the child has written its grandchild's pid to
// pidFile, and returns it; the test fails if the call returns first.
func grandchild(t *testing.T, pidFile string, done <-chan error) int {
	t.Helper()
	for {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				return pid
			}
		}
		select {
		case err := <-done:
			t.Fatalf("the call returned before its child started a grandchild: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// ends reports whether process pid ends soon: a SIGKILL is delivered, and
// the process gone, a moment after kill(2) returns, so it is looked for
// again for up to ten seconds. A process nobody killed sleeps on.
func ends(pid int) bool {
	for i := 0; i < 1000; i++ {
		if !running(pid) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}
