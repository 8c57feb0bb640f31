package course

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/testenv"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

// outcome says how a check cell came out in a run: "fails: not yet: ...",
// "passes: ok: ...", or what else happened.
func outcome(outs []*ipynb.Output) (string, bool, bool) {
	var stdout strings.Builder
	for _, o := range outs {
		switch {
		case o.Type == "error":
			return "fails: " + oneline.Of(o.Evalue), strings.HasPrefix(o.Evalue, "not yet: "), false
		case o.Type == "stream" && o.Name == "stdout":
			stdout.WriteString(o.Text)
		}
	}
	out := oneline.Of(stdout.String())
	return "passes: " + out, false, strings.HasPrefix(out, "ok: ")
}

// judge checks one exercise's check cell in a run of the starter and in a
// run of the solution, and logs both verdicts.
func judge(t *testing.T, where, id string, starter, solution []*ipynb.Output) {
	t.Helper()
	sv, failed, _ := outcome(starter)
	pv, _, passed := outcome(solution)
	t.Logf("%s %s: starter %s | solution %s", where, id, sv, pv)
	if !failed {
		t.Errorf("%s %s: on the starter the check should fail with its sentence (not yet: ...); it %s", where, id, sv)
	}
	if !passed {
		t.Errorf("%s %s: on the solution the check should pass (ok: ...); it %s", where, id, pv)
	}
}

// TestExercisesOnNbcheck runs every lesson's source and learner's notebook
// on nbcheck's engine: each exercise's check fails on the starter with its
// sentence and passes on the solution.
func TestExercisesOnNbcheck(t *testing.T) {
	testenv.NeedKernel(t)
	lessons, err := Lessons(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		t.Run(l.Name, func(t *testing.T) {
			src, err := ReadLesson(l)
			if err != nil {
				t.Fatal(err)
			}
			released, err := Release(src)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			solution := check.Run(ctx, l.Source, check.Options{})
			starter := check.Run(ctx, l.Notebook, check.Options{})
			for _, r := range []verdict.Result{solution, starter} {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
			}
			// The learner's notebook has a solution cell after each
			// check: find each check by its grade_id.
			at := map[string]int{}
			for i, c := range released.Cells {
				if g, ok := GradingOf(c); ok && g.Grade {
					at[g.ID] = i + 1
				}
			}
			exercises, _ := Exercises(src)
			for _, e := range exercises {
				judge(t, "nbcheck", e.ID, cellOutputs(starter, at[e.ID+"-check"]), cellOutputs(solution, e.Check+1))
			}
		})
	}
}

// cellOutputs returns what the run gave the cell at a 1-based index.
func cellOutputs(r verdict.Result, index int) []*ipynb.Output {
	for _, c := range r.Cells {
		if c.Index == index {
			return c.Outputs
		}
	}
	return nil
}

// TestExercisesWithNbgrader grades the lessons with nbgrader (from
// requirements.txt) on the gophernotes kernel, in a scratch course folder
// made by Setup: generate_assignment releases every lesson; the instructor's
// versions (the sources) and the released starters are submitted by two
// students; autograde runs them on the kernel. The instructor gets every
// point, the starter none; each exercise's check fails on the starter with
// its sentence and passes on the solution; and the instructor's run agrees
// with the outputs stored in the sources, by nbcheck's comparer.
func TestExercisesWithNbgrader(t *testing.T) {
	testenv.NeedKernel(t)
	nbgrader, err := exec.LookPath("nbgrader")
	if err != nil {
		t.Fatal("nbgrader not found on PATH: run tools/setup.sh and put .venv/bin on PATH")
	}
	lessons, err := Lessons(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	course, err := Setup(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, nbgrader, args...)
		cmd.Dir = course
		cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("nbgrader %s: %v\n%s", strings.Join(args, " "), err, lastLines(string(out), 30))
		}
	}
	students := map[string]string{"instructor": "source", "starter": "release"}
	// Every lesson at once, as an instructor releases and grades a whole
	// course: nbgrader reads the assignment "*" as every folder of source/
	// (and of submitted/<student>/), in one process instead of one a lesson.
	run("generate_assignment", "*")
	for _, l := range lessons {
		for student, from := range students {
			dst := filepath.Join(course, "submitted", student, l.Name, l.Name+".ipynb")
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := fsutil.CopyFile(filepath.Join(course, from, l.Name, l.Name+".ipynb"), dst, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	start := time.Now()
	run("autograde", "*")
	t.Logf("nbgrader autograded %d lessons for two students in %.0fs", len(lessons), time.Since(start).Seconds())
	run("export", "--to", filepath.Join(dir, "grades.csv"))
	scores := readScores(t, filepath.Join(dir, "grades.csv"))

	for _, l := range lessons {
		t.Run(l.Name, func(t *testing.T) {
			src, err := ReadLesson(l)
			if err != nil {
				t.Fatal(err)
			}
			exercises, _ := Exercises(src)
			graded := map[string]*ipynb.Notebook{}
			for student := range students {
				nb, err := ipynb.ReadFile(filepath.Join(course, "autograded", student, l.Name, l.Name+".ipynb"))
				if err != nil {
					t.Fatal(err)
				}
				graded[student] = nb
			}
			for _, e := range exercises {
				judge(t, "nbgrader", e.ID, checkOutputs(graded["starter"], e.ID), checkOutputs(graded["instructor"], e.ID))
			}
			full := fmt.Sprint(float64(len(exercises)))
			ins, sta := scores[l.Name+" instructor"], scores[l.Name+" starter"]
			t.Logf("nbgrader autograde %s: instructor %s, starter %s", l.Name, ins, sta)
			if ins != full+"/"+full || sta != "0/"+full {
				t.Errorf("%s: autograde gave the instructor %s and the starter %s; want %s/%s and 0/%s", l.Name, ins, sta, full, full, full)
			}
			stored, err := input.Load(l.Source)
			if err != nil {
				t.Fatal(err)
			}
			r := verdict.Notebooks(l.Source, stored.Notebook, graded["instructor"], stored.Markers, compare.Default())
			var buf bytes.Buffer
			if _, failed := report.Text(&buf, []verdict.Result{r}); failed > 0 || r.Err != nil {
				t.Errorf("the source's run under nbgrader differs from its stored outputs (run go run ./tools/course store %s):\n%s", l.Name, buf.String())
			}
		})
	}
}

// checkOutputs returns the outputs of the check cell of the exercise id.
func checkOutputs(nb *ipynb.Notebook, id string) []*ipynb.Output {
	for _, c := range nb.Cells {
		if g, ok := GradingOf(c); ok && g.ID == id+"-check" {
			return c.Outputs
		}
	}
	return nil
}

// readScores reads nbgrader's exported grades as "lesson student" to
// "score/max".
func readScores(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v, %d rows", path, err, len(rows))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	scores := map[string]string{}
	for _, r := range rows[1:] {
		scores[r[col["assignment"]]+" "+r[col["student_id"]]] = strings.TrimSuffix(r[col["score"]], ".0") + "/" + strings.TrimSuffix(r[col["max_score"]], ".0")
	}
	return scores
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}
