// Package browser drives the notebooks the way a learner does: in
// JupyterLab 4 (and Notebook 7, which the same server serves), in a real
// headless Chromium, through the page: its toolbar, menus, dialogs and
// keys.
//
// A Session starts JupyterLab as tools/open.sh does, on loopback, with a
// token and runtime, config, settings and workspace folders of its own,
// over a scratch copy of the repository's notebooks (running cells in the
// browser changes a notebook, and Jupyter saves it), and a Chromium with a
// profile of its own. Close stops both. Open opens a notebook in a tab: a
// Page, which reads what the page shows and the notebook as the page
// holds it (outputs included), for the tests to judge with nbcheck's
// comparer.
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

// StartChromium makes the browser context of a headless Chromium at path
// chromium, with its profile in the folder profile and a window of width by
// height: no sandbox (machines here run as root), no GPU, and none of the
// calls home (updates, sync, QUIC) that a machine without the internet
// would wait on. Chromium starts with the context's first action; cancel
// the context, then the allocator, to stop it.
func StartChromium(chromium, profile string, width, height int) (ctx context.Context, cancel, cancelAlloc context.CancelFunc) {
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
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel = chromedp.NewContext(actx)
	return ctx, cancel, cancelAlloc
}

// Start copies the repository at root (go.mod, go.sum, pkg/, notebooks/)
// into a scratch folder under tmp, starts JupyterLab over it and a
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
	settings := filepath.Join(tmp, "lab-settings")
	if err := writeSettings(settings); err != nil {
		return nil, err
	}
	// JupyterLab as open.sh starts it, which also serves Notebook 7 (/tree,
	// /notebooks/...). The app is exposed as window.jupyterapp, as
	// JupyterLab's own UI tests do, so the test can read the notebook's
	// model; everything a learner does goes through the page.
	s.server = exec.Command(jupyter, "lab", "--no-browser", "--ip=127.0.0.1",
		fmt.Sprintf("--port=%d", port), "--port-retries=0",
		"--IdentityProvider.token="+s.token,
		"--ServerApp.root_dir="+filepath.Join(s.Dir, "notebooks"),
		"--LabApp.expose_app_in_browser=True",
		"--JupyterNotebookApp.expose_app_in_browser=True")
	if os.Geteuid() == 0 {
		s.server.Args = append(s.server.Args, "--allow-root")
	}
	s.server.Env = append(os.Environ(),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"JUPYTERLAB_SETTINGS_DIR="+settings,
		"JUPYTERLAB_WORKSPACES_DIR="+filepath.Join(tmp, "lab-workspaces"),
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

	bctx, cancelBrowser, cancelAlloc := StartChromium(chromium, filepath.Join(tmp, "chromium-profile"), 1280, 1600)
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

// writeSettings writes the JupyterLab user settings of a test's server: no
// fetching of news or update checks (the machine has no network for them,
// and their toast would cover cells in the screenshots).
func writeSettings(dir string) error {
	path := filepath.Join(dir, "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return fsutil.WriteFile(path, []byte(`{"fetchNews": "false", "checkForUpdates": false}`+"\n"))
}
