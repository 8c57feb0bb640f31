package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A UI is one of the two front ends the server serves.
type UI string

const (
	Lab       UI = "JupyterLab"
	Notebook7 UI = "Notebook 7"
)

// path is where the UI opens a notebook.
func (ui UI) path(name string) string {
	if ui == Notebook7 {
		return "/notebooks/" + name
	}
	return "/lab/tree/" + name
}

// A Page is one notebook open in a tab of its own.
type Page struct {
	Name   string // the notebook's file name in the scratch notebooks folder
	UI     UI
	s      *Session
	ctx    context.Context
	cancel context.CancelFunc
}

// Open opens the notebook in a new tab of the UI and waits until the page
// shows its kernel idle.
func (s *Session) Open(ui UI, name string) (*Page, error) {
	ctx, cancel := chromedp.NewContext(s.browser)
	p := &Page{Name: name, UI: ui, s: s, ctx: ctx, cancel: cancel}
	// reset: JupyterLab restores no tabs from earlier pages of the session.
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+ui.path(name)+"?reset&token="+s.token)); err != nil {
		cancel()
		return nil, fmt.Errorf("%s: opening it in %s: %w", name, ui, err)
	}
	if err := p.wait(2*time.Minute, fmt.Sprintf(`(() => {
		const p = window.jupyterapp && jupyterapp.shell && jupyterapp.shell.currentWidget;
		return !!(p && p.sessionContext && p.content && p.context && p.context.isReady &&
			p.context.path === %q && p.sessionContext.kernelDisplayStatus === 'idle');
	})()`, name)); err != nil {
		status, _ := p.eval(`(() => { const p = window.jupyterapp && jupyterapp.shell.currentWidget;
			return p && p.sessionContext ? p.sessionContext.kernelDisplayName + ': ' + p.sessionContext.kernelDisplayStatus : 'no notebook panel'; })()`)
		p.Close()
		return nil, fmt.Errorf("%s: the kernel did not become idle in %s (%s): %w", name, ui, status, err)
	}
	// Count, from now on, the kernel's restarts and the cells it starts.
	if _, err := p.eval(`(() => {
		const p = jupyterapp.shell.currentWidget;
		window.nbWatch = {inputs: 0, restarts: 0};
		p.sessionContext.iopubMessage.connect((_, m) => { if (m.header.msg_type === 'execute_input') nbWatch.inputs++; });
		p.sessionContext.statusChanged.connect((_, st) => { if (st === 'restarting' || st === 'autorestarting' || st === 'dead') nbWatch.restarts++; });
		if (jupyterapp.shell.collapseLeft) jupyterapp.shell.collapseLeft();
		return '';
	})()`); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// Close shuts the notebook's kernel down, as File > Close and Shut Down
// Notebook does, and closes the tab.
func (p *Page) Close() {
	chromedp.Run(p.ctx, chromedp.Evaluate[bool](`(async () => {
		const p = jupyterapp.shell.currentWidget;
		if (p && p.sessionContext) await p.sessionContext.shutdown();
		return true;
	})()`, chromedp.EvalAwaitPromise))
	p.cancel()
}

func (p *Page) eval(js string) (string, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
}

// wait polls a JavaScript expression until it is true.
func (p *Page) wait(limit time.Duration, expr string) error {
	return waitJS(p.ctx, limit, expr)
}

// Kernel is the kernel as the page shows it: the name in the notebook's
// toolbar and the state of its execution indicator.
type Kernel struct{ Name, Status string }

// Kernel reads what the notebook's toolbar shows of the kernel.
func (p *Page) Kernel() (Kernel, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[Kernel](`(() => {
		const p = jupyterapp.shell.currentWidget;
		const name = p.node.querySelector('.jp-KernelName') || document.querySelector('.jp-KernelName');
		const ind = p.node.querySelector('.jp-Notebook-ExecutionIndicator') || document.querySelector('.jp-Notebook-ExecutionIndicator');
		return {Name: name ? name.textContent.trim() : '', Status: ind ? ind.dataset.status : ''};
	})()`))
}

// RestartRunAll does what a learner does for Restart Kernel and Run All:
// the toolbar's button (in Notebook 7, the Run menu's item), then Restart
// in the dialog. It returns once the kernel has restarted, started at
// least one cell, and is idle with no cell queued or running.
func (p *Page) RestartRunAll(limit time.Duration) error {
	if _, err := p.eval(`(() => { nbWatch.inputs = 0; nbWatch.restarts = 0; return ''; })()`); err != nil {
		return err
	}
	button := `.jp-NotebookPanel-toolbar [data-command="notebook:restart-run-all"]`
	has, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`!!document.querySelector('`+button+`')`))
	if err != nil {
		return err
	}
	if has {
		err = chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(button)))
	} else {
		err = p.menu("Run", "Restart Kernel and Run All Cells")
	}
	if err != nil {
		return fmt.Errorf("%s: Restart Kernel and Run All: %w", p.Name, err)
	}
	accept := `.jp-Dialog .jp-Dialog-button.jp-mod-accept`
	if err := chromedp.Do(p.ctx, chromedp.WaitVisible(chromedp.CSS(accept)), chromedp.Click(chromedp.CSS(accept))); err != nil {
		return fmt.Errorf("%s: the restart dialog: %w", p.Name, err)
	}
	return p.waitRun(limit, `nbWatch.restarts > 0 && nbWatch.inputs > 0`)
}

// menu clicks a menu of the menu bar, then an item of it by its label.
func (p *Page) menu(menu, item string) error {
	open := fmt.Sprintf(`(() => {
		const m = Array.from(document.querySelectorAll('.lm-MenuBar-itemLabel')).find(e => e.textContent.trim() === %q);
		if (!m) return false;
		m.closest('.lm-MenuBar-item').dispatchEvent(new MouseEvent('mousedown', {bubbles: true, button: 0}));
		return true;
	})()`, menu)
	if err := p.wait(10*time.Second, open); err != nil {
		return fmt.Errorf("no %s menu: %w", menu, err)
	}
	var x, y float64
	pick := fmt.Sprintf(`(() => {
		const it = Array.from(document.querySelectorAll('.lm-Menu-item')).find(e => e.querySelector('.lm-Menu-itemLabel') && e.querySelector('.lm-Menu-itemLabel').textContent.trim() === %q);
		if (!it) return null;
		const r = it.getBoundingClientRect();
		return [r.x + r.width / 2, r.y + r.height / 2];
	})()`, item)
	deadline := time.Now().Add(10 * time.Second)
	for {
		xy, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]float64](pick))
		if err == nil && len(xy) == 2 {
			x, y = xy[0], xy[1]
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no item %q in the %s menu", item, menu)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return chromedp.Do(p.ctx, chromedp.MouseClickXY(x, y))
}

// running is true while the kernel is busy or a cell shows [*].
const running = `(() => {
	const p = jupyterapp.shell.currentWidget;
	if (p.sessionContext.kernelDisplayStatus !== 'idle') return true;
	return p.content.widgets.some(c => {
		const pr = c.model.type === 'code' && c.node.querySelector('.jp-InputPrompt');
		return !!(pr && pr.textContent.includes('*'));
	});
})()`

// waitRun waits until started is true, then until nothing runs, twice in a
// row half a second apart (the kernel goes idle between two cells).
func (p *Page) waitRun(limit time.Duration, started string) error {
	deadline := time.Now().Add(limit)
	if err := p.wait(limit, started); err != nil {
		return fmt.Errorf("%s: no cell started: %w", p.Name, err)
	}
	quiet := 0
	for quiet < 2 {
		busy, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](running))
		if err != nil {
			return err
		}
		if busy {
			quiet = 0
		} else {
			quiet++
		}
		if time.Now().After(deadline) {
			cell, _ := p.eval(`(() => { const p = jupyterapp.shell.currentWidget;
				const i = p.content.widgets.findIndex(c => { const pr = c.node.querySelector('.jp-InputPrompt'); return pr && pr.textContent.includes('*'); });
				return i < 0 ? 'none shows [*]' : 'cell ' + (i + 1) + ' still shows [*]: ' + p.content.widgets[i].model.sharedModel.getSource().split('\n')[0]; })()`)
			return fmt.Errorf("%s: the run did not end within %v (%s)", p.Name, limit, cell)
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil
}

// Notebook returns the notebook as the page holds it now, outputs
// included, in nbformat (what Save would write).
func (p *Page) Notebook() (*ipynb.Notebook, error) {
	s, err := p.eval(`JSON.stringify(jupyterapp.shell.currentWidget.context.model.toJSON())`)
	if err != nil {
		return nil, err
	}
	nb, err := ipynb.Parse([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("%s: the page's notebook: %w", p.Name, err)
	}
	return nb, nil
}

// A CellView is what the page shows of one cell.
type CellView struct {
	Type      string   `json:"type"`
	Language  string   `json:"language"`  // the editor's language (CodeMirror's data-language)
	Keywords  []string `json:"keywords"`  // words the editor colours as keywords
	Collapsed bool     `json:"collapsed"` // the input is collapsed to its placeholder, the editor hidden
	Images    int      `json:"images"`    // images in the outputs, loaded and of non-zero size
}

// Cell scrolls cell i (0-based) into view and returns what the page shows
// of it. Keywords are the texts of the editor's tokens drawn in the
// theme's keyword colour, as CodeMirror 6 highlights them.
func (p *Page) Cell(i int) (CellView, error) {
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
		const p = jupyterapp.shell.currentWidget;
		if (p.content.scrollToItem) await p.content.scrollToItem(%d, 'start');
		else p.content.widgets[%d].node.scrollIntoView();
		await new Promise(r => setTimeout(r, 60));
		return true;
	})()`, i, i), chromedp.EvalAwaitPromise)); err != nil {
		return CellView{}, err
	}
	return chromedp.Run(p.ctx, chromedp.Evaluate[CellView](fmt.Sprintf(`(() => {
		const c = jupyterapp.shell.currentWidget.content.widgets[%d];
		const probe = document.createElement('span');
		probe.style.color = 'var(--jp-mirror-editor-keyword-color)';
		document.body.appendChild(probe);
		const kw = getComputedStyle(probe).color;
		probe.remove();
		const content = c.node.querySelector('.cm-content');
		const editor = c.node.querySelector('.jp-InputArea-editor');
		const ph = c.node.querySelector('.jp-InputPlaceholder');
		const shown = e => !!(e && e.getClientRects().length > 0);
		return {
			type: c.model.type,
			language: content ? (content.getAttribute('data-language') || '') : '',
			keywords: content ? Array.from(content.querySelectorAll('span')).filter(s => s.children.length === 0 && getComputedStyle(s).color === kw).map(s => s.textContent) : [],
			collapsed: shown(ph) && !shown(editor),
			images: Array.from(c.node.querySelectorAll('.jp-OutputArea-output img')).filter(im => im.complete && im.naturalWidth > 0 && im.getClientRects().length > 0).length,
		};
	})()`, i)))
}

// Screenshots scrolls through the notebook from the top a screen at a
// time and writes a PNG of each screen to dir, named after the notebook
// and the UI: NAME-01.png, ... in JupyterLab, NAME-nb7-01.png, ... in
// Notebook 7.
func (p *Page) Screenshots(dir string, ui UI) ([]string, error) {
	base := strings.TrimSuffix(p.Name, ".ipynb")
	if ui == Notebook7 {
		base += "-nb7"
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`(async () => {
		const n = jupyterapp.shell.currentWidget.content.node;
		(n.querySelector('.jp-WindowedPanel-outer') || n).scrollTop = 0;
		await new Promise(r => setTimeout(r, 400));
		return true;
	})()`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	var files []string
	for k := 1; k <= 60; k++ {
		buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return files, err
		}
		f := filepath.Join(dir, fmt.Sprintf("%s-%02d.png", base, k))
		if err := fsutil.WriteFile(f, buf); err != nil {
			return files, err
		}
		files = append(files, f)
		more, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`(async () => {
			const n = jupyterapp.shell.currentWidget.content.node;
			const s = n.querySelector('.jp-WindowedPanel-outer') || n;
			// The notebook's end (its footer, "Click to add a cell") on this
			// screen: the screenshots hold every cell. Scrolling on would
			// show only the room the notebook leaves past its end.
			const footer = n.querySelector('.jp-Notebook-footer');
			if (footer && footer.getBoundingClientRect().top < Math.min(s.getBoundingClientRect().bottom, window.innerHeight)) return false;
			const before = s.scrollTop;
			s.scrollTop = before + s.clientHeight - 40;
			await new Promise(r => setTimeout(r, 400));
			return s.scrollTop > before;
		})()`, chromedp.EvalAwaitPromise))
		if err != nil || !more {
			return files, err
		}
	}
	return files, nil
}

// Cells returns what the page shows of every cell, each scrolled into
// view in turn.
func (p *Page) Cells() ([]CellView, error) {
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`jupyterapp.shell.currentWidget.content.widgets.length`))
	if err != nil {
		return nil, err
	}
	var views []CellView
	for i := 0; i < n; i++ {
		v, err := p.Cell(i)
		if err != nil {
			return views, fmt.Errorf("%s cell %d: %w", p.Name, i+1, err)
		}
		views = append(views, v)
	}
	return views, nil
}

// Restarts is how many times the page saw the kernel restart or die since
// it was opened or Run All was last pressed.
func (p *Page) Restarts() (int, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[int](`nbWatch.restarts`))
}

// GoKeywords returns the Go keywords of a cell's source, as the Go scanner
// finds them (not in strings or comments).
func GoKeywords(src string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var kws []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok.IsKeyword() && !slices.Contains(kws, lit) {
			kws = append(kws, lit)
		}
	}
	return kws
}

// SelectCell selects cell i (0-based) and puts the cursor in its editor
// at offset (-1: the end), in edit mode, as a click there does.
func (p *Page) SelectCell(i, offset int) error {
	_, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(async () => {
		const p = jupyterapp.shell.currentWidget;
		const nb = p.content;
		if (nb.scrollToItem) await nb.scrollToItem(%d, 'center');
		nb.activeCellIndex = %d;
		nb.mode = 'edit';
		const c = nb.widgets[%d];
		await new Promise(r => setTimeout(r, 100));
		const ed = c.editor;
		const src = c.model.sharedModel.getSource();
		const off = %d < 0 ? src.length : %d;
		ed.setCursorPosition(ed.getPositionAt(off));
		ed.focus();
		return true;
	})()`, i, i, i, offset, offset), chromedp.EvalAwaitPromise))
	return err
}

// Paste replaces the source of the cell being edited with text, as a
// learner does who selects all of it (Ctrl+A) and pastes: the editor takes
// the text as pasted, adding no indentation of its own. It fails unless
// the cell then holds text.
func (p *Page) Paste(text string) error {
	if err := p.Key("a", chromedp.ModifierCtrl); err != nil {
		return err
	}
	quoted, err := json.Marshal(text)
	if err != nil {
		return err
	}
	got, err := p.eval(fmt.Sprintf(`(() => {
		const data = new DataTransfer();
		data.setData('text/plain', %s);
		document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
		return jupyterapp.shell.currentWidget.content.activeCell.model.sharedModel.getSource();
	})()`, quoted))
	if err != nil {
		return err
	}
	if got != text {
		return fmt.Errorf("after the paste the cell holds %q, want %q", got, text)
	}
	return nil
}

// Key presses a key with modifiers, as the learner's keyboard does.
func (p *Page) Key(key string, mods ...chromedp.Modifier) error {
	return chromedp.Do(p.ctx, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...)))
}

// ShiftEnter runs the selected cell as Shift+Enter does, and waits until
// it has finished.
func (p *Page) ShiftEnter(limit time.Duration) error {
	if _, err := p.eval(`(() => { nbWatch.inputs = 0; return ''; })()`); err != nil {
		return err
	}
	if err := p.Key(kb.Enter, chromedp.ModifierShift); err != nil {
		return err
	}
	return p.waitRun(limit, `nbWatch.inputs > 0`)
}

// Click clicks the element a CSS selector finds.
func (p *Page) Click(css string) error {
	return chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(css)))
}

// Text returns the text of the first visible element a CSS selector
// finds, waiting up to limit for one.
func (p *Page) Text(css string, limit time.Duration) (string, error) {
	q := fmt.Sprintf(`(() => { const e = Array.from(document.querySelectorAll(%q)).find(e => e.getClientRects().length > 0); return e ? e.textContent : ''; })()`, css)
	deadline := time.Now().Add(limit)
	for {
		s, err := p.eval(q)
		if err == nil && s != "" {
			return s, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("%s: nothing shown for %s within %v", p.Name, css, limit)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Values returns the data-value attributes of the visible elements a CSS
// selector finds, waiting up to limit for one.
func (p *Page) Values(css, attr string, limit time.Duration) ([]string, error) {
	q := fmt.Sprintf(`JSON.stringify(Array.from(document.querySelectorAll(%q)).filter(e => e.getClientRects().length > 0).map(e => e.getAttribute(%q) || e.textContent.trim()))`, css, attr)
	deadline := time.Now().Add(limit)
	for {
		s, err := p.eval(q)
		var vs []string
		if err == nil && json.Unmarshal([]byte(s), &vs) == nil && len(vs) > 0 {
			return vs, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: nothing shown for %s within %v", p.Name, css, limit)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
