package threading

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestCountPrimes(t *testing.T) {
	for _, tc := range []struct{ from, to, want int }{
		{0, 0, 0}, {0, 2, 0}, {0, 3, 1}, {0, 100, 25}, {100, 200, 21}, {0, 10_000, 1229},
	} {
		if got := CountPrimes(tc.from, tc.to); got != tc.want {
			t.Errorf("CountPrimes(%d, %d) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

// However the blocks are dealt out, the shares add up to the whole count,
// in goroutines and in child processes alike.
func TestSharesAddUp(t *testing.T) {
	const upTo = 25_500
	want := CountPrimes(0, upTo)
	prog, err := BuildPrimeProgram(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	for _, workers := range []int{1, 2, 3, 7} {
		shares := 0
		for w := 0; w < workers; w++ {
			shares += countPrimesShare(w, workers, upTo)
		}
		if shares != want {
			t.Errorf("%d shares add up to %d, want %d", workers, shares, want)
		}
		if got := PrimesWithGoroutines(upTo, workers); got.Count != want {
			t.Errorf("%d goroutines counted %d, want %d", workers, got.Count, want)
		}
		got, err := prog.CountWithProcesses(context.Background(), upTo, workers)
		if err != nil || got.Count != want || got.CPU <= 0 {
			t.Errorf("%d processes: %+v (%v), want a count of %d and the children's CPU time", workers, got, err, want)
		}
	}
}

// The child program answers for its share, as the lesson's cell runs it.
func TestPrimeProgramRunsOnItsOwn(t *testing.T) {
	prog, err := BuildPrimeProgram(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(prog.Path(), "1", "3", "25500").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(string(out)), strconv.Itoa(countPrimesShare(1, 3, 25_500)); got != want {
		t.Errorf("the child printed %q, want %q", got, want)
	}
	if err := prog.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(prog.Path()); !os.IsNotExist(err) {
		t.Errorf("after Close, the program is still there (%v)", err)
	}
	if _, err := prog.CountWithProcesses(context.Background(), 100, 2); err == nil || !strings.Contains(err.Error(), "child process") {
		t.Errorf("counting with a removed program: err = %v", err)
	}
}

func TestMeasureGoroutineCost(t *testing.T) {
	c := MeasureGoroutineCost(1000)
	if c.N != 1000 || c.Memory == 0 || c.StartEnd <= 0 {
		t.Errorf("MeasureGoroutineCost(1000) = %+v", c)
	}
}

func TestPythonMeasurements(t *testing.T) {
	needTool(t, "python3")
	const lesson = "08-threads-vs-processes.ipynb"
	c, err := MeasurePythonThreadCost(context.Background(), lessonString(t, lesson, "pyThreads"), 20)
	if err != nil || c.N != 20 || c.StartEnd <= 0 {
		t.Errorf("MeasurePythonThreadCost = %+v, %v", c, err)
	}
	runs, err := MeasurePythonPrimes(context.Background(), lessonString(t, lesson, "pyPrimes"), 5000, 2)
	if err != nil || len(runs) != 3 {
		t.Fatalf("MeasurePythonPrimes: %v %v", runs, err)
	}
	for _, r := range runs {
		if r.Count != CountPrimes(0, 5000) || r.Wall <= 0 {
			t.Errorf("Python: %+v, want a count of %d each", runs, CountPrimes(0, 5000))
		}
	}
}
