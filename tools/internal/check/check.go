// Package check runs Go notebooks and checks their cells against the stored
// outputs, under the cells' markers (see package marker), writes refreshed
// outputs back on request, and reports the result the way go test does.
package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

// A CellResult is the verdict on one code cell.
type CellResult struct {
	Index   int    // 1-based position among all the notebook's cells
	Source  string // the cell's source
	Markers marker.Markers
	Diffs   []compare.Diff // how the outputs differ from the stored ones
	Err     error          // the cell failed otherwise: it raised an unexpected error, did not finish, ...
	Skipped bool           // not run: marked nbval-skip
	NotRun  bool           // not run: an earlier cell stopped the notebook
	Updated bool           // its differing outputs were written to the notebook (-update)

	Outputs  []*ipynb.Output // what the run gave (nil for a comparison of two files)
	Duration time.Duration
}

// Failed reports whether the cell failed its check.
func (r CellResult) Failed() bool {
	return r.Err != nil || len(r.Diffs) > 0 && !r.Updated
}

// Status is "PASS", "FAIL" or "SKIP".
func (r CellResult) Status() string {
	switch {
	case r.Skipped || r.NotRun:
		return "SKIP"
	case r.Failed():
		return "FAIL"
	}
	return "PASS"
}

// A Result is the verdict on one notebook.
type Result struct {
	Path     string
	Cells    []CellResult
	Err      error // the notebook could not be checked at all
	Duration time.Duration

	// With Options.Update: the cells whose outputs were written, or why
	// the notebook was not written.
	Updated    []int
	NotWritten error
}

// Counts returns how many code cells passed, failed and were skipped.
func (r Result) Counts() (passed, failed, skipped int) {
	for _, c := range r.Cells {
		switch c.Status() {
		case "SKIP":
			skipped++
		case "FAIL":
			failed++
		default:
			passed++
		}
	}
	return passed, failed, skipped
}

// Failed reports whether the notebook failed: a cell failed, or it could
// not be checked.
func (r Result) Failed() bool {
	_, f, _ := r.Counts()
	return f > 0 || r.Err != nil
}

// An InputError says a file is not a Go notebook nbcheck can run.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// MaxStoredOutput bounds the stored outputs of one cell, in bytes; a
// notebook with more is refused as input.
const MaxStoredOutput = engine.MaxCellOutput

// Load reads a notebook and checks that it is a Go notebook nbcheck can
// use: nbformat 4, kernel gophernotes or language Go, at least one cell,
// valid markers, stored outputs of sane size.
func Load(path string) (*ipynb.Notebook, error) {
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, &InputError{fmt.Errorf("%s: %v", path, pe.Err)}
		}
		return nil, &InputError{err}
	}
	name, lang := nb.Kernel()
	if lang != "go" && name != "gophernotes" {
		if name == "" && lang == "" {
			return nil, &InputError{fmt.Errorf("%s: no kernelspec: not a Go notebook (want kernel gophernotes, language go)", path)}
		}
		return nil, &InputError{fmt.Errorf("%s: kernel %q, language %q: not a Go notebook", path, name, lang)}
	}
	if len(nb.Cells) == 0 {
		return nil, &InputError{fmt.Errorf("%s: empty notebook: no cells", path)}
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if _, err := marker.Of(c); err != nil {
			return nil, &InputError{fmt.Errorf("%s: cell %d: %v", path, i+1, err)}
		}
		if n := outputSize(c.Outputs); n > MaxStoredOutput {
			return nil, &InputError{fmt.Errorf("%s: cell %d: stored outputs of %s, more than the %s nbcheck reads", path, i+1, mib(int64(n)), mib(MaxStoredOutput))}
		}
	}
	return nb, nil
}

func outputSize(outs []*ipynb.Output) int {
	n := 0
	for _, o := range outs {
		n += len(o.Text) + len(o.Evalue)
		for _, v := range o.Data {
			if s, ok := v.(string); ok {
				n += len(s)
			}
		}
	}
	return n
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// Options control a check.
type Options struct {
	Compare compare.Options
	Engine  engine.Options
	// Update writes the outputs of the run into the notebook, for the
	// cells whose outputs differ (see Run).
	Update bool
	// OnCell, when not nil, is called with each cell's verdict as soon as
	// it is known, in cell order (from the goroutine running the notebook).
	OnCell func(path string, c CellResult)
}

// Run runs the notebook at path on the yaegi engine and checks each code
// cell against its stored outputs, under the cell's markers.
//
// With opt.Update, the notebook is then brought up to date as nbconvert
// --execute --inplace would, but only where the run differs: a cell whose
// outputs differ from the stored ones (by the cell's rules, or by the
// default rules for a cell whose outputs are ignored) gets the outputs of
// the run, and every executed cell gets its execution count (1, 2, ... in
// order, shared with its execute_result). Timings that vary within the
// tolerance thus leave the file alone, and a notebook nothing changed in
// is not written. Cells marked nbval-skip keep what they have. Nothing is
// written when a cell failed other than by its outputs (an error it should
// not raise, a timeout, a crash, too much output).
func Run(ctx context.Context, path string, opt Options) (res Result) {
	start := time.Now()
	res = Result{Path: path}
	defer func() {
		if r := recover(); r != nil {
			res.Err = fmt.Errorf("%s: nbcheck failed: %v", path, r)
		}
		res.Duration = time.Since(start)
	}()
	nb, err := Load(path)
	if err != nil {
		res.Err = err
		return res
	}

	// The cells the engine runs: code cells not marked nbval-skip.
	var cells []CellResult
	var stored [][]*ipynb.Output
	var srcs []string
	var runIdx []int // index in cells of each cell run
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		m, _ := marker.Of(c) // checked by Load
		cr := CellResult{Index: i + 1, Source: c.Source, Markers: m, Skipped: m.Skip}
		if !m.Skip {
			srcs = append(srcs, c.Source)
			runIdx = append(runIdx, len(cells))
		}
		cells = append(cells, cr)
		stored = append(stored, c.Outputs)
	}

	eo := opt.Engine
	if eo.Dir == "" {
		eo.Dir = filepath.Dir(path)
	}
	eo.CellTimeout = func(i int) time.Duration { return cells[runIdx[i]].Markers.Timeout }
	next := 0 // cells[:next] have been reported through OnCell
	report := func(upTo int) {
		for ; next < upTo; next++ {
			if opt.OnCell != nil {
				opt.OnCell(path, cells[next])
			}
		}
	}
	judge := func(i int, run engine.CellRun) {
		k := runIdx[i]
		c := &cells[k]
		c.Outputs, c.Duration = run.Outputs, run.Duration
		switch {
		case run.Skipped:
			c.NotRun = true
		case run.Err != nil:
			c.Err = run.Err
		default:
			c.Diffs, c.Err = verdict(c.Markers, opt.Compare, stored[k], run.Outputs)
			if run.Dropped > 0 && c.Err == nil {
				c.Err = fmt.Errorf("printed %s more than the %s a cell may print; the rest was dropped", mib(run.Dropped), mib(engine.MaxCellOutput))
			}
		}
	}
	eo.OnDone = func(i int, run engine.CellRun) {
		judge(i, run)
		report(runIdx[i] + 1)
	}
	runs, err := engine.Run(ctx, srcs, eo)
	if err != nil {
		res.Err = fmt.Errorf("%s: %v", path, oneLine(err.Error()))
		return res
	}
	for i, run := range runs {
		if run.Err != nil || run.Skipped {
			judge(i, run)
		}
	}
	report(len(cells))
	res.Cells = cells

	if opt.Update {
		res.Updated, res.NotWritten = update(path, nb, res.Cells, opt.Compare)
		if res.NotWritten == nil {
			for k := range res.Cells {
				res.Cells[k].Updated = len(res.Cells[k].Diffs) > 0
			}
		}
	}
	return res
}

// verdict compares a cell's outputs from a run (or another engine) with
// the stored ones under the cell's markers. It returns the differences in
// the outputs, and an error when the cell failed otherwise.
func verdict(m marker.Markers, base compare.Options, stored, got []*ipynb.Output) ([]compare.Diff, error) {
	opt := base
	opt.AnyOrder = m.AnyOrder
	opt.ImageSize = m.ImageSize
	opt.ErrorNameOnly = m.RaisesException // engines word their errors differently
	var diffs []compare.Diff
	if !m.IgnoreOutput {
		diffs = opt.Cell(stored, got)
	}
	raised := firstError(got)
	switch {
	case m.RaisesException && raised == nil:
		return diffs, errors.New("raised no error, but is marked raises-exception")
	case !m.RaisesException && raised != nil:
		hint := "mark the cell raises-exception if it should"
		if strings.Contains(raised.Evalue, "/pkg/") && strings.Contains(raised.Evalue, "has no symbol") {
			hint = "if the helper has it, regenerate nbcheck's symbols: go generate ./tools/internal/engine/symbols"
		}
		return diffs, fmt.Errorf("raised an error: %s: %s (%s)", raised.Ename, oneLine(raised.Evalue), hint)
	}
	return diffs, nil
}

func firstError(outs []*ipynb.Output) *ipynb.Output {
	for _, o := range outs {
		if o.Type == "error" {
			return o
		}
	}
	return nil
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// update writes the outputs of a run into the notebook at path (see Run)
// and returns the numbers of the cells whose outputs it replaced.
func update(path string, nb *ipynb.Notebook, cells []CellResult, base compare.Options) ([]int, error) {
	for _, c := range cells {
		if c.Err != nil {
			return nil, fmt.Errorf("cell %d failed: %s", c.Index, oneLine(c.Err.Error()))
		}
	}
	var replaced []int
	changed := false
	count := 0
	for _, c := range cells {
		if c.Skipped {
			continue
		}
		count++
		cell := nb.Cells[c.Index-1]
		if c.Markers.IgnoreOutput {
			// Outputs were not compared; compare them now by the usual
			// rules, to refresh only what really changed.
			opt := base
			opt.AnyOrder, opt.ImageSize, opt.ErrorNameOnly = c.Markers.AnyOrder, c.Markers.ImageSize, c.Markers.RaisesException
			c.Diffs = opt.Cell(cell.Outputs, c.Outputs)
		}
		if len(c.Diffs) > 0 {
			cell.Outputs = c.Outputs
			replaced = append(replaced, c.Index)
			changed = true
		}
		if cell.ExecutionCount == nil || *cell.ExecutionCount != count {
			n := count
			cell.ExecutionCount = &n
			changed = true
		}
		for _, o := range cell.Outputs {
			if o.Type == "execute_result" && (o.ExecutionCount == nil || *o.ExecutionCount != count) {
				n := count
				o.ExecutionCount = &n
				changed = true
			}
		}
	}
	if !changed {
		return nil, nil
	}
	if err := nb.WriteFile(path); err != nil {
		return nil, err
	}
	return replaced, nil
}

// CompareNotebooks checks a notebook executed elsewhere (by nbconvert on the
// gophernotes kernel, say) against the stored one, cell by cell, with the
// same rules as Run, markers included: cells marked nbval-skip are not
// compared.
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
		m, err := marker.Of(c)
		if err != nil {
			res.Err = &InputError{fmt.Errorf("%s: cell %d: %v", storedPath, i+1, err)}
			return res
		}
		cr := CellResult{Index: i + 1, Source: c.Source, Markers: m, Skipped: m.Skip}
		switch e := executed.Cells[i]; {
		case m.Skip:
		case e.Type != "code" || e.Source != c.Source:
			cr.Err = errors.New("the executed notebook has another cell here")
		default:
			cr.Diffs, cr.Err = verdict(m, opt, c.Outputs, e.Outputs)
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
