package threading

// Lesson 8: goroutines, OS threads and processes. What a goroutine costs,
// what GOMAXPROCS decides, and work split over child processes, the way
// Python's multiprocessing gets around the GIL.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A SpawnCost is what starting many goroutines (or threads) took, per
// goroutine.
type SpawnCost struct {
	N        int
	Memory   uint64        // bytes per goroutine while all were alive
	StartEnd time.Duration // time per goroutine to start it and see it end
}

// MeasureGoroutineCost starts n goroutines that all wait on one channel,
// measures the memory the runtime holds for them while they are alive
// (their stacks and their records), then releases them and returns the cost
// per goroutine.
func MeasureGoroutineCost(n int) SpawnCost {
	runtime.GC()
	var before, during runtime.MemStats
	runtime.ReadMemStats(&before)
	release := make(chan struct{})
	var started, ended sync.WaitGroup
	started.Add(n)
	ended.Add(n)
	took := timed(func() {
		for i := 0; i < n; i++ {
			go func() {
				started.Done()
				<-release
				ended.Done()
			}()
		}
		started.Wait()
		runtime.ReadMemStats(&during)
		close(release)
		ended.Wait()
	})
	used := (during.StackInuse + during.HeapInuse) - min(during.StackInuse+during.HeapInuse, before.StackInuse+before.HeapInuse)
	return SpawnCost{N: n, Memory: used / uint64(n), StartEnd: took / time.Duration(n)}
}

// pythonThreadCost measures n Python threads the same way: all alive at
// once, waiting on one event, then released.
const pythonThreadCost = `
import json, sys, threading, time

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0

n = int(sys.argv[1])
release = threading.Event()
started = threading.Barrier(n + 1)
def worker():
    started.wait()
    release.wait()
before = rss()
t0 = time.perf_counter()
threads = [threading.Thread(target=worker) for _ in range(n)]
for t in threads:
    t.start()
started.wait()
during = rss()
release.set()
for t in threads:
    t.join()
took = time.perf_counter() - t0
print(json.dumps({"memory": max(during - before, 0) // n, "seconds": took / n}))
`

// MeasurePythonThreadCost measures n Python threads with python3: memory
// is the growth of the process's resident memory per thread.
func MeasurePythonThreadCost(n int) (SpawnCost, error) {
	out, err := runPythonJSON(pythonThreadCost, strconv.Itoa(n))
	if err != nil {
		return SpawnCost{}, err
	}
	var r struct {
		Memory  uint64
		Seconds float64
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return SpawnCost{}, fmt.Errorf("python3 printed %q: %w", out, err)
	}
	return SpawnCost{N: n, Memory: r.Memory, StartEnd: time.Duration(r.Seconds * float64(time.Second))}, nil
}

// CountPrimes counts the primes in [from, to) by trial division: plain CPU
// work that splits into independent ranges.
func CountPrimes(from, to int) int {
	count := 0
	for n := max(from, 2); n < to; n++ {
		prime := true
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count
}

// primeBlock is how many numbers a worker takes at a time: workers take
// blocks in turn, so that each gets small and large numbers alike and the
// work is evenly shared.
const primeBlock = 1000

// countPrimesShare counts the primes below upTo in the blocks of primeBlock
// numbers that fall to worker (of workers) when the blocks are dealt out in
// turn: what one child process of PrimesWithProcesses counts.
func countPrimesShare(worker, workers, upTo int) int {
	count := 0
	for from := worker * primeBlock; from < upTo; from += workers * primeBlock {
		count += CountPrimes(from, min(from+primeBlock, upTo))
	}
	return count
}

// PrimesWithGoroutines counts the primes below upTo over goroutines that
// take blocks of primeBlock numbers one at a time from a shared counter,
// and add their counts to a shared total, both with atomic operations. It
// is the compiled twin of the lesson's cell.
func PrimesWithGoroutines(upTo, goroutines int) Measurement {
	var total int64
	m := Measure(func() {
		var next int64 // how many blocks have been taken
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					from := int(atomic.AddInt64(&next, 1)-1) * primeBlock
					if from >= upTo {
						return
					}
					atomic.AddInt64(&total, int64(CountPrimes(from, min(from+primeBlock, upTo))))
				}
			}()
		}
		wg.Wait()
	})
	m.Count = int(total)
	return m
}

// primeProgram is the child process: it counts the primes of its share
// (worker, workers, upTo on its command line, blocks dealt out in turn as
// countPrimesShare does) and prints the count.
const primeProgram = `package main

import (
	"fmt"
	"os"
	"strconv"
)

const block = 1000

func main() {
	worker, _ := strconv.Atoi(os.Args[1])
	workers, _ := strconv.Atoi(os.Args[2])
	upTo, _ := strconv.Atoi(os.Args[3])
	count := 0
	for from := worker * block; from < upTo; from += workers * block {
		for n := max(from, 2); n < min(from+block, upTo); n++ {
			prime := true
			for d := 2; d*d <= n; d++ {
				if n%d == 0 {
					prime = false
					break
				}
			}
			if prime {
				count++
			}
		}
	}
	fmt.Println(count)
}
`

// A PrimeProgram is the compiled child program of CountWithProcesses: run
// as "primes worker workers upTo", it prints how many primes below upTo lie
// in the blocks that fall to worker. Build it once with BuildPrimeProgram;
// Close removes it.
type PrimeProgram struct{ dir, exe string }

// BuildPrimeProgram compiles the child program into a temporary folder.
func BuildPrimeProgram() (*PrimeProgram, error) {
	dir, err := os.MkdirTemp("", "primes")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(primeProgram), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	exe := filepath.Join(dir, "primes")
	cmd := exec.Command("go", "build", "-o", exe, "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("building the child program: %w\n%s", err, out)
	}
	return &PrimeProgram{dir: dir, exe: exe}, nil
}

// Path returns the file name of the compiled program, for exec.Command.
func (p *PrimeProgram) Path() string { return p.exe }

// Close removes the program.
func (p *PrimeProgram) Close() error { return os.RemoveAll(p.dir) }

// CountWithProcesses counts the primes below upTo split over child
// processes running at the same time, each started from its own goroutine,
// given its share on the command line and answering on its standard output.
// The measurement's CPU time is that of the children. It is the compiled
// twin of the lesson's cell.
func (p *PrimeProgram) CountWithProcesses(upTo, processes int) (Measurement, error) {
	counts := make([]int, processes)
	errs := make([]error, processes)
	cpu := cpuTime(rusageChildren)
	wall := timed(func() {
		var wg sync.WaitGroup
		for i := 0; i < processes; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out, err := exec.Command(p.exe, strconv.Itoa(i), strconv.Itoa(processes), strconv.Itoa(upTo)).Output()
				if err == nil {
					counts[i], err = strconv.Atoi(strings.TrimSpace(string(out)))
				}
				errs[i] = err
			}(i)
		}
		wg.Wait()
	})
	m := Measurement{Wall: wall, CPU: cpuTime(rusageChildren) - cpu}
	for i := range counts {
		if errs[i] != nil {
			return m, fmt.Errorf("child process %d of %d: %w", i, processes, errs[i])
		}
		m.Count += counts[i]
	}
	return m, nil
}

// pythonPool is the Python lesson's way out of the GIL: the same prime
// count over a multiprocessing.Pool of worker processes, and over threads.
const pythonPool = `
import json, resource, sys, time
from multiprocessing import Pool
from concurrent.futures import ThreadPoolExecutor

def count(r):
    lo, hi = r
    c = 0
    for n in range(max(lo, 2), hi):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            c += 1
    return c

if __name__ == "__main__":
    up_to, workers, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    block = 1000
    blocks = [(lo, min(lo + block, up_to)) for lo in range(0, up_to, block)]
    parts = blocks  # a pool deals the blocks out to its workers
    def cpu():
        own = time.process_time()
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own + kids.ru_utime + kids.ru_stime
    def serial():
        return count((0, up_to))
    def threads():
        with ThreadPoolExecutor(workers) as ex:
            return sum(ex.map(count, parts))
    def procs():
        with Pool(workers) as pool:
            return sum(pool.map(count, parts, chunksize=4))
    counts, best = [], []
    for way in (serial, threads, procs):
        runs = []
        for _ in range(rounds):
            t0, c0 = time.perf_counter(), cpu()
            c = way()
            runs.append([time.perf_counter() - t0, cpu() - c0])
        counts.append(c)
        best.append(min(runs))
    print(json.dumps({"count": counts, "seconds": best}))
`

// MeasurePythonPrimes counts the primes below upTo in Python three ways:
// serially, over a pool of threads, and over a multiprocessing pool of
// processes, each the fastest of two runs, in that order. A measurement's
// CPU time is that of the Python process and of its finished children.
func MeasurePythonPrimes(upTo, workers int) ([]Measurement, error) {
	dir, err := os.MkdirTemp("", "pypool")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// multiprocessing needs an importable main module: a file, not -c.
	script := filepath.Join(dir, "primes.py")
	if err := os.WriteFile(script, []byte(pythonPool), 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command("python3", script, strconv.Itoa(upTo), strconv.Itoa(workers), "2")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var r struct {
		Count   []int
		Seconds [][2]float64
	}
	if err := json.Unmarshal(out, &r); err != nil || len(r.Count) != 3 || len(r.Seconds) != 3 {
		return nil, fmt.Errorf("python3 printed %q", out)
	}
	runs := make([]Measurement, 3)
	for i := range runs {
		runs[i] = Measurement{Count: r.Count[i], Wall: seconds(r.Seconds[i][0]), CPU: seconds(r.Seconds[i][1])}
	}
	return runs, nil
}
