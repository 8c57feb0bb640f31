package threading

import (
	"io"
	"testing"
)

// SetOutput sends what the helpers print to w until the test ends.
func SetOutput(t testing.TB, w io.Writer) {
	t.Helper()
	old := output
	output = w
	t.Cleanup(func() { output = old })
}
