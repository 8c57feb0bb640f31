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

// Breaking a notebook, by its stored outputs or by its code, fails exactly
// the cell concerned, and the report names it and shows the lines.
func TestMutatedNotebookFailsNamingTheCell(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cell   string // a piece of the cell's source
		change func(c *ipynb.Cell)
		want   []string
	}{
		{
			name: "a stored line changed",
			cell: `threading.Start("g2"`,
			change: func(c *ipynb.Cell) {
				c.Outputs[0].Text = strings.Replace(c.Outputs[0].Text, "g2 alive: false", "g2 alive: maybe", 1)
			},
			want: []string{
				"-main: hello, after g2 finished; g2 alive: maybe",
				"+main: hello, after g2 finished; g2 alive: false",
			},
		},
		{
			name: "the five sleepers run in turn",
			cell: "wg.Go(",
			change: func(c *ipynb.Cell) {
				c.Source = strings.Replace(c.Source, "wg.Go(func() { time.Sleep(nap) })", "time.Sleep(nap)", 1)
			},
			want: []string{
				"-5 goroutines, each sleeping 300ms: 300ms in all",
				"+5 goroutines, each sleeping 300ms: 1.5s in all",
				"-together took less than two naps: true",
				"+together took less than two naps: false",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := ipynb.ReadFile(firstNotebook)
			if err != nil {
				t.Fatal(err)
			}
			i := findCell(t, nb, tc.cell)
			tc.change(nb.Cells[i])
			path := filepath.Join(t.TempDir(), "mutated.ipynb")
			if err := nb.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			passed, failed := Report(&buf, []Result{Run(context.Background(), path, opt)})
			report := buf.String()
			want := append(tc.want,
				"--- FAIL: "+path+" cell "+strconv.Itoa(i+1)+": "+firstLine(nb.Cells[i].Source),
				strconv.Itoa(passed)+" passed, 1 failed")
			if failed != 1 {
				t.Errorf("%d cells failed, want 1", failed)
			}
			for _, w := range want {
				if !strings.Contains(report, w) {
					t.Errorf("report lacks %q:\n%s", w, report)
				}
			}
		})
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
