package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// maxArity is the most values a last expression may have for nbcheck to
// keep them in variables (and so render a notebook-defined type).
const maxArity = 4

// evalLast evaluates a cell's last expression, as gophernotes shows it,
// and returns its values, unless it has none or they are all nil. When the
// values are also held in interpreter variables, vars is how many
// (__nbcheck_v0, __nbcheck_v1, ...); their methods can then be looked up
// by the interpreter, which knows the methods of types the notebook
// defines.
//
// A receive, a map index or a type assertion has two values in gomacro,
// the comma-ok form's: <-ch shows "5 true", and a failed assertion
// "0 false", no panic.
func (e *Interp) evalLast(last string) (values []any, vars int, err error) {
	e.handed.takeValues()
	// Whether the last expression has values at all is decided by
	// compiling it as an argument, which runs nothing.
	prog, err := e.compileQuiet("__nbcheck_show.Values(" + last + ")")
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
	if commaOKForm(last) != nil {
		widest = 1 // v, ok := s[i] compiles, but an index of a slice has one value
	}
	if e.commaOK(last) {
		if p, err := e.commaOKProgram(valueVar(0), valueVar(1), last); err == nil {
			prog, vars = p, 2
		}
	}
	for n := widest; n >= 1 && vars == 0; n-- {
		if p, err := e.compileQuiet(valueVars(n) + " := " + last); err == nil {
			prog, vars = p, n
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
	shown := e.handed.takeValues()
	for _, v := range shown {
		if v != nil {
			return shown, vars, nil
		}
	}
	return nil, 0, nil
}

// commaOK reports whether expr is a receive, an index of a map or a type
// assertion, which give a second value (ok) when assigned to two
// variables. (yaegi compiles v, ok = s[i] for a slice s, and fails when it
// runs it; delete(m, k) compiles only for a map.)
func (e *Interp) commaOK(expr string) bool {
	x := commaOKForm(expr)
	if ix, ok := x.(*ast.IndexExpr); ok {
		text := func(n ast.Node) string { return expr[n.Pos()-1 : n.End()-1] }
		return e.compiles("delete(" + text(ix.X) + ", " + text(ix.Index) + ")")
	}
	return x != nil
}

// commaOKForm returns expr parsed, less its parentheses, when it has the
// syntax of a comma-ok form: a receive, an index, a type assertion.
func commaOKForm(expr string) ast.Expr {
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return nil
	}
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch y := x.(type) {
	case *ast.UnaryExpr:
		if y.Op == token.ARROW {
			return x
		}
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return x
	}
	return nil
}

func valueVar(i int) string { return fmt.Sprintf("__nbcheck_v%d", i) }

func valueVars(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = valueVar(i)
	}
	return strings.Join(names, ", ")
}

// tempVar names the temporaries of a declaration (see redefine).
func tempVar(i int) string { return fmt.Sprintf("__nbcheck_t%d", i) }
