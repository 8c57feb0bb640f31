package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/check"
	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMain(m *testing.M) {
	engine.MaybeRunWorker()
	os.Exit(m.Run())
}

var opt = check.Options{Compare: compare.Default()}

// normalizeReport takes out of a report what changes from run to run: the
// time taken and the goroutine stacks of a stopped cell.
func normalizeReport(s string) string {
	s = regexp.MustCompile(`\t\d+\.\d\ds\n`).ReplaceAllString(s, "\tT\n")
	return regexp.MustCompile(`(?s)(goroutines when stopped:\n).*?\n(    \S+: cells? \d)`).ReplaceAllString(s, "$1    (stacks)\n$2")
}

// Each cell of failing.ipynb fails in its own way; failing.golden is the
// report, less what changes from run to run.
func TestFailingNotebookGolden(t *testing.T) {
	r := check.Run(context.Background(), "testdata/failing.ipynb", opt)
	var buf bytes.Buffer
	Text(&buf, []verdict.Result{r})
	got := normalizeReport(buf.String())
	if *updateGolden {
		if err := os.WriteFile("testdata/failing.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
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

func TestJUnitReport(t *testing.T) {
	results := []verdict.Result{
		check.Run(context.Background(), "testdata/failing.ipynb", opt),
		{Path: "broken.ipynb", Err: &input.Error{Err: errors.New("broken.ipynb: not valid JSON")}},
	}
	var buf bytes.Buffer
	if err := JUnit(&buf, results); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, buf.String())
	}
	nb, err := ipynb.ReadFile("testdata/failing.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	code := 0
	for _, c := range nb.Cells {
		if c.Type == "code" {
			code++
		}
	}
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
	o.OnCell = func(path string, c verdict.CellResult) { Transcript(&buf, path, c) }
	check.Run(context.Background(), "testdata/failing.ipynb", o)
	for _, want := range []string{
		"=== RUN   testdata/failing.ipynb cell 3\n    | fmt.Println(\"2 + 2 =\", 2+2)\n    stdout: 2 + 2 = 4\n--- FAIL: testdata/failing.ipynb cell 3 (",
		"    image/png: 32x20 PNG, ",
		"    error: ERROR: ignoring output does not hide errors\n",
		"--- SKIP: testdata/failing.ipynb cell 11 (0.00s) (not run: an earlier cell stopped the notebook)",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("transcript lacks %q:\n%s", want, buf.String())
		}
	}
}
