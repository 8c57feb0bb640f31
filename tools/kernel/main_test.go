package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
)

// TestPatchesGiveTheirReason checks every patch of every patched module:
// its first line says why, and it holds a diff.
func TestPatchesGiveTheirReason(t *testing.T) {
	for _, m := range patched {
		files := patchFiles(".", m.patches)
		if len(files) == 0 {
			t.Errorf("no patches for %s in %s", m.module, m.patches)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, rest, _ := strings.Cut(string(b), "\n")
			if !strings.HasPrefix(first, "Reason: ") || len(first) < len("Reason: ")+20 {
				t.Errorf("%s: the first line gives no reason: %q", f, first)
			}
			if !strings.HasPrefix(rest, "diff --git ") {
				t.Errorf("%s: no diff after the reason", f)
			}
		}
	}
}

// TestBuildKeyCoversEveryPatch checks that changing a patch of any patched
// module, or adding one, makes the installer build again.
func TestBuildKeyCoversEveryPatch(t *testing.T) {
	here := t.TempDir()
	for _, dir := range []string{"gophernotes", "patches"} {
		if err := fsutil.CopyTree(dir, filepath.Join(here, dir)); err != nil {
			t.Fatal(err)
		}
	}
	key := func() string {
		t.Helper()
		k, err := buildKey("go", here)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	before := key()
	gomacroPatch := patchFiles(here, filepath.Join("patches", "gomacro"))[0]
	if err := os.WriteFile(gomacroPatch, []byte("Reason: changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := key()
	if changed == before {
		t.Errorf("changing %s leaves the build key at %s", filepath.Base(gomacroPatch), before)
	}
	if err := os.WriteFile(filepath.Join(here, "patches", "9999-more.patch"), []byte("Reason: more\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if key() == changed {
		t.Error("adding a patch leaves the build key as it was")
	}
}

// TestWriteSpec checks the kernelspec the installer writes: the kernel's
// command, its environment, and interrupts as messages on the control
// channel.
func TestWriteSpec(t *testing.T) {
	logos := t.TempDir()
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if err := os.WriteFile(filepath.Join(logos, logo), []byte("png"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	specDir := filepath.Join(t.TempDir(), "kernels", kernelName)
	env := map[string]string{"GODEBUG": "gotypesalias=0"}
	if err := writeSpec(specDir, "/bin/gophernotes", env, logos); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(specDir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string          `json:"argv"`
		DisplayName   string            `json:"display_name"`
		Language      string            `json:"language"`
		InterruptMode string            `json:"interrupt_mode"`
		Env           map[string]string `json:"env"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(spec.Argv, " "); got != "/bin/gophernotes {connection_file}" {
		t.Errorf("argv = %q", got)
	}
	if spec.DisplayName != "Go" || spec.Language != "go" || spec.InterruptMode != "message" || spec.Env["GODEBUG"] != "gotypesalias=0" {
		t.Errorf("kernel.json = %s", b)
	}
	if _, err := os.Stat(filepath.Join(specDir, "logo-64x64.png")); err != nil {
		t.Error(err)
	}
}
