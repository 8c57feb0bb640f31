package threading

// Lesson 8: goroutines, OS threads and processes. What a goroutine costs,
// what GOMAXPROCS decides, and work split over child processes, the way
// Python's multiprocessing gets around the GIL.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
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

// MeasurePythonThreadCost runs the Python program src with python3 and the
// argument n, and reads what it measured of n Python threads from the last
// line it prints, a JSON object: "memory", the bytes each thread adds to the
// process's resident memory, and "seconds", the time to start and end one.
// The program is the lesson's, shown in its cell. When ctx is done,
// python3 is stopped.
func MeasurePythonThreadCost(ctx context.Context, src string, n int) (SpawnCost, error) {
	out, err := runPythonJSON(ctx, src, strconv.Itoa(n))
	if err != nil {
		return SpawnCost{}, err
	}
	var r struct {
		Memory  uint64
		Seconds float64
	}
	if err := json.Unmarshal(lastLine(out), &r); err != nil {
		return SpawnCost{}, fmt.Errorf("python3 printed %q: %w", out, err)
	}
	return SpawnCost{N: n, Memory: r.Memory, StartEnd: seconds(r.Seconds)}, nil
}

// lastLine returns the last non-empty line of out: a program may print
// something before its result.
func lastLine(out []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	return lines[len(lines)-1]
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
	m := measure(func() {
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

// BuildPrimeProgram compiles the child program into a temporary folder. When
// ctx is done, the build is stopped.
func BuildPrimeProgram(ctx context.Context) (*PrimeProgram, error) {
	dir, err := os.MkdirTemp("", "primes")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(primeProgram), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	exe := filepath.Join(dir, "primes")
	cmd := command(ctx, "go", "build", "-o", exe, "main.go")
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
// The measurement's CPU time is that of the children. When ctx is done, the
// children are killed. It is the compiled twin of the lesson's cell.
func (p *PrimeProgram) CountWithProcesses(ctx context.Context, upTo, processes int) (Measurement, error) {
	counts := make([]int, processes)
	errs := make([]error, processes)
	cpu := cpuTime(rusageChildren)
	wall := timed(func() {
		var wg sync.WaitGroup
		for i := 0; i < processes; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				out, err := command(ctx, p.exe, strconv.Itoa(i), strconv.Itoa(processes), strconv.Itoa(upTo)).Output()
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

// MeasurePythonPrimes runs the Python program src, the lesson's, with
// python3 and the arguments upTo and workers, and reads what it measured
// from the last line it prints, a JSON object: "count", a list of the counts
// of primes below upTo it found, one per way of counting, and "seconds", for
// each way a pair of the wall-clock time and the CPU time it took (that of
// the Python process and of its finished children). The program is run from
// a file, as multiprocessing needs. When ctx is done, python3 and the
// processes it started are stopped.
func MeasurePythonPrimes(ctx context.Context, src string, upTo, workers int) ([]Measurement, error) {
	dir, err := os.MkdirTemp("", "pypool")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	// multiprocessing needs an importable main module: a file, not -c.
	script := filepath.Join(dir, "primes.py")
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := command(ctx, "python3", script, strconv.Itoa(upTo), strconv.Itoa(workers))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var r struct {
		Count   []int
		Seconds [][2]float64
	}
	if err := json.Unmarshal(lastLine(out), &r); err != nil || len(r.Count) == 0 || len(r.Count) != len(r.Seconds) {
		return nil, fmt.Errorf("python3 printed %q", out)
	}
	runs := make([]Measurement, len(r.Count))
	for i := range runs {
		runs[i] = Measurement{Count: r.Count[i], Wall: seconds(r.Seconds[i][0]), CPU: seconds(r.Seconds[i][1])}
	}
	return runs, nil
}
