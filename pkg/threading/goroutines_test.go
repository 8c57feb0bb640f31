package threading

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func captureOutput(t *testing.T) *syncBuffer {
	t.Helper()
	buf := &syncBuffer{}
	old := Output
	Output = buf
	t.Cleanup(func() { Output = old })
	return buf
}

func TestSleeperAnnouncesAndSleeps(t *testing.T) {
	buf := captureOutput(t)
	for _, tc := range []struct {
		name string
		d    time.Duration
		want string
	}{
		{"a", 0, "a: going to sleep for 0s\na: woke up\n"},
		{"b", 15 * time.Millisecond, "b: going to sleep for 15ms\nb: woke up\n"},
	} {
		buf.b.Reset()
		took := Timed(func() { Sleeper(tc.name, tc.d) })
		if got := buf.String(); got != tc.want {
			t.Errorf("Sleeper(%q, %v) printed %q, want %q", tc.name, tc.d, got, tc.want)
		}
		if took < tc.d {
			t.Errorf("Sleeper(%q, %v) returned after %v", tc.name, tc.d, took)
		}
	}
}

func TestThreadJoinWaitsAndAliveReports(t *testing.T) {
	release := make(chan struct{})
	th := Start("t", func() { <-release })
	if !th.Alive() {
		t.Fatal("Alive() = false while the function blocks")
	}
	select {
	case <-th.Done():
		t.Fatal("Done closed while the function blocks")
	default:
	}
	close(release)
	th.Join()
	th.Join() // a second Join returns at once
	if th.Alive() {
		t.Error("Alive() = true after Join")
	}
	if th.Name() != "t" {
		t.Errorf("Name() = %q", th.Name())
	}
}

func TestGroupWaitsForEveryGoroutine(t *testing.T) {
	for _, n := range []int{0, 1, 5, 100} {
		var g Group
		var mu sync.Mutex
		count := 0
		for i := 0; i < n; i++ {
			g.Go(func() {
				time.Sleep(time.Millisecond)
				mu.Lock()
				count++
				mu.Unlock()
			})
		}
		g.Wait()
		if count != n {
			t.Errorf("after Wait, %d of %d goroutines had finished", count, n)
		}
	}
}

// The goroutines of a Group run at the same time: each waits at a barrier
// until all have arrived, which would never happen if they ran one by one.
func TestGroupRunsGoroutinesConcurrently(t *testing.T) {
	buf := captureOutput(t)
	const n = 5
	var arrived sync.WaitGroup
	arrived.Add(n)
	var g Group
	for i := 0; i < n; i++ {
		g.Go(func() {
			arrived.Done()
			arrived.Wait()
			Sleeper("s", 0)
		})
	}
	done := make(chan struct{})
	go func() { g.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the goroutines never all ran at once")
	}
	if got := strings.Count(buf.String(), "woke up"); got != n {
		t.Errorf("%d sleepers woke up, want %d", got, n)
	}
}
