package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The gallery renders every notebook, with its stored outputs and the
// chart, and an index page linking them all.
func TestGalleryRendersEveryNotebook(t *testing.T) {
	if _, err := exec.LookPath("jupyter"); err != nil {
		t.Skip("needs Jupyter's nbconvert: run tools/setup.sh")
	}
	out := t.TempDir()
	pages, err := Render("../../notebooks", out)
	if err != nil {
		t.Fatal(err)
	}
	notebooks, _ := filepath.Glob("../../notebooks/*.ipynb")
	if len(pages) != len(notebooks) {
		t.Errorf("%d pages for %d notebooks", len(pages), len(notebooks))
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		html, err := os.ReadFile(filepath.Join(out, p.File))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(index), `href="`+p.File+`"`) || p.Title == "" {
			t.Errorf("index does not link %s (%q)", p.File, p.Title)
		}
		// nbconvert 7 writes alt and class before src.
		if strings.Contains(p.File, "cpu-bound") && !chart.MatchString(string(html)) {
			t.Errorf("%s has no chart", p.File)
		}
		if strings.Contains(p.File, "goroutines") && !strings.Contains(string(html), "woke up") {
			t.Errorf("%s lacks its stored outputs", p.File)
		}
	}
}

var chart = regexp.MustCompile(`<img [^>]*src="data:image/png;base64,`)
