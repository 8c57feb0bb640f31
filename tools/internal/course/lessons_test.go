package course

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
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

// TestStoredRuns: every source's code cells hold outputs of a
// run, with no error anywhere (its checks pass), and every learner's
// notebook holds the failures of its checks, each with its sentence.
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
				if c.Type == "code" && c.ExecutionCount == nil {
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
