package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
)

// A session is what the engine remembers of a notebook's cells besides what
// yaegi remembers, so as to read each cell the way gomacro, the kernel's
// interpreter, reads it (see prepare).
type session struct {
	// imports maps the local name of each package the cells imported to
	// its path ("_" and "." imports under "_ path", ". path").
	imports map[string]string
	// known maps the path of each compiled package yaegi has symbols for
	// to its package name and its symbols.
	known map[string]knownPkg
	// types maps each type a cell declared to the text of the spec that
	// last declared it.
	types map[string]string
	// renames maps a name the cells write to the name yaegi knows it by.
	renames map[string]string
	fresh   int // names made so far
}

// A knownPkg is a compiled package yaegi has symbols for.
type knownPkg struct {
	name    string // the local name of a plain import of it
	symbols map[string]reflect.Value
}

func newSession(known map[string]knownPkg) *session {
	return &session{
		imports: map[string]string{},
		known:   known,
		types:   map[string]string{},
		renames: map[string]string{},
	}
}

// newName returns a name for yaegi to know name by, used nowhere yet.
func (s *session) newName(name string) string {
	s.fresh++
	return fmt.Sprintf("__nbcheck%d_%s", s.fresh, name)
}

// unrename puts back, in a message, the names the cells wrote.
func (s *session) unrename(msg string) string {
	if !strings.Contains(msg, "__nbcheck") {
		return msg
	}
	var pairs []string
	for from, to := range s.renames {
		if !strings.HasPrefix(to, showName+".") { // not one for many
			pairs = append(pairs, to, from)
		}
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// prepare rewrites a cell for yaegi so that it runs as gomacro runs it:
//
//   - a cell gomacro cannot compile is an error, and nothing of it runs
//     (see gomacroRejects);
//   - imports run first (see runImports);
//   - function declarations without a body, which gomacro accepts (as
//     documentation: they declare nothing usable), are dropped;
//   - functions named main and init are ordinary functions in gomacro,
//     called only when a cell calls them; yaegi calls main after every
//     later evaluation and init at once, so they are renamed;
//   - a type declared again with another definition replaces the first in
//     gomacro; yaegi would keep the first, so the type gets a new name,
//     there and in later cells (values made before keep the old type);
//   - a name a dot import bound (see dotImport) that a cell declares is
//     the cell's own from then on.
//
// Renamed names are put back in error messages (see session.unrename).
func (e *Interp) prepare(src string) (string, error) {
	units := cellsplit.Units(src)
	if err := gomacroRejects(units); err != nil {
		return "", &cellError{err.Error()}
	}
	var kept []string
	for _, u := range units {
		if !u.Decl {
			if names, _, ok := parseDefine(u.Src); ok {
				for _, n := range names {
					e.s.declared(n)
				}
			}
			kept = append(kept, u.Src)
			continue
		}
		decl, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+u.Src, parser.SkipObjectResolution)
		switch {
		case err != nil: // yaegi words the error
		case len(decl.Imports) > 0:
			if err := e.runImports(decl); err != nil {
				return "", err
			}
			continue
		case bodyless(decl):
			continue
		default:
			e.s.learnNames(decl, u.Src)
		}
		kept = append(kept, u.Src)
	}
	return cellsplit.Rename(strings.Join(kept, "\n"), e.s.renames), nil
}

// bodyless reports whether a declaration is a function without a body.
func bodyless(decl *ast.File) bool {
	for _, d := range decl.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil {
			return true
		}
	}
	return false
}

// learnNames notes the names a declaration (of the cell unit src) makes
// yaegi know by another name: main, init, and a type declared again with
// another definition.
func (s *session) learnNames(decl *ast.File, src string) {
	const head = len("package p\n")
	for _, d := range decl.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			name := d.Name.Name
			if d.Recv == nil {
				s.declared(name)
			}
			if d.Recv == nil && (name == "main" || name == "init") {
				s.renames[name] = "__nbcheck_" + name
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if vs, ok := spec.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						s.declared(id.Name)
					}
				}
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				s.declared(ts.Name.Name)
				// The spec as written, its spacing aside.
				text := strings.Join(strings.Fields(src[int(ts.Pos())-1-head:int(ts.End())-1-head]), " ")
				name := ts.Name.Name
				if old, ok := s.types[name]; ok && old != text {
					s.renames[name] = s.newName(name)
				}
				s.types[name] = text
			}
		}
	}
}

// declared notes that a cell declares name: a name a dot import bound
// stands for the cell's own from now on.
func (s *session) declared(name string) {
	if to := s.renames[name]; strings.Contains(to, ".") {
		delete(s.renames, name)
	}
}

// runImports runs an import declaration as gomacro does, one package at a
// time. gomacro accepts an import of a package the session already has
// under that name, alone or in a group; yaegi refuses it ("fmt/_.go
// redeclared in this block"), so it is dropped. An import that binds a
// name to another package than before (math/rand/v2 after math/rand)
// rebinds the name in gomacro; yaegi cannot unbind a name, so the package
// is imported under a new name, which the name then stands for. An import
// that fails is not remembered. A dot import binds names as dotImport
// says; a package all of whose API is generic fails to import, as in
// gomacro.
func (e *Interp) runImports(decl *ast.File) error {
	for _, spec := range decl.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			return &cellError{err.Error()}
		}
		if _, ok := e.s.known[path]; !ok {
			path = localImport(path)
		}
		name, as := e.s.pkgName(path), ""
		if spec.Name != nil {
			name, as = spec.Name.Name, spec.Name.Name
		}
		key := name
		if name == "_" || name == "." {
			key = name + " " + path
		}
		old, bound := e.s.imports[key]
		if bound && old == path {
			continue
		}
		k, known := e.s.known[path]
		if known && len(k.symbols) == 0 && name != "_" {
			// yaegi's symbols have no generic API.
			return &cellError{fmt.Sprintf("error importing %q: every function and type of it is generic, and gomacro imports no generic API (its plugin does not build)", path)}
		}
		switch {
		case bound:
			as = e.s.newName(name)
		case name == "." && known:
			as = e.s.newName(k.name)
		}
		if _, err := e.yi.Eval("import " + as + " " + strconv.Quote(path)); err != nil {
			return evalError(err)
		}
		e.s.imports[key] = path
		switch {
		case name == "." && known:
			e.s.dotImport(as, k.symbols)
		case bound:
			e.s.renames[name] = as
		}
	}
	return nil
}

// dotImport binds the exported names of a package imported with a dot
// (import . "math") as gomacro binds them. yaegi misreads the untyped
// constants of a dot import (reflect.Value.Convert: value of type float64
// cannot be converted to type constant.ratVal); gomacro binds the
// constants and the types, and leaves the functions and the variables
// unusable. So the package is imported under a name of its own, as, and
// the cells' uses of its constants and types become names qualified by
// as; those of its functions and variables, a call that fails as gomacro's
// uses do.
func (s *session) dotImport(as string, symbols map[string]reflect.Value) {
	for name, v := range symbols {
		if !token.IsExported(name) {
			continue
		}
		switch {
		case v.Kind() == reflect.Func || v.CanAddr():
			s.renames[name] = showName + ".ZeroValue()"
		default: // a constant, or a type (a nil pointer to it)
			s.renames[name] = as + "." + name
		}
	}
}

// majorVersion matches the last element of a module path's major version
// (math/rand/v2).
var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// pkgName returns the name a plain import of the package at path binds.
func (s *session) pkgName(p string) string {
	if k, ok := s.known[p]; ok {
		return k.name
	}
	dir, base := path.Split(p)
	if majorVersion.MatchString(base) && dir != "" {
		base = path.Base(dir)
	}
	return base
}
