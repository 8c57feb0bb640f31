package layout

import (
	"os"
	"os/exec"
	"path"
	"strings"
	"testing"
)

const module = "github.com/goconcurrency/notebooks/"

// layers is the package map, top to bottom: the README draws it. A package
// imports packages of the layers below its own, and of its own layer only
// as sameLayer allows.
var layers = [][]string{
	// Commands: thin mains.
	{"tools/nbcheck", "tools/fidelity", "tools/gallery", "tools/kernel", "tools/browser", "tools/course", "tools/nbval",
		"tools/internal/layout", "tools/lite"},
	// nbcheck's command: flags, the choice of a mode, the exit status.
	{"tools/internal/cli"},
	// Modes: check (and update), -kernel, -count/-cpu, -lint; the course.
	{"tools/internal/check", "tools/internal/differential", "tools/internal/flake", "tools/internal/lint", "tools/internal/course",
		"tools/lite/internal/site"},
	// Stages, in the order data flows through them, and the kernel's run.
	{"tools/internal/input", "tools/internal/engine", "tools/internal/verdict", "tools/internal/report", "tools/internal/kernelrun"},
	// What the stages share: markers, the comparer, the display API and the
	// renderer table, the notebook format, cells read as gomacro does.
	{"tools/internal/marker", "tools/internal/compare", "tools/internal/display", "tools/internal/rich", "tools/internal/engine/symbols",
		"tools/internal/cellsplit", "tools/internal/ipynb", "tools/internal/fsutil", "tools/internal/oneline",
		"tools/internal/testenv"},
	// The helper the notebooks import.
	{"pkg/threading", "pkg/threading/chart"},
}

// sameLayer lists the imports allowed within a layer: the -kernel mode
// runs a check; the report shows verdicts (the flow's order); the chart
// package draws the helper's measures. What the stages share (layer 4)
// builds on itself freely.
var sameLayer = map[string]bool{
	"tools/internal/differential -> tools/internal/check": true,
	"tools/internal/report -> tools/internal/verdict":     true,
	"pkg/threading/chart -> pkg/threading":                true,
}

// noInterpreter lists packages that must not link the interpreter: what
// they do needs none, and they build in a fraction of the time.
var noInterpreter = []string{"tools/internal/report", "tools/internal/lint", "tools/internal/verdict", "tools/internal/input"}

// goList runs go list on the module's packages with the template format,
// one line per package.
func goList(t *testing.T, format string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-f", format}, args...)...)
	cmd.Dir = "../../.."
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go list: %v\n%s", err, stderr)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func TestImportsFollowThePackageMap(t *testing.T) {
	layer := map[string]int{}
	for i, pkgs := range layers {
		for _, p := range pkgs {
			layer[p] = i
		}
	}
	for _, line := range goList(t, "{{.ImportPath}} {{join .Imports \" \"}}", "./...") {
		fields := strings.Fields(line)
		from := strings.TrimPrefix(fields[0], module)
		li, known := layer[from]
		if !known {
			t.Errorf("%s is not on the package map (layers in this test, and the README's map)", from)
			continue
		}
		for _, imp := range fields[1:] {
			to, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			lj, known := layer[to]
			switch {
			case !known:
				continue // reported as an importer
			case lj < li:
				t.Errorf("%s imports %s, of a layer above its own", from, to)
			case lj == li && !sameLayer[from+" -> "+to] && li != 4:
				t.Errorf("%s imports %s, of its own layer, which the map does not allow", from, to)
			}
		}
	}
}

func TestNoInterpreterBelowTheEngine(t *testing.T) {
	for _, p := range noInterpreter {
		for _, dep := range goList(t, "{{join .Deps \"\\n\"}}", "./"+p) {
			if strings.HasPrefix(dep, "github.com/traefik/yaegi") || strings.HasSuffix(dep, "tools/internal/engine") {
				t.Errorf("%s links %s: it must not link the interpreter", p, dep)
				break
			}
		}
	}
}

// The map names only packages that exist.
func TestThePackageMapIsCurrent(t *testing.T) {
	exist := map[string]bool{}
	for _, p := range goList(t, "{{.ImportPath}}", "./...") {
		exist[strings.TrimPrefix(p, module)] = true
	}
	for _, pkgs := range layers {
		for _, p := range pkgs {
			if !exist[p] {
				t.Errorf("the map names %s, which is no package of the module (%s)", p, path.Base(p))
			}
		}
	}
}

// The README's Layout lists every package of the map, one line each.
func TestReadmeListsEveryPackage(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, pkgs := range layers {
		for _, p := range pkgs {
			if !strings.Contains(string(readme), "\n"+p+"/ ") {
				t.Errorf("README.md's Layout has no line for %s/", p)
			}
		}
	}
}

// readsMarkers lists the packages that read a cell's markers from its
// metadata: input, once for each notebook nbcheck loads, and verdict, for
// a notebook executed elsewhere (by nbconvert on the kernel). Every other
// package takes them from input.Notebook.Markers.
var readsMarkers = map[string]bool{"tools/internal/input": true, "tools/internal/verdict": true, "tools/internal/marker": true}

func TestMarkersAreReadOnce(t *testing.T) {
	for _, line := range goList(t, "{{.ImportPath}} {{.Dir}} {{join .GoFiles \" \"}}", "./...") {
		fields := strings.Fields(line)
		from := strings.TrimPrefix(fields[0], module)
		if readsMarkers[from] {
			continue
		}
		for _, f := range fields[2:] {
			src, err := os.ReadFile(path.Join(fields[1], f))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "marker.Of(") {
				t.Errorf("%s/%s reads markers again (marker.Of): take them from input.Notebook.Markers", from, f)
			}
		}
	}
}
