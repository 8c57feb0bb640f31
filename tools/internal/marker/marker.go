// Package marker reads the markers that tell nbcheck how to treat a code
// cell: nbval's, so that notebooks written for nbval keep working, and
// nbcheck's own.
//
// A marker is either a cell tag or a comment line at the top of the cell
// (before its first line of code):
//
//	tag                     comment                       effect
//	nbval-skip              // NBVAL_SKIP                 not run; counted as skipped
//	nbval-ignore-output     // NBVAL_IGNORE_OUTPUT        run; outputs not compared (an error still fails)
//	raises-exception        // NBVAL_RAISES_EXCEPTION     must raise an error; errors compared by name only
//	nbval-check-output      // NBVAL_CHECK_OUTPUT         the default: outputs compared
//	nbcheck-any-order       // NBCHECK_ANY_ORDER          stdout and stderr lines compared in any order
//	nbcheck-image-size      // NBCHECK_IMAGE_SIZE         images compared by pixel size, not bytes
//	nbcheck-timeout=30s     // NBCHECK_TIMEOUT 30s        the cell's own time limit
//
// nbval-raises-exception is accepted as another name for raises-exception.
// Other tags are the author's own and are left alone, but a tag or marker
// comment that starts like one of these (nbval-, nbcheck-, NBVAL_,
// NBCHECK_) and is not one of them is an error: a misspelt marker would
// otherwise be silently ignored.
package marker

import (
	"fmt"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Markers are the markers of one cell.
type Markers struct {
	Skip            bool
	IgnoreOutput    bool
	RaisesException bool
	AnyOrder        bool
	ImageSize       bool
	Timeout         time.Duration // zero: the run's default
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
	switch t {
	case "nbval-skip":
		m.Skip = true
	case "nbval-ignore-output":
		m.IgnoreOutput = true
	case "raises-exception", "nbval-raises-exception":
		m.RaisesException = true
	case "nbval-check-output":
	case "nbcheck-any-order":
		m.AnyOrder = true
	case "nbcheck-image-size":
		m.ImageSize = true
	default:
		if v, ok := strings.CutPrefix(t, "nbcheck-timeout="); ok {
			return m.timeout(v, "tag "+t)
		}
		if strings.HasPrefix(t, "nbval-") || strings.HasPrefix(t, "nbcheck-") {
			return fmt.Errorf("unknown marker tag %q (known: nbval-skip, nbval-ignore-output, raises-exception, nbval-check-output, nbcheck-any-order, nbcheck-image-size, nbcheck-timeout=DURATION)", t)
		}
	}
	return nil
}

func (m *Markers) comment(c string) error {
	word, arg, _ := strings.Cut(c, " ")
	arg = strings.TrimSpace(arg)
	if !strings.HasPrefix(word, "NBVAL_") && !strings.HasPrefix(word, "NBCHECK_") {
		return nil // an ordinary comment
	}
	if word != "NBCHECK_TIMEOUT" && arg != "" {
		return fmt.Errorf("marker comment %q takes no argument", "// "+c)
	}
	switch word {
	case "NBVAL_SKIP":
		m.Skip = true
	case "NBVAL_IGNORE_OUTPUT":
		m.IgnoreOutput = true
	case "NBVAL_RAISES_EXCEPTION":
		m.RaisesException = true
	case "NBVAL_CHECK_OUTPUT":
	case "NBCHECK_ANY_ORDER":
		m.AnyOrder = true
	case "NBCHECK_IMAGE_SIZE":
		m.ImageSize = true
	case "NBCHECK_TIMEOUT":
		return m.timeout(arg, "comment // "+c)
	default:
		return fmt.Errorf("unknown marker comment %q (known: NBVAL_SKIP, NBVAL_IGNORE_OUTPUT, NBVAL_RAISES_EXCEPTION, NBVAL_CHECK_OUTPUT, NBCHECK_ANY_ORDER, NBCHECK_IMAGE_SIZE, NBCHECK_TIMEOUT DURATION)", "// "+c)
	}
	return nil
}

func (m *Markers) timeout(v, where string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("%s: want a positive Go duration such as 30s or 2m, not %q", where, v)
	}
	m.Timeout = d
	return nil
}
