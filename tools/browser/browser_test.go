package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// The tests share one session: a JupyterLab server and a Chromium, over
// one scratch copy of the repository.
var (
	sessionOnce sync.Once
	session     *Session
	sessionErr  error
	sessionTmp  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if session != nil {
		session.Close()
	}
	if sessionTmp != "" {
		os.RemoveAll(sessionTmp)
	}
	os.Exit(code)
}

// start returns the shared session, starting it the first time. It skips
// unless asked to run; asked, a machine without Chromium or Jupyter fails
// the test, as one without the kernel fails the kernel's.
func start(t *testing.T) *Session {
	t.Helper()
	if os.Getenv("NOTEBOOKS_BROWSER_TEST") == "" {
		t.Skip("runs JupyterLab and Chromium from tools/test.sh; set NOTEBOOKS_BROWSER_TEST=1 to run it here")
	}
	if _, err := Chromium(); err != nil {
		t.Fatalf("NOTEBOOKS_BROWSER_TEST is set, but %v", err)
	}
	sessionOnce.Do(func() {
		sessionTmp, sessionErr = os.MkdirTemp("", "browser-test-")
		if sessionErr == nil {
			session, sessionErr = Start("../..", sessionTmp)
		}
	})
	if sessionErr != nil {
		t.Fatal(sessionErr)
	}
	return session
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

// open opens a notebook of the scratch folder and closes it when the test
// ends; it checks the page shows the kernel as Go and idle.
func open(t *testing.T, s *Session, ui UI, name string) *Page {
	t.Helper()
	p, err := s.Open(ui, name)
	if err != nil {
		t.Fatalf("%v\nJupyter log:\n%s", err, s.Log())
	}
	t.Cleanup(p.Close)
	k, err := p.Kernel()
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "Go" || k.Status != "idle" {
		t.Errorf("%s in %s: the toolbar shows kernel %q, %q; want Go, idle", name, ui, k.Name, k.Status)
	}
	return p
}

// runAllAndJudge presses Restart Kernel and Run All, judges the page
// against the repository's copy of the notebook, and writes screenshots.
func runAllAndJudge(t *testing.T, p *Page, stored string) {
	t.Helper()
	begin := time.Now()
	if err := p.RestartRunAll(10 * time.Minute); err != nil {
		t.Fatalf("%v\nJupyter log:\n%s", err, p.s.Log())
	}
	ran := time.Since(begin)
	v, err := p.Judge(stored)
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range v.Problems {
		t.Error(problem)
	}
	shots, err := p.Screenshots(screenshotDir(t), p.UI)
	if err != nil {
		t.Error(err)
	}
	t.Logf("%s in %s: Restart Kernel and Run All ran %d code cells in %.1fs; %d images shown; %d screenshots, the first %s",
		p.Name, p.UI, v.Cells, ran.Seconds(), v.Images, len(shots), first(shots))
}

func first(files []string) string {
	if len(files) == 0 {
		return "(none)"
	}
	return files[0]
}

// notebooks lists the notebooks of the scratch folder.
func notebooks(t *testing.T, s *Session) []string {
	files, err := input.Expand([]string{filepath.Join(s.Dir, "notebooks")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	return names
}

// Every notebook, opened in JupyterLab, shows the Go kernel idle; after
// Restart Kernel and Run All every cell has run, without an error but
// where tagged raises-exception, its outputs agree with the stored ones
// under nbcheck's comparer, its images are shown, its code is highlighted
// as Go, and cells with hidden source show collapsed.
func TestNotebooksInJupyterLab(t *testing.T) {
	s := start(t)
	t.Logf("screenshots in %s", screenshotDir(t))
	for _, name := range notebooks(t, s) {
		t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			p := open(t, s, Lab, name)
			runAllAndJudge(t, p, filepath.Join("../../notebooks", name))
		})
	}
}

// One notebook runs in Notebook 7's UI, served by the same server.
func TestNotebookInNotebook7(t *testing.T) {
	s := start(t)
	const name = "05-queues.ipynb"
	p := open(t, s, Notebook7, name)
	runAllAndJudge(t, p, filepath.Join("../../notebooks", name))
}

// cell makes a cell of the source: Markdown when it starts with "#";
// tags follow the source after "|tags:".
func cell(id, src string) *ipynb.Cell {
	c := &ipynb.Cell{Type: "code", ID: id, Source: src, Metadata: map[string]any{}}
	if src, tags, ok := strings.Cut(src, "|tags:"); ok {
		c.Source = src
		c.Metadata["tags"] = []any{tags}
	}
	if strings.HasPrefix(c.Source, "#") {
		c.Type = "markdown"
	}
	return c
}

// scratch writes a notebook to the scratch folder: the cells of the lesson
// named (none for ""), then the cells given.
func scratch(t *testing.T, s *Session, name, lesson string, cells ...string) *ipynb.Notebook {
	t.Helper()
	base, err := ipynb.ReadFile(filepath.Join(s.Dir, "notebooks", "01-goroutines.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	nb := &ipynb.Notebook{Metadata: base.Metadata, Nbformat: base.Nbformat, NbformatMinor: base.NbformatMinor}
	if lesson != "" {
		l, err := ipynb.ReadFile(filepath.Join(s.Dir, "notebooks", lesson))
		if err != nil {
			t.Fatal(err)
		}
		nb.Cells = l.Cells
	}
	for i, src := range cells {
		nb.Cells = append(nb.Cells, cell(fmt.Sprintf("added-%d", i+1), src))
	}
	if err := nb.WriteFile(filepath.Join(s.Dir, "notebooks", name)); err != nil {
		t.Fatal(err)
	}
	return nb
}

// What a learner does by hand, once, on a scratch copy of the first lesson
// with a few cells added at its end: run the lesson cell by cell with
// Shift+Enter; Stop a cell sleeping an hour (it stops within 15 s, the
// kernel lives on with the session's variables, the next cell runs);
// Shift+Tab on sync.WaitGroup shows its doc; Tab after strings.Spl offers
// Split; a cell whose source is hidden shows collapsed and still runs.
func TestLearnerInJupyterLab(t *testing.T) {
	s := start(t)
	const name = "01-learner.ipynb"
	nb := scratch(t, s, name, "01-goroutines.ipynb",
		"# Added by the browser test",
		"import (\n\t\"fmt\"\n\t\"strings\"\n\t\"sync\"\n\t\"time\"\n)",
		`fmt.Println("a cell whose source is hidden ran")`,
		`kept := "still here"`,
		"time.Sleep(time.Hour) // Stop me",
		`fmt.Println("kept:", kept)`,
		"var wg sync.WaitGroup",
		"strings.Spl",
	)
	n := len(nb.Cells)
	hidden, sleeper, after, wgCell, splCell := n-6, n-4, n-3, n-2, n-1
	// The lessons hide no source any more (solutions are collapsed Markdown
	// now): a cell of this notebook is hidden as Jupyter stores it.
	nb.Cells[hidden].Metadata["jupyter"] = map[string]any{"source_hidden": true}
	if err := nb.WriteFile(filepath.Join(s.Dir, "notebooks", name)); err != nil {
		t.Fatal(err)
	}
	src := func(i int) string { return oneline.Of(nb.Cells[i].Source) }
	p := open(t, s, Lab, name)

	// Shift+Enter from the top down to the sleeping cell.
	if err := p.SelectCell(0, 0); err != nil {
		t.Fatal(err)
	}
	if err := p.Key(kb.Escape); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < sleeper; i++ {
		if nb.Cells[i].Type != "code" {
			if err := p.Key(kb.Enter, chromedp.ModifierShift); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := p.ShiftEnter(2 * time.Minute); err != nil {
			t.Fatalf("%s cell %d (%s): %v", name, i+1, src(i), err)
		}
	}
	got, err := p.Notebook()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < sleeper; i++ {
		c := got.Cells[i]
		if c.Type != "code" {
			continue
		}
		m, err := marker.Of(nb.Cells[i])
		if err != nil {
			t.Fatal(err)
		}
		e := verdict.FirstError(c.Outputs)
		switch {
		case c.ExecutionCount == nil:
			t.Errorf("%s cell %d (%s): did not run on Shift+Enter", name, i+1, src(i))
		case e != nil && !m.RaisesException:
			t.Errorf("%s cell %d (%s): error %s: %s", name, i+1, src(i), e.Ename, oneline.Of(e.Evalue))
		case e == nil && m.RaisesException:
			t.Errorf("%s cell %d (%s): no error, but tagged raises-exception (an exercise's check on the starter)", name, i+1, src(i))
		}
	}

	t.Run("hidden source", func(t *testing.T) {
		v, err := p.Cell(hidden)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Collapsed {
			t.Errorf("%s cell %d: its source is hidden in the notebook, but the page shows it", name, hidden+1)
		}
		if out := streams(got.Cells[hidden]); out != "a cell whose source is hidden ran\n" {
			t.Errorf("%s cell %d: the hidden cell shows %q after Shift+Enter, want it to have run", name, hidden+1, out)
		}
		if v, err := p.Cell(hidden + 1); err != nil || v.Collapsed {
			t.Errorf("%s cell %d: the cell after the hidden one shows collapsed (%v)", name, hidden+2, err)
		}
	})

	t.Run("Stop", func(t *testing.T) {
		// Shift+Enter on the sleeping cell, then the toolbar's Stop
		// button once the cell is running.
		if err := p.Key(kb.Enter, chromedp.ModifierShift); err != nil {
			t.Fatal(err)
		}
		if err := p.wait(time.Minute, running); err != nil {
			t.Fatalf("%s cell %d: the sleeping cell did not start: %v", name, sleeper+1, err)
		}
		time.Sleep(time.Second)
		if err := p.Click(`.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]`); err != nil {
			t.Fatal(err)
		}
		stopped := time.Now()
		if err := p.waitRun(15*time.Second, "true"); err != nil {
			t.Fatalf("%s cell %d: Stop did not end the cell within 15 s: %v", name, sleeper+1, err)
		}
		t.Logf("Stop ended the sleeping cell in %.1fs", time.Since(stopped).Seconds())
		if n, err := p.Restarts(); err != nil || n != 0 {
			t.Errorf("the kernel restarted or died %d times (%v); want it alive", n, err)
		}
		// The next cell is selected: Shift+Enter runs it.
		if err := p.ShiftEnter(time.Minute); err != nil {
			t.Fatal(err)
		}
		got, err := p.Notebook()
		if err != nil {
			t.Fatal(err)
		}
		if e := verdict.FirstError(got.Cells[sleeper].Outputs); e == nil || !strings.Contains(e.Ename+e.Evalue, "interrupt") {
			t.Errorf("%s cell %d: the stopped cell shows %v, want an interrupted error", name, sleeper+1, e)
		}
		if out := streams(got.Cells[after]); out != "kept: still here\n" {
			t.Errorf("%s cell %d: the cell after the stopped one shows %q, want %q", name, after+1, out, "kept: still here\n")
		}
	})

	t.Run("Shift+Tab", func(t *testing.T) {
		src := nb.Cells[wgCell].Source
		if err := p.SelectCell(wgCell, strings.Index(src, "WaitGroup")+4); err != nil {
			t.Fatal(err)
		}
		if err := p.Key(kb.Tab, chromedp.ModifierShift); err != nil {
			t.Fatal(err)
		}
		doc, err := p.Text(".jp-Tooltip", 20*time.Second)
		if err != nil {
			t.Fatalf("%s cell %d (%s): Shift+Tab: %v", name, wgCell+1, src, err)
		}
		// The doc of the machine's Go: "A WaitGroup waits for a collection
		// of goroutines to finish" before Go 1.25, "... used to wait for a
		// group of goroutines or tasks to finish" since.
		doc = strings.Join(strings.Fields(doc), " ")
		if !strings.Contains(doc, "type WaitGroup struct") || !waitGroupDoc.MatchString(doc) {
			t.Errorf("%s cell %d (%s): Shift+Tab shows %q, want sync.WaitGroup's doc", name, wgCell+1, src, oneline.Of(doc))
		}
		t.Logf("Shift+Tab on sync.WaitGroup: %s", waitGroupDoc.FindString(doc))
		shot(t, p, "01-learner-shift-tab")
		p.Key(kb.Escape)
	})

	t.Run("Tab", func(t *testing.T) {
		if err := p.SelectCell(splCell, -1); err != nil {
			t.Fatal(err)
		}
		if err := p.Key(kb.Tab); err != nil {
			t.Fatal(err)
		}
		items, err := p.Values(".jp-Completer-item", "data-value", 20*time.Second)
		if err != nil {
			t.Fatalf("%s cell %d (%s): Tab: %v", name, splCell+1, src(splCell), err)
		}
		found := false
		for _, it := range items {
			found = found || it == "Split" || strings.HasSuffix(it, ".Split")
		}
		if !found {
			t.Errorf("%s cell %d (%s): Tab offers %v, want Split among them", name, splCell+1, src(splCell), items)
		}
		t.Logf("Tab after strings.Spl offers %v", items)
		shot(t, p, "01-learner-tab")
		p.Key(kb.Escape)
	})

	// The first exercise, as a learner does it: its check has failed on the
	// starter above; an answer that naps one nap after another fails it
	// with its sentence; the solution, pasted from the collapsed Markdown
	// below the check, passes it; and the wrong answer again fails it.
	t.Run("an exercise answered wrong, then right", func(t *testing.T) {
		const id = "01-goroutines-nap-all"
		answer, check := exercise(t, nb, id)
		if out := checkOutcome(got.Cells[check]); !strings.HasPrefix(out, "not yet: ") {
			t.Errorf("%s cell %d (%s) on the starter: %q, want its sentence (not yet: ...)", name, check+1, id, out)
		}
		solution := solutionCode(t, nb.Cells[check+1])
		wrong := "func napAll(naps []time.Duration) {\n\tfor _, d := range naps {\n\t\ttime.Sleep(d) // one after another\n\t}\n}"
		for _, step := range []struct{ what, answer, want string }{
			{"a wrong answer", wrong, "not yet: "},
			{"the solution", solution, "ok: "},
			{"the wrong answer again", wrong, "not yet: "},
		} {
			if err := p.SelectCell(answer, 0); err != nil {
				t.Fatal(err)
			}
			if err := p.Paste(step.answer); err != nil {
				t.Fatalf("%s cell %d (%s), pasting %s: %v", name, answer+1, id, step.what, err)
			}
			// Shift+Enter runs the answer and selects the check; again
			// runs the check.
			for _, c := range []int{answer, check} {
				if err := p.ShiftEnter(time.Minute); err != nil {
					t.Fatalf("%s cell %d, %s: %v", name, c+1, step.what, err)
				}
			}
			after, err := p.Notebook()
			if err != nil {
				t.Fatal(err)
			}
			if out := checkOutcome(after.Cells[check]); !strings.HasPrefix(out, step.want) {
				t.Errorf("%s cell %d (%s) after %s: %q, want %s...", name, check+1, id, step.what, out, step.want)
			} else {
				t.Logf("%s after %s: %s", id, step.what, oneline.Of(out))
			}
		}
		shot(t, p, "01-learner-exercise")
	})
}

// exercise returns the indexes of the answer cell of exercise id and of its
// check cell.
func exercise(t *testing.T, nb *ipynb.Notebook, id string) (answer, check int) {
	t.Helper()
	answer, check = -1, -1
	for i, c := range nb.Cells {
		g, _ := c.Metadata["nbgrader"].(map[string]any)
		switch g["grade_id"] {
		case id:
			answer = i
		case id + "-check":
			check = i
		}
	}
	if answer < 0 || check < 0 {
		t.Fatalf("no exercise %s (answer cell %d, check cell %d)", id, answer, check)
	}
	return answer, check
}

// solutionCode returns the Go code of a collapsed solution cell: what the
// learner copies.
func solutionCode(t *testing.T, c *ipynb.Cell) string {
	t.Helper()
	_, code, ok := strings.Cut(c.Source, "```go\n")
	code, _, closed := strings.Cut(code, "\n```")
	if c.Type != "markdown" || !ok || !closed {
		t.Fatalf("the cell after the check is no solution (<details> with Go code): %q", oneline.Of(c.Source))
	}
	return code
}

// checkOutcome is what a check cell's run says: the error's value when it
// failed, else what it printed.
func checkOutcome(c *ipynb.Cell) string {
	if e := verdict.FirstError(c.Outputs); e != nil {
		return e.Evalue
	}
	return streams(c)
}

// Run All stops at a cell that fails: the cells after it are not run (the
// kernel answers their requests "aborted", as ipykernel does, and
// JupyterLab leaves them without a prompt number). A cell tagged
// raises-exception does not stop it: JupyterLab sends that cell with
// stop_on_error false.
func TestRunAllStopsAtAnError(t *testing.T) {
	s := start(t)
	const name = "stops.ipynb"
	cells := []string{
		`import "fmt"`,
		`n := 1`,
		`panic("a planned error")|tags:raises-exception`,
		`fmt.Println("after the planned error:", n)`,
		`fmt.Println(undefinedName)`,
		`fmt.Println("after the unplanned error")`,
	}
	scratch(t, s, name, "", cells...)
	p := open(t, s, Lab, name)
	if err := p.RestartRunAll(5 * time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := p.Notebook()
	if err != nil {
		t.Fatal(err)
	}
	shot(t, p, "stops")
	if e := verdict.FirstError(got.Cells[2].Outputs); e == nil {
		t.Errorf("%s cell 3 (%s): no error shown", name, cells[2])
	}
	if out := streams(got.Cells[3]); out != "after the planned error: 1\n" {
		t.Errorf("%s cell 4 (%s): shows %q after a cell tagged raises-exception failed; want it run", name, cells[3], out)
	}
	if e := verdict.FirstError(got.Cells[4].Outputs); e == nil {
		t.Errorf("%s cell 5 (%s): no error shown", name, cells[4])
	}
	if c := got.Cells[5]; c.ExecutionCount != nil || len(c.Outputs) > 0 {
		t.Errorf("%s cell 6 (%s): ran after cell 5 failed (output %q); Run All should stop at the error", name, cells[5], streams(c))
	}
}

// A lesson with a typo in one cell fails, and the failure names the
// notebook and the cell.
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
	const name = "typo.ipynb"
	if err := nb.WriteFile(filepath.Join(s.Dir, "notebooks", name)); err != nil {
		t.Fatal(err)
	}
	p := open(t, s, Lab, name)
	if err := p.RestartRunAll(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	shot(t, p, "typo")
	v, err := p.Judge(filepath.Join(s.Dir, "notebooks", name))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s cell %d", name, broken+1)
	all := strings.Join(v.Problems, "\n")
	if !strings.Contains(all, want) || !strings.Contains(all, "raised an error") {
		t.Errorf("problems:\n%s\nwant one naming %s and its error", all, want)
	}
	t.Logf("as expected:\n%s", all)
}

// shot writes a screenshot of what the page shows now.
func shot(t *testing.T, p *Page, base string) {
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		f := filepath.Join(screenshotDir(t), base+".png")
		if err = os.WriteFile(f, buf, 0o644); err == nil {
			t.Logf("screenshot %s", f)
		}
	}
	if err != nil {
		t.Error(err)
	}
}

func streams(c *ipynb.Cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		if o.Type == "stream" {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

var waitGroupDoc = regexp.MustCompile(`A WaitGroup .*wait.* for a (collection|group) of goroutines`)
