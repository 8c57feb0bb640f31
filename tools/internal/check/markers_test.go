package check_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
	"github.com/goconcurrency/notebooks/tools/internal/report"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

var updateGolden = flag.Bool("update", false, "rewrite update-fresh.ipynb in testdata")

// codeCells counts the code cells of a notebook, and those marked to skip.
func codeCells(t *testing.T, path string) (code, skip int) {
	t.Helper()
	nb, err := ipynb.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nb.Cells {
		if c.Type == "code" {
			code++
			if m, _ := marker.Of(c); m.Skip {
				skip++
			}
		}
	}
	return code, skip
}

// Each cell of markers.ipynb passes only because of its marker: skipped
// cells would panic or exit, ignored outputs are a clock and a random
// number, raised errors are worded otherwise in the stored notebook,
// concurrent lines are stored in another order, images hold other pixels,
// one cell sleeps past the run's timeout, and one prints a pointer and a
// temporary path.
func TestMarkersNotebookPasses(t *testing.T) {
	const path = "testdata/markers.ipynb"
	o := opt
	o.Engine.Timeout = time.Second
	r := check.Run(context.Background(), path, o)
	var buf bytes.Buffer
	report.Text(&buf, []verdict.Result{r})
	code, skip := codeCells(t, path)
	passed, failed, skipped := r.Counts()
	if r.Err != nil || failed != 0 || skipped != skip || passed != code-skip {
		t.Errorf("%d passed, %d failed, %d skipped; want %d passed, 0 failed, %d skipped:\n%s", passed, failed, skipped, code-skip, skip, buf.String())
	}
	for _, c := range r.Cells {
		if c.Skipped && c.Outputs != nil {
			t.Errorf("cell %d is marked to skip but ran", c.Index)
		}
	}
}

func encodePNG(t *testing.T, w, h int, seed byte) string {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = seed + byte(i)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// A notebook executed by another engine (nbconvert on gophernotes) is
// compared under the same markers: nbconvert runs skipped cells, words
// errors its own way, prints concurrent lines in another order and draws
// other pixels.
func TestCompareNotebooksHonoursMarkers(t *testing.T) {
	stored, err := input.Load("testdata/markers.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	executed := func(change func(c *ipynb.Cell, m marker.Markers)) *ipynb.Notebook {
		nb, _ := ipynb.ReadFile("testdata/markers.ipynb")
		for _, c := range nb.Cells {
			if c.Type == "code" {
				m, _ := marker.Of(c)
				change(c, m)
			}
		}
		return nb
	}
	kernelRun := func(c *ipynb.Cell, m marker.Markers) {
		switch {
		case m.Skip:
			c.Outputs = []*ipynb.Output{{Type: "error", Ename: "ERROR", Evalue: "it ran on the kernel"}}
		case m.IgnoreOutput:
			c.Outputs = []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "something else\n"}}
		case m.RaisesException:
			c.Outputs[0].Evalue = "the kernel's own words"
		case m.Compare.AnyOrder:
			o := c.Outputs[0]
			ls := strings.SplitAfter(o.Text, "\n")
			ls[0], ls[1] = ls[1], ls[0]
			o.Text = strings.Join(ls, "")
		case m.Compare.ImageSize:
			d := c.Outputs[0].Data
			w, h := c.Outputs[0].Metadata["width"], c.Outputs[0].Metadata["height"]
			d["image/png"] = encodePNG(t, atoi(t, w), atoi(t, h), 7)
		}
	}
	r := verdict.Notebooks("markers.ipynb", stored.Notebook, executed(kernelRun), stored.Markers, compare.Default())
	var buf bytes.Buffer
	if _, failed := report.Text(&buf, []verdict.Result{r}); failed > 0 || r.Err != nil {
		t.Errorf("the kernel's run fails:\n%s", buf.String())
	}
	code, skip := codeCells(t, "testdata/markers.ipynb")
	if p, f, s := r.Counts(); p != code-skip || f != 0 || s != skip {
		t.Errorf("%d passed, %d failed, %d skipped", p, f, s)
	}

	// Another size of image, an error not raised, a lost line: failures.
	broken := executed(func(c *ipynb.Cell, m marker.Markers) {
		kernelRun(c, m)
		switch {
		case m.Compare.ImageSize:
			c.Outputs[0].Data["image/png"] = encodePNG(t, 5, 5, 1)
		case m.RaisesException:
			c.Outputs = nil
		case m.Compare.AnyOrder:
			c.Outputs[0].Text = strings.SplitAfter(c.Outputs[0].Text, "\n")[0]
		}
	})
	buf.Reset()
	report.Text(&buf, []verdict.Result{verdict.Notebooks("markers.ipynb", stored.Notebook, broken, stored.Markers, compare.Default())})
	for _, want := range []string{"image size differs: stored 64x40, got 5x5", "image size differs: stored 30x20, got 5x5",
		"raised no error, but is marked raises-exception", "(lines compared in any order)", "0 skipped"} {
		if want == "0 skipped" {
			want = ", 2 skipped"
		}
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, buf.String())
		}
	}
}

// atoi reads a number of the notebook's metadata.
func atoi(t *testing.T, v any) int {
	t.Helper()
	n, err := strconv.Atoi(fmt.Sprint(v))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func copyFile(t *testing.T, from, dir string) string {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(dir, filepath.Base(from))
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// -update turns update-stale.ipynb into update-fresh.ipynb: new outputs
// where they differ, counts 1, 2, 3..., skipped cells and matching outputs
// as they were. A second update changes nothing, not even the file's
// identity.
func TestUpdateWritesFreshOutputs(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, "testdata/update-stale.ipynb", dir)
	o := opt
	o.Update = true
	r := check.Run(context.Background(), path, o)
	var buf bytes.Buffer
	if _, failed := report.Text(&buf, []verdict.Result{r}); failed > 0 || r.Err != nil || r.NotWritten != nil {
		t.Fatalf("update failed:\n%s", buf.String())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if *updateGolden {
		if err := os.WriteFile("testdata/update-fresh.ipynb", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/update-fresh.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("updated notebook differs from testdata/update-fresh.ipynb:\n%s", got)
	}
	if !strings.Contains(buf.String(), "updated "+path+": outputs of cells") {
		t.Errorf("report does not say what was updated:\n%s", buf.String())
	}

	before, _ := os.Stat(path)
	r = check.Run(context.Background(), path, o)
	after, _ := os.Stat(path)
	if len(r.Updated) != 0 || r.NotWritten != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a second update touched the file: updated %v, not written %v", r.Updated, r.NotWritten)
	}
	if passed, failed, _ := r.Counts(); failed != 0 || passed == 0 {
		t.Errorf("the updated notebook does not pass: %d passed, %d failed", passed, failed)
	}
}

// A notebook whose run failed other than by its outputs is not written.
func TestUpdateLeavesFailedRunsAlone(t *testing.T) {
	path := copyFile(t, "../report/testdata/failing.ipynb", t.TempDir())
	before, _ := os.ReadFile(path)
	o := opt
	o.Update = true
	r := check.Run(context.Background(), path, o)
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a notebook with failing cells was written")
	}
	if r.NotWritten == nil || len(r.Updated) != 0 {
		t.Errorf("NotWritten = %v, Updated = %v", r.NotWritten, r.Updated)
	}
	var buf bytes.Buffer
	if _, failed := report.Text(&buf, []verdict.Result{r}); failed == 0 || !strings.Contains(buf.String(), "not updated "+path+": cell ") {
		t.Errorf("report:\n%s", buf.String())
	}
}
