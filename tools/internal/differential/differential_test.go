package differential

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

// A cell of a test notebook, and what the fake kernel gives for it.
type cell struct {
	src    string
	tags   []string
	kernel []*ipynb.Output
}

func stdout(s string) *ipynb.Output { return &ipynb.Output{Type: "stream", Name: "stdout", Text: s} }
func result(s string) *ipynb.Output {
	return &ipynb.Output{Type: "execute_result", Data: map[string]any{"text/plain": s}, Metadata: map[string]any{}}
}
func failure(msg string) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: msg, Traceback: []string{msg}}
}

// writeNotebook writes a Go notebook of the cells (no stored outputs) and
// returns its path.
func writeNotebook(t *testing.T, cells []cell) string {
	t.Helper()
	nb := &ipynb.Notebook{Nbformat: 4, NbformatMinor: 5, Metadata: map[string]any{
		"kernelspec": map[string]any{"name": "gophernotes", "language": "go", "display_name": "Go"},
	}}
	for i, c := range cells {
		md := map[string]any{}
		if len(c.tags) > 0 {
			tags := make([]any, len(c.tags))
			for k, tag := range c.tags {
				tags[k] = tag
			}
			md["tags"] = tags
		}
		nb.Cells = append(nb.Cells, &ipynb.Cell{Type: "code", ID: string(rune('a' + i)), Source: c.src, Metadata: md})
	}
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// fakeKernel answers as the kernel would have, with the cells' kernel
// outputs, stopping at cell stop (0-based) when stop >= 0.
func fakeKernel(cells []cell, stop int, reason string) func(context.Context, string, kernelrun.Options) (*kernelrun.Result, error) {
	return func(_ context.Context, path string, opt kernelrun.Options) (*kernelrun.Result, error) {
		nb, err := ipynb.ReadFile(path)
		if err != nil {
			return nil, err
		}
		r := &kernelrun.Result{Notebook: nb}
		for i, c := range cells {
			if stop >= 0 && i > stop || opt.Skip(i) {
				continue
			}
			nb.Cells[i].Outputs = c.kernel
			if i == stop {
				r.Stopped = &kernelrun.Stop{Cell: i, Reason: reason}
			}
		}
		return r, nil
	}
}

func options(execute func(context.Context, string, kernelrun.Options) (*kernelrun.Result, error)) Options {
	return Options{
		Check:   check.Options{Compare: compare.Default(), Engine: engine.Options{Timeout: 20 * time.Second}},
		Kernel:  "gophernotes",
		Execute: execute,
	}
}

func TestVerdicts(t *testing.T) {
	cells := []cell{
		{src: `import "fmt"` + "\n" + `fmt.Print("same\n")`, kernel: []*ipynb.Output{stdout("same\n")}},
		{src: `fmt.Print("ours\n")`, kernel: []*ipynb.Output{stdout("theirs\n")}},
		{src: `panic("both fail")`, kernel: []*ipynb.Output{failure("worded otherwise")}},
		{src: `1 + 1`, kernel: []*ipynb.Output{failure("the kernel failed")}},
		{src: `undefinedName`, kernel: []*ipynb.Output{result("0")}},
		{src: `fmt.Print("skipped\n")`, tags: []string{"nbval-skip"}},
		{src: `fmt.Print("random\n")`, tags: []string{"nbval-ignore-output"}, kernel: []*ipynb.Output{stdout("other\n")}},
	}
	path := writeNotebook(t, cells)
	res, err := Notebook(context.Background(), path, options(fakeKernel(cells, -1, "")))
	if err != nil || res.Err != nil {
		t.Fatalf("Notebook: %v, %v", err, res.Err)
	}
	want := []string{"PASS", "FAIL", "PASS", "FAIL", "FAIL", "SKIP", "PASS"}
	for i, c := range res.Cells {
		if c.Status() != want[i] {
			t.Errorf("cell %d (%s): %s, want %s (diffs %v, err %v)", i+1, c.Source, c.Status(), want[i], c.Diffs, c.Err)
		}
	}
	if e := res.Cells[3].Err; e == nil || !strings.Contains(e.Error(), "on the kernel only: the kernel failed") {
		t.Errorf("cell 4: err %v, want the kernel's error", e)
	}
	if e := res.Cells[4].Err; e == nil || !strings.Contains(e.Error(), "in nbcheck only: ") {
		t.Errorf("cell 5: err %v, want nbcheck's error", e)
	}

	var buf bytes.Buffer
	agree, total := report.Agreement(&buf, []verdict.Result{res})
	if agree != 3 || total != 6 {
		t.Errorf("Report: %d of %d agree, want 3 of 6", agree, total)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "\n3 of 6 cells agree (1 skipped or not run)\n") {
		t.Errorf("report does not end with the agreement line:\n%s", out)
	}
	if strings.Contains(out, "passed,") {
		t.Errorf("report keeps check's pass/fail totals:\n%s", out)
	}
	for _, s := range []string{"--- FAIL: " + path + " cell 2: ", "-theirs", "+ours"} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
}

func TestKernelStopped(t *testing.T) {
	cells := []cell{
		{src: `1`, kernel: []*ipynb.Output{result("1")}},
		{src: `2`, kernel: nil},
		{src: `3`, kernel: []*ipynb.Output{result("3")}},
	}
	path := writeNotebook(t, cells)
	res, err := Notebook(context.Background(), path, options(fakeKernel(cells, 1, "died")))
	if err != nil || res.Err != nil {
		t.Fatalf("Notebook: %v, %v", err, res.Err)
	}
	if res.Cells[0].Status() != "PASS" || res.Cells[2].Status() != "SKIP" || !res.Cells[2].NotRun {
		t.Errorf("cells 1 and 3: %s, %s (not run %v), want PASS and not run", res.Cells[0].Status(), res.Cells[2].Status(), res.Cells[2].NotRun)
	}
	if e := res.Cells[1].Err; e == nil || !strings.Contains(e.Error(), "the kernel died") {
		t.Errorf("cell 2: err %v, want the kernel died", e)
	}
}

// TestOnKernel runs a notebook on the installed gophernotes kernel and on
// nbcheck. One of its cells shows the program it runs in, which is never
// the same for the two; every other cell must agree. It runs when the test
// command asks for the real kernel (NOTEBOOKS_KERNEL_TEST=1, as
// tools/test.sh does), and then fails, not skips, without one.
func TestOnKernel(t *testing.T) {
	testenv.NeedKernel(t)
	path := writeNotebook(t, []cell{
		{src: `import "fmt"` + "\n" + `fmt.Println("hello")`},
		{src: `import (` + "\n\t" + `"os"` + "\n\t" + `"path/filepath"` + "\n)\n" + `filepath.Base(os.Args[0])`},
		{src: `6 * 7`},
		{src: `panic("on purpose")`, tags: []string{"raises-exception"}},
	})
	opt := options(nil)
	res, err := Notebook(context.Background(), path, opt)
	if err != nil || res.Err != nil {
		t.Fatalf("Notebook: %v, %v", err, res.Err)
	}
	for i, c := range res.Cells {
		if want := map[bool]string{true: "FAIL", false: "PASS"}[i == 1]; c.Status() != want {
			var buf bytes.Buffer
			report.Text(&buf, []verdict.Result{res})
			t.Errorf("cell %d: %s, want %s:\n%s", i+1, c.Status(), want, buf.String())
		}
	}
}
