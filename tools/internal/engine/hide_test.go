package engine

import (
	"testing"
)

func TestEndsWithSemicolon(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"x", false},
		{"x;", true},
		{"x; // a comment", true},
		{"x;\n\n", true},
		{"x /* ; */", false},
		{"x := 1\nx", false},
		{"f(); g()", false},
		{"s := \";\"", false},
		{"", false},
	} {
		if got := endsWithSemicolon(tc.src); got != tc.want {
			t.Errorf("endsWithSemicolon(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestIsFmtPrint(t *testing.T) {
	paths := map[string]string{"fmt": "fmt", "f": "fmt", "log": "log", "myfmt": "example.com/fmt"}
	importPath := func(name string) string { return paths[name] }
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{`fmt.Println("x")`, true},
		{`fmt.Printf("%d", 1)`, true},
		{`fmt.Fprintln(os.Stderr, 1)`, true},
		{`f.Print(1)`, true}, // fmt under another name
		{`fmt.Sprint(6)`, false},
		{`fmt.Errorf("x")`, false},
		{`log.Println("x")`, false},
		{`myfmt.Println("x")`, false}, // another package's Println
		{`Println("x")`, false},       // a dot import keeps its value
		{`fmt.Println`, false},        // the function, not a call
		{`not go (`, false},
	} {
		if got := isFmtPrint(tc.expr, importPath); got != tc.want {
			t.Errorf("isFmtPrint(%q) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

// The cells' values as the kernel shows them: none for a final print call
// of fmt's, whatever name fmt has, or for a cell ending in a written ;.
func TestValuesHiddenAsOnTheKernel(t *testing.T) {
	cells := []struct{ src, want string }{
		{"import \"fmt\"\nfmt.Println(\"hi\")", "stdout: hi\n"},
		{"fmt.Printf(\"%d\\n\", 6)", "stdout: 6\n"},
		{"import f \"fmt\"\nf.Print(\"x\\n\")", "stdout: x\n"},
		{"fmt.Sprint(6)", "result: 6\n"},
		{"x := 3\nx", "result: 3\n"},
		{"x;", ""},
		{"x * 2; // a comment", ""},
		{"x * 2 // a comment", "result: 6\n"},
		{"fmt.Println(\"a\"); fmt.Sprint(\"b\")", "stdout: a\nresult: b\n"},
		{"func twice(n int) int { return 2 * n }\ntwice(x);", ""},
		{"twice(x)", "result: 6\n"},
	}
	var srcs []string
	for _, c := range cells {
		srcs = append(srcs, c.src)
	}
	runs := runCells(t, srcs)
	for i, c := range cells {
		if got := show(runs[i].Outputs); got != c.want || runs[i].Err != nil {
			t.Errorf("cell %d %q:\n got %q (%v)\nwant %q", i+1, c.src, got, runs[i].Err, c.want)
		}
	}
}
