package browser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// start opens a session over a scratch copy of the repository, and stops
// it when the test ends. It skips unless asked to run; asked, a machine
// without Chromium fails the test, as one without the kernel fails the
// kernel's.
func start(t *testing.T) *Session {
	t.Helper()
	if os.Getenv("NOTEBOOKS_BROWSER_TEST") == "" {
		t.Skip("runs Jupyter and Chromium from tools/test.sh; set NOTEBOOKS_BROWSER_TEST=1 to run it here")
	}
	if _, err := Chromium(); err != nil {
		t.Fatalf("NOTEBOOKS_BROWSER_TEST is set, but %v", err)
	}
	s, err := Start("../..", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// screenshotDir is where the screenshots go: $NOTEBOOKS_SCREENSHOTS, or
// notebook-screenshots in the system's temporary folder.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("NOTEBOOKS_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "notebook-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// storedOutputs says, for a notebook, which cells have stored outputs.
func storedOutputs(t *testing.T, path string) func(int) bool {
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return func(i int) bool { return i < len(nb.Cells) && len(nb.Cells[i].Outputs) > 0 }
}

// Every notebook, opened in Jupyter Notebook in Chromium, shows the Go
// kernel, and runs cell by cell with Shift+Enter without an error, showing
// output wherever the stored notebook has some; the chart notebook shows
// its chart.
func TestNotebooksRunInTheBrowser(t *testing.T) {
	s := start(t)
	shots := screenshotDir(t)
	t.Logf("screenshots in %s", shots)
	files, err := input.Expand([]string{filepath.Join(s.Dir, "notebooks")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			start := time.Now()
			run, err := s.RunNotebook(name, storedOutputs(t, f), 5*time.Minute)
			if run != nil && run.Screenshot != nil {
				shot := filepath.Join(shots, strings.TrimSuffix(name, ".ipynb")+".png")
				if werr := fsutil.WriteFile(shot, run.Screenshot); werr != nil {
					t.Error(werr)
				}
				t.Logf("screenshot %s", shot)
			}
			if err != nil {
				t.Fatalf("%v\nJupyter log:\n%s", err, s.Log())
			}
			if run.Kernel != "Go" {
				t.Errorf("the page shows kernel %q, want Go", run.Kernel)
			}
			if strings.Contains(name, "cpu-bound") && run.Images == 0 {
				t.Error("the chart notebook shows no image")
			}
			t.Logf("%s: %d code cells run one by one in %.1fs, %d images", name, run.Cells, time.Since(start).Seconds(), run.Images)
		})
	}
}

// A notebook with a typo in one cell fails in the browser, and the failure
// names the notebook and the cell.
func TestBrowserNamesTheFailingCell(t *testing.T) {
	s := start(t)
	nb, err := ipynb.ReadFile("testdata/tobreak.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	broken := -1
	for i, c := range nb.Cells {
		if c.Type == "code" && strings.Contains(c.Source, "the cell to break") {
			c.Source = strings.Replace(c.Source, "fmt.Sprint(", "fmt.Sprnt(", 1)
			broken = i
			break
		}
	}
	if broken < 0 {
		t.Fatal("no cell to break")
	}
	if err := nb.WriteFile(filepath.Join(s.Dir, "notebooks", "typo.ipynb")); err != nil {
		t.Fatal(err)
	}
	_, err = s.RunNotebook("typo.ipynb", func(int) bool { return false }, 2*time.Minute)
	var cf *CellFailure
	if !errors.As(err, &cf) {
		t.Fatalf("err = %v, want a cell failure\nJupyter log:\n%s", err, s.Log())
	}
	if cf.Notebook != "typo.ipynb" || cf.Cell != broken+1 || !strings.Contains(cf.Problem, "error output") {
		t.Errorf("failure = %v, want typo.ipynb cell %d with an error output", err, broken+1)
	}
	t.Logf("as expected: %v", err)
}
