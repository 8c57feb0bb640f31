package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// WriteFile replaces a file whole, keeping its mode; a new file gets 0644;
// a write that fails leaves the old file and no temporary file.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xml")
	if err := WriteFile(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("new file: mode %v, want 0644", st.Mode().Perm())
	}
	os.Chmod(path, 0o600)
	if err := WriteFile(path, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "second" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("rewritten file: mode %v, want 0600 kept", st.Mode().Perm())
	}
	// A folder in the way: the rename fails, and the temporary file goes.
	sub := filepath.Join(dir, "taken")
	os.MkdirAll(filepath.Join(sub, "x"), 0o755)
	err := WriteFile(sub, []byte("third"))
	if err == nil || !strings.Contains(err.Error(), "writing "+sub) {
		t.Errorf("err = %v, want one naming %s", err, sub)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("folder holds %d entries, want 2 (no temporary left)", len(ents))
	}
	// No folder: an error that errors.Is can read.
	if err := WriteFile(filepath.Join(dir, "none", "f"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: err = %v", err)
	}
}
