package threading

import (
	"bytes"
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

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

func captureOutput(t *testing.T) *syncBuffer {
	t.Helper()
	buf := &syncBuffer{}
	SetOutput(t, buf)
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
		buf.Reset()
		took := timed(func() { Sleeper(tc.name, tc.d) })
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

// Join may be called from many goroutines at once; all return once the
// function has.
func TestThreadJoinFromManyGoroutines(t *testing.T) {
	release := make(chan struct{})
	th := Start("t", func() { <-release })
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Go(th.Join)
	}
	close(release)
	wg.Wait()
	if th.Alive() {
		t.Error("Alive() = true after every Join returned")
	}
}
