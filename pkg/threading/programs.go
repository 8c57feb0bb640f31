package threading

// Whole programs, run as processes of their own, for what a notebook cell
// cannot show from inside a running kernel: the race detector, a program
// whose every goroutine is stuck, a panic that ends a program, a main that
// returns under its goroutines; and Python, run beside Go.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RunProgram writes src to a main.go of its own, runs it with go run and
// the given flags, and returns what it printed (stdout and stderr), with the
// temporary folder's name taken out so the text is the same on every run.
// err is the program's exit, if it failed.
func RunProgram(src string, flags ...string) (string, error) {
	return RunProgramContext(context.Background(), src, flags...)
}

// RunProgramContext is RunProgram that stops the program (and its build)
// when ctx is done.
func RunProgramContext(ctx context.Context, src string, flags ...string) (string, error) {
	dir, err := os.MkdirTemp("", "program")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		return "", err
	}
	args := append(append([]string{"run"}, flags...), "main.go")
	// go run starts the program as a child of its own: command stops them
	// both.
	cmd := command(ctx, "go", args...)
	cmd.Dir = dir
	// A lone file, outside any module: no go.mod, no module proxy.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err = cmd.Run()
	return strings.ReplaceAll(out.String(), dir+string(filepath.Separator), ""), err
}

// CommandOutput runs the program name with args as a child process and
// returns what it printed on its standard output: it is
// exec.CommandContext(ctx, name, args...).Output(), for cells (the checker's
// interpreter does not offer os/exec). When ctx is done before the child
// ends, the child is killed, and what it started with it. A failure carries what the child wrote to
// standard error.
func CommandOutput(ctx context.Context, name string, args ...string) (string, error) {
	cmd := command(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := bytes.TrimSpace(stderr.Bytes()); len(msg) > 0 {
			err = fmt.Errorf("%s: %w: %s", name, err, msg)
		} else {
			err = fmt.Errorf("%s: %w", name, err)
		}
	}
	return string(out), err
}

// FirstLines returns the first n lines of s.
func FirstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// runPython runs src with python3 and returns what it printed (stdout and
// stderr, in the order it printed them). err is the program's exit, if it
// failed.
func runPython(ctx context.Context, src string) (string, error) {
	cmd := command(ctx, "python3", "-c", src)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("python3: %w", err)
	}
	return out.String(), nil
}

// Python runs src with python3 and prints what it printed, so that a cell
// can hold a Python program and show its output, the way the Python lesson
// does, next to the Go. When Python exits with an error, a last line says
// so:
//
//	threading.Python(`print("hello from Python")`)
func Python(src string) { PythonContext(context.Background(), src) }

// PythonContext is Python that stops python3 when ctx is done.
func PythonContext(ctx context.Context, src string) {
	text, err := runPython(ctx, src)
	fmt.Fprint(out(), text)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		fmt.Fprintf(out(), "(python3 exited with status %d)\n", exit.ExitCode())
	case err != nil:
		fmt.Fprintf(out(), "(%v)\n", err)
	}
}
