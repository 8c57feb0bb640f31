package threading

import (
	"context"
	"errors"
	"math/rand"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestAppendRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, n := range []int{0, 1, 1000} {
		out := appendRandom([]float64{-1}, n, r)
		if len(out) != n+1 || out[0] != -1 {
			t.Fatalf("appendRandom(n=%d) gave %d values", n, len(out))
		}
		for _, v := range out[1:] {
			if v < 0 || v >= 1 {
				t.Fatalf("value %v outside [0, 1)", v)
			}
		}
	}
}

// measureScaling keeps the fastest run per worker count, over rounds that go
// over the counts in turn, and computes speedups against one worker.
func TestMeasureScalingKeepsFastestAndComputesSpeedup(t *testing.T) {
	var calls []int
	times := map[int][]time.Duration{1: {90, 100}, 2: {60, 50}, 3: {40, 45}}
	points := measureScaling(3, 2, func(w int) Measurement {
		calls = append(calls, w)
		d := times[w][0]
		times[w] = times[w][1:]
		return Measurement{Wall: d, CPU: d * time.Duration(w)}
	})
	if want := []int{1, 2, 3, 1, 2, 3}; !equalInts(calls, want) {
		t.Errorf("call order %v, want %v", calls, want)
	}
	want := []ScalingPoint{{1, 90, 90, 1}, {2, 50, 100, 1.8}, {3, 40, 120, 2.25}}
	for i, p := range points {
		if p != want[i] {
			t.Errorf("point %d = %+v, want %+v", i, p, want[i])
		}
		if got := p.CoresBusy(); got != float64(i+1) {
			t.Errorf("point %d: CoresBusy() = %v, want %d", i, got, i+1)
		}
	}
	for _, tc := range []struct {
		points  []ScalingPoint
		workers int
		want    ScalingPoint
	}{
		{points, 2, want[1]},
		{points, 9, want[2]},
		{nil, 1, ScalingPoint{}},
	} {
		if got := ForWorkers(tc.points, tc.workers); got != tc.want {
			t.Errorf("ForWorkers(%d points, %d) = %+v, want %+v", len(tc.points), tc.workers, got, tc.want)
		}
	}
}

func TestMeasurementCoresBusyAndFastest(t *testing.T) {
	for _, tc := range []struct {
		m    Measurement
		want float64
	}{{Measurement{Wall: 100, CPU: 190}, 1.9}, {Measurement{Wall: 100, CPU: 100}, 1}, {Measurement{}, 0}} {
		if got := tc.m.CoresBusy(); got != tc.want {
			t.Errorf("%+v.CoresBusy() = %v, want %v", tc.m, got, tc.want)
		}
	}
	runs := []Measurement{{Wall: 30}, {Wall: 10, Count: 7}, {Wall: 20}}
	i := 0
	if best := Fastest(3, func() Measurement { i++; return runs[i-1] }); best.Count != 7 || i != 3 {
		t.Errorf("Fastest = %+v after %d runs", best, i)
	}
}

// Busy goroutines use CPU time; a sleeping one does not.
func TestMeasureCountsCPUTime(t *testing.T) {
	busy := SplitWork(1, 2, 200_000)
	idle := measure(func() { time.Sleep(20 * time.Millisecond) })
	if busy.CPU <= 0 || idle.CPU >= idle.Wall {
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

// However many goroutines share the lists, fewer or more than there are
// lists, every list is filled exactly once.
func TestSplitWorkFillsEveryListOnce(t *testing.T) {
	for _, g := range []int{1, 2, 5, 13} {
		for _, lists := range []int{0, 1, 12} {
			if m := SplitWork(g, lists, 10); m.Count != lists {
				t.Errorf("SplitWork(%d goroutines, %d lists) filled %d", g, lists, m.Count)
			}
			if m := SplitWorkShared(g, lists, 10); m.Count != lists {
				t.Errorf("SplitWorkShared(%d goroutines, %d lists) filled %d", g, lists, m.Count)
			}
		}
	}
}

func TestMeasurePythonSplitWorkRunsTheLessonsExperiment(t *testing.T) {
	needTool(t, "python3")
	const experiment = `
import random, threading

def list_append(out, count):
    for _ in range(count):
        out.append(random.random())

def run(threads, lists, count):
    def work(w):
        for _ in range(w, lists, threads):
            list_append([], count)
    ts = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
`
	points, err := MeasurePythonSplitWork(context.Background(), experiment, 2, 2, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 2 || points[0].Workers != 1 || points[0].Speedup != 1 || points[1].Wall <= 0 {
		t.Errorf("points = %+v", points)
	}
	if _, err := MeasurePythonSplitWork(context.Background(), "def run(threads, lists, count):\n    raise ValueError('no')\n", 1, 1, 1); err == nil || !strings.Contains(err.Error(), "ValueError") {
		t.Errorf("a failing experiment: err = %v, want Python's error", err)
	}
}

func TestPrintScaling(t *testing.T) {
	buf := captureOutput(t)
	PrintScaling("Go", []ScalingPoint{{1, 1500 * time.Microsecond, 1500 * time.Microsecond, 1}, {2, 800 * time.Microsecond, 1600 * time.Microsecond, 1.875}})
	want := "Go:\n   1 worker(s):     2ms  speedup 1.00  cores busy 1.00\n   2 worker(s):     1ms  speedup 1.88  cores busy 2.00\n"
	if buf.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestPythonErrorsCarryStderr(t *testing.T) {
	needTool(t, "python3")
	_, err := runPythonJSON(context.Background(), "import sys; sys.exit('no good')")
	if err == nil || !strings.Contains(err.Error(), "no good") {
		t.Errorf("err = %v, want one that says what Python printed", err)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Errorf("err = %v does not wrap the *exec.ExitError", err)
	}
}
