package course

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// root is the repository's root, from this package's folder.
const root = "../../.."

// TestNotebooksAreReleased fails when a learner's notebook is not what its
// source makes now (outputs aside): run go run ./tools/course release.
func TestNotebooksAreReleased(t *testing.T) {
	lessons, err := Lessons(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(lessons) == 0 {
		t.Fatal("no sources in " + SourceDir)
	}
	for _, l := range lessons {
		t.Run(l.Name, func(t *testing.T) {
			src, err := ReadLesson(l)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Release(src)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := ipynb.ReadFile(l.Notebook)
			if err != nil {
				t.Fatalf("%v (run go run ./tools/course release %s)", err, l.Name)
			}
			for _, d := range Stale(want, stored) {
				t.Errorf("%s is out of date (run go run ./tools/course release %s): %s", filepath.ToSlash(l.Notebook), l.Name, d)
			}
		})
	}
}

// TestStoredRuns: every source's code cells hold outputs of a run, with no
// error anywhere (its checks pass); every learner's notebook holds a run of
// each code cell but its checks, which are stored as never run (they failed
// on the starter with their sentence when stored: Store; and do so in
// TestExercises).
func TestStoredRuns(t *testing.T) {
	lessons, err := Lessons(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		for _, path := range []string{l.Source, l.Notebook} {
			nb, err := ipynb.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range RunProblems(nb) {
				t.Errorf("%s: %s (run go run ./tools/course store %s)", path, p, l.Name)
			}
			for i, c := range nb.Cells {
				if c.Type != "code" {
					continue
				}
				g, _ := GradingOf(c)
				switch unrun := verdict.StoredAs(c) == verdict.Unrun; {
				case path == l.Notebook && g.Grade && !unrun:
					t.Errorf("%s: check cell %d (%s) is stored with a run; a learner's checks are stored as never run (run go run ./tools/course store %s)", path, i+1, g.ID, l.Name)
				case (path == l.Source || !g.Grade) && c.ExecutionCount == nil:
					t.Errorf("%s: cell %d was not run on the kernel (run go run ./tools/course store %s)", path, i+1, l.Name)
				}
			}
		}
	}
}

func TestSetup(t *testing.T) {
	dir := t.TempDir()
	course, err := Setup(root, dir)
	if err != nil {
		t.Fatal(err)
	}
	lessons, err := Lessons(root)
	if err != nil || len(lessons) == 0 {
		t.Fatal(lessons, err)
	}
	for _, p := range []string{"nbgrader_config.py", filepath.Join("source", lessons[0].Name, lessons[0].Name+".ipynb")} {
		if _, err := os.Stat(filepath.Join(course, p)); err != nil {
			t.Error(err)
		}
	}
	// From nbgrader's autograded/<student>/<lesson>/, the sources' import
	// reaches the helper (a path joined as the kernel resolves it, not
	// cleaned by filepath.Join).
	graded := filepath.Join(course, "autograded", "student", "lesson")
	if _, err := os.Stat(graded + "/" + SourceHelper + "threading/doc.go"); err == nil {
		t.Fatal("the folder exists before nbgrader made it")
	}
	if err := os.MkdirAll(graded, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(graded + "/" + SourceHelper + "threading/doc.go"); err != nil {
		t.Errorf("the helper is not found from autograded/<student>/<lesson>: %v", err)
	}
	if _, err := Setup(root, dir); err == nil {
		t.Error("Setup made a course folder over an existing one")
	}
}

// Lessons given names selects those and no others, whatever their order
// among the sources, and names a lesson that has no source.
func TestLessonsSelects(t *testing.T) {
	all, err := Lessons(root)
	if err != nil || len(all) < 2 {
		t.Fatalf("Lessons: %v, %v", all, err)
	}
	first, last := all[0].Name, all[len(all)-1].Name
	for _, names := range [][]string{{first}, {last, first}, {first + ".ipynb"}} {
		got, err := Lessons(root, names...)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(names) {
			t.Errorf("Lessons(%q) = %d lessons, want %d: %v", names, len(got), len(names), got)
		}
	}
	if _, err := Lessons(root, first, "99-no-such-lesson"); err == nil || !strings.Contains(err.Error(), "99-no-such-lesson") {
		t.Errorf("Lessons with a name that has no source: %v", err)
	}
}
