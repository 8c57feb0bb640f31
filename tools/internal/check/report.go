package check

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"io"
	"sort"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/engine"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Limits of what a report prints of one difference.
const (
	maxReportLines = 80
	maxLineBytes   = 400
)

// Report writes a go test-like report of the results and returns the totals.
// Failing cells show the notebook, the cell number, its first source line,
// what failed (which output, with a line diff of the sanitized text); a
// line per notebook gives its status; the last line is
// "N passed, N failed, N skipped".
func Report(w io.Writer, results []Result) (passed, failed int) {
	skipped := 0
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(w, "--- ERROR: %s\n", oneLine(r.Err.Error()))
			continue
		}
		p, f, s := r.Counts()
		passed += p
		failed += f
		skipped += s
		var notRun []string
		stoppedBy := 0
		for _, c := range r.Cells {
			if c.NotRun {
				notRun = append(notRun, fmt.Sprint(c.Index))
				continue
			}
			if !c.Failed() {
				continue
			}
			if c.Err != nil {
				stoppedBy = c.Index
			}
			fmt.Fprintf(w, "--- FAIL: %s cell %d: %s\n", r.Path, c.Index, firstLine(c.Source))
			writeCellFailure(w, c)
		}
		if len(notRun) > 0 {
			cells := "cells"
			if len(notRun) == 1 {
				cells = "cell"
			}
			fmt.Fprintf(w, "    %s: %s %s not run: cell %d stopped the notebook\n", r.Path, cells, strings.Join(notRun, ", "), stoppedBy)
		}
		switch {
		case len(r.Updated) > 0:
			fmt.Fprintf(w, "updated %s: outputs of cells %s\n", r.Path, joinInts(r.Updated))
		case r.NotWritten != nil:
			fmt.Fprintf(w, "not updated %s: %v\n", r.Path, r.NotWritten)
		}
		status := "ok  "
		if f > 0 {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s\t%d cells", status, r.Path, p+f+s)
		if s > 0 {
			fmt.Fprintf(w, " (%d skipped)", s)
		}
		fmt.Fprintf(w, "\t%.2fs\n", r.Duration.Seconds())
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	return passed, failed
}

func writeCellFailure(w io.Writer, c CellResult) {
	if c.Err != nil {
		fmt.Fprintf(w, "    %s\n", indent(c.Err.Error()))
		var te *engine.TimeoutError
		if errors.As(c.Err, &te) {
			if out := streams(c.Outputs); out != "" {
				fmt.Fprintf(w, "    printed before it was stopped:\n    %s\n", indent(limitLines(out, 20)))
			}
			if te.Stacks != "" {
				fmt.Fprintf(w, "    goroutines when stopped:\n    %s\n", indent(limitLines(strings.TrimSpace(te.Stacks), 60)))
			}
		}
	}
	for _, d := range c.Diffs {
		if c.Updated {
			continue
		}
		fmt.Fprintf(w, "    %s:\n    %s\n", d.What, indent(limitLines(strings.Join(d.Lines, "\n"), maxReportLines)))
	}
}

func streams(outs []*ipynb.Output) string {
	var b strings.Builder
	for _, o := range outs {
		if o.Type == "stream" {
			b.WriteString(o.Text)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return cut(s[:i]) + " ..."
	}
	return cut(s)
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }

// cut shortens a line for a report.
func cut(l string) string {
	if len(l) <= maxLineBytes {
		return l
	}
	return fmt.Sprintf("%s... (%d more bytes)", l[:maxLineBytes], len(l)-maxLineBytes)
}

// limitLines keeps the first n lines of s, each cut to a sane length.
func limitLines(s string, n int) string {
	l := strings.Split(s, "\n")
	more := len(l) - n
	if more > 0 {
		l = l[:n]
	}
	for i := range l {
		l[i] = cut(l[i])
	}
	if more > 0 {
		l = append(l, fmt.Sprintf("... (%d more lines)", more))
	}
	return strings.Join(l, "\n")
}

// Transcript writes one cell as it ran, for nbcheck -v: its source, what
// it printed and showed, and its verdict.
func Transcript(w io.Writer, path string, c CellResult) {
	fmt.Fprintf(w, "=== RUN   %s cell %d\n", path, c.Index)
	for _, l := range strings.Split(strings.TrimRight(c.Source, "\n"), "\n") {
		fmt.Fprintf(w, "    | %s\n", l)
	}
	for _, o := range c.Outputs {
		switch o.Type {
		case "stream":
			for _, l := range strings.Split(strings.TrimSuffix(o.Text, "\n"), "\n") {
				fmt.Fprintf(w, "    %s: %s\n", o.Name, cut(l))
			}
		case "error":
			fmt.Fprintf(w, "    error: %s: %s\n", o.Ename, indent(o.Evalue))
		default:
			mimes := make([]string, 0, len(o.Data))
			for m := range o.Data {
				mimes = append(mimes, m)
			}
			sort.Strings(mimes)
			for _, m := range mimes {
				fmt.Fprintf(w, "    %s: %s\n", m, indent(describe(m, o.Data[m])))
			}
		}
	}
	why := ""
	switch {
	case c.Skipped:
		why = " (nbval-skip)"
	case c.NotRun:
		why = " (not run: an earlier cell stopped the notebook)"
	}
	fmt.Fprintf(w, "--- %s: %s cell %d (%.2fs)%s\n", c.Status(), path, c.Index, c.Duration.Seconds(), why)
	if c.Failed() {
		writeCellFailure(w, c)
	}
}

// describe renders one MIME bundle entry for a transcript: text as it is,
// binary payloads by size (and pixel size for images).
func describe(mime string, v any) string {
	s, ok := v.(string)
	if !ok {
		return fmt.Sprint(v)
	}
	switch {
	case strings.HasPrefix(mime, "image/") && mime != "image/svg+xml", mime == "application/pdf":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			return "(not valid base64)"
		}
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(b)); err == nil {
			return fmt.Sprintf("%dx%d %s, %d bytes", cfg.Width, cfg.Height, strings.ToUpper(format), len(b))
		}
		return fmt.Sprintf("%d bytes", len(b))
	}
	return limitLines(s, 40)
}

// JUnit XML, as CI systems read it: one testsuite per notebook, one
// testcase per code cell.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func seconds(d interface{ Seconds() float64 }) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the results as a JUnit XML report.
func WriteJUnit(w io.Writer, results []Result) error {
	var all junitSuites
	var total float64
	for _, r := range results {
		s := junitSuite{Name: r.Path, Time: seconds(r.Duration)}
		total += r.Duration.Seconds()
		if r.Err != nil {
			s.Tests, s.Errors = 1, 1
			s.Cases = append(s.Cases, junitCase{Name: "notebook", Classname: r.Path, Time: "0.000",
				Error: &junitMessage{Message: oneLine(r.Err.Error()), Text: r.Err.Error()}})
		}
		for _, c := range r.Cells {
			tc := junitCase{Name: fmt.Sprintf("cell %d", c.Index), Classname: r.Path, Time: seconds(c.Duration)}
			switch c.Status() {
			case "SKIP":
				msg := "nbval-skip"
				if c.NotRun {
					msg = "not run: an earlier cell stopped the notebook"
				}
				tc.Skipped = &junitMessage{Message: msg}
				s.Skipped++
			case "FAIL":
				var b bytes.Buffer
				writeCellFailure(&b, c)
				msg := "outputs differ from the stored ones"
				if c.Err != nil {
					msg = oneLine(c.Err.Error())
				}
				tc.Failure = &junitMessage{Message: msg, Text: firstLine(c.Source) + "\n" + b.String()}
				s.Failures++
			}
			s.Tests++
			s.Cases = append(s.Cases, tc)
		}
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Skipped += s.Skipped
		all.Suites = append(all.Suites, s)
	}
	all.Time = fmt.Sprintf("%.3f", total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
