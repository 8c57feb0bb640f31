// Command lite builds the lessons as a JupyterLite site: JupyterLab served
// as static files, with a Go kernel that runs in the browser (the engine
// nbcheck uses and the helper packages, compiled to WebAssembly, in a Web
// Worker). Nothing needs to be installed to use it: any static file server
// serves it, and any browser runs it.
//
//	go run ./tools/lite -o site
//	python3 -m http.server -d site 8000    # or any static server; then open http://localhost:8000
//
// It builds, in order: the kernel's WebAssembly (GOOS=js GOARCH=wasm go
// build ./tools/lite/wasm); the JupyterLite extension of the kernel
// (tools/lite/extension: npm ci, then jupyter-builder build, with
// @jupyter/builder pinned in its package-lock.json); and the site, with
// jupyterlite-core's jupyter lite build (from requirements.txt), the
// notebooks as its contents. The site is built in a temporary folder and
// put in place of the -o folder at the end, so a failed build leaves the
// old site as it was.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/goconcurrency/notebooks/tools/lite/internal/site"
)

func main() {
	out := flag.String("o", "site", "the folder to write the site to (replaced)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./tools/lite [-o folder]\n\nBuilds the lessons as a JupyterLite site with the Go kernel in the browser.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	report, err := site.Build(*out, site.Options{}, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lite:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, report)
}
