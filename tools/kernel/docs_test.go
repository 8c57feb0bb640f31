package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The kernel's README lists every patch by name, with its reason: a new
// patch, or a renamed one, is documented where the kernel is.
func TestReadmeListsEveryPatch(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	patches, err := filepath.Glob("patches/*.patch")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("patches/gomacro/*.patch")
	if err != nil {
		t.Fatal(err)
	}
	patches = append(patches, more...)
	if len(patches) == 0 {
		t.Fatal("no patches found")
	}
	for _, p := range patches {
		// As the table names them: 0001-jsoner-returns-map, gomacro/0001-cells.
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(p), "patches/"), ".patch")
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("tools/kernel/README.md does not list the patch %s", p)
		}
	}
}
