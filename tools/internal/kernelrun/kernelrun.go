// Package kernelrun executes a notebook on a real Jupyter kernel, through
// Jupyter's own client, and returns the executed notebook: what the kernel
// gives for each cell, as nbconvert --execute would store it.
//
// The work is done by a small Python program embedded in this package
// (driver.py), run with the Python that runs Jupyter: it starts the kernel
// with nbclient, executes the code cells in order in the notebook's folder,
// keeps errors as outputs (nbconvert's --allow-errors), and joins stream
// outputs and applies carriage returns as nbconvert does before it writes a
// notebook. A cell that runs out of time or takes the kernel down stops the
// run; the cells before it keep their outputs.
package kernelrun

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

//go:embed driver.py
var driver []byte

// DefaultKernel is the kernelspec the notebooks are written for.
const DefaultKernel = "gophernotes"

// Options control a run.
type Options struct {
	// Kernel is the name of the kernelspec to run; empty means
	// DefaultKernel.
	Kernel string
	// Timeout bounds each cell; zero means one minute.
	Timeout time.Duration
	// CellTimeout, when not nil, gives the bound of the cell at an index of
	// the notebook's cells (0-based, all cells); zero means Timeout.
	CellTimeout func(cell int) time.Duration
	// Skip, when not nil, says which code cells not to run, by index.
	Skip func(cell int) bool
	// Python is the interpreter that runs the driver; empty means the one
	// FindPython finds.
	Python string
	// Dir is the folder the kernel runs in; empty means the notebook's.
	Dir string
}

// A Result is an executed notebook.
type Result struct {
	// Notebook is the notebook with the outputs and execution counts of
	// the cells that ran (cells not run keep what they had).
	Notebook *ipynb.Notebook
	// Stopped is set when a cell stopped the run: the cells after it did
	// not run.
	Stopped *Stop
}

// A Stop says which cell stopped a run, and how.
type Stop struct {
	Cell    int    // index among all the notebook's cells, 0-based
	Reason  string // "timeout" or "died"
	Message string // the client's own words
}

func (s *Stop) String() string {
	switch s.Reason {
	case "timeout":
		return "timed out on the kernel; the run stopped there (" + s.Message + ")"
	case "died":
		return "the kernel died while running it"
	}
	return s.Reason + ": " + s.Message
}

// ErrNoJupyter says Jupyter's client is not installed for the Python found;
// ErrNoKernel says the kernelspec is not installed. A *SetupError wrapping
// one of them is returned by Execute.
var (
	ErrNoJupyter = errors.New("Jupyter's client (nbclient) is not installed")
	ErrNoKernel  = errors.New("the kernel is not installed")
)

// A SetupError says the notebook could not be run at all because Jupyter or
// the kernel is missing or does not start.
type SetupError struct {
	Err    error  // ErrNoJupyter, ErrNoKernel or another cause
	Detail string // what the driver said
	Hint   string // how to fix it
}

func (e *SetupError) Error() string {
	s := e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

func (e *SetupError) Unwrap() error { return e.Err }

type request struct {
	Path     string         `json:"path"`
	Kernel   string         `json:"kernel"`
	Cwd      string         `json:"cwd"`
	Timeouts map[string]int `json:"timeouts"`
	Skip     []int          `json:"skip"`
}

type answer struct {
	Notebook json.RawMessage `json:"notebook"`
	Stopped  *Stop           `json:"stopped"`
	Error    *struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"error"`
}

// Execute runs the notebook at path on the kernel and returns the executed
// notebook. The notebook file is not changed.
func Execute(ctx context.Context, path string, opt Options) (*Result, error) {
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		return nil, err
	}
	req, err := newRequest(path, nb, opt)
	if err != nil {
		return nil, err
	}
	python := opt.Python
	if python == "" {
		python = FindPython()
	}
	out, err := runDriver(ctx, python, req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var a answer
	if err := json.Unmarshal(out, &a); err != nil {
		return nil, fmt.Errorf("%s: the kernel driver's answer is not JSON (%w): %.200q", path, err, out)
	}
	if a.Error != nil {
		return nil, setupError(a.Error.Kind, a.Error.Message, python, req.Kernel)
	}
	executed, err := ipynb.Parse(a.Notebook)
	if err != nil {
		return nil, fmt.Errorf("%s: the executed notebook: %w", path, err)
	}
	if len(executed.Cells) != len(nb.Cells) {
		return nil, fmt.Errorf("%s: the executed notebook has %d cells, the notebook %d", path, len(executed.Cells), len(nb.Cells))
	}
	return &Result{Notebook: executed, Stopped: a.Stopped}, nil
}

func newRequest(path string, nb *ipynb.Notebook, opt Options) (request, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return request{}, err
	}
	req := request{Path: abs, Kernel: opt.Kernel, Cwd: opt.Dir, Timeouts: map[string]int{}, Skip: []int{}}
	if req.Kernel == "" {
		req.Kernel = DefaultKernel
	}
	if req.Cwd == "" {
		req.Cwd = filepath.Dir(abs)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if opt.Skip != nil && opt.Skip(i) {
			req.Skip = append(req.Skip, i)
		}
		d := opt.Timeout
		if opt.CellTimeout != nil && opt.CellTimeout(i) > 0 {
			d = opt.CellTimeout(i)
		}
		// nbclient counts in whole seconds.
		req.Timeouts[strconv.Itoa(i)] = int((d + time.Second - 1) / time.Second)
	}
	return req, nil
}

// runDriver runs the embedded driver with python and returns what it wrote
// on stdout. A cancelled ctx stops the driver with SIGTERM, on which it
// shuts its kernel down, and kills it if it has not exited 10s later.
func runDriver(ctx context.Context, python string, req request) ([]byte, error) {
	in, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	script, err := os.CreateTemp("", "nbcheck-kernelrun-*.py")
	if err != nil {
		return nil, err
	}
	defer os.Remove(script.Name())
	if _, err := script.Write(driver); err != nil {
		script.Close()
		return nil, err
	}
	if err := script.Close(); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, python, script.Name())
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Stdin = bytes.NewReader(in)
	// The debugger warning Python prints for frozen modules is noise in
	// every report.
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	var stdout bytes.Buffer
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.Error
		var pe *fs.PathError
		if errors.As(err, &ee) || errors.As(err, &pe) && cmd.Process == nil {
			return nil, &SetupError{Err: ErrNoJupyter, Detail: fmt.Sprintf("cannot run Python %s (%v)", python, err), Hint: installHint}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("the kernel driver failed (%w):\n%s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

const installHint = "install Jupyter: bash tools/setup.sh (it installs requirements.txt into .venv), then put .venv/bin first on PATH"

func setupError(kind, msg, python, kernel string) error {
	switch kind {
	case "no-jupyter":
		return &SetupError{Err: ErrNoJupyter, Detail: fmt.Sprintf("%s cannot import it: %s", python, msg), Hint: installHint}
	case "no-kernel":
		hint := "see jupyter kernelspec list"
		if kernel == DefaultKernel {
			hint = "install it with go run ./tools/kernel"
		}
		return &SetupError{Err: ErrNoKernel, Detail: msg, Hint: hint}
	}
	return &SetupError{Err: errors.New("the kernel did not start"), Detail: msg}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = t.b[over:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
