// Package differential is nbcheck -kernel's run: each notebook runs twice,
// on a real Jupyter kernel (package kernelrun) and on nbcheck's engine
// (package check), and each code cell gets the verdict of package verdict
// against the kernel's outputs (verdict.Kernel). It needs no stored
// outputs: the kernel's outputs are the reference. The command (package
// cli) writes the report (report.Agreement) and the exit status.
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
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// Options control a differential run.
type Options struct {
	// Check is how nbcheck runs the notebooks and compares outputs;
	// Check.Engine.Timeout also bounds each cell on the kernel.
	Check check.Options
	// Kernel is the kernelspec to run the notebooks on.
	Kernel string

	// Execute runs a notebook on the kernel; nil means kernelrun.Execute.
	// Tests give a fake.
	Execute func(ctx context.Context, path string, opt kernelrun.Options) (*kernelrun.Result, error)
}

// Notebook runs one notebook on the kernel and on nbcheck and returns the
// verdict on each code cell: passed when the two agree. The error is set
// only when Jupyter or the kernel is missing (a *kernelrun.SetupError);
// other failures are in the result's Err.
func Notebook(ctx context.Context, path string, opt Options) (verdict.Result, error) {
	start := time.Now()
	res := verdict.Result{Path: path}
	nb, err := input.Load(path)
	if err != nil {
		res.Err = err
		return res, nil
	}
	markers := nb.Markers
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
	execute := opt.Execute
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
	ours := check.Notebook(ctx, path, nb, opt.Check)
	if ours.Err != nil {
		res.Err = fmt.Errorf("in nbcheck: %w", ours.Err)
		return res, nil
	}
	res.Cells = judge(nb.Notebook, kernel, ours.Cells, markers, opt.Check.Compare)
	res.Duration = time.Since(start)
	return res, nil
}

// judge compares the kernel's run of each code cell with nbcheck's.
func judge(nb *ipynb.Notebook, kernel *kernelrun.Result, ours []verdict.CellResult, markers []marker.Markers, base compare.Options) []verdict.CellResult {
	stopped := len(nb.Cells) // cells from here on did not run on the kernel
	if kernel.Stopped != nil {
		stopped = kernel.Stopped.Cell
	}
	var cells []verdict.CellResult
	for _, o := range ours {
		i := o.Index - 1
		c := verdict.CellResult{Index: o.Index, Source: o.Source, Markers: o.Markers, Skipped: o.Skipped, Outputs: o.Outputs, Duration: o.Duration}
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
			c.Diffs, c.Err = verdict.Cell(markers[i], base, verdict.Kernel, kernel.Notebook.Cells[i].Outputs, o.Outputs)
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
