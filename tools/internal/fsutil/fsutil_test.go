package fsutil

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCopyTree(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	for name, content := range map[string]string{"a.txt": "a", "sub/b.txt": "b", "skipme/c.txt": "c"} {
		p := filepath.Join(src, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o444)
	}
	if err := CopyTree(src, dst, "skipme"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.txt": "a", "sub/b.txt": "b"} {
		got, err := os.ReadFile(filepath.Join(dst, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v", name, got, err)
		}
		if st, _ := os.Stat(filepath.Join(dst, name)); st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", name, st.Mode().Perm())
		}
	}
	if _, err := os.Stat(filepath.Join(dst, "skipme")); !os.IsNotExist(err) {
		t.Error("the skipped folder was copied")
	}
	// A single file, into a folder that does not exist yet.
	one := filepath.Join(t.TempDir(), "x", "y", "a.txt")
	if err := CopyTree(filepath.Join(src, "a.txt"), one); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(one)); len(ents) != 1 {
		t.Errorf("%d files next to the copy, want 1 (no temporary left)", len(ents))
	}
}
