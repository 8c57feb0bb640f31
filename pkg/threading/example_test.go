package threading_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/goconcurrency/notebooks/pkg/threading"
)

func ExampleSleeper() {
	threading.Sleeper("worker", 10*time.Millisecond)
	// Output:
	// worker: going to sleep for 10ms
	// worker: woke up
}

func ExampleStart() {
	t := threading.Start("t1", func() { threading.Sleeper("t1", 10*time.Millisecond) })
	t.Join() // without this, main could go on and end before t1 wakes
	fmt.Println(t.Name(), "alive after Join:", t.Alive())
	// Output:
	// t1: going to sleep for 10ms
	// t1: woke up
	// t1 alive after Join: false
}

// The Thread of lesson 1 is a goroutine and a channel closed when its
// function returns; waiting is receiving from the channel.
func ExampleThread_Done() {
	t := threading.Start("t", func() { time.Sleep(10 * time.Millisecond) })
	select {
	case <-t.Done():
		fmt.Println("finished in time")
	case <-time.After(5 * time.Second):
		fmt.Println("still running")
	}
	// Output:
	// finished in time
}

func ExampleTimeline() {
	tl := threading.NewTimeline()
	tl.Track("first", func() { time.Sleep(20 * time.Millisecond) })
	tl.Track("second", func() { time.Sleep(20 * time.Millisecond) })
	fmt.Print(tl.Chart(10))
	fmt.Println("at the same time, at most:", tl.MaxOverlap())
	// Output:
	// first  |#####     |
	// second |     #####|
	// at the same time, at most: 1
}

func ExampleQueue() {
	q := threading.NewQueue(threading.Priority)
	q.PutPriority(2, "later")
	q.PutPriority(1, "first")
	q.Close() // no more items; Get takes what is left, then says so
	for {
		item, ok := q.Get()
		if !ok {
			break
		}
		fmt.Println(item)
	}
	// Output:
	// first
	// later
}

func ExampleMutexCounter() {
	var c threading.MutexCounter
	threading.Hammer(&c, 4, 1000) // 4 goroutines, 1000 increments each, all at once
	fmt.Println(c.Value())
	// Output: 4000
}

func ExampleNewOwnerCounter() {
	c := threading.NewOwnerCounter()
	defer c.Close()
	threading.Hammer(c, 4, 1000)
	fmt.Println(c.Value())
	// Output: 4000
}

func ExampleSplitWork() {
	m := threading.SplitWork(4, 12, 1000) // 12 lists of 1000 numbers over 4 goroutines
	fmt.Println("lists filled:", m.Count)
	// Output: lists filled: 12
}

func ExamplePrimesWithGoroutines() {
	fmt.Println(threading.PrimesWithGoroutines(10_000, 3).Count)
	// Output: 1229
}

func ExampleBuildPrimeProgram() {
	prog, err := threading.BuildPrimeProgram(context.Background())
	if err != nil {
		panic(err)
	}
	defer prog.Close()
	m, err := prog.CountWithProcesses(context.Background(), 10_000, 3)
	fmt.Println(m.Count, err)
	// Output: 1229 <nil>
}

func ExampleFetchLinks() {
	server := threading.NewSlowServer(0)
	defer server.Close()
	links, err := threading.FetchLinks(server.SiteURL(3)) // page 0 links to pages 1 and 2, and home
	for i, l := range links {
		links[i] = l[strings.LastIndex(l, "/")+1:]
	}
	fmt.Println(links, err)
	// Output: [1 2 0] <nil>
}

func ExampleNewErrGroup() {
	g, ctx := threading.NewErrGroup(context.Background())
	g.Go(func() error { return errors.New("page 3: not found") })
	g.Go(func() error {
		<-ctx.Done() // cancelled by the first error
		return ctx.Err()
	})
	fmt.Println(g.Wait())
	// Output: page 3: not found
}

func ExampleStartTrace() {
	rec, err := threading.StartTrace()
	if err != nil {
		panic(err)
	}
	done := make(chan bool)
	go func() {
		time.Sleep(20 * time.Millisecond)
		done <- true
	}()
	<-done
	tr, err := rec.Stop()
	if err != nil {
		panic(err)
	}
	for _, lane := range tr.Lanes {
		fmt.Println(lane.Name, "slept:", lane.Time(threading.Sleeping) >= 20*time.Millisecond,
			"waited on a channel:", lane.Time(threading.BlockedChannel) >= 20*time.Millisecond)
	}
	// Output:
	// main slept: false waited on a channel: true
	// g1 slept: true waited on a channel: false
}

func ExamplePython() {
	threading.Python(`
import threading
t = threading.Thread(target=print, args=("hello from a Python thread",))
t.start()
t.join()
`)
	// Output: hello from a Python thread
}

func ExampleAtomicCounter() {
	var c threading.AtomicCounter
	threading.Hammer(&c, 4, 1000)
	fmt.Println(c.Value())
	// Output: 4000
}

func ExampleFastest() {
	walls := []time.Duration{30, 10, 20}
	i := 0
	best := threading.Fastest(3, func() threading.Measurement {
		i++
		return threading.Measurement{Count: i, Wall: walls[i-1], CPU: 2 * walls[i-1]}
	})
	fmt.Println("run", best.Count, "kept", best.CoresBusy(), "cores busy")
	// Output: run 2 kept 2 cores busy
}

func ExampleForWorkers() {
	// Work measured with 1 to 3 workers, on a machine of 2 cores.
	points := []threading.ScalingPoint{
		{Workers: 1, Wall: 120, CPU: 120, Speedup: 1},
		{Workers: 2, Wall: 60, CPU: 120, Speedup: 2},
		{Workers: 3, Wall: 60, CPU: 120, Speedup: 2},
	}
	for _, workers := range []int{2, 8} {
		p := threading.ForWorkers(points, workers)
		fmt.Printf("asked for %d: %d workers, speedup %.1f, %.1f cores busy\n", workers, p.Workers, p.Speedup, p.CoresBusy())
	}
	// Output:
	// asked for 2: 2 workers, speedup 2.0, 2.0 cores busy
	// asked for 8: 3 workers, speedup 2.0, 2.0 cores busy
}

func ExamplePrintScaling() {
	threading.PrintScaling("Go", []threading.ScalingPoint{
		{Workers: 1, Wall: 100 * time.Millisecond, CPU: 100 * time.Millisecond, Speedup: 1},
		{Workers: 2, Wall: 50 * time.Millisecond, CPU: 100 * time.Millisecond, Speedup: 2},
	})
	// Output:
	// Go:
	//    1 worker(s):   100ms  speedup 1.00  cores busy 1.00
	//    2 worker(s):    50ms  speedup 2.00  cores busy 2.00
}

func ExampleMeasureGoroutineCost() {
	c := threading.MeasureGoroutineCost(1000)
	fmt.Println(c.N, "goroutines; memory measured:", c.Memory > 0)
	// Output: 1000 goroutines; memory measured: true
}

func ExampleNewSlowServer() {
	server := threading.NewSlowServer(20 * time.Millisecond)
	defer server.Close()
	var wg sync.WaitGroup
	for _, u := range server.URLs(10) {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			threading.Fetch(u)
		}(u)
	}
	wg.Wait()
	fmt.Println(server.Served(), "pages served; all waited at once:", server.MaxInFlight() == 10)
	// Output: 10 pages served; all waited at once: true
}

func ExampleOrder() {
	fmt.Println(threading.FIFO, threading.LIFO, threading.Priority)
	// Output: FIFO LIFO Priority
}

func ExampleGoState() {
	for _, s := range []threading.GoState{threading.Running, threading.Sleeping, threading.BlockedChannel, threading.BlockedSync} {
		fmt.Println(s)
	}
	// Output:
	// running
	// sleeping
	// blocked: channel
	// blocked: lock, WaitGroup
}

// Three goroutines that keep a core busy, under a cap of one: never two
// running at once.
func ExampleGoroutineTrace_MaxAtOnce() {
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	rec, err := threading.StartTrace()
	if err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := time.Now(); time.Since(start) < 20*time.Millisecond; {
			}
		}()
	}
	wg.Wait()
	tr, err := rec.Stop()
	if err != nil {
		panic(err)
	}
	lane, _ := tr.Lane("g3")
	fmt.Println(len(tr.Lanes), "lanes; at most running at once:", tr.MaxAtOnce(threading.Running), "; g3 ran:", lane.Time(threading.Running) > 0)
	// Output: 4 lanes; at most running at once: 1 ; g3 ran: true
}

func ExampleRunProgram() {
	out, err := threading.RunProgram(`package main

import "fmt"

func main() { fmt.Println("hello from a program of its own") }
`)
	fmt.Print(out, err)
	// Output:
	// hello from a program of its own
	// <nil>
}

func ExampleRaceSummary() {
	program := `package main

import "fmt"

func main() {
	n := 0
	done := make(chan bool)
	go func() { n++; done <- true }()
	n++
	<-done
	fmt.Println(n)
}
`
	report, _ := threading.RunProgram(program, "-race")
	fmt.Print(threading.RaceSummary(program, report))
	// Output:
	// WARNING: DATA RACE
	// racing access at main.go:8: go func() { n++; done <- true }()
	// racing access at main.go:9: n++
}

func ExampleCommandOutput() {
	out, err := threading.CommandOutput(context.Background(), "echo", "hello")
	fmt.Print(out, err)
	// Output:
	// hello
	// <nil>
}

func ExampleFirstLines() {
	fmt.Print(threading.FirstLines("one\ntwo\nthree\n", 2))
	// Output:
	// one
	// two
}

// A check of an exercise: the learner's code runs under a deadline, and a
// wrong answer fails with a sentence (here, the answer is right).
func ExampleWithin() {
	napAll := func(naps []time.Duration) { // the learner's answer
		var wg sync.WaitGroup
		for _, d := range naps {
			wg.Add(1)
			go func(d time.Duration) {
				defer wg.Done()
				time.Sleep(d)
			}(d)
		}
		wg.Wait()
	}
	naps := []time.Duration{10 * time.Millisecond, 30 * time.Millisecond, 20 * time.Millisecond}
	took := threading.Within(time.Second, "napAll(naps)", func() { napAll(naps) })
	if took >= 55*time.Millisecond {
		threading.NotYet("the naps took %v, about their sum, 60ms; expected about the longest, 30ms", took)
	}
	fmt.Println("ok: the naps overlapped")
	// Output:
	// ok: the naps overlapped
}

func ExampleNotYet() {
	defer func() { fmt.Println(recover()) }()
	got := []int{0, 0, 0}
	threading.NotYet("squares(3) returned %v; expected [0 1 4]", got)
	// Output:
	// not yet: squares(3) returned [0 0 0]; expected [0 1 4]
}
