package cellsplit

import (
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
