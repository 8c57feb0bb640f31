package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

func TestMain(m *testing.M) {
	MaybeRunWorker()
	os.Exit(m.Run())
}

// runCells runs the cells in a worker, as a notebook.
func runCells(t *testing.T, srcs []string) []CellRun {
	t.Helper()
	runs, err := Run(context.Background(), srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// show renders outputs compactly for comparison in tests.
func show(outs []*ipynb.Output) string {
	var b strings.Builder
	for _, o := range outs {
		switch o.Type {
		case "stream":
			b.WriteString(o.Name + ": " + o.Text)
		case "execute_result":
			b.WriteString("result: " + o.Data["text/plain"].(string) + "\n")
		case "error":
			b.WriteString(o.Ename + ": " + o.Evalue + "\n")
		default:
			b.WriteString(o.Type + "\n")
		}
	}
	return b.String()
}

func TestRunCellsLikeGophernotes(t *testing.T) {
	cells := []struct{ src, want string }{
		{"import \"fmt\"\nfmt.Println(\"hi\")", "stdout: hi\n"},
		{"import (\n\t\"os\"\n\t\"time\"\n)", ""},
		{`import "../pkg/threading"`, ""},
		{`threading.Sleeper("a", time.Millisecond)`, "stdout: a: going to sleep for 1ms\na: woke up\n"},
		{"x := 3\nx", "result: 3\n"},
		{"func f() (int, string) { return 1, \"two\" }\nf()", "result: 1two\n"},
		{"y := 4\nfunc g() int { return 2 }\nz := x + y + g()\nz", "result: 9\n"},
		{"fmt.Fprintln(os.Stderr, \"oops\")\n", "stderr: oops\n"},
		{"var e error\ne", ""},
		{"type T struct{ A int; B string }\nT{1, \"x\"}", "result: {1 x}\n"},
		{"[]int{1, 2}", "result: [1 2]\n"},
		{"210 * time.Millisecond", "result: 210ms\n"},
		{"th := threading.Start(\"t\", func() { fmt.Println(\"in goroutine\") })\nth.Join()", "stdout: in goroutine\n"},
		{"panic(\"boom\")", "ERROR: boom\n"},
		{"var m map[string]int\nm[\"a\"] = 1", "ERROR: assignment to entry in nil map\n"},
		{"x", "result: 3\n"},
		// yaegi alone loses job here (a define from two values in a block).
		{"func get() (string, bool) { return \"job\", true }\nfor i := 0; i < 2; i++ {\n\tjob, _ := get()\n\tx += i\n\tfmt.Println(job, x)\n}",
			"stdout: job 3\njob 4\n"},
		// A block runs once, not again with later cells.
		{"if x > 0 {\n\tfmt.Println(\"once\")\n}", "stdout: once\n"},
		{"x", "result: 4\n"},
	}
	var srcs []string
	for _, c := range cells {
		srcs = append(srcs, c.src)
	}
	runs, err := Run(context.Background(), srcs, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cells {
		if runs[i].Err != nil {
			t.Errorf("cell %d: %v", i+1, runs[i].Err)
		}
		if got := show(runs[i].Outputs); got != c.want {
			t.Errorf("cell %d %q:\n got %q\nwant %q", i+1, c.src, got, c.want)
		}
	}
}

func TestCompileErrorNamesTheProblem(t *testing.T) {
	runs, err := Run(context.Background(), []string{"nosuch(3)", `import "example.com/nowhere"`}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"undefined: nosuch", "example.com/nowhere"} {
		if got := show(runs[i].Outputs); !strings.Contains(got, want) || !strings.HasPrefix(got, "ERROR: ") {
			t.Errorf("cell %d: got %q, want an error naming %q", i+1, got, want)
		}
	}
}

func TestStuckCellIsStoppedWithStacks(t *testing.T) {
	cells := []string{
		`import "fmt"`,
		"fmt.Println(\"before\")\nch := make(chan int)\n<-ch",
		`fmt.Println("never")`,
	}
	runs, err := Run(context.Background(), cells, Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var te *TimeoutError
	if !errors.As(runs[1].Err, &te) {
		t.Fatalf("cell 2: err = %v, want a timeout", runs[1].Err)
	}
	if !strings.Contains(te.Stacks, "goroutine ") {
		t.Errorf("no goroutine stacks in %q", te.Stacks)
	}
	if !runs[2].Skipped {
		t.Error("the cell after a stuck one was not marked skipped")
	}
}

func TestGoroutinePanicIsACrashOfThatCell(t *testing.T) {
	cells := []string{
		"import \"time\"",
		"go func() { panic(\"from a goroutine\") }()\ntime.Sleep(time.Second)",
		"1 + 1",
	}
	runs, err := Run(context.Background(), cells, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ce *CrashError
	if !errors.As(runs[1].Err, &ce) || !strings.Contains(ce.Error(), "from a goroutine") {
		t.Fatalf("cell 2: err = %v, want a crash naming the panic", runs[1].Err)
	}
	if !runs[2].Skipped {
		t.Error("cell 3 should be skipped")
	}
}

func TestEndlessLoopIsStoppedAndKeepsWhatItPrinted(t *testing.T) {
	cells := []string{
		`import "fmt"`,
		"fmt.Println(\"spinning\")\nfor {\n}",
		"1",
	}
	timeouts := map[int]time.Duration{1: time.Second}
	runs, err := Run(context.Background(), cells, Options{
		Timeout:     time.Minute,
		CellTimeout: func(i int) time.Duration { return timeouts[i] },
	})
	if err != nil {
		t.Fatal(err)
	}
	var te *TimeoutError
	if !errors.As(runs[1].Err, &te) || te.After != time.Second {
		t.Fatalf("cell 2: err = %v, want a timeout after the cell's own 1s", runs[1].Err)
	}
	if got := show(runs[1].Outputs); got != "stdout: spinning\n" {
		t.Errorf("cell 2 outputs = %q, want what it printed before it was stopped", got)
	}
	if !strings.Contains(te.Stacks, "goroutine ") {
		t.Errorf("no goroutine stacks in %q", te.Stacks)
	}
	if !runs[2].Skipped {
		t.Error("cell 3 should be skipped")
	}
}

func TestOutputIsBounded(t *testing.T) {
	cells := []string{
		"import (\n\t\"fmt\"\n\t\"strings\"\n)",
		fmt.Sprintf("fmt.Print(strings.Repeat(\"x\", %d))\nfmt.Print(\"end\")", MaxCellOutput+1000),
		fmt.Sprintf("strings.Repeat(\"y\", %d)", MaxCellOutput+10),
		`fmt.Print("small")`,
	}
	runs, err := Run(context.Background(), cells, Options{})
	if err != nil {
		t.Fatal(err)
	}
	size := func(r CellRun) int {
		n := 0
		for _, o := range r.Outputs {
			n += len(o.Text)
			for _, v := range o.Data {
				n += len(v.(string))
			}
		}
		return n
	}
	for i, want := range []int{1000 + len("end"), 10} {
		r := runs[i+1]
		if r.Dropped != int64(want) || size(r) != MaxCellOutput {
			t.Errorf("cell %d: kept %d bytes, dropped %d; want %d kept, %d dropped", i+2, size(r), r.Dropped, MaxCellOutput, want)
		}
	}
	if runs[3].Dropped != 0 || show(runs[3].Outputs) != "stdout: small" {
		t.Errorf("the limit carried over to the next cell: %+v", runs[3])
	}
}

func TestOnDoneReportsCellsAsTheyFinish(t *testing.T) {
	var seen []int
	cells := []string{"1", "2", "panic(3)", "4"}
	runs, err := Run(context.Background(), cells, Options{OnDone: func(i int, r CellRun) {
		seen = append(seen, i)
		if len(r.Outputs) == 0 {
			t.Errorf("cell %d reported without outputs", i+1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seen) != "[0 1 2 3]" {
		t.Errorf("OnDone saw cells %v", seen)
	}
	if got := show(runs[2].Outputs); got != "ERROR: 3\n" {
		t.Errorf("a panic: %q", got)
	}
}
