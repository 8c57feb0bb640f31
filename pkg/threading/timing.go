package threading

// Lesson 2: many at once, and what the wall clock shows.

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// A Timeline records when pieces of work start and end, to show how they
// overlapped. It is safe for use by many goroutines at once.
//
//	tl := threading.NewTimeline()
//	for i := 0; i < 5; i++ {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			tl.Track("sleeper", func() { time.Sleep(d) })
//		}()
//	}
//	wg.Wait()
//	fmt.Println(tl.MaxOverlap()) // 5: all slept at the same time
type Timeline struct {
	start time.Time
	mu    sync.Mutex
	spans []span
}

type span struct {
	name       string
	begin, end time.Duration
}

// NewTimeline returns a Timeline whose clock starts now.
func NewTimeline() *Timeline { return &Timeline{start: time.Now()} }

// Track runs fn and records its start and end under name.
func (t *Timeline) Track(name string, fn func()) {
	begin := time.Since(t.start)
	fn()
	end := time.Since(t.start)
	t.mu.Lock()
	t.spans = append(t.spans, span{name, begin, end})
	t.mu.Unlock()
}

// Len returns how many pieces of work were recorded. The exercises' checks
// of lesson 3 count with it how many times the learner's code called the
// work it was given.
func (t *Timeline) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.spans)
}

// MaxOverlap returns the largest number of recorded pieces of work that were
// running at the same moment.
func (t *Timeline) MaxOverlap() int {
	var spans [][2]time.Duration
	for _, s := range t.snapshot() {
		spans = append(spans, [2]time.Duration{s.begin, s.end})
	}
	return maxOverlap(spans)
}

// maxOverlap returns the largest number of the spans [begin, end) that
// cover the same moment.
func maxOverlap(spans [][2]time.Duration) int {
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, s := range spans {
		edges = append(edges, edge{s[0], +1}, edge{s[1], -1})
	}
	// At equal times, ends come first: work that ends as other work starts
	// did not overlap it.
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at != edges[j].at {
			return edges[i].at < edges[j].at
		}
		return edges[i].delta < edges[j].delta
	})
	running, most := 0, 0
	for _, e := range edges {
		running += e.delta
		most = max(most, running)
	}
	return most
}

// Span returns when the whole of the recorded work began and ended, from the
// Timeline's start.
func (t *Timeline) Span() (begin, end time.Duration) {
	return spanOf(t.snapshot())
}

// snapshot returns a copy of the spans recorded so far, taken under one
// lock, so that everything computed from it agrees.
func (t *Timeline) snapshot() []span {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]span(nil), t.spans...)
}

func spanOf(spans []span) (begin, end time.Duration) {
	for i, s := range spans {
		if i == 0 || s.begin < begin {
			begin = s.begin
		}
		end = max(end, s.end)
	}
	return begin, end
}

// Chart draws the recorded work as one bar per piece, in order of name,
// width columns for the whole span: a picture of what ran when. It draws one
// snapshot of the work, so it may be called while other goroutines are
// still recording.
//
//	sleeper0 |##########          |
//	sleeper1 |          ##########|
func (t *Timeline) Chart(width int) string {
	spans := t.snapshot()
	_, end := spanOf(spans)
	if end <= 0 || width <= 0 {
		return ""
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].name < spans[j].name })
	pad := 0
	for _, s := range spans {
		pad = max(pad, len(s.name))
	}
	col := func(d time.Duration) int { return int((int64(d)*int64(width) + int64(end)/2) / int64(end)) }
	var b strings.Builder
	for _, s := range spans {
		from, to := col(s.begin), col(s.end)
		if to == from {
			to = from + 1
		}
		to = min(to, width)
		from = min(from, to-1)
		fmt.Fprintf(&b, "%-*s |%s%s%s|\n", pad, s.name, strings.Repeat(" ", from), strings.Repeat("#", to-from), strings.Repeat(" ", width-to))
	}
	return b.String()
}
