package threading

// Lesson 10: goroutines that can fail. golang.org/x/sync/errgroup is Go's
// standard answer: the first error cancels the others' context, Wait
// returns it, and SetLimit bounds how many run at once. The notebooks cannot
// use it directly (the kernel cannot fetch modules, and a plugin may not
// link a package the kernel links in another build), so the helper holds a
// twin of it, the same pattern as the lesson's cells write, tested to behave
// as errgroup does.

import (
	"context"
	"sync"
)

// An ErrGroup starts goroutines that return an error, and waits for them.
// The first error cancels the context NewErrGroup returned, so that the
// others can stop early, and Wait returns that error. It behaves as
// golang.org/x/sync/errgroup's Group made with WithContext.
type ErrGroup struct {
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	slots  chan struct{} // with a limit: one slot per goroutine running
	once   sync.Once
	err    error
}

// NewErrGroup returns a new group and a context derived from ctx that is
// cancelled when a function started with Go returns an error, or when Wait
// returns, whichever comes first.
func NewErrGroup(ctx context.Context) (*ErrGroup, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &ErrGroup{cancel: cancel}, ctx
}

// Go runs f in a new goroutine. With a limit set, it first waits until
// fewer than the limit are running.
func (g *ErrGroup) Go(f func() error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.wg.Add(1)
	go func() {
		defer g.done()
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel(err)
			})
		}
	}()
}

func (g *ErrGroup) done() {
	if g.slots != nil {
		<-g.slots
	}
	g.wg.Done()
}

// SetLimit lets at most n of the group's goroutines run at once; a negative
// n means no limit. It panics if goroutines of the group are running.
func (g *ErrGroup) SetLimit(n int) {
	if len(g.slots) != 0 {
		panic("threading: ErrGroup.SetLimit while goroutines of the group run")
	}
	if n < 0 {
		g.slots = nil
		return
	}
	g.slots = make(chan struct{}, n)
}

// Wait waits for every function started with Go to return, and returns the
// first error any of them returned, or nil.
func (g *ErrGroup) Wait() error {
	g.wg.Wait()
	g.cancel(g.err)
	return g.err
}
