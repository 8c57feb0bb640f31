package engine

import (
	"context"
	"errors"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// Cancelling a run stops the worker once, and the run ends: the cell that
// was running is reported as stopped by the cancellation, not as a crash,
// and the cells after it as not run.
//
// The worker here dies a while after it is told to (as a busy machine may
// make it), which a run that kept telling it again and again, spinning on
// the cancelled context, shows as more than one kill.
func TestCancelStopsTheWorkerOnce(t *testing.T) {
	var kills atomic.Int32
	defer func(old func(*os.Process) error) { killWorker = old }(killWorker)
	killWorker = func(p *os.Process) error {
		if kills.Add(1) == 1 {
			time.AfterFunc(300*time.Millisecond, func() { p.Kill() })
		}
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cells := []string{`import "fmt"`, "fmt.Println(\"waiting\")\nselect {}", "1"}
	runs, err := Run(ctx, cells, Options{OnDone: func(i int, _ CellRun) {
		if i == 0 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if n := kills.Load(); n != 1 {
		t.Errorf("the worker was told to stop %d times, want once", n)
	}
	for i, r := range runs[1:] {
		var ce *CrashError
		switch {
		case errors.As(r.Err, &ce):
			t.Errorf("cell %d: reported as a crash: %v", i+2, r.Err)
		case r.Err != nil && !errors.Is(r.Err, context.Canceled):
			t.Errorf("cell %d: err = %v, want the cancellation", i+2, r.Err)
		case r.Err == nil && !r.Skipped:
			t.Errorf("cell %d: neither stopped nor skipped: %+v", i+2, r)
		}
	}
	if !runs[2].Skipped {
		t.Error("the last cell was not marked not run")
	}
}

// A run cancelled before it starts runs nothing, and says why in an error
// that errors.Is finds.
func TestCancelledBeforeTheRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, []string{"1"}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
