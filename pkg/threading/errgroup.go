package threading

// Lesson 10: goroutines that can fail. golang.org/x/sync/errgroup is Go's
// standard answer: the first error cancels the others' context, Wait
// returns it, and SetLimit bounds how many run at once. The notebook
// kernel cannot fetch modules, so the helper passes errgroup on.

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// An ErrGroup is golang.org/x/sync/errgroup's Group, for the notebooks:
// it starts goroutines that return an error, and waits for them. The first
// error cancels the context NewErrGroup returned, so that the others can
// stop early, and Wait returns that error.
type ErrGroup struct {
	g *errgroup.Group
}

// NewErrGroup returns a new group and a context derived from ctx that is
// cancelled when a function started with Go returns an error, or when Wait
// returns, whichever comes first.
func NewErrGroup(ctx context.Context) (*ErrGroup, context.Context) {
	g, ctx := errgroup.WithContext(ctx)
	return &ErrGroup{g: g}, ctx
}

// Go runs f in a new goroutine. With a limit set, it first waits until
// fewer than the limit are running.
func (g *ErrGroup) Go(f func() error) { g.g.Go(f) }

// SetLimit lets at most n of the group's goroutines run at once; a negative
// n means no limit. It must not be called while goroutines of the group run.
func (g *ErrGroup) SetLimit(n int) { g.g.SetLimit(n) }

// Wait waits for every function started with Go to return, and returns the
// first error any of them returned, or nil.
func (g *ErrGroup) Wait() error { return g.g.Wait() }
