package threading

// Lesson 3: CPU-bound work. Python's threads take turns on the GIL; Go's
// goroutines run in parallel, up to the number of cores.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// AppendRandom appends count random numbers from r to out and returns it:
// the busy work of the lesson, a loop that keeps one CPU fully occupied.
func AppendRandom(out []float64, count int, r *rand.Rand) []float64 {
	for i := 0; i < count; i++ {
		out = append(out, r.Float64())
	}
	return out
}

// appendList appends count random numbers to a list, a chunk at a time
// into one reused buffer, so that the work is the CPU's and not a test of
// memory bandwidth and the garbage collector.
func appendList(count int, r *rand.Rand) {
	const chunk = 4096
	buf := make([]float64, 0, chunk)
	for done := 0; done < count; done += chunk {
		buf = AppendRandom(buf[:0], min(chunk, count-done), r)
	}
}

// A Run is one measured run of some work: how long it took on the wall
// clock, how much CPU time it used, and what it counted, if anything.
type Run struct {
	Count int
	Took  time.Duration // wall-clock time
	CPU   time.Duration // CPU time, all threads (or child processes) together
}

// Parallelism is the CPU time per wall-clock time: how many cores the work
// kept busy on average. Unlike a speedup, it does not depend on how fast
// each core happened to be during the run.
func (r Run) Parallelism() float64 {
	if r.Took <= 0 {
		return 0
	}
	return float64(r.CPU) / float64(r.Took)
}

// cpuTime returns the CPU time used so far by this process (who ==
// RUSAGE_SELF) or by its finished child processes (RUSAGE_CHILDREN).
func cpuTime(who int) time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TimedRun runs fn and returns its wall-clock and CPU time.
func TimedRun(fn func()) Run {
	cpu := cpuTime(syscall.RUSAGE_SELF)
	took := Timed(fn)
	return Run{Took: took, CPU: cpuTime(syscall.RUSAGE_SELF) - cpu}
}

// Best runs measure rounds times and returns the fastest run, the one
// least disturbed by whatever else the machine was doing.
func Best(rounds int, measure func() Run) Run {
	var best Run
	for i := 0; i < rounds; i++ {
		if r := measure(); i == 0 || r.Took < best.Took {
			best = r
		}
	}
	return best
}

// SplitWork does lists*count appends of random numbers over the given number
// of goroutines, each with a random source of its own, taking the lists one
// at a time from a shared counter (so a goroutine on a faster core takes
// more), and returns the run. With one goroutine it is the serial program.
func SplitWork(goroutines, lists, count int) Run {
	return TimedRun(func() {
		var next atomic.Int64
		var g Group
		for w := 0; w < goroutines; w++ {
			g.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), 1))
				for next.Add(1) <= int64(lists) {
					appendList(count, r)
				}
			})
		}
		g.Wait()
	})
}

// lockedSource is one random source shared by every goroutine, behind a
// mutex: each number is a trip through the lock.
type lockedSource struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (s *lockedSource) Uint64() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Uint64()
}

// SplitWorkShared is SplitWork with one random source shared by all
// goroutines, guarded by a mutex: the goroutines queue at the lock, and
// adding goroutines stops helping, the same shape as Python's GIL.
func SplitWorkShared(goroutines, lists, count int) Run {
	shared := rand.New(&lockedSource{r: rand.New(rand.NewPCG(1, 1))})
	return TimedRun(func() {
		var next atomic.Int64
		var g Group
		for w := 0; w < goroutines; w++ {
			g.Go(func() {
				for next.Add(1) <= int64(lists) {
					appendList(count, shared)
				}
			})
		}
		g.Wait()
	})
}

// A Point is one measurement: the time the work took with that many
// goroutines (or threads), the CPU time it used, and its speedup over one.
type Point struct {
	Workers int
	Took    time.Duration
	CPU     time.Duration
	Speedup float64
}

// Parallelism is how many cores the point's run kept busy on average.
func (p Point) Parallelism() float64 { return Run{Took: p.Took, CPU: p.CPU}.Parallelism() }

// Measure runs work with 1 to maxWorkers workers, rounds times over, and
// keeps the fastest run for each number of workers, the one least disturbed
// by the rest of the machine. The rounds go over all the worker counts in
// turn, so that a busy moment of the machine does not spoil one count's runs
// alone. It returns the points with their speedup over one worker.
func Measure(maxWorkers, rounds int, work func(workers int) Run) []Point {
	points := make([]Point, maxWorkers)
	for r := 0; r < rounds; r++ {
		for w := 1; w <= maxWorkers; w++ {
			if run := work(w); r == 0 || run.Took < points[w-1].Took {
				points[w-1] = Point{Workers: w, Took: run.Took, CPU: run.CPU}
			}
		}
	}
	for i := range points {
		points[i].Speedup = float64(points[0].Took) / float64(points[i].Took)
	}
	return points
}

// MeasureGo measures SplitWork for 1 to maxWorkers goroutines, best of five.
func MeasureGo(maxWorkers, lists, count int) []Point {
	return Measure(maxWorkers, 5, func(w int) Run { return SplitWork(w, lists, count) })
}

// MeasureGoShared measures SplitWorkShared for 1 to maxWorkers goroutines.
func MeasureGoShared(maxWorkers, lists, count int) []Point {
	return Measure(maxWorkers, 3, func(w int) Run { return SplitWorkShared(w, lists, count) })
}

// pythonExperiment is the Python lesson's experiment: append count random
// numbers to a list, lists times, split over 1 to max threads.
const pythonExperiment = `
import json, random, sys, threading, time

def list_append(out, count):
    for _ in range(count):
        out.append(random.random())

def run(threads, lists, count):
    def work(w):
        for _ in range(w, lists, threads):
            list_append([], count)
    start, cpu = time.perf_counter(), time.process_time()
    ts = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return [time.perf_counter() - start, time.process_time() - cpu]

max_threads, lists, count, rounds = (int(a) for a in sys.argv[1:5])
best = [None] * max_threads
for _ in range(rounds):
    for n in range(1, max_threads + 1):
        t = run(n, lists, count)
        if best[n - 1] is None or t[0] < best[n - 1][0]:
            best[n - 1] = t
print(json.dumps(best))
`

// MeasurePython runs the Python lesson's experiment with python3 for 1 to
// maxThreads threads and returns its points, measured the same way as
// Measure does (best of three rounds).
func MeasurePython(maxThreads, lists, count int) ([]Point, error) {
	cmd := exec.Command("python3", "-c", pythonExperiment,
		fmt.Sprint(maxThreads), fmt.Sprint(lists), fmt.Sprint(count), "3")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %v %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var secs [][2]float64 // wall, CPU
	if err := json.Unmarshal(out, &secs); err != nil || len(secs) != maxThreads {
		return nil, fmt.Errorf("python3 printed %q", out)
	}
	return Measure(maxThreads, 1, func(w int) Run {
		return Run{Took: seconds(secs[w-1][0]), CPU: seconds(secs[w-1][1])}
	}), nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// PythonVersion returns the version python3 reports, or the error.
func PythonVersion() string {
	out, err := exec.Command("python3", "--version").CombinedOutput()
	if err != nil {
		return "python3 not available: " + err.Error()
	}
	return string(bytes.TrimSpace(out))
}

// Cores returns the number of CPUs Go schedules goroutines on.
func Cores() int { return runtime.GOMAXPROCS(0) }

// At returns the point measured with the given number of workers, or the
// last point when there are fewer.
func At(points []Point, workers int) Point {
	for _, p := range points {
		if p.Workers == workers {
			return p
		}
	}
	if len(points) == 0 {
		return Point{}
	}
	return points[len(points)-1]
}

// UpTo returns the points measured with at most n workers.
func UpTo(points []Point, n int) []Point {
	var out []Point
	for _, p := range points {
		if p.Workers <= n {
			out = append(out, p)
		}
	}
	return out
}

// PrintTable prints the points as a small table, times rounded to the
// millisecond.
func PrintTable(name string, points []Point) {
	fmt.Fprintf(out(), "%s:\n", name)
	for _, p := range points {
		fmt.Fprintf(out(), "  %d worker(s): %v\n", p.Workers, p.Took.Round(time.Millisecond))
	}
}
