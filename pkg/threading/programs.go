package threading

// Whole programs, run as processes of their own, for what a notebook cell
// cannot show from inside a running kernel: the race detector, a program
// whose every goroutine is stuck, a main that returns under its goroutines.

import (
	"bytes"
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
	dir, err := os.MkdirTemp("", "program")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		return "", err
	}
	args := append(append([]string{"run"}, flags...), "main.go")
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	// A lone file, outside any module: no go.mod, no module proxy.
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err = cmd.Run()
	return strings.ReplaceAll(out.String(), dir+string(filepath.Separator), ""), err
}

// Lines returns the first n lines of s.
func Lines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// DeadlockProgram waits on a channel nobody sends on: every goroutine of the
// program is stuck, and the Go runtime says so.
const DeadlockProgram = `package main

import "fmt"

func main() {
	jobs := make(chan int)
	fmt.Println("waiting for a job")
	job := <-jobs // nobody will ever send
	fmt.Println("got", job)
}
`
