package cellsplit

import (
	"go/ast"
	"go/token"
)

// DeclaredNames returns every name a parsed unit of a cell declares, at
// any depth: packages imported under a name of their own, functions and
// their receivers, parameters and results, types and their type
// parameters, constants and variables, := and range := variables, the
// variable of a type switch, labels. A name the unit uses and does not
// declare is then an earlier cell's, or the session's (the engine, telling
// Go's "undefined" error from yaegi's; lint, telling a cell's own names
// from earlier cells').
func DeclaredNames(f *ast.File) []string {
	var names []string
	for _, imp := range f.Imports {
		if imp.Name != nil {
			names = append(names, imp.Name.Name)
		}
	}
	idents := func(xs []ast.Expr) {
		for _, x := range xs {
			if id, ok := x.(*ast.Ident); ok {
				names = append(names, id.Name)
			}
		}
	}
	fields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, fd := range fl.List {
			for _, id := range fd.Names {
				names = append(names, id.Name)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			names = append(names, n.Name.Name)
			fields(n.Recv)
		case *ast.FuncType:
			fields(n.Params)
			fields(n.Results)
		case *ast.TypeSpec:
			names = append(names, n.Name.Name)
			fields(n.TypeParams)
		case *ast.ValueSpec:
			for _, id := range n.Names {
				names = append(names, id.Name)
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE { // a type switch's variable too
				idents(n.Lhs)
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				idents([]ast.Expr{n.Key, n.Value})
			}
		case *ast.LabeledStmt:
			names = append(names, n.Label.Name)
		}
		return true
	})
	return names
}
