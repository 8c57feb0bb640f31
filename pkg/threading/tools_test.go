package threading

import (
	"os"
	"os/exec"
	"testing"
)

// needTool skips the test when the program name is not on PATH, and fails
// it instead when the tools are required: under the README's test command
// (tools/test.sh sets NOTEBOOKS_REQUIRE_TOOLS=1, after tools/setup.sh has
// installed them) and in CI, where a skip would hide a test that never ran.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err == nil {
		return
	}
	if os.Getenv("NOTEBOOKS_REQUIRE_TOOLS") != "" || os.Getenv("CI") != "" {
		t.Fatalf("no %s on PATH; tools/setup.sh installs it", name)
	}
	t.Skipf("no %s on PATH (tools/setup.sh installs it; set NOTEBOOKS_REQUIRE_TOOLS=1 to fail instead)", name)
}
