package check

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

// verdict compares a cell's outputs from a run (or another engine) with
// the stored ones under the cell's markers. It returns the differences in
// the outputs, and an error when the cell failed otherwise.
func verdict(m marker.Markers, base compare.Options, stored, got []*ipynb.Output) ([]compare.Diff, error) {
	opt := base
	opt.Rules = m.Compare
	var diffs []compare.Diff
	if !m.IgnoreOutput {
		diffs = opt.Cell(stored, got)
	}
	raised := FirstError(got)
	switch {
	case m.RaisesException && raised == nil:
		return diffs, errors.New("raised no error, but is marked raises-exception")
	case !m.RaisesException && raised != nil && FirstError(stored) != nil && !m.IgnoreOutput && len(diffs) == 0:
		// The stored notebook has this very error (compared as errors,
		// see compare.ErrorWordings): the run agrees with it.
	case !m.RaisesException && raised != nil:
		hint := "mark the cell raises-exception if it should"
		if strings.Contains(raised.Evalue, "/pkg/") && strings.Contains(raised.Evalue, "has no symbol") {
			hint = "if the helper has it, regenerate nbcheck's symbols: go generate ./tools/internal/engine/symbols"
		}
		return diffs, fmt.Errorf("raised an error: %s: %s (%s)", raised.Ename, OneLine(raised.Evalue), hint)
	}
	return diffs, nil
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
			res.Err = &input.Error{Err: fmt.Errorf("%s: cell %d: %w", storedPath, i+1, err)}
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

// OneLine is the first line of s, trimmed, with " ..." when there are more.
func OneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}

// A oneLineError shows the first line of an error, for a report's line,
// and keeps the error for errors.Is and errors.As.
type oneLineError struct{ err error }

func (e oneLineError) Error() string { return OneLine(e.err.Error()) }
func (e oneLineError) Unwrap() error { return e.err }
