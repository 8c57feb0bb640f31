// Package site builds the JupyterLite site of the lessons (see
// tools/lite): the kernel's WebAssembly, its JupyterLite extension, and
// jupyter lite build over them and the notebooks.
package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
)

// ExtensionName is the npm name of the kernel's JupyterLite extension, and
// the folder of the site's extensions it is served from.
const ExtensionName = "go-notebooks-lite-kernel"

// KernelName is the kernelspec the kernel registers: the lessons', so they
// open on it as they are.
const KernelName = "gophernotes"

// A Report says what a build made.
type Report struct {
	Dir          string
	Notebooks    int
	WasmBytes    int64 // kernel.wasm
	WasmGzip     int64 // kernel.wasm, gzipped (what a server that compresses sends)
	SiteBytes    int64 // every file of the site
	WasmBuild    time.Duration
	ExtBuild     time.Duration
	JupyterBuild time.Duration
}

func (r Report) String() string {
	return fmt.Sprintf("lite: built %s: %d notebooks; kernel.wasm %.1f MB (%.1f MB gzipped); the site %.1f MB in all; "+
		"took: wasm %v, extension %v, jupyter lite build %v",
		r.Dir, r.Notebooks, mb(r.WasmBytes), mb(r.WasmGzip), mb(r.SiteBytes),
		r.WasmBuild.Round(time.Second), r.ExtBuild.Round(time.Second), r.JupyterBuild.Round(time.Second))
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// Options change what Build makes.
type Options struct {
	// ExposeApp sets JupyterLab's exposeAppInBrowser, which puts the
	// application on window.jupyterapp, for tests that drive it.
	ExposeApp bool
}

// Build builds the site into out (replacing it), logging the tools' output
// to log. It runs from anywhere inside the module.
func Build(out string, opt Options, log io.Writer) (Report, error) {
	r := Report{Dir: out}
	root, err := moduleRoot()
	if err != nil {
		return r, err
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return r, err
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), ".lite-build-*")
	if err != nil {
		return r, fmt.Errorf("making a build folder: %w", err)
	}
	defer os.RemoveAll(stage)

	ext := filepath.Join(stage, "extensions", ExtensionName)
	goDir := filepath.Join(ext, "static", "go")

	t := time.Now()
	if err := BuildWasm(root, filepath.Join(goDir, "kernel.wasm"), log); err != nil {
		return r, err
	}
	r.WasmBuild = time.Since(t)

	t = time.Now()
	built, err := BuildExtension(root, log)
	if err != nil {
		return r, err
	}
	if err := fsutil.CopyTree(built, ext); err != nil {
		return r, fmt.Errorf("staging the extension: %w", err)
	}
	r.ExtBuild = time.Since(t)
	for _, f := range []struct{ src, name string }{
		{filepath.Join(root, "tools", "lite", "web", "worker.js"), "worker.js"},
		{filepath.Join(root, "tools", "lite", "web", "gofs.js"), "gofs.js"},
		{filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"), "wasm_exec.js"},
	} {
		if err := fsutil.CopyFile(f.src, filepath.Join(goDir, f.name), 0o644); err != nil {
			return r, fmt.Errorf("staging the worker: %w", err)
		}
	}

	contents := filepath.Join(stage, "contents")
	nbs, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil || len(nbs) == 0 {
		return r, fmt.Errorf("no notebooks in %s", filepath.Join(root, "notebooks"))
	}
	for _, nb := range nbs {
		if err := fsutil.CopyFile(nb, filepath.Join(contents, filepath.Base(nb)), 0o644); err != nil {
			return r, err
		}
	}
	r.Notebooks = len(nbs)

	liteDir := filepath.Join(stage, "lite")
	if err := os.MkdirAll(liteDir, 0o755); err != nil {
		return r, err
	}
	data := map[string]any{
		"appName":           "Go concurrency notebooks",
		"defaultKernelName": KernelName,
	}
	if opt.ExposeApp {
		data["exposeAppInBrowser"] = true
	}
	config := map[string]any{"jupyter-lite-schema-version": 0, "jupyter-config-data": data}
	b, _ := json.MarshalIndent(config, "", "  ")
	if err := fsutil.WriteFile(filepath.Join(liteDir, "jupyter-lite.json"), b); err != nil {
		return r, err
	}

	t = time.Now()
	built = filepath.Join(stage, "site")
	cmd := exec.Command(venvCommand(root, "jupyter"), "lite", "build",
		"--lite-dir", liteDir,
		"--output-dir", built,
		"--contents", contents,
		"--ignore-sys-prefix",
		"--no-sourcemaps",
		"--FederatedExtensionAddon.extra_labextensions_path="+filepath.Join(stage, "extensions"),
	)
	cmd.Dir = liteDir
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("jupyter lite build: %w", err)
	}
	r.JupyterBuild = time.Since(t)

	wasm := filepath.Join(built, "extensions", ExtensionName, "static", "go", "kernel.wasm")
	if r.WasmBytes, r.WasmGzip, err = sizes(wasm); err != nil {
		return r, fmt.Errorf("the site has no kernel: %w", err)
	}
	r.SiteBytes, err = treeSize(built)
	if err != nil {
		return r, err
	}
	return r, replace(built, out)
}

// BuildWasm builds the kernel's WebAssembly into dst.
func BuildWasm(root, dst string, log io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", dst, "./tools/lite/wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the kernel's WebAssembly: %w", err)
	}
	return nil
}

// BuildExtension builds the kernel's JupyterLite extension and returns the
// folder of the built extension. npm ci runs when node_modules is missing
// or older than package-lock.json.
func BuildExtension(root string, log io.Writer) (string, error) {
	src := filepath.Join(root, "tools", "lite", "extension")
	if stale(filepath.Join(src, "node_modules", ".package-lock.json"), filepath.Join(src, "package-lock.json")) {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = src
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("npm ci in %s: %w", src, err)
		}
	}
	cmd := exec.Command(venvCommand(root, "jupyter-builder"), "build", src)
	cmd.Dir = src
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the extension (jupyter-builder build %s): %w", src, err)
	}
	built := filepath.Join(src, "build")
	if _, err := os.Stat(filepath.Join(built, "package.json")); err != nil {
		return "", fmt.Errorf("the extension's build has no package.json: %w", err)
	}
	return built, nil
}

// stale reports whether made is missing or older than from.
func stale(made, from string) bool {
	m, err := os.Stat(made)
	if err != nil {
		return true
	}
	f, err := os.Stat(from)
	return err != nil || m.ModTime().Before(f.ModTime())
}

// venvCommand returns the command name of the module's .venv
// (tools/setup.sh makes it from requirements.txt), or name on PATH.
func venvCommand(root, name string) string {
	venv := filepath.Join(root, ".venv", "bin", name)
	if _, err := os.Stat(venv); err == nil {
		return venv
	}
	return name
}

// moduleRoot returns the folder of the module's go.mod, looking up from
// the working folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/goconcurrency/notebooks")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run it inside the module github.com/goconcurrency/notebooks")
		}
		dir = parent
	}
}

// sizes returns a file's size, and its size gzipped.
func sizes(path string) (plain, gz int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var n counter
	w, _ := gzip.NewWriterLevel(&n, gzip.BestCompression)
	plain, err = io.Copy(w, f)
	if err == nil {
		err = w.Close()
	}
	return plain, int64(n), err
}

type counter int64

func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }

// treeSize is the size of the files under dir.
func treeSize(dir string) (int64, error) {
	var total int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			total += info.Size()
		}
		return err
	})
	return total, err
}

// replace puts the folder built in place of out: out is moved aside, built
// renamed to out, and the old one removed.
func replace(built, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		sum := sha256.Sum256([]byte(built))
		old = out + ".old-" + hex.EncodeToString(sum[:4])
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("replacing %s: %w", out, err)
		}
	}
	if err := os.Rename(built, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("replacing %s: %w", out, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
