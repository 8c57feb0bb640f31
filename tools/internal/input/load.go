package input

import (
	"errors"
	"fmt"
	"os"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

// An Error says a file is not a Go notebook nbcheck can run. Its message is
// one line naming the file, and the cell when one is at fault.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// MaxStoredOutput bounds the stored outputs of one cell, in bytes; a
// notebook with more is refused. It is what the engine keeps of a cell's
// outputs (engine.MaxCellOutput; a test of package check holds them equal).
const MaxStoredOutput = 10 << 20

// A Notebook is a Go notebook nbcheck can use, read once: its cells, and
// the markers of each.
type Notebook struct {
	*ipynb.Notebook
	// Markers holds each cell's markers, by its index in Cells (the zero
	// Markers for a cell that is not code).
	Markers []marker.Markers
}

// Load reads a notebook and checks that it is a Go notebook nbcheck can
// use: nbformat 4, kernel gophernotes or language Go, at least one cell,
// valid markers, stored outputs of sane size.
func Load(path string) (*Notebook, error) {
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, &Error{fmt.Errorf("%s: %w", path, pe.Err)}
		}
		return nil, &Error{err}
	}
	return From(path, nb)
}

// From checks a notebook already read, named path in its errors, as Load
// does a file's.
func From(path string, nb *ipynb.Notebook) (*Notebook, error) {
	if err := goKernel(path, nb); err != nil {
		return nil, &Error{err}
	}
	if len(nb.Cells) == 0 {
		return nil, &Error{fmt.Errorf("%s: empty notebook: no cells", path)}
	}
	markers := make([]marker.Markers, len(nb.Cells))
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		var err error
		if markers[i], err = marker.Of(c); err != nil {
			return nil, &Error{fmt.Errorf("%s: cell %d: %w", path, i+1, err)}
		}
		if n := outputSize(c.Outputs); n > MaxStoredOutput {
			return nil, &Error{fmt.Errorf("%s: cell %d: stored outputs of %s, more than the %s nbcheck reads", path, i+1, MiB(int64(n)), MiB(MaxStoredOutput))}
		}
	}
	return &Notebook{Notebook: nb, Markers: markers}, nil
}

// goKernel checks that the notebook names the gophernotes kernel or the
// Go language.
func goKernel(path string, nb *ipynb.Notebook) error {
	name, lang := nb.Kernel()
	switch {
	case lang == "go" || name == "gophernotes":
		return nil
	case name == "" && lang == "":
		return fmt.Errorf("%s: no kernelspec: not a Go notebook (want kernel gophernotes, language go)", path)
	}
	return fmt.Errorf("%s: kernel %q, language %q: not a Go notebook", path, name, lang)
}

func outputSize(outs []*ipynb.Output) int {
	n := 0
	for _, o := range outs {
		n += len(o.Text) + len(o.Evalue)
		for _, v := range o.Data {
			if s, ok := v.(string); ok {
				n += len(s)
			}
		}
	}
	return n
}

// MiB writes a number of bytes in mebibytes, for messages: "10.0 MiB".
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
