package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"io"
	"sort"
	"strings"

	"github.com/goconcurrency/notebooks/tools/internal/verdict"
)

// Transcript writes one cell as it ran, for nbcheck -v: its source, what
// it printed and showed, and its verdict.
func Transcript(w io.Writer, path string, c verdict.CellResult) {
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
