package lint

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Figures that depend on the machine, found in a compared cell's stored
// output text. The heuristics, line by line of the output:
//
//   - a core count: a number followed by cores, CPUs, procs or hardware
//     threads ("2 cores", "1.8 cores busy"), or such a word leading the line
//     or a clause, followed by a colon or an equals sign and a number
//     ("cores: 2", "GOMAXPROCS=8"); in a claim (a line ending in ": true" or
//     ": false"), only a lower bound ("at least 1.8 cores busy: true"),
//     which fails on fewer cores: an upper bound ("at most 1.3 cores busy")
//     holds on any machine, and a setting ("with GOMAXPROCS=1, ...") is no
//     measurement;
//   - a memory figure: a number followed by B, KB, KiB, MB, MiB, GB or GiB,
//     unless the line is a claim ("a goroutine takes less than 8 KB: true"):
//     a generous bound on memory holds from machine to machine, a bound on
//     cores does not;
//   - a duration of work that is not a sleep: the line holds a Go duration
//     and the cell shows no set delay (see delays).
var (
	coreFigure     = regexp.MustCompile(`(?i)\b\d+(?:\.\d+)?\s*(?:cores?|cpus?|procs|hardware threads)\b|(?:^|[,;(]\s*)(?:cores?|cpus?|gomaxprocs|numcpu)\s*[:=]\s*\d`)
	coreLowerBound = regexp.MustCompile(`(?i)\b(?:at least|more than|over)\s+\d+(?:\.\d+)?\s*(?:cores?|cpus?|procs)\b`)
	memoryFigure   = regexp.MustCompile(`(?:^|[^\w+.])\d+(?:\.\d+)?\s?(?:[kKMG]i?)?B\b`)
	claim          = regexp.MustCompile(`: (?:true|false)\s*$`)
)

// machineFigures flags the compared cells of nb whose stored outputs state
// a figure that depends on the machine: they fail on a machine with other
// cores, another speed or another memory layout. Such a figure belongs in a
// cell tagged nbval-ignore-output, with the claim about it, stated relative
// to the cores the program has, checked in the next cell.
func machineFigures(nb *input.Notebook) []Finding {
	d := newDelays(nb.Notebook)
	var out []Finding
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if m := nb.Markers[i]; m.Skip || m.IgnoreOutput || m.RaisesException {
			continue
		}
		sleeps := d.cellSleeps(c.Source)
		for _, line := range outputLines(c) {
			if msg := figure(line, sleeps); msg != "" {
				out = append(out, Finding{Cell: i + 1, Line: 1, Message: fmt.Sprintf(
					"compared output %q holds %s: it changes from machine to machine; print it in a cell tagged nbval-ignore-output and check a claim about it, relative to runtime.GOMAXPROCS(0), in the next cell",
					strings.TrimSpace(line), msg)})
				break // one finding a cell is enough to send the author there
			}
		}
	}
	return out
}

// ansiEscape matches a terminal's color escape sequence (ESC [ 31 m),
// whose "31m" and "0m" are no durations.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// figure says what machine-dependent figure line holds, or "".
func figure(line string, sleeps bool) string {
	line = ansiEscape.ReplaceAllString(line, "")
	switch {
	case claim.MatchString(line) && coreLowerBound.MatchString(line):
		return "a core count"
	case !claim.MatchString(line) && coreFigure.MatchString(line):
		return "a core count"
	case memoryFigure.MatchString(line) && !claim.MatchString(line):
		return "a memory figure"
	case !sleeps && compare.DurationPattern.MatchString(line):
		return "the duration of work that is not a sleep (the cell, and what it uses from earlier cells, sets no delay)"
	}
	return ""
}

// outputLines returns the lines of text a cell's stored outputs show:
// streams and the plain text of results and displays.
func outputLines(c *ipynb.Cell) []string {
	var lines []string
	for _, o := range c.Outputs {
		text := o.Text
		if s, ok := o.Data["text/plain"].(string); ok && o.Type != "stream" {
			text = s
		}
		if text != "" {
			lines = append(lines, strings.Split(text, "\n")...)
		}
	}
	return lines
}

// delays finds the code of a notebook that sets a delay, so that the
// durations it prints come from sleeps and timers, which take the same time
// on every machine, rather than from work, which does not. A piece of code
// sets a delay when it
//
//   - calls time.Sleep, time.After, time.Tick, time.AfterFunc,
//     time.NewTimer or time.NewTicker;
//   - calls a function or method whose name speaks of a delay (Sleep, Nap,
//     Slow, Latency, Delay, Timer, Ticker: the helper's Sleeper and
//     NewSlowServer, say);
//   - writes a duration as a multiple of a time unit (300*time.Millisecond);
//   - uses a name the notebook defines with code that sets a delay (a
//     variable, constant or function, in any cell).
type delays struct {
	names map[string]bool
}

var delayName = regexp.MustCompile(`(?i)sleep|nap|slow|laten|delay|timer|ticker`)

var delayFuncs = map[string]bool{"Sleep": true, "After": true, "Tick": true, "AfterFunc": true, "NewTimer": true, "NewTicker": true}

var timeUnits = map[string]bool{"Nanosecond": true, "Microsecond": true, "Millisecond": true, "Second": true, "Minute": true, "Hour": true}

func newDelays(nb *ipynb.Notebook) *delays {
	d := &delays{names: map[string]bool{}}
	// Definitions: a name and the code that gives it its value.
	type def struct {
		name string
		code ast.Node
	}
	var defs []def
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		for _, u := range parse(c.Source) {
			ast.Inspect(u.file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Name.Name != "_" {
						defs = append(defs, def{n.Name.Name, n})
					}
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							var rhs ast.Node = n
							if len(n.Rhs) == len(n.Lhs) {
								rhs = n.Rhs[i]
							}
							defs = append(defs, def{id.Name, rhs})
						}
					}
				case *ast.ValueSpec:
					for i, id := range n.Names {
						var val ast.Node = n
						if len(n.Values) == len(n.Names) {
							val = n.Values[i]
						}
						defs = append(defs, def{id.Name, val})
					}
				}
				return true
			})
		}
	}
	// A name that uses a delaying name delays too: go on until nothing
	// new is found.
	for changed := true; changed; {
		changed = false
		for _, df := range defs {
			if !d.names[df.name] && d.sets(df.code) {
				d.names[df.name] = true
				changed = true
			}
		}
	}
	return d
}

// cellSleeps reports whether the code of a cell sets a delay.
func (d *delays) cellSleeps(src string) bool {
	for _, u := range parse(src) {
		if d.sets(u.file) {
			return true
		}
	}
	return false
}

// sets reports whether the code n sets a delay.
func (d *delays) sets(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			switch f := n.Fun.(type) {
			case *ast.SelectorExpr:
				if isPkg(f.X, "time") && delayFuncs[f.Sel.Name] || delayName.MatchString(f.Sel.Name) {
					found = true
				}
			case *ast.Ident:
				found = delayName.MatchString(f.Name)
			}
		case *ast.BinaryExpr:
			found = n.Op == token.MUL && (isTimeUnit(n.X) || isTimeUnit(n.Y))
		case *ast.Ident:
			found = d.names[n.Name]
		}
		return !found
	})
	return found
}

func isTimeUnit(x ast.Expr) bool {
	sel, ok := x.(*ast.SelectorExpr)
	return ok && isPkg(sel.X, "time") && timeUnits[sel.Sel.Name]
}

func isPkg(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}
