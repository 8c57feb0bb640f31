// Package browser runs the notebooks the way a person does: in Jupyter
// Notebook, in a real (headless) Chromium, cell by cell with Shift+Enter.
//
// A Session starts a Jupyter server on loopback, with a token and runtime
// and config folders of its own, over a scratch copy of the repository's
// notebooks (running cells in the browser changes a notebook, and Jupyter
// saves it), and a Chromium with a profile of its own. Close stops both.
package browser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
)

// A Session is a Jupyter server and a browser to drive it.
type Session struct {
	Dir     string // the scratch copy of the repository; notebooks are in Dir/notebooks
	url     string
	token   string
	server  *exec.Cmd
	exited  chan struct{} // closed when the server process has ended
	log     *os.File
	browser context.Context
	cancel  []context.CancelFunc
}

// Chromium returns the path of a Chromium browser, or an error saying how to
// install one.
func Chromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: install it (Debian: apt-get install chromium)")
}

// Start copies the repository at root (go.mod, go.sum, pkg/, notebooks/)
// into a scratch folder under tmp, starts Jupyter Notebook over it and a
// headless Chromium.
func Start(root, tmp string) (*Session, error) {
	chromium, err := Chromium()
	if err != nil {
		return nil, err
	}
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		return nil, errors.New("jupyter not found on PATH: run tools/setup.sh")
	}
	s := &Session{Dir: filepath.Join(tmp, "repo")}
	for _, part := range []string{"go.mod", "go.sum", "pkg", "notebooks"} {
		if err := fsutil.CopyTree(filepath.Join(root, part), filepath.Join(s.Dir, part), ".ipynb_checkpoints"); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	tok := make([]byte, 16)
	rand.Read(tok)
	s.token = hex.EncodeToString(tok)
	s.url = fmt.Sprintf("http://127.0.0.1:%d", port)

	s.log, err = os.Create(filepath.Join(tmp, "jupyter.log"))
	if err != nil {
		return nil, err
	}
	s.server = exec.Command(jupyter, "notebook", "--no-browser", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--NotebookApp.token="+s.token, "--NotebookApp.open_browser=False",
		"--notebook-dir="+filepath.Join(s.Dir, "notebooks"))
	if os.Geteuid() == 0 {
		s.server.Args = append(s.server.Args, "--allow-root")
	}
	s.server.Env = append(os.Environ(),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"PYDEVD_DISABLE_FILE_VALIDATION=1")
	s.server.Stdout, s.server.Stderr = s.log, s.log
	s.server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its kernels go with it
	if err := s.server.Start(); err != nil {
		return nil, err
	}
	s.exited = make(chan struct{})
	go func() { s.server.Wait(); close(s.exited) }()
	if err := s.waitForServer(60 * time.Second); err != nil {
		s.Close()
		return nil, err
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium-profile")),
		chromedp.WindowSize(1280, 4000), // tall, so a screenshot shows most of a notebook
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	s.cancel = append(s.cancel, cancelBrowser, cancelAlloc)
	if err := chromedp.Do(bctx); err != nil { // start the browser now
		s.Close()
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	s.browser = bctx
	return s, nil
}

func (s *Session) waitForServer(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.url + "/api/status?token=" + s.token)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return fmt.Errorf("the Jupyter server stopped; its log:\n%s", s.Log())
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("the Jupyter server did not answer within %v; its log:\n%s", limit, s.Log())
}

// Log returns the end of the Jupyter server's log.
func (s *Session) Log() string {
	b, _ := os.ReadFile(s.log.Name())
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Close stops the browser and the Jupyter server with its kernels, whatever
// state they are in.
func (s *Session) Close() {
	for _, c := range s.cancel {
		c()
	}
	if s.server != nil && s.server.Process != nil {
		pgid := s.server.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.exited
		}
	}
	if s.log != nil {
		s.log.Close()
	}
}

// A CellFailure names the cell of a notebook that went wrong in the browser.
type CellFailure struct {
	Notebook string
	Cell     int // 1-based, among all the notebook's cells, as the checkers count
	Source   string
	Problem  string
}

func (f *CellFailure) Error() string {
	line, _, _ := strings.Cut(strings.TrimSpace(f.Source), "\n")
	return fmt.Sprintf("%s cell %d (%s): %s", f.Notebook, f.Cell, line, f.Problem)
}

// A Run is what running one notebook in the browser gave.
type Run struct {
	Kernel     string // the kernel name the page showed
	Cells      int    // code cells run
	Images     int    // images in the outputs
	Screenshot []byte // PNG of the whole page at the end
}

// cellState is what the page says of one cell after it ran.
type cellState struct {
	Type    string   `json:"type"`
	Source  string   `json:"source"`
	Prompt  string   `json:"prompt"`
	Outputs []string `json:"outputs"` // output types
	Errors  []string `json:"errors"`
	Images  int      `json:"images"`
	Raises  bool     `json:"raises"` // tagged raises-exception: an exercise's check, failing on the starter
}

// RunNotebook opens the notebook (a name in the notebooks folder), waits for
// the Go kernel, clears the stored outputs, and runs the code cells one by
// one as a person does: select the cell, press Shift+Enter, wait until the
// kernel has finished it. A cell fails when it shows an error (or, tagged
// raises-exception, shows none), or shows no output where wantOutput says
// the stored notebook has some.
func (s *Session) RunNotebook(name string, wantOutput func(cell int) bool, perCell time.Duration) (*Run, error) {
	ctx, cancel := chromedp.NewContext(s.browser)
	defer cancel()
	run := &Run{}
	defer func() {
		if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			run.Screenshot = buf
		}
	}()
	count, err := s.open(ctx, name, run)
	if err != nil {
		return run, err
	}
	for i := 0; i < count; i++ {
		typ, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`Jupyter.notebook.get_cell(%d).cell_type`, i)))
		if err != nil {
			return run, err
		}
		if typ != "code" {
			continue
		}
		st, err := runCell(ctx, name, i, perCell)
		if err != nil {
			return run, err
		}
		run.Cells++
		run.Images += st.Images
		switch {
		case st.Raises && len(st.Errors) == 0:
			return run, &CellFailure{name, i + 1, st.Source, "no error output, where the cell is tagged raises-exception"}
		case !st.Raises && len(st.Errors) > 0:
			return run, &CellFailure{name, i + 1, st.Source, "error output: " + strings.Join(st.Errors, "; ")}
		case wantOutput(i) && len(st.Outputs) == 0:
			return run, &CellFailure{name, i + 1, st.Source, "no output, where the stored notebook has some"}
		}
	}
	return run, nil
}

// kernelIdle is true once the page's kernel is connected and idle.
const kernelIdle = `(() => {
	const k = window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel;
	return !!(k && k.is_connected() && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'));
})()`

// open loads the notebook's page and waits for its kernel to be idle (a
// page that missed the kernel's start is loaded once more), notes the
// kernel's name as the page shows it, clears the stored outputs and
// returns how many cells the notebook has.
func (s *Session) open(ctx context.Context, name string, run *Run) (int, error) {
	nbURL := s.url + "/notebooks/" + name + "?token=" + s.token
	err := chromedp.Do(ctx,
		chromedp.Navigate(nbURL),
		chromedp.WaitVisible(chromedp.CSS(`#notebook-container`)),
	)
	if err != nil {
		return 0, fmt.Errorf("%s: opening the page: %w", name, err)
	}
	if err := waitJS(ctx, 60*time.Second, kernelIdle); err != nil {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			return 0, err
		}
		if err := waitJS(ctx, 120*time.Second, kernelIdle); err != nil {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#kernel_indicator_icon') ? document.querySelector('#kernel_indicator_icon').className : 'no kernel indicator'`))
			return 0, fmt.Errorf("%s: the kernel did not become idle (%s): %w", name, state, err)
		}
	}
	if run.Kernel, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.kernel_indicator_name').textContent`)); err != nil {
		return 0, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[int](`Jupyter.notebook.clear_all_output(); Jupyter.notebook.ncells()`))
}

// runCell runs cell i as a person does and returns what the page then
// shows of it. It selects the cell, leaves edit mode, notes how many times
// the kernel has gone idle so far, and presses Shift+Enter; the cell has
// finished when its prompt shows a number (not "*") and the kernel has gone
// idle since the key was pressed, which it announces after the cell's last
// output.
func runCell(ctx context.Context, name string, i int, limit time.Duration) (cellState, error) {
	sel := fmt.Sprintf(`(() => {
		if (window.nbIdle === undefined) {
			window.nbIdle = 0;
			Jupyter.notebook.events.on('kernel_idle.Kernel', () => { window.nbIdle++; });
		}
		window.nbIdleBefore = window.nbIdle;
		Jupyter.notebook.select(%d);
		Jupyter.notebook.command_mode();
		Jupyter.notebook.get_cell(%d).element[0].scrollIntoView();
		return true;
	})()`, i, i)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](sel)); err != nil {
		return cellState{}, err
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift))); err != nil {
		return cellState{}, err
	}
	done := fmt.Sprintf(`(() => {
		const c = Jupyter.notebook.get_cell(%d);
		return typeof c.input_prompt_number === 'number' && window.nbIdle > window.nbIdleBefore;
	})()`, i)
	if err := waitJS(ctx, limit, done); err != nil {
		src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`Jupyter.notebook.get_cell(%d).get_text()`, i)))
		return cellState{}, &CellFailure{name, i + 1, src, fmt.Sprintf("did not finish within %v", limit)}
	}
	return chromedp.Run(ctx, chromedp.Evaluate[cellState](fmt.Sprintf(`(() => {
		const c = Jupyter.notebook.get_cell(%d);
		const outs = c.output_area.outputs;
		return {
			type: c.cell_type, source: c.get_text(), prompt: String(c.input_prompt_number),
			outputs: outs.map(o => o.output_type),
			errors: outs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
			images: c.output_area.element[0].querySelectorAll('img').length,
			raises: (c.metadata.tags || []).includes('raises-exception'),
		};
	})()`, i)))
}

// waitJS polls a JavaScript expression until it is true.
func waitJS(ctx context.Context, limit time.Duration, expr string) error {
	deadline := time.Now().Add(limit)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return err
			}
			return fmt.Errorf("still not so after %v", limit)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
