package check

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

var opt = Options{Compare: compare.Default()}

const firstNotebook = "../../../notebooks/01-goroutines.ipynb"

// Every notebook of the collection passes on the yaegi engine.
func TestCollectionPasses(t *testing.T) {
	files, err := Expand([]string{"../../../notebooks"})
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	for _, f := range files {
		r := Run(context.Background(), f, opt)
		var buf bytes.Buffer
		if _, failed := Report(&buf, []Result{r}); failed > 0 || r.Err != nil {
			t.Errorf("%s:\n%s", f, buf.String())
		}
	}
}

// mutate copies the first notebook into a temporary folder after change
// has edited it, and returns the report of checking the copy.
func mutate(t *testing.T, change func(nb *ipynb.Notebook) int) (report string, cell int) {
	t.Helper()
	nb, err := ipynb.ReadFile(firstNotebook)
	if err != nil {
		t.Fatal(err)
	}
	cell = change(nb)
	path := filepath.Join(t.TempDir(), "mutated.ipynb")
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, failed := Report(&buf, []Result{Run(context.Background(), path, opt)})
	if failed != 1 {
		t.Errorf("%d cells failed, want 1:\n%s", failed, buf.String())
	}
	return buf.String(), cell
}

func findCell(t *testing.T, nb *ipynb.Notebook, piece string) int {
	t.Helper()
	for i, c := range nb.Cells {
		if c.Type == "code" && strings.Contains(c.Source, piece) {
			return i
		}
	}
	t.Fatalf("no code cell contains %q", piece)
	return -1
}

func TestChangedStoredLineFailsNamingTheCell(t *testing.T) {
	report, cell := mutate(t, func(nb *ipynb.Notebook) int {
		i := findCell(t, nb, `threading.Start("g2"`)
		out := nb.Cells[i].Outputs[0]
		out.Text = strings.Replace(out.Text, "g2 alive: false", "g2 alive: maybe", 1)
		return i
	})
	for _, want := range []string{
		"/mutated.ipynb cell " + strconv.Itoa(cell+1) + ": g2 := threading.Start",
		"-main: hello, after g2 finished; g2 alive: maybe",
		"+main: hello, after g2 finished; g2 alive: false",
		"8 passed, 1 failed",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

func TestSleepersInTurnFailTheTiming(t *testing.T) {
	report, cell := mutate(t, func(nb *ipynb.Notebook) int {
		i := findCell(t, nb, "wg.Go(")
		c := nb.Cells[i]
		c.Source = strings.Replace(c.Source, "wg.Go(func() { time.Sleep(nap) })", "time.Sleep(nap)", 1)
		return i
	})
	for _, want := range []string{
		"/mutated.ipynb cell " + strconv.Itoa(cell+1) + ": const sleepers = 5",
		"-5 goroutines, each sleeping 300ms: 300ms in all",
		"+5 goroutines, each sleeping 300ms: 1.5s in all",
		"-together took less than two naps: true",
		"+together took less than two naps: false",
		"8 passed, 1 failed",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

func TestUnusableInputIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"broken.ipynb": `{"cells": [`,
		"python.ipynb": `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "cells": []}`,
		"bare.ipynb":   `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(content), 0o644)
		r := Run(context.Background(), path, opt)
		if _, ok := r.Err.(*InputError); !ok || !strings.Contains(r.Err.Error(), name) {
			t.Errorf("%s: err = %v, want an input error naming the file", name, r.Err)
		}
	}
}
