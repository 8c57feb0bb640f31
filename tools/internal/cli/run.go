package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/differential"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/flake"
	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
	"github.com/goconcurrency/notebooks/tools/internal/lint"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// run does what cfg says and returns the exit status.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) (int, error) {
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
		if cfg.repeated() {
			return ExitInput, errors.New("-compare runs nothing: not with -count or -cpu")
		}
		return runCompare(cfg, stdout, opt.Compare)
	}
	if err := checkRepeated(cfg, stderr); err != nil {
		return ExitInput, err
	}
	files, err := selectFiles(cfg)
	if err != nil {
		return ExitInput, err
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "nbcheck: warning: no notebooks to check")
	}
	code := ExitOK
	if cfg.lint != "" {
		code = lintFiles(stdout, files, cfg.lint)
	}
	if cfg.kernel != "" {
		if cfg.update || cfg.junit != "" || cfg.repeated() {
			return ExitInput, errors.New("-kernel takes no -update, -junit, -count or -cpu")
		}
		return runKernel(ctx, stdout, files, differential.Options{Check: opt, Kernel: cfg.kernel}, code)
	}
	var results []verdict.Result
	if cfg.repeated() {
		var findings []flake.Finding
		results, findings = runRepeated(ctx, cfg, stdout, files, opt)
		code, err = finish(cfg, stdout, results, code)
		if c := reportFlakes(stdout, cfg, findings); code == ExitOK {
			code = c
		}
	} else {
		results = runNotebooks(ctx, cfg, stdout, files, opt)
		code, err = finish(cfg, stdout, results, code)
	}
	var in interrupted
	if errors.As(context.Cause(ctx), &in) {
		fmt.Fprintf(stderr, "nbcheck: %v: %s not checked\n", in, notebooks(len(files)-len(results)))
		return in.exitStatus(), err
	}
	return code, err
}

// runCompare checks a notebook executed elsewhere against the stored one
// (-compare).
func runCompare(cfg config, stdout io.Writer, opt compare.Options) (int, error) {
	if len(cfg.args) != 1 || cfg.update || cfg.shard != "" || cfg.run != "" {
		return ExitInput, errors.New("-compare takes one stored notebook, and no -update, -shard or -run")
	}
	r, err := compareFiles(cfg.args[0], cfg.executed, opt)
	if err != nil {
		return ExitInput, err
	}
	code := ExitOK
	if cfg.lint != "" {
		code = lintFiles(stdout, []string{cfg.args[0]}, cfg.lint)
	}
	return finish(cfg, stdout, []verdict.Result{r}, code)
}

// selectFiles returns the notebooks the arguments name, less those -run
// and -shard leave out.
func selectFiles(cfg config) ([]string, error) {
	paths := cfg.args
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := input.Expand(paths)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no notebooks in %s", strings.Join(paths, " "))
	}
	var re *regexp.Regexp
	if cfg.run != "" {
		if re, err = regexp.Compile(cfg.run); err != nil {
			return nil, fmt.Errorf("-run: %w", err)
		}
	}
	var shard input.Shard
	if cfg.shard != "" {
		if shard, err = input.ParseShard(cfg.shard); err != nil {
			return nil, fmt.Errorf("-shard: %w", err)
		}
	}
	return input.Select(files, re, shard), nil
}

// runNotebooks checks the notebooks, showing progress on a terminal and,
// with -v, a transcript of every cell.
func runNotebooks(ctx context.Context, cfg config, stdout io.Writer, files []string, opt check.Options) []verdict.Result {
	out := newConsole(stdout, len(files))
	defer out.clear()
	var mu sync.Mutex
	transcripts := map[string]*bytes.Buffer{}
	opt.OnCell = func(path string, c verdict.CellResult) {
		out.cell(path, c)
		if !cfg.verbose {
			return
		}
		if cfg.jobs == 1 {
			out.println(func(w io.Writer) { report.Transcript(w, path, c) })
			return
		}
		// Notebooks running side by side: keep each transcript whole.
		mu.Lock()
		defer mu.Unlock()
		if transcripts[path] == nil {
			transcripts[path] = &bytes.Buffer{}
		}
		report.Transcript(transcripts[path], path, c)
	}
	return check.RunAll(ctx, files, opt, cfg.jobs, func(r verdict.Result) {
		out.done(r)
		mu.Lock()
		t := transcripts[r.Path]
		delete(transcripts, r.Path)
		mu.Unlock()
		if t != nil {
			out.println(func(w io.Writer) { w.Write(t.Bytes()) })
		}
	})
}

// runKernel runs every notebook on the kernel and on nbcheck (-kernel),
// writes where they disagree and returns the exit status: ExitFailed when
// a cell disagrees. The error says why nothing could be compared (no
// Jupyter, no kernelspec).
func runKernel(ctx context.Context, stdout io.Writer, files []string, opt differential.Options, code int) (int, error) {
	fmt.Fprintf(stdout, "nbcheck -kernel %s: each cell runs on the kernel and on nbcheck; in a diff, - is the kernel's output and + nbcheck's\n", opt.Kernel)
	var results []verdict.Result
	for _, f := range files {
		r, err := differential.Notebook(ctx, f, opt)
		var se *kernelrun.SetupError
		if errors.As(err, &se) {
			return ExitInput, err
		}
		results = append(results, r)
	}
	agree, total := report.Agreement(stdout, results)
	if agree < total && code == ExitOK {
		code = ExitFailed
	}
	return exitStatus(results, code), nil
}

// finish writes the reports and returns the exit status.
func finish(cfg config, stdout io.Writer, results []verdict.Result, code int) (int, error) {
	_, failed := report.Text(stdout, results)
	if failed > 0 && code == ExitOK {
		code = ExitFailed
	}
	code = exitStatus(results, code)
	if cfg.junit != "" {
		if err := writeJUnit(cfg.junit, results); err != nil {
			return ExitInput, fmt.Errorf("-junit: %w", err)
		}
	}
	return code, nil
}

// exitStatus is code, or what the notebooks that could not be checked
// make it: ExitInput for a file that is no notebook nbcheck can use,
// ExitFailed for another failure.
func exitStatus(results []verdict.Result, code int) int {
	for _, r := range results {
		var ie *input.Error
		switch {
		case errors.As(r.Err, &ie):
			return ExitInput
		case r.Err != nil && code == ExitOK:
			code = ExitFailed
		}
	}
	return code
}

// writeJUnit writes the JUnit report to file, making its folder if needed.
func writeJUnit(file string, results []verdict.Result) error {
	var buf bytes.Buffer
	if err := report.JUnit(&buf, results); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return fsutil.WriteFile(file, buf.Bytes())
}

func compareFiles(stored, executed string, opt compare.Options) (verdict.Result, error) {
	s, err := input.Load(stored)
	if err != nil {
		return verdict.Result{}, err
	}
	e, err := ipynb.ReadFile(executed)
	if err != nil {
		return verdict.Result{}, err
	}
	return verdict.Notebooks(stored, s.Notebook, e, s.Markers, opt), nil
}

// lintFiles prints the lint findings of the notebooks and returns
// ExitFailed when there are some and the mode is strict. Notebooks that
// cannot be read are left to the check, which reports them.
func lintFiles(w io.Writer, files []string, mode lintMode) int {
	n := 0
	for _, f := range files {
		nb, err := input.Load(f)
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

// notebooks says how many notebooks: "1 notebook", "3 notebooks".
func notebooks(n int) string {
	if n == 1 {
		return "1 notebook"
	}
	return fmt.Sprintf("%d notebooks", n)
}
