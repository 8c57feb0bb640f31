package engine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Run evaluates one cell and returns its outputs in nbformat terms.
func (e *Interp) Run(src string) []*ipynb.Output {
	e.count++
	e.dropped = 0
	e.shownData = nil
	cap, err := theCapture()
	if err != nil {
		return []*ipynb.Output{errorOutput(fmt.Errorf("nbcheck: %w", err))}
	}
	cap.begin(e.OnOutput)
	values, vars, runErr := e.eval(src)
	var res *ipynb.Output
	if runErr == nil && values != nil {
		// Rendering calls the value's methods, which may print.
		res = e.render(values, vars)
	}
	printed := cap.end()
	outs := streamOutputs(printed.parts)
	e.dropped = printed.dropped
	outs = append(outs, e.shownData...)
	switch {
	case runErr != nil:
		outs = append(outs, errorOutput(runErr))
	case res != nil:
		outs = append(outs, res)
	}
	return e.limit(outs)
}

// Dropped returns how many bytes of output the last cell gave beyond
// MaxCellOutput.
func (e *Interp) Dropped() int64 { return e.dropped }

// limit cuts outputs to MaxCellOutput bytes in all, counting the rest as
// dropped.
func (e *Interp) limit(outs []*ipynb.Output) []*ipynb.Output {
	room := int64(MaxCellOutput)
	cut := func(s string) string {
		if int64(len(s)) <= room {
			room -= int64(len(s))
			return s
		}
		e.dropped += int64(len(s)) - room
		s = s[:room]
		room = 0
		return s
	}
	for _, o := range outs {
		o.Text = cut(o.Text)
		for k, v := range o.Data {
			if str, ok := v.(string); ok {
				o.Data[k] = cut(str)
			}
		}
	}
	return outs
}

// maxArity is the most values a last expression may have for nbcheck to
// keep them in variables (and so render a notebook-defined type).
const maxArity = 4

// eval runs the cell's chunks in order and returns the values of its last
// expression, if it has one and they are not all nil. When the values
// are also held in interpreter variables, vars is how many (__nbcheck_v0,
// __nbcheck_v1, ...); their methods can then be looked up by the
// interpreter, which knows the methods of types the notebook defines.
func (e *Interp) eval(src string) (values []any, vars int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	chunks, last := cellsplit.Split(src)
	for _, c := range chunks {
		if c.Block {
			e.blocks++
			name := fmt.Sprintf("__nbcheck_block%d", e.blocks)
			if _, err := e.yi.Eval("func " + name + "() {\n" + c.Src + "\n}"); err != nil {
				return nil, 0, evalError(err)
			}
			c.Src = name + "()"
		}
		if _, err := e.yi.Eval(c.Src); err != nil {
			return nil, 0, evalError(err)
		}
	}
	if last == "" {
		return nil, 0, nil
	}
	e.shown = nil
	// Whether the last expression has values at all is decided by
	// compiling it as an argument, which runs nothing.
	prog, err := e.yi.Compile("__nbcheck_show.Values(" + last + ")")
	if err != nil {
		// Not a value (a call of a function with no results), or not valid
		// code: evaluate it as written, which reports the user's own error.
		if _, err := e.yi.Eval(last); err != nil {
			return nil, 0, evalError(err)
		}
		return nil, 0, nil
	}
	// Keep the values in variables when the interpreter accepts an
	// assignment of them (not for untyped nil, say). yaegi lets one
	// variable take the first of several results, so the widest
	// assignment that compiles gives the count.
	widest := maxArity
	if commaOK(last) {
		widest = 1 // v, ok := <-ch compiles, but <-ch has one value
	}
	for n := widest; n >= 1; n-- {
		if p, err := e.yi.Compile(valueVars(n) + " := " + last); err == nil {
			prog, vars = p, n
			break
		}
	}
	if _, err := e.yi.Execute(prog); err != nil {
		return nil, 0, evalError(err)
	}
	if vars > 0 {
		if _, err := e.yi.Eval("__nbcheck_show.Values(" + valueVars(vars) + ")"); err != nil {
			return nil, 0, evalError(err)
		}
	}
	for _, v := range e.shown {
		if v != nil {
			return e.shown, vars, nil
		}
	}
	return nil, 0, nil
}

// commaOK reports whether expr is a receive, an index expression or a type
// assertion, which give a second value (ok) only when assigned to two
// variables.
func commaOK(expr string) bool {
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return false
	}
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch x := x.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return true
	}
	return false
}

func valueVar(i int) string { return fmt.Sprintf("__nbcheck_v%d", i) }

func valueVars(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = valueVar(i)
	}
	return strings.Join(names, ", ")
}

// A cellError is an error the cell raised, shown as gophernotes shows it.
type cellError struct{ msg string }

func (c *cellError) Error() string { return c.msg }

func panicError(r any) error {
	if err, ok := r.(error); ok {
		return &cellError{err.Error()}
	}
	return &cellError{fmt.Sprint(r)}
}

func evalError(err error) error {
	var p interp.Panic
	if errors.As(err, &p) {
		return panicError(p.Value)
	}
	return &cellError{err.Error()}
}

// errorOutput is gophernotes' error output: ename "ERROR", the message as
// evalue and as the one line of the traceback.
func errorOutput(err error) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: err.Error(), Traceback: []string{err.Error()}}
}
