package threading

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTimelineMaxOverlap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spans []span
		want  int
	}{
		{"none", nil, 0},
		{"one", []span{{"a", 0, 10}}, 1},
		{"in turn", []span{{"a", 0, 10}, {"b", 10, 20}, {"c", 20, 30}}, 1},
		{"all at once", []span{{"a", 0, 10}, {"b", 1, 11}, {"c", 2, 12}}, 3},
		{"two then one", []span{{"a", 0, 10}, {"b", 5, 15}, {"c", 12, 20}}, 2},
	} {
		tl := &Timeline{spans: tc.spans}
		if got := tl.MaxOverlap(); got != tc.want {
			t.Errorf("%s: MaxOverlap() = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestTimelineChart(t *testing.T) {
	tl := &Timeline{spans: []span{{"b", 10, 20}, {"a", 0, 10}}}
	want := "a |#####     |\nb |     #####|\n"
	if got := tl.Chart(10); got != want {
		t.Errorf("Chart(10) =\n%s\nwant\n%s", got, want)
	}
}

// Tracked goroutines that wait for each other at a barrier overlap fully.
func TestTimelineTrackConcurrent(t *testing.T) {
	const n = 4
	tl := NewTimeline()
	var barrier, wg sync.WaitGroup
	barrier.Add(n)
	for i := 0; i < n; i++ {
		wg.Go(func() {
			tl.Track("w", func() {
				barrier.Done()
				barrier.Wait()
				time.Sleep(time.Millisecond)
			})
		})
	}
	wg.Wait()
	if tl.Len() != n || tl.MaxOverlap() != n {
		t.Errorf("Len() = %d, MaxOverlap() = %d, want %d and %d", tl.Len(), tl.MaxOverlap(), n, n)
	}
	if lines := strings.Count(tl.Chart(20), "\n"); lines != n {
		t.Errorf("chart has %d lines, want %d", lines, n)
	}
}

// Chart draws one consistent snapshot, even while other goroutines go on
// recording: every bar lies within the chart's width. (Before the fix, the
// chart read the end of the span and the spans under two separate locks; a
// piece of work recorded in between began after that end, and drawing it
// panicked.) Each round records a burst of short pieces while the test
// draws the chart over and over; a round is cheap, so there are many.
func TestTimelineChartWhileTracking(t *testing.T) {
	const rounds, pieces = 1000, 100
	oneCore := runtime.GOMAXPROCS(0) == 1
	charts := 0
	for r := 0; r < rounds; r++ {
		tl := NewTimeline()
		tl.Track("first", func() {})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 0; i < pieces; i++ {
				tl.Track("more", func() {})
			}
		}()
		for recording := true; recording; charts++ {
			select {
			case <-done:
				recording = false
			default:
			}
			for _, line := range strings.SplitAfter(tl.Chart(10), "\n") {
				if i := strings.Index(line, "|"); i >= 0 && len(line[i:]) != len("|0123456789|\n") {
					t.Fatalf("round %d: a bar that is not 10 columns wide: %q", r, line)
				}
			}
			if oneCore {
				runtime.Gosched() // let the recording go on, rather than wait for preemption
			}
		}
	}
	t.Logf("%d charts drawn", charts)
}
