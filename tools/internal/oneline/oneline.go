// Package oneline makes one line of a text for a report's line: an error's
// message, a cell's source, an output.
package oneline

import "strings"

// Of returns the first line of s, trimmed, with " ..." when more lines
// follow.
func Of(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i]) + " ..."
	}
	return s
}

// Error returns err shown as the first line of its message (see Of); the
// error itself is kept for errors.Is and errors.As.
func Error(err error) error { return oneLineError{err} }

type oneLineError struct{ err error }

func (e oneLineError) Error() string { return Of(e.err.Error()) }
func (e oneLineError) Unwrap() error { return e.err }
