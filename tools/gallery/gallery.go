package main

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/fsutil"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A Page is one rendered notebook.
type Page struct {
	File  string // the HTML file, in the output folder
	Title string // the notebook's first heading
}

// Render converts the notebooks in dir to HTML pages in out, and writes
// out/index.html linking them in order.
func Render(dir, out string) ([]Page, error) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		return nil, fmt.Errorf("jupyter not found on PATH: run tools/setup.sh")
	}
	files, err := input.Expand([]string{dir})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no notebooks in %s", dir)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var pages []Page
	for _, f := range files {
		nb, err := ipynb.ReadFile(f)
		if err != nil {
			return nil, err
		}
		base := strings.TrimSuffix(filepath.Base(f), ".ipynb")
		cmd := exec.Command(jupyter, "nbconvert", "--to", "html", "--output-dir", out, "--output", base, f)
		cmd.Env = append(os.Environ(), "PYDEVD_DISABLE_FILE_VALIDATION=1")
		if b, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("nbconvert %s: %w\n%s", f, err, b)
		}
		pages = append(pages, Page{File: base + ".html", Title: title(nb, base)})
	}
	var buf bytes.Buffer
	if err := index.Execute(&buf, pages); err != nil {
		return nil, err
	}
	return pages, fsutil.WriteFile(filepath.Join(out, "index.html"), buf.Bytes())
}

// title returns the text of the notebook's first markdown heading.
func title(nb *ipynb.Notebook, fallback string) string {
	for _, c := range nb.Cells {
		if c.Type != "markdown" {
			continue
		}
		for _, line := range strings.Split(c.Source, "\n") {
			if strings.HasPrefix(line, "#") {
				return strings.TrimSpace(strings.TrimLeft(line, "#"))
			}
		}
	}
	return fallback
}

var index = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Go concurrency notebooks</title>
<style>body { font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5 } li { margin: .4em 0 }</style>
</head>
<body>
<h1>Go concurrency notebooks</h1>
<p>The Python <code>threading</code> lesson, taught again in Go and measured. Each page shows a notebook
with the outputs of its last run on the gophernotes kernel.</p>
<ol>
{{range .}}<li><a href="{{.File}}">{{.Title}}</a></li>
{{end}}</ol>
</body>
</html>
`))
