package browser

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// A Verdict is what Judge found on a page after Run All.
type Verdict struct {
	Problems []string // each names the notebook and the cell
	Cells    int      // code cells run
	Images   int      // images shown
}

// Judge checks the notebook a page shows after Run All against the stored
// notebook at storedPath:
//   - the notebook as the page holds it, against the stored one, by
//     nbcheck's comparer and the cells' markers (a cell tagged
//     raises-exception must end in an error, no other cell may);
//   - every code cell ran (shows an execution count);
//   - what the page shows: every code cell's editor is in Go and colours
//     each Go keyword of the cell as a keyword; a cell whose source the
//     notebook hides shows collapsed, and no other; every image of the
//     outputs is shown.
func (p *Page) Judge(storedPath string) (Verdict, error) {
	var v Verdict
	in, err := input.Load(storedPath)
	if err != nil {
		return v, err
	}
	stored := in.Notebook
	got, err := p.Notebook()
	if err != nil {
		return v, err
	}
	r := verdict.Notebooks(p.Name, stored, got, in.Markers, compare.Default())
	var buf bytes.Buffer
	if _, failed := report.Text(&buf, []verdict.Result{r}); failed > 0 || r.Err != nil {
		v.Problems = append(v.Problems, strings.TrimRight(buf.String(), "\n"))
	}
	if len(got.Cells) != len(stored.Cells) {
		return v, nil // CompareNotebooks said so
	}
	views, err := p.Cells()
	if err != nil {
		return v, err
	}
	if len(views) != len(got.Cells) {
		return v, fmt.Errorf("%s: the page shows %d cells, its notebook has %d", p.Name, len(views), len(got.Cells))
	}
	for i, c := range got.Cells {
		view := views[i]
		bad := func(format string, args ...any) {
			v.Problems = append(v.Problems, fmt.Sprintf("%s cell %d (%s): %s", p.Name, i+1, oneline.Of(c.Source), fmt.Sprintf(format, args...)))
		}
		switch hidden := SourceHidden(stored.Cells[i]); {
		case hidden && !view.Collapsed:
			bad("its source is hidden in the notebook, but the page shows it")
		case !hidden && view.Collapsed:
			bad("shows collapsed, but its source is not hidden")
		}
		if c.Type != "code" {
			continue
		}
		v.Cells++
		v.Images += view.Images
		if c.ExecutionCount == nil {
			bad("did not run")
		}
		if view.Language != "go" && !view.Collapsed {
			bad("the editor's language is %q, not go", view.Language)
		}
		var plain []string
		for _, kw := range GoKeywords(c.Source) {
			if !slices.Contains(view.Keywords, kw) {
				plain = append(plain, kw)
			}
		}
		if len(plain) > 0 && !view.Collapsed {
			bad("not highlighted as Go: %s not in the keyword colour (the words in it: %s)", strings.Join(plain, ", "), strings.Join(view.Keywords, ", "))
		}
		if n := images(c.Outputs); n != view.Images {
			bad("%d images in its outputs, %d shown", n, view.Images)
		}
	}
	return v, nil
}

// SourceHidden reports whether a cell's source is hidden (collapsed) in
// the notebook's metadata.
func SourceHidden(c *ipynb.Cell) bool {
	j, _ := c.Metadata["jupyter"].(map[string]any)
	h, _ := j["source_hidden"].(bool)
	return h
}

func images(outs []*ipynb.Output) int {
	n := 0
	for _, o := range outs {
		for mime := range o.Data {
			if mime == "image/png" || mime == "image/jpeg" || mime == "image/gif" {
				n++
				break
			}
		}
	}
	return n
}
