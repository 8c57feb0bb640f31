package compare

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func TestLineMatch(t *testing.T) {
	for _, tc := range []struct {
		stored, got string
		want        bool
	}{
		{"took 500ms", "took 500ms", true},
		{"took 500ms", "took 520ms", true},                  // jitter
		{"took 500ms", "took 2.5s", false},                  // five sleeps in a row
		{"took 0.5s", "took 0.52s", true},                   // other spelling, same rule
		{"took 0.5s", "took 2.5s", false},                   //
		{"took 500ms", "took 260ms", true},                  // faster machine, within 2x
		{"took 500ms", "took 240ms", false},                 // more than 2x faster is a change too
		{"took 1ms", "took 30ms", true},                     // tiny figures: absolute slack
		{"took 1ms", "took 120ms", false},                   //
		{"took 1.2s to run 5", "took 1.3s to run 6", false}, // other numbers are exact
		{"5 sleepers", "6 sleepers", false},
		{"took 200ms", "took 200ms and more", false},
		{"t0: 1µs", "t0: 3μs", true},
		{"1m2s", "1m2.5s", true},
	} {
		if got := DefaultTolerance.LineMatch(tc.stored, tc.got); got != tc.want {
			t.Errorf("LineMatch(%q, %q) = %v, want %v", tc.stored, tc.got, got, tc.want)
		}
	}
}

func stream(name, text string) *ipynb.Output {
	return &ipynb.Output{Type: "stream", Name: name, Text: text}
}

func result(text string) *ipynb.Output {
	return &ipynb.Output{Type: "execute_result", Data: map[string]any{"text/plain": text}}
}

func TestCellMergesStreamsAndDropsGomacroWarnings(t *testing.T) {
	stored := []*ipynb.Output{
		stream("stdout", "// warning: skipping import of func sync.OnceValue[T any]...\n"),
		stream("stdout", "a: going to sleep\n"),
		stream("stdout", "a: woke up\n"),
		result("3 <nil>"),
	}
	got := []*ipynb.Output{stream("stdout", "a: going to sleep\na: woke up\n"), result("3 <nil>")}
	if d := Default().Cell(stored, got); len(d) != 0 {
		t.Errorf("unexpected diff: %v", d)
	}
}

func TestCellReportsLineDiff(t *testing.T) {
	stored := []*ipynb.Output{stream("stdout", "one\ntwo\nthree\nall took 200ms\n")}
	got := []*ipynb.Output{stream("stdout", "one\n2\nthree\nall took 1.01s\n")}
	d := Default().Cell(stored, got)
	if len(d) != 1 || d[0].What != "stdout" {
		t.Fatalf("diffs = %v", d)
	}
	want := " one\n-two\n+2\n three\n-all took 200ms\n+all took 1.01s"
	if got := strings.Join(d[0].Lines, "\n"); got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
}

func TestCellComparesRichOutputs(t *testing.T) {
	png1 := base64.StdEncoding.EncodeToString([]byte("\x89PNG one"))
	png2 := base64.StdEncoding.EncodeToString([]byte("\x89PNG two!"))
	img := func(b64 string) *ipynb.Output {
		return &ipynb.Output{Type: "display_data", Data: map[string]any{"image/png": b64, "text/plain": "img"}}
	}
	errOut := &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: "boom"}
	for _, tc := range []struct {
		name        string
		stored, got []*ipynb.Output
		want        string // a piece of the report; "" for a match
	}{
		{"same image", []*ipynb.Output{img(png1)}, []*ipynb.Output{img(png1)}, ""},
		{"image differs", []*ipynb.Output{img(png1)}, []*ipynb.Output{img(png2)}, "image differs: stored 8 bytes, got 9 bytes"},
		{"missing result", []*ipynb.Output{result("3")}, nil, "- missing execute_result: 3"},
		{"unexpected error", nil, []*ipynb.Output{errOut}, "+ unexpected error: ERROR: boom"},
		{"result became error", []*ipynb.Output{result("3")}, []*ipynb.Output{errOut}, "+ error: ERROR: boom"},
		{"result text", []*ipynb.Output{result("3")}, []*ipynb.Output{result("4")}, "-3\n+4"},
		// Older kernels stored stdout as an execute_result: that is a difference.
		{"stdout stored as result", []*ipynb.Output{result("hi\n")}, []*ipynb.Output{stream("stdout", "hi\n")}, "- missing execute_result: hi"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var report []string
			for _, d := range Default().Cell(tc.stored, tc.got) {
				report = append(report, d.String())
			}
			r := strings.Join(report, "\n")
			if tc.want == "" && r != "" || !strings.Contains(r, tc.want) {
				t.Errorf("report:\n%s\nwant it to contain %q", r, tc.want)
			}
			if strings.Contains(r, png1) {
				t.Error("report dumps base64")
			}
		})
	}
}

// The result gophernotes as released shows for a final print call is left
// out of the stored outputs when it is exactly the run's; any other
// stored result stays, to be compared.
func TestReleasedPrintValue(t *testing.T) {
	out := stream("stdout", "hello, world\n")
	for _, tc := range []struct {
		name        string
		stored, got []*ipynb.Output
		value       string
		wantDropped bool
	}{
		{"the released kernel's result", []*ipynb.Output{out, result("13 <nil>")}, []*ipynb.Output{out}, "13 <nil>", true},
		{"streams after it", []*ipynb.Output{result("13 <nil>"), out}, []*ipynb.Output{out}, "13 <nil>", true},
		{"another count: the cell printed otherwise", []*ipynb.Output{out, result("12 <nil>")}, []*ipynb.Output{out}, "13 <nil>", false},
		{"no final print in the run", []*ipynb.Output{out, result("13 <nil>")}, []*ipynb.Output{out}, "", false},
		{"the run shows a result", []*ipynb.Output{out, result("13 <nil>")}, []*ipynb.Output{out, result("13 <nil>")}, "13 <nil>", false},
		{"a rich result", []*ipynb.Output{out, {Type: "execute_result", Data: map[string]any{"text/plain": "13 <nil>", "text/html": "x"}}}, []*ipynb.Output{out}, "13 <nil>", false},
		{"an error last", []*ipynb.Output{out, {Type: "error", Ename: "ERROR", Evalue: "13 <nil>"}}, []*ipynb.Output{out}, "13 <nil>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept := ReleasedPrintValue(tc.stored, tc.got, tc.value)
			if dropped := len(kept) == len(tc.stored)-1; dropped != tc.wantDropped {
				t.Errorf("kept %d of %d outputs; want the result dropped: %v", len(kept), len(tc.stored), tc.wantDropped)
			}
			if tc.wantDropped {
				if d := Default().Cell(kept, tc.got); len(d) != 0 {
					t.Errorf("still differs: %v", d)
				}
			}
		})
	}
}

func errorOut(evalue string) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: evalue}
}

// Errors are compared as errors: the same error agrees whatever the
// interpreter's position prefix and its wording of it, by rule; another
// error does not.
func TestErrorsComparedAsErrors(t *testing.T) {
	for _, tc := range []struct {
		stored, got string
		same        bool
	}{
		{"repl.go:1:1: undefined identifier: missing", "1:13: undefined: missing", true},
		{"_.go:1:28: undefined: missing", "repl.go:3:5: undefined: missing", true},
		{"1:6: undefined: missing", "1:6: undefined: other", false},
		{"repl.go:1:16: cannot range over 3 <int>", "1:16: cannot range over 3 (untyped int constant)", true},
		{"repl.go:2:16: cannot range over n <int>", "2:16: cannot range over n (variable of type int)", true},
		{"boom", "boom", true},
		{"boom", "bang", false},
		{"runtime error: index out of range [5] with length 3", "runtime error: index out of range [5] with length 3", true},
	} {
		d := Default().Cell([]*ipynb.Output{errorOut(tc.stored)}, []*ipynb.Output{errorOut(tc.got)})
		if same := len(d) == 0; same != tc.same {
			t.Errorf("%q against %q: same = %v, want %v (%v)", tc.stored, tc.got, same, tc.same, d)
		}
	}
}

func TestCarriageReturns(t *testing.T) {
	for in, want := range map[string]string{
		"carriage\rreturn\n":     "return\n",
		"10%\r50%\r100%\ndone\n": "100%\ndone\n",
		"line\r\nnext\n":         "line\r\nnext\n",
		"plain\n":                "plain\n",
	} {
		if got := CarriageReturns(in); got != want {
			t.Errorf("CarriageReturns(%q) = %q, want %q", in, got, want)
		}
	}
	stored := []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "return\n"}}
	got := []*ipynb.Output{{Type: "stream", Name: "stdout", Text: "carriage\rreturn\n"}}
	if d := Default().Cell(stored, got); len(d) != 0 {
		t.Errorf("a carriage return as stored by one nbconvert and by another differ: %v", d)
	}
}
