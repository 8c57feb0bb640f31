package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startChild is a cell that starts a child process that outlives the
// notebook, in a process group of its own (setsid), and prints its process id. The
// child writes the file "ended" in the cell's folder just before it ends.
// With holdEvents, the child is handed the worker's events pipe on
// purpose, as a cell may hand it any of its files.
func startChild(holdEvents bool) string {
	src := "cmd := exec.Command(\"setsid\", \"sh\", \"-c\", \"sleep 20; touch ended\")\n"
	if holdEvents {
		src += "cmd.ExtraFiles = []*os.File{os.NewFile(3, \"events\")}\n"
	}
	return src + "if err := cmd.Start(); err != nil {\n\tpanic(err)\n}\nfmt.Println(cmd.Process.Pid)"
}

// childImports is the cell of imports startChild's cell needs.
const childImports = "import (\n\t\"fmt\"\n\t\"os\"\n\t\"os/exec\"\n)"

// runChildCells runs the cells in a folder of their own, and returns the
// runs and a function that reports whether the child process startChild's
// cell (the second) started has ended. The child is stopped when the test
// ends.
func runChildCells(t *testing.T, ctx context.Context, cells []string, opt Options) ([]CellRun, func() bool) {
	t.Helper()
	opt.Dir = t.TempDir()
	runs, err := Run(ctx, cells, opt)
	if err != nil {
		t.Fatal(err)
	}
	ended := func() bool {
		_, err := os.Stat(filepath.Join(opt.Dir, "ended"))
		return err == nil
	}
	stdout, _ := streamTexts(runs[1].Outputs)
	pid, err := strconv.Atoi(strings.TrimSpace(stdout))
	if err != nil {
		t.Fatalf("no child process id in %q (%v)", stdout, runs[1].Err)
	}
	t.Cleanup(func() { syscall.Kill(-pid, syscall.SIGKILL) })
	return runs, ended
}

// A child process a cell starts does not hold the run: Run returns while
// the child still runs. (It once inherited the worker's events pipe, and
// the run waited until the child ended.)
func TestChildProcessDoesNotHoldTheRun(t *testing.T) {
	cells := []string{childImports, startChild(false), "1 + 1"}
	runs, ended := runChildCells(t, context.Background(), cells, Options{})
	if ended() {
		t.Error("Run returned only once the child process a cell started had ended")
	}
	if got := show(runs[2].Outputs); got != "result: 2\n" {
		t.Errorf("cell 3: %q", got)
	}
}

// Even a child that was handed the events pipe on purpose does not hold
// the run for long once the worker has ended: the wait is bounded.
func TestChildHoldingTheEventsPipeDoesNotHoldTheRun(t *testing.T) {
	cells := []string{childImports, startChild(true), "1 + 1"}
	runs, ended := runChildCells(t, context.Background(), cells, Options{})
	if ended() {
		t.Error("Run returned only once the child process holding the events pipe had ended")
	}
	if got := show(runs[2].Outputs); got != "result: 2\n" {
		t.Errorf("cell 3: %q", got)
	}
}

// Ctrl-C (a cancelled context) ends the wait for a worker's events at
// once, whatever holds them open.
func TestCancelEndsTheWaitForAHeldPipe(t *testing.T) {
	defer func(old time.Duration) { drainTime = old }(drainTime)
	drainTime = time.Hour // only the cancellation can end the wait
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cells := []string{childImports, startChild(true), "1 + 1"}
	_, ended := runChildCells(t, ctx, cells, Options{OnDone: func(i int, _ CellRun) {
		if i == 2 {
			cancel()
		}
	}})
	if ended() {
		t.Error("Run returned only once the child process holding the events pipe had ended")
	}
}

// A cell that runs out of time ends the run even when a child it started
// holds the events pipe.
func TestTimeoutEndsTheWaitForAHeldPipe(t *testing.T) {
	cells := []string{childImports, startChild(true) + "\nselect {}", "1 + 1"}
	runs, ended := runChildCells(t, context.Background(), cells, Options{
		Timeout:     time.Minute,
		CellTimeout: func(i int) time.Duration { return map[int]time.Duration{1: time.Second}[i] },
	})
	var te *TimeoutError
	if !errors.As(runs[1].Err, &te) {
		t.Fatalf("cell 2: err = %v, want a timeout", runs[1].Err)
	}
	if ended() {
		t.Error("Run returned only once the child process holding the events pipe had ended")
	}
	if !runs[2].Skipped {
		t.Error("cell 3 should be skipped")
	}
}

// The timers that escalate the stopping of a stuck worker (SIGQUIT, then
// a kill) are stopped once the worker has ended: none is left to fire on
// a process that is gone, or on a process id used again since.
func TestStopTimersAreStopped(t *testing.T) {
	var mu sync.Mutex
	var timers []*time.Timer
	defer func(old func(time.Duration, func()) *time.Timer) { afterFunc = old }(afterFunc)
	afterFunc = func(d time.Duration, f func()) *time.Timer {
		tm := time.AfterFunc(d, f)
		mu.Lock()
		timers = append(timers, tm)
		mu.Unlock()
		return tm
	}
	cells := []string{"select {}"}
	runs, err := Run(context.Background(), cells, Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var te *TimeoutError
	if !errors.As(runs[0].Err, &te) {
		t.Fatalf("err = %v, want a timeout", runs[0].Err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(timers) == 0 {
		t.Fatal("no timer was started to stop the stuck worker")
	}
	for i, tm := range timers {
		if tm.Stop() { // true: it was still pending
			t.Errorf("timer %d was still pending after Run returned", i+1)
		}
	}
}

// Display may be called from many goroutines at once: every bundle shown
// is kept, and the race detector finds nothing. (The goroutines start and
// end within one call, and run a declared function: yaegi itself races
// with a goroutine that runs on while the next statement of the cell is
// compiled, and in making a function literal's closure.)
func TestDisplayFromGoroutines(t *testing.T) {
	in, err := NewInterp()
	if err != nil {
		t.Fatal(err)
	}
	cells := []string{
		`import "sync"

func show50(wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 50; i++ {
		Display(display.HTML("<b>shown</b>"))
	}
}

func showFromGoroutines() {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go show50(&wg)
	}
	wg.Wait()
}`,
		"showFromGoroutines()",
	}
	in.Run(cells[0])
	for run := 0; run < 5; run++ {
		outs := in.Run(cells[1])
		n := 0
		for _, o := range outs {
			if o.Type == "display_data" {
				n++
			} else {
				t.Errorf("unexpected output %s: %s%s", o.Type, o.Text, o.Evalue)
			}
		}
		if n != 400 {
			t.Errorf("run %d: %d display outputs, want 8 goroutines x 50 = 400", run+1, n)
		}
	}
}

// The capture hands a cell's output to its tee callback without holding
// its own lock: a callback may do what it likes, the capture's methods
// included, without deadlocking.
func TestCaptureTeeIsCalledWithoutTheLock(t *testing.T) {
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	errf, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr := out, errf
	c, err := newCapture(&stdout, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	var underLock, calls int
	c.begin(func(string, []byte) {
		calls++
		if !c.mu.TryLock() {
			underLock++
			return
		}
		c.mu.Unlock()
	})
	for i := 0; i < 20; i++ {
		stdout.WriteString("line\n")
	}
	got := c.end()
	if calls == 0 {
		t.Fatal("the tee was never called")
	}
	if underLock > 0 {
		t.Errorf("the tee was called %d times of %d with the capture's lock held", underLock, calls)
	}
	if text := got.parts[0].text.String(); text != strings.Repeat("line\n", 20) {
		t.Errorf("captured %q", text)
	}
}
