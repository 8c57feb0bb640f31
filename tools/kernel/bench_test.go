package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
)

// helperImport is the cell every lesson begins with.
const helperImport = `import "../pkg/threading"`

// BenchmarkHelperImportNewKernel measures, with jupyter_client, how long the
// helper's import takes in a new kernel (its start aside), side by side:
//
//   - cached: the plugin cache (the user's, as a learner has it) holds the
//     helper's plugin, as it does once set-up or a first lesson imported it;
//   - built: every kernel has an empty plugin cache of its own
//     (GOMACRO_PLUGIN_CACHE), so it builds the plugin, as every kernel did
//     before the cache (go get, go mod tidy, go build -buildmode=plugin).
//
// It needs the kernel, like the other kernel tests:
//
//	PATH=$PWD/.venv/bin:$PATH NOTEBOOKS_KERNEL_TEST=1 go test -run - -bench HelperImportNewKernel -benchtime 5x ./tools/kernel
func BenchmarkHelperImportNewKernel(b *testing.B) {
	testenv.Jupyter(b, kernelName)
	for _, bc := range []struct {
		name  string
		fresh bool // an empty cache for each kernel
	}{{"cached", false}, {"built", true}} {
		b.Run(bc.name, func(b *testing.B) {
			d := startKernelDriver(b)
			if !bc.fresh {
				// fill the cache, if set-up has not
				d.do(b, map[string]any{"op": "start"})
				d.do(b, map[string]any{"op": "run", "code": helperImport})
				d.do(b, map[string]any{"op": "stop"})
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				env := map[string]string{}
				if bc.fresh {
					env["GOMACRO_PLUGIN_CACHE"] = b.TempDir()
				}
				d.do(b, map[string]any{"op": "start", "env": env})
				b.StartTimer()
				d.do(b, map[string]any{"op": "run", "code": helperImport})
				b.StopTimer()
				d.do(b, map[string]any{"op": "stop"})
				b.StartTimer()
			}
		})
	}
}

// kernelDriver is bench/kernel_driver.py, running: it starts kernels and
// runs cells with jupyter_client.
type kernelDriver struct {
	in  io.Writer
	out *bufio.Scanner
}

func startKernelDriver(b *testing.B) *kernelDriver {
	b.Helper()
	script, err := filepath.Abs(filepath.Join("bench", "kernel_driver.py"))
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(kernelrun.FindPython(), script)
	cmd.Dir = "../../notebooks" // the kernel imports the helper as ../pkg/threading
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		in.Close() // the driver shuts its kernel down and ends
		cmd.Wait()
	})
	return &kernelDriver{in: in, out: bufio.NewScanner(out)}
}

// do sends the driver a command and fails the benchmark unless it succeeds.
func (d *kernelDriver) do(b *testing.B, cmd map[string]any) {
	b.Helper()
	line, err := json.Marshal(cmd)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.in.Write(append(line, '\n')); err != nil {
		b.Fatal(err)
	}
	if !d.out.Scan() {
		b.Fatalf("the kernel driver ended at %s: %v", line, d.out.Err())
	}
	var answer struct {
		OK    bool
		Error string
	}
	if err := json.Unmarshal(d.out.Bytes(), &answer); err != nil || !answer.OK {
		b.Fatalf("%s: %s %v", line, answer.Error, err)
	}
}
