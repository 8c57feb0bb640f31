package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/goconcurrency/notebooks/tools/browser"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
	"github.com/goconcurrency/notebooks/tools/lite/internal/site"
)

// The lessons the browser test runs with Run All.
var lessons = []string{"01-goroutines", "02-many-at-once", "05-queues", "07-subclassing"}

// needsKernel matches a cell that calls a helper function the browser
// cannot run (tools/lite/wasm's needsKernel): such a cell shows one line
// saying so, which the test checks, instead of the stored output.
var needsKernel = regexp.MustCompile(`threading\.(Python|MeasurePython\w*|RunProgram\w*|CommandOutput|BuildPrimeProgram|NewSlowServer)\(`)

// TestLessonsInJupyterLite builds the site, serves it on loopback and runs
// lessons in JupyterLab's interface in headless Chromium: Run All, then
// every cell compared with the stored outputs under nbcheck's comparer
// (but the cells that need the full kernel, which must say so); then Stop
// on a sleeping cell, and the session going on.
func TestLessonsInJupyterLite(t *testing.T) {
	if os.Getenv("NOTEBOOKS_LITE_TEST") == "" {
		t.Skip("builds the JupyterLite site and runs Chromium; set NOTEBOOKS_LITE_TEST=1 to run it (tools/test.sh does)")
	}
	chromium, err := browser.Chromium()
	if err != nil {
		t.Fatalf("NOTEBOOKS_LITE_TEST is set, but %v", err)
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "site")
	log, err := os.Create(filepath.Join(tmp, "build.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	report, err := site.Build(dir, site.Options{ExposeApp: true}, log)
	if err != nil {
		b, _ := os.ReadFile(log.Name())
		t.Fatalf("building the site: %v\n%s", err, tail(string(b), 40))
	}
	t.Log(report)

	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()

	ctx := startChromium(t, chromium, filepath.Join(tmp, "profile"))
	root := "../.."
	for _, name := range lessons {
		t.Run(name, func(t *testing.T) {
			stored, err := input.Load(filepath.Join(root, "notebooks", name+".ipynb"))
			if err != nil {
				t.Fatal(err)
			}
			got, latency := runAll(t, ctx, srv.URL, name)
			t.Logf("%s: first cell done %v after the page was opened", name, latency.Round(time.Millisecond))
			judge(t, name, stored, got)
		})
	}
	t.Run("an error stops Run All", func(t *testing.T) { errorStops(t, ctx, srv.URL) })
	t.Run("Stop", func(t *testing.T) { stop(t, ctx, srv.URL) })
}

func startChromium(t *testing.T, chromium, profile string) context.Context {
	ctx, cancel, cancelAlloc := browser.StartChromium(chromium, profile, 1280, 2000)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// nb is a JavaScript expression for the notebook panel open in the page.
const nb = `Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.sessionContext && w.content)`

// open opens a notebook of the site in JupyterLab, as a newcomer does
// (nothing of earlier visits kept in the browser), and waits until its
// kernel is ready.
func open(t *testing.T, ctx context.Context, base, name string) time.Time {
	t.Helper()
	// JupyterLite keeps the workspace (the notebooks open) in
	// localStorage and the files in IndexedDB.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/jupyter-lite.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => {
		localStorage.clear();
		for (const db of await indexedDB.databases()) {
			await new Promise((done) => {
				const q = indexedDB.deleteDatabase(db.name);
				q.onsuccess = q.onerror = q.onblocked = done;
			});
		}
		return true;
	})()`, awaitPromise)); err != nil {
		t.Fatalf("clearing the browser's storage: %v", err)
	}
	opened := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/lab/index.html?path="+name+".ipynb")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, 120*time.Second, "the notebook and its Go kernel", `(() => {
		const w = window.jupyterapp && `+nb+`;
		const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
		if (!(k && k.name === 'gophernotes' && k.status === 'idle' && w.content.widgets.length > 0)) {
			return false;
		}
		window.jupyterapp.shell.activateById(w.id);
		return true;
	})()`)
	return opened
}

// runAll opens a lesson, clears its outputs, runs all its cells and returns
// the notebook as it then is, and how long after the page was opened the
// first code cell was done.
func runAll(t *testing.T, ctx context.Context, base, name string) (*ipynb.Notebook, time.Duration) {
	opened := open(t, ctx, base, name)
	command(t, ctx, "notebook:clear-all-cell-outputs")
	command(t, ctx, "notebook:run-all-cells")
	waitJS(t, ctx, 30*time.Second, "the first code cell", `(() => {
		const cells = (`+nb+`).content.widgets.filter(c => c.model.type === 'code');
		return cells.length > 0 && cells[0].model.executionCount !== null;
	})()`)
	latency := time.Since(opened)
	if name == lessons[0] {
		// What the page fetched (the worker's kernel.wasm is fetched by
		// the worker, not the page: site.Report has its size).
		kb, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Math.round(performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0) / 1024)`))
		if err == nil {
			t.Logf("the page fetched %d KiB besides kernel.wasm", kb)
		}
	}
	// Run All is done when no cell waits or runs and the kernel is idle.
	// It goes past an exercise's check that fails before it is answered
	// (tagged raises-exception), as on a Jupyter server: every code cell
	// has run.
	waitJS(t, ctx, 5*time.Minute, "Run All to finish", `(() => {
		const w = `+nb+`;
		const code = w.content.widgets.filter(c => c.model.type === 'code');
		const busy = code.some(c => c.model.executionState === 'running' || (c.promptNode && c.promptNode.textContent.includes('*')));
		return !busy && w.sessionContext.session.kernel.status === 'idle';
	})()`)
	notRun, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => {
		const out = [];
		(`+nb+`).content.widgets.forEach((c, i) => { if (c.model.type === 'code' && c.model.executionCount === null) out.push(i + 1); });
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(notRun) > 0 {
		t.Errorf("%s: Run All left cells %v not run (an error stopped it?)", name, notRun)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify((`+nb+`).context.model.toJSON())`))
	if err != nil {
		t.Fatal(err)
	}
	nb, err := ipynb.Parse([]byte(text))
	if err != nil {
		t.Fatalf("the notebook in the browser: %v", err)
	}
	return nb, latency
}

// judge compares a lesson run in the browser with the stored one: every
// cell runs, and agrees with the stored outputs under nbcheck's comparer,
// but for the cells that need the full kernel, which must say so in one
// line on stderr.
func judge(t *testing.T, name string, stored *input.Notebook, got *ipynb.Notebook) {
	t.Helper()
	res := verdict.Notebooks(name, stored.Notebook, got, stored.Markers, compare.Default())
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	ran, agreed, kernelOnly := 0, 0, 0
	for _, c := range res.Cells {
		cell := got.Cells[c.Index-1]
		if cell.ExecutionCount == nil && !c.Skipped {
			t.Errorf("%s: cell %d did not run (Run All stopped before it?)", name, c.Index)
			continue
		}
		ran++
		if needsKernel.MatchString(c.Source) {
			kernelOnly++
			if !saysFullKernel(cell.Outputs) {
				t.Errorf("%s: cell %d needs the full kernel, and should say so in one line on stderr; it shows:\n%s", name, c.Index, show(cell.Outputs))
			}
			continue
		}
		var diffs []string
		for _, d := range c.Diffs {
			diffs = append(diffs, d.String())
		}
		if c.Err != nil || len(c.Diffs) > 0 {
			t.Errorf("%s: cell %d differs from the stored outputs: %v\n%s", name, c.Index, c.Err, strings.Join(diffs, "\n"))
			continue
		}
		agreed++
	}
	t.Logf("%s: %d code cells ran in the browser; %d agree with the stored outputs, %d need the full kernel and say so", name, ran, agreed, kernelOnly)
}

// saysFullKernel reports whether a cell's stderr has the one line of a
// helper function that needs the full kernel, and no error.
func saysFullKernel(outs []*ipynb.Output) bool {
	said := false
	for _, o := range outs {
		if o.Type == "error" {
			return false
		}
		if o.Type == "stream" && o.Name == "stderr" && strings.Contains(o.Text, "needs the full kernel") && strings.Contains(o.Text, "bash tools/open.sh") {
			said = true
		}
	}
	return said
}

// stop runs a cell that sleeps, presses the Stop button, and checks that
// the cell ends with an interrupted error, that the rest of it did not run
// and that the session goes on with its variables.
// errorStops adds three cells at the end of a lesson, the middle one
// failing and not tagged raises-exception, and runs all: the error stops
// Run All there, as on a Jupyter server, so the cell after it never runs
// (the exercises' checks, which are tagged, let it go on: runAll).
func errorStops(t *testing.T, ctx context.Context, base string) {
	open(t, ctx, base, "07-subclassing")
	cells := []string{`fmt.Println("before")`, `fmt.Println(notDeclared)`, `fmt.Println("after")`}
	for _, code := range cells {
		js := fmt.Sprintf(`(() => {
			const w = `+nb+`;
			w.content.activeCellIndex = w.content.widgets.length - 1;
			window.jupyterapp.commands.execute('notebook:insert-cell-below');
			w.content.activeCell.model.sharedModel.setSource(%s);
			return true;
		})()`, jsString(code))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
	}
	command(t, ctx, "notebook:clear-all-cell-outputs")
	command(t, ctx, "notebook:run-all-cells")
	last := func(k int) string {
		return fmt.Sprintf(`(`+nb+`).content.widgets[(`+nb+`).content.widgets.length - %d].model`, len(cells)-k)
	}
	waitJS(t, ctx, 2*time.Minute, "Run All to reach the failing cell", last(1)+`.executionCount !== null`)
	waitJS(t, ctx, time.Minute, "the kernel to be idle", `(`+nb+`).sessionContext.session.kernel.status === 'idle'`)
	time.Sleep(time.Second) // room for a cell Run All should not run
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify([0, 1, 2].map(k => {
		const m = (`+nb+`).content.widgets[(`+nb+`).content.widgets.length - 3 + k].model;
		return {count: m.executionCount, outputs: m.toJSON().outputs};
	}))`))
	if err != nil {
		t.Fatal(err)
	}
	var runs []struct {
		Count   *int
		Outputs []map[string]any
	}
	if err := json.Unmarshal([]byte(got), &runs); err != nil {
		t.Fatal(err)
	}
	switch {
	case runs[0].Count == nil:
		t.Errorf("the cell before the error did not run: %s", got)
	case runs[1].Count == nil || len(runs[1].Outputs) == 0 || runs[1].Outputs[0]["output_type"] != "error":
		t.Errorf("the failing cell shows no error: %s", got)
	case runs[2].Count != nil:
		t.Errorf("Run All went on past an error in a cell not tagged raises-exception: %s", got)
	}
}

func stop(t *testing.T, ctx context.Context, base string) {
	open(t, ctx, base, "01-goroutines")
	command(t, ctx, "notebook:clear-all-cell-outputs")
	run := func(code string) {
		t.Helper()
		js := fmt.Sprintf(`(() => {
			const app = window.jupyterapp;
			const w = `+nb+`;
			w.content.activeCellIndex = w.content.widgets.length - 1;
			app.commands.execute('notebook:insert-cell-below');
			w.content.activeCell.model.sharedModel.setSource(%s);
			app.commands.execute('notebook:run-cell');
			return true;
		})()`, jsString(code))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
	}
	lastOutputs := `(() => {
		const w = ` + nb + `;
		const m = w.content.widgets[w.content.widgets.length - 1].model;
		return m.executionCount !== null ? JSON.stringify(m.toJSON().outputs) : '';
	})()`
	run("import (\n\t\"fmt\"\n\t\"time\"\n)\nkept := 42")
	waitJS(t, ctx, 30*time.Second, "a cell to run", `(() => { const w = `+nb+`; return w.content.widgets[w.content.widgets.length - 1].model.executionCount !== null; })()`)
	run("time.Sleep(time.Minute)\nfmt.Println(\"the rest of the cell ran\")")
	time.Sleep(time.Second)
	started := time.Now()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`jp-button[data-command="notebook:interrupt-kernel"]`))); err != nil {
		t.Fatalf("pressing Stop: %v", err)
	}
	waitJS(t, ctx, 20*time.Second, "the sleeping cell to stop", lastOutputs+` !== ''`)
	outs, err := chromedp.Run(ctx, chromedp.Evaluate[string](lastOutputs))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Stop: the sleeping cell ended %v after Stop was pressed", time.Since(started).Round(time.Millisecond))
	if !strings.Contains(outs, `"ename":"interrupted"`) || strings.Contains(outs, "the rest of the cell ran") {
		t.Errorf("after Stop, the sleeping cell shows %s; want an interrupted error and nothing of the rest of the cell", outs)
	}
	run("kept + 1")
	waitJS(t, ctx, 30*time.Second, "the cell after Stop", lastOutputs+` !== ''`)
	if outs, err = chromedp.Run(ctx, chromedp.Evaluate[string](lastOutputs)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(outs, `"text/plain":"43"`) {
		t.Errorf("after Stop, kept + 1 shows %s; want 43 (the session goes on with its variables)", outs)
	}

	// A loop that never waits keeps the browser's one thread: Stop cannot
	// reach it, and after a grace the kernel starts a new session.
	run("for {\n}")
	time.Sleep(time.Second)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`jp-button[data-command="notebook:interrupt-kernel"]`))); err != nil {
		t.Fatalf("pressing Stop: %v", err)
	}
	waitJS(t, ctx, 30*time.Second, "the busy cell to stop", lastOutputs+` !== ''`)
	if outs, err = chromedp.Run(ctx, chromedp.Evaluate[string](lastOutputs)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(outs, `"ename":"interrupted"`) || !strings.Contains(outs, "restarted") {
		t.Errorf("after Stop, the busy cell shows %s; want an interrupted error saying the session was restarted", outs)
	}
	run("40 + 2")
	waitJS(t, ctx, 60*time.Second, "the cell after a restart", lastOutputs+` !== ''`)
	if outs, err = chromedp.Run(ctx, chromedp.Evaluate[string](lastOutputs)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(outs, `"text/plain":"42"`) {
		t.Errorf("after the session was restarted, 40 + 2 shows %s; want 42", outs)
	}
}

// command starts a JupyterLab command in the page (the promise of
// notebook:run-all-cells ends only when every cell has run, and never
// when Run All stops at an error: the test waits by other means).
func command(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(window.jupyterapp.commands.execute(%q), true)`, id))); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
}

func awaitPromise(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }

// waitJS polls a JavaScript expression until it is true.
func waitJS(t *testing.T, ctx context.Context, limit time.Duration, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: still not so after %v (%v)", what, limit, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func show(outs []*ipynb.Output) string {
	b, _ := json.MarshalIndent(outs, "", "  ")
	return string(b)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
