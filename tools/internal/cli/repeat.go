package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/flake"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// cpuList is the value of -cpu: the numbers of CPUs to run the notebooks
// on, one run (or -count runs) at each.
type cpuList []int

func (l *cpuList) String() string {
	s := make([]string, len(*l))
	for i, n := range *l {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func (l *cpuList) Set(v string) error {
	*l = nil
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("want a list of CPU counts such as 1,2,4, not %q", v)
		}
		*l = append(*l, n)
	}
	return nil
}

// repeated reports whether the flags ask for more than one plain run.
func (cfg config) repeated() bool { return cfg.count > 1 || len(cfg.cpus) > 0 }

// runs lists the runs -count and -cpu ask for, in order: every count at
// the first CPU count, then at the next.
func (cfg config) runs() []flake.Run {
	cpus := []int(cfg.cpus)
	if len(cpus) == 0 {
		cpus = []int{0}
	}
	var rs []flake.Run
	for _, c := range cpus {
		for n := 1; n <= cfg.count; n++ {
			rs = append(rs, flake.Run{N: n, CPUs: c})
		}
	}
	return rs
}

// checkRepeated validates -count and -cpu and says where the machine has
// fewer CPUs than asked for.
func checkRepeated(cfg config, stderr io.Writer) error {
	if cfg.count < 1 {
		return fmt.Errorf("-count %d: want at least 1", cfg.count)
	}
	if cfg.repeated() && cfg.update {
		return errors.New("-update writes one run's outputs: not with -count or -cpu")
	}
	have := engine.AvailableCPUs()
	for _, n := range cfg.cpus {
		if n > have {
			fmt.Fprintf(stderr, "nbcheck: -cpu %d: this machine lets nbcheck use %d CPUs; the runs at -cpu %d use %d\n", n, have, n, have)
		}
	}
	return nil
}

// runRepeated checks the notebooks once for every run -count and -cpu ask
// for, then reports the cells whose check did not hold from run to run.
func runRepeated(ctx context.Context, cfg config, stdout io.Writer, files []string, opt check.Options) ([]verdict.Result, []flake.Finding) {
	var all []verdict.Result
	var finder flake.Finder
	runs := cfg.runs()
	for i, run := range runs {
		if ctx.Err() != nil {
			break
		}
		fmt.Fprintf(stdout, "=== %s (%d of %d)\n", run, i+1, len(runs))
		opt.Engine.CPUs = run.CPUs
		results := runNotebooks(ctx, cfg, stdout, files, opt)
		for i := range results {
			results[i].Run = run.String()
			observe(&finder, run, results[i], opt)
		}
		all = append(all, results...)
	}
	return all, finder.Findings()
}

// observe gives the finder what one run of a notebook gave.
func observe(f *flake.Finder, run flake.Run, r verdict.Result, opt check.Options) {
	for _, c := range r.Cells {
		if c.Skipped || c.NotRun {
			continue
		}
		cmp := opt.Compare
		cmp.Rules = c.Markers.Compare
		f.Add(flake.Cell{Path: r.Path, Index: c.Index, Source: c.Source, Compare: &cmp},
			flake.Observation{Run: run, Failed: c.Failed(), Outputs: c.Outputs})
	}
}

// reportFlakes writes the findings and a summary line, and returns
// ExitFailed when there are findings.
func reportFlakes(w io.Writer, cfg config, findings []flake.Finding) int {
	kinds := map[flake.Kind]int{}
	for _, f := range findings {
		fmt.Fprintln(w, f)
		kinds[f.Kind]++
	}
	what := fmt.Sprintf("-count %d", cfg.count)
	if len(cfg.cpus) > 0 {
		what += " -cpu " + cfg.cpus.String()
	}
	if len(findings) == 0 {
		fmt.Fprintf(w, "flake: %d runs (%s): every cell held from run to run\n", len(cfg.runs()), what)
		return ExitOK
	}
	fmt.Fprintf(w, "flake: %d runs (%s): %d findings: %d flaky, %d unstable, %d CPU-bound\n",
		len(cfg.runs()), what, len(findings), kinds[flake.Flaky], kinds[flake.Unstable], kinds[flake.CPUBound])
	return ExitFailed
}
