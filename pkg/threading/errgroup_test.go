package threading

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// group is what the tests ask of both ErrGroup and x/sync's errgroup.
type group interface {
	Go(func() error)
	SetLimit(int)
	Wait() error
}

func groups() map[string]func(context.Context) (group, context.Context) {
	return map[string]func(context.Context) (group, context.Context){
		"ErrGroup": func(ctx context.Context) (group, context.Context) { return NewErrGroup(ctx) },
		"errgroup": func(ctx context.Context) (group, context.Context) { return errgroup.WithContext(ctx) },
	}
}

// The first error cancels the rest, which stop early; Wait returns it; the
// context is cancelled after Wait, with or without an error.
func TestErrGroupBehavesAsErrgroup(t *testing.T) {
	boom := errors.New("boom")
	for name, newGroup := range groups() {
		g, ctx := newGroup(context.Background())
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
			t.Errorf("%s: Wait() = %v, want %v", name, err, boom)
		}
		if cancelled.Load() != 5 {
			t.Errorf("%s: %d of 5 goroutines saw the cancellation", name, cancelled.Load())
		}

		g, ctx = newGroup(context.Background())
		g.Go(func() error { return nil })
		if err := g.Wait(); err != nil || ctx.Err() == nil {
			t.Errorf("%s: without errors, Wait() = %v and the context's error %v; want nil and cancelled", name, err, ctx.Err())
		}
	}
}

// With a limit, never more than that many run at once, and all run.
func TestErrGroupSetLimit(t *testing.T) {
	for name, newGroup := range groups() {
		for _, limit := range []int{1, 3, -1} {
			g, _ := newGroup(context.Background())
			g.SetLimit(limit)
			var running, most, ran atomic.Int64
			for i := 0; i < 20; i++ {
				g.Go(func() error {
					n := running.Add(1)
					defer running.Add(-1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(time.Millisecond)
					ran.Add(1)
					return nil
				})
			}
			err := g.Wait()
			if err != nil || ran.Load() != 20 || (limit > 0 && most.Load() > int64(limit)) {
				t.Errorf("%s, limit %d: Wait() = %v, %d ran, at most %d at once", name, limit, err, ran.Load(), most.Load())
			}
		}
	}
}

func TestErrGroupSetLimitWhileRunningPanics(t *testing.T) {
	g, _ := NewErrGroup(context.Background())
	g.SetLimit(1)
	release := make(chan struct{})
	g.Go(func() error { <-release; return nil })
	defer func() {
		close(release)
		g.Wait()
		if r := recover(); !strings.Contains(fmt.Sprint(r), "SetLimit while goroutines of the group run") {
			t.Errorf("recovered %v, want a panic saying SetLimit came too late", r)
		}
	}()
	g.SetLimit(2)
}
