package threading

import (
	"os/exec"
	"runtime"
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
	pool, err := NewProcessPool()
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	for _, workers := range []int{1, 2, 3, 7} {
		if got := PrimesWithGoroutines(upTo, workers); got.Count != want {
			t.Errorf("%d goroutines counted %d, want %d", workers, got.Count, want)
		}
		got, err := pool.PrimesWithProcesses(upTo, workers)
		if err != nil || got.Count != want || got.CPU <= 0 {
			t.Errorf("%d processes: %+v (%v), want a count of %d and the children's CPU time", workers, got, err, want)
		}
	}
}

func TestGoroutineCost(t *testing.T) {
	c := GoroutineCost(1000)
	if c.N != 1000 || c.Memory == 0 || c.StartEnd <= 0 {
		t.Errorf("GoroutineCost(1000) = %+v", c)
	}
}

func TestWithProcsRestores(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	WithProcs(1, func() {
		if n := runtime.GOMAXPROCS(0); n != 1 {
			t.Errorf("GOMAXPROCS inside = %d", n)
		}
	})
	if after := runtime.GOMAXPROCS(0); after != before {
		t.Errorf("GOMAXPROCS after = %d, want %d", after, before)
	}
}

func TestPythonMeasurements(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	c, err := PythonThreadCost(20)
	if err != nil || c.N != 20 || c.StartEnd <= 0 {
		t.Errorf("PythonThreadCost = %+v, %v", c, err)
	}
	runs, err := PythonPrimes(5000, 2)
	if err != nil || len(runs) != 3 {
		t.Fatalf("PythonPrimes: %v %v", runs, err)
	}
	for _, r := range runs {
		if r.Count != CountPrimes(0, 5000) || r.Took <= 0 {
			t.Errorf("Python: %+v, want a count of %d each", runs, CountPrimes(0, 5000))
		}
	}
}
