// Command nbcheck runs Go notebooks headless on the yaegi interpreter and
// checks every code cell's outputs against the ones stored in the notebook.
//
// Usage:
//
//	nbcheck [-timeout d] [notebook.ipynb | folder]...
//	nbcheck -compare executed.ipynb stored.ipynb
//
// Each notebook runs in a fresh interpreter in a process of its own, in the
// notebook's folder, with the helper package compiled in. The report names
// every failing cell with a line diff and ends with "N passed, N failed".
// With -compare, nbcheck runs nothing: it checks a notebook executed
// elsewhere (by nbconvert on the gophernotes kernel) against the stored one
// with the same rules.
//
// Exit status: 0 when every cell passed, 1 when a check failed, 2 when a
// file could not be used.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func main() {
	engine.MaybeRunWorker()
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	timeout := fs.Duration("timeout", time.Minute, "stop a cell that runs longer than `d`")
	executed := fs.String("compare", "", "check the notebook `executed.ipynb` (run elsewhere) against the one stored")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: nbcheck [-timeout d] [notebook.ipynb | folder]...\n       nbcheck -compare executed.ipynb stored.ipynb")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	opt := check.Options{Compare: compare.Default(), Engine: engine.Options{Timeout: *timeout}}

	var results []check.Result
	if *executed != "" {
		if fs.NArg() != 1 {
			fs.Usage()
			return 2
		}
		r, err := compareFiles(fs.Arg(0), *executed, opt.Compare)
		if err != nil {
			fmt.Fprintln(os.Stderr, "nbcheck:", err)
			return 2
		}
		results = append(results, r)
	} else {
		paths := fs.Args()
		if len(paths) == 0 {
			paths = []string{"."}
		}
		files, err := check.Expand(paths)
		if err != nil {
			fmt.Fprintln(os.Stderr, "nbcheck:", err)
			return 2
		}
		if len(files) == 0 {
			fmt.Fprintln(os.Stderr, "nbcheck: no notebooks in", paths)
			return 2
		}
		for _, f := range files {
			results = append(results, check.Run(context.Background(), f, opt))
		}
	}
	_, failed := check.Report(os.Stdout, results)
	code := 0
	if failed > 0 {
		code = 1
	}
	for _, r := range results {
		var ie *check.InputError
		if errors.As(r.Err, &ie) {
			code = 2
		} else if r.Err != nil && code == 0 {
			code = 1
		}
	}
	return code
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
