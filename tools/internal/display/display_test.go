package display_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/display"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

const displayNotebook = "testdata/display.ipynb"

func run(t *testing.T, path string) (string, int) {
	t.Helper()
	var buf bytes.Buffer
	_, failed := report.Text(&buf, []verdict.Result{check.Run(context.Background(), path, check.Options{Compare: compare.Default()})})
	return buf.String(), failed
}

// The notebook that uses every display function and interface, executed on
// the gophernotes kernel, gives the same outputs on nbcheck.
func TestDisplayNotebookMatchesTheKernel(t *testing.T) {
	if report, failed := run(t, displayNotebook); failed > 0 {
		t.Errorf("nbcheck differs from gophernotes:\n%s", report)
	}
}

// mutated writes a copy of the display notebook after change, and checks it.
func mutated(t *testing.T, change func(nb *ipynb.Notebook)) (string, int) {
	nb, err := ipynb.ReadFile(displayNotebook)
	if err != nil {
		t.Fatal(err)
	}
	change(nb)
	path := filepath.Join(t.TempDir(), "display.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return run(t, path)
}

func cellWith(t *testing.T, nb *ipynb.Notebook, src string) *ipynb.Cell {
	for _, c := range nb.Cells {
		if c.Source == src {
			return c
		}
	}
	t.Fatalf("no cell %q", src)
	return nil
}

func TestChangedHTMLFailsWithAReadableDiff(t *testing.T) {
	report, failed := mutated(t, func(nb *ipynb.Notebook) {
		c := cellWith(t, nb, `Card{"a card of its own"}`)
		c.Outputs[0].Data["text/html"] = `<div class="card">a different card</div>`
	})
	for _, want := range []string{
		`Card{"a card of its own"}`,
		"output 1 (execute_result) text/html:",
		`-<div class="card">a different card</div>`,
		`+<div class="card">a card of its own</div>`,
	} {
		if failed != 1 || !strings.Contains(report, want) {
			t.Errorf("%d failed; report lacks %q:\n%s", failed, want, report)
		}
	}
}

func TestChangedImageSaysSoWithoutBase64(t *testing.T) {
	report, failed := mutated(t, func(nb *ipynb.Notebook) {
		c := cellWith(t, nb, "img")
		c.Outputs[0].Data["image/png"] = nb.Cells[len(nb.Cells)-1].Outputs[0].Data["text/plain"] // not the picture
	})
	if failed != 1 || !strings.Contains(report, "image differs") || strings.Contains(report, "iVBOR") {
		t.Errorf("%d failed; report:\n%s", failed, report)
	}
}

// Older gophernotes stored a cell's stdout as an execute_result with
// text/plain; such a notebook is reported as differing, with the diff.
func TestStdoutStoredAsResultIsADifference(t *testing.T) {
	report, failed := mutated(t, func(nb *ipynb.Notebook) {
		c := cellWith(t, nb, "Display(display.Markdown(\"displayed\"))\n\"and a value\"")
		c.Source = "import \"fmt\"\nfmt.Print(\"printed\\n\")\nreturnNothing := 0\n_ = returnNothing"
		n := 1
		c.Outputs = []*ipynb.Output{{Type: "execute_result", ExecutionCount: &n, Data: map[string]any{"text/plain": "printed\n"}}}
	})
	for _, want := range []string{"+printed", "- missing execute_result: printed"} {
		if failed != 1 || !strings.Contains(report, want) {
			t.Errorf("%d failed; report lacks %q:\n%s", failed, want, report)
		}
	}
}

func TestBundles(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  display.Data
		want display.MIMEMap
	}{
		{"HTML", display.HTML("<b>x</b>"), display.MIMEMap{"text/html": "<b>x</b>", "text/plain": "<b>x</b>"}},
		{"Math", display.Math("$x$"), display.MIMEMap{"text/latex": "$$x$$", "text/plain": "$x$"}},
		{"Latex", display.Latex("x"), display.MIMEMap{"text/latex": "$x$", "text/plain": "x"}},
		{"Any has no plain text", display.Any("text/html", "<i>y</i>"), display.MIMEMap{"text/html": "<i>y</i>"}},
		{"MakeData3", display.MakeData3("text/html", "p", "<p>"), display.MIMEMap{"text/plain": "p", "text/html": "<p>"}},
	} {
		if len(tc.got.Data) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, tc.got.Data, tc.want)
		}
		for k, v := range tc.want {
			if tc.got.Data[k] != v {
				t.Errorf("%s: %s = %v, want %v", tc.name, k, tc.got.Data[k], v)
			}
		}
	}
}
