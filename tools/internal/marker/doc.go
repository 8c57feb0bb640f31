package marker

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

// Markdown is the table of the markers for nbcheck's reference
// (tools/nbcheck/README.md): tag, comment, meaning.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| tag | comment | meaning |\n|---|---|---|\n")
	for _, mk := range Table {
		tag := "`" + mk.TagForm() + "`"
		for _, a := range mk.Aliases {
			tag += " or `" + a + "`"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", tag, mk.CommentForm(), mk.Meaning)
	}
	return b.String()
}

// Text is the table of the markers for nbcheck -h and nbcheck's doc, a
// line each: tag, comment, meaning, in aligned columns.
func Text() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, mk := range Table {
		tag := mk.TagForm()
		for _, a := range mk.Aliases {
			tag += ", " + a
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", tag, mk.CommentForm(), mk.Meaning)
	}
	w.Flush()
	return b.String()
}
