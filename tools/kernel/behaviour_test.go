package main

import "testing"

// TestKernelBehaviour checks with jupyter_client what our patches make the
// installed kernel do (behaviour/test_kernel_behaviour.py, a fresh kernel for
// each test): Stop interrupts a sleep, a channel receive and a busy loop, each
// with a reply within 15 s, the kernel alive, an earlier variable intact and
// the next cell running, also when the cell given up wakes up later; cells
// share their variables however many the session declares; output
// written after its cell ended reaches that cell; a final fmt print and a
// trailing ";" show no value, and import warnings go to the kernel's log;
// an error with stop_on_error aborts the requests queued behind it, one
// without does not; the plugin of a local package is cached, and built again
// once its source changes; protocol 5.3. tools/test.sh runs it with NOTEBOOKS_KERNEL_TEST=1.
func TestKernelBehaviour(t *testing.T) {
	runPythonSuite(t, "behaviour/test_kernel_behaviour.py")
}
