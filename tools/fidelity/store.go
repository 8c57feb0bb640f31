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
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
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
	if problems := verdict.MisplacedErrors(nb); len(problems) > 0 {
		return 0, fmt.Errorf("%s: not stored: its errors are not where its tags say:\n\t%s", path, strings.Join(problems, "\n\t"))
	}
	return codeCells(nb), fsutil.WriteFile(path, b)
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
