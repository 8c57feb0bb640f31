// Package engine runs the code cells of Go notebooks on the yaegi
// interpreter and returns the outputs that the gophernotes kernel would show
// for them: what the cell printed on stdout and stderr (interpreted and
// compiled code alike), the value of a last expression, and errors.
//
// Each notebook runs in a worker process of its own (see Run), so that a cell
// that panics in a goroutine, deadlocks or never ends is reported and stopped
// without taking the checker down.
package engine

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"reflect"
	"regexp"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/goconcurrency/notebooks/tools/internal/engine/symbols"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// HelperPath is the import path of the compiled helper package, and
// HelperRelPath the relative path notebooks import it by.
const (
	HelperPath    = "github.com/goconcurrency/notebooks/pkg/threading"
	HelperRelPath = "../pkg/threading"
)

// showPkg is the package through which a cell's last expression reaches
// the engine; the cell imports it under a name no notebook uses.
const showPkg = "nbcheck.internal/show"

// An Interp evaluates the cells of one notebook in order, sharing their
// declarations, as a kernel session does. It is not safe for concurrent use.
type Interp struct {
	yi    *interp.Interpreter
	shown []any
	count int
}

// NewInterp returns an interpreter with the standard library and the helper
// package available, under its module path and its relative path.
func NewInterp() (*Interp, error) {
	e := &Interp{}
	e.yi = interp.New(interp.Options{
		Stdout:       writerFunc(func(p []byte) (int, error) { return os.Stdout.Write(p) }),
		Stderr:       &panicLogFilter{},
		Unrestricted: true,
	})
	if err := e.yi.Use(stdlib.Symbols); err != nil {
		return nil, err
	}
	helper := symbols.Symbols[HelperPath+"/threading"]
	if helper == nil {
		return nil, errors.New("helper symbols missing: run go generate ./tools/internal/engine/symbols")
	}
	exports := interp.Exports{
		HelperPath + "/threading":    helper,
		HelperRelPath + "/threading": helper,
		showPkg + "/show": {
			"Values": reflect.ValueOf(func(v ...any) { e.shown = v }),
		},
	}
	if err := e.yi.Use(exports); err != nil {
		return nil, err
	}
	if _, err := e.yi.Eval(`import __nbcheck_show "` + showPkg + `"`); err != nil {
		return nil, err
	}
	return e, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// panicLogFilter forwards yaegi's own diagnostics to the current os.Stderr,
// less the "file:line:col: panic: ..." location lines it prints when a cell
// panics: gophernotes shows a panic only as the cell's error.
type panicLogFilter struct{}

var panicLogLine = regexp.MustCompile(`^(\S+:)?\d+:\d+: panic`)

func (panicLogFilter) Write(p []byte) (int, error) {
	if panicLogLine.Match(p) {
		return len(p), nil
	}
	return os.Stderr.Write(p)
}

// Run evaluates one cell and returns its outputs in nbformat terms.
func (e *Interp) Run(src string) []*ipynb.Output {
	e.count++
	cap, err := startCapture()
	if err != nil {
		return []*ipynb.Output{errorOutput(fmt.Errorf("nbcheck: capturing output: %v", err))}
	}
	values, runErr := e.eval(src)
	outs := cap.stop()
	switch {
	case runErr != nil:
		outs = append(outs, errorOutput(runErr))
	case values != nil:
		if r := e.render(values); r != nil {
			outs = append(outs, r)
		}
	}
	return outs
}

// eval runs the cell's chunks in order and returns the values of its last
// expression, if it has one and they are not all nil.
func (e *Interp) eval(src string) (values []any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	chunks, last := splitCell(src)
	for _, c := range chunks {
		if _, err := e.yi.Eval(c.src); err != nil {
			return nil, evalError(err)
		}
	}
	if last == "" {
		return nil, nil
	}
	e.shown = nil
	if _, err := e.yi.Eval("__nbcheck_show.Values(" + last + ")"); err != nil {
		var p interp.Panic
		if errors.As(err, &p) {
			return nil, evalError(err)
		}
		// Not a value (a call of a function with no results), or not valid
		// code: evaluate it as written, which reports the user's own error.
		if _, err := e.yi.Eval(last); err != nil {
			return nil, evalError(err)
		}
		return nil, nil
	}
	for _, v := range e.shown {
		if v != nil {
			return e.shown, nil
		}
	}
	return nil, nil
}

// A cellError is an error the cell raised, shown as gophernotes shows it.
type cellError struct{ msg string }

func (c *cellError) Error() string { return c.msg }

func panicError(r any) error {
	if err, ok := r.(error); ok {
		return &cellError{err.Error()}
	}
	return &cellError{fmt.Sprint(r)}
}

func evalError(err error) error {
	var p interp.Panic
	if errors.As(err, &p) {
		return panicError(p.Value)
	}
	return &cellError{err.Error()}
}

// errorOutput is gophernotes' error output: ename "ERROR", the message as
// evalue and as the one line of the traceback.
func errorOutput(err error) *ipynb.Output {
	return &ipynb.Output{Type: "error", Ename: "ERROR", Evalue: err.Error(), Traceback: []string{err.Error()}}
}

// render turns the values of a last expression into an execute_result as
// gophernotes does: an image.Image alone (other values nil) as PNG, anything
// else as the text fmt.Sprint makes of all values.
func (e *Interp) render(values []any) *ipynb.Output {
	count := e.count
	out := &ipynb.Output{Type: "execute_result", ExecutionCount: &count, Data: map[string]any{}, Metadata: map[string]any{}}
	var img image.Image
	nils := 0
	for _, v := range values {
		if m, ok := v.(image.Image); ok {
			img = m
		} else if v == nil {
			nils++
		}
	}
	if img != nil && nils == len(values)-1 {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return errorOutput(err)
		}
		b := img.Bounds()
		out.Data["image/png"] = base64.StdEncoding.EncodeToString(buf.Bytes())
		out.Metadata["image/png"] = map[string]any{"width": b.Dx(), "height": b.Dy()}
		out.Data["text/plain"] = fmt.Sprint(img)
		return out
	}
	out.Data["text/plain"] = fmt.Sprint(values...)
	return out
}

// A capture swaps os.Stdout and os.Stderr for pipes while a cell runs, as
// the gophernotes kernel does, and collects what is written to them as
// stream outputs in the order it arrives.
type capture struct {
	oldOut, oldErr *os.File
	wOut, wErr     *os.File
	wg             sync.WaitGroup
	mu             sync.Mutex
	outs           []*ipynb.Output
}

func startCapture() (*capture, error) {
	rOut, wOut, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	rErr, wErr, err := os.Pipe()
	if err != nil {
		rOut.Close()
		wOut.Close()
		return nil, err
	}
	c := &capture{oldOut: os.Stdout, oldErr: os.Stderr, wOut: wOut, wErr: wErr}
	c.wg.Add(2)
	go c.copy("stdout", rOut)
	go c.copy("stderr", rErr)
	os.Stdout, os.Stderr = wOut, wErr
	return c, nil
}

func (c *capture) copy(name string, r io.ReadCloser) {
	defer c.wg.Done()
	defer r.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			if k := len(c.outs); k > 0 && c.outs[k-1].Name == name {
				c.outs[k-1].Text += string(buf[:n])
			} else {
				c.outs = append(c.outs, &ipynb.Output{Type: "stream", Name: name, Text: string(buf[:n])})
			}
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (c *capture) stop() []*ipynb.Output {
	os.Stdout, os.Stderr = c.oldOut, c.oldErr
	c.wOut.Close()
	c.wErr.Close()
	c.wg.Wait()
	return c.outs
}
