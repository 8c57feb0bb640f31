//go:build js

package engine

// In a browser (GOOS=js GOARCH=wasm) there are no processes: a notebook's
// session runs in the page's own Go program, one cell at a time, as a
// kernel runs it. This file is what that needs besides Interp: output
// captured through pipes that the page keeps (GOOS=js has none of its own),
// and Stop.

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// A LiteSession is a notebook's session in this process: cells run in turn
// on one Interp and share its declarations, stdout and stderr are captured
// from the first cell on, and Interrupt stops the running cell while the
// session goes on.
type LiteSession struct {
	in *Interp

	mu   sync.Mutex
	cell *liteCell // the running cell's, nil between cells

	declared []string // names the cells declared at the top level
}

// A liteCell is the state of one cell's run.
type liteCell struct {
	entered   chan struct{} // the fence is up (see Execute)
	release   chan struct{} // take the fence down
	interrupt chan struct{} // closed by Interrupt
	stopped   chan struct{} // closed once yaegi has stopped the cell
	once      sync.Once
	goroutine atomic.Int64 // the goroutine that runs the cell
}

// litePkg is the package through which the interpreter reaches the
// session's fence.
const litePkg = "nbcheck.internal/lite"

// NewLiteSession starts a session. onOutput, when not nil, is given each
// piece of the running cell's stdout and stderr as it is printed. What is
// printed while no cell runs goes to the process's own os.Stdout and
// os.Stderr, as they were before the session started.
//
// The page must give the process pipes (see jsPipe). The session's
// time.Sleep returns early when its cell is interrupted.
func NewLiteSession(onOutput func(stream string, text []byte)) (*LiteSession, error) {
	captureOnce.Do(func() { sessionCapture, captureErr = startJSCapture() })
	if captureErr != nil {
		return nil, captureErr
	}
	in, err := NewInterp()
	if err != nil {
		return nil, err
	}
	in.OnOutput = onOutput
	s := &LiteSession{in: in}
	err = in.yi.Use(interp.Exports{
		litePkg + "/lite": {"Park": reflect.ValueOf(s.park)},
		"time/time":       {"Sleep": reflect.ValueOf(s.sleep)},
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the session: %w", err)
	}
	if _, err := in.yi.Eval(`import __nbcheck_lite "` + litePkg + `"`); err != nil {
		return nil, fmt.Errorf("setting up the session: %w", err)
	}
	return s, nil
}

// Execute runs one cell and returns its outputs in nbformat terms; the
// stream outputs are those onOutput was given.
//
// Stop works through yaegi's cancellation (EvalWithContext), which stops
// interpreted code at its next step and channel operations at once, and
// the session's time.Sleep. Since the engine evaluates a cell in several
// calls of yaegi, each cell runs behind a fence: a call of Park, evaluated
// with a context, that waits for the cell to end; Interrupt cancels that
// context. A cell still blocked in compiled code half a second after an
// interrupt (a lock, a helper's own sleep) is given up, as the kernel
// does: it stays parked and the session goes on.
func (s *LiteSession) Execute(src string) []*ipynb.Output {
	c := &liteCell{entered: make(chan struct{}), release: make(chan struct{}), interrupt: make(chan struct{}), stopped: make(chan struct{})}
	s.mu.Lock()
	s.cell = c
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cell = nil
		s.mu.Unlock()
	}()

	ctx, cancel := context.WithCancel(context.Background())
	fenced := make(chan struct{})
	go func() {
		defer close(fenced)
		s.in.yi.EvalWithContext(ctx, "__nbcheck_lite.Park()")
	}()
	<-c.entered

	done := make(chan []*ipynb.Output, 1)
	go func() {
		c.goroutine.Store(goroutineID())
		done <- s.in.Run(src)
	}()
	var outs []*ipynb.Output
	select {
	case outs = <-done:
	case <-c.interrupt:
		cancel()
		<-fenced // yaegi has stopped the interpreted code
		close(c.stopped)
		select {
		case outs = <-done:
			outs = append(withoutError(outs), interruptedOutput("the cell was stopped"))
		case <-time.After(500 * time.Millisecond):
			outs = []*ipynb.Output{interruptedOutput("the cell was blocked in compiled code and is left parked; the session goes on")}
		}
	}
	close(c.release)
	<-fenced
	cancel()
	s.learn(src)
	return outs
}

// learn notes the names a cell declares at the top level, for Complete.
func (s *LiteSession) learn(src string) {
	for _, u := range cellsplit.Units(src) {
		if !u.Decl {
			names, _, _ := parseDefine(u.Src)
			s.declared = append(s.declared, names...)
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+u.Src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					s.declared = append(s.declared, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							s.declared = append(s.declared, id.Name)
						}
					case *ast.TypeSpec:
						s.declared = append(s.declared, spec.Name.Name)
					}
				}
			}
		}
	}
}

// park is the fence's call: it waits until the cell has ended.
func (s *LiteSession) park() {
	s.mu.Lock()
	c := s.cell
	s.mu.Unlock()
	close(c.entered)
	<-c.release
}

// Interrupt stops the running cell, if any: Execute then returns its
// outputs with an error named interrupted.
func (s *LiteSession) Interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.cell; c != nil {
		c.once.Do(func() { close(c.interrupt) })
	}
}

// sleep is time.Sleep for the cells. It returns early once the running
// cell has been stopped; on the cell's own goroutine it then panics, so
// that the rest of the cell does not run (yaegi stops interpreted code
// at its next step, but the engine runs a cell in several evaluations).
//
// It sleeps in steps of sleepStep with time.Sleep, and looks for a stop
// between two, rather than waiting on a timer and a channel at once: an
// execution trace (lesson 2's) then shows the goroutine sleeping, as it
// does for time.Sleep.
func (s *LiteSession) sleep(d time.Duration) {
	s.mu.Lock()
	c := s.cell
	s.mu.Unlock()
	if c == nil {
		time.Sleep(d)
		return
	}
	end := time.Now().Add(d)
	for {
		select {
		case <-c.stopped:
			if goroutineID() == c.goroutine.Load() {
				panic(errStopped)
			}
			return
		default:
		}
		left := time.Until(end)
		if left <= 0 {
			return
		}
		time.Sleep(min(left, sleepStep))
	}
}

// sleepStep is how long a cell's sleep goes on before it looks whether the
// cell was stopped.
const sleepStep = 50 * time.Millisecond

// errStopped is what a stopped cell panics with.
var errStopped = errors.New("interrupted: the cell was stopped")

// goroutineID returns the number of the calling goroutine, as the Go
// runtime prints it in stacks.
func goroutineID() int64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	var id int64
	fmt.Sscanf(string(buf), "goroutine %d ", &id)
	return id
}

// Count is the number of cells run so far.
func (s *LiteSession) Count() int { return s.in.count }

// withoutError drops an error output: an interrupted cell ends with one
// error, the interruption.
func withoutError(outs []*ipynb.Output) []*ipynb.Output {
	var kept []*ipynb.Output
	for _, o := range outs {
		if o.Type != "error" {
			kept = append(kept, o)
		}
	}
	return kept
}

// interruptedOutput is the error of an interrupted cell, named as the
// kernel names it.
func interruptedOutput(why string) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "interrupted", Evalue: why, Traceback: []string{"interrupted: " + why}}
}

// pipes counts the pipes made so far.
var pipes int

// jsPipe opens a pipe that the page keeps: opening /dev/nbcheck-pipe/N/r
// and /dev/nbcheck-pipe/N/w gives its two ends (tools/lite/web/gofs.js
// adds them to the page's fs object, through which os reads and writes
// files under GOOS=js).
func jsPipe() (r, w *os.File, err error) {
	pipes++
	name := fmt.Sprintf("/dev/nbcheck-pipe/%d/", pipes)
	if r, err = os.OpenFile(name+"r", os.O_RDONLY, 0); err != nil {
		return nil, nil, fmt.Errorf("capturing output: the page gives no pipes: %w", err)
	}
	if w, err = os.OpenFile(name+"w", os.O_WRONLY, 0); err != nil {
		r.Close()
		return nil, nil, fmt.Errorf("capturing output: the page gives no pipes: %w", err)
	}
	return r, w, nil
}

// startJSCapture is startCapture on the page's pipes.
func startJSCapture() (*capture, error) {
	c := &capture{}
	for i, std := range []**os.File{&os.Stdout, &os.Stderr} {
		r, w, err := jsPipe()
		if err != nil {
			return nil, err
		}
		s := &stream{name: [2]string{"stdout", "stderr"}[i], w: w, outside: *std, ended: make(chan int, 1)}
		c.streams[i] = s
		*std = w
		c.wg.Add(1)
		go c.copy(s, r)
	}
	return c, nil
}
