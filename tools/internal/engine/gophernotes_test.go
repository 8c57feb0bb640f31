package engine

import (
	"strings"
	"testing"
)

// A cellSession is a few cells run in order on one interpreter, and what each
// must show: show() of its outputs. A want that ends in "..." is a prefix.
type cellSession struct {
	name  string
	cells []string
	want  []string
}

func runSessions(t *testing.T, sessions []cellSession) {
	t.Helper()
	for _, s := range sessions {
		t.Run(s.name, func(t *testing.T) {
			in, err := NewInterp()
			if err != nil {
				t.Fatal(err)
			}
			for i, src := range s.cells {
				got := show(in.Run(src))
				want := s.want[i]
				ok := got == want
				if p, prefix := strings.CutSuffix(want, "..."); prefix {
					ok = strings.HasPrefix(got, p)
				}
				if !ok {
					t.Errorf("cell %d:\n%s\n got %q\nwant %q", i+1, src, got, want)
				}
				if strings.Contains(got, "__nbcheck") {
					t.Errorf("cell %d: the engine's own names show: %q", i+1, got)
				}
			}
		})
	}
}

// The fidelity corpus (tools/fidelity/testdata) found these differences
// between the gophernotes kernel and the engine; each case is what the
// kernel showed for such cells. The names say the root cause, as
// numbered in the corpus's findings.
func TestCellsRunAsOnGophernotes(t *testing.T) {
	runSessions(t, []cellSession{
		{"R1 import again, alone and grouped", []string{
			`import "fmt"`,
			"import \"fmt\"\nfmt.Println(\"again\")",
			"import (\n\t\"fmt\"\n\t\"strings\"\n)\nstrings.Repeat(\"ab\", 2)",
			"import \"strings\"\nimport \"fmt\"",
		}, []string{"", "stdout: again\n", "result: abab\n", ""}},
		{"R1 import again, aliased, dot and blank", []string{
			`import str "strings"`,
			"import str \"strings\"\nstr.ToUpper(\"x\")",
			`import . "time"`,
			"import . \"time\"\nSecond",
			"import _ \"image/png\"\nimport _ \"image/png\"",
		}, []string{"", "result: X\n", "", "result: 1s\n", ""}},
		{"R1 a name imported again from another path", []string{
			"import \"math/rand\"\nrand.New(rand.NewSource(1)).Intn(1)",
			"import \"math/rand/v2\"\nrand.IntN(1)",
			"rand.Intn(1)", // math/rand's, not v2's: the name is bound to v2 now
		}, []string{"result: 0\n", "result: 0\n", "ERROR: ..."}},
		{"R16 a dot import binds constants and types, not functions and variables", []string{
			"import . \"math\"\nPi",
			"Sqrt(2)",
			"import . \"math\"\nFloor(Pi * 100) / 100",
			"import \"fmt\"\nfmt.Sprintf(\"%.4f %d\", Pi, MaxInt8)",
			"import . \"time\"\nvar d Duration = 3 * Second\nd",
			"func Sqrt(x float64) float64 { return x }\nSqrt(2)",
			"E := 2.5\nE * 2",
		}, []string{"result: 3.141592653589793\n", "ERROR: reflect: call of reflect.Value.Interface on zero Value\n", "ERROR: ...",
			"result: 3.1416 127\n", "result: 3s\n", "result: 2\n", "result: 5\n"}},
		{"R16 a package whose API is all generic does not import", []string{
			`import "slices"`,
			"import (\n\t\"maps\"\n\t\"strings\"\n)",
		}, []string{"ERROR: error importing \"slices\": ...", "ERROR: error importing \"maps\": ..."}},
		{"R1 an import that fails is not remembered", []string{
			`import "example.com/nowhere"`,
			`import "example.com/nowhere"`,
		}, []string{"ERROR: ...", "ERROR: ..."}},
		{"R2 a top-level defer runs when its statement ends", []string{
			"import \"fmt\"\ndefer fmt.Println(\"deferred\")\nfmt.Println(\"after\")",
			`fmt.Println("next")`,
		}, []string{"stdout: deferred\nafter\n", "stdout: next\n"}},
		{"R3 main and init are ordinary functions", []string{
			"import \"fmt\"\nfunc main() {\n\tfmt.Println(\"main\")\n}\nmain()",
			"1 + 1",
			"func init() {\n\tfmt.Println(\"init\")\n}",
			"init()",
			"main",
		}, []string{"stdout: main\n", "result: 2\n", "", "stdout: init\n", "result: 0x..."}},
		{"R4 builtins as the last expression", []string{
			"m := map[string]int{\"a\": 1}\nm[\"b\"] = 2",
			"len(m)",
			"r := []rune(\"héllo\")",
			"len(r)",
			"cap(make([]int, 2, 5))",
		}, []string{"", "result: 2\n", "", "result: 5\n", "result: 5\n"}},
		{"R5 comma-ok forms show both values", []string{
			"m := map[string]int{\"a\": 1}\nm[\"a\"]",
			`m["zz"]`,
			"ch := make(chan int, 1)\nch <- 5\n<-ch",
			"var x interface{} = \"s\"\nx.(int)",
			"x.(string)",
			"[]int{7}[0]",
			`"abc"[1]`,
		}, []string{"result: 1 true\n", "result: 0 false\n", "result: 5 true\n", "result: 0 false\n", "result: strue\n", "result: 7\n", "result: 98\n"}},
		{"R6 comma-ok defines at the top level", []string{
			"import \"fmt\"\nm := map[string]int{\"a\": 1}\nv, ok := m[\"zz\"]\nfmt.Println(v, ok)",
			"var x interface{} = 2.5\nf, isFloat := x.(float64)\n_, isInt := x.(int)\nfmt.Println(f, isFloat, isInt)",
			"ch := make(chan string, 1)\nch <- \"hi\"\nclose(ch)\ns, open := <-ch\nfmt.Println(s, open)",
			"s, open := <-ch\nfmt.Printf(\"%q %v\\n\", s, open)",
		}, []string{"stdout: 0 false\n", "stdout: 2.5 true false\n",
			"stdout: hi true\n", "stdout: \"\" false\n"}},
		{"R7 body-less function declarations declare nothing", []string{
			"// in package \"display\"\nfunc PNG([]byte) error",
			"import \"image\"\nfunc Image(image.Image) error\nconst MIMETypePNG = \"image/png\"\nMIMETypePNG",
			"func later(int) string",
			"func later(n int) string { return \"later\" }\nlater(1)",
		}, []string{"", "result: image/png\n", "", "result: later\n"}},
		{"R8 a function literal cannot start a statement", []string{
			"import \"fmt\"\nfunc() {\n\tfmt.Println(\"called in place\")\n}()",
			"func(x int) int { return x }",
			"x := 1\nfunc() { x++ }()",
			"x",
		}, []string{"ERROR: 2:8: expected 'IDENT', found '{' (and 2 more errors)\n", "ERROR: 1:17: expected '(', found '{'\n",
			"ERROR: 2:8: expected 'IDENT', found '{'...", "ERROR: 1:1: undefined: x\n"}},
		{"R16 what gomacro cannot compile does not run", []string{
			"import \"fmt\"\nfmt.Println(\"before\")\nfunc Map[T any](xs []T) []T { return xs }",
			"type Stack[T any] struct {\n\titems []T\n}",
			"type Pair[K, V any] struct{}",
			"ch := make(chan int)\ngo func() {\n\tdefer close(ch)\n\tch <- 1\n}()\n<-ch",
			"func isEven(n int) bool {\n\tif n == 0 {\n\t\treturn true\n\t}\n\treturn isOdd(n - 1)\n}\n" +
				"func isOdd(n int) bool {\n\tif n == 0 {\n\t\treturn false\n\t}\n\treturn isEven(n - 1)\n}\nisEven(4)",
			"func fact(n int) int {\n\tif n == 0 {\n\t\treturn 1\n\t}\n\treturn n * fact(n-1)\n}\nfact(5)",
			"func sum(xs ...int) int {\n\tt := 0\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\nsum(1, 2)",
		}, []string{"ERROR: 3:9: expected '(', found '['\n", "ERROR: 1:14: expected ']', found 'IDENT' any\n",
			"ERROR: 1:12: expected ']', found ','\n", "ERROR: 3:2: reflect.Value.Convert: ...",
			"ERROR: 11:9: undefined identifier: isEven\n", "result: 120\n", "result: 3\n"}},
		{"R9 var declarations that use earlier globals", []string{
			"n := 3",
			"var square = func(n int) int { return n * n }\nsquare(9)",
			"type C struct{ n int }\nfunc (c *C) Inc() { c.n++ }\nvar c C",
			"type Incer interface{ Inc() }\nvar inc Incer = &c\ninc.Inc()\nc.n",
			"var k, l = n, n + 1\nk + l",
		}, []string{"", "result: 81\n", "", "result: 1\n", "result: 7\n"}},
		{"R10 := on a name that exists", []string{
			"y := 20",
			"y := y + 1\ny",
			"counter := 0\nfunc bump() int {\n\tcounter++\n\treturn counter\n}\nbump()",
			"counter := 10\nbump()",
			"w := []string{\"a\"}\nw := append(w, \"b\")\nlen(w)",
			"import \"fmt\"\na, b := 1, 2\na, b := b, a\nfmt.Println(a, b)",
			"y := \"now a string\"\ny",
			"import \"strconv\"\ny, err := strconv.Atoi(\"7\")\ny * 2",
		}, []string{"", "result: 21\n", "result: 1\n", "result: 11\n", "result: 2\n", "stdout: 2 2\n",
			"result: now a string\n", "result: 14\n"}},
		{"R11 a type declared again replaces the first", []string{
			"type Point struct{ X, Y int }\np := Point{1, 2}\np",
			"type Point struct{ X, Y, Z int }\nPoint{1, 2, 3}",
			"func (p Point) Sum() int { return p.X + p.Y + p.Z }\nPoint{1, 2, 3}.Sum()",
			"p",
			"var q Point = 3",
			"type Point struct{ X, Y, Z int }\nPoint{4, 5, 6}.Sum()",
		}, []string{"result: {1 2}\n", "result: {1 2 3}\n", "result: 6\n", "result: {1 2}\n", "ERROR: 1:39: cannot convert untyped int to main.Point\n", "result: 15\n"}},
		{"R12 println and print write to stderr", []string{
			`println("a", 1, 1.5, true, nil)`,
			`print("a", 1, 2.5, "\n")`,
		}, []string{"stderr: a 1 1.5 true <nil>\n", "stderr: a12.5\n"}},
		{"R14 a carriage return overwrites the line", []string{
			"import \"fmt\"\nfmt.Print(\"carriage\\rreturn\\n\")",
			"fmt.Print(\"a\\rb\\rc\\n\", \"kept\\r\\n\")",
		}, []string{"stdout: return\n", "stdout: c\nkept\r\n"}},
		{"R15 an empty display.Data shows nothing", []string{
			`display.Auto("just a string")`,
		}, []string{""}},
	})
}
