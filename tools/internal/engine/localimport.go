package engine

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// localImport returns the import path gomacro gives a package imported by
// a filesystem path ("../../pkg/threading", "./x", "/abs/dir"): gomacro
// makes the path absolute from the kernel's folder (the notebook's),
// follows symbolic links, finds the go.mod in that folder or the nearest
// one above it, and imports the package under the module's path joined with
// the rest. So any relative path that reaches the helper's folder imports
// the helper, whatever the notebook's depth (the course sources of
// tools/course import it from deeper than notebooks/). A path that is not
// a filesystem path, or that leads to no module, is returned as it is.
func localImport(p string) string {
	if !strings.HasPrefix(p, "./") && !strings.HasPrefix(p, "../") && !strings.HasPrefix(p, "/") {
		return p
	}
	dir, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return p
	}
	var rest []string
	for d := dir; ; d = filepath.Dir(d) {
		if module := modulePath(filepath.Join(d, "go.mod")); module != "" {
			return strings.Join(append([]string{module}, rest...), "/")
		}
		if filepath.Dir(d) == d {
			return p
		}
		rest = append([]string{filepath.Base(d)}, rest...)
	}
}

// modulePath returns the module path a go.mod file declares, or "".
func modulePath(gomod string) string {
	f, err := os.Open(gomod)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(m), `"`)
		}
	}
	return ""
}
