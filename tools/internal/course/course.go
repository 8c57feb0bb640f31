// Package course turns the instructor's sources of the lessons into the
// notebooks learners open, in the format of nbgrader, the grading tool
// teachers use with Jupyter.
//
// A source, tools/course/source/<lesson>/<lesson>.ipynb, holds the lesson
// with its exercises solved. An exercise is an answer cell (nbgrader
// metadata solution: true) whose solution sits between a line holding
// "BEGIN SOLUTION" and one holding "END SOLUTION", and a check cell (grade:
// true, locked: true, points) whose grade_id is the answer's followed by
// "-check". Release makes the learner's notebook from it, as nbgrader's
// generate_assignment would with the code stub "// YOUR CODE HERE", and
// more:
//
//   - each solution region becomes the stub, indented as the BEGIN line;
//   - each check cell is tagged raises-exception, so that its failure
//     (the starter does not pass it) does not stop Run All;
//   - answer cells cannot be deleted, and locked cells (the checks, the
//     helper's import) neither deleted nor edited, as nbgrader locks them;
//   - after each check comes a collapsed Markdown cell, <details> with the
//     solution's code, where a stuck learner finds it: in place, never run;
//   - the helper's import path is made relative to notebooks/;
//   - outputs and execution counts are cleared: they come from a run on
//     the kernel (see Store).
//
// nbgrader's metadata and grade_ids stay, so that a learner's notebook can
// be graded by nbgrader against the source.
package course

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// The code stub that replaces a solution (nbgrader_config.py says the same
// for nbgrader), and the lines that delimit a solution.
const (
	CodeStub      = "// YOUR CODE HERE"
	BeginSolution = "BEGIN SOLUTION"
	EndSolution   = "END SOLUTION"
)

// How the helper packages are imported: from a source, four folders deep
// (tools/course/source/<lesson>/), and from a learner's notebook in
// notebooks/.
const (
	SourceHelper  = "../../../../pkg/"
	LearnerHelper = "../pkg/"
)

// Folders of the repository, from its root.
const (
	SourceDir   = "tools/course/source"
	NotebookDir = "notebooks"
)

// A Lesson is a source and the learner's notebook made from it.
type Lesson struct {
	Name     string // 01-goroutines
	Source   string // tools/course/source/01-goroutines/01-goroutines.ipynb
	Notebook string // notebooks/01-goroutines.ipynb
}

// Lessons returns the lessons that have a source under the repository root
// root, in order of name; with names, only those.
func Lessons(root string, names ...string) ([]Lesson, error) {
	paths, err := filepath.Glob(filepath.Join(root, SourceDir, "*", "*.ipynb"))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[strings.TrimSuffix(filepath.Base(n), ".ipynb")] = true
	}
	var lessons []Lesson
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".ipynb")
		if filepath.Base(filepath.Dir(p)) != name || len(want) > 0 && !want[name] {
			continue
		}
		delete(want, name)
		lessons = append(lessons, Lesson{name, p, filepath.Join(root, NotebookDir, name+".ipynb")})
	}
	if len(want) > 0 {
		var missing []string
		for n := range want {
			missing = append(missing, n)
		}
		sort.Strings(missing)
		return nil, fmt.Errorf("no source for %s in %s", strings.Join(missing, ", "), SourceDir)
	}
	sort.Slice(lessons, func(i, j int) bool { return lessons[i].Name < lessons[j].Name })
	return lessons, nil
}

// Grading is a cell's nbgrader metadata.
type Grading struct {
	ID       string
	Solution bool // an answer cell
	Grade    bool // a check cell
	Locked   bool
	Points   float64
}

// GradingOf returns the cell's nbgrader metadata, if it has any.
func GradingOf(c *ipynb.Cell) (Grading, bool) {
	m, ok := c.Metadata["nbgrader"].(map[string]any)
	if !ok {
		return Grading{}, false
	}
	g := Grading{}
	g.ID, _ = m["grade_id"].(string)
	g.Solution, _ = m["solution"].(bool)
	g.Grade, _ = m["grade"].(bool)
	g.Locked, _ = m["locked"].(bool)
	switch p := m["points"].(type) {
	case float64:
		g.Points = p
	case json.Number:
		g.Points, _ = p.Float64()
	}
	return g, true
}

// An Exercise is an answer cell and its check, by index in the notebook's
// cells.
type Exercise struct {
	ID     string // the answer's grade_id
	Answer int
	Check  int
}

// Exercises returns a source's exercises in order, or an error naming
// every cell that breaks the format: an answer without a check after it, a
// check without an answer, a solution cell without a whole solution
// region, a check that is not locked or gives no points.
func Exercises(nb *ipynb.Notebook) ([]Exercise, error) {
	answers := map[string]int{}
	var exercises []Exercise
	var problems []string
	for i, c := range nb.Cells {
		g, ok := GradingOf(c)
		if !ok {
			continue
		}
		cell := fmt.Sprintf("cell %d (%s)", i+1, g.ID)
		switch {
		case g.ID == "":
			problems = append(problems, fmt.Sprintf("cell %d: nbgrader metadata without a grade_id", i+1))
		case g.Solution && g.Grade:
			problems = append(problems, cell+": both an answer and a check; an exercise keeps them apart")
		case g.Solution:
			if _, err := replaceSolution(c.Source, CodeStub); err != nil {
				problems = append(problems, cell+": "+err.Error())
			}
			answers[g.ID] = i
		case g.Grade:
			id, ok := strings.CutSuffix(g.ID, "-check")
			a, found := answers[id]
			switch {
			case !ok:
				problems = append(problems, cell+": a check's grade_id ends in -check")
			case !found:
				problems = append(problems, cell+": no answer cell "+id+" before it")
			case !g.Locked || g.Points <= 0:
				problems = append(problems, cell+": a check is locked and gives points")
			default:
				exercises = append(exercises, Exercise{id, a, i})
				delete(answers, id)
			}
		}
	}
	for id, i := range answers {
		problems = append(problems, fmt.Sprintf("cell %d (%s): no check cell %s-check after it", i+1, id, id))
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return exercises, nil
}

// replaceSolution replaces each solution region of src with stub, indented
// as the line that begins it, as nbgrader's ClearSolutions does. It fails on
// a cell with no region, a region not ended, or one inside another.
func replaceSolution(src, stub string) (string, error) {
	var out []string
	in, found := false, false
	for _, line := range strings.Split(src, "\n") {
		switch {
		case strings.Contains(line, BeginSolution):
			if in {
				return "", fmt.Errorf("a %q inside a solution region", BeginSolution)
			}
			in, found = true, true
			indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
			for _, s := range strings.Split(stub, "\n") {
				out = append(out, indent+s)
			}
		case strings.Contains(line, EndSolution):
			if !in {
				return "", fmt.Errorf("an %q without a %q before it", EndSolution, BeginSolution)
			}
			in = false
		case !in:
			out = append(out, line)
		}
	}
	switch {
	case in:
		return "", fmt.Errorf("a solution region without its %q line", EndSolution)
	case !found:
		return "", fmt.Errorf("an answer cell without a %q ... %q region", BeginSolution, EndSolution)
	}
	return strings.Join(out, "\n"), nil
}

// solutionCode returns the answer cell's source without its delimiter
// lines: the solution as a learner would paste it.
func solutionCode(src string) string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if !strings.Contains(line, BeginSolution) && !strings.Contains(line, EndSolution) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// RaisesException is the tag of a cell that is to end in an error.
const RaisesException = "raises-exception"

// Release returns the learner's notebook made from a source (see the
// package doc). The source is not changed.
func Release(src *ipynb.Notebook) (*ipynb.Notebook, error) {
	exercises, err := Exercises(src)
	if err != nil {
		return nil, err
	}
	after := map[int]Exercise{} // by check cell
	for _, e := range exercises {
		after[e.Check] = e
	}
	nb := &ipynb.Notebook{
		Metadata:      src.Metadata,
		Nbformat:      src.Nbformat,
		NbformatMinor: src.NbformatMinor,
	}
	for i, c := range src.Cells {
		cell := *c
		cell.Metadata = clone(c.Metadata)
		if c.Type == "code" {
			cell.Outputs, cell.ExecutionCount = nil, nil
			delete(cell.Metadata, "execution")
			cell.Source = strings.ReplaceAll(cell.Source, `"`+SourceHelper, `"`+LearnerHelper)
		}
		g, _ := GradingOf(c)
		if g.Solution {
			if cell.Source, err = replaceSolution(cell.Source, CodeStub); err != nil {
				return nil, fmt.Errorf("cell %d: %w", i+1, err)
			}
		}
		if g.Grade {
			cell.Metadata["tags"] = addTag(c.Tags(), RaisesException)
		}
		// Locked as nbgrader's LockCells locks them: JupyterLab lets no one
		// delete an answer or a check, nor edit a check or another locked
		// cell (the helper's import).
		if g.Solution || g.Locked {
			cell.Metadata["deletable"] = false
		}
		if g.Locked {
			cell.Metadata["editable"] = false
		}
		nb.Cells = append(nb.Cells, &cell)
		if e, ok := after[i]; ok {
			nb.Cells = append(nb.Cells, solutionCell(e.ID, src.Cells[e.Answer].Source))
		}
	}
	return nb, nil
}

// solutionCell is the collapsed Markdown cell that shows a solution.
func solutionCell(id, answer string) *ipynb.Cell {
	code := strings.ReplaceAll(solutionCode(answer), `"`+SourceHelper, `"`+LearnerHelper)
	return &ipynb.Cell{
		Type:     "markdown",
		ID:       id + "-solution",
		Metadata: map[string]any{},
		Source: "<details><summary>Solution (click to open; paste it into the answer cell, run it, then run the check)</summary>\n\n" +
			"```go\n" + strings.TrimSpace(code) + "\n```\n\n</details>",
	}
}

func addTag(tags []string, tag string) []any {
	out := []any{}
	for _, t := range tags {
		if t == tag {
			return toAny(tags)
		}
	}
	for _, t := range tags {
		out = append(out, t)
	}
	return append(out, tag)
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// clone copies a cell's metadata one level deep (nbgrader's map too), so
// that a released cell never shares a map with its source.
func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if inner, ok := v.(map[string]any); ok {
			v = clone(inner)
		}
		out[k] = v
	}
	return out
}

// Stale compares a learner's notebook with what Release makes of its
// source now, ignoring what a run on the kernel fills in (outputs,
// execution counts, nbconvert's timing metadata), and describes each
// difference; none means the notebook is up to date.
func Stale(released, stored *ipynb.Notebook) []string {
	a, b := comparable(released), comparable(stored)
	var diffs []string
	if len(a) != len(b) {
		diffs = append(diffs, fmt.Sprintf("%d cells, the source makes %d", len(b), len(a)))
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			diffs = append(diffs, fmt.Sprintf("cell %d differs from what the source makes:\n%s\nwant:\n%s", i+1, b[i], a[i]))
		}
	}
	if fmt.Sprint(released.Metadata) != fmt.Sprint(stored.Metadata) {
		diffs = append(diffs, "the notebook's metadata differs from the source's")
	}
	return diffs
}

func comparable(nb *ipynb.Notebook) []string {
	var out []string
	for _, c := range nb.Cells {
		m := clone(c.Metadata)
		delete(m, "execution")
		out = append(out, fmt.Sprintf("%s %s %v\n%s", c.Type, c.ID, m, c.Source))
	}
	return out
}

// ReadLesson reads a lesson's source and checks its exercises.
func ReadLesson(l Lesson) (*ipynb.Notebook, error) {
	nb, err := ipynb.ReadFile(l.Source)
	if err != nil {
		return nil, err
	}
	if _, err := Exercises(nb); err != nil {
		return nil, fmt.Errorf("%s: %w", l.Source, err)
	}
	return nb, nil
}
