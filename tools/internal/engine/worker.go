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
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// workerEnv, when set in a process's environment, makes MaybeRunWorker turn
// that process into a notebook worker.
const workerEnv = "NBCHECK_WORKER"

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

type request struct {
	Cells []string `json:"cells"`
}

type event struct {
	Start   *int            `json:"start,omitempty"`
	Stream  string          `json:"stream,omitempty"` // a piece of output of the running cell
	Text    string          `json:"text,omitempty"`
	Done    *int            `json:"done,omitempty"`
	Outputs []*ipynb.Output `json:"outputs,omitempty"`
	Dropped int64           `json:"dropped,omitempty"`
	Fatal   string          `json:"fatal,omitempty"`
}

// MaybeRunWorker turns the process into a notebook worker when it was
// started as one by Run, and then never returns. Programs and test binaries
// that call Run must call MaybeRunWorker first thing in main or TestMain.
func MaybeRunWorker() {
	if os.Getenv(workerEnv) == "" {
		return
	}
	os.Exit(serveWorker())
}

func serveWorker() int {
	dumpOnSignal()
	events := os.NewFile(3, "events")
	var mu sync.Mutex // the output of a goroutine may come at any time
	enc := json.NewEncoder(events)
	send := func(ev event) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(ev)
	}
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		send(event{Fatal: "reading request: " + err.Error()})
		return 2
	}
	in, err := NewInterp()
	if err != nil {
		send(event{Fatal: "starting the interpreter: " + err.Error()})
		return 2
	}
	in.OnOutput = func(stream string, text []byte) { send(event{Stream: stream, Text: string(text)}) }
	for i, src := range req.Cells {
		send(event{Start: &i})
		outs := in.Run(src)
		if err := send(event{Done: &i, Outputs: outs, Dropped: in.Dropped()}); err != nil {
			return 2
		}
	}
	return 0
}

// Run executes the given code cells, in order, in a fresh worker process
// (this program started again with workerEnv set) and returns one CellRun
// per cell. An error means no cell could be run at all.
func Run(ctx context.Context, cells []string, opt Options) ([]CellRun, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	req, err := json.Marshal(request{Cells: cells})
	if err != nil {
		return nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer evR.Close()
	cmd := exec.Command(exe)
	cmd.Dir = opt.Dir
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	cmd.Stdin = bytes.NewReader(req)
	var stray limitedBuffer
	cmd.Stdout = &stray
	cmd.Stderr = &stray
	cmd.ExtraFiles = []*os.File{evW}
	start := cmd.Start
	if opt.CPUs > 0 {
		n := min(opt.CPUs, AvailableCPUs())
		cmd.Env = append(cmd.Env, fmt.Sprintf("GOMAXPROCS=%d", n))
		start = func() error { return startOnCPUs(cmd, n) }
	}
	if err := start(); err != nil {
		evW.Close()
		return nil, err
	}
	evW.Close()

	evc := make(chan event)
	go func() {
		defer close(evc)
		sc := bufio.NewScanner(evR)
		sc.Buffer(make([]byte, 1<<20), 256<<20)
		for sc.Scan() {
			var ev event
			if json.Unmarshal(sc.Bytes(), &ev) == nil {
				evc <- ev
			}
		}
	}()

	runs := make([]CellRun, len(cells))
	cellTimeout := func(i int) time.Duration {
		if opt.CellTimeout != nil {
			if d := opt.CellTimeout(i); d > 0 {
				return d
			}
		}
		return opt.Timeout
	}
	done := 0      // cells finished
	running := -1  // the cell running now
	timedOut := -1 // the cell stopped for its time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var started time.Time
	var partial []part // what the running cell printed so far
	var failure error
	for evc != nil {
		select {
		case ev, ok := <-evc:
			switch {
			case !ok:
				evc = nil
			case ev.Fatal != "":
				failure = errors.New(ev.Fatal)
			case ev.Stream != "":
				partial = appendPart(partial, ev.Stream, ev.Text)
			case ev.Start != nil:
				running = *ev.Start
				partial = nil
				started = time.Now()
				timer.Reset(cellTimeout(running))
			case ev.Done != nil:
				timer.Stop()
				i := *ev.Done
				runs[i] = CellRun{Outputs: ev.Outputs, Dropped: ev.Dropped, Duration: time.Since(started)}
				done, running = i+1, -1
				if opt.OnDone != nil {
					opt.OnDone(i, runs[i])
				}
			}
		case <-timer.C:
			// The worker answers SIGUSR1 with its goroutines' stacks
			// and exits; should it not, SIGQUIT makes the Go runtime
			// print them (more raw) and exit, and then it is killed.
			timedOut = running
			cmd.Process.Signal(syscall.SIGUSR1)
			time.AfterFunc(2*time.Second, func() { cmd.Process.Signal(syscall.SIGQUIT) })
			time.AfterFunc(5*time.Second, func() { cmd.Process.Kill() })
		case <-ctx.Done():
			cmd.Process.Kill()
			failure = ctx.Err()
		}
	}
	waitErr := cmd.Wait()
	switch {
	case timedOut >= 0:
		runs[timedOut].Err = &TimeoutError{After: cellTimeout(timedOut), Stacks: goroutineDump(stray.String())}
		runs[timedOut].Duration = time.Since(started)
		runs[timedOut].Outputs = streamOutputs(partial)
		done = timedOut + 1
	case running >= 0:
		runs[running].Err = &CrashError{Exit: waitErr, Output: stray.String()}
		runs[running].Duration = time.Since(started)
		runs[running].Outputs = streamOutputs(partial)
		done = running + 1
	case done == 0 && len(cells) > 0:
		if failure == nil {
			failure = fmt.Errorf("worker failed: %v", waitErr)
		}
		return nil, fmt.Errorf("%v%s", failure, tail(stray.String()))
	}
	for i := done; i < len(runs); i++ {
		runs[i].Skipped = true
	}
	return runs, nil
}

// A TimeoutError says a cell ran past its time and was stopped.
type TimeoutError struct {
	After  time.Duration
	Stacks string // the goroutines of the worker when it was stopped
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("timed out after %v (deadlock or endless loop?); stopped", e.After)
}

// A CrashError says the worker process died while a cell ran, as the kernel
// does when a goroutine panics.
type CrashError struct {
	Exit   error
	Output string
}

func (e *CrashError) Error() string {
	return fmt.Sprintf("the interpreter died (%v)%s", e.Exit, tail(e.Output))
}

// tail returns the first lines of a process's stray output, for a report,
// starting at the panic when there is one.
func tail(s string) string {
	if i := strings.Index(s, "\npanic: "); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 12 {
		lines = append(lines[:12], "...")
	}
	return ":\n\t" + strings.Join(lines, "\n\t")
}

// dumpOnSignal makes the worker write the stacks of its goroutines to
// stderr and exit when it receives SIGUSR1: the stacks of the moment a
// stuck cell is stopped. The goroutine that writes them and those of the
// worker's own machinery are left out.
func dumpOnSignal() {
	stderr := os.Stderr // the process's own, not a cell's capture
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		<-c
		buf := make([]byte, 4<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var keep []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, "engine.dumpOnSignal") || strings.Contains(g, "engine.(*capture).copy") || strings.Contains(g, "os/signal.loop") {
				continue
			}
			keep = append(keep, strings.TrimSpace(g))
		}
		fmt.Fprintf(stderr, "%s\n", strings.Join(keep, "\n\n"))
		os.Exit(3)
	}()
}

// goroutineDump returns the part of a dump that lists goroutines.
func goroutineDump(s string) string {
	if i := strings.Index(s, "goroutine "); i >= 0 {
		return s[i:]
	}
	return s
}

// limitedBuffer keeps the first 1 MiB written to it.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := 1<<20 - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

var _ io.Writer = (*limitedBuffer)(nil)
