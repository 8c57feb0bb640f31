package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/differential"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
)

// oneCellNotebook writes a notebook of the one code cell "1".
func oneCellNotebook(t *testing.T) string {
	t.Helper()
	nb := &ipynb.Notebook{Nbformat: 4, NbformatMinor: 5, Metadata: map[string]any{
		"kernelspec": map[string]any{"name": "gophernotes", "language": "go", "display_name": "Go"},
	}}
	nb.Cells = append(nb.Cells, &ipynb.Cell{Type: "code", Source: "1", Metadata: map[string]any{}})
	path := filepath.Join(t.TempDir(), "one.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// kernelShowing is a kernel whose run of every notebook shows value as
// the result of its first cell.
func kernelShowing(value string) func(context.Context, string, kernelrun.Options) (*kernelrun.Result, error) {
	return func(_ context.Context, path string, _ kernelrun.Options) (*kernelrun.Result, error) {
		nb, err := ipynb.ReadFile(path)
		if err != nil {
			return nil, err
		}
		one := 1
		nb.Cells[0].Outputs = []*ipynb.Output{{Type: "execute_result", ExecutionCount: &one, Data: map[string]any{"text/plain": value}, Metadata: map[string]any{}}}
		return &kernelrun.Result{Notebook: nb}, nil
	}
}

// nbcheck -kernel's exit status and last line: 0 and "1 of 1 cells agree"
// when the kernel and nbcheck agree, 1 when they do not, 2 with the
// reason when the kernel is missing.
func TestKernelModeExitStatus(t *testing.T) {
	path := oneCellNotebook(t)
	missing := func(context.Context, string, kernelrun.Options) (*kernelrun.Result, error) {
		return nil, &kernelrun.SetupError{Err: kernelrun.ErrNoKernel, Detail: "no kernelspec named 'gophernotes'"}
	}
	for _, tc := range []struct {
		name    string
		execute func(context.Context, string, kernelrun.Options) (*kernelrun.Result, error)
		want    int
		last    string
		err     error
	}{
		{"agree", kernelShowing("1"), ExitOK, "1 of 1 cells agree\n", nil},
		{"disagree", kernelShowing("2"), ExitFailed, "0 of 1 cells agree\n", nil},
		{"no kernel", missing, ExitInput, "", kernelrun.ErrNoKernel},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := differential.Options{
				Check:   check.Options{Compare: compare.Default(), Engine: engine.Options{Timeout: 20 * time.Second}},
				Kernel:  "gophernotes",
				Execute: tc.execute,
			}
			var buf bytes.Buffer
			code, err := runKernel(context.Background(), &buf, []string{path}, opt, ExitOK)
			if code != tc.want || !errors.Is(err, tc.err) || !strings.HasSuffix(buf.String(), tc.last) {
				t.Errorf("runKernel = %d, %v, report:\n%s\nwant %d, %v, ending %q", code, err, buf.String(), tc.want, tc.err, tc.last)
			}
		})
	}
}
