package course

import (
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func TestReplaceSolution(t *testing.T) {
	for _, c := range []struct{ name, src, want, err string }{
		{"region", "func f() int {\n\tx := 0\n\t// BEGIN SOLUTION\n\tx = 1\n\t// END SOLUTION\n\treturn x\n}",
			"func f() int {\n\tx := 0\n\t// YOUR CODE HERE\n\treturn x\n}", ""},
		{"indented deeper", "for {\n\t\t// BEGIN SOLUTION\n\t\tbreak\n\t\t// END SOLUTION\n}", "for {\n\t\t// YOUR CODE HERE\n}", ""},
		{"two regions", "a\n// BEGIN SOLUTION\nb\n// END SOLUTION\nc\n// BEGIN SOLUTION\nd\n// END SOLUTION",
			"a\n// YOUR CODE HERE\nc\n// YOUR CODE HERE", ""},
		{"no region", "x := 1", "", "without a"},
		{"not ended", "// BEGIN SOLUTION\nx", "", "without its"},
		{"nested", "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "", "inside a solution region"},
		{"end first", "// END SOLUTION", "", "without a"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := replaceSolution(c.src, CodeStub)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("got %q, %v\nwant %q", got, err, c.want)
			}
		})
	}
}

func grading(kind, id string) map[string]any {
	m := map[string]any{"grade_id": id, "schema_version": 3.0, "grade": false, "solution": false, "locked": false}
	switch kind {
	case "answer":
		m["solution"] = true
	case "check":
		m["grade"], m["locked"], m["points"] = true, true, 1.0
	case "locked":
		m["locked"] = true
	}
	return map[string]any{"nbgrader": m}
}

func cell(typ, id, src string, meta map[string]any) *ipynb.Cell {
	if meta == nil {
		meta = map[string]any{}
	}
	n := 3
	c := &ipynb.Cell{Type: typ, ID: id, Source: src, Metadata: meta}
	if typ == "code" {
		c.ExecutionCount = &n
		c.Outputs = []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "ran\n"}}
		c.Metadata["execution"] = map[string]any{"iopub.status.idle": "2026-01-01T00:00:00Z"}
	}
	return c
}

func source() *ipynb.Notebook {
	return &ipynb.Notebook{
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "gophernotes", "language": "go"}},
		Nbformat: 4, NbformatMinor: 5,
		Cells: []*ipynb.Cell{
			cell("markdown", "intro", "# Lesson", nil),
			cell("code", "imp", "import \"../../../../pkg/threading\"", grading("locked", "l-helper")),
			cell("code", "ans", "func f() int {\n\t// BEGIN SOLUTION\n\treturn 1\n\t// END SOLUTION\n\treturn 0\n}", grading("answer", "l-f")),
			cell("code", "chk", "if f() != 1 {\n\tthreading.NotYet(\"f() is %d\", f())\n}", grading("check", "l-f-check")),
			cell("markdown", "end", "The end.", nil),
		},
	}
}

func TestRelease(t *testing.T) {
	src := source()
	nb, err := Release(src)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range nb.Cells {
		ids = append(ids, c.ID)
		if c.Type == "code" && (len(c.Outputs) > 0 || c.ExecutionCount != nil || c.Metadata["execution"] != nil) {
			t.Errorf("cell %s keeps what a run gave", c.ID)
		}
	}
	if got, want := strings.Join(ids, " "), "intro imp ans chk l-f-solution end"; got != want {
		t.Fatalf("cells %s, want %s", got, want)
	}
	imp, ans, chk, sol := nb.Cells[1], nb.Cells[2], nb.Cells[3], nb.Cells[4]
	if imp.Source != `import "../pkg/threading"` || imp.Metadata["editable"] != false {
		t.Errorf("import cell: %q %v", imp.Source, imp.Metadata)
	}
	if want := "func f() int {\n\t// YOUR CODE HERE\n\treturn 0\n}"; ans.Source != want || ans.Metadata["deletable"] != false || ans.Metadata["editable"] != nil {
		t.Errorf("answer cell: %q %v", ans.Source, ans.Metadata)
	}
	if tags := chk.Tags(); len(tags) != 1 || tags[0] != RaisesException || chk.Metadata["editable"] != false {
		t.Errorf("check cell: %v", chk.Metadata)
	}
	if g, _ := GradingOf(chk); g.ID != "l-f-check" || !g.Grade || g.Points != 1 {
		t.Errorf("check cell's grading: %+v", g)
	}
	if !strings.Contains(sol.Source, "<details><summary>Solution") || !strings.Contains(sol.Source, "```go\nfunc f() int {\n\treturn 1\n\treturn 0\n}\n```") {
		t.Errorf("solution cell:\n%s", sol.Source)
	}
	// The source is left as it was.
	if src.Cells[2].Outputs == nil || src.Cells[3].Metadata["tags"] != nil || !strings.Contains(src.Cells[1].Source, "../../../../") {
		t.Error("Release changed its source")
	}
	if d := Stale(nb, nb); len(d) != 0 {
		t.Errorf("a notebook differs from itself: %v", d)
	}
	// A run fills outputs in: not a difference.
	run, _ := Release(src)
	n := 1
	run.Cells[3].Outputs = []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "not yet: f() is 0"}}
	run.Cells[3].ExecutionCount = &n
	run.Cells[3].Metadata["execution"] = map[string]any{"x": "y"}
	if d := Stale(nb, run); len(d) != 0 {
		t.Errorf("outputs count as a difference: %v", d)
	}
	run.Cells[2].Source = "func f() int { return 1 }"
	if d := Stale(nb, run); len(d) != 1 || !strings.Contains(d[0], "cell 3") {
		t.Errorf("an answer edited in the notebook: %v", d)
	}
}

func TestExercisesFormat(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(nb *ipynb.Notebook)
		want string
	}{
		{"good", func(*ipynb.Notebook) {}, ""},
		{"no check", func(nb *ipynb.Notebook) { nb.Cells = nb.Cells[:3] }, "no check cell l-f-check"},
		{"check first", func(nb *ipynb.Notebook) { nb.Cells[2], nb.Cells[3] = nb.Cells[3], nb.Cells[2] }, "no answer cell l-f before it"},
		{"check not locked", func(nb *ipynb.Notebook) { nb.Cells[3].Metadata["nbgrader"].(map[string]any)["locked"] = false }, "locked and gives points"},
		{"check named otherwise", func(nb *ipynb.Notebook) { nb.Cells[3].Metadata["nbgrader"].(map[string]any)["grade_id"] = "l-f-test" }, "ends in -check"},
		{"answer without region", func(nb *ipynb.Notebook) { nb.Cells[2].Source = "func f() int { return 1 }" }, "without a \"BEGIN SOLUTION\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			nb := source()
			c.edit(nb)
			ex, err := Exercises(nb)
			switch {
			case c.want == "" && (err != nil || len(ex) != 1 || ex[0] != Exercise{"l-f", 2, 3}):
				t.Errorf("got %v, %v", ex, err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("err = %v, want one saying %q", err, c.want)
			}
		})
	}
}

// ran gives every code cell of nb an execution count, as a run does.
func ran(nb *ipynb.Notebook) *ipynb.Notebook {
	for i, c := range nb.Cells {
		if c.Type == "code" {
			n := i + 1
			c.ExecutionCount = &n
		}
	}
	return nb
}

func TestRunProblems(t *testing.T) {
	nb := ran(must(Release(source())))
	fail := []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "not yet: f() is 0"}}
	nb.Cells[3].Outputs = fail
	if p := RunProblems(nb); len(p) != 0 {
		t.Errorf("a starter's check failing with its sentence: %v", p)
	}
	nb.Cells[3].Outputs = []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "undefined: f"}}
	if p := RunProblems(nb); len(p) != 1 || !strings.Contains(p[0], "without a verdict") {
		t.Errorf("a check failing otherwise: %v", p)
	}
	nb.Cells[3].Outputs = nil
	if p := RunProblems(nb); len(p) != 1 || !strings.Contains(p[0], "raised no error") {
		t.Errorf("a starter's check passing: %v", p)
	}
	nb.Cells[2].Outputs = fail
	nb.Cells[3].Outputs = fail
	if p := RunProblems(nb); len(p) != 1 || !strings.Contains(p[0], "cell 3 raised an error") {
		t.Errorf("an untagged cell failing: %v", p)
	}
}

func must(nb *ipynb.Notebook, err error) *ipynb.Notebook {
	if err != nil {
		panic(err)
	}
	return nb
}

// A learner's checks, which failed when stored, are stored as never run;
// any other cell keeps its run.
func TestUnrunFailedChecks(t *testing.T) {
	nb := ran(must(Release(source())))
	nb.Cells[2].Outputs = []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "answered\n"}}
	nb.Cells[3].Outputs = []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "not yet: f() is 0"}}
	nb.Cells[3].Metadata["execution"] = map[string]any{"iopub.status.idle": "2026-12-04T10:00:00Z"}
	unrunFailedChecks(nb)
	if c := nb.Cells[3]; c.Outputs != nil || c.ExecutionCount != nil || c.Metadata["execution"] != nil {
		t.Errorf("the failed check keeps its run: %+v", c)
	}
	if c := nb.Cells[2]; len(c.Outputs) != 1 || c.ExecutionCount == nil {
		t.Errorf("the answer cell lost its run: %+v", c)
	}
	if p := RunProblems(nb); len(p) != 0 {
		t.Errorf("a check stored as never run: %v", p)
	}
	// A check that passed (the instructor's source) keeps its run.
	src := ran(source())
	src.Cells[3].Outputs = []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "ok: f works\n"}}
	unrunFailedChecks(src)
	if c := src.Cells[3]; len(c.Outputs) != 1 || c.ExecutionCount == nil {
		t.Errorf("a passing check lost its run: %+v", c)
	}
}
