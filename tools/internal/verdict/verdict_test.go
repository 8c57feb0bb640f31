package verdict

import (
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

func stdout(s string) *ipynb.Output { return &ipynb.Output{Type: "stream", Name: "stdout", Text: s} }

func failure(msg string) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: msg, Traceback: []string{msg}}
}

func outs(o ...*ipynb.Output) []*ipynb.Output { return o }

// Cell is the one verdict on a cell, against stored outputs and against
// the kernel's: a table of both.
func TestCell(t *testing.T) {
	raises := marker.Markers{RaisesException: true}
	ignore := marker.Markers{IgnoreOutput: true}
	for _, tc := range []struct {
		name      string
		m         marker.Markers
		ref       Reference
		want, got []*ipynb.Output
		diffs     bool
		err       string // a piece of the error; "" for none
	}{
		{"same", marker.Markers{}, Stored, outs(stdout("a\n")), outs(stdout("a\n")), false, ""},
		{"other text", marker.Markers{}, Stored, outs(stdout("a\n")), outs(stdout("b\n")), true, ""},
		{"ignored output", ignore, Stored, outs(stdout("a\n")), outs(stdout("b\n")), false, ""},
		{"an error not marked", marker.Markers{}, Stored, outs(stdout("a\n")), outs(failure("boom")), true, "raised an error: ERROR: boom"},
		{"the stored error itself, not marked", marker.Markers{}, Stored, outs(failure("boom")), outs(failure("boom")), false, ""},
		{"marked, raises", raises, Stored, outs(failure("boom")), outs(failure("boom")), false, ""},
		{"marked, does not raise", raises, Stored, outs(failure("boom")), outs(stdout("a\n")), true, "raised no error, but is marked raises-exception"},
		{"kernel: both raise, worded otherwise", marker.Markers{}, Kernel, outs(failure("kernel's words")), outs(failure("nbcheck's words")), false, ""},
		{"kernel: kernel only", marker.Markers{}, Kernel, outs(failure("on the kernel")), outs(stdout("a\n")), true, "raised an error on the kernel only: on the kernel"},
		{"kernel: nbcheck only", marker.Markers{}, Kernel, outs(stdout("a\n")), outs(failure("here")), true, "raised an error in nbcheck only: here"},
		{"kernel: ignored output still needs the same errors", ignore, Kernel, outs(stdout("a\n")), outs(failure("here")), false, "in nbcheck only"},
		{"unrun: any output", marker.Markers{}, Unrun, nil, outs(stdout("a\n")), false, ""},
		{"unrun check, marked, raises", raises, Unrun, nil, outs(failure("not yet: no")), false, ""},
		{"unrun check, marked, passes", raises, Unrun, nil, outs(stdout("ok\n")), false, "raised no error, but is marked raises-exception"},
		{"unrun, not marked, raises", marker.Markers{}, Unrun, nil, outs(failure("boom")), false, "raised an error: ERROR: boom"},
	} {
		diffs, err := Cell(tc.m, compare.Default(), tc.ref, tc.want, tc.got)
		if (len(diffs) > 0) != tc.diffs {
			t.Errorf("%s: diffs %v, want some: %v", tc.name, diffs, tc.diffs)
		}
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: err %v, want none", tc.name, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: err %v, want one with %q", tc.name, err, tc.err)
		}
	}
}

// A stored cell is Unrun when it has neither an execution count nor
// outputs, as nbgrader releases checks and nbval reads them.
func TestStoredAs(t *testing.T) {
	n := 3
	for _, tc := range []struct {
		name string
		c    *ipynb.Cell
		want Reference
	}{
		{"never run", &ipynb.Cell{Type: "code"}, Unrun},
		{"run, no output", &ipynb.Cell{Type: "code", ExecutionCount: &n}, Stored},
		{"run, an output", &ipynb.Cell{Type: "code", ExecutionCount: &n, Outputs: outs(stdout("a\n"))}, Stored},
		{"outputs without a count", &ipynb.Cell{Type: "code", Outputs: outs(stdout("a\n"))}, Stored},
	} {
		if got := StoredAs(tc.c); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
