package check

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/marker"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

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
	r := Run(context.Background(), path, o)
	var buf bytes.Buffer
	Report(&buf, []Result{r})
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

// normalizeReport takes out of a report what changes from run to run: the
// time taken and the goroutine stacks of a stopped cell.
func normalizeReport(s string) string {
	s = regexp.MustCompile(`\t\d+\.\d\ds\n`).ReplaceAllString(s, "\tT\n")
	return regexp.MustCompile(`(?s)(goroutines when stopped:\n).*?\n(    \S+: cells? \d)`).ReplaceAllString(s, "$1    (stacks)\n$2")
}

// Each cell of failing.ipynb fails in its own way; failing.golden is the
// report, less what changes from run to run.
func TestFailingNotebookGolden(t *testing.T) {
	r := Run(context.Background(), "testdata/failing.ipynb", opt)
	var buf bytes.Buffer
	Report(&buf, []Result{r})
	got := normalizeReport(buf.String())
	if *updateGolden {
		os.WriteFile("testdata/failing.golden", []byte(got), 0o644)
	}
	want, err := os.ReadFile("testdata/failing.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("report:\n%s\nwant (testdata/failing.golden):\n%s", got, want)
	}
	// The stopped cell's stacks show the goroutine waiting in it.
	var te *engine.TimeoutError
	for _, c := range r.Cells {
		if errors.As(c.Err, &te) && !strings.Contains(te.Stacks, "[chan receive]") {
			t.Errorf("stacks of the stopped cell lack the blocked receive:\n%s", te.Stacks)
		}
	}
	if te == nil {
		t.Error("no cell timed out")
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
	stored, err := Load("testdata/markers.ipynb")
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
		case m.AnyOrder:
			o := c.Outputs[0]
			ls := strings.SplitAfter(o.Text, "\n")
			ls[0], ls[1] = ls[1], ls[0]
			o.Text = strings.Join(ls, "")
		case m.ImageSize:
			d := c.Outputs[0].Data
			w, h := c.Outputs[0].Metadata["width"], c.Outputs[0].Metadata["height"]
			d["image/png"] = encodePNG(t, atoi(t, w), atoi(t, h), 7)
		}
	}
	r := CompareNotebooks("markers.ipynb", stored, executed(kernelRun), compare.Default())
	var buf bytes.Buffer
	if _, failed := Report(&buf, []Result{r}); failed > 0 || r.Err != nil {
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
		case m.ImageSize:
			c.Outputs[0].Data["image/png"] = encodePNG(t, 5, 5, 1)
		case m.RaisesException:
			c.Outputs = nil
		case m.AnyOrder:
			c.Outputs[0].Text = strings.SplitAfter(c.Outputs[0].Text, "\n")[0]
		}
	})
	buf.Reset()
	Report(&buf, []Result{CompareNotebooks("markers.ipynb", stored, broken, compare.Default())})
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
	r := Run(context.Background(), path, o)
	var buf bytes.Buffer
	if _, failed := Report(&buf, []Result{r}); failed > 0 || r.Err != nil || r.NotWritten != nil {
		t.Fatalf("update failed:\n%s", buf.String())
	}
	got, _ := os.ReadFile(path)
	if *updateGolden {
		os.WriteFile("testdata/update-fresh.ipynb", got, 0o644)
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
	r = Run(context.Background(), path, o)
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
	path := copyFile(t, "testdata/failing.ipynb", t.TempDir())
	before, _ := os.ReadFile(path)
	o := opt
	o.Update = true
	r := Run(context.Background(), path, o)
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a notebook with failing cells was written")
	}
	if r.NotWritten == nil || len(r.Updated) != 0 {
		t.Errorf("NotWritten = %v, Updated = %v", r.NotWritten, r.Updated)
	}
	var buf bytes.Buffer
	if _, failed := Report(&buf, []Result{r}); failed == 0 || !strings.Contains(buf.String(), "not updated "+path+": cell ") {
		t.Errorf("report:\n%s", buf.String())
	}
}

func TestJUnitReport(t *testing.T) {
	results := []Result{
		Run(context.Background(), "testdata/failing.ipynb", opt),
		{Path: "broken.ipynb", Err: &InputError{errors.New("broken.ipynb: not valid JSON")}},
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, results); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, buf.String())
	}
	code, _ := codeCells(t, "testdata/failing.ipynb")
	passed, failed, skipped := results[0].Counts()
	if len(doc.Suites) != 2 || doc.Tests != code+1 || doc.Failures != failed || doc.Errors != 1 || doc.Skipped != skipped {
		t.Fatalf("suites %d, tests %d, failures %d, errors %d, skipped %d", len(doc.Suites), doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	s := doc.Suites[0]
	if s.Name != "testdata/failing.ipynb" || len(s.Cases) != code || s.Tests-s.Failures-s.Skipped != passed {
		t.Errorf("suite %+v", s)
	}
	for _, c := range s.Cases {
		if c.Classname != s.Name || !strings.HasPrefix(c.Name, "cell ") {
			t.Errorf("test case %+v", c)
		}
		if c.Failure != nil && strings.Contains(c.Failure.Message, "timed out") && !strings.Contains(c.Failure.Text, "goroutines when stopped") {
			t.Errorf("the timeout's failure lacks the stacks: %s", c.Failure.Text)
		}
	}
	if e := doc.Suites[1].Cases[0].Error; e == nil || !strings.Contains(e.Message, "not valid JSON") {
		t.Errorf("the unusable notebook: %+v", doc.Suites[1])
	}
}

func TestTranscript(t *testing.T) {
	var buf bytes.Buffer
	o := opt
	o.OnCell = func(path string, c CellResult) { Transcript(&buf, path, c) }
	Run(context.Background(), "testdata/failing.ipynb", o)
	for _, want := range []string{
		"=== RUN   testdata/failing.ipynb cell 3\n    | fmt.Println(\"2 + 2 =\", 2+2)\n    stdout: 2 + 2 = 4\n    text/plain: 10 <nil>\n--- FAIL: testdata/failing.ipynb cell 3 (",
		"    image/png: 32x20 PNG, ",
		"    error: ERROR: ignoring output does not hide errors\n",
		"--- SKIP: testdata/failing.ipynb cell 11 (0.00s) (not run: an earlier cell stopped the notebook)",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("transcript lacks %q:\n%s", want, buf.String())
		}
	}
}
