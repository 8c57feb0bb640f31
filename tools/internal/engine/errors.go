package engine

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// A TimeoutError says a cell ran past its time and was stopped.
type TimeoutError struct {
	After  time.Duration
	Stacks string // the goroutines of the worker when it was stopped
}

// GoroutineStacks returns the stacks of the worker's goroutines when it
// was stopped, for a report.
func (e *TimeoutError) GoroutineStacks() string { return e.Stacks }

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

func (e *CrashError) Unwrap() error { return e.Exit }

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
