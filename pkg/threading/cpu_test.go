package threading

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"testing"
	"time"
)

func TestAppendRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 1000} {
		out := AppendRandom([]float64{-1}, n, r)
		if len(out) != n+1 || out[0] != -1 {
			t.Fatalf("AppendRandom(n=%d) gave %d values", n, len(out))
		}
		for _, v := range out[1:] {
			if v < 0 || v >= 1 {
				t.Fatalf("value %v outside [0, 1)", v)
			}
		}
	}
}

// Measure keeps the fastest run per worker count, over rounds that go over
// the counts in turn, and computes speedups against one worker.
func TestMeasureKeepsBestAndComputesSpeedup(t *testing.T) {
	var calls []int
	times := map[int][]time.Duration{1: {90, 100}, 2: {60, 50}, 3: {40, 45}}
	points := Measure(3, 2, func(w int) Run {
		calls = append(calls, w)
		d := times[w][0]
		times[w] = times[w][1:]
		return Run{Took: d, CPU: d * time.Duration(w)}
	})
	if want := []int{1, 2, 3, 1, 2, 3}; !equalInts(calls, want) {
		t.Errorf("call order %v, want %v", calls, want)
	}
	want := []Point{{1, 90, 90, 1}, {2, 50, 100, 1.8}, {3, 40, 120, 2.25}}
	for i, p := range points {
		if p != want[i] {
			t.Errorf("point %d = %+v, want %+v", i, p, want[i])
		}
		if got := p.Parallelism(); got != float64(i+1) {
			t.Errorf("point %d: Parallelism() = %v, want %d", i, got, i+1)
		}
	}
	if up := UpTo(points, 2); len(up) != 2 || up[1] != want[1] {
		t.Errorf("UpTo(points, 2) = %+v", up)
	}
	if At(points, 2) != want[1] || At(points, 9) != want[2] || At(nil, 1) != (Point{}) {
		t.Error("At does not find the points")
	}
}

func TestRunParallelismAndBest(t *testing.T) {
	for _, tc := range []struct {
		r    Run
		want float64
	}{{Run{Took: 100, CPU: 190}, 1.9}, {Run{Took: 100, CPU: 100}, 1}, {Run{}, 0}} {
		if got := tc.r.Parallelism(); got != tc.want {
			t.Errorf("%+v.Parallelism() = %v, want %v", tc.r, got, tc.want)
		}
	}
	runs := []Run{{Took: 30}, {Took: 10, Count: 7}, {Took: 20}}
	i := 0
	if best := Best(3, func() Run { i++; return runs[i-1] }); best.Count != 7 || i != 3 {
		t.Errorf("Best = %+v after %d runs", best, i)
	}
}

// Busy goroutines use CPU time; a sleeping one does not.
func TestTimedRunMeasuresCPU(t *testing.T) {
	busy := TimedRun(func() { SplitWork(1, 2, 200_000) })
	idle := TimedRun(func() { time.Sleep(20 * time.Millisecond) })
	if busy.CPU <= 0 || idle.CPU >= idle.Took {
		t.Errorf("busy %+v, idle %+v", busy, idle)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSplitWorkRunsEveryList(t *testing.T) {
	// Every split does the same work: with a count of zero it must still
	// return, for any number of goroutines, more or fewer than the lists.
	for _, g := range []int{1, 2, 5, 13} {
		if r := SplitWork(g, 12, 0); r.Took < 0 {
			t.Errorf("SplitWork(%d) = %+v", g, r)
		}
		if r := SplitWorkShared(g, 12, 10); r.Took < 0 {
			t.Errorf("SplitWorkShared(%d) = %+v", g, r)
		}
	}
}

func TestMeasurePythonRunsTheLessonsExperiment(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	points, err := MeasurePython(2, 2, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 2 || points[0].Workers != 1 || points[0].Speedup != 1 || points[1].Took <= 0 {
		t.Errorf("points = %+v", points)
	}
}

func TestPrintTable(t *testing.T) {
	var buf bytes.Buffer
	old := Output
	Output = &buf
	defer func() { Output = old }()
	PrintTable("Go", []Point{{1, 1500 * time.Microsecond, 0, 1}, {2, 800 * time.Microsecond, 0, 1.9}})
	want := "Go:\n  1 worker(s): 2ms\n  2 worker(s): 1ms\n"
	if buf.String() != want {
		t.Errorf("printed %q, want %q", buf.String(), want)
	}
}
