package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
)

// TestKernelConformance runs Jupyter's kernel test suite (jupyter_kernel_test,
// unmodified, with the samples in conformance/test_gophernotes.py) against the
// installed gophernotes kernel and fails on any failed test. Like the nbconvert
// check it needs the kernel; tools/test.sh runs it with NOTEBOOKS_KERNEL_TEST=1.
func TestKernelConformance(t *testing.T) {
	runPythonSuite(t, "conformance/test_gophernotes.py")
}

// runPythonSuite runs a Python unittest file of this folder against the
// installed kernel, with the Python of the jupyter first on PATH (.venv's in
// tools/test.sh), from the notebooks folder, and fails the test unless the
// suite reports OK.
func runPythonSuite(t *testing.T, file string) {
	t.Helper()
	testenv.Jupyter(t, kernelName)
	python := kernelrun.FindPython()
	suite, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, suite, "-v")
	cmd.Dir = "../../notebooks" // the kernel imports the helper as ../pkg/threading
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	out, err := cmd.CombinedOutput()
	report := string(out)
	t.Log(summary(report))
	if err != nil || !regexp.MustCompile(`(?m)^OK\b`).MatchString(report) {
		t.Errorf("%s failed (%v):\n%s", file, err, report)
	}
}

// summary keeps the lines of a unittest report that name each test's verdict.
func summary(report string) string {
	var keep []string
	for _, l := range strings.Split(report, "\n") {
		if strings.Contains(l, " ... ") || strings.HasPrefix(l, "Ran ") || l == "OK" || strings.HasPrefix(l, "OK (") || strings.HasPrefix(l, "FAILED") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
