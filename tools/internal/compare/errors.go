package compare

import "regexp"

// Errors are compared as errors: gomacro (the kernel) and yaegi (nbcheck)
// word the same error differently, so a message is brought to one form on
// both sides before it is compared, by the rules of ErrorWordings:
//
//   - a position prefix at the start of a line is dropped: the file name
//     and position an interpreter gives (repl.go:1:1:, _.go:1:28:) depend
//     on how it wraps the cell;
//   - gomacro's "undefined identifier: x" is Go's "undefined: x";
//   - "cannot range over x" is followed by the type as each writes it
//     (gomacro <int>, Go (variable of type int)): the type is dropped.
//
// Every other word must be equal: another error is another error.
var ErrorWordings = []Sanitizer{
	{regexp.MustCompile(`(?m)^(?:[\w.\-/]+\.go:)?\d+:\d+: `), ""},
	{regexp.MustCompile(`\bundefined identifier: `), "undefined: "},
	{regexp.MustCompile(`\b(cannot range over \S+) (?:<[^>\n]*>|\([^)\n]*\))`), "$1"},
}

// errorText is an error's message in the form it is compared in.
func errorText(evalue string) string {
	for _, w := range ErrorWordings {
		evalue = w.Regexp.ReplaceAllString(evalue, w.Replace)
	}
	return evalue
}
