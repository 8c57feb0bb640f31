package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/goconcurrency/notebooks/tools/internal/oneline"
	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

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

// JUnit writes the results as a JUnit XML report.
func JUnit(w io.Writer, results []verdict.Result) error {
	var all junitSuites
	var total float64
	for _, r := range results {
		s := junitSuite{Name: r.Path + runLabel(r), Time: seconds(r.Duration)}
		total += r.Duration.Seconds()
		if r.Err != nil {
			s.Tests, s.Errors = 1, 1
			s.Cases = append(s.Cases, junitCase{Name: "notebook", Classname: r.Path, Time: "0.000",
				Error: &junitMessage{Message: oneline.Of(r.Err.Error()), Text: r.Err.Error()}})
		}
		for _, c := range r.Cells {
			tc := junitCase{Name: fmt.Sprintf("cell %d%s", c.Index, runLabel(r)), Classname: r.Path, Time: seconds(c.Duration)}
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
					msg = oneline.Of(c.Err.Error())
				}
				tc.Failure = &junitMessage{Message: msg, Text: cut(oneline.Of(c.Source)) + "\n" + b.String()}
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
