package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
)

// evalStatements evaluates a run of top-level statements. Short variable
// declarations are evaluated one at a time, after the statements before
// them, so that each sees the names the earlier ones declared (see define);
// the other statements go to yaegi together.
func (e *Interp) evalStatements(src string) error {
	var pending []string
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		_, err := e.yi.Eval(strings.Join(pending, "\n"))
		pending = nil
		return err
	}
	for _, u := range cellsplit.Units(src) {
		names, values, ok := parseDefine(u.Src)
		if !ok {
			pending = append(pending, u.Src)
			continue
		}
		if err := flush(); err != nil {
			return err
		}
		if err := e.define(u.Src, names, values); err != nil {
			return err
		}
	}
	return flush()
}

// parseDefine returns the names and the values, as written, of a short
// variable declaration whose left side is all identifiers.
func parseDefine(stmt string) (names, values []string, ok bool) {
	const head = "package p\nfunc _() {\n"
	f, err := parser.ParseFile(token.NewFileSet(), "", head+stmt+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return nil, nil, false
	}
	as, ok := body[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return nil, nil, false
	}
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil, nil, false
		}
		names = append(names, id.Name)
	}
	for _, r := range as.Rhs {
		values = append(values, stmt[int(r.Pos())-1-len(head):int(r.End())-1-len(head)])
	}
	return names, values, true
}

// define evaluates the top-level short variable declaration src, of names
// and values, as gomacro does.
//
// gomacro declares the names one at a time, each from its value: a, b :=
// b, a gives both the value of b. A name that exists already is reused
// when its type is the same: it is assigned, and the functions that use it
// see the new value. yaegi makes a new variable, and evaluates the value
// against it (y := y + 1 gives 1) or, in one evaluation, refuses a second
// declaration of the name; so the values go to temporaries first, and then
// each name is assigned or declared anew.
//
// yaegi also panics ("nil type") on a top-level declaration of two names
// from a comma-ok form (a map index, a type assertion, a receive): see
// commaOK.
func (e *Interp) define(src string, names, values []string) error {
	exists := false
	for _, n := range names {
		exists = exists || n != "_" && e.compiles("_ = "+n)
	}
	pair := len(names) == 2 && len(values) == 1 && e.commaOK(values[0])
	switch {
	case !exists && !pair:
		_, err := e.yi.Eval(src)
		return err
	case !exists:
		return e.runCommaOK(names[0], names[1], values[0])
	case len(names) == len(values):
		for i, n := range names {
			if err := e.redefine([]string{n}, values[i], false); err != nil {
				return err
			}
		}
		return nil
	}
	return e.redefine(names, values[0], pair)
}

// redefine declares names again from value, which gives as many values as
// there are names (pair: a comma-ok form). The values go to temporaries,
// and then each name that exists with the type of its value is assigned,
// and each other is declared.
func (e *Interp) redefine(names []string, value string, pair bool) error {
	temps := make([]string, len(names))
	for i := range temps {
		temps[i] = tempVar(i)
	}
	var err error
	if pair {
		err = e.runCommaOK(temps[0], temps[1], value)
	} else {
		_, err = e.yi.Eval(strings.Join(temps, ", ") + " := " + value)
	}
	if err != nil {
		return err
	}
	for i, n := range names {
		if n == "_" {
			continue
		}
		op := " := "
		if e.compiles(n+" = "+temps[i]) && e.compiles(temps[i]+" = "+n) {
			op = " = " // assignable both ways: the same type
		}
		if _, err := e.yi.Eval(n + op + temps[i]); err != nil {
			return err
		}
	}
	return nil
}

// runCommaOK runs v, ok := x for a comma-ok form x at the top level.
func (e *Interp) runCommaOK(v, ok, x string) error {
	prog, err := e.commaOKProgram(v, ok, x)
	if err != nil {
		return err
	}
	_, err = e.yi.Execute(prog)
	return err
}

// commaOKProgram declares v and ok (unless they are _) and returns the
// program that assigns them both values of x, a map index, a type
// assertion or a receive; nothing has run yet. yaegi's type analysis of a
// top-level v, ok := x panics ("nil type"), but compiling the one-valued
// v := x, without running it, declares v with the type of x's value.
func (e *Interp) commaOKProgram(v, ok, x string) (*interp.Program, error) {
	if v != "_" {
		if _, err := e.compileQuiet(v + " := " + x); err != nil {
			return nil, err
		}
	}
	if ok != "_" {
		if _, err := e.yi.Eval("var " + ok + " bool"); err != nil {
			return nil, err
		}
	}
	return e.compileQuiet(v + ", " + ok + " = " + x)
}

// compiles reports whether src compiles in the session; nothing runs.
func (e *Interp) compiles(src string) bool {
	_, err := e.compileQuiet(src)
	return err == nil
}

// compileQuiet compiles src in the session without running it. yaegi's
// compiler panics on some code it cannot type (a define from len(m), say):
// that is an error too.
func (e *Interp) compileQuiet(src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			prog, err = nil, panicError(r)
		}
	}()
	return e.yi.Compile(src)
}

// varsApart evaluates a run of declarations that yaegi refused as a
// "variable definition loop". yaegi orders the var declarations of one
// evaluation by the names their values use, and takes a name declared by
// an earlier evaluation (or a parameter of a function literal that has
// such a name) for a variable not yet initialised. gomacro has no such
// order. Apart, each var declaration declares its variables first and
// then assigns them their values: var x T = v becomes var x T and x = v,
// var x = v becomes x := v.
func (e *Interp) varsApart(src string) error {
	for _, u := range cellsplit.Units(src) {
		if !strings.HasPrefix(u.Src, "var") {
			if _, err := e.yi.Eval(u.Src); err != nil {
				return err
			}
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+u.Src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, spec := range f.Decls[0].(*ast.GenDecl).Specs {
			if err := e.varApart(u.Src, spec.(*ast.ValueSpec)); err != nil {
				return err
			}
		}
	}
	return nil
}

// varApart evaluates one var spec of the declaration src apart.
func (e *Interp) varApart(src string, vs *ast.ValueSpec) error {
	text := func(n ast.Node) string {
		const head = len("package p\n")
		return src[int(n.Pos())-1-head : int(n.End())-1-head]
	}
	var names, values []string
	for _, n := range vs.Names {
		names = append(names, n.Name)
	}
	for _, v := range vs.Values {
		values = append(values, text(v))
	}
	lhs := strings.Join(names, ", ")
	switch {
	case len(values) == 0:
		_, err := e.yi.Eval("var " + text(vs))
		return err
	case vs.Type == nil:
		return e.define(lhs+" := "+strings.Join(values, ", "), names, values)
	}
	if _, err := e.yi.Eval("var " + lhs + " " + text(vs.Type)); err != nil {
		return err
	}
	_, err := e.yi.Eval(lhs + " = " + strings.Join(values, ", "))
	return err
}
