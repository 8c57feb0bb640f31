package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// minCells is the size the corpus must keep, in code cells.
const minCells = 200

// The corpus as stored: big enough, every notebook a Go notebook nbcheck
// can read, every code cell executed, errors exactly where the tags say,
// and gophernotes' license beside its examples.
func TestCorpus(t *testing.T) {
	files, err := input.Expand([]string{"testdata"})
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	total := 0
	for _, f := range files {
		nb, err := input.Load(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		total += codeCells(nb.Notebook)
		for _, p := range verdict.MisplacedErrors(nb.Notebook) {
			t.Errorf("%s: %s", f, p)
		}
		for i, c := range nb.Cells {
			// (Jupyter does not execute an empty cell.)
			if c.Type == "code" && c.ExecutionCount == nil && strings.TrimSpace(c.Source) != "" {
				t.Errorf("%s: cell %d was not executed: store the corpus with go run ./tools/fidelity", f, i+1)
			}
		}
	}
	if total < minCells {
		t.Errorf("the corpus has %d code cells, fewer than %d", total, minCells)
	}
	t.Logf("%d notebooks, %d code cells", len(files), total)
	if _, err := os.Stat("testdata/gophernotes/LICENSE"); err != nil {
		t.Errorf("gophernotes' examples without their license: %v", err)
	}
}

func TestErrorProblems(t *testing.T) {
	nb, err := ipynb.Parse([]byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "panic(1)", "outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "1", "traceback": []}]},
 {"cell_type": "code", "metadata": {}, "source": "panic(2)", "outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "2\nmore", "traceback": []}]},
 {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "1", "execution_count": 3, "outputs": []},
 {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "// never run: not judged", "outputs": []},
 {"cell_type": "code", "metadata": {"tags": ["nbval-skip"]}, "source": "panic(3)", "outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "3", "traceback": []}]},
 {"cell_type": "markdown", "metadata": {}, "source": "text"},
 {"cell_type": "code", "metadata": {}, "source": "// NBVAL_RAISES_EXCEPTION\npanic(4)", "outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "4", "traceback": []}]},
 {"cell_type": "code", "metadata": {"tags": ["nbval-skp"]}, "source": "1", "outputs": []}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(verdict.MisplacedErrors(nb), "\n")
	want := strings.Join([]string{
		"cell 2 raised an error but is not tagged raises-exception: 2 ...",
		"cell 3 is tagged raises-exception but raised no error",
		`cell 8: unknown marker tag "nbval-skp" (known: `,
	}, "\n")
	if !strings.HasPrefix(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}

// TestStore stores two notebooks from a run on the installed kernel: one
// whose errors are where its tags say, which gets the kernel's outputs, and
// one with an untagged error, which is left byte for byte as it was. It
// runs when the test command asks for the real kernel
// (NOTEBOOKS_KERNEL_TEST=1), and then fails, not skips, without one.
func TestStore(t *testing.T) {
	testenv.NeedKernel(t)
	jupyter, err := findJupyter()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const head = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go", "display_name": "Go"}}, "cells": [`
	good := filepath.Join(dir, "good.ipynb")
	bad := filepath.Join(dir, "bad.ipynb")
	writeFile(t, good, head+`
 {"cell_type": "code", "id": "a", "metadata": {}, "source": "6 * 7", "outputs": [], "execution_count": null},
 {"cell_type": "code", "id": "b", "metadata": {"tags": ["raises-exception"]}, "source": "panic(\"tagged\")", "outputs": [], "execution_count": null}]}`)
	badText := head + `
 {"cell_type": "code", "id": "a", "metadata": {}, "source": "panic(\"untagged\")", "outputs": [], "execution_count": null}]}`
	writeFile(t, bad, badText)

	n, err := store(jupyter, good, 60)
	if err != nil || n != 2 {
		t.Fatalf("store good: %d cells, %v", n, err)
	}
	nb, err := ipynb.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if outs := nb.Cells[0].Outputs; len(outs) != 1 || outs[0].Data["text/plain"] != "42" {
		t.Errorf("good.ipynb cell 1: outputs %v, want the result 42", outs)
	}
	if outs := nb.Cells[1].Outputs; len(outs) != 1 || outs[0].Type != "error" {
		t.Errorf("good.ipynb cell 2: outputs %v, want an error", outs)
	}

	if _, err := store(jupyter, bad, 60); err == nil || !strings.Contains(err.Error(), "cell 1 raised an error but is not tagged raises-exception: untagged") {
		t.Errorf("store bad: %v, want the untagged error named", err)
	}
	if b, _ := os.ReadFile(bad); !bytes.Equal(b, []byte(badText)) {
		t.Errorf("bad.ipynb was changed:\n%s", b)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
