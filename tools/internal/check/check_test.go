package check

import (
	"bytes"
	"context"
	"errors"
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
				"+5 goroutines, each sleeping 300ms: ", // how long it took varies
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

// Unusable input gets an input error of one line naming the file (and the
// cell), and is never written.
func TestUnusableInputIsAnInputError(t *testing.T) {
	dir := t.TempDir()
	const head = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": `
	big := strings.Repeat("x", MaxStoredOutput+1)
	for _, tc := range []struct{ name, content, want string }{
		{"broken.ipynb", `{"cells": [`, "broken.ipynb: not valid JSON"},
		{"empty-file.ipynb", ``, "empty-file.ipynb: not valid JSON"},
		{"old.ipynb", `{"nbformat": 3, "worksheets": []}`, "old.ipynb: nbformat 3 is not supported"},
		{"python.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "cells": []}`, `python.ipynb: kernel "python3", language "python": not a Go notebook`},
		{"bare.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`, "bare.ipynb: no kernelspec"},
		{"empty.ipynb", head + `[]}`, "empty.ipynb: empty notebook: no cells"},
		{"marker.ipynb", head + `[{"cell_type": "code", "source": "1", "metadata": {"tags": ["nbval-skipp"]}, "outputs": []}]}`, `marker.ipynb: cell 1: unknown marker tag "nbval-skipp"`},
		{"huge.ipynb", head + `[{"cell_type": "markdown", "source": "big"}, {"cell_type": "code", "source": "1", "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "` + big + `"}]}]}`,
			"huge.ipynb: cell 2: stored outputs of 10.0 MiB, more than the 10.0 MiB nbcheck reads"},
		{"missing.ipynb", "", "missing.ipynb: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if tc.name != "missing.ipynb" {
				os.WriteFile(path, []byte(tc.content), 0o644)
			}
			o := opt
			o.Update = true
			r := Run(context.Background(), path, o)
			var ie *InputError
			if !errors.As(r.Err, &ie) || !strings.Contains(r.Err.Error(), tc.want) || strings.Contains(r.Err.Error(), "\n") {
				t.Errorf("err = %v, want a one-line input error containing %q", r.Err, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.content {
				t.Error("the file was changed")
			}
		})
	}
}

// A cell that uses a name the helper does not export, or imports a package
// nbcheck does not have, fails with an error naming the cell; the run goes
// on.
func TestMissingSymbolsFailTheCell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "symbols.ipynb")
	os.WriteFile(path, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [
{"cell_type": "code", "source": "import \"../pkg/threading\"", "metadata": {}, "outputs": []},
{"cell_type": "code", "source": "threading.NoSuchHelper()", "metadata": {}, "outputs": []},
{"cell_type": "code", "source": "import \"example.com/nowhere\"", "metadata": {}, "outputs": []},
{"cell_type": "code", "source": "1 + 1", "metadata": {}, "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}, "metadata": {}, "execution_count": 4}]}]}`), 0o644)
	var buf bytes.Buffer
	r := Run(context.Background(), path, opt)
	passed, failed := Report(&buf, []Result{r})
	for _, want := range []string{
		"--- FAIL: " + path + " cell 2: threading.NoSuchHelper()\n    raised an error: ERROR: ",
		"has no symbol NoSuchHelper (if the helper has it, regenerate nbcheck's symbols: go generate ./tools/internal/engine/symbols)",
		"--- FAIL: " + path + " cell 3: import \"example.com/nowhere\"\n    raised an error: ERROR: ",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, buf.String())
		}
	}
	if passed != 2 || failed != 2 {
		t.Errorf("%d passed, %d failed; want 2 and 2", passed, failed)
	}
}
