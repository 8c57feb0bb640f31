package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
)

// gomacroRejects returns the error gomacro, the kernel's interpreter, gives
// a cell it cannot compile, where yaegi would run the cell; nil when
// gomacro compiles it. gomacro compiles a cell before it runs any of it, so
// nothing of such a cell runs. It rejects:
//
//   - a unit that begins with the keyword func and is no declaration (a
//     function literal, called in place or not): gomacro reads it as a
//     declaration, and fails to parse it;
//   - type parameters: gomacro's parser is that of Go 1.17, without
//     generics;
//   - defer close(ch): gomacro cannot defer the builtin close;
//   - functions declared in one cell that call each other: gomacro compiles
//     one before the other is declared.
func gomacroRejects(units []cellsplit.Unit) error {
	for _, u := range units {
		if u.FuncLiteral() {
			return cellsplit.DeclError(u)
		}
	}
	var funcs []*ast.FuncDecl
	where := map[*ast.FuncDecl]unitFile{}
	for _, u := range units {
		f := parseUnit(u)
		if f.file == nil {
			continue
		}
		if err := f.gomacroRejects(); err != nil {
			return err
		}
		for _, d := range f.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && u.Decl && fd.Recv == nil && fd.Body != nil && fd.Name.Name != "_" {
				funcs = append(funcs, fd)
				where[fd] = f
			}
		}
	}
	if fd, id := callCycle(funcs); id != nil {
		return where[fd].errorf(id.Pos(), "undefined identifier: %s", id.Name)
	}
	return nil
}

// A unitFile is a unit of a cell parsed as a file: a declaration, or
// statements in the body of func _().
type unitFile struct {
	u    cellsplit.Unit
	src  string // the unit wrapped
	fset *token.FileSet
	file *ast.File // nil when the unit does not parse
	head int       // the lines of the wrapper before the unit
}

func parseUnit(u cellsplit.Unit) unitFile {
	src, head := "package p\n"+u.Src, 1
	if !u.Decl {
		src, head = "package p\nfunc _() {\n"+u.Src+"\n}", 2
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		f = nil
	}
	return unitFile{u, src, fset, f, head}
}

// errorf returns an error at pos of the unit, positioned in the cell.
func (f unitFile) errorf(pos token.Pos, format string, args ...any) error {
	p := f.fset.Position(pos)
	line, col := f.u.At(p.Line-f.head, p.Column)
	return &cellError{fmt.Sprintf("%d:%d: %s", line, col, fmt.Sprintf(format, args...))}
}

// gomacroRejects returns the error gomacro gives for type parameters or a
// deferred close in the unit.
func (f unitFile) gomacroRejects() error {
	var err error
	ast.Inspect(f.file, func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if tp := n.Type.TypeParams; tp != nil {
				err = f.errorf(tp.Opening, "expected '(', found '['")
			}
		case *ast.TypeSpec:
			if tp := n.TypeParams; tp != nil && len(tp.List) > 0 {
				// Go 1.17 reads [T as the length of an array type.
				pos, tok := f.tokenAt(tp.List[0].Names[0].End())
				err = f.errorf(pos, "expected ']', found %s", tok)
			}
		case *ast.DeferStmt:
			if id, ok := n.Call.Fun.(*ast.Ident); ok && id.Name == "close" {
				err = f.errorf(n.Pos(), "reflect.Value.Convert: gomacro cannot defer the builtin close; write defer func() { close(...) }()")
			}
		}
		return true
	})
	return err
}

// tokenAt returns the first token at or after pos, and its name as
// go/parser names a token it did not expect ('IDENT' any, ',').
func (f unitFile) tokenAt(pos token.Pos) (token.Pos, string) {
	off := f.fset.Position(pos).Offset
	var s scanner.Scanner
	file := f.fset.File(pos)
	s.Init(token.NewFileSet().AddFile("", -1, len(f.src)), []byte(f.src), nil, 0)
	for {
		p, tok, lit := s.Scan()
		at := file.Pos(int(p) - 1)
		switch {
		case tok == token.EOF:
			return at, "'EOF'"
		case int(p)-1 < off:
		case tok.IsLiteral():
			return at, fmt.Sprintf("'%s' %s", tok, lit)
		default:
			return at, fmt.Sprintf("'%s'", tok)
		}
	}
}

// callCycle returns, for functions that call each other (a cycle of two or
// more, in declaration order), the function in which the call that closes
// the cycle is, and the called identifier there.
func callCycle(funcs []*ast.FuncDecl) (*ast.FuncDecl, *ast.Ident) {
	byName := map[string]*ast.FuncDecl{}
	for _, fd := range funcs {
		byName[fd.Name.Name] = fd
	}
	const visiting, done = 1, 2
	state := map[*ast.FuncDecl]int{}
	var visit func(fd *ast.FuncDecl) (*ast.FuncDecl, *ast.Ident)
	visit = func(fd *ast.FuncDecl) (*ast.FuncDecl, *ast.Ident) {
		state[fd] = visiting
		defer func() { state[fd] = done }()
		for _, id := range names(fd.Body) {
			g := byName[id.Name]
			switch {
			case g == nil || g == fd:
			case state[g] == visiting:
				return fd, id
			case state[g] == 0:
				if in, call := visit(g); call != nil {
					return in, call
				}
			}
		}
		return nil, nil
	}
	for _, fd := range funcs {
		if state[fd] == 0 {
			if in, call := visit(fd); call != nil {
				return in, call
			}
		}
	}
	return nil, nil
}

// names returns the identifiers in n that are not selected from something
// else (not the M of x.M).
func names(n ast.Node) []*ast.Ident {
	var ids []*ast.Ident
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ids = append(ids, names(n.X)...)
			return false
		case *ast.Ident:
			ids = append(ids, n)
		}
		return true
	})
	return ids
}
