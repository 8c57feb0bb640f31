// Package verdict judges code cells: the outputs a run gave against the
// ones they must match, under the cell's markers (package marker), and
// holds the results that reports show (package report). Cell is the one
// verdict on a cell, for nbcheck's check against stored outputs and for
// nbcheck -kernel's against the kernel's. It runs nothing: running is
// package engine's job (and package check's, which calls both).
package verdict

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
)

// A Reference is what a cell's outputs are judged against.
type Reference int

const (
	// Stored outputs, in the notebook: the cell must raise an error
	// exactly when it is marked raises-exception.
	Stored Reference = iota
	// Kernel outputs, of the same cell run on the kernel (nbcheck
	// -kernel): errors are compared by name, two interpreters word them
	// otherwise, and the cell must raise an error on both or on neither.
	Kernel
	// Unrun: the cell is stored as never run (no execution count, no
	// outputs), as nbgrader releases an exercise's checks. As nbval does,
	// its outputs are compared with nothing; as with Stored, the cell must
	// raise an error exactly when it is marked raises-exception.
	Unrun
)

// StoredAs returns how a stored code cell's outputs serve as its
// reference: Unrun for a cell never run, Stored otherwise.
func StoredAs(c *ipynb.Cell) Reference {
	if c.ExecutionCount == nil && len(c.Outputs) == 0 {
		return Unrun
	}
	return Stored
}

// Cell judges a cell's outputs, got, against want, under the cell's
// markers. It returns how the outputs differ, and an error when the cell
// failed otherwise (an error it should not raise, or only on one side).
func Cell(m marker.Markers, base compare.Options, ref Reference, want, got []*ipynb.Output) ([]compare.Diff, error) {
	opt := base
	opt.Rules = m.Compare
	opt.ErrorNameOnly = opt.ErrorNameOnly || ref == Kernel
	var diffs []compare.Diff
	if !m.IgnoreOutput && ref != Unrun {
		diffs = opt.Cell(want, got)
	}
	expected, raised := FirstError(want), FirstError(got)
	if ref == Kernel {
		switch {
		case expected != nil && raised == nil:
			return diffs, fmt.Errorf("raised an error on the kernel only: %s", oneline.Of(expected.Evalue))
		case expected == nil && raised != nil:
			return diffs, fmt.Errorf("raised an error in nbcheck only: %s", oneline.Of(raised.Evalue))
		}
		return diffs, nil
	}
	switch {
	case m.RaisesException && raised == nil:
		return diffs, errors.New("raised no error, but is marked raises-exception")
	case !m.RaisesException && raised != nil && expected != nil && !m.IgnoreOutput && len(diffs) == 0:
		// The stored notebook has this very error (compared as errors,
		// see compare.ErrorWordings): the run agrees with it.
	case !m.RaisesException && raised != nil:
		hint := "mark the cell raises-exception if it should"
		if strings.Contains(raised.Evalue, "/pkg/") && strings.Contains(raised.Evalue, "has no symbol") {
			hint = "if the helper has it, regenerate nbcheck's symbols: go generate ./tools/internal/engine/symbols"
		}
		return diffs, fmt.Errorf("raised an error: %s: %s (%s)", raised.Ename, oneline.Of(raised.Evalue), hint)
	}
	return diffs, nil
}

// MisplacedErrors names the code cells of an executed notebook whose errors
// are not where its markers say: a cell that raised an error but is not
// marked raises-exception, and one so marked that raised none (cells
// marked nbval-skip, and cells stored as never run, are not judged). A cell
// whose markers cannot be read is named too.
func MisplacedErrors(nb *ipynb.Notebook) []string {
	var problems []string
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		m, err := marker.Of(c)
		if err != nil {
			problems = append(problems, fmt.Sprintf("cell %d: %v", i+1, err))
			continue
		}
		raised := FirstError(c.Outputs)
		switch {
		case m.Skip, StoredAs(c) == Unrun:
		case raised != nil && !m.RaisesException:
			problems = append(problems, fmt.Sprintf("cell %d raised an error but is not tagged raises-exception: %s", i+1, oneline.Of(raised.Evalue)))
		case raised == nil && m.RaisesException:
			problems = append(problems, fmt.Sprintf("cell %d is tagged raises-exception but raised no error", i+1))
		}
	}
	return problems
}

// FirstError returns the first error output of outs, or nil.
func FirstError(outs []*ipynb.Output) *ipynb.Output {
	for _, o := range outs {
		if o.Type == "error" {
			return o
		}
	}
	return nil
}

// Notebooks judges a notebook executed elsewhere (by nbconvert on the
// gophernotes kernel, say) against the stored one, cell by cell, as
// nbcheck judges its own runs, markers included: cells marked nbval-skip
// are not compared. markers holds each cell's markers (package input reads
// them).
func Notebooks(storedPath string, stored, executed *ipynb.Notebook, markers []marker.Markers, opt compare.Options) Result {
	res := Result{Path: storedPath}
	if len(stored.Cells) != len(executed.Cells) {
		res.Err = fmt.Errorf("%s: the executed notebook has %d cells, the stored one %d", storedPath, len(executed.Cells), len(stored.Cells))
		return res
	}
	for i, c := range stored.Cells {
		if c.Type != "code" {
			continue
		}
		m := markers[i]
		cr := CellResult{Index: i + 1, Source: c.Source, Markers: m, Skipped: m.Skip}
		switch e := executed.Cells[i]; {
		case m.Skip:
		case e.Type != "code" || e.Source != c.Source:
			cr.Err = errors.New("the executed notebook has another cell here")
		default:
			cr.Diffs, cr.Err = Cell(m, opt, StoredAs(c), c.Outputs, e.Outputs)
		}
		res.Cells = append(res.Cells, cr)
	}
	return res
}

// A PanicError is a bug in nbcheck met while checking a notebook: the
// value it panicked with, and the stack where it did.
type PanicError struct {
	Value any
	Stack string
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("nbcheck failed (a bug in nbcheck): %v", e.Value)
}

// Unwrap returns the value panicked with, when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
