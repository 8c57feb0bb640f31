package check_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

var opt = check.Options{Compare: compare.Default()}

// textReport runs nothing: it is the text report of results, and the
// counts it gives.
func textReport(results ...verdict.Result) (text string, passed, failed int) {
	var buf bytes.Buffer
	passed, failed = report.Text(&buf, results)
	return buf.String(), passed, failed
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
			cell: `go func() {`,
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
			nb, err := ipynb.ReadFile("testdata/sleepers.ipynb")
			if err != nil {
				t.Fatal(err)
			}
			i := findCell(t, nb, tc.cell)
			tc.change(nb.Cells[i])
			path := filepath.Join(t.TempDir(), "mutated.ipynb")
			if err := nb.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			text, passed, failed := textReport(check.Run(context.Background(), path, opt))
			want := append(tc.want,
				"--- FAIL: "+path+" cell "+strconv.Itoa(i+1)+": "+oneline.Of(nb.Cells[i].Source),
				strconv.Itoa(passed)+" passed, 1 failed")
			if failed != 1 {
				t.Errorf("%d cells failed, want 1", failed)
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// Unusable input (see package input) is an input error of the run, and is
// never written, even with Update.
func TestUnusableInputIsNeverWritten(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"broken.ipynb", `{"cells": [`, "broken.ipynb: not valid JSON"},
		{"marker.ipynb", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [{"cell_type": "code", "source": "1", "metadata": {"tags": ["nbval-skipp"]}, "outputs": []}]}`,
			`marker.ipynb: cell 1: unknown marker tag "nbval-skipp"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			os.WriteFile(path, []byte(tc.content), 0o644)
			o := opt
			o.Update = true
			r := check.Run(context.Background(), path, o)
			var ie *input.Error
			if !errors.As(r.Err, &ie) || !strings.Contains(r.Err.Error(), tc.want) || strings.Contains(r.Err.Error(), "\n") {
				t.Errorf("err = %v, want a one-line input error containing %q", r.Err, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.content {
				t.Error("the file was changed")
			}
		})
	}
}

// input refuses stored outputs the engine would not keep whole.
func TestLimitsAgree(t *testing.T) {
	if input.MaxStoredOutput != engine.MaxCellOutput {
		t.Errorf("input.MaxStoredOutput = %d, engine.MaxCellOutput = %d", input.MaxStoredOutput, engine.MaxCellOutput)
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
	text, passed, failed := textReport(check.Run(context.Background(), path, opt))
	for _, want := range []string{
		"--- FAIL: " + path + " cell 2: threading.NoSuchHelper()\n    raised an error: ERROR: ",
		"has no symbol NoSuchHelper (if the helper has it, regenerate nbcheck's symbols: go generate ./tools/internal/engine/symbols)",
		"--- FAIL: " + path + " cell 3: import \"example.com/nowhere\"\n    raised an error: ERROR: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if passed != 2 || failed != 2 {
		t.Errorf("%d passed, %d failed; want 2 and 2", passed, failed)
	}
}

// Notebooks run side by side give the results they give one at a time,
// in the order asked for.
func TestRunAllInParallel(t *testing.T) {
	paths := []string{"../report/testdata/failing.ipynb", "testdata/update-stale.ipynb", "../report/testdata/failing.ipynb"}
	var done []string
	results := check.RunAll(context.Background(), paths, opt, 2, func(r verdict.Result) { done = append(done, r.Path) })
	if len(results) != len(paths) || len(done) != len(paths) {
		t.Fatalf("%d results, %d reported done", len(results), len(done))
	}
	for i, r := range results {
		want := check.Run(context.Background(), paths[i], opt)
		p1, f1, s1 := r.Counts()
		p2, f2, s2 := want.Counts()
		if r.Path != paths[i] || fmt.Sprint(p1, f1, s1) != fmt.Sprint(p2, f2, s2) {
			t.Errorf("result %d: %s %d/%d/%d, alone %d/%d/%d", i, r.Path, p1, f1, s1, p2, f2, s2)
		}
	}
}

// Once the run is cancelled, no notebook starts: the results are those of
// the notebooks that did.
func TestRunAllStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	paths := []string{"testdata/sleepers.ipynb", "testdata/update-stale.ipynb", "testdata/update-stale.ipynb"}
	results := check.RunAll(ctx, paths, opt, 1, func(verdict.Result) { cancel() })
	if len(results) != 1 || results[0].Path != paths[0] || results[0].Err != nil {
		for _, r := range results {
			t.Logf("%s: %v", r.Path, r.Err)
		}
		t.Errorf("%d results, want the first notebook's alone", len(results))
	}
}

// A notebook stored by gophernotes as released has a result (13 <nil>)
// after each cell that ends in a print call: it passes while the count is
// what the call printed, fails when it is not, and -update leaves it be.
func TestReleasedKernelsPrintResults(t *testing.T) {
	const nb = `{"nbformat": 4, "nbformat_minor": 5, "cells": [
{"cell_type": "code", "execution_count": 1, "source": "import (\n\t\"fmt\"\n\t\"os\"\n)", "metadata": {}, "outputs": []},
{"cell_type": "code", "execution_count": 2, "source": "fmt.Println(\"hello, world\")", "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": "hello, world\n"}, {"output_type": "execute_result", "data": {"text/plain": "13 <nil>"}, "metadata": {}, "execution_count": 2}]},
{"cell_type": "code", "execution_count": 3, "source": "fmt.Fprintf(os.Stderr, \"%d\\n\", 42)", "metadata": {"tags": ["nbval-ignore-output"]}, "outputs": [{"name": "stderr", "output_type": "stream", "text": "42\n"}, {"output_type": "execute_result", "data": {"text/plain": "3 <nil>"}, "metadata": {}, "execution_count": 3}]},
{"cell_type": "code", "execution_count": 4, "source": "fmt.Print(\"abc\")", "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": "abc"}, {"output_type": "execute_result", "data": {"text/plain": "STORED"}, "metadata": {}, "execution_count": 4}]}
], "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}}`
	dir := t.TempDir()
	for _, tc := range []struct {
		stored string
		failed int
	}{
		{"3 <nil>", 0},
		{"4 <nil>", 1}, // the cell printed 3 bytes
	} {
		path := filepath.Join(dir, "released.ipynb")
		text := strings.Replace(nb, "STORED", tc.stored, 1)
		os.WriteFile(path, []byte(text), 0o644)
		report, passed, failed := textReport(check.Run(context.Background(), path, opt))
		if passed+failed != 4 || failed != tc.failed {
			t.Errorf("stored %q: %d passed, %d failed; want %d failed:\n%s", tc.stored, passed, failed, tc.failed, report)
		}
		if tc.failed > 0 && !strings.Contains(report, "- missing execute_result: "+tc.stored) {
			t.Errorf("stored %q: the report does not name the result:\n%s", tc.stored, report)
		}
		if tc.failed == 0 {
			o := opt
			o.Update = true
			if r := check.Run(context.Background(), path, o); r.NotWritten != nil || len(r.Updated) != 0 {
				t.Errorf("-update: updated %v, not written: %v", r.Updated, r.NotWritten)
			}
			if b, _ := os.ReadFile(path); string(b) != text {
				t.Errorf("-update changed the notebook:\n%s", b)
			}
		}
	}
}

// A cell whose stored output is an error, not tagged raises-exception,
// agrees when nbcheck raises the same error (whatever the position prefix
// and wording of the interpreter that stored it), and fails when it raises
// another or none.
func TestStoredErrorsAgreeWhenTheSame(t *testing.T) {
	const head = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}}, "cells": [
{"cell_type": "code", "execution_count": 1, "source": "import \"fmt\"", "metadata": {}, "outputs": []},
{"cell_type": "code", "execution_count": 2, "source": "SOURCE", "metadata": {}, "outputs": [{"output_type": "error", "ename": "ERROR", "evalue": "repl.go:1:13: undefined identifier: missing", "traceback": ["repl.go:1:13: undefined identifier: missing"]}]}]}`
	for _, tc := range []struct {
		src    string
		failed int
	}{
		{"fmt.Println(missing)", 0},
		{"fmt.Println(other)", 1},
		{"fmt.Println(1)", 1},
	} {
		path := filepath.Join(t.TempDir(), "errors.ipynb")
		os.WriteFile(path, []byte(strings.Replace(head, "SOURCE", tc.src, 1)), 0o644)
		report, passed, failed := textReport(check.Run(context.Background(), path, opt))
		if failed != tc.failed || passed+failed != 2 {
			t.Errorf("%s: %d passed, %d failed; want %d failed:\n%s", tc.src, passed, failed, tc.failed, report)
		}
	}
}

// A bug in nbcheck (here, a panic in a callback) does not stop the other
// notebooks, and its report shows where it happened: the stack, not only
// the panic's value.
func TestPanicInNbcheckKeepsTheStack(t *testing.T) {
	o := opt
	o.OnCell = func(string, verdict.CellResult) { panic("a bug") }
	r := check.Run(context.Background(), "testdata/sleepers.ipynb", o)
	var pe *verdict.PanicError
	if !errors.As(r.Err, &pe) {
		t.Fatalf("err = %v, want a *verdict.PanicError", r.Err)
	}
	if pe.Value != "a bug" || !strings.Contains(pe.Stack, "TestPanicInNbcheckKeepsTheStack") {
		t.Errorf("value %v, stack:\n%s", pe.Value, pe.Stack)
	}
	text, _, _ := textReport(r)
	if !strings.Contains(text, "TestPanicInNbcheckKeepsTheStack") {
		t.Errorf("the report shows no stack:\n%s", text)
	}
}
