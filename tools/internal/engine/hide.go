package engine

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
)

// The kernel shows no value for a cell whose last token is a written `;`
// (as IPython does), nor for one that ends in a call of one of fmt's print
// functions, whose results (n, err) are noise. Everything else keeps its
// value: fmt.Sprint(6) shows 6.

// endsInPrint reports whether the cell src, as written, ends in a call of
// one of fmt's print functions, its imports already run. gophernotes as
// released shows that call's results (13 <nil>); ours does not.
func (e *Interp) endsInPrint(src string) bool {
	_, last := cellsplit.Split(src)
	return last != "" && isFmtPrint(last, func(name string) string { return e.s.imports[name] })
}

// endsWithSemicolon reports whether the last token of src is a semicolon
// written out, not one the scanner inserts at the end of a line; comments
// do not count.
func endsWithSemicolon(src string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	s.Init(file, []byte(src), nil, 0)
	written := false
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return written
		}
		// An inserted semicolon has the literal "\n" (or is at EOF).
		written = tok == token.SEMICOLON && lit == ";"
	}
}

// fmtPrints are fmt's functions whose results the kernel does not show.
var fmtPrints = map[string]bool{
	"Print": true, "Printf": true, "Println": true,
	"Fprint": true, "Fprintf": true, "Fprintln": true,
}

// isFmtPrint reports whether expr is a call X.F(...) where X names the
// package fmt (importPath gives the path a local name was imported as)
// and F is one of its print functions.
func isFmtPrint(expr string, importPath func(name string) string) bool {
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return false
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && fmtPrints[sel.Sel.Name] && importPath(pkg.Name) == "fmt"
}
