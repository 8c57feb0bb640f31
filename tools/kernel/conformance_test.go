package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestKernelConformance runs Jupyter's kernel test suite (jupyter_kernel_test,
// unmodified, with the samples in conformance/test_gophernotes.py) against the
// installed gophernotes kernel and fails on any failed test. Like the nbconvert
// check it needs the kernel; tools/test.sh runs it with NOTEBOOKS_KERNEL_TEST=1.
func TestKernelConformance(t *testing.T) {
	runPythonSuite(t, "conformance/test_gophernotes.py")
}

// runPythonSuite runs a Python unittest file of this folder against the
// installed kernel, with the Python that runs Jupyter, from the notebooks
// folder, and fails the test unless the suite reports OK.
func runPythonSuite(t *testing.T, file string) {
	t.Helper()
	python := pythonWithJupyter(requireKernel(t))
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

// pythonWithJupyter returns the Python that runs Jupyter here: the one named
// in the jupyter command's first line (Debian's /usr/bin/python3, which is not
// always the python3 first on PATH).
func pythonWithJupyter(jupyter string) string {
	b, err := os.ReadFile(jupyter)
	if err == nil && strings.HasPrefix(string(b), "#!") {
		line, _, _ := strings.Cut(string(b[2:]), "\n")
		if fields := strings.Fields(line); len(fields) > 0 && !strings.HasSuffix(fields[0], "/env") {
			return fields[0]
		}
	}
	return "python3"
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
