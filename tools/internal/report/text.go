// Package report writes what a check found, for people and for CI: the
// go test-like text report (Text), a transcript of every cell as it ran
// (Transcript, for nbcheck -v) and a JUnit XML report (JUnit).
package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// Limits of what a report prints of one difference.
const (
	maxReportLines = 80
	maxLineBytes   = 400
)

// Text writes a go test-like report of the results and returns the totals.
// Failing cells show the notebook, the cell number, its first source line,
// what failed (which output, with a line diff of the sanitized text); a
// line per notebook gives its status; the last line is
// "N passed, N failed, N skipped".
func Text(w io.Writer, results []verdict.Result) (passed, failed int) {
	passed, failed, skipped := textBody(w, results)
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	return passed, failed
}

// Agreement writes the report of nbcheck -kernel, whose cells passed when
// the kernel and nbcheck agree on them: Text's, but for its last line,
// "N of M cells agree", with the cells skipped or not run counted after
// it. It returns how many cells agree of how many were compared.
func Agreement(w io.Writer, results []verdict.Result) (agree, total int) {
	agree, disagree, skipped := textBody(w, results)
	total = agree + disagree
	fmt.Fprintf(w, "%d of %d cells agree", agree, total)
	if skipped > 0 {
		fmt.Fprintf(w, " (%d skipped or not run)", skipped)
	}
	fmt.Fprintln(w)
	return agree, total
}

// textBody writes the report Text writes but its last line, and returns
// the totals that line would state.
func textBody(w io.Writer, results []verdict.Result) (passed, failed, skipped int) {
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(w, "--- ERROR: %s\n", oneline.Of(r.Err.Error()))
			var pe *verdict.PanicError
			if errors.As(r.Err, &pe) {
				fmt.Fprintf(w, "    %s\n", indent(limitLines(strings.TrimSpace(pe.Stack), 60)))
			}
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
			fmt.Fprintf(w, "--- FAIL: %s cell %d%s: %s\n", r.Path, c.Index, runLabel(r), cut(oneline.Of(c.Source)))
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
		fmt.Fprintf(w, "%s %s%s\t%d cells", status, r.Path, runLabel(r), p+f+s)
		if s > 0 {
			fmt.Fprintf(w, " (%d skipped)", s)
		}
		fmt.Fprintf(w, "\t%.2fs\n", r.Duration.Seconds())
	}
	return passed, failed, skipped
}

func writeCellFailure(w io.Writer, c verdict.CellResult) {
	if c.Err != nil {
		fmt.Fprintf(w, "    %s\n", indent(c.Err.Error()))
		var stopped interface{ GoroutineStacks() string }
		if errors.As(c.Err, &stopped) {
			if out := streams(c.Outputs); out != "" {
				fmt.Fprintf(w, "    printed before it was stopped:\n    %s\n", indent(limitLines(out, 20)))
			}
			if stacks := stopped.GoroutineStacks(); stacks != "" {
				fmt.Fprintf(w, "    goroutines when stopped:\n    %s\n", indent(limitLines(strings.TrimSpace(stacks), 60)))
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

// runLabel names the run of a repeated check: " [run 2, -cpu 1]".
func runLabel(r verdict.Result) string {
	if r.Run == "" {
		return ""
	}
	return " [" + r.Run + "]"
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
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
