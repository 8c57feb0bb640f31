//go:build !js

package engine

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A CellRun is what running one code cell gave.
type CellRun struct {
	Outputs []*ipynb.Output
	// Err is set when the cell did not finish: it timed out, or took the
	// worker process down. Outputs then hold what it printed before.
	Err error
	// Skipped is set for cells after such a failure, which did not run.
	Skipped bool
	// Dropped counts the bytes of output beyond MaxCellOutput, which are
	// not in Outputs.
	Dropped int64
	// Duration is how long the cell ran, as seen from outside the worker.
	Duration time.Duration
	// PrintValue is what gophernotes as released shows, and our kernel
	// hides, for a cell ending in a call of one of fmt's print functions:
	// the call's results as text/plain (13 <nil>); "" for other cells.
	PrintValue string
}

// Options control a notebook run.
type Options struct {
	// Timeout bounds each cell; zero means one minute.
	Timeout time.Duration
	// CellTimeout, when not nil, gives a cell's own bound (for a tag or a
	// marker in the cell); zero means Timeout.
	CellTimeout func(cell int) time.Duration
	// Dir is the folder the cells run in, as Jupyter runs a notebook in
	// its own folder.
	Dir string
	// CPUs, when not zero, runs the notebook on that many of the CPUs
	// this process may use (fewer when there are fewer), through CPU
	// affinity, which every process the notebook starts inherits, and
	// GOMAXPROCS.
	CPUs int
	// OnDone, when not nil, is called with each cell that finishes, as it
	// finishes, from the goroutine that called Run. Cells that time out or
	// crash are only in Run's result.
	OnDone func(cell int, run CellRun)
}

// Run executes the given code cells, in order, in a fresh worker process
// (this program started again with workerEnv set) and returns one CellRun
// per cell. An error means no cell could be run at all.
//
// When ctx is cancelled, the worker is stopped: the cell it was running
// gets an error wrapping the cancellation's cause, and the cells after it
// are marked Skipped.
func Run(ctx context.Context, cells []string, opt Options) ([]CellRun, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	w, err := startWorker(cells, opt.Dir, opt.CPUs)
	if err != nil {
		return nil, err
	}
	r := &run{opt: opt, w: w, runs: make([]CellRun, len(cells)), running: -1, timedOut: -1}
	r.watch(ctx)
	<-w.exited
	w.stopTimers()
	return r.finish(w.waitErr)
}

// A worker is a worker process, seen from the process that started it.
type worker struct {
	cmd    *exec.Cmd
	stray  *limitedBuffer // what it printed outside the cells: panics, stacks
	events chan event     // closed when the events pipe is read to its end
	evR    *os.File       // the events pipe's end read here

	exited  chan struct{} // closed when the process has ended
	waitErr error         // how it ended, once exited is closed

	timers []*time.Timer // those of stopStuck, stopped once it has ended
}

// startWorker starts a worker process on the cells, in dir, on cpus CPUs
// (zero: all).
func startWorker(cells []string, dir string, cpus int) (*worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("starting a worker: %w", err)
	}
	req, err := json.Marshal(request{Cells: cells})
	if err != nil {
		return nil, fmt.Errorf("starting a worker: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("starting a worker: %w", err)
	}
	w := &worker{cmd: exec.Command(exe), stray: &limitedBuffer{}, events: make(chan event), evR: evR, exited: make(chan struct{})}
	w.cmd.Dir = dir
	// A process a cell started and handed the worker's stdout or stderr
	// may keep them open after the worker ended: Wait does not wait for
	// it longer than this.
	w.cmd.WaitDelay = drainTime
	w.cmd.Env = append(os.Environ(), workerEnv+"=1")
	w.cmd.Stdin = bytes.NewReader(req)
	w.cmd.Stdout, w.cmd.Stderr = w.stray, w.stray
	w.cmd.ExtraFiles = []*os.File{evW}
	if cpus > 0 {
		n := min(cpus, AvailableCPUs())
		w.cmd.Env = append(w.cmd.Env, fmt.Sprintf("GOMAXPROCS=%d", n))
		err = startOnCPUs(w.cmd, n)
	} else {
		err = w.cmd.Start()
	}
	evW.Close()
	if err != nil {
		evR.Close()
		return nil, fmt.Errorf("starting a worker: %w", err)
	}
	go w.read(evR)
	go func() {
		w.waitErr = w.cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// read passes on the worker's events until it closes its end.
func (w *worker) read(r io.ReadCloser) {
	defer close(w.events)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) == nil {
			w.events <- ev
		}
	}
}

// stopStuck stops a worker whose cell ran out of time. It answers SIGUSR1
// with its goroutines' stacks and exits; should it not, SIGQUIT makes the
// Go runtime print them (more raw) and exit, and then it is killed.
func (w *worker) stopStuck() {
	p := w.cmd.Process
	p.Signal(syscall.SIGUSR1)
	w.timers = append(w.timers,
		afterFunc(2*time.Second, func() { p.Signal(syscall.SIGQUIT) }),
		afterFunc(5*time.Second, func() { killWorker(p) }))
}

// stopTimers stops what stopStuck set to happen later, once the worker
// has ended.
func (w *worker) stopTimers() {
	for _, t := range w.timers {
		t.Stop()
	}
}

// afterFunc is time.AfterFunc; tests replace it.
var afterFunc = time.AfterFunc

// drainTime bounds the wait for the rest of a worker's output once it has
// ended: what it wrote is in the pipes by then, to be read at once, and a
// process a cell started and handed one of them is not waited for. Tests
// replace it.
var drainTime = time.Second

// killWorker stops a worker process; tests replace it.
var killWorker = func(p *os.Process) error { return p.Kill() }

// A run is the state of Run while the worker runs the cells.
type run struct {
	opt      Options
	w        *worker
	runs     []CellRun
	done     int       // cells finished
	running  int       // the cell running now, or -1
	timedOut int       // the cell stopped for its time, or -1
	started  time.Time // when the running cell started
	partial  []part    // what the running cell printed so far
	stopped  error     // why the run was cancelled, if it was
	failure  error     // the worker's own account of why it could not run
}

// watch follows the worker's events until the pipe is read to its end,
// stopping the worker when a cell runs out of time or ctx is cancelled.
// Once the worker has ended, what is left in the pipe is read within
// drainTime; once ctx is cancelled, nothing more is.
func (r *run) watch(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	cancelled, exited := ctx.Done(), r.w.exited
	for events := r.w.events; events != nil; {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			r.handle(ev, timer)
		case <-timer.C:
			r.timedOut = r.running
			r.w.stopStuck()
		case <-exited:
			exited = nil
			r.w.evR.SetReadDeadline(time.Now().Add(drainTime))
		case <-cancelled:
			cancelled = nil // stop the worker once, then wait for it to go
			r.stopped = context.Cause(ctx)
			killWorker(r.w.cmd.Process)
			r.w.evR.SetReadDeadline(time.Now())
		}
	}
	if r.stopped == nil && ctx.Err() != nil {
		// The worker ended first: a Ctrl-C in a terminal reaches it too.
		r.stopped = context.Cause(ctx)
	}
}

// handle takes in one event of the worker.
func (r *run) handle(ev event, timer *time.Timer) {
	switch {
	case ev.Fatal != "":
		r.failure = errors.New(ev.Fatal)
	case ev.Stream != "":
		r.partial = appendPart(r.partial, ev.Stream, ev.Text)
	case ev.Start != nil:
		r.running, r.partial, r.started = *ev.Start, nil, time.Now()
		timer.Reset(r.cellTimeout(r.running))
	case ev.Done != nil:
		timer.Stop()
		i := *ev.Done
		r.runs[i] = CellRun{Outputs: ev.Outputs, Dropped: ev.Dropped, PrintValue: ev.Print, Duration: time.Since(r.started)}
		r.done, r.running = i+1, -1
		if r.opt.OnDone != nil {
			r.opt.OnDone(i, r.runs[i])
		}
	}
}

func (r *run) cellTimeout(i int) time.Duration {
	if r.opt.CellTimeout != nil {
		if d := r.opt.CellTimeout(i); d > 0 {
			return d
		}
	}
	return r.opt.Timeout
}

// finish gives the cell that did not finish its error, once the worker has
// ended with waitErr, and marks the cells after it as not run.
func (r *run) finish(waitErr error) ([]CellRun, error) {
	stray := r.w.stray.String()
	switch {
	case r.timedOut >= 0:
		r.unfinished(r.timedOut, &TimeoutError{After: r.cellTimeout(r.timedOut), Stacks: goroutineDump(stray)})
	case r.running >= 0 && r.stopped != nil:
		r.unfinished(r.running, fmt.Errorf("stopped: %w", r.stopped))
	case r.running >= 0:
		r.unfinished(r.running, &CrashError{Exit: waitErr, Output: stray})
	case r.done == 0 && len(r.runs) > 0:
		failure := r.stopped
		if failure == nil {
			failure = r.failure
		}
		if failure == nil {
			failure = fmt.Errorf("worker failed: %w", waitErr)
		}
		return nil, fmt.Errorf("%w%s", failure, tail(stray))
	}
	for i := r.done; i < len(r.runs); i++ {
		r.runs[i].Skipped = true
	}
	return r.runs, nil
}

// unfinished records that cell i did not finish, keeping what it printed.
func (r *run) unfinished(i int, err error) {
	r.runs[i] = CellRun{Err: err, Duration: time.Since(r.started), Outputs: streamOutputs(r.partial)}
	r.done = i + 1
}
