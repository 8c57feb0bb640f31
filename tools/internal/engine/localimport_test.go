package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLocalImport maps filesystem import paths as gomacro does: from the
// current folder, through symbolic links, to the nearest go.mod above.
func TestLocalImport(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"mod/pkg/x", "mod/course/source/lesson", "plain/y"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "mod", "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "mod", "pkg"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "mod", "course", "source", "lesson"))
	for _, c := range []struct{ path, want string }{
		{"../../../pkg/x", "example.com/m/pkg/x"},
		{"./", "example.com/m/course/source/lesson"},
		{"../../../../link/x", "example.com/m/pkg/x"}, // through the link, to the module
		{filepath.Join(root, "mod", "pkg", "x"), "example.com/m/pkg/x"},
		{"../../../../plain/y", "../../../../plain/y"}, // no go.mod above it
		{"../../../nowhere", "../../../nowhere"},       // no such folder
		{"fmt", "fmt"},
		{"example.com/m/pkg/x", "example.com/m/pkg/x"},
	} {
		if got := localImport(c.path); got != c.want {
			t.Errorf("localImport(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}

// TestHelperFromAnyDepth imports the helper from a notebook folder deeper
// than notebooks/, through a link, as the course sources and nbgrader's
// folders do.
func TestHelperFromAnyDepth(t *testing.T) {
	pkg, err := filepath.Abs("../../../pkg")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	dir := filepath.Join(root, "course", "autograded", "student", "lesson")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(pkg, filepath.Join(root, "pkg")); err != nil {
		t.Fatal(err)
	}
	runs, err := Run(context.Background(), []string{
		`import "../../../../pkg/threading"`,
		`threading.Sleeper("deep", 0)`,
	}, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		if r.Err != nil {
			t.Fatalf("cell %d: %v", i+1, r.Err)
		}
	}
	if got := show(runs[1].Outputs); !strings.Contains(got, "deep: woke up") {
		t.Errorf("the helper's Sleeper printed %q", got)
	}
}
