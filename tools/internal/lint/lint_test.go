package lint

import (
	"flag"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/goconcurrency/notebooks/tools/internal/input"
	"github.com/goconcurrency/notebooks/tools/internal/oneline"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The lint notebook holds a case per cell; the golden file lists the
// findings, and every cell whose comment says "flagged" has one.
func TestNotebookGolden(t *testing.T) {
	nb, err := input.Load("testdata/lint.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	flagged := map[int]bool{}
	for _, f := range Notebook(nb) {
		b.WriteString(f.String() + "\n")
		flagged[f.Cell] = true
	}
	got := b.String()
	if *update {
		if err := os.WriteFile("testdata/lint.golden", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/lint.golden")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("findings:\n%s\nwant (testdata/lint.golden):\n%s", got, want)
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		should := strings.HasPrefix(c.Source, "// flagged")
		if should != flagged[i+1] {
			t.Errorf("cell %d (%s): flagged = %v", i+1, oneline.Of(c.Source), flagged[i+1])
		}
	}
}

func TestCell(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string // a piece of the one finding; "" for none
	}{
		{"import \"fmt\"\nfor i := 0; i < 2; i++ {\n\tgo fmt.Println(i)\n}", "line 3: a goroutine starts here"},
		{"import \"fmt\"\nfmt.Printf(\"%d\", 1)", ""}, // the kernel shows no value for it
		{"import \"fmt\"\nfmt.Printf(\"%d\", 1)\nx := 1", ""},
		{"defer close(ch)", "line 1: defer close"},
		{"import \"maps\"", "import \"maps\": the package is Go 1.21"},
		{"import at \"sync/atomic\"\nvar b at.Bool", "sync/atomic.Bool is Go 1.19"},
		{"this is not Go {", ""},
		{"", ""},
	} {
		fs := Cell(tc.src)
		switch {
		case tc.want == "" && len(fs) > 0:
			t.Errorf("%q: unexpected %v", tc.src, fs)
		case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].String(), tc.want)):
			t.Errorf("%q: findings %v, want one with %q", tc.src, fs, tc.want)
		}
	}
}

// The machine notebook, run on the kernel, holds cases for the rule on
// machine-dependent figures: every code cell whose first line says
// "flagged" is flagged by it, and no other.
func TestMachineFigures(t *testing.T) {
	nb, err := input.Load("testdata/machine.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[int]string{}
	for _, f := range machineFigures(nb) {
		flagged[f.Cell] = f.Message
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		should := strings.HasPrefix(c.Source, "// flagged")
		if msg, got := flagged[i+1]; got != should {
			t.Errorf("cell %d (%s): flagged = %v %s", i+1, oneline.Of(c.Source), got, msg)
		}
	}
}

func TestFigure(t *testing.T) {
	for _, tc := range []struct {
		line   string
		sleeps bool
		want   string
	}{
		{"serial: 184ms", false, "duration"},
		{"serial: 184ms", true, ""},
		{"cores: 2", true, "core count"},
		{"GOMAXPROCS=8", false, "core count"},
		{"2 processes keep at least 1.5 cores busy: true", false, "core count"},
		{"Go keeps at least 90% of the available cores busy: true", false, ""},
		{"Python's threads keep at most 1.3 cores busy: true", false, ""},
		{"with GOMAXPROCS=1, never two at once: true", false, ""},
		{"counted by one process per core: 78498", false, ""},
		{"GOMAXPROCS: 8", false, "core count"},
		{"ran on 4 CPUs", false, "core count"},
		{"a goroutine costs 2.7 KB", false, "memory"},
		{"a goroutine takes less than 8 KB: true", false, ""},
		{"heap: 12 MiB", true, "memory"},
		{"five sleepers took about one nap: true", false, ""},
		{"\x1b[31mred text\x1b[0m", false, ""},
	} {
		got := figure(tc.line, tc.sleeps)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("figure(%q, sleeps=%v) = %q, want %q", tc.line, tc.sleeps, got, tc.want)
		}
	}
}

// lint reads cells as Go source only: it must not pull in the interpreter
// (yaegi, the helper's symbols), which only the engine needs.
func TestLintDoesNotDependOnTheInterpreter(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "yaegi") || strings.HasSuffix(pkg, "/engine") || strings.Contains(pkg, "/engine/") {
			t.Errorf("lint depends on %s", pkg)
		}
	}
}
