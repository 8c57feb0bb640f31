package symbols

import "testing"

// Every helper package is there under its import path and under the
// relative path the notebooks import it by, with the same symbols.
func TestRelativeAliases(t *testing.T) {
	all := Exports()
	for _, pkg := range []string{"threading/threading", "threading/chart/chart"} {
		abs, rel := all[ModulePkg+pkg], all["../pkg/"+pkg]
		if abs == nil || rel == nil || len(abs) != len(rel) {
			t.Errorf("%s: %d symbols under the import path, %d under ../pkg/", pkg, len(abs), len(rel))
		}
	}
	if _, ok := all["../pkg/../tools/internal/display/display"]; ok || all["github.com/goconcurrency/notebooks/tools/internal/display/display"] == nil {
		t.Error("the display API is not under its import path alone")
	}
}
