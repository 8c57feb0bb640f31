// Command kernel builds the gophernotes Go kernel for the Go on this machine
// and installs it for Jupyter as the user kernelspec "gophernotes".
//
// Run it from the repository:
//
//	go run ./tools/kernel
//
// The versions come from the module in tools/kernel/gophernotes (its go.sum
// makes the build reproducible). The source of the kernel and of its
// interpreter, gomacro, is copied from the module cache into a build folder
// under the user cache directory, the patches in tools/kernel/patches (and
// tools/kernel/patches/gomacro) are applied to those copies, and the kernel
// is built from them; nothing of their source is kept in this repository. A
// build is reused while Go, the pins and the patches are unchanged, so
// running the command again is quick.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/kernelrun"
)

const (
	kernelModule  = "github.com/gopherdata/gophernotes"
	gomacroModule = "github.com/cosmos72/gomacro"
	ourModule     = "github.com/goconcurrency/notebooks"
	// KernelName is the kernelspec name the notebooks ask for.
	kernelName = "gophernotes"
)

// patched are the modules the kernel is built from patched copies of, and
// the folders (in tools/kernel) of their patches.
var patched = []struct{ module, patches string }{
	{kernelModule, "patches"},
	{gomacroModule, filepath.Join("patches", "gomacro")},
}

// The first fetch of these modules has no entry in the public checksum
// database to check against.
const noSumDB = "github.com/cosmos72,github.com/gopherdata,github.com/go-zeromq"

func main() {
	force := flag.Bool("force", false, "rebuild the kernel even when a build for this Go and these pins exists")
	flag.Parse()
	if err := install(*force); err != nil {
		fmt.Fprintln(os.Stderr, "kernel:", err)
		os.Exit(1)
	}
}

func install(force bool) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return errors.New("go not found on PATH: install Go 1.26 or newer")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		return errors.New("gcc not found: the kernel compiles imported packages with cgo; run bash tools/setup.sh (it installs gcc)")
	}
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		return errors.New("jupyter not found on PATH: run bash tools/setup.sh (it installs requirements.txt into .venv and the kernel), or put .venv/bin first on PATH")
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	here := filepath.Join(root, "tools", "kernel")

	// The kernel compiles notebook imports offline (see kernelEnv): the
	// module's own requirements must be in the module cache.
	if err := goCmd(root, nil, "mod", "download"); err != nil {
		return err
	}

	key, err := buildKey(goBin, here)
	if err != nil {
		return err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return err
	}
	buildDir := filepath.Join(cache, "goconcurrency-notebooks", "kernel", key)
	built := filepath.Join(buildDir, "gophernotes")
	if _, err := os.Stat(built); err != nil || force {
		fmt.Println("kernel: building gophernotes (about a minute) in", buildDir)
		if err := build(here, buildDir, built); err != nil {
			return err
		}
	} else {
		fmt.Println("kernel: reusing the build in", buildDir)
	}

	gopath, err := goOutput(root, "env", "GOPATH")
	if err != nil {
		return err
	}
	bin := filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "bin", "gophernotes")
	if err := fsutil.CopyFile(built, bin, 0o755); err != nil {
		return err
	}

	env, err := kernelEnv(root)
	if err != nil {
		return err
	}
	// The kernel builds the plugins of the packages a notebook imports in
	// this GOPATH, offline where the proxy refuses, from the module cache
	// filled here: keep it however Jupyter is started.
	env["GOPATH"] = gopath
	if cache, err := goOutput(root, "env", "GOMODCACHE"); err == nil && cache != filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod") {
		env["GOMODCACHE"] = cache
	}
	dataDir, err := output(exec.Command(jupyter, "--data-dir"))
	if err != nil {
		return fmt.Errorf("jupyter --data-dir: %w", err)
	}
	specDir := filepath.Join(dataDir, "kernels", kernelName)
	if err := writeSpec(specDir, bin, env, filepath.Join(buildDir, "src", path.Base(kernelModule), "kernel")); err != nil {
		return err
	}
	fmt.Printf("kernel: installed kernelspec %q (Go) in %s, running %s\n", kernelName, specDir, bin)

	// The first import of the helper builds its plugin, seconds; the kernel
	// caches it, so that every lesson opened afterwards imports it at once.
	if err := warmPluginCache(filepath.Join(root, "notebooks")); err != nil {
		fmt.Fprintf(os.Stderr, "kernel: the helper's plugin was not built ahead, the first lesson will build it: %v\n", err)
	} else {
		fmt.Println("kernel: the helper's plugin is built and cached")
	}
	return nil
}

// warmUp imports the helper in a new kernel (the kernelspec named by its
// second argument), with jupyter_client, from the folder named by its first.
const warmUp = `import subprocess, sys
from jupyter_client.manager import start_new_kernel
km, kc = start_new_kernel(kernel_name=sys.argv[2], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    reply = kc.execute_interactive('import "../pkg/threading"', timeout=300, output_hook=lambda msg: None)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
if reply["content"]["status"] != "ok":
    sys.exit(reply["content"].get("evalue", "the import failed"))
`

// warmPluginCache has the installed kernel import the helper once, from the
// notebooks folder, so that its plugin is in the kernel's cache.
func warmPluginCache(notebooks string) error {
	cmd := exec.Command(kernelrun.FindPython(), "-c", warmUp, notebooks, kernelName)
	cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, bytes.TrimSpace(b))
	}
	return nil
}

// repoRoot finds this repository's root from the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module "+ourModule+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run this from inside the repository of %s", ourModule)
		}
		dir = parent
	}
}

// buildKey names a build by everything that goes into it.
func buildKey(goBin, here string) (string, error) {
	h := sha256.New()
	v, err := output(exec.Command(goBin, "version"))
	if err != nil {
		return "", err
	}
	fmt.Fprintln(h, v, runtime.GOOS, runtime.GOARCH)
	files := []string{filepath.Join(here, "gophernotes", "go.mod"), filepath.Join(here, "gophernotes", "go.sum")}
	for _, m := range patched {
		files = append(files, patchFiles(here, m.patches)...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(here, f)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// patchFiles returns the patches in a folder of tools/kernel, in the order
// they apply.
func patchFiles(here, dir string) []string {
	files, _ := filepath.Glob(filepath.Join(here, dir, "*.patch"))
	sort.Strings(files)
	return files
}

// build copies the pinned source of the patched modules out of the module
// cache, patches the copies and builds the kernel from them.
func build(here, buildDir, out string) error {
	if err := os.RemoveAll(buildDir); err != nil {
		return err
	}
	modDir := filepath.Join(buildDir, "mod")
	if err := os.MkdirAll(modDir, 0o755); err != nil {
		return err
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := fsutil.CopyFile(filepath.Join(here, "gophernotes", f), filepath.Join(modDir, f), 0o644); err != nil {
			return err
		}
	}
	var replace strings.Builder
	for _, m := range patched {
		src, err := patchedCopy(here, modDir, buildDir, m.module, m.patches)
		if err != nil {
			return err
		}
		fmt.Fprintf(&replace, "\nreplace %s => %s\n", m.module, src)
	}
	f, err := os.OpenFile(filepath.Join(modDir, "go.mod"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(replace.String())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := goCmd(modDir, nil, "build", "-o", tmp, kernelModule); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// patchedCopy copies the source of module, at the version modDir pins, from
// the module cache to buildDir/src/<its last path element>, applies the
// patches of the folder patches to the copy, and returns the copy's folder.
func patchedCopy(here, modDir, buildDir, module, patches string) (string, error) {
	j, err := goOutput(modDir, "mod", "download", "-json", module)
	if err != nil {
		return "", err
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal([]byte(j), &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", module, info.Error)
	}
	srcDir := filepath.Join(buildDir, "src", path.Base(module))
	if err := fsutil.CopyTree(info.Dir, srcDir); err != nil {
		return "", err
	}
	for _, p := range patchFiles(here, patches) {
		cmd := exec.Command("git", "apply", "-p1", p)
		cmd.Dir = srcDir
		// The copy is no git repository; keep git from finding one above it.
		cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+buildDir)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("applying %s to %s: %w\n%s", filepath.Base(p), module, err, b)
		}
		fmt.Printf("kernel: applied %s to %s\n", filepath.Base(p), path.Base(module))
	}
	return srcDir, nil
}

// kernelEnv returns the environment the kernel needs. GODEBUG keeps gomacro
// from meeting type aliases it does not know. When the notebook imports a
// package of this repository by relative path, gomacro compiles it as a
// plugin in a module that replaces our module with this folder; where the
// module proxy refuses to answer for a module it does not know, that only
// works with GOPROXY=off. Find out by doing what gomacro does.
func kernelEnv(root string) (map[string]string, error) {
	env := map[string]string{"GODEBUG": "gotypesalias=0"}
	try := func(extra []string) error {
		dir, err := os.MkdirTemp("", "kernel-probe")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		mod := fmt.Sprintf("module gomacro.imports/probe\n\nreplace %s => %s\n", ourModule, root)
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
			return err
		}
		return goCmd(dir, extra, "get", ourModule+"/pkg/threading")
	}
	if err := try(nil); err == nil {
		return env, nil
	}
	// Offline, the checksum database cannot be asked either: the modules
	// come from the module cache, which go.sum checked when they entered it.
	if err := try([]string{"GOPROXY=off", "GOSUMDB=off"}); err != nil {
		return nil, fmt.Errorf("the kernel could not resolve %s/pkg/threading even offline: %w", ourModule, err)
	}
	fmt.Println("kernel: the module proxy refuses unknown modules here; the kernel runs with GOPROXY=off GOSUMDB=off")
	env["GOPROXY"] = "off"
	env["GOSUMDB"] = "off"
	return env, nil
}

// writeSpec writes the kernelspec folder (kernel.json and the logos) through
// a temporary folder, so Jupyter never sees half of it.
func writeSpec(specDir, bin string, env map[string]string, logos string) error {
	spec := map[string]any{
		"argv":         []string{bin, "{connection_file}"},
		"display_name": "Go",
		"language":     "go",
		"env":          env,
		// Stop sends an interrupt_request on the control channel (the
		// kernel stops the running cell on SIGINT too)
		"interrupt_mode": "message",
	}
	b, err := json.MarshalIndent(spec, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(specDir, 0o755); err != nil {
		return err
	}
	if err := fsutil.WriteFile(filepath.Join(specDir, "kernel.json"), append(b, '\n')); err != nil {
		return err
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		if err := fsutil.CopyFile(filepath.Join(logos, logo), filepath.Join(specDir, logo), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func goCmd(dir string, extraEnv []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GONOSUMDB="+noSumDB, "GOFLAGS=-mod=mod")
	cmd.Env = append(cmd.Env, extraEnv...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (in %s): %w\n%s", strings.Join(args, " "), dir, err, b)
	}
	return nil
}

func goOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GONOSUMDB="+noSumDB, "GOFLAGS=-mod=mod")
	return output(cmd)
}

func output(cmd *exec.Cmd) (string, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(b)), nil
}
