package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// On a terminal the console keeps a progress line, erased before other
// output and at the end; elsewhere (CI, a pipe, a file) it writes none.
func TestConsoleProgress(t *testing.T) {
	for _, tty := range []bool{true, false} {
		var buf bytes.Buffer
		c := newConsole(&buf, 2)
		c.tty = tty
		c.cell("a.ipynb", verdict.CellResult{Index: 3})
		c.println(func(w io.Writer) { fmt.Fprintln(w, "a transcript line") })
		c.done(verdict.Result{Path: "a.ipynb"})
		c.clear()
		out := buf.String()
		hasProgress := strings.Contains(out, "nbcheck: 0/2 notebooks done; a.ipynb cell 3") && strings.Contains(out, "nbcheck: 1/2 notebooks done")
		if hasProgress != tty || strings.Contains(out, "\r") != tty {
			t.Errorf("tty %v: output %q", tty, out)
		}
		if tty && !strings.Contains(out, "\r\033[Ka transcript line\n") || !strings.Contains(out, "a transcript line\n") {
			t.Errorf("tty %v: the progress line was not erased before other output: %q", tty, out)
		}
		if tty && !strings.HasSuffix(out, "\r\033[K") {
			t.Errorf("the progress line stays at the end: %q", out)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&bytes.Buffer{}) {
		t.Error("a file or a buffer taken for a terminal")
	}
}
