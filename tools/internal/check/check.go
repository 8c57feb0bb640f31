// Package check runs Go notebooks on the engine and judges each code cell
// against its stored outputs, under the cell's markers (see package marker),
// and writes refreshed outputs back on request. It also judges a notebook
// executed elsewhere (CompareNotebooks). Finding the notebooks is package
// input's job; writing what was found, package report's.
package check

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// Options control a check.
type Options struct {
	Compare compare.Options
	Engine  engine.Options
	// Update writes the outputs of the run into the notebook, for the
	// cells whose outputs differ (see Run).
	Update bool
	// OnCell, when not nil, is called with each cell's verdict as soon as
	// it is known, in cell order (from the goroutine running the notebook).
	OnCell func(path string, c verdict.CellResult)
}

// Run runs the notebook at path on the yaegi engine and checks each code
// cell against its stored outputs, under the cell's markers. A notebook
// that cannot be used gets an *input.Error in the result's Err.
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
func Run(ctx context.Context, path string, opt Options) (res verdict.Result) {
	start := time.Now()
	res = verdict.Result{Path: path}
	defer finish(&res, path, start)
	nb, err := input.Load(path)
	if err != nil {
		res.Err = err
		return res
	}
	return Notebook(ctx, path, nb, opt)
}

// finish, deferred by Run and Notebook, sets the result's duration and
// turns a panic into its error: a bug in nbcheck, not in the notebook, so
// the other notebooks are still checked, and the report shows where it
// happened.
func finish(res *verdict.Result, path string, start time.Time) {
	if r := recover(); r != nil {
		res.Err = fmt.Errorf("%s: %w", path, &verdict.PanicError{Value: r, Stack: string(debug.Stack())})
	}
	res.Duration = time.Since(start)
}

// Notebook is Run on a notebook already loaded from path.
func Notebook(ctx context.Context, path string, nb *input.Notebook, opt Options) (res verdict.Result) {
	start := time.Now()
	res = verdict.Result{Path: path}
	defer finish(&res, path, start)
	n := newNotebookRun(path, nb, opt)
	if err := n.run(ctx); err != nil {
		res.Err = fmt.Errorf("%s: %w", path, oneline.Error(err))
		return res
	}
	res.Cells = n.cells
	if opt.Update {
		res.Updated, res.NotWritten = update(path, nb.Notebook, res.Cells, opt.Compare)
		if res.NotWritten == nil {
			for k := range res.Cells {
				res.Cells[k].Updated = len(res.Cells[k].Diffs) > 0
			}
		}
	}
	return res
}

// A notebookRun is the check of one notebook under way.
type notebookRun struct {
	path   string
	opt    Options
	cells  []verdict.CellResult // every code cell
	stored []*ipynb.Cell        // as stored
	srcs   []string             // the sources of the cells the engine runs
	runIdx []int                // index in cells of each cell the engine runs
	next   int                  // cells[:next] have been reported through OnCell
}

// newNotebookRun lists the notebook's code cells; the engine runs those not
// marked nbval-skip.
func newNotebookRun(path string, nb *input.Notebook, opt Options) *notebookRun {
	n := &notebookRun{path: path, opt: opt}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		m := nb.Markers[i]
		if !m.Skip {
			n.srcs = append(n.srcs, c.Source)
			n.runIdx = append(n.runIdx, len(n.cells))
		}
		n.cells = append(n.cells, verdict.CellResult{Index: i + 1, Source: c.Source, Markers: m, Skipped: m.Skip})
		n.stored = append(n.stored, c)
	}
	return n
}

// run runs the cells on the engine and judges each as it finishes; an
// error means none could be run.
func (n *notebookRun) run(ctx context.Context) error {
	eo := n.opt.Engine
	if eo.Dir == "" {
		eo.Dir = filepath.Dir(n.path)
	}
	eo.CellTimeout = func(i int) time.Duration { return n.cells[n.runIdx[i]].Markers.Timeout }
	eo.OnDone = func(i int, run engine.CellRun) {
		n.judge(i, run)
		n.report(n.runIdx[i] + 1)
	}
	runs, err := engine.Run(ctx, n.srcs, eo)
	if err != nil {
		return err
	}
	for i, run := range runs {
		if run.Err != nil || run.Skipped {
			n.judge(i, run) // cells that did not finish: only in the result
		}
	}
	n.report(len(n.cells))
	return nil
}

// judge gives the verdict on the i-th cell the engine ran.
func (n *notebookRun) judge(i int, run engine.CellRun) {
	k := n.runIdx[i]
	c := &n.cells[k]
	c.Outputs, c.Duration, c.PrintValue = run.Outputs, run.Duration, run.PrintValue
	switch {
	case run.Skipped:
		c.NotRun = true
	case run.Err != nil:
		c.Err = run.Err
	default:
		stored := compare.ReleasedPrintValue(n.stored[k].Outputs, run.Outputs, run.PrintValue)
		c.Diffs, c.Err = verdict.Cell(c.Markers, n.opt.Compare, verdict.StoredAs(n.stored[k]), stored, run.Outputs)
		if run.Dropped > 0 && c.Err == nil {
			c.Err = fmt.Errorf("printed %s more than the %s a cell may print; the rest was dropped", input.MiB(run.Dropped), input.MiB(engine.MaxCellOutput))
		}
	}
}

// report passes the verdicts of cells[:upTo] not passed on yet to OnCell.
func (n *notebookRun) report(upTo int) {
	for ; n.next < upTo; n.next++ {
		if n.opt.OnCell != nil {
			n.opt.OnCell(n.path, n.cells[n.next])
		}
	}
}

// RunAll checks the notebooks, up to jobs of them at a time (each in its
// own worker process), and returns their results in the order of paths.
// done, when not nil, is called as each notebook finishes, from one
// goroutine at a time.
//
// Once ctx is cancelled, no notebook is started: the results are those of
// the notebooks that were, the ones running then stopped at the cell they
// had reached (see engine.Run).
func RunAll(ctx context.Context, paths []string, opt Options, jobs int, done func(r verdict.Result)) []verdict.Result {
	jobs = max(1, min(jobs, len(paths)))
	results := make([]verdict.Result, len(paths))
	started := make([]bool, len(paths))
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for k := range next {
				if ctx.Err() != nil {
					continue // cancelled: not started
				}
				started[k] = true
				r := Run(ctx, paths[k], opt)
				results[k] = r
				if done != nil {
					mu.Lock()
					done(r)
					mu.Unlock()
				}
			}
		})
	}
hand:
	for k := range paths {
		select {
		case next <- k:
		case <-ctx.Done():
			break hand
		}
	}
	close(next)
	wg.Wait()
	var out []verdict.Result
	for k, r := range results {
		if started[k] {
			out = append(out, r)
		}
	}
	return out
}
