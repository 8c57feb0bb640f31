package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// TestNbconvertOnGophernotes executes every notebook of the collection and
// of the fidelity corpus on the installed gophernotes kernel with nbconvert,
// into a temporary folder, and checks the result against the stored
// notebook with nbcheck's comparer and the cells' markers. A cell may raise
// an error only where it is tagged raises-exception (nbconvert lets those
// go on). It needs Jupyter and the kernel (go run ./tools/kernel);
// tools/test.sh installs both and runs it with NOTEBOOKS_KERNEL_TEST=1.
func TestNbconvertOnGophernotes(t *testing.T) {
	jupyter := testenv.Jupyter(t, kernelName)
	for _, dir := range []string{"../../notebooks", "../fidelity/testdata"} {
		notebooks, err := input.Expand([]string{dir})
		if err != nil || len(notebooks) == 0 {
			t.Fatalf("no notebooks in %s: %v", dir, err)
		}
		for _, nb := range notebooks {
			// Named from the repository's root: notebooks/01-goroutines.
			name := strings.TrimPrefix(filepath.ToSlash(nb), "../../")
			name = strings.Replace(name, "../", "tools/", 1)
			t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
				nbconvertCheck(t, jupyter, nb)
			})
		}
	}
}

// nbconvertCheck executes the notebook nb with nbconvert and checks the
// executed notebook against the stored one.
func nbconvertCheck(t *testing.T, jupyter, nb string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	out, name := t.TempDir(), filepath.Base(nb)
	cmd := exec.CommandContext(ctx, jupyter, "nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.timeout=300", "--output-dir", out, "--output", name, nb)
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	start := time.Now()
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert %s: %v\n%s", nb, err, b)
	}
	t.Logf("%s executed on gophernotes in %.1fs", nb, time.Since(start).Seconds())
	stored, err := input.Load(nb)
	if err != nil {
		t.Fatal(err)
	}
	executed, err := ipynb.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	r := verdict.Notebooks(nb, stored.Notebook, executed, stored.Markers, compare.Default())
	var buf bytes.Buffer
	if _, failed := report.Text(&buf, []verdict.Result{r}); failed > 0 || r.Err != nil {
		t.Errorf("the run on gophernotes differs from the stored notebook:\n%s", buf.String())
	}
	// Skipped cells are not compared, but they may not raise either
	// unless tagged so.
	for _, c := range executed.Cells {
		m, err := marker.Of(c)
		if err != nil || m.RaisesException || c.Type != "code" {
			continue
		}
		if e := verdict.FirstError(c.Outputs); e != nil {
			t.Errorf("cell %q raised an error on gophernotes: %s", oneline.Of(c.Source), e.Evalue)
		}
	}
}
