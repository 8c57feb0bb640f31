// Package cli is the nbcheck command: flags, the run, the reports and the
// exit status. Command nbcheck is a thin main around Main.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/differential"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/lint"
)

// Exit statuses.
const (
	ExitOK     = 0 // every check passed
	ExitFailed = 1 // a check failed
	ExitInput  = 2 // a file or a flag could not be used
)

const usage = `usage: nbcheck [flags] [notebook.ipynb | folder]...
       nbcheck [flags] -compare executed.ipynb stored.ipynb
       nbcheck [flags] -kernel gophernotes [notebook.ipynb | folder]...

nbcheck runs Go notebooks headless on the yaegi interpreter and checks each
code cell's outputs against the ones stored in the notebook. A folder stands
for the notebooks in it. Exit status: 0 all passed, 1 a check failed, 2 a
file or flag could not be used.

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
	kernel   string
	args     []string
}

// Main runs nbcheck with the given arguments (without the program name)
// and returns its exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	var cfg config
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
	fs.StringVar(&cfg.kernel, "kernel", "", "run each notebook on the Jupyter kernel `name` (gophernotes) too, and report the cells where the kernel and nbcheck disagree; no stored outputs needed")
	fs.Var(&cfg.lint, "lint", "print cells likely to differ between gophernotes and yaegi or between runs; -lint=strict fails the run on them")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitInput
	}
	cfg.args = fs.Args()
	code, err := run(cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "nbcheck:", err)
	}
	return code
}

func run(cfg config, stdout, stderr io.Writer) (int, error) {
	if cfg.jobs < 1 {
		return ExitInput, fmt.Errorf("-jobs %d: want at least 1", cfg.jobs)
	}
	if cfg.timeout <= 0 {
		return ExitInput, fmt.Errorf("-timeout %v: want a positive duration", cfg.timeout)
	}
	opt := check.Options{Compare: compare.Default(), Engine: engine.Options{Timeout: cfg.timeout}, Update: cfg.update}
	if cfg.sanitize != "" {
		rules, err := compare.LoadSanitizers(cfg.sanitize)
		if err != nil {
			return ExitInput, err
		}
		// The file's rules see the text as printed; the built-in ones
		// then blank out what is never stable.
		opt.Compare.Sanitizers = append(rules, opt.Compare.Sanitizers...)
	}

	if cfg.executed != "" {
		if len(cfg.args) != 1 || cfg.update || cfg.shard != "" || cfg.run != "" {
			return ExitInput, errors.New("-compare takes one stored notebook, and no -update, -shard or -run")
		}
		r, err := compareFiles(cfg.args[0], cfg.executed, opt.Compare)
		if err != nil {
			return ExitInput, err
		}
		results := []check.Result{r}
		code := ExitOK
		if cfg.lint != "" {
			code = lintFiles(stdout, []string{cfg.args[0]}, cfg.lint)
		}
		return finish(cfg, stdout, results, code)
	}

	paths := cfg.args
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := check.Expand(paths)
	if err != nil {
		return ExitInput, err
	}
	if len(files) == 0 {
		return ExitInput, fmt.Errorf("no notebooks in %s", strings.Join(paths, " "))
	}
	var re *regexp.Regexp
	if cfg.run != "" {
		if re, err = regexp.Compile(cfg.run); err != nil {
			return ExitInput, fmt.Errorf("-run: %v", err)
		}
	}
	var shard check.Shard
	if cfg.shard != "" {
		if shard, err = check.ParseShard(cfg.shard); err != nil {
			return ExitInput, fmt.Errorf("-shard: %v", err)
		}
	}
	files = check.Select(files, re, shard)
	if len(files) == 0 {
		fmt.Fprintln(stderr, "nbcheck: warning: no notebooks to check")
	}

	code := ExitOK
	if cfg.lint != "" {
		code = lintFiles(stdout, files, cfg.lint)
	}

	if cfg.kernel != "" {
		if cfg.update || cfg.executed != "" || cfg.junit != "" {
			return ExitInput, errors.New("-kernel takes no -update, -compare or -junit")
		}
		return differential.Main(context.Background(), stdout, files, differential.Options{Check: opt, Kernel: cfg.kernel})
	}
	out := newConsole(stdout, len(files))
	var mu sync.Mutex
	transcripts := map[string]*bytes.Buffer{}
	opt.OnCell = func(path string, c check.CellResult) {
		out.cell(path, c)
		if !cfg.verbose {
			return
		}
		if cfg.jobs == 1 {
			out.println(func(w io.Writer) { check.Transcript(w, path, c) })
			return
		}
		// Notebooks running side by side: keep each transcript whole.
		mu.Lock()
		defer mu.Unlock()
		if transcripts[path] == nil {
			transcripts[path] = &bytes.Buffer{}
		}
		check.Transcript(transcripts[path], path, c)
	}
	results := check.RunAll(context.Background(), files, opt, cfg.jobs, func(r check.Result) {
		out.done(r)
		mu.Lock()
		t := transcripts[r.Path]
		delete(transcripts, r.Path)
		mu.Unlock()
		if t != nil {
			out.println(func(w io.Writer) { w.Write(t.Bytes()) })
		}
	})
	out.clear()
	return finish(cfg, stdout, results, code)
}

// finish writes the reports and returns the exit status.
func finish(cfg config, stdout io.Writer, results []check.Result, code int) (int, error) {
	_, failed := check.Report(stdout, results)
	if failed > 0 && code == ExitOK {
		code = ExitFailed
	}
	for _, r := range results {
		var ie *check.InputError
		switch {
		case errors.As(r.Err, &ie):
			code = ExitInput
		case r.Err != nil && code == ExitOK:
			code = ExitFailed
		}
	}
	if cfg.junit != "" {
		var buf bytes.Buffer
		if err := check.WriteJUnit(&buf, results); err != nil {
			return ExitInput, err
		}
		if dir := filepath.Dir(cfg.junit); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return ExitInput, fmt.Errorf("-junit: %v", err)
			}
		}
		if err := ipynb.WriteFileAtomic(cfg.junit, buf.Bytes()); err != nil {
			return ExitInput, fmt.Errorf("-junit: %v", err)
		}
	}
	return code, nil
}

func compareFiles(stored, executed string, opt compare.Options) (check.Result, error) {
	s, err := check.Load(stored)
	if err != nil {
		return check.Result{}, err
	}
	e, err := ipynb.ReadFile(executed)
	if err != nil {
		return check.Result{}, err
	}
	return check.CompareNotebooks(stored, s, e, opt), nil
}

// lintFiles prints the lint findings of the notebooks and returns
// ExitFailed when there are some and the mode is strict. Notebooks that
// cannot be read are left to the check, which reports them.
func lintFiles(w io.Writer, files []string, mode lintMode) int {
	n := 0
	for _, f := range files {
		nb, err := check.Load(f)
		if err != nil {
			continue
		}
		for _, fd := range lint.Notebook(nb) {
			fmt.Fprintf(w, "%s: cell %d: line %d: %s\n", f, fd.Cell, fd.Line, fd.Message)
			n++
		}
	}
	if n > 0 && mode == "strict" {
		fmt.Fprintf(w, "lint: %d findings (-lint=strict)\n", n)
		return ExitFailed
	}
	return ExitOK
}
