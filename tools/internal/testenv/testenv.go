// Package testenv says, for the module's tests, whether what a test needs
// is here: the tests on the real kernel run when the test command asks for
// them (tools/test.sh sets NOTEBOOKS_KERNEL_TEST=1), and then fail, rather
// than skip, when Jupyter or the kernel is missing.
package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// KernelTestVar is the variable that asks for the tests on the real kernel.
const KernelTestVar = "NOTEBOOKS_KERNEL_TEST"

// NeedKernel skips t unless the test command asked for the tests on the
// real kernel.
func NeedKernel(t testing.TB) {
	t.Helper()
	if os.Getenv(KernelTestVar) == "" {
		t.Skip("runs on the real kernel from tools/test.sh; set " + KernelTestVar + "=1 to run it here")
	}
}

// Jupyter is NeedKernel, then fails t unless jupyter is on PATH with the
// kernelspec named kernel installed; it returns the jupyter command.
func Jupyter(t testing.TB, kernel string) string {
	t.Helper()
	NeedKernel(t)
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		t.Fatal("jupyter not found on PATH: run bash tools/setup.sh, then put .venv/bin first on PATH (tools/test.sh does)")
	}
	specs, err := exec.Command(jupyter, "kernelspec", "list").Output()
	if err != nil || !strings.Contains(string(specs), kernel) {
		t.Fatalf("the %s kernel is not installed (jupyter kernelspec list: %s): run bash tools/setup.sh", kernel, specs)
	}
	return jupyter
}
