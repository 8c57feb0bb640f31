package compare

import "github.com/goconcurrency/notebooks/tools/internal/ipynb"

// ReleasedPrintValue is the rule for notebooks stored by gophernotes as
// released (v0.7.5 and earlier): a cell ending in a call of one of fmt's
// print functions shows the call's results as its value (13 <nil>, the
// byte count and the error), which our kernel, and so a run of nbcheck,
// does not show. value is what the released kernel would show for the run,
// the results of that very call ("" when the cell does not end in one; see
// engine.CellRun.PrintValue). When the stored outputs end in a result that
// is exactly that text and the run shows no result, the stored outputs are
// returned without it, to be compared as usual; otherwise stored as it is.
// A stored count that is not what the call printed (the cell's output
// changed) is kept, and fails as a result the run does not show.
func ReleasedPrintValue(stored, got []*ipynb.Output, value string) []*ipynb.Output {
	if value == "" || len(stored) == 0 {
		return stored
	}
	for _, o := range got {
		if o.Type == "execute_result" {
			return stored
		}
	}
	last := len(stored) - 1
	for last >= 0 && stored[last].Type == "stream" {
		last--
	}
	if last < 0 {
		return stored
	}
	r := stored[last]
	if r.Type != "execute_result" || len(r.Data) != 1 || plainText(r.Data["text/plain"]) != value {
		return stored
	}
	kept := make([]*ipynb.Output, 0, len(stored)-1)
	kept = append(kept, stored[:last]...)
	return append(kept, stored[last+1:]...)
}

// plainText is a MIME bundle's text entry, "" when it is not text.
func plainText(v any) string {
	s, _ := v.(string)
	return s
}
