package symbols

import "testing"

// Every helper package is there under its import path and under the
// relative path the notebooks import it by, with the same symbols.
func TestRelativeAliases(t *testing.T) {
	for _, pkg := range []string{"threading/threading", "threading/chart/chart"} {
		abs, rel := Symbols[ModulePkg+pkg], Symbols["../pkg/"+pkg]
		if abs == nil || rel == nil || len(abs) != len(rel) {
			t.Errorf("%s: %d symbols under the import path, %d under ../pkg/", pkg, len(abs), len(rel))
		}
	}
}
