package threading

// Lesson 4: locks. Several goroutines incrementing one counter lose
// updates unless something makes each increment whole: a mutex, an atomic
// operation, or a single goroutine that owns the count.

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A Counter counts increments, possibly from many goroutines at once.
type Counter interface {
	Increment()
	Value() int64
}

// MutexCounter guards its count with a sync.Mutex: one increment at a time.
type MutexCounter struct {
	mu sync.Mutex
	n  int64
}

// Increment adds one under the lock.
func (c *MutexCounter) Increment() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Value returns the count.
func (c *MutexCounter) Value() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// AtomicCounter increments with one atomic instruction: the load, add and
// store happen as one step no other core can cut into. (It uses
// atomic.AddInt64 on a plain int64, as the lesson's cell does, rather than
// the atomic.Int64 type, which the notebook interpreters do not know.)
type AtomicCounter struct{ n int64 }

// Increment adds one atomically.
func (c *AtomicCounter) Increment() { atomic.AddInt64(&c.n, 1) }

// Value returns the count.
func (c *AtomicCounter) Value() int64 { return atomic.LoadInt64(&c.n) }

// OwnerCounter shares memory by communicating: one goroutine owns the count
// and is the only one to touch it; the others send it their increments over
// a channel. Close stops the owner.
type OwnerCounter struct {
	incr  chan struct{}
	query chan chan int64
	done  chan struct{}
}

// NewOwnerCounter starts the goroutine that owns the count.
func NewOwnerCounter() *OwnerCounter {
	c := &OwnerCounter{incr: make(chan struct{}, 128), query: make(chan chan int64), done: make(chan struct{})}
	go func() {
		var n int64
		for {
			select {
			case <-c.incr:
				n++
			case reply := <-c.query:
				// Take in what was sent before the question first.
				for len(c.incr) > 0 {
					<-c.incr
					n++
				}
				reply <- n
			case <-c.done:
				return
			}
		}
	}()
	return c
}

// Increment sends one increment to the owner.
func (c *OwnerCounter) Increment() { c.incr <- struct{}{} }

// Value asks the owner for the count, after every increment sent before.
func (c *OwnerCounter) Value() int64 {
	reply := make(chan int64)
	c.query <- reply
	return <-reply
}

// Close stops the owner goroutine.
func (c *OwnerCounter) Close() { close(c.done) }

// Hammer has workers goroutines increment c times times each, all at once,
// and returns how long it took per increment.
func Hammer(c Counter, workers, times int) time.Duration {
	var ready, g sync.WaitGroup
	ready.Add(1)
	for w := 0; w < workers; w++ {
		g.Add(1)
		go func() {
			defer g.Done()
			ready.Wait() // start together, so they really contend
			for i := 0; i < times; i++ {
				c.Increment()
			}
		}()
	}
	took := timed(func() {
		ready.Done()
		g.Wait()
	})
	if n := workers * times; n > 0 {
		return took / time.Duration(n)
	}
	return 0
}

var (
	accessRE = regexp.MustCompile(`^(?i:(previous )?(atomic )?(read|write)) at 0x[0-9a-f]+ by (main goroutine|goroutine \d+):$`)
	frameRE  = regexp.MustCompile(`^\s+main\.go:(\d+) `)
)

// RaceSummary reduces what the race detector reported about a program,
// run with RunProgram(program, "-race"), to what is the same on every run:
// the warning, and the source lines of program where the racing accesses
// are, in the order of the program. It returns "" when the report has no
// race.
func RaceSummary(program, report string) string {
	lines := strings.Split(program, "\n")
	racing := map[int]bool{}
	warned, inAccess := false, false
	sc := bufio.NewScanner(strings.NewReader(report))
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "WARNING: DATA RACE":
			warned = true
		case accessRE.MatchString(strings.TrimSpace(l)):
			inAccess = true
		case inAccess && frameRE.MatchString(l):
			inAccess = false
			if n, _ := strconv.Atoi(frameRE.FindStringSubmatch(l)[1]); n >= 1 && n <= len(lines) {
				racing[n] = true
			}
		}
	}
	if !warned {
		return ""
	}
	var b strings.Builder
	b.WriteString("WARNING: DATA RACE\n")
	seen := map[string]bool{}
	for n := 1; n <= len(lines); n++ {
		if src := strings.TrimSpace(lines[n-1]); racing[n] && !seen[src] {
			seen[src] = true
			fmt.Fprintf(&b, "racing access at main.go:%d: %s\n", n, src)
		}
	}
	return b.String()
}
