package lint

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// The checks of this file name the cells where gophernotes (gomacro) and
// nbcheck (yaegi) still differ, because of a quirk of one of them that the
// engine does not copy. They use what the notebook declares (cellTypes),
// without type checking: they are heuristics, and say what they saw.

// cellTypes is what the notebook's cells declare, over all of them.
type cellTypes struct {
	under   map[string]ast.Expr        // type name -> its type expression
	fields  map[string]string          // struct type name -> its fields, as written
	methods map[string]map[string]bool // type name -> method -> on the pointer
	vars    map[string]string          // variable -> "T" or "*T", for a cell type T
	errors  bool                       // some type has an Error method

	// As far as the cells linted so far declare them:
	texts   map[string]map[string]string // type name -> method -> its text
	typeTxt map[string]string            // type name -> its spec's text
}

func newCellTypes() *cellTypes {
	return &cellTypes{
		under: map[string]ast.Expr{}, fields: map[string]string{}, methods: map[string]map[string]bool{},
		vars: map[string]string{}, texts: map[string]map[string]string{}, typeTxt: map[string]string{},
	}
}

// declare notes the types, methods and typed variables of a parsed unit.
func (t *cellTypes) declare(u unit) {
	ast.Inspect(u.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			t.under[n.Name.Name] = n.Type
			if st, ok := n.Type.(*ast.StructType); ok {
				t.fields[n.Name.Name] = u.text(st.Fields)
			}
		case *ast.FuncDecl:
			if recv, ptr := receiver(n); recv != "" {
				if t.methods[recv] == nil {
					t.methods[recv] = map[string]bool{}
				}
				t.methods[recv][n.Name.Name] = ptr
				t.errors = t.errors || n.Name.Name == "Error"
			}
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if len(n.Lhs) != len(n.Rhs) {
					break
				}
				if id, ok := n.Lhs[i].(*ast.Ident); ok {
					t.noteVar(id.Name, r)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if n.Type != nil {
					t.noteVar(id.Name, &ast.CompositeLit{Type: n.Type})
				} else if i < len(n.Values) {
					t.noteVar(id.Name, n.Values[i])
				}
			}
		}
		return true
	})
}

// noteVar notes the cell type of a variable declared from x: a
// conversion T(v), a composite literal T{}, &T{}, new(T).
func (t *cellTypes) noteVar(name string, x ast.Expr) {
	if typ := t.typeOf(x); typ != "" {
		t.vars[name] = typ
	}
}

// typeOf returns "T" or "*T" when x is a value of a type T the notebook
// declares, as far as its syntax tells.
func (t *cellTypes) typeOf(x ast.Expr) string {
	named := func(x ast.Expr) string {
		if id, ok := x.(*ast.Ident); ok && t.under[id.Name] != nil {
			return id.Name
		}
		return ""
	}
	switch x := x.(type) {
	case *ast.Ident:
		return t.vars[x.Name]
	case *ast.CompositeLit:
		return named(x.Type)
	case *ast.StarExpr:
		if n := named(x.X); n != "" {
			return "*" + n
		}
	case *ast.UnaryExpr:
		if n := t.typeOf(x.X); x.Op == token.AND && n != "" && n[0] != '*' {
			return "*" + n
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			if n := named(x.Args[0]); n != "" {
				return "*" + n
			}
		}
		if len(x.Args) == 1 {
			return named(x.Fun)
		}
	}
	return ""
}

// receiver returns the name of a method's receiver type, and whether the
// receiver is a pointer.
func receiver(fd *ast.FuncDecl) (string, bool) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return "", false
	}
	x, ptr := fd.Recv.List[0].Type, false
	if s, ok := x.(*ast.StarExpr); ok {
		x, ptr = s.X, true
	}
	if id, ok := x.(*ast.Ident); ok {
		return id.Name, ptr
	}
	return "", false
}

// quirks flags, in a unit, what gophernotes and nbcheck still do
// differently.
func (l *linter) quirks(u unit, add addFunc) {
	t := l.types
	l.declaredAgain(u, add)
	ast.Inspect(u.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			if n.Name != nil && n.Name.Name == "." {
				add(u.lineOf(n.Pos()), "import . %s: gophernotes binds only the constants and types of a dot import; its functions and variables fail there (reflect: call of reflect.Value.Interface on zero Value), and in nbcheck too; import the package by name", n.Path.Value)
			}
		case *ast.SendStmt:
			if id, ok := n.Value.(*ast.Ident); ok && id.Name == "nil" {
				add(u.lineOf(n.Pos()), "sending the untyped nil fails on gophernotes (reflect: call of reflect.Value.Send on zero Value; in a goroutine it takes the kernel down), not in nbcheck; send a typed nil (var err error; ch <- err)")
			}
		case *ast.SelectorExpr:
			l.methodExpr(u, n, add)
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				for _, x := range c.(*ast.CaseClause).List {
					t.sameFields(u, x, add)
				}
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				t.sameFields(u, n.Type, add)
			}
		case *ast.CompositeLit:
			t.embedsInterface(u, n, add)
		case *ast.CallExpr:
			l.quirkyCall(u, n, add)
		case *ast.ForStmt:
			deferInLoop(u, n.Body, add)
		case *ast.RangeStmt:
			deferInLoop(u, n.Body, add)
		}
		return true
	})
}

// declaredAgain flags a method declared again with another body: yaegi
// keeps the first declaration of a method, gomacro the last. A type
// declared again with another definition is a new type in both (the engine
// renames it), with no methods yet.
func (l *linter) declaredAgain(u unit, add addFunc) {
	t := l.types
	text := u.text
	for _, d := range u.file.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					name := ts.Name.Name
					if old, ok := t.typeTxt[name]; ok && old != text(ts) {
						delete(t.texts, name)
					}
					t.typeTxt[name] = text(ts)
				}
			}
		case *ast.FuncDecl:
			recv, _ := receiver(d)
			if recv == "" {
				continue
			}
			if t.texts[recv] == nil {
				t.texts[recv] = map[string]string{}
			}
			name := d.Name.Name
			if old, ok := t.texts[recv][name]; ok && old != text(d) {
				add(u.lineOf(d.Pos()), "method %s.%s declared again: gophernotes runs the last declaration of a method, nbcheck (yaegi) the first", recv, name)
			}
			t.texts[recv][name] = text(d)
		}
	}
}

// methodExpr flags a method expression on a pointer to a cell type,
// (*T).M, which yaegi calls with the wrong arguments.
func (l *linter) methodExpr(u unit, s *ast.SelectorExpr, add addFunc) {
	p, ok := s.X.(*ast.ParenExpr)
	if !ok {
		return
	}
	star, ok := p.X.(*ast.StarExpr)
	if !ok {
		return
	}
	if id, ok := star.X.(*ast.Ident); ok && l.types.methods[id.Name][s.Sel.Name] {
		add(u.lineOf(s.Pos()), "the method expression (*%s).%s fails in nbcheck (yaegi: reflect: Call with too many input arguments), not on gophernotes; call the method in a function literal", id.Name, s.Sel.Name)
	}
}

// sameFields flags a type assertion or a case of a type switch on a struct
// type the notebook declares when another of its struct types has the same
// fields: yaegi takes one for the other, and gomacro does in type switches.
func (t *cellTypes) sameFields(u unit, x ast.Expr, add addFunc) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return
	}
	fields, ok := t.fields[id.Name]
	if !ok {
		return
	}
	for other, f := range t.fields {
		if other != id.Name && f == fields {
			add(u.lineOf(x.Pos()), "%s and %s have the same fields: a type switch or assertion on them goes wrong in both interpreters, differently (gophernotes takes one for the other in type switches, nbcheck in both); give them different fields, or ask for a method instead", id.Name, other)
			return
		}
	}
}

// embedsInterface flags a value of a struct type that embeds an interface
// the notebook declares: yaegi fails on it ("invalid interface value").
func (t *cellTypes) embedsInterface(u unit, c *ast.CompositeLit, add addFunc) {
	id, ok := c.Type.(*ast.Ident)
	if !ok {
		return
	}
	st, ok := t.under[id.Name].(*ast.StructType)
	if !ok {
		return
	}
	for _, f := range st.Fields.List {
		if e, ok := f.Type.(*ast.Ident); ok && len(f.Names) == 0 {
			if _, isIface := t.under[e.Name].(*ast.InterfaceType); isIface {
				add(u.lineOf(c.Pos()), "%s embeds the interface %s: a value of a cell type in it fails in nbcheck (yaegi: invalid interface value), not on gophernotes; name the field", id.Name, e.Name)
				return
			}
		}
	}
}

// deferInLoop flags a deferred call with arguments in a loop: yaegi
// evaluates a deferred call's arguments when the call runs, not at the
// defer statement, so every call sees the variables' last values.
func deferInLoop(u unit, body *ast.BlockStmt, add addFunc) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its defers are its own
		case *ast.DeferStmt:
			for _, a := range n.Call.Args {
				if _, lit := a.(*ast.BasicLit); !lit {
					add(u.lineOf(n.Pos()), "a deferred call with arguments in a loop: nbcheck (yaegi) evaluates the arguments when the call runs, not at the defer statement, so every call sees the last values (gophernotes: each its own); collect the values in the loop and use them after it")
					return false
				}
			}
		}
		return true
	})
}

// quirkyCall flags calls that give other results on gophernotes.
func (l *linter) quirkyCall(u unit, call *ast.CallExpr, add addFunc) {
	t := l.types
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	if recv := t.typeOf(sel.X); recv != "" {
		if _, isFunc := t.under[strings.TrimPrefix(recv, "*")].(*ast.FuncType); isFunc {
			add(u.lineOf(call.Pos()), "%s is a method of the func type %s: gophernotes calls it as a nil function (reflect.Value.Call: call of nil function), nbcheck calls it", sel.Sel.Name, recv)
		}
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	path, imported := l.imports[pkg.Name]
	if !imported {
		return
	}
	switch {
	case path == "log" && isLogPrint(sel.Sel.Name):
		add(u.lineOf(call.Pos()), "log.%s writes to the kernel's own stderr on gophernotes, not to the notebook: the cell shows nothing there, and its stderr in nbcheck (to check again on the patched kernel)", sel.Sel.Name)
	case path == "fmt" && len(call.Args) == 1 && isCommaOK(call.Args[0]):
		add(u.lineOf(call.Pos()), "gophernotes passes both values of the comma-ok form (v, ok) to fmt.%s, and prints \"1 true\"; nbcheck passes one", sel.Sel.Name)
	case path == "fmt":
		t.fmtArgs(u, sel.Sel.Name, call, add)
	case path == "reflect" && (sel.Sel.Name == "TypeOf" || sel.Sel.Name == "ValueOf") && len(call.Args) == 1 && t.typeNameDiffers(t.typeOf(call.Args[0]), 'T') != "":
		add(u.lineOf(call.Pos()), "reflect.%s: %s", sel.Sel.Name, t.typeNameDiffers(t.typeOf(call.Args[0]), 'T'))
	case path == "errors" && t.errors && (sel.Sel.Name == "Is" || sel.Sel.Name == "As" || sel.Sel.Name == "Unwrap"):
		add(u.lineOf(call.Pos()), "errors.%s on errors of a type the notebook declares: gophernotes' compiled code does not see a cell type's Error method, and nbcheck's (yaegi's) values of it are not comparable", sel.Sel.Name)
	default:
		for _, a := range call.Args {
			typ := t.typeOf(a)
			if strings.HasPrefix(typ, "*") && mixedReceivers(t.methods[typ[1:]]) {
				add(u.lineOf(call.Pos()), "%s.%s gets a %s, whose methods are on both %s and %s: gophernotes' compiled code calls some on the wrong one (reflect: Call using %s as type ...), nbcheck does not", pkg.Name, sel.Sel.Name, typ, typ[1:], typ, typ)
				return
			}
		}
	}
}

// fmtArgs flags a fmt call given a value of a cell type with a String or
// Error method, or a %w of an error of a cell type.
func (t *cellTypes) fmtArgs(u unit, fn string, call *ast.CallExpr, add addFunc) {
	if fn == "Errorf" && t.errors && strings.Contains(quoted(call.Args[0]), "%w") {
		add(u.lineOf(call.Pos()), "fmt.Errorf's %%w of an error of a type the notebook declares: gophernotes' fmt does not see a cell type's Error method (it prints %%!w(...)), nbcheck's does")
		return
	}
	format := 0
	if strings.HasPrefix(fn, "F") {
		format = 1
	}
	if strings.HasSuffix(fn, "f") && len(call.Args) > format {
		for i, verb := range verbs(quoted(call.Args[format])) {
			if format+1+i >= len(call.Args) {
				continue
			}
			if why := t.typeNameDiffers(t.typeOf(call.Args[format+1+i]), verb); why != "" {
				add(u.lineOf(call.Pos()), "fmt.%s's %s", fn, why)
				return
			}
		}
	}
	for _, a := range call.Args {
		typ := strings.TrimPrefix(t.typeOf(a), "*")
		m := t.methods[typ]
		if _, s := m["String"]; s {
			add(u.lineOf(call.Pos()), "fmt.%s of a %s, whose String method a cell declares: gophernotes' fmt does not see methods declared in cells (it prints the plain value), nbcheck's does", fn, typ)
			return
		}
		if _, e := m["Error"]; e {
			add(u.lineOf(call.Pos()), "fmt.%s of a %s, whose Error method a cell declares: gophernotes' fmt does not see methods declared in cells (it prints the plain value), nbcheck's does", fn, typ)
			return
		}
	}
}

// typeNameDiffers says why the kernel and nbcheck print a value of the
// cell type typ ("T" or "*T") differently under a fmt verb ('T', or '+'
// and '#' for %+v and %#v, which name fields): both print a cell type as
// its structure (struct { A int }, not Go's main.T), but gomacro names an
// unexported field with a prefix of its own (struct { 𒀸a int }) where
// yaegi writes X (struct { Xa int }), and shows a variable of an interface
// type a cell declares as its proxy (*struct { 𒀪 xreflect.InterfaceHeader;
// ... }) where yaegi shows the value's type. "" when they agree.
func (t *cellTypes) typeNameDiffers(typ string, verb rune) string {
	name := strings.TrimPrefix(typ, "*")
	switch under := t.under[name].(type) {
	case *ast.InterfaceType:
		if verb == 'T' {
			return fmt.Sprintf("%%T of a value in a variable of the interface type %s, which a cell declares: gophernotes prints its proxy (*struct { 𒀪 xreflect.InterfaceHeader; ... }), nbcheck the value's type", name)
		}
	case *ast.StructType:
		if (verb == 'T' || verb == '+' || verb == '#') && unexportedField(under) {
			return fmt.Sprintf("%%%c of a %s, a struct type a cell declares with unexported fields: gophernotes prints their names with a prefix of its own (struct { 𒀸a int }), nbcheck with X (struct { Xa int })", verb, typ)
		}
	}
	return ""
}

// unexportedField reports whether a struct type has an unexported field.
func unexportedField(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		for _, id := range f.Names {
			if !ast.IsExported(id.Name) {
				return true
			}
		}
		if len(f.Names) == 0 {
			x := f.Type
			if s, ok := x.(*ast.StarExpr); ok {
				x = s.X
			}
			if id, ok := x.(*ast.Ident); ok && !ast.IsExported(id.Name) {
				return true
			}
		}
	}
	return false
}

// verbs returns the verbs of a fmt format, one per argument they take
// ('*' for a width or precision given as an argument, '+' and '#' for %+v
// and %#v).
func verbs(format string) []rune {
	var out []rune
	rs := []rune(format)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			continue
		}
		i++
		flag := rune(0)
		for i < len(rs) && strings.ContainsRune("+-# 0123456789.*[]", rs[i]) {
			switch rs[i] {
			case '*':
				out = append(out, '*')
			case '+', '#':
				flag = rs[i]
			}
			i++
		}
		if i < len(rs) && rs[i] != '%' {
			if rs[i] == 'v' && flag != 0 {
				out = append(out, flag) // %+v, %#v: they name fields
			} else {
				out = append(out, rs[i])
			}
		}
	}
	return out
}

// mixedReceivers reports whether some methods are on the pointer and some
// on the value.
func mixedReceivers(methods map[string]bool) bool {
	ptr, val := false, false
	for _, p := range methods {
		ptr, val = ptr || p, val || !p
	}
	return ptr && val
}

func isLogPrint(name string) bool {
	for _, p := range []string{"Print", "Fatal", "Panic"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// isCommaOK reports whether x is a receive or a type assertion, which
// gomacro evaluates as two values where two are accepted.
func isCommaOK(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.TypeAssertExpr:
		return x.Type != nil
	}
	return false
}

// quoted is the text of a string literal, or "".
func quoted(x ast.Expr) string {
	lit, ok := x.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	s, _ := strconv.Unquote(lit.Value)
	return s
}
