package threading

import (
	"bytes"
	"flag"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/api.txt from the code")

// api lists the package's exported API, one line per name: each function
// and method with its signature, each type, constant and variable, and
// each exported field of a struct (the fields are not names of the API
// the index must hold, and are marked so).
func api(t *testing.T) (lines []string, names map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	d := doc.New(pkgs["threading"], "github.com/goconcurrency/notebooks/pkg/threading", 0)
	names = map[string]bool{}
	node := func(n any) string {
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, n); err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	fn := func(f *doc.Func) {
		f.Decl.Body, f.Decl.Doc = nil, nil
		lines = append(lines, node(f.Decl))
		names[f.Name] = true
	}
	values := func(vs []*doc.Value, kind string) {
		for _, v := range vs {
			for _, n := range v.Names {
				if ast.IsExported(n) {
					lines = append(lines, kind+" "+n)
					names[n] = true
				}
			}
		}
	}
	values(d.Consts, "const")
	values(d.Vars, "var")
	for _, f := range d.Funcs {
		fn(f)
	}
	for _, ty := range d.Types {
		spec := ty.Decl.Specs[0].(*ast.TypeSpec)
		names[ty.Name] = true
		switch st := spec.Type.(type) {
		case *ast.StructType:
			lines = append(lines, "type "+ty.Name+" struct")
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					if n.IsExported() {
						lines = append(lines, "field "+ty.Name+"."+n.Name+" "+node(f.Type))
					}
				}
			}
		case *ast.InterfaceType:
			lines = append(lines, "type "+ty.Name+" interface")
			for _, m := range st.Methods.List {
				for _, n := range m.Names {
					lines = append(lines, "method "+ty.Name+"."+n.Name+" "+strings.TrimPrefix(node(m.Type), "func"))
					names[n.Name] = true
				}
			}
		default:
			lines = append(lines, "type "+ty.Name+" "+node(spec.Type))
		}
		values(ty.Consts, "const")
		values(ty.Vars, "var")
		for _, f := range ty.Funcs {
			fn(f)
		}
		for _, m := range ty.Methods {
			fn(m)
		}
	}
	sort.Strings(lines)
	return lines, names
}

// The exported API is listed in testdata/api.txt, so that a change of it is
// a change of that file too, seen in review (go test -run API -update
// rewrites it).
func TestAPIList(t *testing.T) {
	lines, _ := api(t)
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile("testdata/api.txt", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/api.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the exported API is not testdata/api.txt (go test -run API -update rewrites it, for review):\n%s", got)
	}
	n := 0
	for _, l := range lines {
		if !strings.HasPrefix(l, "field ") {
			n++
		}
	}
	t.Logf("%d exported names (functions, methods, types, constants), %d fields", n, len(lines)-n)
}

// The package doc's index names every exported name of the API, and so
// reads as the whole API in one sitting.
func TestDocIndexNamesTheWholeAPI(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	start := strings.Index(text, "// The whole API, by what it is for")
	end := strings.Index(text[max(start, 0):], "\n//\n// What waits")
	if start < 0 || end < 0 {
		t.Fatal("doc.go has no index (\"The whole API, by what it is for\" up to \"What waits\")")
	}
	index := map[string]bool{}
	for _, w := range regexp.MustCompile(`\b[A-Z]\w*\b`).FindAllString(text[start:start+end], -1) {
		index[w] = true
	}
	_, names := api(t)
	for n := range names {
		if !index[n] {
			t.Errorf("doc.go's index does not name %s", n)
		}
	}
}
