package lint

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// worldNotebook makes a notebook of code cells, each a source and its
// stored outputs (nbformat JSON), with the Go version of language_info.
func worldNotebook(t *testing.T, goVersion string, cells ...[2]string) *input.Notebook {
	t.Helper()
	var cs []string
	for _, c := range cells {
		src, _ := json.Marshal(c[0])
		outs := c[1]
		if outs == "" {
			outs = "[]"
		}
		cs = append(cs, `{"cell_type": "code", "metadata": {}, "execution_count": 1, "source": `+string(src)+`, "outputs": `+outs+`}`)
	}
	nb, err := ipynb.Parse([]byte(`{"nbformat": 4, "nbformat_minor": 2, "metadata": {"kernelspec": {"name": "gophernotes", "language": "go"}, "language_info": {"name": "go", "version": "` + goVersion + `"}}, "cells": [` + strings.Join(cs, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	in, err := input.From("world.ipynb", nb)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func stdout(text string) string {
	b, _ := json.Marshal(text)
	return `[{"output_type": "stream", "name": "stdout", "text": ` + string(b) + `}]`
}

func result(text string) string {
	b, _ := json.Marshal(text)
	return `[{"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": ` + string(b) + `}}]`
}

// elsewhereFindings returns the findings of elsewhere by cell, as "offline"
// or "stored" and the message.
func elsewhereFindings(nb *input.Notebook) map[int]string {
	got := map[int]string{}
	for _, f := range elsewhere(nb) {
		kind := "stored"
		if strings.HasPrefix(f.Message, OfflinePrefix) {
			kind = "offline"
		}
		got[f.Cell] = kind + ": " + f.Message
	}
	return got
}

func TestElsewhere(t *testing.T) {
	for _, tc := range []struct {
		name  string
		goVer string
		cells [][2]string
		want  map[int]string // cell -> a piece of its finding ("offline: ...", "stored: ...")
	}{
		{"a module that cannot be had, and what depends on it", "go1.18", [][2]string{
			{"import (\n\t\"fmt\"\n\t\"gonum.org/v1/plot\"\n)", ""},
			{"p := plot.New()", ""},
			{"fmt.Println(p)", stdout("x\n")},
			{"import \"fmt\"\nerr := 1\nfmt.Println(err)", stdout("1\n")}, // fmt imported again
			{"func f(p int) int { return p }", ""},                        // its own p
		}, map[int]string{
			1: `offline: cannot run offline: imports "gonum.org/v1/plot"`,
			2: "offline: cannot run offline: uses the package plot",
			3: "offline: cannot run offline: uses fmt, declared or imported in cell 1",
		}},
		{"the internet, not this machine", "go1.18", [][2]string{
			{"import \"net/http\"\nresp, err := http.Get(\"https://example.com/logo.png\")", ""},
			{"resp.Body.Close()", ""},
			{"import \"net/http\"\nr, _ := http.Get(\"http://127.0.0.1:8080/\")", ""},
		}, map[int]string{
			1: "offline: cannot run offline: fetches https://example.com/logo.png from the internet",
			2: "offline: cannot run offline: uses resp, declared or imported in cell 1",
		}},
		{"stored by other kernels and Go", "go1.18", [][2]string{
			{"x := \"world\"", result("\x1b[31m\"world\"\x1b[0m\n")},
			{"for i := 0; i < 2; i++ {\n\tfmt.Println(i)\n}", result("0\n1\n")},
			{"fmt.Println(\"hello, world\")", stdout("hello, world\n")[:len(stdout("hello, world\n"))-1] + `, {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/plain": "13 <nil>"}}]`},
			{"fmt.Println(m)", stdout("map[b:1 a:2]\n")},
			{"fmt.Println(n)", stdout("map[2:1 10:2 The North:3]\n")},
			{"fmt.Println(os.Environ())", stdout("[HOME=/root]\n")},
			{"close(jobs)", result("worker 1 done\n")},
		}, map[int]string{
			1: "stored: stored elsewhere: the stored results are in ANSI colour",
			2: "stored: stored elsewhere: a stored result holds what the cell printed",
			4: "stored: stored elsewhere: the stored output prints a map with its keys out of order (map[b:1 a:2])",
			6: "stored: stored elsewhere: the cell prints os.Environ",
			7: "stored: stored elsewhere: a stored result holds what the cell printed",
		}},
		{"struct tags ignored before Go 1.12", "go1.10.1", [][2]string{
			{"type T struct {\n\tA float64 `json:\"a\"`\n}", ""},
			{"var ts []T", ""},
			{"err := json.Unmarshal(data, &ts)", ""},
			{"fmt.Println(ts)", stdout("[{0}]\n")},
			{"fmt.Println(len(data))", stdout("10\n")},
		}, map[int]string{
			4: "stored: stored elsewhere: the cell uses ts, decoded from JSON in cell 3, and the notebook was stored by gophernotes on go1.10.1",
		}},
		{"struct tags honoured since", "go1.18", [][2]string{
			{"type T struct {\n\tA float64 `json:\"a\"`\n}", ""},
			{"var ts []T\nerr := json.Unmarshal(data, &ts)", ""},
			{"fmt.Println(ts)", stdout("[{1}]\n")},
		}, map[int]string{}},
		{"goroutines gophernotes of 2016 did not show", "", [][2]string{
			{"func worker(id int) {\n\tfor j := range jobs {\n\t\tfmt.Println(id, j)\n\t}\n}", ""},
			{"jobs := make(chan int, 9)", result("(\x1b[32mchan int\x1b[0m)\n")},
			{"go worker(1)", ""},
			{"jobs <- 1\nclose(jobs)", ""},
		}, map[int]string{
			2: "stored: stored elsewhere: the stored results are in ANSI colour",
			4: "stored: stored elsewhere: gophernotes of 2016 (on gore, its outputs in ANSI colour elsewhere in the notebook) kept nothing of what goroutines printed",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := elsewhereFindings(worldNotebook(t, tc.goVer, tc.cells...))
			for cell, want := range tc.want {
				if !strings.Contains(got[cell], want) {
					t.Errorf("cell %d: finding %q, want one with %q", cell, got[cell], want)
				}
			}
			for cell, f := range got {
				if _, ok := tc.want[cell]; !ok {
					t.Errorf("cell %d: unexpected finding %q", cell, f)
				}
			}
		})
	}
}

// %T and reflection on a cell type are named where the kernel and nbcheck
// print them differently (as checked on the kernel): a struct type with
// unexported fields (%T, %+v, %#v), a variable of an interface type a
// cell declares (%T); not where they agree (a struct type of exported
// fields prints as struct { A int } on both).
func TestCellTypeNames(t *testing.T) {
	nb := worldNotebook(t, "go1.18",
		[2]string{"import (\n\t\"fmt\"\n\t\"os\"\n\t\"reflect\"\n)\ntype T struct{ A int }\ntype P struct{ a int }\ntype I interface{ Get() int }\nx := T{1}\np := P{1}\nvar i I", ""},
		[2]string{"fmt.Printf(\"%T\\n\", p)", ""},
		[2]string{"fmt.Sprintf(\"%v %+v\", 1, &P{})", ""},
		[2]string{"fmt.Fprintf(os.Stdout, \"%#v\\n\", P{})", ""},
		[2]string{"fmt.Printf(\"%T\\n\", i)", ""},
		[2]string{"reflect.TypeOf(p).String()", ""},
		[2]string{"fmt.Printf(\"%T %v\\n\", x, p)", ""},
		[2]string{"reflect.TypeOf(x).Name()", ""},
		[2]string{"fmt.Printf(\"%T %+v\\n\", x, x)", ""},
	)
	flagged := map[int]string{}
	for _, f := range Notebook(nb) {
		flagged[f.Cell] = f.Message
	}
	for cell, want := range map[int]string{2: "fmt.Printf's %T of a P", 3: "%+ of a *P", 4: "fmt.Fprintf's %# of a P", 5: "%T of a value in a variable of the interface type I", 6: "reflect.TypeOf: %T of a P"} {
		if !strings.Contains(flagged[cell], want) {
			t.Errorf("cell %d: %q, want %q", cell, flagged[cell], want)
		}
	}
	for _, cell := range []int{1, 7, 8, 9} {
		if m, ok := flagged[cell]; ok {
			t.Errorf("cell %d flagged: %s", cell, m)
		}
	}
}
