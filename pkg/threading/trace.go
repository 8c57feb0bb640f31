package threading

// Pictures of what ran when: the Go runtime's execution tracer records every
// change of state of every goroutine (started, running, waiting for a core,
// blocked on a sleep, a channel or a lock, ended); golang.org/x/exp/trace
// reads the recording back. A GoroutineTrace keeps what the goroutines of
// one piece of a notebook did, one lane per goroutine, for the chart
// package to draw.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	rtrace "runtime/trace"
	"time"

	"golang.org/x/exp/trace"
)

// A GoState is what a goroutine was doing during a span of a trace.
type GoState int

// The states a lane of a GoroutineTrace shows.
const (
	Running        GoState = iota // running on a core
	Runnable                      // ready, waiting for a core
	Sleeping                      // blocked in time.Sleep
	BlockedChannel                // blocked on a channel send, receive or select
	BlockedSync                   // blocked on a sync.Mutex, WaitGroup, Cond...
	BlockedNetwork                // parked until the network has data (the netpoller)
	InSyscall                     // in a system call
	BlockedOther                  // blocked for another reason
)

var goStateNames = [...]string{"running", "waiting for a core", "sleeping", "blocked: channel",
	"blocked: lock, WaitGroup", "blocked: network", "in a system call", "blocked: other"}

// String says what the state is, in words.
func (s GoState) String() string {
	if s < 0 || int(s) >= len(goStateNames) {
		return fmt.Sprintf("GoState(%d)", int(s))
	}
	return goStateNames[s]
}

// A TraceSpan is a stretch of time a goroutine spent in one state, measured
// from the start of the trace.
type TraceSpan struct {
	State      GoState
	Start, End time.Duration
}

// A Lane is what one goroutine did during a trace, span after span.
type Lane struct {
	// Name says who started the goroutine: "main" for the goroutine that
	// started the trace; g1, g2... for the goroutines it started, in the
	// order it started them; g2.1, g2.2... for those g2 started; and so on.
	Name  string
	Spans []TraceSpan
}

// Time returns how long the goroutine spent in the state s.
func (l Lane) Time(s GoState) time.Duration {
	var d time.Duration
	for _, sp := range l.Spans {
		if sp.State == s {
			d += sp.End - sp.Start
		}
	}
	return d
}

// A GoroutineTrace is what the goroutine that started a trace, and every
// goroutine started from it (and from those, and so on) while the trace ran,
// did, one Lane per goroutine. Goroutines of the rest of the program (the
// notebook kernel's own, the runtime's) are left out.
type GoroutineTrace struct {
	Lanes  []Lane
	Length time.Duration // from StartTrace to Stop
}

// Lane returns the lane of the given name, and whether there is one.
func (t *GoroutineTrace) Lane(name string) (Lane, bool) {
	for _, l := range t.Lanes {
		if l.Name == name {
			return l, true
		}
	}
	return Lane{}, false
}

// MaxAtOnce returns the largest number of goroutines that were in the state
// s at the same moment: for Running, how many cores the runtime was running
// them on at the busiest moment, never more than GOMAXPROCS.
func (t *GoroutineTrace) MaxAtOnce(s GoState) int {
	var spans [][2]time.Duration
	for _, l := range t.Lanes {
		for _, sp := range l.Spans {
			if sp.State == s {
				spans = append(spans, [2]time.Duration{sp.Start, sp.End})
			}
		}
	}
	return maxOverlap(spans)
}

// A TraceRecording is the runtime's execution tracer, running; Stop ends it.
type TraceRecording struct {
	buf bytes.Buffer
}

// The log category that marks the start and the end of the recording, and
// with it the goroutine the lanes begin from.
const traceMark = "goconcurrency-notebooks"

// StartTrace starts the Go runtime's execution tracer (runtime/trace).
// Only one trace can run at a time in a program. The goroutine that calls
// StartTrace is the one whose goroutines the trace will show; call Stop from
// it too, after waiting for the goroutines it started:
//
//	rec, _ := threading.StartTrace()
//	// ... start goroutines, wait for them ...
//	tr, _ := rec.Stop()
//
// A recording left running, by a cell stopped or a check that gave up
// before its Stop, is ended first, so that a notebook session can trace
// again.
func StartTrace() (*TraceRecording, error) {
	r := &TraceRecording{}
	if rtrace.IsEnabled() {
		rtrace.Stop()
	}
	if err := rtrace.Start(&r.buf); err != nil {
		return nil, fmt.Errorf("starting the execution tracer: %w", err)
	}
	rtrace.Log(context.Background(), traceMark, "start")
	return r, nil
}

// Stop stops the tracer and reads back what it recorded.
func (r *TraceRecording) Stop() (*GoroutineTrace, error) {
	rtrace.Log(context.Background(), traceMark, "stop")
	rtrace.Stop()
	return readGoroutineTrace(&r.buf)
}

// laneBuilder follows one goroutine through the events of a trace.
type laneBuilder struct {
	lane     Lane
	state    GoState
	since    time.Duration
	open     bool // the goroutine exists and its current span has not ended
	children int  // how many goroutines it started
}

func (b *laneBuilder) move(to GoState, at time.Duration, alive bool) {
	if b.open && at > b.since {
		b.lane.Spans = append(b.lane.Spans, TraceSpan{b.state, b.since, at})
	}
	b.state, b.since, b.open = to, at, alive
}

// readGoroutineTrace reads a recording made by StartTrace and Stop.
func readGoroutineTrace(rd io.Reader) (*GoroutineTrace, error) {
	r, err := trace.NewReader(rd)
	if err != nil {
		return nil, fmt.Errorf("reading the trace: %w", err)
	}
	var (
		started, stopped bool
		start, end       trace.Time
		lanes            = map[trace.GoID]*laneBuilder{}
		order            []trace.GoID
	)
	// add starts the lane of a goroutine, named for the lane of the one
	// that started it (nil: the goroutine that started the trace).
	add := func(id trace.GoID, parent *laneBuilder, at time.Duration, state GoState) {
		name := "main"
		if parent != nil {
			parent.children++
			name = fmt.Sprintf("%s.%d", parent.lane.Name, parent.children)
			if parent.lane.Name == "main" {
				name = fmt.Sprintf("g%d", parent.children)
			}
		}
		lanes[id] = &laneBuilder{lane: Lane{Name: name}, state: state, since: at, open: true}
		order = append(order, id)
	}
	for !stopped {
		ev, err := r.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the trace: %w", err)
		}
		switch ev.Kind() {
		case trace.EventLog:
			if ev.Log().Category != traceMark {
				continue
			}
			if ev.Log().Message == "start" && !started {
				started, start = true, ev.Time()
				add(ev.Goroutine(), nil, 0, Running)
			} else if ev.Log().Message == "stop" && started {
				stopped, end = true, ev.Time()
			}
		case trace.EventStateTransition:
			if !started {
				continue
			}
			st := ev.StateTransition()
			if st.Resource.Kind != trace.ResourceGoroutine {
				continue
			}
			id := st.Resource.Goroutine()
			from, to := st.Goroutine()
			at := ev.Time().Sub(start)
			if from == trace.GoNotExist && to == trace.GoRunnable {
				if parent, ours := lanes[ev.Goroutine()]; ours {
					add(id, parent, at, Runnable)
				}
				continue
			}
			if b, ours := lanes[id]; ours {
				b.move(stateOf(to, st.Reason), at, to != trace.GoNotExist)
			}
		}
	}
	if !started || !stopped {
		return nil, errors.New("reading the trace: it was not made by StartTrace and Stop")
	}
	t := &GoroutineTrace{Length: end.Sub(start)}
	for _, id := range order {
		b := lanes[id]
		b.move(b.state, t.Length, false)
		t.Lanes = append(t.Lanes, b.lane)
	}
	return t, nil
}

// stateOf maps a goroutine state of the trace, and the reason it was
// blocked, to the lanes' states.
func stateOf(s trace.GoState, reason string) GoState {
	switch s {
	case trace.GoRunning:
		return Running
	case trace.GoRunnable:
		return Runnable
	case trace.GoSyscall:
		return InSyscall
	case trace.GoWaiting:
		switch reason {
		case "sleep":
			return Sleeping
		case "chan send", "chan receive", "select":
			return BlockedChannel
		case "sync", "sync.(*Cond).Wait":
			return BlockedSync
		case "network":
			return BlockedNetwork
		}
	}
	return BlockedOther
}
