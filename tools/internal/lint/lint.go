// Package lint flags notebook cells likely to give different outputs on
// gophernotes (gomacro) and on nbcheck's yaegi, or from one run to the next.
//
// The checks:
//   - a goroutine started (go statement, X.Go(f), threading.Start) with no
//     wait after it in the same cell (a Wait or Join call, or a receive):
//     the kernel shows what a cell prints only while the cell runs;
//   - generic code: type parameters, explicit instantiation; neither
//     interpreter imports generic API, and gomacro has no Go generics;
//   - defer close(ch), which fails on gomacro;
//   - a loop variable used by a closure started as a goroutine: both
//     interpreters share one variable among the iterations, as Go did
//     before 1.22;
//   - standard library API newer than Go 1.18 (slices, maps,
//     atomic.Int64, ...): gomacro's tables are those of Go 1.18; and the
//     Go 1.21 builtins min, max and clear, and ranging over an integer;
//   - a compared cell (not tagged nbval-ignore-output) whose stored output
//     states a figure that depends on the machine: a core count, a memory
//     figure, or the duration of work that is not a sleep (see
//     machineFigures for the heuristics);
//   - the quirks of gophernotes (gomacro) and of nbcheck (yaegi) that the
//     engine does not copy, so that a cell where the two differ is never a
//     silent difference (see quirks): a dot import, a method declared
//     again, a deferred call with arguments in a loop, a method expression
//     on a pointer, a type switch or assertion on cell types with the same
//     fields, fmt or errors given values of a cell type with a String or
//     Error method, compiled code given a pointer to a cell type with
//     methods on both the type and the pointer, a struct embedding an
//     interface of the notebook, a method of a func type, log's default
//     logger, the untyped nil sent on a channel, a comma-ok form as the
//     one argument of a fmt call, and %T, %+v, %#v or reflect.TypeOf of
//     a cell struct type with unexported fields or of a variable of a cell
//     interface type (gomacro names them its own way);
//   - in notebooks written elsewhere, cells that cannot run offline and
//     cells whose stored outputs come from another kernel, Go or machine
//     (see elsewhere).
package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/input"
)

// A Finding is one thing lint flags.
type Finding struct {
	Cell    int // 1-based position among all the notebook's cells
	Line    int // 1-based line in the cell
	Message string
}

func (f Finding) String() string {
	return fmt.Sprintf("cell %d: line %d: %s", f.Cell, f.Line, f.Message)
}

// Notebook lints the code cells of a notebook in order (imports carry over
// from cell to cell, as in a kernel session).
func Notebook(nb *input.Notebook) []Finding {
	l := newLinter()
	for _, c := range nb.Cells {
		if c.Type == "code" {
			l.declared(c.Source)
		}
	}
	var out []Finding
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		for _, f := range l.cell(c.Source) {
			f.Cell = i + 1
			out = append(out, f)
		}
	}
	out = append(out, machineFigures(nb)...)
	out = append(out, elsewhere(nb)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Cell < out[j].Cell })
	return out
}

// Cell lints one cell on its own; Findings have Cell 0.
func Cell(src string) []Finding {
	l := newLinter()
	l.declared(src)
	return l.cell(src)
}

type linter struct {
	imports map[string]string // local name -> import path, over the session
	ownFunc map[string]bool   // functions the notebook declares
	chans   map[string]bool   // variables the notebook makes channels of
	types   *cellTypes        // the types the notebook declares
}

func newLinter() *linter {
	return &linter{imports: map[string]string{}, ownFunc: map[string]bool{}, chans: map[string]bool{}, types: newCellTypes()}
}

// A unit is a parsed top-level unit of a cell.
type unit struct {
	fset *token.FileSet
	file *ast.File // declarations, or statements in the body of func _()
	src  string    // what was parsed: the unit, wrapped
	decl bool
	line int // the cell line the unit starts on, less the lines of the wrapper
}

func (u unit) lineOf(p token.Pos) int { return u.fset.Position(p).Line + u.line }

// text returns the source of a node of the unit, its spacing aside.
func (u unit) text(n ast.Node) string {
	s := u.src[u.fset.Position(n.Pos()).Offset:u.fset.Position(n.End()).Offset]
	return strings.Join(strings.Fields(s), " ")
}

// parse parses the units of a cell; units that do not parse are left out
// (the run reports them).
func parse(src string) []unit {
	var units []unit
	for _, eu := range cellsplit.Units(src) {
		fset := token.NewFileSet()
		wrapped, head := "package p\n"+eu.Src, 1
		if !eu.Decl {
			wrapped, head = "package p\nfunc _() {\n"+eu.Src+"\n}", 2
		}
		f, err := parser.ParseFile(fset, "", wrapped, parser.SkipObjectResolution)
		if err == nil {
			units = append(units, unit{fset: fset, file: f, src: wrapped, decl: eu.Decl, line: eu.Line - 1 - head})
		}
	}
	return units
}

// declared notes the functions a cell declares and the variables it
// makes channels of.
func (l *linter) declared(src string) {
	for _, u := range parse(src) {
		l.types.declare(u)
		for _, d := range u.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name != "_" {
				l.ownFunc[fd.Name.Name] = true
			}
		}
		ast.Inspect(u.file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, r := range n.Rhs {
					if isMakeChan(r) && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							l.chans[id.Name] = true
						}
					}
				}
			case *ast.ValueSpec:
				_, typed := n.Type.(*ast.ChanType)
				for i, id := range n.Names {
					if typed || i < len(n.Values) && isMakeChan(n.Values[i]) {
						l.chans[id.Name] = true
					}
				}
			}
			return true
		})
	}
}

func isMakeChan(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	_, isChan := call.Args[0].(*ast.ChanType)
	return ok && id.Name == "make" && isChan
}

func (l *linter) cell(src string) []Finding {
	units := parse(src)
	var out []Finding
	add := func(line int, format string, args ...any) {
		out = append(out, Finding{Line: line, Message: fmt.Sprintf(format, args...)})
	}
	for _, u := range units {
		for _, imp := range u.file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if path == "math/rand/v2" {
				name = "rand"
			}
			if imp.Name != nil {
				name = imp.Name.Name
			}
			l.imports[name] = path
			if v, ok := newPackages[path]; ok {
				add(u.lineOf(imp.Pos()), "import %q: the package is Go %s, newer than gomacro's Go 1.18 standard library; use it in the helper package", path, v)
			}
		}
	}
	l.goroutines(units, add)
	for _, u := range units {
		l.walk(u, add)
		l.quirks(u, add)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

type addFunc func(line int, format string, args ...any)

// startCall reports whether call starts a goroutine: X.Go(f) or
// threading.Start(name, f). It returns the function started.
func (l *linter) startCall(call *ast.CallExpr) (ast.Expr, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	switch {
	case sel.Sel.Name == "Go":
		return call.Args[len(call.Args)-1], true
	case sel.Sel.Name == "Start" && l.isHelper(sel.X):
		return call.Args[len(call.Args)-1], true
	}
	return nil, false
}

func (l *linter) isHelper(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	path := l.imports[id.Name]
	return strings.HasSuffix(path, "/threading") || path == "threading"
}

// goroutines flags goroutines started in the cell's statements with no
// wait after them in the cell.
func (l *linter) goroutines(units []unit, add addFunc) {
	type event struct {
		start bool
		line  int
		seq   int
	}
	var events []event
	seq := 0
	for _, u := range units {
		if u.decl {
			continue
		}
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				seq++
				events = append(events, event{true, u.lineOf(n.Pos()), seq})
				// Not into the goroutine's own code: its waits are its own.
				for _, a := range n.Call.Args {
					ast.Inspect(a, visit)
				}
				return false
			case *ast.CallExpr:
				if f, ok := l.startCall(n); ok {
					seq++
					events = append(events, event{true, u.lineOf(n.Pos()), seq})
					for _, a := range n.Args {
						if a != f {
							ast.Inspect(a, visit)
						}
					}
					return false
				}
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Wait" || sel.Sel.Name == "Join") {
					seq++
					events = append(events, event{false, u.lineOf(n.Pos()), seq})
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					seq++
					events = append(events, event{false, u.lineOf(n.Pos()), seq})
				}
			case *ast.RangeStmt:
				// for v := range ch waits for ch to be closed; a range
				// over a slice or map is no wait. Without types, a
				// channel is a variable the notebook makes one of.
				if id, ok := n.X.(*ast.Ident); ok && l.chans[id.Name] {
					seq++
					events = append(events, event{false, u.lineOf(n.Pos()), seq})
				}
			}
			return true
		}
		for _, d := range u.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				ast.Inspect(fd.Body, visit)
			}
		}
	}
	for i, e := range events {
		if !e.start {
			continue
		}
		waited := false
		for _, later := range events[i+1:] {
			if !later.start {
				waited = true
				break
			}
		}
		if !waited {
			add(e.line, "a goroutine starts here and the cell does not wait for it (no Wait, Join or receive after it): what it prints after the cell ends lands in the cell running then (between cells: in the last cell run in Jupyter, nowhere in nbconvert)")
		}
	}
}

// walk runs the checks that look at single nodes.
func (l *linter) walk(u unit, add addFunc) {
	ast.Inspect(u.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Type.TypeParams != nil && len(n.Type.TypeParams.List) > 0 {
				add(u.lineOf(n.Pos()), "func %s has type parameters: gomacro has no Go generics and neither interpreter imports generic API; keep generic code in the helper package behind non-generic functions", n.Name.Name)
			}
		case *ast.TypeSpec:
			if n.TypeParams != nil && len(n.TypeParams.List) > 0 {
				add(u.lineOf(n.Pos()), "type %s has type parameters: gomacro has no Go generics; keep generic code in the helper package", n.Name.Name)
			}
		case *ast.IndexListExpr:
			add(u.lineOf(n.Pos()), "explicit instantiation of generic code: neither interpreter imports generic API; call a non-generic function of the helper package")
		case *ast.IndexExpr:
			if isTypeExpr(n.Index) {
				add(u.lineOf(n.Pos()), "explicit instantiation of generic code: neither interpreter imports generic API; call a non-generic function of the helper package")
			}
		case *ast.DeferStmt:
			if id, ok := n.Call.Fun.(*ast.Ident); ok && id.Name == "close" {
				add(u.lineOf(n.Pos()), "defer close(...) fails on gomacro; write defer func() { close(...) }()")
			}
		case *ast.ForStmt:
			if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				l.loopCapture(u, loopVars(as.Lhs...), n.Body, add)
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				l.loopCapture(u, loopVars(n.Key, n.Value), n.Body, add)
			}
			if lit, ok := n.X.(*ast.BasicLit); ok && lit.Kind == token.INT {
				add(u.lineOf(n.Pos()), "range over an integer is Go 1.22, newer than gomacro's Go; write for i := 0; i < %s; i++", lit.Value)
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && !l.ownFunc[id.Name] {
				switch id.Name {
				case "min", "max", "clear":
					add(u.lineOf(n.Pos()), "the builtin %s is Go 1.21, newer than gomacro's Go 1.18", id.Name)
				}
			}
		case *ast.SelectorExpr:
			if pkg, ok := n.X.(*ast.Ident); ok {
				if path, ok := l.imports[pkg.Name]; ok {
					if v, ok := newAPI[path+"."+n.Sel.Name]; ok {
						add(u.lineOf(n.Pos()), "%s.%s is Go %s, newer than gomacro's Go 1.18 standard library; use it in the helper package", path, n.Sel.Name, v)
					}
				}
			}
		}
		return true
	})
}

func loopVars(xs ...ast.Expr) map[string]bool {
	vars := map[string]bool{}
	for _, x := range xs {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			vars[id.Name] = true
		}
	}
	return vars
}

// loopCapture flags closures started as goroutines in a loop body that use
// the loop's variables.
func (l *linter) loopCapture(u unit, vars map[string]bool, body *ast.BlockStmt, add addFunc) {
	if len(vars) == 0 {
		return
	}
	check := func(f ast.Expr) {
		lit, ok := f.(*ast.FuncLit)
		if !ok {
			return
		}
		own := map[string]bool{}
		for _, p := range lit.Type.Params.List {
			for _, n := range p.Names {
				own[n.Name] = true
			}
		}
		used := map[string]bool{}
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && vars[id.Name] && !own[id.Name] && !used[id.Name] {
				used[id.Name] = true
				add(u.lineOf(lit.Pos()), "the goroutine's closure uses the loop variable %s: both interpreters share one %s among the iterations (as Go did before 1.22); pass it as an argument", id.Name, id.Name)
			}
			return true
		})
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			check(n.Call.Fun)
		case *ast.CallExpr:
			if f, ok := l.startCall(n); ok {
				check(f)
			}
		}
		return true
	})
}

var predeclaredTypes = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true, "uint8": true,
	"uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// isTypeExpr reports whether x can only be a type, so that a[x] is an
// instantiation, not an index.
func isTypeExpr(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return predeclaredTypes[x.Name]
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
		return true
	}
	return false
}

// newPackages are standard packages that came after Go 1.18, by version.
var newPackages = map[string]string{
	"slices": "1.21", "maps": "1.21", "cmp": "1.21", "log/slog": "1.21",
	"iter": "1.23", "unique": "1.23", "structs": "1.23",
	"math/rand/v2": "1.22", "go/version": "1.22",
	"weak": "1.24", "crypto/hkdf": "1.24", "crypto/mlkem": "1.24", "crypto/pbkdf2": "1.24", "crypto/sha3": "1.24",
	"crypto/ecdh": "1.20", "testing/synctest": "1.25",
}

// newAPI are package-level names of standard packages that came after Go
// 1.18, by version: those a concurrency notebook is likely to reach for.
// (Methods of existing types, such as WaitGroup.Go, work: gomacro finds
// them by reflection.)
var newAPI = map[string]string{
	"sync/atomic.Int32": "1.19", "sync/atomic.Int64": "1.19", "sync/atomic.Uint32": "1.19",
	"sync/atomic.Uint64": "1.19", "sync/atomic.Uintptr": "1.19", "sync/atomic.Bool": "1.19",
	"sync/atomic.Pointer": "1.19",
	"sync.OnceFunc":       "1.21", "sync.OnceValue": "1.21", "sync.OnceValues": "1.21",
	"context.AfterFunc": "1.21", "context.WithoutCancel": "1.21", "context.WithDeadlineCause": "1.21",
	"context.WithTimeoutCause": "1.21", "context.WithCancelCause": "1.20", "context.Cause": "1.20",
	"errors.Join": "1.20", "errors.ErrUnsupported": "1.21",
	"time.DateTime": "1.20", "time.DateOnly": "1.20", "time.TimeOnly": "1.20",
	"strings.CutPrefix": "1.20", "strings.CutSuffix": "1.20", "bytes.CutPrefix": "1.20", "bytes.CutSuffix": "1.20",
	"strings.Lines": "1.24", "strings.SplitSeq": "1.24", "strings.FieldsSeq": "1.24",
	"runtime.Pinner": "1.21", "testing.Testing": "1.21",
}
