// Package compare decides whether the outputs a notebook cell gave on a run
// match the outputs stored in the notebook, and says how they differ.
//
// One comparer serves every engine: nbcheck's yaegi runs and runs of the
// real gophernotes kernel through nbconvert are checked by the same rules.
//
// The rules:
//   - Streams are compared as text per stream (stdout, stderr), however a
//     kernel or nbconvert split them into outputs.
//   - Sanitizers rewrite text on both sides before comparing: the built-in
//     ones drop the import warnings gomacro prints and blank out what is
//     never the same twice (pointer addresses, goroutine ids, temporary
//     paths); more come from a sanitize file (see ParseSanitizers). Plain
//     numbers are never blanked out: a figure a notebook states is checked.
//   - A Go duration in the text (210ms, 1.5s) matches a duration within a
//     factor of Tolerance.Factor of it, or within Tolerance.Slack: timings
//     vary from run to run, but a stored 0.5s still fails at 2.5s. Every
//     other character must be equal.
//   - With AnyOrder, the lines of each stream are compared as a multiset
//     (goroutines that print concurrently print in any order), still with
//     the duration rule.
//   - Results, displays and errors are compared in order, by kind and MIME
//     type; images byte for byte after base64 decoding, or, with ImageSize,
//     by their width and height in pixels; errors by name and message, the
//     message in one form whatever the interpreter (see ErrorWordings), or,
//     with ErrorNameOnly, by name.
package compare

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/gif" // decoders for ImageSize
	_ "image/jpeg"
	_ "image/png"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
)

// Tolerance is how far apart two durations may be and still match.
type Tolerance struct {
	Factor float64       // the larger may be at most Factor times the smaller
	Slack  time.Duration // or the two may differ by at most Slack
}

// DefaultTolerance accepts run-to-run jitter and rejects a change in kind:
// work that ran in parallel taking five times as long because it ran in
// series fails it.
var DefaultTolerance = Tolerance{Factor: 2, Slack: 50 * time.Millisecond}

// A Sanitizer rewrites output text before comparison, on both sides.
type Sanitizer struct {
	Regexp  *regexp.Regexp
	Replace string
}

// GomacroWarnings removes the lines gomacro prints when a cell imports a
// package with generic API it cannot import ("// warning: skipping import
// of ...").
var GomacroWarnings = Sanitizer{regexp.MustCompile(`(?m)^// warning: .*\n?`), ""}

// PointerAddresses blanks out hexadecimal numbers of 9 to 16 digits, which
// is how pointers print (0xc000123456): a heap address changes from run to
// run. Shorter ones (0xff, 0xdeadbeef) are left alone: those are figures.
var PointerAddresses = Sanitizer{regexp.MustCompile(`\b0x[0-9a-f]{9,16}\b`), "0xADDRESS"}

// GoroutineIDs blanks out the id in a goroutine header of a stack dump
// ("goroutine 17 [running]:").
var GoroutineIDs = Sanitizer{regexp.MustCompile(`\bgoroutine \d+ \[`), "goroutine N ["}

// TempPaths blanks out paths under the temporary folder (/tmp/nb123/x.txt),
// whose names are random.
var TempPaths = tempPaths()

func tempPaths() Sanitizer {
	dirs := []string{regexp.QuoteMeta("/tmp/")}
	if d := strings.TrimSuffix(os.TempDir(), "/") + "/"; d != "/tmp/" && d != "/" {
		dirs = append(dirs, regexp.QuoteMeta(d))
	}
	return Sanitizer{regexp.MustCompile(`(?:` + strings.Join(dirs, "|") + `)[^\s"'<>:;,()\[\]{}]+`), "/tmp/TEMP"}
}

// Builtin returns the sanitizers nbcheck always applies.
func Builtin() []Sanitizer {
	return []Sanitizer{GomacroWarnings, PointerAddresses, GoroutineIDs, TempPaths}
}

// Options are the rules of one comparison.
type Options struct {
	Tolerance  Tolerance
	Sanitizers []Sanitizer
	Rules      // the cell's own rules, which its markers choose
}

// Rules are the rules of a comparison that a cell chooses for itself, by
// its markers (see package marker).
type Rules struct {
	AnyOrder      bool // compare stream lines as a multiset
	ImageSize     bool // compare images by their size in pixels
	ErrorNameOnly bool // compare errors by name, not message
}

// Default returns the options nbcheck uses unless told otherwise.
func Default() Options {
	return Options{Tolerance: DefaultTolerance, Sanitizers: Builtin()}
}

// A Diff is one way a cell's outputs differ from the stored ones.
type Diff struct {
	What  string   // which output: "stdout", "stderr", "output 2 (execute_result)", ...
	Lines []string // a line diff: " " same, "-" stored, "+" got; or a sentence
}

func (d Diff) String() string {
	return d.What + ":\n" + strings.Join(d.Lines, "\n")
}

// item is a cell's outputs in comparable form: the two streams, then the
// rich outputs in order.
type item struct {
	kind string            // "execute_result", "display_data", "error"
	data map[string]string // MIME type (or "error") to text
}

type normalized struct {
	stdout, stderr string
	items          []item
}

func (o Options) normalize(outs []*ipynb.Output) normalized {
	var n normalized
	var sout, serr strings.Builder
	for _, out := range outs {
		switch out.Type {
		case "stream":
			if out.Name == "stderr" {
				serr.WriteString(out.Text)
			} else {
				sout.WriteString(out.Text)
			}
		case "error":
			text := out.Ename + ": " + errorText(out.Evalue)
			if o.ErrorNameOnly {
				text = out.Ename
			}
			n.items = append(n.items, item{kind: "error", data: map[string]string{"error": text}})
		default:
			it := item{kind: out.Type, data: map[string]string{}}
			for mime, v := range out.Data {
				if s, ok := v.(string); ok {
					it.data[mime] = s
				} else {
					it.data[mime] = fmt.Sprint(v)
				}
			}
			n.items = append(n.items, it)
		}
	}
	n.stdout = o.sanitize(CarriageReturns(sout.String()))
	n.stderr = o.sanitize(CarriageReturns(serr.String()))
	return n
}

// CarriageReturns returns a stream's text as Jupyter shows it: a carriage
// return inside a line drops what came before it on that line
// ("carriage\rreturn" shows "return"). Some nbconvert versions store the
// text so, others as the kernel sent it; nbval compares it so too.
func CarriageReturns(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		body, trailing := strings.CutSuffix(l, "\r")
		if j := strings.LastIndexByte(body, '\r'); j >= 0 {
			body = body[j+1:]
		}
		if trailing {
			body += "\r"
		}
		lines[i] = body
	}
	return strings.Join(lines, "\n")
}

func (o Options) sanitize(s string) string {
	for _, z := range o.Sanitizers {
		s = z.Regexp.ReplaceAllString(s, z.Replace)
	}
	return s
}

// Cell compares a cell's outputs from a run (got) with the stored ones and
// returns how they differ; none means they match.
func (o Options) Cell(stored, got []*ipynb.Output) []Diff {
	a, b := o.normalize(stored), o.normalize(got)
	var diffs []Diff
	streamText := o.text
	if o.AnyOrder {
		streamText = o.anyOrder
	}
	if d, ok := streamText(a.stdout, b.stdout); !ok {
		diffs = append(diffs, Diff{"stdout", d})
	}
	if d, ok := streamText(a.stderr, b.stderr); !ok {
		diffs = append(diffs, Diff{"stderr", d})
	}
	for i := 0; i < max(len(a.items), len(b.items)); i++ {
		what := fmt.Sprintf("output %d", i+1)
		switch {
		case i >= len(a.items):
			diffs = append(diffs, Diff{what, []string{"+ unexpected " + b.items[i].kind + ": " + summary(b.items[i])}})
			continue
		case i >= len(b.items):
			diffs = append(diffs, Diff{what, []string{"- missing " + a.items[i].kind + ": " + summary(a.items[i])}})
			continue
		}
		x, y := a.items[i], b.items[i]
		what += " (" + x.kind + ")"
		if x.kind != y.kind {
			diffs = append(diffs, Diff{what, []string{"- " + x.kind + ": " + summary(x), "+ " + y.kind + ": " + summary(y)}})
			continue
		}
		for _, mime := range union(x.data, y.data) {
			xs, inX := x.data[mime]
			ys, inY := y.data[mime]
			w := what + " " + mime
			switch {
			case !inX:
				diffs = append(diffs, Diff{w, []string{"+ unexpected " + mime}})
			case !inY:
				diffs = append(diffs, Diff{w, []string{"- missing " + mime}})
			case o.ImageSize && (mime == "image/png" || mime == "image/jpeg"):
				if msg, ok := sameImageSize(xs, ys); !ok {
					diffs = append(diffs, Diff{w, []string{msg}})
				}
			case isBinary(mime):
				if msg, ok := sameImage(xs, ys); !ok {
					diffs = append(diffs, Diff{w, []string{msg}})
				}
			default:
				if d, ok := o.text(o.sanitize(xs), o.sanitize(ys)); !ok {
					diffs = append(diffs, Diff{w, d})
				}
			}
		}
	}
	return diffs
}

func summary(it item) string {
	if s, ok := it.data["error"]; ok {
		return oneline.Of(s)
	}
	if s, ok := it.data["text/plain"]; ok {
		return oneline.Of(s)
	}
	return strings.Join(union(it.data, nil), ", ")
}

func union(a, b map[string]string) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isBinary(mime string) bool {
	return strings.HasPrefix(mime, "image/") && mime != "image/svg+xml" || mime == "application/pdf"
}

func decode64(s string) ([]byte, error) {
	return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
}

// sameImageSize compares two base64 images by their width and height.
// When either cannot be decoded, the bytes are compared.
func sameImageSize(a, b string) (string, bool) {
	da, errA := decode64(a)
	db, errB := decode64(b)
	if errA != nil || errB != nil {
		return sameImage(a, b)
	}
	ca, _, errA := image.DecodeConfig(bytes.NewReader(da))
	cb, _, errB := image.DecodeConfig(bytes.NewReader(db))
	switch {
	case errA != nil && errB != nil:
		return sameImage(a, b)
	case errA != nil:
		return fmt.Sprintf("image size differs: stored image cannot be decoded (%v), got %dx%d", errA, cb.Width, cb.Height), false
	case errB != nil:
		return fmt.Sprintf("image size differs: stored %dx%d, got an image that cannot be decoded (%v)", ca.Width, ca.Height, errB), false
	case ca.Width != cb.Width || ca.Height != cb.Height:
		return fmt.Sprintf("image size differs: stored %dx%d, got %dx%d", ca.Width, ca.Height, cb.Width, cb.Height), false
	}
	return "", true
}

// sameImage compares two base64 payloads by their decoded bytes.
func sameImage(a, b string) (string, bool) {
	da, errA := decode64(a)
	db, errB := decode64(b)
	if errA != nil || errB != nil {
		if a == b {
			return "", true
		}
		return "image differs (not valid base64)", false
	}
	if bytes.Equal(da, db) {
		return "", true
	}
	return fmt.Sprintf("image differs: stored %d bytes, got %d bytes", len(da), len(db)), false
}

// text compares two texts line by line under the tolerance rule and returns
// a line diff when they differ.
func (o Options) text(stored, got string) ([]string, bool) {
	if stored == got {
		return nil, true
	}
	a, b := lines(stored), lines(got)
	eq := func(i, j int) bool { return o.Tolerance.LineMatch(a[i], b[j]) }
	d, same := lineDiff(a, b, eq)
	if same && strings.HasSuffix(stored, "\n") != strings.HasSuffix(got, "\n") {
		return []string{"(differs only in the newline at the end)"}, false
	}
	return d, same
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// DurationPattern matches a Go duration as time.Duration prints it.
var DurationPattern = regexp.MustCompile(`\b(?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|h|m|s))+\b`)

// LineMatch reports whether a line from a run matches a stored line: equal
// but for durations, each of which must be within the tolerance of the
// stored one.
func (t Tolerance) LineMatch(stored, got string) bool {
	if stored == got {
		return true
	}
	sa, sb := DurationPattern.FindAllStringIndex(stored, -1), DurationPattern.FindAllStringIndex(got, -1)
	if len(sa) == 0 || len(sa) != len(sb) {
		return false
	}
	if DurationPattern.ReplaceAllString(stored, "\x00") != DurationPattern.ReplaceAllString(got, "\x00") {
		return false
	}
	for i := range sa {
		x, err1 := time.ParseDuration(normalizeMicro(stored[sa[i][0]:sa[i][1]]))
		y, err2 := time.ParseDuration(normalizeMicro(got[sb[i][0]:sb[i][1]]))
		if err1 != nil || err2 != nil || !t.Match(x, y) {
			return false
		}
	}
	return true
}

func normalizeMicro(s string) string { return strings.ReplaceAll(s, "μs", "µs") }

// Match reports whether two durations are within the tolerance.
func (t Tolerance) Match(x, y time.Duration) bool {
	lo, hi := min(x, y), max(x, y)
	if hi-lo <= t.Slack {
		return true
	}
	return lo > 0 && float64(hi) <= t.Factor*float64(lo)
}

// lineDiff returns a diff of a (stored) and b (got) under eq, from their
// longest common subsequence, and whether they are the same.
func lineDiff(a, b []string, eq func(i, j int) bool) ([]string, bool) {
	n, m := len(a), len(b)
	if n*m > 4_000_000 {
		// Too large for the table: compare line by line in place.
		var out []string
		same := n == m
		for i := 0; i < max(n, m); i++ {
			switch {
			case i >= n:
				out = append(out, "+"+b[i])
			case i >= m:
				out = append(out, "-"+a[i])
			case eq(i, i):
				out = append(out, " "+a[i])
			default:
				same = false
				out = append(out, "-"+a[i], "+"+b[i])
			}
		}
		return trimContext(out), same
	}
	// lcs[i][j]: length of the LCS of a[i:] and b[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if eq(i, j) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	same := true
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && eq(i, j):
			out = append(out, " "+a[i])
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, "-"+a[i])
			i++
			same = false
		default:
			out = append(out, "+"+b[j])
			j++
			same = false
		}
	}
	return trimContext(out), same
}

// trimContext keeps changed lines and two lines of context around them.
func trimContext(d []string) []string {
	const ctx = 2
	keep := make([]bool, len(d))
	for i, l := range d {
		if l != "" && l[0] != ' ' {
			for k := max(0, i-ctx); k <= min(len(d)-1, i+ctx); k++ {
				keep[k] = true
			}
		}
	}
	var out []string
	skipped := false
	for i, l := range d {
		if keep[i] {
			out = append(out, l)
			skipped = false
		} else if !skipped {
			out = append(out, " ...")
			skipped = true
		}
	}
	return out
}
