package check

import (
	"fmt"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// update writes the outputs of a run into the notebook at path (see Run)
// and returns the numbers of the cells whose outputs it replaced.
func update(path string, nb *ipynb.Notebook, cells []verdict.CellResult, base compare.Options) ([]int, error) {
	for _, c := range cells {
		if c.Err != nil {
			return nil, fmt.Errorf("cell %d failed: %w", c.Index, oneline.Error(c.Err))
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
		if c.Markers.IgnoreOutput || verdict.StoredAs(cell) == verdict.Unrun {
			// Outputs were not compared (ignored, or stored as never
			// run); compare them now by the usual rules, to refresh only
			// what really changed.
			opt := base
			opt.Rules = c.Markers.Compare
			c.Diffs = opt.Cell(compare.ReleasedPrintValue(cell.Outputs, c.Outputs, c.PrintValue), c.Outputs)
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
