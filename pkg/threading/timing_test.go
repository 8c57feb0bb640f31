package threading

import (
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
