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
		if got, _ := PrimesWithGoroutines(upTo, workers); got != want {
			t.Errorf("%d goroutines counted %d, want %d", workers, got, want)
		}
		if got, _, err := pool.PrimesWithProcesses(upTo, workers); err != nil || got != want {
			t.Errorf("%d processes counted %d (%v), want %d", workers, got, err, want)
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
	counts, took, err := PythonPrimes(5000, 2)
	if err != nil || len(took) != 3 {
		t.Fatalf("PythonPrimes: %v %v", took, err)
	}
	for _, n := range counts {
		if n != CountPrimes(0, 5000) {
			t.Errorf("Python counted %v, want %d each", counts, CountPrimes(0, 5000))
		}
	}
}
