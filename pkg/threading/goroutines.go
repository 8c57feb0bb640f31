package threading

// Lesson 1: starting goroutines and waiting for them.

import (
	"fmt"
	"io"
	"os"
	"time"
)

// output is where the helpers of this package print. Nil means the
// os.Stdout of the moment of printing, so that a notebook kernel that swaps
// os.Stdout while a cell runs sees the text in that cell. Tests replace it
// through export_test.go.
var output io.Writer

func out() io.Writer {
	if output != nil {
		return output
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

// A Thread is a function running in its own goroutine that can be waited
// for: Python's threading.Thread with start and join, spelled in Go. It is
// the bridge of the first lesson, which then shows what it is made of (a
// goroutine and a channel closed when the function returns); later lessons
// write that directly.
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

// timed runs fn and returns how long it took on the wall clock.
func timed(fn func()) time.Duration {
	start := time.Now()
	fn()
	return time.Since(start)
}
