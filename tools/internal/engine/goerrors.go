package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
)

// yaegi words some errors by its own internals, which a Go programmer
// cannot act on: an undefined name in a definition is a "constant
// definition loop", in a call an "incomplete type", and a range over an
// integer (Go 1.22, which neither interpreter has) a "nil type". goError
// names the problem as Go does, at its place in the cell as written:
// "1:6: undefined: missing", "1:16: cannot range over 3 (untyped int
// constant)". Other errors are left as they are.
func (e *Interp) goError(written string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "constant definition loop"),
		strings.Contains(msg, "incomplete type"),
		strings.Contains(msg, "CFG post-order panic"),
		strings.Contains(msg, "undefined: "):
		if u := e.undefined(written); u != nil {
			return u
		}
	case strings.HasSuffix(msg, "nil type"):
		if r := e.rangeOverInt(written); r != nil {
			return r
		}
	}
	return err
}

// undefined returns the error Go gives for the first name the cell uses
// that neither it nor the session declares; nil when there is none.
func (e *Interp) undefined(written string) error {
	units := cellsplit.Units(written)
	declared := map[string]bool{}
	for _, u := range units {
		if f := parseUnit(u); f.file != nil {
			for _, name := range cellsplit.DeclaredNames(f.file) {
				declared[name] = true
			}
		}
	}
	for _, u := range units {
		f := parseUnit(u)
		if f.file == nil {
			continue
		}
		var found *ast.Ident
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch n := n.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(n.X, visit) // the right of x.M is no name of the session
				return false
			case *ast.KeyValueExpr:
				if _, ok := n.Key.(*ast.Ident); ok {
					ast.Inspect(n.Value, visit) // a field name, or a map key
					return false
				}
			case *ast.BranchStmt, *ast.LabeledStmt:
				return false
			case *ast.Ident:
				if !declared[n.Name] && !e.known(n.Name) {
					found = n
				}
			}
			return true
		}
		for _, d := range f.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && !u.Decl {
				ast.Inspect(fd.Body, visit) // the wrapper's name is not the cell's
			} else {
				ast.Inspect(d, visit)
			}
		}
		if found != nil {
			return f.errorf(found.Pos(), "undefined: %s", found.Name)
		}
	}
	return nil
}

// known reports whether the session has name: a package it imported, or
// a value, function or type it declared, or a predeclared one.
func (e *Interp) known(name string) bool {
	if name == "_" || types.Universe.Lookup(name) != nil || e.s.imports[name] != "" || e.s.renames[name] != "" {
		return true
	}
	return e.compiles("_ = "+name) || e.compiles("var _ "+name) || e.compiles(name+"()")
}

// rangeOverInt returns the error Go 1.18 to 1.21 give for the first range
// over an integer in the cell, nil when it has none.
func (e *Interp) rangeOverInt(written string) error {
	for _, u := range cellsplit.Units(written) {
		f := parseUnit(u)
		if f.file == nil {
			continue
		}
		var err error
		ast.Inspect(f.file, func(n ast.Node) bool {
			r, ok := n.(*ast.RangeStmt)
			if !ok || err != nil {
				return err == nil
			}
			x := f.src[f.fset.Position(r.X.Pos()).Offset:f.fset.Position(r.X.End()).Offset]
			switch {
			case isIntLit(r.X):
				err = f.errorf(r.X.Pos(), "cannot range over %s (untyped int constant)", x)
			case e.compiles("var _ int = " + x):
				what := "value"
				if _, ok := r.X.(*ast.Ident); ok {
					what = "variable"
				}
				err = f.errorf(r.X.Pos(), "cannot range over %s (%s of type int)", x, what)
			}
			return err == nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func isIntLit(x ast.Expr) bool {
	lit, ok := x.(*ast.BasicLit)
	return ok && lit.Kind == token.INT
}

// undefinedLast returns the error Go gives for a last expression that is
// a name the session does not have (yaegi evaluates it to nothing, with
// no error); nil otherwise.
func (e *Interp) undefinedLast(written, last string) error {
	x, err := parser.ParseExpr(last)
	if err != nil {
		return nil
	}
	if id, ok := x.(*ast.Ident); ok && !e.known(id.Name) {
		return e.undefined(written)
	}
	return nil
}
