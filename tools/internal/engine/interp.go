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
	"encoding/base64"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/display"
	"github.com/goconcurrency/notebooks/tools/internal/engine/symbols"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// HelperPath is the import path of the compiled helper package, and
// HelperRelPath the relative path notebooks import it by.
const (
	HelperPath    = "github.com/goconcurrency/notebooks/pkg/threading"
	HelperRelPath = "../pkg/threading"
)

// displayPath is the import path of the display API put in every session.
const displayPath = "github.com/goconcurrency/notebooks/tools/internal/display"

// showPkg is the package through which a cell's last expression reaches
// the engine; the cell imports it under a name no notebook uses.
const showPkg = "nbcheck.internal/show"

// An Interp evaluates the cells of one notebook in order, sharing their
// declarations, as a kernel session does. It is not safe for concurrent use.
type Interp struct {
	yi        *interp.Interpreter
	shown     []any
	count     int
	blocks    int             // functions made of block statements (see opensBlock)
	shownData []*ipynb.Output // display_data outputs of the current cell, from Display
	bundle    *shownBundle    // what a display.Shower last gave
	dropped   int64           // output bytes of the current cell beyond MaxCellOutput

	// OnOutput, when not nil, is given each piece of stream output as it
	// is printed (within MaxCellOutput), while the cell runs.
	OnOutput func(stream string, text []byte)
}

// MaxCellOutput bounds what one cell may print (and show) in bytes; the rest
// is dropped and counted.
const MaxCellOutput = 10 << 20

// NewInterp returns an interpreter with the standard library and the helper
// packages available, under their module paths and their relative paths.
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
	if symbols.Symbols[HelperPath+"/threading"] == nil {
		return nil, errors.New("helper symbols missing: run go generate ./tools/internal/engine/symbols")
	}
	if err := e.yi.Use(symbols.Symbols); err != nil {
		return nil, err
	}
	show := map[string]reflect.Value{
		"Values": reflect.ValueOf(func(v ...any) { e.shown = v }),
		"Display": reflect.ValueOf(func(d display.Data) error {
			e.shownData = append(e.shownData, displayOutput(d))
			return nil
		}),
	}
	for _, s := range display.Showers {
		if s.Taker != nil {
			show[s.Name] = reflect.ValueOf(s.Taker(func(d display.Data, err error) { e.bundle = &shownBundle{d, err} }))
		}
	}
	if err := e.yi.Use(interp.Exports{showPkg + "/show": show}); err != nil {
		return nil, err
	}
	// What gophernotes puts in every session: the package display, and
	// the function Display that shows a bundle at once.
	if err := e.yi.Use(interp.Exports{"display/display": symbols.Symbols[displayPath+"/display"]}); err != nil {
		return nil, err
	}
	for _, src := range []string{
		`import __nbcheck_show "` + showPkg + `"`,
		`import "display"`,
		`func Display(d display.Data) error { return __nbcheck_show.Display(d) }`,
	} {
		if _, err := e.yi.Eval(src); err != nil {
			return nil, err
		}
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
	e.dropped = 0
	e.shownData = nil
	cap, err := startCapture(e.OnOutput)
	if err != nil {
		return []*ipynb.Output{errorOutput(fmt.Errorf("nbcheck: capturing output: %v", err))}
	}
	values, vars, runErr := e.eval(src)
	var res *ipynb.Output
	if runErr == nil && values != nil {
		// Rendering calls the value's methods, which may print.
		res = e.render(values, vars)
	}
	outs := cap.stop()
	e.dropped = cap.dropped
	outs = append(outs, e.shownData...)
	switch {
	case runErr != nil:
		outs = append(outs, errorOutput(runErr))
	case res != nil:
		outs = append(outs, res)
	}
	return e.limit(outs)
}

// Dropped returns how many bytes of output the last cell gave beyond
// MaxCellOutput.
func (e *Interp) Dropped() int64 { return e.dropped }

// limit cuts outputs to MaxCellOutput bytes in all, counting the rest as
// dropped.
func (e *Interp) limit(outs []*ipynb.Output) []*ipynb.Output {
	room := int64(MaxCellOutput)
	cut := func(s string) string {
		if int64(len(s)) <= room {
			room -= int64(len(s))
			return s
		}
		e.dropped += int64(len(s)) - room
		s = s[:room]
		room = 0
		return s
	}
	for _, o := range outs {
		o.Text = cut(o.Text)
		for k, v := range o.Data {
			if str, ok := v.(string); ok {
				o.Data[k] = cut(str)
			}
		}
	}
	return outs
}

// maxArity is the most values a last expression may have for nbcheck to
// keep them in variables (and so render a notebook-defined type).
const maxArity = 4

// eval runs the cell's chunks in order and returns the values of its last
// expression, if it has one and they are not all nil. When the values
// are also held in interpreter variables, vars is how many (__nbcheck_v0,
// __nbcheck_v1, ...); their methods can then be looked up by the
// interpreter, which knows the methods of types the notebook defines.
func (e *Interp) eval(src string) (values []any, vars int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	chunks, last := cellsplit.Split(src)
	for _, c := range chunks {
		if c.Block {
			e.blocks++
			name := fmt.Sprintf("__nbcheck_block%d", e.blocks)
			if _, err := e.yi.Eval("func " + name + "() {\n" + c.Src + "\n}"); err != nil {
				return nil, 0, evalError(err)
			}
			c.Src = name + "()"
		}
		if _, err := e.yi.Eval(c.Src); err != nil {
			return nil, 0, evalError(err)
		}
	}
	if last == "" {
		return nil, 0, nil
	}
	e.shown = nil
	// Whether the last expression has values at all is decided by
	// compiling it as an argument, which runs nothing.
	prog, err := e.yi.Compile("__nbcheck_show.Values(" + last + ")")
	if err != nil {
		// Not a value (a call of a function with no results), or not valid
		// code: evaluate it as written, which reports the user's own error.
		if _, err := e.yi.Eval(last); err != nil {
			return nil, 0, evalError(err)
		}
		return nil, 0, nil
	}
	// Keep the values in variables when the interpreter accepts an
	// assignment of them (not for untyped nil, say). yaegi lets one
	// variable take the first of several results, so the widest
	// assignment that compiles gives the count.
	widest := maxArity
	if commaOK(last) {
		widest = 1 // v, ok := <-ch compiles, but <-ch has one value
	}
	for n := widest; n >= 1; n-- {
		if p, err := e.yi.Compile(valueVars(n) + " := " + last); err == nil {
			prog, vars = p, n
			break
		}
	}
	if _, err := e.yi.Execute(prog); err != nil {
		return nil, 0, evalError(err)
	}
	if vars > 0 {
		if _, err := e.yi.Eval("__nbcheck_show.Values(" + valueVars(vars) + ")"); err != nil {
			return nil, 0, evalError(err)
		}
	}
	for _, v := range e.shown {
		if v != nil {
			return e.shown, vars, nil
		}
	}
	return nil, 0, nil
}

// commaOK reports whether expr is a receive, an index expression or a type
// assertion, which give a second value (ok) only when assigned to two
// variables.
func commaOK(expr string) bool {
	x, err := parser.ParseExpr(expr)
	if err != nil {
		return false
	}
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	switch x := x.(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return true
	}
	return false
}

func valueVar(i int) string { return fmt.Sprintf("__nbcheck_v%d", i) }

func valueVars(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = valueVar(i)
	}
	return strings.Join(names, ", ")
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
// gophernotes does. A value that is the only non-nil one and has any of
// the renderer methods (PNG() []byte, HTML() string, ...), or is an
// image.Image (shown as PNG), is shown under every MIME type it provides.
// Anything else is the text fmt.Sprint makes of all values.
//
// gophernotes means to add text/plain (fmt.Sprint of the value) to a rich
// result too, but its check for an existing text/plain compares a missing
// map entry (nil) with "", which is false, so a rich result has no
// text/plain; the notebooks it writes show that, and so does this engine.
func (e *Interp) render(values []any, vars int) *ipynb.Output {
	count := e.count
	out := &ipynb.Output{Type: "execute_result", ExecutionCount: &count, Data: map[string]any{}, Metadata: map[string]any{}}
	one, nonNil := -1, 0
	for i, v := range values {
		if v != nil {
			one, nonNil = i, nonNil+1
		}
	}
	if nonNil == 1 {
		if err := e.renderRich(out, values[one], one < vars, valueVar(one)); err != nil {
			return errorOutput(err)
		}
		if len(out.Data) > 0 {
			return out
		}
	}
	out.Data["text/plain"] = fmt.Sprint(values...)
	return out
}

// renderRich fills out's data with the MIME types v provides, going
// through display.Showers. Methods of compiled types are found by type
// assertion; those of types the notebook defines only by the interpreter,
// through the variable name when inInterp is set (yaegi hands compiled
// code such values as plain structs, without their methods).
func (e *Interp) renderRich(out *ipynb.Output, v any, inInterp bool, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	interpreted := inInterp && !compiledNamed(v)
	for _, s := range display.Showers {
		d, ok, err := s.Of(v)
		if !ok && interpreted && s.Taker != nil {
			d, ok, err = e.showInterpreted(s, name)
		}
		if err != nil {
			return err
		}
		if ok {
			mergeBundle(out.Data, d.Data)
			mergeBundle(out.Metadata, d.Metadata)
		}
	}
	return nil
}

// A shownBundle is what a Shower's function gave the engine.
type shownBundle struct {
	d   display.Data
	err error
}

// showInterpreted asks the interpreter to show the variable name the way s
// does. A compile error means its type has no such method (or one of
// another signature); nothing ran then.
func (e *Interp) showInterpreted(s display.Shower, name string) (display.Data, bool, error) {
	arg := name
	if s.Method {
		arg += "." + s.Name
	}
	e.bundle = nil
	_, err := e.yi.Eval("__nbcheck_show." + s.Name + "(" + arg + ")")
	var p interp.Panic
	if errors.As(err, &p) {
		return display.Data{}, false, evalError(err)
	}
	if err != nil || e.bundle == nil {
		return display.Data{}, false, nil
	}
	return e.bundle.d, true, e.bundle.err
}

// mergeBundle copies a MIME bundle's entries into an output's, bytes as the
// base64 text Jupyter stores.
func mergeBundle(dst map[string]any, src display.MIMEMap) {
	for k, v := range src {
		if b, isBytes := v.([]byte); isBytes {
			v = base64.StdEncoding.EncodeToString(b)
		}
		dst[k] = v
	}
}

// displayOutput is the display_data output of a bundle shown with Display.
func displayOutput(d display.Data) *ipynb.Output {
	out := &ipynb.Output{Type: "display_data", Data: map[string]any{}, Metadata: map[string]any{}}
	mergeBundle(out.Data, d.Data)
	mergeBundle(out.Metadata, d.Metadata)
	return out
}

// compiledNamed reports whether v's type is a named type of a compiled
// package, whose methods type assertions see; the interpreter's view of it
// would add methods of the pointer type, which gophernotes does not use.
func compiledNamed(v any) bool {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	return t.PkgPath() != ""
}

// A capture swaps os.Stdout and os.Stderr for pipes while a cell runs, as
// the gophernotes kernel does, and collects what is written to them as
// stream outputs in the order it arrives.
type capture struct {
	oldOut, oldErr *os.File
	wOut, wErr     *os.File
	wg             sync.WaitGroup
	mu             sync.Mutex
	parts          []part
	tee            func(string, []byte)
	size           int64 // bytes kept
	dropped        int64 // bytes beyond MaxCellOutput
}

// A part is a run of output on one stream.
type part struct {
	name string
	text *strings.Builder
}

func startCapture(tee func(string, []byte)) (*capture, error) {
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
	c := &capture{oldOut: os.Stdout, oldErr: os.Stderr, wOut: wOut, wErr: wErr, tee: tee}
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
			p := buf[:n]
			if room := MaxCellOutput - c.size; int64(len(p)) > room {
				c.dropped += int64(len(p)) - max(room, 0)
				p = p[:max(room, 0)]
			}
			c.size += int64(len(p))
			if len(p) > 0 {
				// (Over the limit, reading goes on so the cell is not blocked.)
				c.parts = appendPart(c.parts, name, string(p))
				if c.tee != nil {
					c.tee(name, p)
				}
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
	return streamOutputs(c.parts)
}

// appendPart adds text printed on a stream to parts.
func appendPart(parts []part, stream, text string) []part {
	if k := len(parts); k == 0 || parts[k-1].name != stream {
		parts = append(parts, part{stream, &strings.Builder{}})
	}
	parts[len(parts)-1].text.WriteString(text)
	return parts
}

// streamOutputs turns parts into stream outputs.
func streamOutputs(parts []part) []*ipynb.Output {
	var outs []*ipynb.Output
	for _, p := range parts {
		outs = append(outs, &ipynb.Output{Type: "stream", Name: p.name, Text: p.text.String()})
	}
	return outs
}
