package threading

// Lesson 1: starting goroutines and waiting for them.

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Output is where the helpers of this package print their announcements.
// It is nil by default, which means the os.Stdout of the moment of printing,
// so that a notebook kernel that swaps os.Stdout while a cell runs sees the
// text in that cell. Tests set it to a buffer.
var Output io.Writer

func out() io.Writer {
	if Output != nil {
		return Output
	}
	return os.Stdout
}

// Sleeper announces itself, sleeps for d, and announces that it woke up.
// It is the smallest piece of work worth running in the background:
//
//	go threading.Sleeper("worker", 200*time.Millisecond)
func Sleeper(name string, d time.Duration) {
	fmt.Fprintf(out(), "%s: going to sleep for %v\n", name, d)
	time.Sleep(d)
	fmt.Fprintf(out(), "%s: woke up\n", name)
}

// A Thread is a function running in its own goroutine that can be waited for,
// the Go spelling of Python's threading.Thread with start and join.
//
// Start returns a running Thread; Join blocks until its function has
// returned. Join may be called any number of times, from any goroutine.
type Thread struct {
	name string
	done chan struct{}
}

// Start runs fn in a new goroutine and returns its Thread.
func Start(name string, fn func()) *Thread {
	t := &Thread{name: name, done: make(chan struct{})}
	go func() {
		defer close(t.done)
		fn()
	}()
	return t
}

// Name returns the name the Thread was started with.
func (t *Thread) Name() string { return t.name }

// Join waits until the Thread's function has returned.
func (t *Thread) Join() { <-t.done }

// Done returns a channel that is closed when the Thread's function has
// returned, for use in a select.
func (t *Thread) Done() <-chan struct{} { return t.done }

// Alive reports whether the Thread's function is still running.
func (t *Thread) Alive() bool {
	select {
	case <-t.done:
		return false
	default:
		return true
	}
}

// A Group waits for a collection of goroutines to finish. It is a
// sync.WaitGroup that also starts the goroutines, so that Add and Done cannot
// be forgotten or misplaced. The zero Group is ready to use:
//
//	var g threading.Group
//	for i := 0; i < 5; i++ {
//		g.Go(func() { ... })
//	}
//	g.Wait()
type Group struct {
	wg sync.WaitGroup
}

// Go runs fn in a new goroutine that the Group waits for.
func (g *Group) Go(fn func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		fn()
	}()
}

// Wait blocks until every function started with Go has returned.
func (g *Group) Wait() { g.wg.Wait() }

// A Stopwatch measures the wall-clock time since it was started.
//
//	sw := threading.NewStopwatch()
//	// ... work ...
//	fmt.Println("took", sw.Elapsed())
type Stopwatch struct {
	start time.Time
}

// NewStopwatch returns a Stopwatch started now.
func NewStopwatch() Stopwatch { return Stopwatch{start: time.Now()} }

// Elapsed returns the time since the Stopwatch was started.
func (s Stopwatch) Elapsed() time.Duration { return time.Since(s.start) }

// Timed runs fn and returns how long it took.
func Timed(fn func()) time.Duration {
	sw := NewStopwatch()
	fn()
	return sw.Elapsed()
}
