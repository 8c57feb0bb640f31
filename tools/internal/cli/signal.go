package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// An interrupted is why a run was cancelled: nbcheck got a signal.
type interrupted struct{ sig syscall.Signal }

func (e interrupted) Error() string {
	name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[e.sig]
	if name == "" {
		name = e.sig.String()
	}
	return fmt.Sprintf("interrupted (%s)", name)
}

// exitStatus is what a shell reports for a command the signal ended.
func (e interrupted) exitStatus() int { return 128 + int(e.sig) }

// onSignals returns a context that SIGINT or SIGTERM cancels, with an
// interrupted as its cause, and a function that stops listening. Once one
// has come, the signals have their usual effect again: a second Ctrl-C
// ends nbcheck at once.
func onSignals(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-c:
			signal.Stop(c)
			cancel(interrupted{s.(syscall.Signal)})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(c)
		cancel(nil)
	}
}
