package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
)

// findJupyter returns the jupyter command, once it has checked that the
// gophernotes kernelspec is installed.
func findJupyter() (string, error) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		return "", fmt.Errorf("jupyter not found on PATH: run tools/setup.sh")
	}
	out, err := exec.Command(jupyter, "kernelspec", "list").Output()
	if err != nil {
		return "", fmt.Errorf("jupyter kernelspec list: %w", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == kernelrun.DefaultKernel {
			return jupyter, nil
		}
	}
	return "", fmt.Errorf("the %s kernel is not installed: run go run ./tools/kernel", kernelrun.DefaultKernel)
}

// store executes the notebook at path on the kernel with nbconvert and, when
// its errors are where its tags say, writes the result over it. It returns
// the number of code cells.
func store(jupyter, path string, timeout int) (int, error) {
	tmp, err := os.MkdirTemp("", "fidelity-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	name := filepath.Base(path)
	cmd := exec.Command(jupyter, "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		fmt.Sprintf("--ExecutePreprocessor.timeout=%d", timeout),
		"--ExecutePreprocessor.kernel_name="+kernelrun.DefaultKernel,
		"--output-dir", tmp, "--output", name, path)
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: nbconvert: %w\n%s", path, err, lastLines(stderr.String(), 15))
	}
	b, err := os.ReadFile(filepath.Join(tmp, name))
	if err != nil {
		return 0, err
	}
	nb, err := ipynb.Parse(b)
	if err != nil {
		return 0, fmt.Errorf("%s: the executed notebook: %w", path, err)
	}
	if problems := errorProblems(nb); len(problems) > 0 {
		return 0, fmt.Errorf("%s: not stored: its errors are not where its tags say:\n\t%s", path, strings.Join(problems, "\n\t"))
	}
	return codeCells(nb), fsutil.WriteFile(path, b)
}

// errorProblems names the code cells that raised an error but are not
// marked raises-exception, and those so marked that raised none.
func errorProblems(nb *ipynb.Notebook) []string {
	var problems []string
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		m, err := marker.Of(c)
		if err != nil {
			problems = append(problems, fmt.Sprintf("cell %d: %v", i+1, err))
			continue
		}
		var raised *ipynb.Output
		for _, o := range c.Outputs {
			if o.Type == "error" {
				raised = o
				break
			}
		}
		switch {
		case m.Skip:
		case raised != nil && !m.RaisesException:
			problems = append(problems, fmt.Sprintf("cell %d raised an error but is not tagged raises-exception: %s", i+1, oneline.Of(raised.Evalue)))
		case raised == nil && m.RaisesException:
			problems = append(problems, fmt.Sprintf("cell %d is tagged raises-exception but raised no error", i+1))
		}
	}
	return problems
}

func codeCells(nb *ipynb.Notebook) int {
	n := 0
	for _, c := range nb.Cells {
		if c.Type == "code" {
			n++
		}
	}
	return n
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}
