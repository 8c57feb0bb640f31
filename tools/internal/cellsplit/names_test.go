package cellsplit

import (
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"testing"
)

func TestDeclaredNames(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"imports", `import (m "math"; "fmt")`, []string{"m"}},
		{"func", `func (r *T) f(a int, b ...string) (n int, err error) { x := 1; _ = x }`, []string{"a", "b", "err", "f", "n", "r", "x"}},
		{"types", `type P[E any] struct{}; type I interface{}`, []string{"E", "I", "P"}},
		{"values", `const c = 1; var v, w int`, []string{"c", "v", "w"}},
		{"statements", "func _() {\nfor i, s := range xs {}\nfor k = range xs {}\nswitch t := y.(type) {}\nloop:\nfor {}\n}", []string{"_", "i", "loop", "s", "t"}},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+tc.src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := DeclaredNames(f)
		sort.Strings(got)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
