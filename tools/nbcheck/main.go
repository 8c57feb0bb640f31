// Command nbcheck runs Go notebooks headless on the yaegi interpreter and
// checks every code cell's outputs against the ones stored in the notebook,
// as nbval and nbmake do for Python notebooks.
//
// Usage:
//
//	nbcheck [flags] [notebook.ipynb | folder]...
//	nbcheck [flags] -compare executed.ipynb stored.ipynb
//	nbcheck [flags] -kernel gophernotes [notebook.ipynb | folder]...
//
// Each notebook runs in a fresh interpreter in a process of its own, in the
// notebook's folder, with the helper packages compiled in. The report names
// every failing cell with a line diff and ends with "N passed, N failed, N
// skipped".
//
// Cells take nbval's markers and nbcheck's own, as a tag or as a comment
// line at the top of the cell (the table is package marker's Table):
//
//	nbval-ignore-output                       // NBVAL_IGNORE_OUTPUT     run the cell, do not compare its outputs (an error still fails)
//	nbval-skip                                // NBVAL_SKIP              do not run the cell; counted as skipped
//	raises-exception, nbval-raises-exception  // NBVAL_RAISES_EXCEPTION  the cell must end in an error; compared by error name
//	nbval-check-output                        // NBVAL_CHECK_OUTPUT      the default: compare the outputs
//	nbcheck-any-order                         // NBCHECK_ANY_ORDER       compare the lines of stdout and stderr in any order (concurrent prints)
//	nbcheck-timeout=30s                       // NBCHECK_TIMEOUT 30s     this cell's own timeout
//	nbcheck-image-size                        // NBCHECK_IMAGE_SIZE      compare images by width and height, not bytes (charts of measured data)
//
// With -kernel, no stored outputs are needed: each notebook also runs on
// the installed Jupyter kernel, and the report names every cell where the
// kernel and nbcheck disagree, ending with "N of M cells agree".
//
// Flags: -timeout, -sanitize, -update, -jobs, -shard, -run, -junit, -v,
// -lint, -kernel; nbcheck -h describes them.
//
// Exit status: 0 when every cell passed, 1 when a check failed, 2 when a
// file or a flag could not be used.
package main

import (
	"os"

	"github.com/goconcurrency/notebooks/tools/internal/cli"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
)

func main() {
	engine.MaybeRunWorker()
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
