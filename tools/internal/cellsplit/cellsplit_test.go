package cellsplit

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSplitCell(t *testing.T) {
	for _, tc := range []struct {
		name   string
		src    string
		chunks []Chunk
		last   string
	}{
		{"empty", "  \n", nil, ""},
		{"expression", "x", nil, "x"},
		{"imports", "import (\n\t\"fmt\"\n\t\"time\"\n)", []Chunk{{"import (\n\t\"fmt\"\n\t\"time\"\n)", true, false}}, ""},
		{"declarations then statements then value",
			"y := 4\nfunc g() int { return 2 }\ntype T struct{ A int }\nz := y + g()\nz * 2",
			[]Chunk{{"y := 4", false, false}, {"func g() int { return 2 }\ntype T struct{ A int }", true, false}, {"z := y + g()", false, false}},
			"z * 2"},
		{"method is a declaration", "func (t T) M() int { return t.A }", []Chunk{{"func (t T) M() int { return t.A }", true, false}}, ""},
		{"func literal call is a statement", "func() {\n\tx++\n}()", nil, "func() {\n\tx++\n}()"},
		{"go statement", "go func() {}()\nwg.Wait()", []Chunk{{"go func() {}()", false, false}}, "wg.Wait()"},
		{"multi-line call", "fmt.Println(\n\t1,\n\t2,\n)", nil, "fmt.Println(\n\t1,\n\t2,\n)"},
		{"semicolons", "a := 1; b := 2; a + b", []Chunk{{"a := 1\nb := 2", false, false}}, "a + b"},
		{"comments", "// set up\nx := 1 // one\n/* show */ x", []Chunk{{"x := 1", false, false}}, "x"},
		{"trailing comment", "x // the value", nil, "x"},
		{"for and if headers", "for i := 0; i < 2; i++ {\n\tx += i\n}\nif v := x; v > 0 {\n}\nx",
			[]Chunk{{"for i := 0; i < 2; i++ {\n\tx += i\n}", false, true}, {"if v := x; v > 0 {\n}", false, true}}, "x"},
		{"blocks alone, other statements together", "a := 1\nswitch {\n}\nselect {\n}\n{\n}\nforty := 40\niffy := 1",
			[]Chunk{{"a := 1", false, false}, {"switch {\n}", false, true}, {"select {\n}", false, true},
				{"{\n}", false, true}, {"forty := 40\niffy := 1", false, false}}, ""},
		{"defer is a block", "defer f()\nx := 1", []Chunk{{"defer f()", false, true}, {"x := 1", false, false}}, ""},
		{"deferred is no keyword", "deferred := 1", []Chunk{{"deferred := 1", false, false}}, ""},
		{"assignment is no value", "x = 3", []Chunk{{"x = 3", false, false}}, ""},
		{"variable named like a keyword prefix", "types := 1\nvarx := types", []Chunk{{"types := 1\nvarx := types", false, false}}, ""},
		{"unbalanced goes whole to the interpreter", "f(\nx := 1", []Chunk{{"f(\nx := 1", false, false}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chunks, last := Split(tc.src)
			if !reflect.DeepEqual(chunks, tc.chunks) || last != tc.last {
				t.Errorf("Split(%q)\n got %+v, %q\nwant %+v, %q", tc.src, chunks, last, tc.chunks, tc.last)
			}
		})
	}
}

func TestUnitsKnowWhereTheyStart(t *testing.T) {
	units := Units("a := 1; b := 2\n\n  func f() {}\n")
	var got []string
	for _, u := range units {
		got = append(got, fmt.Sprintf("%d:%d %s", u.Line, u.Col, u.Src))
	}
	want := []string{"1:1 a := 1", "1:9 b := 2", "3:3 func f() {}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units at %q, want %q", got, want)
	}
	if l, c := units[1].At(1, 3); l != 1 || c != 11 {
		t.Errorf("At(1, 3) of the second unit = %d:%d, want 1:11", l, c)
	}
	if l, c := units[2].At(2, 3); l != 4 || c != 3 {
		t.Errorf("At(2, 3) of the third unit = %d:%d, want 4:3", l, c)
	}
}

// gomacro reads a unit that begins with func as a declaration.
func TestFuncLiteralsAreNoDeclarations(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // DeclError of the last unit; "" for a declaration
	}{
		{"func f() {}", ""},
		{"func (t T) M() {}", ""},
		{"x := 1\nfunc() {\n\tx++\n}()", "2:8: expected 'IDENT', found '{' (and 2 more errors)"},
		{"func(x int) int { return x }", "1:17: expected '(', found '{'"},
	} {
		units := Units(tc.src)
		u := units[len(units)-1]
		if u.FuncLiteral() != (tc.want != "") {
			t.Errorf("%q: FuncLiteral = %v", tc.src, u.FuncLiteral())
		}
		err := DeclError(u)
		if got := fmt.Sprint(err); tc.want == "" && err != nil || tc.want != "" && got != tc.want {
			t.Errorf("DeclError(%q) = %v, want %q", u.Src, err, tc.want)
		}
	}
}

func TestRename(t *testing.T) {
	names := map[string]string{"main": "__main", "Point": "P2"}
	for _, tc := range []struct{ src, want string }{
		{"func main() { main() }", "func __main() { __main() }"},
		{"p := Point{1} // Point\nq.Point = \"Point\"", "p := P2{1} // Point\nq.Point = \"Point\""},
		{"mainly := 1", "mainly := 1"},
	} {
		if got := Rename(tc.src, names); got != tc.want {
			t.Errorf("Rename(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
