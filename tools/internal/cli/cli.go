// Package cli is the nbcheck command: flags, the run, the reports and the
// exit status. Command nbcheck is a thin main around Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

// Exit statuses. A signal that stops nbcheck (SIGINT, SIGTERM) gives 128
// plus its number, as a shell reports a command the signal ended: 130, 143.
const (
	ExitOK     = 0 // every check passed
	ExitFailed = 1 // a check failed
	ExitInput  = 2 // a file or a flag could not be used
)

const usage = `usage: nbcheck [flags] [notebook.ipynb | folder]...
       nbcheck [flags] -compare executed.ipynb stored.ipynb
       nbcheck -count n [-cpu 1,2,4] [flags] [notebook.ipynb | folder]...
       nbcheck [flags] -kernel gophernotes [notebook.ipynb | folder]...

nbcheck runs Go notebooks headless on the yaegi interpreter and checks each
code cell's outputs against the ones stored in the notebook. A folder stands
for the notebooks in it. Exit status: 0 all passed, 1 a check failed, 2 a
file or flag could not be used.

With -count or -cpu, every notebook runs several times (n times at each
CPU count) and nbcheck also reports each cell whose check did not hold
from run to run (FLAKY, UNSTABLE) or from one CPU count to another (CPU).

Flags:
`

// lintMode is the value of -lint: off, on (findings are printed) or
// strict (findings fail the run).
type lintMode string

func (m *lintMode) String() string { return string(*m) }
func (m *lintMode) Set(s string) error {
	switch s {
	case "true", "on":
		*m = "on"
	case "false", "off", "":
		*m = ""
	case "strict":
		*m = "strict"
	default:
		return fmt.Errorf("want -lint or -lint=strict, not %q", s)
	}
	return nil
}
func (m *lintMode) IsBoolFlag() bool { return true }

type config struct {
	timeout  time.Duration
	executed string
	sanitize string
	update   bool
	jobs     int
	shard    string
	run      string
	junit    string
	verbose  bool
	lint     lintMode
	count    int
	cpus     cpuList
	kernel   string
	args     []string
	exit     int // the exit status when the flags say not to run
}

// Main runs nbcheck with the given arguments (without the program name)
// and returns its exit status. SIGINT (Ctrl-C) and SIGTERM stop the run:
// the report covers what ran, and the status is 130 or 143.
func Main(args []string, stdout, stderr io.Writer) int {
	cfg, ok := parseFlags(args, stderr)
	if !ok {
		return cfg.exit
	}
	ctx, stop := onSignals(context.Background())
	defer stop()
	code, err := run(ctx, cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "nbcheck:", err)
	}
	return code
}

// parseFlags reads the command line. When it says not to run (-h, a bad
// flag), ok is false and cfg.exit is the exit status.
func parseFlags(args []string, stderr io.Writer) (cfg config, ok bool) {
	fs := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&cfg.timeout, "timeout", time.Minute, "stop a cell that runs longer than `d` (a cell's nbcheck-timeout marker overrides it)")
	fs.StringVar(&cfg.executed, "compare", "", "run nothing: check the notebook `executed.ipynb` (run elsewhere, e.g. by nbconvert) against the stored one")
	fs.StringVar(&cfg.sanitize, "sanitize", "", "also apply the regex/replace rules of `file` (nbval's format) to both sides")
	fs.BoolVar(&cfg.update, "update", false, "write the outputs of the run into the notebooks where they differ, with execution counts")
	fs.IntVar(&cfg.jobs, "jobs", 1, "check `n` notebooks at a time")
	fs.StringVar(&cfg.shard, "shard", "", "check only part `i/n` of the notebooks (1 <= i <= n), for CI matrices")
	fs.StringVar(&cfg.run, "run", "", "check only the notebooks whose path matches `regexp`")
	fs.StringVar(&cfg.junit, "junit", "", "also write a JUnit XML report to `file`")
	fs.BoolVar(&cfg.verbose, "v", false, "print every cell's source and outputs as it runs")
	fs.IntVar(&cfg.count, "count", 1, "run every notebook `n` times and report the cells that fail in some runs and not others (flaky), or fail differently each time")
	fs.Var(&cfg.cpus, "cpu", "run every notebook (-count times) on each of these numbers of CPUs, as `1,2,4`: CPU affinity and GOMAXPROCS, inherited by every process a cell starts; report the cells that fail at some CPU counts only")
	fs.StringVar(&cfg.kernel, "kernel", "", "run each notebook on the Jupyter kernel `name` (gophernotes) too, and report the cells where the kernel and nbcheck disagree; no stored outputs needed")
	fs.Var(&cfg.lint, "lint", "print cells likely to differ between gophernotes and yaegi or between runs; -lint=strict fails the run on them")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nCell markers, as a tag or as a comment line at the top of the cell:\n\n")
		for _, line := range strings.SplitAfter(marker.Text(), "\n") {
			if line != "" {
				fmt.Fprint(stderr, "  "+line)
			}
		}
	}
	if err := fs.Parse(args); err != nil {
		cfg.exit = ExitInput
		if errors.Is(err, flag.ErrHelp) {
			cfg.exit = ExitOK
		}
		return cfg, false
	}
	cfg.args = fs.Args()
	return cfg, true
}
