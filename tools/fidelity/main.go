// Command fidelity stores the outputs of nbcheck's fidelity corpus, the
// notebooks in tools/fidelity/testdata, from a run on the installed
// gophernotes kernel. The corpus is written the way people write for
// gophernotes, not the way this repository's notebooks are, so that
// nbcheck can be checked against the kernel on code nobody here tuned.
//
// Usage, from the repository's root:
//
//	go run ./tools/fidelity                  # every notebook of the corpus
//	go run ./tools/fidelity FILE|FOLDER...   # only these
//
// Each notebook is executed by Jupyter's own nbconvert, as
// jupyter nbconvert --to notebook --execute --allow-errors would do in
// place, into a scratch folder first. A cell that raised an error on the
// kernel must be tagged raises-exception, and a cell so tagged must have
// raised one; when that does not hold the notebook is left as it was and
// the cells are named. Otherwise the executed notebook replaces the stored
// one (atomically).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/goconcurrency/notebooks/tools/internal/input"
)

// corpusDirs are where the corpus is, from the repository's root or from
// this folder.
var corpusDirs = []string{"tools/fidelity/testdata", "testdata"}

func main() {
	timeout := flag.Int("timeout", 120, "stop a cell after `seconds` on the kernel")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/fidelity [-timeout seconds] [notebook.ipynb | folder]...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(flag.Args(), *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "fidelity:", err)
		os.Exit(1)
	}
}

func run(args []string, timeout int) error {
	if len(args) == 0 {
		dir, err := corpusDir()
		if err != nil {
			return err
		}
		args = []string{dir}
	}
	files, err := input.Expand(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no notebooks in %v", args)
	}
	jupyter, err := findJupyter()
	if err != nil {
		return err
	}
	failed := 0
	cells := 0
	for _, f := range files {
		n, err := store(jupyter, f, timeout)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed++
			continue
		}
		cells += n
		fmt.Printf("stored %s: %d code cells\n", f, n)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d notebooks not stored", failed, len(files))
	}
	fmt.Printf("stored %d notebooks, %d code cells\n", len(files), cells)
	return nil
}

func corpusDir() (string, error) {
	for _, d := range corpusDirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d, nil
		}
	}
	return "", errors.New("no corpus here: run from the repository's root, or name the notebooks")
}
