// Package flake finds the notebook cells whose check does not hold from one
// run to the next, or from one number of CPUs to another, in the spirit of
// go test's -count and -cpu flags.
//
// A Finder is given what each run of each cell gave (Add) and then tells
// (Findings) which cells are
//
//   - flaky: at one CPU count, the cell passed in some runs and failed in
//     others;
//   - unstable: at one CPU count, the cell failed in every run, and not the
//     same way each time (its outputs differ from run to run);
//   - CPU-bound: every run failed at some CPU counts and passed at others.
//
// A cell that fails the same way in every run at every CPU count is none of
// these: the plain report shows it.
package flake

import (
	"fmt"
	"slices"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A Run names one run of the notebooks.
type Run struct {
	N    int // which of the repeated runs, from 1
	CPUs int // how many CPUs the notebooks had; 0: not limited
}

func (r Run) String() string {
	if r.CPUs == 0 {
		return fmt.Sprintf("run %d", r.N)
	}
	return fmt.Sprintf("run %d, -cpu %d", r.N, r.CPUs)
}

// A Cell names a code cell.
type Cell struct {
	Path   string
	Index  int // 1-based position among all the notebook's cells
	Source string
	// Compare compares the outputs of two runs of the cell, the first
	// taken as the stored side: the rules its markers give (any order,
	// image size, ...). Nil: compare.Default().
	Compare *compare.Options
}

func (c Cell) String() string { return fmt.Sprintf("%s cell %d", c.Path, c.Index) }

// An Observation is what one run gave for one cell.
type Observation struct {
	Run     Run
	Failed  bool
	Outputs []*ipynb.Output
}

// A Kind is the way a cell's check does not hold.
type Kind string

const (
	Flaky    Kind = "FLAKY"
	Unstable Kind = "UNSTABLE"
	CPUBound Kind = "CPU"
)

// A Finding is one cell whose check does not hold.
type Finding struct {
	Cell Cell
	Kind Kind
	CPUs int // the CPU count it was seen at (Flaky, Unstable)

	Passed, Failed []Run
	// Between says which two runs Diffs compares: what the outputs of the
	// second were against those of the first.
	Between [2]Run
	Diffs   []compare.Diff
}

func (f Finding) String() string {
	var b strings.Builder
	switch f.Kind {
	case Flaky:
		fmt.Fprintf(&b, "--- FLAKY: %s%s: failed in %s; passed in %s", f.Cell, atCPUs(f.CPUs), runs(f.Failed), runs(f.Passed))
	case Unstable:
		fmt.Fprintf(&b, "--- UNSTABLE: %s%s: failed in every run, with outputs that differ from run to run", f.Cell, atCPUs(f.CPUs))
	case CPUBound:
		fmt.Fprintf(&b, "--- CPU: %s: fails at %s, passes at %s", f.Cell, cpuList(f.Failed), cpuList(f.Passed))
	}
	if len(f.Diffs) > 0 {
		fmt.Fprintf(&b, "\n    %s against %s:", f.Between[1], f.Between[0])
		for _, d := range f.Diffs {
			b.WriteString("\n    " + strings.ReplaceAll(d.String(), "\n", "\n    "))
		}
	}
	return b.String()
}

func atCPUs(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" at -cpu %d", n)
}

func runs(rs []Run) string {
	ns := make([]string, len(rs))
	for i, r := range rs {
		ns[i] = fmt.Sprint(r.N)
	}
	if len(rs) == 1 {
		return "run " + ns[0]
	}
	return "runs " + strings.Join(ns, ", ")
}

func cpuList(rs []Run) string {
	var cpus []int
	for _, r := range rs {
		if !slices.Contains(cpus, r.CPUs) {
			cpus = append(cpus, r.CPUs)
		}
	}
	slices.Sort(cpus)
	s := make([]string, len(cpus))
	for i, c := range cpus {
		s[i] = fmt.Sprint(c)
	}
	return "-cpu " + strings.Join(s, ",")
}

// A Finder collects observations. Its zero value is ready to use; it is
// not safe for concurrent use.
type Finder struct {
	order []Cell
	seen  map[cellKey][]Observation
}

type cellKey struct {
	path  string
	index int
}

// Add records what one run gave for one cell.
func (f *Finder) Add(c Cell, o Observation) {
	if f.seen == nil {
		f.seen = map[cellKey][]Observation{}
	}
	k := cellKey{c.Path, c.Index}
	if _, ok := f.seen[k]; !ok {
		f.order = append(f.order, c)
	}
	f.seen[k] = append(f.seen[k], o)
}

// Findings returns the cells whose check does not hold, in the order they
// were first added.
func (f *Finder) Findings() []Finding {
	var out []Finding
	for _, c := range f.order {
		cmp := compare.Default()
		if c.Compare != nil {
			cmp = *c.Compare
		}
		out = append(out, findings(c, f.seen[cellKey{c.Path, c.Index}], cmp)...)
	}
	return out
}

// findings judges one cell's observations.
func findings(c Cell, obs []Observation, cmp compare.Options) []Finding {
	byCPU := map[int][]Observation{}
	var cpus []int
	for _, o := range obs {
		if _, ok := byCPU[o.Run.CPUs]; !ok {
			cpus = append(cpus, o.Run.CPUs)
		}
		byCPU[o.Run.CPUs] = append(byCPU[o.Run.CPUs], o)
	}
	var out []Finding
	var allPassed, allFailed []Run // runs at CPU counts where every run agreed
	for _, n := range cpus {
		at := byCPU[n]
		passed, failed := split(at)
		switch {
		case len(passed) > 0 && len(failed) > 0:
			fd := Finding{Cell: c, Kind: Flaky, CPUs: n, Passed: runsOf(passed), Failed: runsOf(failed)}
			fd.Between = [2]Run{passed[0].Run, failed[0].Run}
			fd.Diffs = cmp.Cell(passed[0].Outputs, failed[0].Outputs)
			out = append(out, fd)
		case len(failed) > 1:
			if i, diffs := firstDiffering(failed, cmp); diffs != nil {
				fd := Finding{Cell: c, Kind: Unstable, CPUs: n, Failed: runsOf(failed)}
				fd.Between = [2]Run{failed[0].Run, failed[i].Run}
				fd.Diffs = diffs
				out = append(out, fd)
				continue
			}
			allFailed = append(allFailed, runsOf(failed)...)
		case len(failed) == 1:
			allFailed = append(allFailed, failed[0].Run)
		default:
			allPassed = append(allPassed, runsOf(passed)...)
		}
	}
	if len(allPassed) > 0 && len(allFailed) > 0 {
		p, q := first(obs, allPassed[0]), first(obs, allFailed[0])
		out = append(out, Finding{Cell: c, Kind: CPUBound, Passed: allPassed, Failed: allFailed,
			Between: [2]Run{p.Run, q.Run}, Diffs: cmp.Cell(p.Outputs, q.Outputs)})
	}
	return out
}

func split(obs []Observation) (passed, failed []Observation) {
	for _, o := range obs {
		if o.Failed {
			failed = append(failed, o)
		} else {
			passed = append(passed, o)
		}
	}
	return passed, failed
}

func runsOf(obs []Observation) []Run {
	rs := make([]Run, len(obs))
	for i, o := range obs {
		rs[i] = o.Run
	}
	return rs
}

// firstDiffering returns the first observation whose outputs differ from
// the first one's, and how.
func firstDiffering(obs []Observation, cmp compare.Options) (int, []compare.Diff) {
	for i := 1; i < len(obs); i++ {
		if d := cmp.Cell(obs[0].Outputs, obs[i].Outputs); len(d) > 0 {
			return i, d
		}
	}
	return 0, nil
}

func first(obs []Observation, r Run) Observation {
	for _, o := range obs {
		if o.Run == r {
			return o
		}
	}
	return Observation{}
}
