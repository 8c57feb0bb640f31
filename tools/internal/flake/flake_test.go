package flake

import (
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func out(text string) []*ipynb.Output {
	return []*ipynb.Output{{Type: "stream", Name: "stdout", Text: text}}
}

// obs is a run's observation of a cell: "pass" or the text a failing run
// printed.
type obs struct {
	n, cpus int
	failed  string // "" passed
}

func TestFindings(t *testing.T) {
	for _, tc := range []struct {
		name string
		runs []obs
		want []string // pieces of the one finding; nil for none
	}{
		{"passes every time", []obs{{1, 1, ""}, {2, 1, ""}, {1, 2, ""}, {2, 2, ""}}, nil},
		{"fails the same way every time", []obs{{1, 1, "x\n"}, {2, 1, "x\n"}, {1, 2, "x\n"}}, nil},
		{"flaky at one CPU count", []obs{{1, 2, ""}, {2, 2, "lost\n"}, {3, 2, "lost\n"}},
			[]string{"--- FLAKY: nb.ipynb cell 3 at -cpu 2: failed in runs 2, 3; passed in run 1", "run 2, -cpu 2 against run 1, -cpu 2", "-ok", "+lost"}},
		{"flaky, no CPU limit", []obs{{1, 0, "lost\n"}, {2, 0, ""}},
			[]string{"--- FLAKY: nb.ipynb cell 3: failed in run 1; passed in run 2"}},
		{"unstable: fails differently each time", []obs{{1, 1, "b a\n"}, {2, 1, "b a\n"}, {3, 1, "a a\n"}},
			[]string{"--- UNSTABLE: nb.ipynb cell 3 at -cpu 1: failed in every run", "run 3, -cpu 1 against run 1, -cpu 1", "-b a", "+a a"}},
		{"fails on one CPU only", []obs{{1, 1, "cores busy: false\n"}, {2, 1, "cores busy: false\n"}, {1, 2, ""}, {2, 2, ""}},
			[]string{"--- CPU: nb.ipynb cell 3: fails at -cpu 1, passes at -cpu 2", "-ok", "+cores busy: false"}},
		{"timings within the tolerance are the same outputs", []obs{{1, 1, "took 100ms\n"}, {2, 1, "took 120ms\n"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f Finder
			c := Cell{Path: "nb.ipynb", Index: 3, Source: "fmt.Println(x)"}
			for _, o := range tc.runs {
				text := "ok\n"
				if o.failed != "" {
					text = o.failed
				}
				f.Add(c, Observation{Run: Run{N: o.n, CPUs: o.cpus}, Failed: o.failed != "", Outputs: out(text)})
			}
			got := f.Findings()
			if tc.want == nil {
				if len(got) > 0 {
					t.Fatalf("findings %q, want none", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("findings %q, want one", got)
			}
			for _, piece := range tc.want {
				if !strings.Contains(got[0].String(), piece) {
					t.Errorf("finding:\n%s\nwant it to hold %q", got[0], piece)
				}
			}
		})
	}
}

// Cells keep the order they were first seen in, and each is judged on its
// own observations.
func TestFindingsPerCell(t *testing.T) {
	var f Finder
	a := Cell{Path: "a.ipynb", Index: 2}
	b := Cell{Path: "a.ipynb", Index: 5}
	for n := 1; n <= 2; n++ {
		f.Add(b, Observation{Run: Run{N: n}, Failed: n == 2, Outputs: out("b\n")})
		f.Add(a, Observation{Run: Run{N: n}, Failed: n == 1, Outputs: out("a\n")})
	}
	got := f.Findings()
	if len(got) != 2 || got[0].Cell.Index != 5 || got[1].Cell.Index != 2 {
		t.Fatalf("findings %v, want cell 5 then cell 2", got)
	}
}
