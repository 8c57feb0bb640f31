package engine

import "testing"

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
		{`Println("x")`, false},      // a dot import keeps its value
		{`fmt.Println`, false},       // the function, not a call
		{`not go (`, false},
	} {
		if got := isFmtPrint(tc.expr, importPath); got != tc.want {
			t.Errorf("isFmtPrint(%q) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}
