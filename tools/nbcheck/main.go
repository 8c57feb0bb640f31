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
// notebook's folder, with the helper packages compiled in. Cells take
// nbval's markers (nbval-skip, nbval-ignore-output, raises-exception, as
// tags or // NBVAL_... comments) and nbcheck's own (nbcheck-any-order,
// nbcheck-image-size, nbcheck-timeout=30s). The report names every failing
// cell with a line diff and ends with "N passed, N failed, N skipped".
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
