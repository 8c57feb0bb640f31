// Package marker reads the markers that tell nbcheck how to treat a code
// cell: nbval's, so that notebooks written for nbval keep working, and
// nbcheck's own.
//
// A marker is either a cell tag or a comment line at the top of the cell
// (before its first line of code). Table lists them all, with what each
// does; nbcheck -h prints it, and nbcheck's reference
// (tools/nbcheck/README.md) has the table Markdown() writes, which a test
// holds equal. Adding a marker is adding a row to Table, and a case to its
// test.
//
// Other tags are the author's own and are left alone, but a tag or marker
// comment that starts like one of these (nbval-, nbcheck-, NBVAL_,
// NBCHECK_) and is not one of them is an error: a misspelt marker would
// otherwise be silently ignored.
package marker

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/compare"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Markers are the markers of one cell, as what they do to its check.
type Markers struct {
	Skip            bool          // not run; counted as skipped
	IgnoreOutput    bool          // run, outputs not compared
	RaisesException bool          // must end in an error
	Timeout         time.Duration // the cell's own time limit; zero: the run's
	Compare         compare.Rules // how its outputs are compared
}

// A Marker is one marker nbcheck knows.
type Marker struct {
	Tag     string   // the cell tag; with an argument, the tag is Tag=ARG
	Aliases []string // other tags for the same marker (nbval's names)
	Comment string   // the comment form: // COMMENT, then the argument after a space
	Arg     string   // an example argument ("30s"); "" when the marker takes none
	Meaning string   // what it does, for nbcheck -h and the README
	set     func(m *Markers, arg string) error
}

// Table lists the markers nbcheck knows, and what each does to the run and
// to the comparison.
var Table = []Marker{
	{Tag: "nbval-ignore-output", Comment: "NBVAL_IGNORE_OUTPUT",
		Meaning: "run the cell, do not compare its outputs (an error still fails)",
		set:     func(m *Markers, _ string) error { m.IgnoreOutput = true; return nil }},
	{Tag: "nbval-skip", Comment: "NBVAL_SKIP",
		Meaning: "do not run the cell; counted as skipped",
		set:     func(m *Markers, _ string) error { m.Skip = true; return nil }},
	{Tag: "raises-exception", Aliases: []string{"nbval-raises-exception"}, Comment: "NBVAL_RAISES_EXCEPTION",
		Meaning: "the cell must end in an error; compared by error name",
		set: func(m *Markers, _ string) error {
			m.RaisesException = true
			m.Compare.ErrorNameOnly = true // engines word their errors differently
			return nil
		}},
	{Tag: "nbval-check-output", Comment: "NBVAL_CHECK_OUTPUT",
		Meaning: "the default: compare the outputs",
		set:     func(*Markers, string) error { return nil }},
	{Tag: "nbcheck-any-order", Comment: "NBCHECK_ANY_ORDER",
		Meaning: "compare the lines of stdout and stderr in any order (concurrent prints)",
		set:     func(m *Markers, _ string) error { m.Compare.AnyOrder = true; return nil }},
	{Tag: "nbcheck-timeout", Comment: "NBCHECK_TIMEOUT", Arg: "30s",
		Meaning: "this cell's own timeout",
		set:     setTimeout},
	{Tag: "nbcheck-image-size", Comment: "NBCHECK_IMAGE_SIZE",
		Meaning: "compare images by width and height, not bytes (charts of measured data)",
		set:     func(m *Markers, _ string) error { m.Compare.ImageSize = true; return nil }},
}

func setTimeout(m *Markers, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("want a positive Go duration such as 30s or 2m, not %q", v)
	}
	m.Timeout = d
	return nil
}

// TagForm is the marker as a tag: "nbcheck-timeout=30s".
func (mk Marker) TagForm() string {
	if mk.Arg == "" {
		return mk.Tag
	}
	return mk.Tag + "=" + mk.Arg
}

// CommentForm is the marker as a comment: "// NBCHECK_TIMEOUT 30s".
func (mk Marker) CommentForm() string {
	if mk.Arg == "" {
		return "// " + mk.Comment
	}
	return "// " + mk.Comment + " " + mk.Arg
}

// Of returns the markers of a cell, from its tags and its leading comments.
func Of(c *ipynb.Cell) (Markers, error) {
	return Parse(c.Tags(), c.Source)
}

// Parse returns the markers given by tags and by the comment lines at the
// top of source.
func Parse(tags []string, source string) (Markers, error) {
	var m Markers
	for _, t := range tags {
		if err := m.tag(t); err != nil {
			return m, err
		}
	}
	for _, line := range strings.Split(source, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			break // the first line of code ends the markers
		}
		if err := m.comment(strings.TrimSpace(text)); err != nil {
			return m, err
		}
	}
	return m, nil
}

func (m *Markers) tag(t string) error {
	name, arg, hasArg := strings.Cut(t, "=")
	for _, mk := range Table {
		if (name == mk.Tag || slices.Contains(mk.Aliases, name)) && hasArg == (mk.Arg != "") {
			return mk.apply(m, arg, "tag "+t)
		}
	}
	if strings.HasPrefix(t, "nbval-") || strings.HasPrefix(t, "nbcheck-") {
		return fmt.Errorf("unknown marker tag %q (known: %s)", t, known(Marker.TagForm))
	}
	return nil // the author's own
}

func (m *Markers) comment(c string) error {
	word, arg, _ := strings.Cut(c, " ")
	arg = strings.TrimSpace(arg)
	if !strings.HasPrefix(word, "NBVAL_") && !strings.HasPrefix(word, "NBCHECK_") {
		return nil // an ordinary comment
	}
	for _, mk := range Table {
		if word != mk.Comment {
			continue
		}
		if mk.Arg == "" && arg != "" {
			return fmt.Errorf("marker comment %q takes no argument", "// "+c)
		}
		return mk.apply(m, arg, "comment // "+c)
	}
	return fmt.Errorf("unknown marker comment %q (known: %s)", "// "+c, known(Marker.CommentForm))
}

// apply sets the marker's effect on m; where says where it was found.
func (mk Marker) apply(m *Markers, arg, where string) error {
	if err := mk.set(m, arg); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	return nil
}

// known lists the markers in one form, for an error.
func known(form func(Marker) string) string {
	var s []string
	for _, mk := range Table {
		s = append(s, form(mk))
	}
	return strings.Join(s, ", ")
}
