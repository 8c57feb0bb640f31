package course

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// Store runs the notebook at path on the kernel, in the notebook's folder,
// and writes the outputs of the run into it, atomically, provided the run
// went as the notebook says: it ran to the end, every cell tagged
// raises-exception raised an error and no other cell did, and every check
// that failed said so with NotYet's "not yet: ". Otherwise it writes
// nothing and says which cells went wrong.
//
// The checks that failed (in a learner's notebook, whose answers are still
// to write) are stored as never run, as nbgrader releases them: the
// learner meets a check's verdict by running it, not as an error stored in
// the notebook they open. nbcheck and nbval run such a cell and compare its
// outputs with nothing; nbcheck still requires its error (see
// verdict.Unrun).
func Store(ctx context.Context, path string, timeout time.Duration) error {
	res, err := kernelrun.Execute(ctx, path, kernelrun.Options{Timeout: timeout})
	if err != nil {
		return err
	}
	if res.Stopped != nil {
		return fmt.Errorf("%s: not stored: cell %d %s", path, res.Stopped.Cell+1, res.Stopped)
	}
	if problems := RunProblems(res.Notebook); len(problems) > 0 {
		return fmt.Errorf("%s: not stored:\n\t%s", path, strings.Join(problems, "\n\t"))
	}
	unrunFailedChecks(res.Notebook)
	return res.Notebook.WriteFile(path)
}

// unrunFailedChecks clears the run of every check cell that failed: its
// outputs, execution count and nbconvert's timing metadata.
func unrunFailedChecks(nb *ipynb.Notebook) {
	for _, c := range nb.Cells {
		if g, _ := GradingOf(c); g.Grade && verdict.FirstError(c.Outputs) != nil {
			c.Outputs, c.ExecutionCount = nil, nil
			delete(c.Metadata, "execution")
		}
	}
}

// RunProblems names the code cells of an executed notebook whose errors are
// not where its tags say (verdict.MisplacedErrors), and the checks that
// failed without a verdict ("not yet: ...").
func RunProblems(nb *ipynb.Notebook) []string {
	problems := verdict.MisplacedErrors(nb)
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		raised := verdict.FirstError(c.Outputs)
		if g, _ := GradingOf(c); raised != nil && g.Grade && !strings.HasPrefix(raised.Evalue, "not yet: ") {
			problems = append(problems, fmt.Sprintf("check cell %d (%s) failed without a verdict (not yet: ...): %s", i+1, g.ID, oneline.Of(raised.Evalue)))
		}
	}
	return problems
}
