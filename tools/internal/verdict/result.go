package verdict

import (
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
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
	// PrintValue is what gophernotes as released would show for the run's
	// final print call (see compare.ReleasedPrintValue).
	PrintValue string
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
	Path string
	// Run says which of repeated runs this was (nbcheck -count, -cpu),
	// such as "run 2, -cpu 1"; "" for a single run.
	Run      string
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
