package threading_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
	prog, err := threading.BuildPrimeProgram()
	if err != nil {
		panic(err)
	}
	defer prog.Close()
	m, err := prog.CountWithProcesses(10_000, 3)
	fmt.Println(m.Count, err)
	// Output: 1229 <nil>
}

func ExampleFetchLimited() {
	server := threading.NewSlowServer(10 * time.Millisecond)
	defer server.Close()
	r := threading.FetchLimited(server.URLs(20), 5)
	fmt.Println(r.Pages, "pages; at most", server.MaxInFlight(), "requests at once")
	// Output: 20 pages; at most 5 requests at once
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
