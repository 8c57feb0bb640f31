package threading

// Lesson 3: CPU-bound work. Python's threads take turns on the GIL; Go's
// goroutines run in parallel, as many at once as GOMAXPROCS allows.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"
)

// appendRandom appends count random numbers from r to out and returns it:
// the busy work of the lesson, a loop that keeps one CPU fully occupied. It
// is the cell's appendRandom, compiled. The callers pass the same list again
// each time, emptied (list[:0]), so that the work is the CPU's and not a test
// of memory bandwidth and the garbage collector.
func appendRandom(out []float64, count int, r *rand.Rand) []float64 {
	for i := 0; i < count; i++ {
		out = append(out, r.Float64())
	}
	return out
}

// A Measurement is one measured run of some work: how long it took on the
// wall clock, how much CPU time it used, and what it counted, if anything.
type Measurement struct {
	Count int
	Wall  time.Duration // wall-clock time
	CPU   time.Duration // CPU time, all threads (or child processes) together
}

// CoresBusy is the CPU time per wall-clock time: how many cores the work
// kept busy on average. Unlike a speedup, it does not depend on how fast
// each core happened to be during the run.
func (m Measurement) CoresBusy() float64 {
	if m.Wall <= 0 {
		return 0
	}
	return float64(m.CPU) / float64(m.Wall)
}

// measure runs fn and returns its wall-clock and CPU time.
func measure(fn func()) Measurement {
	cpu := cpuTime(rusageSelf)
	wall := timed(fn)
	return Measurement{Wall: wall, CPU: cpuTime(rusageSelf) - cpu}
}

// Fastest runs measure rounds times and returns the run with the shortest
// wall-clock time, the one least disturbed by whatever else the machine was
// doing.
func Fastest(rounds int, measure func() Measurement) Measurement {
	var best Measurement
	for i := 0; i < rounds; i++ {
		if m := measure(); i == 0 || m.Wall < best.Wall {
			best = m
		}
	}
	return best
}

// SplitWork fills lists lists with count random numbers each, over the
// given number of goroutines, and returns the measured run; its Count is
// the number of lists filled. The goroutines take the lists one at a time
// from a shared counter, so none sits idle while work is left, and each
// draws from a random source of its own. With one goroutine it is the serial
// program. It is the compiled twin of the lesson's cell.
func SplitWork(goroutines, lists, count int) Measurement {
	var filled int64
	m := measure(func() {
		var next int64 // how many lists have been taken, shared
		var wg sync.WaitGroup
		for w := 0; w < goroutines; w++ {
			wg.Add(1)
			go func(seed int64) {
				defer wg.Done()
				r := rand.New(rand.NewSource(seed))
				var list []float64
				for atomic.AddInt64(&next, 1) <= int64(lists) {
					list = appendRandom(list[:0], count, r)
					atomic.AddInt64(&filled, 1)
				}
			}(int64(w))
		}
		wg.Wait()
	})
	m.Count = int(filled)
	return m
}

// SplitWorkShared is SplitWork with one random source shared by all the
// goroutines, behind a mutex: every number is a trip through the lock, the
// goroutines queue for it, and adding goroutines stops helping, the same
// shape as Python's GIL. It is the compiled twin of the lesson's cell.
func SplitWorkShared(goroutines, lists, count int) Measurement {
	var filled int64
	var mu sync.Mutex
	shared := rand.New(rand.NewSource(1))
	m := measure(func() {
		var next int64
		var wg sync.WaitGroup
		for w := 0; w < goroutines; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var list []float64
				for atomic.AddInt64(&next, 1) <= int64(lists) {
					list = list[:0]
					for i := 0; i < count; i++ {
						mu.Lock()
						list = append(list, shared.Float64())
						mu.Unlock()
					}
					atomic.AddInt64(&filled, 1)
				}
			}()
		}
		wg.Wait()
	})
	m.Count = int(filled)
	return m
}

// A ScalingPoint is the fastest run of some work with a number of workers
// (goroutines, threads or processes), and its speedup over one worker.
type ScalingPoint struct {
	Workers   int
	Wall, CPU time.Duration
	Speedup   float64
}

// CoresBusy is how many cores the point's run kept busy on average.
func (p ScalingPoint) CoresBusy() float64 {
	return Measurement{Wall: p.Wall, CPU: p.CPU}.CoresBusy()
}

// measureScaling runs work with 1 to maxWorkers workers, rounds times over,
// and keeps the fastest run for each number of workers, the one least
// disturbed by the rest of the machine. The rounds go over all the worker
// counts in turn, so that a busy moment of the machine does not spoil one
// count's runs alone. It returns the points with their speedup over one
// worker.
func measureScaling(maxWorkers, rounds int, work func(workers int) Measurement) []ScalingPoint {
	points := make([]ScalingPoint, maxWorkers)
	for r := 0; r < rounds; r++ {
		for w := 1; w <= maxWorkers; w++ {
			if m := work(w); r == 0 || m.Wall < points[w-1].Wall {
				points[w-1] = ScalingPoint{Workers: w, Wall: m.Wall, CPU: m.CPU}
			}
		}
	}
	for i := range points {
		points[i].Speedup = float64(points[0].Wall) / float64(points[i].Wall)
	}
	return points
}

// ForWorkers returns the point measured with the given number of workers,
// or the one with the most workers when there is none with that many.
func ForWorkers(points []ScalingPoint, workers int) ScalingPoint {
	var most ScalingPoint
	for _, p := range points {
		if p.Workers == workers {
			return p
		}
		if p.Workers > most.Workers {
			most = p
		}
	}
	return most
}

// MeasureSplitWork measures SplitWork with 1 to maxWorkers goroutines, the
// fastest of five rounds each.
func MeasureSplitWork(maxWorkers, lists, count int) []ScalingPoint {
	return measureScaling(maxWorkers, 5, func(w int) Measurement { return SplitWork(w, lists, count) })
}

// MeasureSplitWorkShared measures SplitWorkShared with 1 to maxWorkers
// goroutines, the fastest of three rounds each.
func MeasureSplitWorkShared(maxWorkers, lists, count int) []ScalingPoint {
	return measureScaling(maxWorkers, 3, func(w int) Measurement { return SplitWorkShared(w, lists, count) })
}

// pythonTimer times the function run(threads, lists, count) of a Python
// experiment: for 1 to max threads, the fastest of rounds runs, as wall
// time and CPU time (all threads), printed as JSON.
const pythonTimer = `
import json, sys, time

max_threads, lists, count, rounds = (int(a) for a in sys.argv[1:5])
best = [None] * max_threads
for _ in range(rounds):
    for n in range(1, max_threads + 1):
        start, cpu = time.perf_counter(), time.process_time()
        run(n, lists, count)
        t = [time.perf_counter() - start, time.process_time() - cpu]
        if best[n - 1] is None or t[0] < best[n - 1][0]:
            best[n - 1] = t
print(json.dumps(best))
`

// MeasurePythonSplitWork runs a Python experiment with python3 for 1 to
// maxThreads threads and returns its points, measured as
// MeasureSplitWork measures (the fastest of three rounds). The experiment is Python source
// that defines run(threads, lists, count): the lesson's list_append work,
// lists lists of count numbers, split over threads threads started and
// joined in run. The notebook shows it in a cell; this function adds only
// the timing. When ctx is done, python3 is stopped.
func MeasurePythonSplitWork(ctx context.Context, experiment string, maxThreads, lists, count int) ([]ScalingPoint, error) {
	out, err := runPythonJSON(ctx, experiment+"\n"+pythonTimer, fmt.Sprint(maxThreads), fmt.Sprint(lists), fmt.Sprint(count), "3")
	if err != nil {
		return nil, err
	}
	var secs [][2]float64 // wall, CPU
	if err := json.Unmarshal(out, &secs); err != nil || len(secs) != maxThreads {
		return nil, fmt.Errorf("python3 printed %q", out)
	}
	return measureScaling(maxThreads, 1, func(w int) Measurement {
		return Measurement{Wall: seconds(secs[w-1][0]), CPU: seconds(secs[w-1][1])}
	}), nil
}

// runPythonJSON runs a Python program given as source, with arguments, and
// returns its standard output; a failure carries what it wrote to standard
// error. When ctx is done, python3 is stopped.
func runPythonJSON(ctx context.Context, src string, args ...string) ([]byte, error) {
	cmd := command(ctx, "python3", append([]string{"-c", src}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return out, nil
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// PrintScaling prints the points as a small table: wall-clock time rounded
// to the millisecond, speedup over one worker, and cores kept busy.
func PrintScaling(name string, points []ScalingPoint) {
	fmt.Fprintf(out(), "%s:\n", name)
	for _, p := range points {
		fmt.Fprintf(out(), "  %2d worker(s): %7v  speedup %.2f  cores busy %.2f\n",
			p.Workers, p.Wall.Round(time.Millisecond), p.Speedup, p.CoresBusy())
	}
}
