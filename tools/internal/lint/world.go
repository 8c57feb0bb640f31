package lint

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Notebooks written elsewhere (the public ones nbcheck is measured on) hold
// cells that no check here can run or compare, for reasons that have
// nothing to do with nbcheck's engine. They are named by kind:
//
//   - cannot run offline: a cell that imports a module outside the standard
//     library and the helper (neither the kernel nor nbcheck fetches
//     modules), or fetches a page from the internet (http.Get of an http or
//     https address not on this machine); and every cell that uses a name
//     such a cell declares, or a package it imports, one after the other;
//   - stored by another kernel: the stored outputs carry ANSI colour codes
//     (gophernotes of 2016, on gore, showed values pretty-printed in
//     colour, and the value of an assignment), or a result holds what the
//     cell printed (an early gophernotes showed printed text as the cell's
//     result, where today's shows it as output and the result of a final
//     print call, 13 <nil>, apart);
//   - stored by Go before 1.12: a printed map whose keys are not in order
//     (fmt has sorted them since Go 1.12);
//   - the run's environment: a cell that prints os.Environ, os.Getenv or
//     os.Hostname shows what differs from machine to machine.
//
// Such a cell is skipped (nbval-skip) when it cannot run offline, and its
// outputs are not compared (nbval-ignore-output) otherwise.

// OfflinePrefix and StoredPrefix start the messages of these
// findings, so that a corpus can tell the kinds apart.
const (
	OfflinePrefix = "cannot run offline: "
	StoredPrefix  = "stored elsewhere: "
)

// elsewhere flags the code cells of nb that cannot run offline, or whose
// stored outputs come from another kernel, another Go or another machine.
func elsewhere(nb *input.Notebook) []Finding {
	var out []Finding
	tainted := map[string]string{} // a name no cell can have offline -> why
	imported := map[string]bool{}  // packages cells that run imported
	tags := newIgnoredTags(nb.Notebook)
	gore := storedByGore(nb.Notebook)
	printers := &goroutinePrinters{printing: map[string]bool{}}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		add := func(line int, format string, args ...any) {
			out = append(out, Finding{Cell: i + 1, Line: line, Message: fmt.Sprintf(format, args...)})
		}
		units := parse(c.Source)
		if why, line := offline(units, tainted); why != "" {
			if nb.Markers[i].RaisesException {
				continue // its error is expected
			}
			add(line, "%s%s; skip the cell (nbval-skip) and say why in the notebook's first cell", OfflinePrefix, why)
			for _, name := range declaredNames(units) {
				if imported[name] {
					continue // an import again of a package a cell that runs imported
				}
				if _, ok := tainted[name]; !ok {
					tainted[name] = fmt.Sprintf("%s, declared or imported in cell %d, which cannot run offline", name, i+1)
				}
			}
			continue
		}
		for _, name := range declaredNames(units) {
			delete(tainted, name) // declared again, by a cell that runs
		}
		for _, u := range units {
			for _, imp := range u.file.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				imported[importName(p)] = true
				if imp.Name != nil {
					imported[imp.Name.Name] = true
				}
			}
		}
		whys := storedElsewhere(c, units)
		if tags != nil {
			if w := tags.cell(units, i+1); w != "" && len(c.Outputs) > 0 {
				whys = append(whys, w)
			}
		}
		if gore && len(c.Outputs) == 0 && printers.runDuring(units) {
			whys = append(whys, "gophernotes of 2016 (on gore, its outputs in ANSI colour elsewhere in the notebook) kept nothing of what goroutines printed while the cell ran; today's kernel shows it")
		}
		printers.learn(units)
		for _, why := range whys {
			add(1, "%s%s; do not compare its outputs (nbval-ignore-output)", StoredPrefix, why)
		}
	}
	return out
}

// storedByGore reports whether a stored output of nb is in ANSI colour:
// the notebook was stored by gophernotes of 2016, on gore.
func storedByGore(nb *ipynb.Notebook) bool {
	for _, c := range nb.Cells {
		if coloured(c) {
			return true
		}
	}
	return false
}

// coloured reports whether a stored result of c is in ANSI colour.
func coloured(c *ipynb.Cell) bool {
	for _, o := range c.Outputs {
		if s, ok := o.Data["text/plain"].(string); ok && o.Type == "execute_result" && ansi.MatchString(s) {
			return true
		}
	}
	return false
}

// goroutinePrinters follows the goroutines a notebook starts that print:
// a go statement calling a function literal or a function of the notebook
// that prints.
type goroutinePrinters struct {
	printing map[string]bool // functions of the notebook that print
	started  bool            // a printing goroutine was started
}

func (g *goroutinePrinters) learn(units []unit) {
	for _, u := range units {
		for _, d := range u.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && u.decl && fd.Recv == nil && prints([]unit{{file: &ast.File{Decls: []ast.Decl{fd}}}}) {
				g.printing[fd.Name.Name] = true
			}
			ast.Inspect(d, func(n ast.Node) bool {
				gs, ok := n.(*ast.GoStmt)
				if !ok {
					return true
				}
				switch f := gs.Call.Fun.(type) {
				case *ast.Ident:
					g.started = g.started || g.printing[f.Name]
				case *ast.FuncLit:
					g.started = g.started || prints([]unit{{file: &ast.File{Decls: []ast.Decl{&ast.FuncDecl{Name: ast.NewIdent("_"), Type: f.Type, Body: f.Body}}}}})
				}
				return true
			})
		}
	}
}

// runDuring reports whether printing goroutines started by earlier cells
// may print while the cell of the units runs: it sends, receives or
// sleeps.
func (g *goroutinePrinters) runDuring(units []unit) bool {
	if !g.started {
		return false
	}
	waits := false
	for _, u := range units {
		ast.Inspect(u.file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt:
				waits = true
			case *ast.UnaryExpr:
				waits = waits || n.Op == token.ARROW
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "time" && n.Sel.Name == "Sleep" {
					waits = true
				}
			}
			return !waits
		})
	}
	return waits
}

// goBefore112 matches the Go versions before 1.12 in a notebook's
// language_info (go1.9, go1.10.3, go1.11).
var goBefore112 = regexp.MustCompile(`^go1\.(?:[0-9]|1[01])(?:\.|$|rc|beta)`)

// ignoredTags follows, in a notebook stored by gophernotes on a Go before
// 1.12 whose cells declare struct types with json tags, the values that
// went through encoding/json: gomacro then ignored the struct tags of
// types declared in cells, so encoding/json saw the field names (other
// keys written, fields left at zero read), where today's kernel and nbcheck
// honour the tags.
type ignoredTags struct {
	version string
	names   map[string]int // a name holding such values -> the cell it comes from
}

func newIgnoredTags(nb *ipynb.Notebook) *ignoredTags {
	li, _ := nb.Metadata["language_info"].(map[string]any)
	version, _ := li["version"].(string)
	if !goBefore112.MatchString(version) {
		return nil
	}
	for _, c := range nb.Cells {
		if c.Type == "code" && jsonTags(parse(c.Source)) {
			return &ignoredTags{version: version, names: map[string]int{}}
		}
	}
	return nil
}

// jsonTags reports whether the units declare a struct type with a json
// tag.
func jsonTags(units []unit) bool {
	found := false
	for _, u := range units {
		ast.Inspect(u.file, func(n ast.Node) bool {
			if f, ok := n.(*ast.Field); ok && f.Tag != nil && strings.Contains(f.Tag.Value, "json:") {
				found = true
			}
			return !found
		})
	}
	return found
}

// cell says why the outputs of the cell (numbered n) went through
// encoding/json with tags ignored, "" when they did not; it notes the names
// the cell fills.
func (t *ignoredTags) cell(units []unit, n int) string {
	why := ""
	var filled []string
	for _, u := range units {
		for _, d := range u.file.Decls {
			ast.Inspect(d, func(node ast.Node) bool {
				switch x := node.(type) {
				case *ast.CallExpr:
					sel, ok := x.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if pkg, isID := sel.X.(*ast.Ident); isID && pkg.Name == "json" {
						why = "encodes or decodes JSON"
						for _, a := range x.Args {
							if ux, ok := a.(*ast.UnaryExpr); ok && ux.Op == token.AND {
								if id, ok := ux.X.(*ast.Ident); ok {
									filled = append(filled, id.Name)
								}
							}
						}
					}
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok {
						if from, ok := t.names[id.Name]; ok && why == "" {
							why = fmt.Sprintf("uses %s, decoded from JSON in cell %d", id.Name, from)
						}
					}
				case *ast.Ident:
					if from, ok := t.names[x.Name]; ok && why == "" {
						why = fmt.Sprintf("uses %s, decoded from JSON in cell %d", x.Name, from)
					}
				}
				return true
			})
		}
	}
	if why == "" {
		return ""
	}
	for _, name := range append(filled, declaredNames(units)...) {
		if _, ok := t.names[name]; !ok {
			t.names[name] = n
		}
	}
	return fmt.Sprintf("the cell %s, and the notebook was stored by gophernotes on %s (its language_info): gomacro then ignored the struct tags of types declared in cells, so encoding/json used the field names (other keys, fields left at zero); today's kernel and nbcheck honour the tags", why, t.version)
}

// offline says why the cell of the units cannot run offline ("" when it
// can), and on which line; tainted holds the names of earlier cells that
// cannot, and gets the packages this cell imports that cannot be had.
func offline(units []unit, tainted map[string]string) (why string, line int) {
	for _, u := range units {
		for _, imp := range u.file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if standard(p) || helper(p) {
				continue
			}
			name := importName(p)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			tainted[name] = fmt.Sprintf("the package %s, whose import cannot run offline", name)
			if why == "" {
				why, line = fmt.Sprintf("imports %q, a module outside the standard library and the helper: nbcheck has only those compiled in, and neither it nor the kernel fetches modules", p), u.lineOf(imp.Pos())
			}
		}
	}
	if why != "" {
		return why, line
	}
	own := map[string]bool{}
	for _, u := range units {
		for _, n := range localNames(u) {
			own[n] = true
		}
	}
	for _, u := range units {
		var why string
		var line int
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			if why != "" {
				return false
			}
			switch n := n.(type) {
			case *ast.CallExpr:
				if addr := internetAddress(n); addr != "" {
					why, line = fmt.Sprintf("fetches %s from the internet", addr), u.lineOf(n.Pos())
					return false
				}
			case *ast.SelectorExpr:
				// The right of x.M is a field or a method, never a name
				// of a cell.
				ast.Inspect(n.X, visit)
				return false
			case *ast.Ident:
				if w, ok := tainted[n.Name]; ok && !own[n.Name] {
					why, line = "uses "+w, u.lineOf(n.Pos())
				}
			}
			return true
		}
		for _, d := range u.file.Decls {
			ast.Inspect(d, visit)
		}
		if why != "" {
			return why, line
		}
	}
	return "", 0
}

// internetAddress returns the address a call fetches from the internet:
// http.Get, Post, Head or PostForm (under any name of net/http) of a
// written http or https address that is not on this machine; "" otherwise.
func internetAddress(call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return ""
	}
	switch sel.Sel.Name {
	case "Get", "Post", "Head", "PostForm":
	default:
		return ""
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	addr, err := strconv.Unquote(lit.Value)
	if err != nil || !(strings.HasPrefix(addr, "http://") || strings.HasPrefix(addr, "https://")) {
		return ""
	}
	host := strings.SplitN(strings.SplitN(addr, "://", 2)[1], "/", 2)[0]
	host = strings.Split(host, ":")[0]
	if host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "" {
		return ""
	}
	return addr
}

// standard reports whether p is a package of the standard library: its
// first element has no dot.
func standard(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// helper reports whether p is the helper package (or one of this module's).
func helper(p string) bool {
	return strings.HasPrefix(p, "github.com/goconcurrency/notebooks/") || strings.HasSuffix(p, "/pkg/threading") || strings.Contains(p, "/pkg/threading/")
}

// importName is the name a plain import of p binds, as far as its path
// tells: its last element, or the one before a major version.
func importName(p string) string {
	dir, base := path.Split(p)
	if majorVersion.MatchString(base) && dir != "" {
		base = path.Base(dir)
	}
	base = strings.TrimSuffix(strings.TrimPrefix(base, "go-"), ".go")
	if i := strings.Index(base, ".v"); i > 0 {
		base = base[:i]
	}
	return base
}

var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

// localNames returns the names the unit declares anywhere
// (cellsplit.DeclaredNames) and the packages it imports, so that a name of
// an earlier cell used here is told from the cell's own.
func localNames(u unit) []string {
	names := cellsplit.DeclaredNames(u.file)
	for _, imp := range u.file.Imports {
		if imp.Name == nil {
			p, _ := strconv.Unquote(imp.Path.Value)
			names = append(names, importName(p))
		}
	}
	return names
}

// declaredNames returns the names the units declare at the top level:
// packages imported, functions, types, variables and constants, and those
// of := statements.
func declaredNames(units []unit) []string {
	var names []string
	for _, u := range units {
		for _, imp := range u.file.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			name := importName(p)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name != "_" && name != "." {
				names = append(names, name)
			}
		}
		for _, d := range u.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !u.decl {
					// func _() { statements }: the statements' own names.
					names = append(names, statementNames(d.Body)...)
				} else if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				names = append(names, specNames(d)...)
			}
		}
	}
	return names
}

func statementNames(body *ast.BlockStmt) []string {
	var names []string
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, x := range s.Lhs {
					if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok {
				names = append(names, specNames(g)...)
			}
		}
	}
	return names
}

func specNames(g *ast.GenDecl) []string {
	var names []string
	for _, spec := range g.Specs {
		switch s := spec.(type) {
		case *ast.ValueSpec:
			for _, id := range s.Names {
				if id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		case *ast.TypeSpec:
			names = append(names, s.Name.Name)
		}
	}
	return names
}

// ansi matches an ANSI escape sequence (colour).
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// storedElsewhere says why the stored outputs of cell c (parsed as units)
// cannot be what any kernel or Go of today shows.
func storedElsewhere(c *ipynb.Cell, units []unit) []string {
	var why []string
	if len(c.Outputs) == 0 {
		return nil
	}
	texts := storedTexts(c)
	if coloured(c) {
		why = append(why, "the stored results are in ANSI colour: gophernotes of 2016 (on gore) stored values pretty-printed in colour, and the value of an assignment, which no kernel shows today")
	}
	if len(why) == 0 && printedAsResult(c, units) {
		why = append(why, "a stored result holds what the cell printed: an early gophernotes showed printed text as the cell's result; today it is output, and a final print call's result is its count and error (13 <nil>)")
	}
	for _, t := range texts {
		if m := unsortedMap(t); m != "" {
			why = append(why, fmt.Sprintf("the stored output prints a map with its keys out of order (%s): Go before 1.12 printed maps in random order; fmt sorts their keys since", abbreviate(m, 60)))
			break
		}
	}
	if name := environment(units); name != "" {
		why = append(why, fmt.Sprintf("the cell prints %s, which differs from machine to machine", name))
	}
	return why
}

// storedTexts returns the text of each stored output.
func storedTexts(c *ipynb.Cell) []string {
	var texts []string
	for _, o := range c.Outputs {
		switch {
		case o.Type == "stream":
			texts = append(texts, o.Text)
		case o.Type == "error":
			texts = append(texts, o.Evalue)
		default:
			if s, ok := o.Data["text/plain"].(string); ok {
				texts = append(texts, s)
			}
		}
	}
	return texts
}

// countAndError is the result of a final print call on gophernotes as
// released: the byte count and the error.
var countAndError = regexp.MustCompile(`^\d+ (?:<nil>|.+)$`)

// printedAsResult reports whether the cell prints and its stored outputs
// have a result but no printed output: what it printed went into the
// result.
func printedAsResult(c *ipynb.Cell, units []unit) bool {
	var result string
	hasResult := false
	for _, o := range c.Outputs {
		switch o.Type {
		case "stream":
			return false
		case "execute_result":
			s, _ := o.Data["text/plain"].(string)
			result, hasResult = s, true
		}
	}
	if !hasResult || countAndError.MatchString(strings.TrimSpace(result)) {
		return false
	}
	return prints(units) || !endsInValue(units)
}

// endsInValue reports whether the last unit can have a value: an
// expression that is not a call of a builtin without results.
func endsInValue(units []unit) bool {
	if len(units) == 0 || units[len(units)-1].decl {
		return false
	}
	u := units[len(units)-1]
	body := u.file.Decls[len(u.file.Decls)-1].(*ast.FuncDecl).Body.List
	if len(body) == 0 {
		return false
	}
	es, ok := body[len(body)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	if call, ok := es.X.(*ast.CallExpr); ok {
		if id, ok := call.Fun.(*ast.Ident); ok {
			switch id.Name {
			case "close", "delete", "panic", "print", "println":
				return false
			}
		}
	}
	return true
}

// prints reports whether the units print to the cell's output: a call of
// one of fmt's print functions (Fprint... to os.Stdout or os.Stderr) or of
// the builtin println or print.
func prints(units []unit) bool {
	found := false
	for _, u := range units {
		ast.Inspect(u.file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return !found
			}
			switch f := call.Fun.(type) {
			case *ast.Ident:
				found = found || f.Name == "println" || f.Name == "print"
			case *ast.SelectorExpr:
				switch f.Sel.Name {
				case "Print", "Printf", "Println":
					found = true
				case "Fprint", "Fprintf", "Fprintln":
					// To the cell's output, not to a writer of its own.
					if len(call.Args) > 0 {
						if arg, ok := call.Args[0].(*ast.SelectorExpr); ok {
							if pkg, ok := arg.X.(*ast.Ident); ok && pkg.Name == "os" && (arg.Sel.Name == "Stdout" || arg.Sel.Name == "Stderr") {
								found = true
							}
						}
					}
				}
			}
			return !found
		})
	}
	return found
}

// environment returns os.Environ, os.Getenv or os.Hostname when the units
// call one of them.
func environment(units []unit) string {
	name := ""
	for _, u := range units {
		ast.Inspect(u.file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || name != "" {
				return name == ""
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" {
				switch sel.Sel.Name {
				case "Environ", "Getenv", "Hostname", "LookupEnv":
					name = "os." + sel.Sel.Name
				}
			}
			return true
		})
	}
	return name
}

// printedMap matches a map as fmt prints it, without nested maps.
var printedMap = regexp.MustCompile(`map\[([^\[\]]*)\]`)

// unsortedMap returns the first printed map in text whose keys are not in
// the order fmt sorts them in (numbers by value, others as text); "" when
// there is none. Keys may hold spaces: an element ends at its colon's
// value, the next token without a colon starts the next key.
func unsortedMap(text string) string {
	for _, m := range printedMap.FindAllStringSubmatch(text, -1) {
		var keys []string
		var key []string
		for _, tok := range strings.Fields(m[1]) {
			k, _, ok := strings.Cut(tok, ":")
			if !ok {
				key = append(key, tok)
				continue
			}
			keys = append(keys, strings.Join(append(key, k), " "))
			key = nil
		}
		if len(keys) < 2 {
			continue
		}
		if !sort.SliceIsSorted(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) }) {
			return m[0]
		}
	}
	return ""
}

func keyLess(a, b string) bool {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return x < y
	}
	return a < b
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
