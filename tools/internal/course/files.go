package course

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// WriteRelease writes the learner's notebook of a lesson from its source
// when its cells differ from what the source makes (or it does not exist),
// atomically, with no outputs; it reports whether it wrote.
func WriteRelease(l Lesson) (bool, error) {
	src, err := ReadLesson(l)
	if err != nil {
		return false, err
	}
	nb, err := Release(src)
	if err != nil {
		return false, fmt.Errorf("%s: %w", l.Source, err)
	}
	if old, err := ipynb.ReadFile(l.Notebook); err == nil && len(Stale(nb, old)) == 0 {
		return false, nil
	}
	return true, nb.WriteFile(l.Notebook)
}

// Setup makes a course folder for nbgrader at dir/course: the
// nbgrader_config.py and the sources of tools/course under the repository
// root root, and dir/pkg, a link to the repository's pkg. nbgrader runs a
// submission in course/autograded/<student>/<lesson>/, one folder deeper
// than the sources; from there the sources' import of the helper
// (../../../../pkg/threading) reaches dir/pkg. It returns the course
// folder's path.
func Setup(root, dir string) (string, error) {
	course := filepath.Join(dir, "course")
	if _, err := os.Stat(course); err == nil {
		return "", fmt.Errorf("%s exists already", course)
	}
	if err := os.MkdirAll(course, 0o755); err != nil {
		return "", err
	}
	from := filepath.Join(root, "tools", "course")
	if err := fsutil.CopyFile(filepath.Join(from, "nbgrader_config.py"), filepath.Join(course, "nbgrader_config.py"), 0o644); err != nil {
		return "", err
	}
	if err := fsutil.CopyTree(filepath.Join(from, "source"), filepath.Join(course, "source")); err != nil {
		return "", err
	}
	pkg, err := filepath.Abs(filepath.Join(root, "pkg"))
	if err != nil {
		return "", err
	}
	if err := os.Symlink(pkg, filepath.Join(dir, "pkg")); err != nil {
		return "", err
	}
	return course, nil
}
