package threading

import (
	"bytes"
	"runtime"
	rtrace "runtime/trace"
	"strings"
	"sync"
	"testing"
	"time"
)

// spin keeps a core busy for about d.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// The lanes show the goroutines started after StartTrace, in the order they
// were started, and what they were blocked on.
func TestTraceLanes(t *testing.T) {
	rec, err := StartTrace()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	ch := make(chan int)
	mu.Lock()
	wg.Add(3)
	go func() { defer wg.Done(); time.Sleep(20 * time.Millisecond) }()
	go func() { defer wg.Done(); <-ch }()
	go func() { defer wg.Done(); mu.Lock(); mu.Unlock() }()
	time.Sleep(20 * time.Millisecond)
	ch <- 1
	mu.Unlock()
	wg.Wait()
	tr, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name  string
		state GoState
	}{{"main", Sleeping}, {"g1", Sleeping}, {"g2", BlockedChannel}, {"g3", BlockedSync}}
	if len(tr.Lanes) != len(want) {
		t.Fatalf("%d lanes, want %d: %+v", len(tr.Lanes), len(want), tr.Lanes)
	}
	for i, w := range want {
		l := tr.Lanes[i]
		if l.Name != w.name || l.Time(w.state) < 15*time.Millisecond {
			t.Errorf("lane %d: %s, %v %v; want %s, about 20ms %v", i, l.Name, l.Time(w.state), w.state, w.name, w.state)
		}
		for _, sp := range l.Spans {
			if sp.Start < 0 || sp.End > tr.Length || sp.End < sp.Start {
				t.Errorf("lane %s: span %+v outside the trace of %v", l.Name, sp, tr.Length)
			}
		}
	}
	if _, ok := tr.Lane("g3"); !ok {
		t.Error(`Lane("g3") not found`)
	}
	if _, ok := tr.Lane("g9"); ok {
		t.Error(`Lane("g9") found`)
	}
}

// A lane's name says who started the goroutine: g2.1 is the first that g2
// started, whatever the order the goroutines of the program started in.
func TestTraceLaneNamesNest(t *testing.T) {
	rec, err := StartTrace()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	startTwo := func() {
		defer wg.Done()
		wg.Add(2)
		go func() { defer wg.Done(); time.Sleep(5 * time.Millisecond) }()
		go func() {
			defer wg.Done()
			wg.Add(1)
			go func() { defer wg.Done() }()
		}()
	}
	wg.Add(2)
	go startTwo()
	go startTwo()
	wg.Wait()
	tr, err := rec.Stop()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range tr.Lanes {
		names = append(names, l.Name)
	}
	got := strings.Join(names, " ")
	for _, want := range []string{"main", "g1", "g2", "g1.1", "g1.2", "g1.2.1", "g2.1", "g2.2", "g2.2.1"} {
		if _, ok := tr.Lane(want); !ok {
			t.Errorf("no lane %s among %s", want, got)
		}
	}
	if len(names) != 9 {
		t.Errorf("lanes %s, want 9", got)
	}
}

// A recording left running (a cell stopped before its Stop) does not keep
// the next one from starting.
func TestTraceAfterOneLeftRunning(t *testing.T) {
	if _, err := StartTrace(); err != nil {
		t.Fatal(err)
	}
	rec, err := StartTrace()
	if err != nil {
		t.Fatalf("a second StartTrace: %v", err)
	}
	if _, err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
}

// Goroutines that keep a core busy run GOMAXPROCS at a time, no more: what
// the runtime did, whatever else the machine was doing.
func TestTraceMaxRunning(t *testing.T) {
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		rec, err := StartTrace()
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := 0; i < 3; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); spin(30 * time.Millisecond) }()
		}
		wg.Wait()
		tr, err := rec.Stop()
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.MaxAtOnce(Running); got != procs {
			t.Errorf("GOMAXPROCS %d: at most %d running at once", procs, got)
		}
	}
}

func TestGoStateNames(t *testing.T) {
	var names []string
	for s := Running; s <= BlockedOther; s++ {
		names = append(names, s.String())
	}
	if got := strings.Join(names, ", "); got != "running, waiting for a core, sleeping, blocked: channel, blocked: lock, WaitGroup, blocked: network, in a system call, blocked: other" {
		t.Errorf("states: %s", got)
	}
	if got := GoState(42).String(); got != "GoState(42)" {
		t.Errorf("GoState(42) = %q", got)
	}
}

func TestReadingSomethingElseFails(t *testing.T) {
	if _, err := readGoroutineTrace(strings.NewReader("not a trace")); err == nil {
		t.Error("no error for a file that is not a trace")
	}
	// A trace made without StartTrace's marks is not one of ours.
	var buf bytes.Buffer
	if err := rtrace.Start(&buf); err != nil {
		t.Fatal(err)
	}
	rtrace.Stop()
	if _, err := readGoroutineTrace(&buf); err == nil || !strings.Contains(err.Error(), "StartTrace") {
		t.Errorf("err = %v, want one naming StartTrace", err)
	}
}
