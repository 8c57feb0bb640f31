package cli

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// A console writes to stdout for several notebooks running at once, and,
// when stdout is a terminal, keeps a progress line at the bottom: how many
// notebooks are done and which cell each running one has reached. In CI
// (not a terminal) it prints no progress at all.
type console struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	total    int
	finished int
	at       map[string]int // running notebook -> last cell done
	shown    bool           // a progress line is on the screen
}

func newConsole(w io.Writer, total int) *console {
	return &console{w: w, tty: isTerminal(w), total: total, at: map[string]int{}}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (c *console) cell(path string, r verdict.CellResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at[path] = r.Index
	c.redraw()
}

func (c *console) done(r verdict.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished++
	delete(c.at, r.Path)
	c.redraw()
}

// println writes what f writes, below the progress line's place.
func (c *console) println(f func(io.Writer)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.erase()
	f(c.w)
	c.redraw()
}

func (c *console) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.erase()
}

func (c *console) erase() {
	if c.shown {
		fmt.Fprint(c.w, "\r\033[K")
		c.shown = false
	}
}

func (c *console) redraw() {
	if !c.tty {
		return
	}
	var running []string
	for p, cell := range c.at {
		running = append(running, fmt.Sprintf("%s cell %d", p, cell))
	}
	sort.Strings(running)
	line := fmt.Sprintf("nbcheck: %d/%d notebooks done", c.finished, c.total)
	if len(running) > 0 {
		line += "; " + strings.Join(running, ", ")
	}
	if len(line) > 120 {
		line = line[:117] + "..."
	}
	fmt.Fprint(c.w, "\r\033[K"+line)
	c.shown = true
}
