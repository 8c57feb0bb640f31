// Package check runs Go notebooks and checks their cells against the stored
// outputs, and reports the result the way go test does.
package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A CellResult is the verdict on one code cell.
type CellResult struct {
	Index  int    // 1-based position among all the notebook's cells
	Source string // the cell's source
	Diffs  []compare.Diff
	Err    error // the cell did not finish, or did not run
}

// Failed reports whether the cell failed its check.
func (r CellResult) Failed() bool { return len(r.Diffs) > 0 || r.Err != nil }

// A Result is the verdict on one notebook.
type Result struct {
	Path     string
	Cells    []CellResult
	Err      error // the notebook could not be checked at all
	Duration time.Duration
}

// Counts returns how many code cells passed and failed.
func (r Result) Counts() (passed, failed int) {
	for _, c := range r.Cells {
		if c.Failed() {
			failed++
		} else {
			passed++
		}
	}
	return passed, failed
}

// An InputError says a file is not a Go notebook nbcheck can run.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Load reads a notebook and checks that it is a Go notebook.
func Load(path string) (*ipynb.Notebook, error) {
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		return nil, &InputError{err}
	}
	name, lang := nb.Kernel()
	if lang != "go" && name != "gophernotes" {
		if name == "" && lang == "" {
			return nil, &InputError{fmt.Errorf("%s: no kernelspec: not a Go notebook (want kernel gophernotes, language go)", path)}
		}
		return nil, &InputError{fmt.Errorf("%s: kernel %q, language %q: not a Go notebook", path, name, lang)}
	}
	return nb, nil
}

// Options control a check.
type Options struct {
	Compare compare.Options
	Engine  engine.Options
}

// Run runs the notebook at path on the yaegi engine and checks each code
// cell against its stored outputs.
func Run(ctx context.Context, path string, opt Options) Result {
	start := time.Now()
	res := Result{Path: path}
	defer func() { res.Duration = time.Since(start) }()
	nb, err := Load(path)
	if err != nil {
		res.Err = err
		return res
	}
	var srcs []string
	var code []*ipynb.Cell
	var index []int
	for i, c := range nb.Cells {
		if c.Type == "code" {
			srcs = append(srcs, c.Source)
			code = append(code, c)
			index = append(index, i+1)
		}
	}
	eo := opt.Engine
	if eo.Dir == "" {
		eo.Dir = filepath.Dir(path)
	}
	runs, err := engine.Run(ctx, srcs, eo)
	if err != nil {
		res.Err = fmt.Errorf("%s: %v", path, err)
		res.Duration = time.Since(start)
		return res
	}
	for k, c := range code {
		cr := CellResult{Index: index[k], Source: c.Source}
		switch run := runs[k]; {
		case run.Skipped:
			cr.Err = errors.New("not run: an earlier cell stopped the notebook")
		case run.Err != nil:
			cr.Err = run.Err
		default:
			cr.Diffs = opt.Compare.Cell(c.Outputs, run.Outputs)
		}
		res.Cells = append(res.Cells, cr)
	}
	res.Duration = time.Since(start)
	return res
}

// CompareNotebooks checks a notebook executed elsewhere (by nbconvert on the
// gophernotes kernel, say) against the stored one, cell by cell, with the
// same rules as Run.
func CompareNotebooks(storedPath string, stored, executed *ipynb.Notebook, opt compare.Options) Result {
	res := Result{Path: storedPath}
	if len(stored.Cells) != len(executed.Cells) {
		res.Err = fmt.Errorf("%s: the executed notebook has %d cells, the stored one %d", storedPath, len(executed.Cells), len(stored.Cells))
		return res
	}
	for i, c := range stored.Cells {
		if c.Type != "code" {
			continue
		}
		cr := CellResult{Index: i + 1, Source: c.Source}
		if e := executed.Cells[i]; e.Type != "code" || e.Source != c.Source {
			cr.Err = errors.New("the executed notebook has another cell here")
		} else {
			cr.Diffs = opt.Cell(c.Outputs, e.Outputs)
		}
		res.Cells = append(res.Cells, cr)
	}
	return res
}

// Expand turns files and folders into the list of notebooks they name:
// a folder stands for the .ipynb files in it (not in checkpoint folders).
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".ipynb_checkpoints" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ".ipynb") {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// Report writes a go test-like report of the results and returns the totals.
// Failing cells show the notebook, the cell number, its first source line,
// and a line diff; the last line is "N passed, N failed".
func Report(w io.Writer, results []Result) (passed, failed int) {
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(w, "--- ERROR: %v\n", r.Err)
			continue
		}
		p, f := r.Counts()
		passed += p
		failed += f
		for _, c := range r.Cells {
			if !c.Failed() {
				continue
			}
			fmt.Fprintf(w, "--- FAIL: %s cell %d: %s\n", r.Path, c.Index, firstLine(c.Source))
			if c.Err != nil {
				fmt.Fprintf(w, "    %s\n", indent(c.Err.Error()))
				var te *engine.TimeoutError
				if errors.As(c.Err, &te) && te.Stacks != "" {
					fmt.Fprintf(w, "    goroutines when stopped:\n    %s\n", indent(limitLines(te.Stacks, 40)))
				}
			}
			for _, d := range c.Diffs {
				fmt.Fprintf(w, "    %s\n", indent(d.String()))
			}
		}
		status := "ok  "
		if f > 0 {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s\t%d cells\t%.2fs\n", status, r.Path, p+f, r.Duration.Seconds())
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return passed, failed
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

func limitLines(s string, n int) string {
	l := strings.Split(s, "\n")
	if len(l) > n {
		l = append(l[:n], fmt.Sprintf("... (%d more lines)", len(l)-n))
	}
	return strings.Join(l, "\n")
}
