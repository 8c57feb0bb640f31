package threading

import (
	"os"
	"os/exec"
	"testing"
)

// The helper also builds for a browser (GOOS=js GOARCH=wasm): the lessons'
// kernel there (tools/lite) links it. What has no browser counterpart
// (rusage, process groups) is in build-tagged twins: cputime_unix.go and
// cputime_js.go, procgroup_unix.go and procgroup_js.go.
func TestBuildsForTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the package for GOOS=js")
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go build: %v\n%s\nput what a browser lacks in a build-tagged twin (see cputime_js.go)", err, out)
	}
}
