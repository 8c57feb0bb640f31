package kernelrun

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
)

const cellsNotebook = "testdata/cells.ipynb"

func TestShebang(t *testing.T) {
	for _, tc := range []struct{ first, want string }{
		{"#!/usr/bin/python3\n", "/usr/bin/python3"},
		{"#!/work/notebooks/.venv/bin/python3\n", "/work/notebooks/.venv/bin/python3"},
		{"#!/usr/bin/python3.11 -I\n", "/usr/bin/python3.11"},
		{"#!/usr/bin/env python3\n", ""}, // whatever python3 is first on PATH
		{"#!/bin/sh\n", ""},
		{"#!python3\n", ""},
		{"no shebang\n", ""},
		{"#!/usr/bin/python3", ""}, // no line end: not a script Python wrote
	} {
		path := filepath.Join(t.TempDir(), "jupyter")
		content := tc.first
		if strings.HasSuffix(content, "\n") {
			content += "import sys\n"
		}
		if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
		if got := shebang(path); got != tc.want {
			t.Errorf("shebang of %q = %q, want %q", tc.first, got, tc.want)
		}
	}
}

func TestRequest(t *testing.T) {
	nb, err := ipynb.ReadFile(cellsNotebook)
	if err != nil {
		t.Fatal(err)
	}
	req, err := newRequest(cellsNotebook, nb, Options{
		Timeout:     1500 * time.Millisecond,
		CellTimeout: func(i int) time.Duration { return map[int]time.Duration{7: 3 * time.Second}[i] },
		Skip:        func(i int) bool { return i == 4 },
	})
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("testdata")
	if req.Kernel != DefaultKernel || req.Cwd != abs || !filepath.IsAbs(req.Path) {
		t.Errorf("kernel %q, cwd %q, path %q: want %q, %q and an absolute path", req.Kernel, req.Cwd, req.Path, DefaultKernel, abs)
	}
	if len(req.Skip) != 1 || req.Skip[0] != 4 {
		t.Errorf("skip = %v, want [4]", req.Skip)
	}
	// Seconds, rounded up: nbclient counts whole seconds.
	if req.Timeouts["0"] != 2 || req.Timeouts["7"] != 3 {
		t.Errorf("timeouts = %v, want 2s for cell 0 and 3s for cell 7", req.Timeouts)
	}
}

func TestNoPython(t *testing.T) {
	_, err := Execute(context.Background(), cellsNotebook, Options{Python: "/no/such/python3"})
	if !errors.Is(err, ErrNoJupyter) || !strings.Contains(err.Error(), "/no/such/python3") {
		t.Fatalf("got %v, want ErrNoJupyter naming the missing Python", err)
	}
}

// realPython returns the Python that runs Jupyter, or skips the test when
// there is none at all.
func realPython(t *testing.T) string {
	p, err := exec.LookPath(FindPython())
	if err != nil {
		t.Skipf("no Python here (%v)", err)
	}
	return p
}

// A Python without Jupyter's packages: the driver says so, and the error
// says how to install them.
func TestNoJupyter(t *testing.T) {
	python := realPython(t)
	// -S leaves out site-packages and dist-packages, where Jupyter lives.
	fake := filepath.Join(t.TempDir(), "python3")
	script := "#!/bin/sh\nexec " + python + " -S \"$@\"\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Execute(context.Background(), cellsNotebook, Options{Python: fake})
	if !errors.Is(err, ErrNoJupyter) || !strings.Contains(err.Error(), "install Jupyter") {
		t.Fatalf("got %v, want ErrNoJupyter with a hint", err)
	}
}

func TestNoKernel(t *testing.T) {
	_, err := Execute(context.Background(), cellsNotebook, Options{Python: realPython(t), Kernel: "nbcheck-no-such-kernel"})
	if errors.Is(err, ErrNoJupyter) {
		t.Skipf("Jupyter is not installed here: %v", err)
	}
	if !errors.Is(err, ErrNoKernel) || !strings.Contains(err.Error(), "nbcheck-no-such-kernel") {
		t.Fatalf("got %v, want ErrNoKernel naming the kernel", err)
	}
}

// TestOnKernel runs a notebook on the installed gophernotes kernel. It runs
// when the test command asks for the real kernel (NOTEBOOKS_KERNEL_TEST=1,
// as tools/test.sh does), and then fails, not skips, when Jupyter or the
// kernel is missing.
func TestOnKernel(t *testing.T) {
	testenv.NeedKernel(t)
	before, err := os.ReadFile(cellsNotebook)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Execute(context.Background(), cellsNotebook, Options{
		Timeout:     30 * time.Second,
		CellTimeout: func(i int) time.Duration { return map[int]time.Duration{7: 2 * time.Second}[i] },
		Skip:        func(i int) bool { return i == 4 },
	})
	if err != nil {
		t.Fatal(err)
	}
	cells := r.Notebook.Cells
	stream := func(i int, name string) string {
		var b strings.Builder
		for _, o := range cells[i].Outputs {
			if o.Type == "stream" && o.Name == name {
				b.WriteString(o.Text)
			}
		}
		return b.String()
	}
	if got := stream(0, "stdout"); got != "to stdout\n" {
		t.Errorf("cell 0 stdout = %q", got)
	}
	if got := stream(1, "stderr"); got != "to stderr\n" {
		t.Errorf("cell 1 stderr = %q", got)
	}
	if o := last(cells[2].Outputs); o == nil || o.Type != "execute_result" || o.Data["text/plain"] != "42" {
		t.Errorf("cell 2 outputs = %v, want the result 42", cells[2].Outputs)
	}
	if o := last(cells[3].Outputs); o == nil || o.Type != "error" || !strings.Contains(o.Evalue, "on purpose") {
		t.Errorf("cell 3 outputs = %v, want the panic as an error", cells[3].Outputs)
	}
	if len(cells[4].Outputs) != 0 || cells[4].ExecutionCount != nil {
		t.Errorf("cell 4 was to be skipped, but has outputs %v", cells[4].Outputs)
	}
	if got, want := strings.TrimSpace(stream(5, "stdout")), mustAbs(t, "testdata"); got != want {
		t.Errorf("the kernel ran in %q, want the notebook's folder %q", got, want)
	}
	if got := stream(6, "stdout"); got != "kept\n" {
		t.Errorf("cell 6 stdout = %q, want the text after the carriage return", got)
	}
	if r.Stopped == nil || r.Stopped.Cell != 7 || r.Stopped.Reason != "timeout" {
		t.Errorf("stopped = %+v, want cell 7 timed out", r.Stopped)
	}
	if len(cells[8].Outputs) != 0 {
		t.Errorf("cell 8 ran after the run stopped: %v", cells[8].Outputs)
	}
	after, err := os.ReadFile(cellsNotebook)
	if err != nil || string(after) != string(before) {
		t.Errorf("the notebook file changed (%v)", err)
	}
}

func last(outs []*ipynb.Output) *ipynb.Output {
	if len(outs) == 0 {
		return nil
	}
	return outs[len(outs)-1]
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
