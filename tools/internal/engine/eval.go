package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/goconcurrency/notebooks/tools/internal/cellsplit"
	"github.com/goconcurrency/notebooks/tools/internal/ipynb"
)

// Run evaluates one cell and returns its outputs in nbformat terms.
func (e *Interp) Run(src string) []*ipynb.Output {
	e.count++
	e.dropped = 0
	e.handed.take() // what goroutines of earlier cells handed in between
	e.printValue = ""
	cap, err := theCapture()
	if err != nil {
		return []*ipynb.Output{errorOutput(fmt.Errorf("nbcheck: %w", err))}
	}
	cap.begin(e.OnOutput)
	values, vars, runErr := e.eval(src)
	var res *ipynb.Output
	if runErr == nil && values != nil {
		// Rendering calls the value's methods, which may print.
		res = e.render(values, vars)
	}
	printed := cap.end()
	outs := streamOutputs(printed.parts)
	e.dropped = printed.dropped
	_, displayed, _ := e.handed.take()
	outs = append(outs, displayed...)
	switch {
	case runErr != nil:
		outs = append(outs, errorOutput(errors.New(e.s.unrename(runErr.Error()))))
	case res != nil:
		outs = append(outs, res)
	}
	return e.limit(outs)
}

// PrintValue returns what gophernotes as released (v0.7.5) shows for the
// last cell's final call of one of fmt's print functions, the call's
// results as text/plain (13 <nil>), where our kernel and the engine show
// nothing; "" when the cell does not end in such a call or it failed.
func (e *Interp) PrintValue() string { return e.printValue }

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

// eval runs the cell's chunks in order and returns the values of its last
// expression, if it has one and they are not all nil (see evalLast).
func (e *Interp) eval(src string) (values []any, vars int, err error) {
	written := src
	defer func() {
		if r := recover(); r != nil {
			err = e.goError(written, panicError(r))
		}
	}()
	src, err = e.prepare(src)
	if err != nil {
		return nil, 0, err
	}
	chunks, last := cellsplit.Split(src)
	for _, c := range chunks {
		if err := e.evalChunk(c); err != nil {
			return nil, 0, e.goError(written, evalError(err))
		}
	}
	if last == "" {
		return nil, 0, nil
	}
	if endsWithSemicolon(written) {
		if _, err := e.yi.Eval(last); err != nil {
			return nil, 0, e.goError(written, evalError(err))
		}
		return nil, 0, nil
	}
	if e.endsInPrint(written) {
		if err := e.evalPrint(last); err != nil {
			return nil, 0, e.goError(written, err)
		}
		return nil, 0, nil
	}
	values, vars, err = e.evalLast(last)
	if err != nil {
		return nil, 0, e.goError(written, err)
	}
	if values == nil {
		if err := e.undefinedLast(written, last); err != nil {
			return nil, 0, err
		}
	}
	return values, vars, nil
}

// evalPrint evaluates a cell's last expression, a call of one of fmt's
// print functions, whose results the kernel does not show, and keeps as
// printValue what gophernotes as released shows for them: the byte count
// and the error, as fmt.Sprint writes them (13 <nil>).
func (e *Interp) evalPrint(last string) error {
	e.handed.takeValues()
	prog, err := e.compileQuiet(showName + ".Values(" + last + ")")
	if err != nil {
		// Not the call it looks like: evaluate it as written, which
		// reports the user's own error.
		if _, err := e.yi.Eval(last); err != nil {
			return evalError(err)
		}
		return nil
	}
	if _, err := e.yi.Execute(prog); err != nil {
		return evalError(err)
	}
	if shown := e.handed.takeValues(); len(shown) == 2 {
		e.printValue = fmt.Sprint(shown...)
	}
	return nil
}

// evalChunk evaluates a chunk of the cell: a block as the body of a
// function of its own (see cellsplit.Chunk), declarations together,
// statements as evalStatements does.
func (e *Interp) evalChunk(c cellsplit.Chunk) error {
	switch {
	case c.Block:
		e.blocks++
		name := fmt.Sprintf("__nbcheck_block%d", e.blocks)
		if _, err := e.yi.Eval("func " + name + "() {\n" + c.Src + "\n}"); err != nil {
			return err
		}
		_, err := e.yi.Eval(name + "()")
		return err
	case c.Decl:
		_, err := e.yi.Eval(c.Src)
		if err != nil && strings.Contains(err.Error(), "variable definition loop") {
			return e.varsApart(c.Src)
		}
		return err
	}
	return e.evalStatements(c.Src)
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
