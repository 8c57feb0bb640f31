package engine

import (
	"strings"
	"testing"
)

// gophernotes as released shows the results of a cell's final print call
// (13 <nil>); the engine shows nothing for it, as our kernel does, and
// gives what the released kernel would show as the cell's PrintValue.
func TestPrintValueIsWhatTheReleasedKernelShows(t *testing.T) {
	in, err := NewInterp()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ src, outputs, value string }{
		{"import (\n\t\"fmt\"\n\t\"os\"\n)", "", ""},
		{`fmt.Println("hello, world")`, "stdout: hello, world\n", "13 <nil>"},
		{"x := 42\nfmt.Printf(\"x = %d\\n\", x)", "stdout: x = 42\n", "7 <nil>"},
		{`fmt.Print("")`, "", "0 <nil>"},
		{`fmt.Fprintln(os.Stderr, "oops")`, "stderr: oops\n", "5 <nil>"},
		{"import f \"fmt\"\nf.Print(\"ab\")", "stdout: ab", "2 <nil>"},
		{"fmt.Println(\"a\")\nx", "stdout: a\nresult: 42\n", ""},
		{`fmt.Println("hidden");`, "stdout: hidden\n", ""}, // a written ; hides it on the released kernel too
		{`fmt.Sprint(6)`, "result: 6\n", ""},
		{`fmt.Println(undefinedName)`, "ERROR: ...", ""},
	} {
		outs := in.Run(tc.src)
		got := show(outs)
		if p, prefix := strings.CutSuffix(tc.outputs, "..."); prefix && strings.HasPrefix(got, p) {
			got = tc.outputs
		}
		if got != tc.outputs {
			t.Errorf("%q: outputs %q, want %q", tc.src, got, tc.outputs)
		}
		if v := in.PrintValue(); v != tc.value {
			t.Errorf("%q: PrintValue %q, want %q", tc.src, v, tc.value)
		}
	}
}
