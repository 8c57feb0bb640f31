// Package differential is nbcheck -kernel: it runs each notebook twice, on a
// real Jupyter kernel (package kernelrun) and on nbcheck's engine, and
// reports every code cell where the two disagree. It needs no stored
// outputs: the kernel's outputs are the reference.
//
// Two runs of a cell agree when the comparer (package compare, with the
// cell's markers) finds no difference between the kernel's outputs and
// nbcheck's, and either both raised an error or neither did. Errors are
// compared by name only: two interpreters word their messages differently.
// A cell marked nbval-skip runs on neither side; a cell that stops a run
// (a timeout, a crash, a kernel that died) disagrees, and the cells after it
// are not compared.
package differential

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/report"
)

// Exit statuses of Main, as nbcheck's.
const (
	ExitOK       = 0 // every cell agrees
	ExitDisagree = 1 // some cell disagrees
	ExitInput    = 2 // a notebook, Jupyter or the kernel could not be used
)

// Options control a differential run.
type Options struct {
	// Check is how nbcheck runs the notebooks and compares outputs;
	// Check.Engine.Timeout also bounds each cell on the kernel.
	Check check.Options
	// Kernel is the kernelspec to run the notebooks on.
	Kernel string

	// execute runs a notebook on the kernel: kernelrun.Execute, or a fake
	// in tests.
	execute func(ctx context.Context, path string, opt kernelrun.Options) (*kernelrun.Result, error)
}

// Main runs every notebook in files on the kernel and on nbcheck, writes the
// report to w and returns the exit status. The error, when not nil, says
// why nothing could be compared (no Jupyter, no kernelspec).
func Main(ctx context.Context, w io.Writer, files []string, opt Options) (int, error) {
	fmt.Fprintf(w, "nbcheck -kernel %s: each cell runs on the kernel and on nbcheck; in a diff, - is the kernel's output and + nbcheck's\n", opt.Kernel)
	var results []check.Result
	for _, f := range files {
		r, err := Notebook(ctx, f, opt)
		var se *kernelrun.SetupError
		if errors.As(err, &se) {
			return ExitInput, err
		}
		results = append(results, r)
	}
	agree, total := Report(w, results)
	code := ExitOK
	if agree < total {
		code = ExitDisagree
	}
	for _, r := range results {
		var ie *input.Error
		switch {
		case errors.As(r.Err, &ie):
			return ExitInput, nil
		case r.Err != nil:
			code = ExitDisagree
		}
	}
	return code, nil
}

// Notebook runs one notebook on the kernel and on nbcheck and returns the
// verdict on each code cell: passed when the two agree. The error is set
// only when Jupyter or the kernel is missing (a *kernelrun.SetupError);
// other failures are in the result's Err.
func Notebook(ctx context.Context, path string, opt Options) (check.Result, error) {
	start := time.Now()
	res := check.Result{Path: path}
	nb, err := input.Load(path)
	if err != nil {
		res.Err = err
		return res, nil
	}
	markers := make([]marker.Markers, len(nb.Cells))
	for i, c := range nb.Cells {
		if c.Type == "code" {
			markers[i], _ = marker.Of(c) // checked by Load
		}
	}
	timeout := opt.Check.Engine.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	kopt := kernelrun.Options{
		Kernel:      opt.Kernel,
		Timeout:     timeout,
		CellTimeout: func(i int) time.Duration { return markers[i].Timeout },
		Skip:        func(i int) bool { return markers[i].Skip },
		Dir:         opt.Check.Engine.Dir,
	}
	execute := opt.execute
	if execute == nil {
		execute = kernelrun.Execute
	}
	kernel, err := execute(ctx, path, kopt)
	if err != nil {
		var se *kernelrun.SetupError
		if errors.As(err, &se) {
			return res, err
		}
		res.Err = fmt.Errorf("on the kernel: %w", err)
		return res, nil
	}
	ours := check.Run(ctx, path, opt.Check)
	if ours.Err != nil {
		res.Err = fmt.Errorf("in nbcheck: %w", ours.Err)
		return res, nil
	}
	res.Cells = judge(nb, kernel, ours.Cells, markers, opt.Check.Compare)
	res.Duration = time.Since(start)
	return res, nil
}

// judge compares the kernel's run of each code cell with nbcheck's.
func judge(nb *ipynb.Notebook, kernel *kernelrun.Result, ours []check.CellResult, markers []marker.Markers, base compare.Options) []check.CellResult {
	stopped := len(nb.Cells) // cells from here on did not run on the kernel
	if kernel.Stopped != nil {
		stopped = kernel.Stopped.Cell
	}
	var cells []check.CellResult
	for _, o := range ours {
		i := o.Index - 1
		c := check.CellResult{Index: o.Index, Source: o.Source, Markers: o.Markers, Skipped: o.Skipped, Outputs: o.Outputs, Duration: o.Duration}
		switch {
		case c.Skipped:
		case i > stopped:
			c.NotRun = true
		case i == stopped:
			c.Err = errors.New(kernel.Stopped.String())
		case stoppedRun(o.Err):
			c.Err = fmt.Errorf("in nbcheck: %w", o.Err)
		case o.NotRun:
			c.NotRun = true
		default:
			c.Diffs, c.Err = Cell(markers[i], base, kernel.Notebook.Cells[i].Outputs, o.Outputs)
		}
		cells = append(cells, c)
	}
	return cells
}

// stoppedRun reports whether nbcheck's verdict on a cell says the cell
// did not finish (it timed out or took the worker down), rather than how
// it compares with the stored outputs, which do not matter here.
func stoppedRun(err error) bool {
	var te *engine.TimeoutError
	var ce *engine.CrashError
	return errors.As(err, &te) || errors.As(err, &ce)
}

// Cell compares the kernel's outputs of a cell with nbcheck's, under the
// cell's markers but with errors compared by name, and says how they
// differ: in their outputs, or in that only one of them raised an error.
func Cell(m marker.Markers, base compare.Options, kernel, ours []*ipynb.Output) ([]compare.Diff, error) {
	opt := base
	opt.Rules = m.Compare
	opt.ErrorNameOnly = true
	var diffs []compare.Diff
	if !m.IgnoreOutput {
		diffs = opt.Cell(kernel, ours)
	}
	k, o := check.FirstError(kernel), check.FirstError(ours)
	switch {
	case k != nil && o == nil:
		return diffs, fmt.Errorf("raised an error on the kernel only: %s", check.OneLine(k.Evalue))
	case k == nil && o != nil:
		return diffs, fmt.Errorf("raised an error in nbcheck only: %s", check.OneLine(o.Evalue))
	}
	return diffs, nil
}

// Report writes the report of the results in nbcheck's style (see
// report.Text) and returns how many cells agree of how many were compared;
// its last line is "N of M cells agree", with the cells skipped or not run
// counted after it.
func Report(w io.Writer, results []check.Result) (agree, total int) {
	agree, disagree, skipped := report.TextBody(w, results)
	total = agree + disagree
	fmt.Fprintf(w, "%d of %d cells agree", agree, total)
	if skipped > 0 {
		fmt.Fprintf(w, " (%d skipped or not run)", skipped)
	}
	fmt.Fprintln(w)
	return agree, total
}
