package threading

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// The first error cancels the others, which stop early; Wait returns it.
func TestErrGroupFirstErrorCancelsTheRest(t *testing.T) {
	boom := errors.New("boom")
	g, ctx := NewErrGroup(context.Background())
	var cancelled atomic.Int64
	for i := 0; i < 5; i++ {
		g.Go(func() error {
			select {
			case <-ctx.Done():
				cancelled.Add(1)
				return ctx.Err()
			case <-time.After(10 * time.Second):
				return nil
			}
		})
	}
	g.Go(func() error { return boom })
	if err := g.Wait(); !errors.Is(err, boom) {
		t.Errorf("Wait() = %v, want %v", err, boom)
	}
	if cancelled.Load() != 5 {
		t.Errorf("%d of 5 goroutines saw the cancellation", cancelled.Load())
	}
}

// With a limit, never more than that many run at once.
func TestErrGroupSetLimit(t *testing.T) {
	g, _ := NewErrGroup(context.Background())
	g.SetLimit(3)
	var running, most atomic.Int64
	for i := 0; i < 20; i++ {
		g.Go(func() error {
			n := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			return nil
		})
	}
	if err := g.Wait(); err != nil || most.Load() > 3 || most.Load() < 1 {
		t.Errorf("Wait() = %v, at most %d at once, want 1 to 3", err, most.Load())
	}
}
